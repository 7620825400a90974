package output

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestJSON(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"html characters as they are", map[string]string{"a": "<b>&</b>"}, "{\n  \"a\": \"<b>&</b>\"\n}\n"},
		{"indented by two spaces", []int{1, 2}, "[\n  1,\n  2\n]\n"},
		{"null", nil, "null\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := JSON(&buf, tt.v); err != nil {
				t.Fatal(err)
			}
			if buf.String() != tt.want {
				t.Errorf("got %q, want %q", buf.String(), tt.want)
			}
		})
	}
	if err := JSON(io.Discard, func() {}); err == nil {
		t.Error("a function encoded without error")
	}
}

func TestCompactJSON(t *testing.T) {
	got, err := CompactJSON("it's <\"x\">\u2028")
	if err != nil {
		t.Fatal(err)
	}
	if want := `"it's <\"x\">\u2028"`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestFormats(t *testing.T) {
	fs := NewFormats(
		Format[int]{Name: "text", Write: func(w io.Writer, n int) error { _, err := io.WriteString(w, strings.Repeat("x", n)); return err }},
		Format[int]{Name: "json", Write: func(w io.Writer, n int) error { return JSON(w, n) }},
	)
	if got := strings.Join(fs.Names(), ","); got != "text,json" {
		t.Errorf("names %s", got)
	}
	if !fs.Has("json") || fs.Has("xml") {
		t.Error("Has")
	}
	var buf bytes.Buffer
	if err := fs.Write(&buf, "text", 3); err != nil || buf.String() != "xxx" {
		t.Errorf("text: %q %v", buf.String(), err)
	}
	err := fs.Write(&buf, "xml", 1)
	var ue *UnknownError
	if !errors.As(err, &ue) || err.Error() != `unknown output format "xml" (formats: text, json)` {
		t.Errorf("unknown format: %v", err)
	}
}

func TestNewFormatsRefusesRepeats(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("a repeated name was accepted")
		}
	}()
	w := func(io.Writer, int) error { return nil }
	NewFormats(Format[int]{Name: "text", Write: w}, Format[int]{Name: "text", Write: w})
}
