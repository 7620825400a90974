package env

import "testing"

func TestLookup(t *testing.T) {
	m := Map(map[string]string{"A": "1", "EMPTY": ""})
	tests := []struct {
		name   string
		l      Lookup
		key    string
		want   string
		wantOK bool
	}{
		{"set", m, "A", "1", true},
		{"set and empty", m, "EMPTY", "", true},
		{"unset", m, "B", "", false},
		{"none", None, "A", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, ok := tt.l(tt.key)
			if v != tt.want || ok != tt.wantOK {
				t.Errorf("got %q %v", v, ok)
			}
			if g := tt.l.Get(tt.key); g != tt.want {
				t.Errorf("Get %q", g)
			}
		})
	}
	var nilLookup Lookup
	if nilLookup.Get("A") != "" {
		t.Error("a nil Lookup has a variable")
	}
}
