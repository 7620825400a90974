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

// TestValidHostName pins the one host-name rule every host of a site is
// held to: RFC 1123 labels, 253 characters, no trailing dot.
func TestValidHostName(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     bool
	}{
		{"short name", "ctl1", true},
		{"FQDN", "ctl1.example.net", true},
		{"upper case", "CTL-2.Example.NET", true},
		{"digits only", "1", true},
		{"label of 63", strings.Repeat("a", 63), true},
		{"253 characters", strings.Repeat("a.", 126) + "a", true},
		{"empty", "", false},
		{"label of 64", strings.Repeat("a", 64), false},
		{"254 characters", strings.Repeat("a.", 126) + "ab", false},
		{"leading hyphen", "-ctl1", false},
		{"trailing hyphen", "ctl1-", false},
		{"hyphen ending a label", "ctl1-.example.net", false},
		{"trailing dot", "ctl1.example.net.", false},
		{"empty label", "ctl..1", false},
		{"leading dot", ".ctl1", false},
		{"underscore", "heat_api", false},
		{"space", "ctl 1", false},
		{"slash", "ctl1/x", false},
		{"non-ASCII", "ctl\u00e9", false},
		{"IPv6 is no name", "::1", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ValidHostName(tc.in); got != tc.want {
				t.Errorf("ValidHostName(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

// TestHostsOfValues: the rule holds for the database host, RabbitMQ and
// memcached hosts and the hosts of the Keystone and Heat URLs, each
// reported once at its key.
func TestHostsOfValues(t *testing.T) {
	for _, tc := range []struct{ name, from, to, want string }{
		{"database host trailing dot", `host = "db"`, `host = "db."`, `database.host: "db." is not a host name or IP address`},
		{"database host underscore", `host = "db"`, `host = "my_db"`, `database.host: "my_db" is not a host name or IP address`},
		{"database host too long", `host = "db"`, `host = "` + strings.Repeat("a.", 127) + `a"`, `is not a host name or IP address`},
		{"rabbit trailing dot", `hosts = ["rabbit"]`, `hosts = ["rabbit.:5672"]`, `messaging.hosts[0]: "rabbit.:5672" is not host[:port]: "rabbit." is not a host name or IP address`},
		{"rabbit trailing hyphen", `hosts = ["rabbit"]`, `hosts = ["rabbit-"]`, `messaging.hosts[0]: "rabbit-" is not host[:port]: "rabbit-" is not a host name or IP address`},
		{"keystone url underscore", `public_url = "http://keystone:5000"`, `public_url = "http://key_stone:5000"`,
			`keystone.public_url: "http://key_stone:5000" is not a usable URL: "key_stone" is not a host name or IP address`},
		{"heat url trailing dot", `heat_public = "http://heat:8004"`, `heat_public = "http://heat.:8004"`,
			`endpoints.heat_public: "http://heat.:8004" is not a usable URL: "heat." is not a host name or IP address; give scheme`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(minimal, tc.from, tc.to, 1)
			_, err := Decode("site.toml", []byte(src))
			var es Errors
			if !errors.As(err, &es) || len(es) != 1 || !strings.Contains(es[0].Error(), tc.want) {
				t.Errorf("%v; want one error containing %q", err, tc.want)
			}
		})
	}
	for _, ok := range []string{`host = "10.0.0.5"`, `host = "fd00::5"`, `host = "db.example.net"`} {
		if _, err := Decode("site.toml", []byte(strings.Replace(minimal, `host = "db"`, ok, 1))); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, ok := range []string{`"rabbit:5672"`, `"[fd00::1]:5672"`, `"[fd00::1]"`, `"10.0.0.1"`} {
		if _, err := Decode("site.toml", []byte(strings.Replace(minimal, `hosts = ["rabbit"]`, "hosts = ["+ok+"]", 1))); err != nil {
			t.Errorf("messaging hosts %s: %v", ok, err)
		}
	}
}

// TestHostKeysAreNotOutputNames: a [hosts] key equal to the name of a file
// render writes beside the hosts' directories (bootstrap-db.sql) would name
// a directory and a file at once: refused at its line, in any case.
func TestHostKeysAreNotOutputNames(t *testing.T) {
	for _, key := range append(ReservedHostKeys(), "Bootstrap-DB.sql", "HEAT.CONF") {
		src := minimal + "\n[hosts.\"" + key + "\"]\nbind_host = \"10.0.0.1\"\n"
		line := strings.Count(minimal, "\n") + 2
		_, err := Decode("site.toml", []byte(src))
		var es Errors
		if !errors.As(err, &es) || len(es) != 1 {
			t.Errorf("[hosts.%s]: %v; want one site error", key, err)
			continue
		}
		if e := es[0]; e.Line != line || !strings.Contains(e.Msg, "is the name of an output file") {
			t.Errorf("[hosts.%s]: %q; want it at line %d", key, e.Error(), line)
		}
	}
}
