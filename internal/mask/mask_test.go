package mask

import "testing"

func TestStructure(t *testing.T) {
	tests := []struct{ in, want string }{
		{"password = hunter2", "password = ****"},
		{"rabbit_password=x", "rabbit_password=****"},
		{"admin_token = t0k", "admin_token = ****"},
		{"transport_url = rabbit://u:p@h:5672,u:q@h2/", "transport_url = rabbit://u:****@h:5672,u:****@h2/"},
		{"IDENTIFIED BY 'a''b';", "IDENTIFIED BY '****';"},
		{`{"heat_password":"x"}`, `{"heat_password":"****"}`},
		{"username = heat", "username = heat"},
		{"memcache_security_strategy = ENCRYPT", "memcache_security_strategy = ENCRYPT"},
	}
	for _, tt := range tests {
		if got := Structure(tt.in); got != tt.want {
			t.Errorf("Structure(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := URLCredentials("see mysql+pymysql://heat:s3cret@db/heat now"); got != "see mysql+pymysql://heat:****@db/heat now" {
		t.Errorf("URLCredentials: %q", got)
	}
}
