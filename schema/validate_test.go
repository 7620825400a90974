package schema

import "testing"

// TestValidateOptions checks Option.Validate on real options.
func TestValidateOptions(t *testing.T) {
	reg := embedded(t, "2025.1")
	tests := []struct {
		group, key, value string
		ok                bool
	}{
		{"DEFAULT", "debug", "True", true},
		{"DEFAULT", "debug", "maybe", false},
		{"DEFAULT", "num_engine_workers", "010", true},
		{"DEFAULT", "num_engine_workers", "four", false},
		{"DEFAULT", "default_deployment_signal_transport", "HEAT_SIGNAL", true},
		{"DEFAULT", "default_deployment_signal_transport", "heat_signal", false},
		{"DEFAULT", "max_nova_api_microversion", "2.79", true},
		{"DEFAULT", "max_nova_api_microversion", "3.1", false},
		{"keystone_authtoken", "memcache_security_strategy", "MAC", true},
		{"keystone_authtoken", "memcache_security_strategy", "mac", true}, // ignore_case=True
		{"keystone_authtoken", "memcache_security_strategy", "none ", false},
		{"heat_api", "bind_port", "8004", true},
		{"heat_api", "bind_port", "80040", false},
		{"keystone_authtoken", "memcached_servers", "a:11211,b:11211", true},
	}
	for _, tt := range tests {
		m, ok := reg.Lookup(tt.group, tt.key, "")
		if !ok {
			t.Fatalf("[%s] %s not found", tt.group, tt.key)
		}
		if err := m.Option.Validate(tt.value); (err == nil) != tt.ok {
			t.Errorf("[%s] %s = %q: error %v, want ok=%v", tt.group, tt.key, tt.value, err, tt.ok)
		}
	}
}
