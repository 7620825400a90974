package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/heatconf/heatconf/internal/atomicfile"
	"github.com/heatconf/heatconf/internal/env"
	"github.com/heatconf/heatconf/probe"
	"github.com/heatconf/heatconf/site"
)

// probeOptions are the inputs of `heatconf probe`.
type probeOptions struct {
	IO  Streams
	Env env.Lookup

	Cloud     string
	Flags     probe.Credentials
	Region    string
	Interface string
	Configs   []string
	EnvFile   string // --env-file
	SitePath  string
	Access    site.Access // what the site may read beyond the default
	TLS       probe.TLS

	Format       string
	Output       string
	Timeout      time.Duration
	CheckTimeout time.Duration
	Wait         time.Duration
	CreateStack  bool

	listen listenFlags

	timeoutSet bool
	color      bool
	// interval between --wait attempts (tests shorten it)
	interval time.Duration
}

func newProbeCmd(io Streams, env env.Lookup, runF func(*probeOptions) error) *cobra.Command {
	opts := &probeOptions{IO: io, Env: env}
	cmd := &cobra.Command{
		Use:   "probe [flags]",
		Short: "Check a running Heat: Keystone, catalog, stack domain, APIs and every engine",
		Long: `Probe checks a deployed Heat from the outside, all checks at once, each with a
verdict (ok, warn, fail, skip, or error when it could not be checked), its time
and, unless it passed, what to do:

  Keystone version discovery and a v3 token; the catalog's orchestration and
  cloudformation endpoints (public, internal, admin in the region, the project
  in orchestration URLs, the URLs the site or heat.conf expect); the heat user
  and its role; the stack domain, its admin and the admin's password; the
  stack roles; heat.conf's [trustee] credentials; heat-api and heat-api-cfn
  (version documents, /healthcheck, Www-Authenticate); every heat-engine; an
  EC2-signed request through heat-api-cfn; with --create-stack a tiny stack.

Credentials, first that applies: --os-cloud; --os-* flags over the OS_*
environment; --config-file heat.conf ([keystone_authtoken], heat's own user);
OS_CLOUD; OS_* (an openrc); --site (the site's heat user). --site compares
what is deployed with what was rendered; --config-file compares ports and the
www_authenticate_uri and tries the domain admin's and [trustee] passwords.
Secrets are never printed.

Exit codes: 0 healthy (warnings allowed), 1 a check failed, 2 usage error,
3 could not run or could not check. With --format nagios: 0 OK, 1 WARNING,
2 CRITICAL, 3 UNKNOWN. See docs/probe.md for every check id.`,
		Example: `  # as the cloud admin, with an openrc
  source admin-openrc && heatconf probe

  # on a controller, as heat itself, comparing with the rendered site
  heatconf probe --config-file /etc/heat/heat.conf --site /srv/heatconf/site.toml

  # from a deploy job: wait up to 2 minutes for Heat to come up after a restart
  heatconf probe --os-cloud prod --wait 2m --format json > probe.json

  # Nagios/Icinga, and node_exporter's textfile collector
  heatconf probe --os-cloud prod --format nagios
  heatconf probe --os-cloud prod --format prometheus --output /var/lib/node_exporter/heat.prom`,
		// the arguments are checked in RunE, so that a usage error is
		// reported in the format asked for (heatconf_probe_up 0)
		Args: cobra.ArbitraryArgs,
		RunE: func(c *cobra.Command, args []string) (err error) {
			// a panic is a probe that could not run: one line, exit 3,
			// heatconf_probe_up 0 -- never a stack trace
			defer func() {
				if r := recover(); r != nil {
					err = probeFatal(opts, probe.Recovered(r))
				}
			}()
			opts.timeoutSet = c.Flags().Changed("timeout")
			oldFlagName(c, "config", "--config-file")
			opts.color = wantColor(c, opts.IO.Out, opts.Env)
			err = exactArgs(0, "no arguments (options only)")(c, args)
			if err == nil {
				err = validateProbe(opts)
			}
			if err != nil {
				if opts.Format == "nagios" {
					fmt.Fprintln(opts.IO.Out, probe.NagiosUnknownLine(err))
					return silentExit(probe.NagiosUnknown)
				}
				return probeDown(opts, err)
			}
			if runF != nil {
				return runF(opts)
			}
			if opts.listen.Listen != "" {
				return probeListen(opts)
			}
			return probeRun(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Cloud, "os-cloud", "", "use cloud `NAME` of clouds.yaml")
	f.StringVar(&opts.Flags.AuthURL, "os-auth-url", "", "Keystone `URL` (overrides OS_AUTH_URL)")
	f.StringVar(&opts.Flags.Username, "os-username", "", "user `NAME` (overrides OS_USERNAME)")
	f.StringVar(&opts.Flags.Password, "os-password", "", "`PASSWORD` (visible to other users in ps: prefer OS_PASSWORD)")
	f.StringVar(&opts.Flags.ProjectName, "os-project-name", "", "project `NAME` to scope the token to")
	f.StringVar(&opts.Flags.ProjectID, "os-project-id", "", "project `ID` to scope the token to")
	f.StringVar(&opts.Flags.UserDomainName, "os-user-domain-name", "", "the user's domain `NAME`")
	f.StringVar(&opts.Flags.ProjectDomainName, "os-project-domain-name", "", "the project's domain `NAME`")
	f.StringVar(&opts.Region, "os-region-name", "", "`REGION` of the endpoints (default: OS_REGION_NAME, heat.conf, the site, or the only one)")
	f.StringVar(&opts.Interface, "os-interface", "", "which `{public|internal|admin}` endpoints to call (default OS_INTERFACE, else public)")
	f.StringArrayVar(&opts.Configs, "config-file", nil, "heat.conf `FILE` (repeatable, later files win): heat's credentials and settings")
	f.StringArrayVar(&opts.Configs, "config", nil, "the old name of --config-file")
	f.StringVar(&opts.EnvFile, "env-file", "", "the environment `FILE` of a secret-free heat.conf (OS_<GROUP>__<OPTION>); default: heat.env beside the last --config-file")
	f.MarkHidden("config")
	f.StringVar(&opts.SitePath, "site", "", "site `FILE` to compare the deployment with")
	siteAccessFlags(cmd, &opts.Access, "the --site file")
	f.StringVar(&opts.TLS.CACert, "cacert", "", "trust the CAs in `FILE` (PEM) instead of the system's")
	f.StringVar(&opts.TLS.Cert, "cert", "", "client certificate `FILE` (PEM)")
	f.StringVar(&opts.TLS.Key, "key", "", "client key `FILE` (PEM)")
	f.BoolVar(&opts.TLS.Insecure, "insecure", false, "do not verify server certificates (not for production)")
	enumFlag(cmd, &opts.Format, "format", "text", probe.Formats(), "output `FORMAT`", map[string]string{"table": "text"})
	f.StringVarP(&opts.Output, "output", "o", "", "write the report to `FILE` atomically instead of standard output")
	f.DurationVar(&opts.Timeout, "timeout", 30*time.Second, "deadline of the whole probe (default 2m with --create-stack)")
	f.DurationVar(&opts.CheckTimeout, "check-timeout", 10*time.Second, "deadline of each check")
	f.DurationVar(&opts.Wait, "wait", 0, "retry until healthy for up to `DURATION` (progress on stderr)")
	f.BoolVar(&opts.CreateStack, "create-stack", false, "also create and delete a tiny stack")
	f.StringVar(&opts.listen.Listen, "listen", "", "serve a Prometheus exporter on `[HOST:]PORT` (loopback unless a host is given): /probe?target=NAME and /metrics")
	f.StringArrayVar(&opts.listen.Targets, "target", nil, "with --listen: target `NAME=HEAT.CONF` to probe with that heat.conf (repeatable); clouds.yaml's clouds are targets too")
	f.DurationVar(&opts.listen.MinInterval, "min-interval", 30*time.Second, "with --listen: serve a target's result again for this long before probing it anew")
	return cmd
}

func validateProbe(o *probeOptions) error {
	switch {
	case o.Timeout <= 0:
		return usageErrorf("--timeout must be positive (got %s)", o.Timeout)
	case o.CheckTimeout <= 0:
		return usageErrorf("--check-timeout must be positive (got %s)", o.CheckTimeout)
	case o.Wait < 0:
		return usageErrorf("--wait must not be negative (got %s)", o.Wait)
	case (o.TLS.Cert == "") != (o.TLS.Key == ""):
		return usageErrorf("--cert and --key go together")
	case o.listen.Listen == "" && (len(o.listen.Targets) > 0):
		return usageErrorf("--target goes with --listen")
	case o.listen.Listen != "" && (o.Wait > 0 || o.Output != "" || o.Cloud != "" || len(o.Configs) > 0):
		return usageErrorf("--listen serves /probe?target=NAME: --wait, --output, --os-cloud and --config-file do not go with it (a target is a cloud of clouds.yaml or a --target NAME=HEAT.CONF)")
	case o.listen.MinInterval < 0:
		return usageErrorf("--min-interval must not be negative (got %s)", o.listen.MinInterval)
	}
	if o.Interface != "" {
		i := strings.TrimSuffix(strings.ToLower(o.Interface), "url")
		if i != "public" && i != "internal" && i != "admin" {
			return usageErrorf("--os-interface %q: want public, internal or admin", o.Interface)
		}
	}
	if o.CreateStack && !o.timeoutSet {
		o.Timeout = 2 * time.Minute
	}
	return nil
}

// probeFatal reports a probe that could not run: exit 3, or UNKNOWN; with
// --format prometheus, heatconf_probe_up 0 is written first.
func probeFatal(o *probeOptions, err error) error {
	if o.Format == "nagios" {
		fmt.Fprintln(o.IO.Out, probe.NagiosUnknownLine(err))
		return silentExit(probe.NagiosUnknown)
	}
	return probeDown(o, fatal(err))
}

func probeRun(o *probeOptions) error {
	req := probe.Request{
		Sources:      probe.Sources{Env: probe.Env(o.Env), Cloud: o.Cloud, Flags: o.Flags, Region: o.Region, Interface: o.Interface, TLS: o.TLS},
		SitePath:     o.SitePath,
		Configs:      o.Configs,
		EnvFile:      o.EnvFile,
		SiteEnv:      o.Env,
		SiteAccess:   o.Access,
		CheckTimeout: o.CheckTimeout,
		CreateStack:  o.CreateStack,
		Warn:         func(s string) { fmt.Fprintln(o.IO.Err, "heatconf: warning: "+s) },
		Wait: probe.WaitOptions{Timeout: o.Timeout, Wait: o.Wait, Interval: o.interval,
			Progress: func(n int, r *probe.Report, next time.Duration) {
				fmt.Fprintf(o.IO.Err, "heatconf: attempt %d: %s (not healthy: %s); again in %s\n", n, r.Summary(),
					strings.Join(append(r.Failing(probe.Fail), r.Failing(probe.Error)...), ", "), next)
			},
			GaveUp: func(n int, r *probe.Report, why string) {
				fmt.Fprintf(o.IO.Err, "heatconf: gave up after %d %s: %s; the last: %s (not healthy: %s)\n", n,
					map[bool]string{true: "attempt", false: "attempts"}[n == 1], why, r.Summary(),
					strings.Join(append(r.Failing(probe.Fail), r.Failing(probe.Error)...), ", "))
			}},
	}
	res, err := probe.Do(context.Background(), req)
	switch {
	case errors.Is(err, probe.ErrNoCredentials) && o.Format != "nagios":
		return probeDown(o, usageErrorf("%v", err))
	case err != nil:
		return probeFatal(o, err)
	}
	tty := isTerminal(o.IO.Out) && o.Output == ""
	f, _ := probe.NewFormatter(o.Format, probe.FormatOptions{TTY: tty, Color: tty && o.color})
	var buf bytes.Buffer
	if err := f.Write(&buf, res.Report); err != nil {
		return probeFatal(o, errors.New(res.Redact.Message(err.Error())))
	}
	if o.Output != "" {
		if err := atomicfile.WriteFile(o.Output, buf.Bytes(), 0o644); err != nil {
			return probeFatal(o, err)
		}
		fmt.Fprintf(o.IO.Err, "heatconf: %s written to %s\n", res.Report.Summary(), filepath.Clean(o.Output))
	} else if _, err := o.IO.Out.Write(buf.Bytes()); err != nil {
		return fatal(err)
	}
	code := res.Report.ExitCode()
	if o.Format == "nagios" {
		code = probe.NagiosCode(res.Report)
	}
	if code == exitOK {
		return nil
	}
	return silentExit(code)
}
