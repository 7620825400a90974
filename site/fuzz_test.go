package site

import (
	"fmt"
	"strings"
	"testing"
)

func fmtAll(v any) string { return fmt.Sprintf("%v %+v %#v %s", v, v, v, v) }

// FuzzDecode: no input may panic the decoder, and every error must name the
// file and say something.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(minimal))
	f.Add(ExampleTOML)
	f.Add([]byte("[database]\npasword = 1\n"))
	f.Add([]byte("[[keystone.stack_owners]]\nuser = 'a'\n[hosts.x]\nbind_host = '::1'\n"))
	f.Add([]byte("a = \"\"\"\n[x]\n\"\"\"\n[overrides.DEFAULT]\nk = [1, {}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Decode("fuzz.toml", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.toml") {
				t.Fatalf("error without the file name: %v", err)
			}
			return
		}
		_ = s.Resolve(func(string) (string, bool) { return "0123456789abcdef0123456789abcdef", true })
		_ = indexKeys(string(data))
	})
}
