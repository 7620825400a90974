package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/heatconf/heatconf/internal/escape"
	"github.com/heatconf/heatconf/lint/runner"
	"github.com/heatconf/heatconf/schema/releases"
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
		Long: `Upgrade plans the move of one service's heat.conf (and its drop-ins, given in
the order oslo.config reads them) from one Heat release to another:

  the supported route (OpenStack supports an upgrade to the next series and
  from a SLURP series to the next SLURP series: the releases to pass through),
  and around each upgrade heat-manage db_sync, heat-status upgrade check and
  what changes around the configuration (policy defaults and the roles they
  require, servers); what the target requires that the file lacks (from Heat
  24.1.1 the [ec2authtoken] credentials) with the lines to write; the limits
  Heat starts to enforce; and the net change of every option over the path:
  options the file sets that are renamed, removed or deprecated, defaults that
  change under options it leaves unset, new options whose defaults change what
  Heat does; then what lint finds in the file on the target release.

A release is a series (2025.1, epoxy) or a Heat version (24.1.1): a point
release's option data is used where heatconf has it. --from defaults to the
release of a .heatconf.toml found upward from the first file, else to what the
file's own options say (it is told which). --format markdown writes a task
list to paste into a change ticket; --format json is versioned (docs/upgrade.md).
--fix applies lint's fixes of the target release for its errors and warnings:
renames (a removed option that one option replaces is renamed, not deleted),
removals and the other mechanical fixes (--diff shows them).

Exit codes: 0 nothing to change, 1 the file needs changes, 2 usage error,
3 could not run.`,
		Example: `  heatconf upgrade /etc/heat/heat.conf --from zed --to 2025.1
  heatconf upgrade heat.conf --from 2022.2 --to 2025.1 --format markdown > upgrade.md
  heatconf upgrade heat.conf --from 2025.1 --to 24.1.1    # a point release
  heatconf upgrade heat.conf --to 2026.2 --fix --diff     # preview the fixes`,
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
				return usageErrorf("upgrade needs --to RELEASE (known: %s)", strings.Join(releases.Names(), ", "))
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
	f.BoolVar(&opts.Fix, "fix", false, "apply lint's fixes of the target release for its errors and warnings (renames too), keeping every other line")
	f.BoolVar(&opts.Diff, "diff", false, "with --fix: print the fixes as a diff instead of writing")
	for _, name := range []string{"from", "to"} {
		cmd.RegisterFlagCompletionFunc(name, lazyCompletion(releases.Names))
	}
	return cmd
}

func upgradeRun(opts *upgradeOptions) error {
	note := ""
	if opts.Fix && opts.Options.From == "" && !opts.Diff {
		// the release the files are for, told by them before the fixes
		// make them the target's
		before, err := upgrade.Run(opts.Options)
		if err != nil {
			return upgradeError(err)
		}
		opts.Options.From, note = before.From, before.FromNote
	}
	if opts.Fix {
		rep, err := upgrade.Fix(opts.Options)
		if err != nil {
			return upgradeError(err)
		}
		err = writeFixes(opts.IO, rep.Fixed, fixWrite{Diff: opts.Diff, Written: func(f runner.FixedFile) {
			fmt.Fprintf(opts.IO.Err, "heatconf: applied %d fixes of %s to %s\n", f.Fixes, rep.Release, escape.Printable(f.Path))
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
	if note != "" {
		plan.FromNote = note
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
	if errors.Is(err, releases.ErrUnknown) || errors.Is(err, upgrade.ErrSameRelease) || strings.Contains(err.Error(), "downgrade") {
		return usageErrorf("%v", err)
	}
	return fatal(err)
}
