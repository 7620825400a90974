package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/heatconf/heatconf/internal/atomicfile"
	"github.com/heatconf/heatconf/site"
)

type initOptions struct {
	IO    Streams
	Dir   string
	Force bool
}

func newInitCmd(io Streams, runF func(*initOptions) error) *cobra.Command {
	opts := &initOptions{IO: io}
	cmd := &cobra.Command{
		Use:   "init <dir>",
		Short: "Write a complete, commented example site to start from",
		Long: `Init writes <dir>/site.toml, a commented example site (the classic install
guide's deployment with its mistakes fixed), and <dir>/secrets/ with a freshly
generated random value for each secret it refers to (files 0600, directory 0700).
The example renders as it is; edit the host names and go.`,
		Example: `  heatconf init mysite
  heatconf render mysite/site.toml --out mysite/out`,
		Args: exactArgs(1, "a directory to write the example into"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Dir = args[0]
			if runF != nil {
				return runF(opts)
			}
			return initRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Force, "force", false, "overwrite an existing site.toml (existing secrets are kept)")
	return cmd
}

func initRun(opts *initOptions) error {
	sitePath := filepath.Join(opts.Dir, "site.toml")
	if _, err := os.Stat(sitePath); err == nil && !opts.Force {
		return fatal(fmt.Errorf("%s exists; use --force to overwrite it", sitePath))
	}
	secrets := filepath.Join(opts.Dir, "secrets")
	if err := os.MkdirAll(secrets, 0o700); err != nil {
		return fatal(fmt.Errorf("creating %s: %w", secrets, err))
	}
	if err := os.Chmod(secrets, 0o700); err != nil {
		return fatal(fmt.Errorf("securing %s: %w", secrets, err))
	}
	created := 0
	for _, name := range site.ExampleSecretFiles() {
		p := filepath.Join(secrets, name)
		if _, err := os.Stat(p); err == nil {
			continue // never replace a secret: it may already be deployed
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fatal(fmt.Errorf("checking %s: %w", p, err))
		}
		v, err := site.GeneratePassword(32)
		if err != nil {
			return fatal(err)
		}
		if err := atomicfile.WriteFile(p, []byte(v+"\n"), 0o600); err != nil {
			return fatal(err)
		}
		created++
	}
	if err := atomicfile.WriteFile(sitePath, site.ExampleTOML, 0o644); err != nil {
		return fatal(err)
	}
	fmt.Fprintf(opts.IO.Out, "wrote %s and %d new secrets in %s\nnext: heatconf render %s --out %s\n",
		sitePath, created, secrets, sitePath, filepath.Join(opts.Dir, "out"))
	return nil
}
