package schemaview

import "testing"

func TestParseRef(t *testing.T) {
	reg := embedded(t, "2026.2")
	tests := []struct {
		name, in, group, option string
		authType                string
	}{
		{"dotted", "DEFAULT.debug", "DEFAULT", "debug", ""},
		{"group alone", "DEFAULT", "DEFAULT", "", ""},
		{"ini header", "[DEFAULT] debug", "DEFAULT", "debug", ""},
		{"ini header alone", "[oslo_policy]", "oslo_policy", "", ""},
		{"space", "DEFAULT debug", "DEFAULT", "debug", ""},
		{"slash", "DEFAULT/debug", "DEFAULT", "debug", ""},
		{"surrounding space", "  DEFAULT.debug ", "DEFAULT", "debug", ""},
		{"dynamic group", "ec2authtoken.prod", "ec2authtoken.prod", "", ""},
		{"option of a dynamic group", "ec2authtoken.prod.auth_url", "ec2authtoken.prod", "auth_url", ""},
		{"option wins over a cloud of that name", "ec2authtoken.timeout", "ec2authtoken", "timeout", ""},
		{"unknown name under a dynamic group", "ec2authtoken.nosuch", "ec2authtoken.nosuch", "", ""},
		{"unknown option of a plain group", "database.nosuch", "database", "nosuch", ""},
		{"header with a dynamic group's option", "[ec2authtoken] timeout", "ec2authtoken", "timeout", ""},
		{"plugin option of the auth type shown", "ec2authtoken.application_credential_secret", "ec2authtoken", "application_credential_secret", "v3applicationcredential"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, o := ParseRef(reg, tt.in, tt.authType)
			if g != tt.group || o != tt.option {
				t.Errorf("ParseRef(%q) = %q, %q; want %q, %q", tt.in, g, o, tt.group, tt.option)
			}
		})
	}
}
