package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/heatconf/heatconf/internal/escape"
	"github.com/heatconf/heatconf/lint/runner"
	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/upgrade"
)

type upgradeOptions struct {
	IO      Streams
	Options upgrade.Options
	Format  string
	Fix     bool
	Diff    bool
}

func newUpgradeCmd(io Streams, runF func(*upgradeOptions) error) *cobra.Command {
	opts := &upgradeOptions{IO: io}
	cmd := &cobra.Command{
		Use:   "upgrade FILE... --to RELEASE [--from RELEASE]",
		Short: "Plan the move of a heat.conf to a newer Heat release",
		Long: `Upgrade lists, for one service's heat.conf (and its drop-ins, given in the
order oslo.config reads them), what changes on the way from one release to
another, across every release in between that heatconf has option data for:

  options the file sets that are renamed (with the new name), removed (with
  what replaces them) or deprecated for removal; defaults that change under
  options it leaves unset, old and new value; and what lint finds in the file
  on the target release.

--from defaults to the release of a .heatconf.toml found upward from the
first file, else to what the file's own options say (it is told which).
--format markdown writes a checklist to paste into a change ticket. --fix
applies the mechanical renames of the target release (--diff shows them).

Exit codes: 0 nothing to change, 1 the file needs changes, 2 usage error,
3 could not run.`,
		Example: `  heatconf upgrade /etc/heat/heat.conf --from zed --to 2025.1
  heatconf upgrade heat.conf --from 2022.2 --to 2025.1 --format markdown > upgrade.md
  heatconf upgrade heat.conf --to 2025.1 --fix --diff     # preview the renames`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageErrorf("upgrade needs the heat.conf file(s) of one service\nRun 'heatconf upgrade --help' for usage.")
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			opts.Options.Paths = args
			switch {
			case opts.Options.To == "":
				return usageErrorf("upgrade needs --to RELEASE (known: %s)", strings.Join(schema.ReleaseNames(), ", "))
			case opts.Diff && !opts.Fix:
				return usageErrorf("--diff shows what --fix would change; use it with --fix")
			}
			if runF != nil {
				return runF(opts)
			}
			return upgradeRun(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Options.From, "from", "", "the `RELEASE` the file is for (default: .heatconf.toml, else the file's own evidence)")
	f.StringVar(&opts.Options.To, "to", "", "the `RELEASE` to upgrade to")
	formatFlag(cmd, &opts.Format, upgrade.Formats())
	f.BoolVar(&opts.Fix, "fix", false, "rename the options the target release reads under new names, keeping every other line")
	f.BoolVar(&opts.Diff, "diff", false, "with --fix: print the renames as a diff instead of writing")
	for _, name := range []string{"from", "to"} {
		cmd.RegisterFlagCompletionFunc(name, lazyCompletion(schema.ReleaseNames))
	}
	return cmd
}

func upgradeRun(opts *upgradeOptions) error {
	if opts.Fix {
		rep, err := upgrade.FixRenames(opts.Options)
		if err != nil {
			return upgradeError(err)
		}
		err = writeFixes(opts.IO, rep.Fixed, fixWrite{Diff: opts.Diff, Written: func(f runner.FixedFile) {
			fmt.Fprintf(opts.IO.Err, "heatconf: renamed %d options in %s\n", f.Fixes, escape.Printable(f.Path))
		}})
		if err != nil {
			return err
		}
		if opts.Diff {
			return nil
		}
	}
	plan, err := upgrade.Run(opts.Options)
	if err != nil {
		return upgradeError(err)
	}
	if err := upgrade.Write(opts.IO.Out, opts.Format, plan); err != nil {
		return fatal(err)
	}
	if plan.Changes() > 0 {
		return silentExit(exitFindings)
	}
	return nil
}

// upgradeError is a usage error for a release mistake, else fatal.
func upgradeError(err error) error {
	if errors.Is(err, schema.ErrUnknownRelease) || errors.Is(err, upgrade.ErrSameRelease) || strings.Contains(err.Error(), "downgrade") {
		return usageErrorf("%v", err)
	}
	return fatal(err)
}
