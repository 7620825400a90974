package suggest

import "testing"

func TestClosest(t *testing.T) {
	keys := []string{"password", "port", "host", "name", "user", "allowed_hosts", "tls", "ca_file"}
	tests := []struct {
		word, want string
		ok         bool
	}{
		{"pasword", "password", true},
		{"passwrod", "password", true},
		{"Password", "password", true},
		{"hots", "host", true},
		{"allowed_host", "allowed_hosts", true},
		{"cafile", "ca_file", true},
		{"zzzzzzzz", "", false},
		{"password", "", false}, // an exact match is no suggestion
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := Closest(tt.word, keys)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Closest(%q) = %q, %v; want %q, %v", tt.word, got, ok, tt.want, tt.ok)
		}
	}
	if _, ok := Closest("x", nil); ok {
		t.Error("Closest with no candidates found one")
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"a", "", 2}, {"abc", "abc", 0}, {"abc", "abd", 2}, {"abc", "Abc", 1}, {"ab", "ba", 2}, {"kitten", "sitting", 6},
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
