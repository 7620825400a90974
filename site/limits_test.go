package site

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/heatconf/heatconf/internal/testenv"
)

// TestDeepKeysRefusedBeforeDecoding: a site file made to cost the TOML
// decoder the square of its key depth (a 10,000-part dotted key is 20 KB
// and cost 1.4 GB and 6 s; 40 KB cost 3.2 GB) is refused in milliseconds,
// at the key's line and column, before the decoder or the position index
// read it. The cost is bounded in processor time and allocation, not on the
// wall clock: a busy machine cannot fail it, and the decoder's cost would
// exceed both bounds many times over.
func TestDeepKeysRefusedBeforeDecoding(t *testing.T) {
	tests := []struct {
		name, add, want string
	}{
		{"20 KB dotted key", "[overrides.DEFAULT]\n" + strings.Repeat("a.", 9_999) + "a = 1\n",
			"site.toml:19:1: a key 10002 parts deep: heatconf reads at most 32"},
		{"40 KB dotted key", "[overrides]\n" + strings.Repeat("a.", 19_999) + "a = 1\n",
			"site.toml:19:1: a key 20001 parts deep"},
		{"nested inline tables", "[overrides.DEFAULT]\nx = " + strings.Repeat("{a = ", 10_000) + "1" + strings.Repeat("}", 10_000) + "\n",
			"site.toml:19:151: a key 33 parts deep"},
		{"table header", "[" + strings.Repeat("a.", 10_000) + "a]\n", "site.toml:18:1: a table name of 10001 parts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := minimal + "\n" + tt.add
			var err error
			cpu, alloc := testenv.Cost(t, func() { _, err = Decode("site.toml", []byte(src)) })
			t.Logf("refused in %v of processor time, %d KB allocated", cpu, alloc>>10)
			if cpu > time.Second || alloc > 64<<20 {
				t.Errorf("refusing took %v of processor time and allocated %d MB", cpu, alloc>>20)
			}
			// the message is the pre-decode scan's: the decoder has none
			// like it
			var e *Error
			if !errors.As(err, &e) || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("err = %.300v, want %q...", err, tt.want)
			}
		})
	}
}
