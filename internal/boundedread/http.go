package boundedread

// The caps on what probe reads from Keystone and Heat beyond one answer
// (HTTPBodyMax): a server that answers page after page, or many checks at
// once, must not make it hold hundreds of MB.
const (
	// HTTPListPagesMax bounds the pages of one listing (links.next):
	// Keystone answers a list in one page (list_limit truncates it rather
	// than paging it), and the probe lists by name.
	HTTPListPagesMax = 100
	// HTTPListMax bounds all the pages of one listing together: as much as
	// one answer may hold.
	HTTPListMax int64 = HTTPBodyMax
	// HTTPRunMax bounds every answer of one probe run together: a real run
	// reads well under 1 MB (the token's catalog is the largest answer).
	HTTPRunMax int64 = 2 * HTTPBodyMax
)
