package main

import (
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/heatconf/heatconf/site"
)

type initOptions struct {
	IO      Streams
	Dir     string
	Force   bool
	Secrets string // [render] secrets of the example
}

func newInitCmd(io Streams, runF func(*initOptions) error) *cobra.Command {
	opts := &initOptions{IO: io}
	cmd := &cobra.Command{
		Use:   "init <dir>",
		Short: "Write a complete, commented example site to start from",
		Long: `Init writes <dir>/site.toml, a commented example site (the classic install
guide's deployment with its mistakes fixed), and <dir>/secrets/ with a freshly
generated random value for each secret it refers to (files 0600, directory 0700),
and a .gitignore that keeps secrets/, heat.env and (with inline secrets) out/ out
of git. The example renders as it is; edit the host names and go.

--secrets environment writes a secret-free site ([render] secrets = "environment"):
heat.conf and the scripts hold no secret and can be committed; heat.env holds them
all, for oslo.config's environment source and systemd's EnvironmentFile=.`,
		Example: `  heatconf init mysite
  heatconf render mysite/site.toml --output mysite/out

  # output that can be committed: every secret in out/heat.env
  heatconf init --secrets environment mysite`,
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
	enumFlag(cmd, &opts.Secrets, "secrets", site.SecretsInline, []string{site.SecretsInline, site.SecretsEnvironment},
		"where the example's secrets go: `MODE` inline (heat.conf and scripts) or environment (heat.env only)", nil)
	return cmd
}

func initRun(opts *initOptions) error {
	sitePath, created, err := site.WriteExampleWith(opts.Dir, opts.Force, opts.Secrets)
	if err != nil {
		return fatal(err)
	}
	fmt.Fprintf(opts.IO.Out, "wrote %s and %d new secrets in %s\n", sitePath, created, filepath.Join(opts.Dir, "secrets"))
	if opts.Secrets == site.SecretsEnvironment {
		fmt.Fprintf(opts.IO.Out, "wrote %s: secrets/ and heat.env stay out of git; the rest of the output holds no secret\n", filepath.Join(opts.Dir, ".gitignore"))
	} else {
		fmt.Fprintf(opts.IO.Out, "wrote %s: secrets/, heat.env and out/ stay out of git (with inline secrets every rendered file holds some; init --secrets environment keeps them in heat.env)\n", filepath.Join(opts.Dir, ".gitignore"))
	}
	fmt.Fprintf(opts.IO.Out, "next: heatconf render %s --output %s\n", sitePath, filepath.Join(opts.Dir, "out"))
	return nil
}
