package secret

import (
	"regexp"
	"slices"
	"testing"
)

// iniSecretRE is what maskAssignments scans for, as a regular
// expression: the judge of the scan.
var iniSecretRE = regexp.MustCompile(`(?im)^([ \t]*[-+ ]?[ \t]*([^\s=:#;\[{"']*)[ \t]*[=:][ \t]*)(\S.*)$`)

func maskAssignmentsRE(s string, keys []string) string {
	return iniSecretRE.ReplaceAllStringFunc(s, func(line string) string {
		m := iniSecretRE.FindStringSubmatchIndex(line)
		key := line[m[4]:m[5]]
		if !IsKey(key) && !slices.Contains(keys, key) {
			return line
		}
		return line[:m[3]] + Mask
	})
}

func TestMaskAssignmentsAsTheRegexp(t *testing.T) {
	for _, s := range []string{
		"", "password = x", "  - password = x\n+ password=y\r\n", "password =", "password = \t", "password=\r",
		"[DEFAULT]\npassword: s3cret\nuser = heat", "-password=x", "+-password=x", "password == x",
		"pass\fword = x", "password\t=\tx y z", "# password = x", "a=b\npassword=c\n\npassword = d\n",
		"password=\xff\xfe", "pässword = x", "transport_url = rabbit://u:p@h", `"password": "x"`, "password = 'x'",
		"\npassword=x\n", "password ", "=x", "  =  x", "password=\f x",
	} {
		for _, keys := range [][]string{nil, {"backend_argument", "user"}} {
			if got, want := maskAssignments(s, keys), maskAssignmentsRE(s, keys); got != want {
				t.Errorf("%q (keys %q): scan %q, regexp %q", s, keys, got, want)
			}
		}
	}
}

func FuzzMaskAssignments(f *testing.F) {
	for _, s := range []string{"password = x\n", " - password=y\r\nuser: z", "a=b\n\tsecret :  c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		keys := []string{"user"}
		if got, want := maskAssignments(s, keys), maskAssignmentsRE(s, keys); got != want {
			t.Fatalf("%q: scan %q, regexp %q", s, got, want)
		}
	})
}
