// Package secret is heatconf's one policy for secrets: which names hold
// one, when a value is too weak to be one, and the redactor that is the
// last line of defence for text heatconf prints.
//
// The first line of defence is elsewhere: messages are built from typed
// values that print as Mask (site.Secret), so a secret never reaches a
// message. The redactor then replaces, in free-text fields only, the
// secrets it knows in every escaped form a heatconf output gives them
// (heat.conf, URL, SQL, shell, JSON), and masks what stands where a secret
// stands (a password key's value, a URL's password). It is never applied
// to identifiers: check ids, metric names, paths, option and role names.
//
// A secret that is short or a common word ("heat", "admin", "password"),
// or equal to a name in its context (a user, project, domain or service),
// is weak: lint reports it, and the redactor does not replace its text
// blindly, which would turn every "heat" of a report into stars and tell
// the reader the password by the pattern of stars.
package secret

import (
	"slices"
	"strings"
	"sync"

	"github.com/heatconf/heatconf/internal/escape"
	"github.com/heatconf/heatconf/internal/output"
)

// Mask is what a secret is shown as.
const Mask = "****"

// MinLen is the length below which a secret is weak.
const MinLen = 8

// IsKey reports whether an option, field or variable named name holds a
// secret: a password or passphrase, a secret, a token, a credential or a
// key (auth_encryption_key, memcache_secret_key, "key"). Option data that
// marks an option secret adds to this; names alone decide where no option
// data is at hand (a diff, an error line).
func IsKey(name string) bool {
	l := strings.ToLower(strings.ReplaceAll(name, "-", "_"))
	switch {
	case strings.Contains(l, "pass"), strings.Contains(l, "secret"), strings.Contains(l, "credential"):
		return true
	case l == "token", strings.HasSuffix(l, "_token"):
		return true
	case l == "key", strings.HasSuffix(l, "_key"):
		return true
	}
	return false
}

// commonWords are passwords that guides, labs and defaults use; any
// secret among them (case-insensitively) is weak whatever its length.
var commonWords = []string{
	"admin", "cloud", "default", "guest", "heat", "keystone", "letmein", "mysql", "openstack",
	"pass", "passw0rd", "password", "password1", "qwerty", "qwertyuiop", "rabbit", "rabbitmq", "root",
	"secret", "service", "stack", "swordfish", "test", "changeme", "change_me", "change-me",
	"123456", "12345678", "123456789",
}

// Weak says why value is too weak to be a secret, or "" when it is not:
// shorter than MinLen, a common password, or equal (case-insensitively) to
// one of names, the identifiers of its context.
func Weak(value string, names ...string) string {
	l := strings.ToLower(value)
	for _, n := range names {
		if n != "" && strings.EqualFold(n, value) {
			return "it is the name " + n
		}
	}
	if slices.Contains(commonWords, l) {
		return "it is a common password"
	}
	if base := strings.TrimRight(l, "0123456789!@#$.-_"); base != l && len(l) < 16 && slices.Contains(commonWords, base) {
		return "it is a common word with digits"
	}
	if IsPlaceholder(value) {
		return "it is a placeholder"
	}
	if len([]rune(value)) < MinLen {
		return "it is shorter than 8 characters"
	}
	return ""
}

// IsPlaceholder reports the placeholders of install guides and templates:
// HEAT_PASS, RABBIT_DBPASS, <service_password>, {{ heat_password }},
// ${HEAT_PASSWORD}.
func IsPlaceholder(v string) bool {
	if len(v) >= 2 && (v[0] == '<' && v[len(v)-1] == '>' || strings.HasPrefix(v, "{{") && strings.HasSuffix(v, "}}") ||
		strings.HasPrefix(v, "${") && strings.HasSuffix(v, "}")) {
		return true
	}
	if strings.Trim(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != "" {
		return false
	}
	for _, w := range []string{"PASS", "SECRET", "KEY", "TOKEN", "CHANGE"} {
		if strings.Contains(v, w) {
			return true
		}
	}
	return false
}

// Redactor hides known secrets in every form heatconf writes them, and
// what stands where a secret stands. It is safe for concurrent use; the
// zero value and nil know no secret and still mask by structure.
type Redactor struct {
	mu      sync.Mutex
	values  []string
	names   []string
	keys    []string          // more names of keys that hold secrets
	forms   []string          // every form of each strong secret, longest first (see forms)
	r       *strings.Replacer // built when a text first holds one of forms
	version int
	built   int
}

// New returns a Redactor for secrets; names are the identifiers of the
// context (users, projects, domains, services), which are never masked: a
// secret equal to one of them, or otherwise weak, is not replaced blindly.
func New(secrets []string, names ...string) *Redactor {
	r := &Redactor{names: names}
	r.Add(secrets...)
	return r
}

// Add makes more secrets known (a token, an EC2 secret a check obtained).
func (r *Redactor) Add(secrets ...string) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range secrets {
		if s != "" && !slices.Contains(r.values, s) {
			r.values = append(r.values, s)
			r.version++
		}
	}
}

// AddKeys makes more option names count as holding secrets in Document:
// options the option data marks secret although their name does not say
// so (oslo.cache's backend_argument).
func (r *Redactor) AddKeys(keys ...string) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.keys = append(r.keys, keys...)
}

// Message redacts a free-text message: the known secrets in every form,
// and URL passwords.
func (r *Redactor) Message(s string) string {
	return URLCredentials(r.replace(s))
}

// Document redacts configuration or script text (a diff, a fixed line): the
// known secrets in every form, and every value standing where a secret
// stands (see Structure).
func (r *Redactor) Document(s string) string {
	if r == nil {
		return Structure(s)
	}
	r.mu.Lock()
	keys := r.keys
	r.mu.Unlock()
	return structure(r.replace(s), keys)
}

func (r *Redactor) replace(s string) string {
	if r == nil || s == "" {
		return s
	}
	r.mu.Lock()
	if r.built != r.version || r.forms == nil {
		r.forms, r.r = forms(r.values, r.names), nil
		r.built = r.version
	}
	fs := r.forms
	r.mu.Unlock()
	// most texts hold no secret: a scan for each form is cheaper than
	// building the replacer, which is made once a text needs it
	if !slices.ContainsFunc(fs, func(f string) bool { return strings.Contains(s, f) }) {
		return s
	}
	r.mu.Lock()
	if r.r == nil {
		pairs := make([]string, 0, 2*len(r.forms))
		for _, f := range r.forms {
			pairs = append(pairs, f, Mask)
		}
		r.r = strings.NewReplacer(pairs...)
	}
	rep := r.r
	r.mu.Unlock()
	return rep.Replace(s)
}

// forms lists every form of each strong secret, longest first, so that a
// secret inside another's escaped form leaves nothing showing.
func forms(values, names []string) []string {
	var forms []string
	for _, v := range values {
		if Weak(v, names...) != "" {
			continue
		}
		for _, f := range Forms(v) {
			if !slices.Contains(forms, f) {
				forms = append(forms, f)
			}
		}
	}
	slices.SortFunc(forms, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	if forms == nil {
		forms = []string{} // made, with nothing to replace
	}
	return forms
}

// Forms lists the texts s takes in heatconf's outputs and inputs: as it
// is, after oslo.config's "$" escaping (heat.conf), percent-encoded (URLs),
// inside an SQL string, inside a single-quoted shell word, inside a JSON
// string, and inside a JSON string inside a shell word.
func Forms(s string) []string {
	out := []string{s, escape.Subst(s), escape.URLUserinfo(s)}
	if v, err := escape.SQLString(s); err == nil {
		out = append(out, v[1:len(v)-1])
	}
	if v, err := escape.ShellWord(s); err == nil {
		out = append(out, strings.TrimSuffix(strings.TrimPrefix(v, "'"), "'"))
	}
	if v, err := output.CompactJSON(s); err == nil {
		inner := v[1 : len(v)-1]
		out = append(out, inner)
		if w, err := escape.ShellWord(inner); err == nil {
			out = append(out, strings.TrimSuffix(strings.TrimPrefix(w, "'"), "'"))
		}
	}
	var uniq []string
	for _, f := range out {
		if f != "" && !slices.Contains(uniq, f) {
			uniq = append(uniq, f)
		}
	}
	return uniq
}
