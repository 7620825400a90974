package schema

import "testing"

func TestTitle(t *testing.T) {
	tests := []struct {
		name string
		reg  *Registry
		want string
	}{
		{"release", embedded(t, "zed"), "2022.2 (zed), Heat 19.0.0"},
		{"loaded from a file", &Registry{name: "my-heat.yaml"}, "my-heat.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.reg.Title(); got != tt.want {
				t.Errorf("Title() = %q; want %q", got, tt.want)
			}
		})
	}
}
