package tty

import (
	"os"
	"strings"
	"testing"
)

func TestColor(t *testing.T) {
	devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer devnull.Close()
	env := func(kv ...string) func(string) (string, bool) {
		return func(k string) (string, bool) {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1], true
				}
			}
			return "", false
		}
	}
	for _, tc := range []struct {
		name string
		mode string
		env  func(string) (string, bool)
		want bool
	}{
		{"always wins over NO_COLOR", "always", env("NO_COLOR", "1"), true},
		{"never", "never", env(), false},
		{"auto on /dev/null is no terminal", "auto", env(), false},
		{"auto with NO_COLOR", "auto", env("NO_COLOR", "1"), false},
		{"empty NO_COLOR does not count", "", env("NO_COLOR", ""), false},
		{"TERM=dumb", "auto", env("TERM", "dumb"), false},
		{"FORCE_COLOR off a terminal", "auto", env("FORCE_COLOR", "1"), true},
		{"FORCE_COLOR with any value", "", env("FORCE_COLOR", "0"), true},
		{"empty FORCE_COLOR does not count", "auto", env("FORCE_COLOR", ""), false},
		{"NO_COLOR wins over FORCE_COLOR", "auto", env("FORCE_COLOR", "1", "NO_COLOR", "1"), false},
		{"FORCE_COLOR wins over TERM=dumb", "auto", env("FORCE_COLOR", "1", "TERM", "dumb"), true},
		{"never wins over FORCE_COLOR", "never", env("FORCE_COLOR", "1"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Color(tc.mode, devnull, tc.env); got != tc.want {
				t.Errorf("Color(%q) = %v, want %v", tc.mode, got, tc.want)
			}
		})
	}
	if IsTerminal(devnull) || IsTerminal(&strings.Builder{}) {
		t.Error("/dev/null or a buffer counted as a terminal")
	}
}
