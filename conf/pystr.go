package conf

import "github.com/heatconf/heatconf/internal/pystr"

// The Python str operations of oslo.config's parser live in internal/pystr
// (shared with schema and lint); these names keep the parser readable and
// let the differential test (oslo_test.go) reach them.
var (
	isPySpace       = pystr.IsSpace
	pyRStrip        = pystr.RStrip
	pyLStrip        = pystr.LStrip
	pyStrip         = pystr.Strip
	pyLower         = pystr.Lower
	isCased         = pystr.IsCased
	isCaseIgnorable = pystr.IsCaseIgnorable
)
