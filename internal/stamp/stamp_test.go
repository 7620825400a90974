package stamp

import "testing"

func TestReadWhatLineWrites(t *testing.T) {
	for _, s := range []Stamp{
		{Heat: "24.0.0", Series: "2025.1", Codename: "epoxy"},
		{Heat: "24.1.1", Series: "2025.1", Codename: "epoxy"},
		{Heat: "15.0.0", Series: "2020.2", Codename: "victoria"},
	} {
		data := []byte(s.Line() + "\n" + RenderedBy + "site.toml. Do not edit.\n\n[DEFAULT]\n")
		got, ok := Read(data)
		if !ok || got != s {
			t.Errorf("Read(%q) = %+v, %v; want %+v", data, got, ok, s)
		}
		if len(s.Line())+1+len(RenderedBy) > HeadSize {
			t.Errorf("%q and the next line's start do not fit in HeadSize", s.Line())
		}
	}
}

func TestReadIsStrict(t *testing.T) {
	const second = "\n# Rendered by heatconf from site.toml.\n"
	tests := []struct {
		name, data string
	}{
		{"empty", ""},
		{"line alone", "# heat.conf for Heat 24.0.0 (OpenStack 2025.1 epoxy)"},
		{"no second line", "# heat.conf for Heat 24.0.0 (OpenStack 2025.1 epoxy)\n[DEFAULT]\n"},
		{"older render's header", "# heat.conf for OpenStack 2025.1 (epoxy, Heat 24).\n# Rendered by heatconf from site.toml.\n"},
		{"major only", "# heat.conf for Heat 24 (OpenStack 2025.1 epoxy)" + second},
		{"two parts", "# heat.conf for Heat 24.1 (OpenStack 2025.1 epoxy)" + second},
		{"not on line 1", "\n# heat.conf for Heat 24.0.0 (OpenStack 2025.1 epoxy)" + second},
		{"leading space", " # heat.conf for Heat 24.0.0 (OpenStack 2025.1 epoxy)" + second},
		{"trailing space", "# heat.conf for Heat 24.0.0 (OpenStack 2025.1 epoxy) " + second},
		{"CRLF", "# heat.conf for Heat 24.0.0 (OpenStack 2025.1 epoxy)\r" + second},
		{"BOM", "\ufeff# heat.conf for Heat 24.0.0 (OpenStack 2025.1 epoxy)" + second},
		{"upper-case code name", "# heat.conf for Heat 24.0.0 (OpenStack 2025.1 Epoxy)" + second},
		{"text after", "# heat.conf for Heat 24.0.0 (OpenStack 2025.1 epoxy), host a" + second},
		{"huge version", "# heat.conf for Heat 240000.0.0 (OpenStack 2025.1 epoxy)" + second},
		{"second line by hand", "# heat.conf for Heat 24.0.0 (OpenStack 2025.1 epoxy)\n# rendered by heatconf from site.toml.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if s, ok := Read([]byte(tt.data)); ok {
				t.Errorf("Read(%q) = %+v, want no stamp", tt.data, s)
			}
		})
	}
}

func FuzzRead(f *testing.F) {
	f.Add([]byte((Stamp{"24.1.1", "2025.1", "epoxy"}).Line() + "\n" + RenderedBy + "x\n"))
	f.Add([]byte("# heat.conf for Heat 1.2.3 (OpenStack 2000.1 a)\n# Rendered by heatconf from "))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, ok := Read(data)
		if !ok {
			return
		}
		// what Read accepts, Line writes back as the first line
		if got := s.Line() + "\n"; len(data) < len(got) || string(data[:len(got)]) != got {
			t.Errorf("Read(%q) = %+v, whose Line is not the file's first line", data, s)
		}
	})
}
