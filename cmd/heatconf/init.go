package main

import (
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

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
  heatconf render mysite/site.toml --output mysite/out`,
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
	sitePath, created, err := site.WriteExample(opts.Dir, opts.Force)
	if err != nil {
		return fatal(err)
	}
	fmt.Fprintf(opts.IO.Out, "wrote %s and %d new secrets in %s\nnext: heatconf render %s --output %s\n",
		sitePath, created, filepath.Join(opts.Dir, "secrets"), sitePath, filepath.Join(opts.Dir, "out"))
	return nil
}
