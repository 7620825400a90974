//go:build unix

package conf

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/internal/boundedread"
	"github.com/heatconf/heatconf/internal/testenv"
)

// TestHostileFiles: a heat.conf, drop-in or --config-dir that is a named
// pipe or a device fails (or, for a directory, lists nothing) at once.
func TestHostileFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "heat.conf")
	testenv.Mkfifo(t, fifo)
	big := filepath.Join(dir, "big.conf")
	if err := os.WriteFile(big, make([]byte, boundedread.ConfMax+1), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		call func() error
		want error
		msg  string
	}{
		{"ParseFile named pipe", func() error { _, err := ParseFile(fifo); return err },
			boundedread.ErrNotRegular, fifo + " is a named pipe, not a file"},
		{"ParseFile /dev/zero", func() error { _, err := ParseFile("/dev/zero"); return err },
			boundedread.ErrNotRegular, "/dev/zero is a character device, not a file"},
		{"ParseFile too large", func() error { _, err := ParseFile(big); return err },
			boundedread.ErrTooLarge, "is larger than 16 MiB"},
		{"LoadArgs --config-file named pipe", func() error {
			_, err := LoadArgs([]Source{{ConfigFile: fifo}})
			return err
		}, boundedread.ErrNotRegular, "is a named pipe"},
		{"--config-dir named pipe lists nothing", func() error {
			files, err := ConfigDirFiles(fifo)
			if err == nil && len(files) > 0 {
				return errors.New("listed files")
			}
			return err
		}, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := testenv.Within(t, tt.call)
			if tt.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("error = %v, want %q", err, tt.msg)
			}
		})
	}
}
