package site

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestHostKeysAreHostNames: a [hosts] key names the directory its host's
// files are rendered into, so anything but a host name is refused where it
// is written, and shown escaped.
func TestHostKeysAreHostNames(t *testing.T) {
	for _, key := range []string{
		`"ctl1/../../.."`, `".."`, `"."`, `"ctl1/x"`, `"/etc"`, `"ctl1\n[DEFAULT]"`, `"ctl\u001b[2J"`, `"ctl\u202e1"`,
		`"ctl 1"`, `"-ctl1"`, `"ctl1-"`, `"ctl1."`, `"ctl..1"`, `"c\\tl"`, `"ctl\u00e9"`, `""`, `"` + strings.Repeat("a", 64) + `"`,
		`'ctl1\..\..'`,
	} {
		src := minimal + "\n# hosts\n[hosts." + key + "]\nbind_host = \"10.0.0.1\"\n"
		line := strings.Count(minimal, "\n") + 3
		_, err := Decode("site.toml", []byte(src))
		var es Errors
		if !errors.As(err, &es) || len(es) != 1 {
			t.Errorf("[hosts.%s]: %v; want one site error", key, err)
			continue
		}
		e := es[0]
		if e.Line != line || !strings.Contains(e.Msg, "is not a host name") || !strings.HasPrefix(e.Error(), fmt.Sprintf("site.toml:%d:", line)) {
			t.Errorf("[hosts.%s]: %q; want it at line %d", key, e.Error(), line)
		}
		for _, r := range e.Error() {
			if r < 0x20 || r >= 0x7f {
				t.Errorf("[hosts.%s]: the message carries %U: %q", key, r, e.Error())
				break
			}
		}
	}
	for _, key := range []string{"ctl1", "CTL-2", `"ctl3.example.net"`, "1", strings.Repeat("a", 63)} {
		src := minimal + "[hosts." + key + "]\n"
		if _, err := Decode("site.toml", []byte(src)); err != nil {
			t.Errorf("[hosts.%s]: %v", key, err)
		}
	}
	src := minimal + "[hosts.ctl1]\n[hosts.CTL1]\n"
	if _, err := Decode("site.toml", []byte(src)); err == nil || !strings.Contains(err.Error(), "only in case") {
		t.Errorf("ctl1 and CTL1: %v", err)
	}
}

// TestHostNamesAreHostNames: [hosts.X] name goes into [DEFAULT] host and a
// comment; it is held to the same rule.
func TestHostNamesAreHostNames(t *testing.T) {
	for _, name := range []string{`ctl1\n[DEFAULT]`, `ctl1;touch x`, `ctl1/..`, `a b`, `ctl\u202e1`} {
		src := minimal + "[hosts.ctl1]\nname = \"" + name + "\"\n"
		_, err := Decode("site.toml", []byte(src))
		want := fmt.Sprintf("site.toml:%d:1: hosts.ctl1.name: ", strings.Count(minimal, "\n")+2)
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("name %s: %v; want %q...", name, err, want)
		}
	}
}
