package probe

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/boundedread"
	"github.com/heatconf/heatconf/internal/env"
	"github.com/heatconf/heatconf/internal/envfile"
	"github.com/heatconf/heatconf/internal/secret"
	"github.com/heatconf/heatconf/site"
)

// Request is one `heatconf probe`: where the settings come from (Sources,
// plus the site file and heat.conf files to read) and how long to try.
type Request struct {
	Sources
	SitePath string   // --site
	Configs  []string // --config-file, later files win
	// EnvFile is the environment file of a secret-free heat.conf
	// (--env-file), read after Configs as oslo.config reads the services'
	// environment before them; "" reads the heat.env beside the last
	// heat.conf, if there is one.
	EnvFile string
	// SiteEnv resolves the site's env: secrets (os.LookupEnv in production).
	SiteEnv env.Lookup
	// SiteAccess is what else the site may read (see site.Access).
	SiteAccess site.Access

	CheckTimeout time.Duration
	CreateStack  bool
	Wait         WaitOptions
	// Warn is told what the user should know before the run (--insecure).
	Warn func(string)
}

// withEnvFile merges the environment file of a secret-free heat.conf
// after cfg: path, or the heat.env beside last when path is "" and there
// is one.
func withEnvFile(cfg *conf.Config, path, last string) (*conf.Config, error) {
	if path == "" {
		p := filepath.Join(filepath.Dir(last), "heat.env")
		if _, err := os.Lstat(p); err != nil {
			return cfg, nil
		}
		path = p
	}
	data, err := boundedread.ReadFile(path, boundedread.ConfMax)
	if err != nil {
		return nil, fmt.Errorf("reading the environment file of heat.conf: %w", err)
	}
	vars, err := envfile.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	cv := make([]conf.EnvVar, len(vars))
	for i, v := range vars {
		cv[i] = conf.EnvVar(v)
	}
	return conf.Merge(append(cfg.Files, conf.Environment(path, data, cv))...), nil
}

// Outcome is what a Request gave: the report, or the error that stopped
// it, already redacted. Redact hides the request's secrets in other text
// the caller prints.
type Outcome struct {
	Report *Report
	Redact *secret.Redactor
}

// Do reads the site and heat.conf, resolves the credentials and probes
// until healthy or out of time. An error wrapping ErrNoCredentials is a
// usage error; any other means the probe could not run. Errors never
// carry a secret.
func Do(ctx context.Context, req Request) (*Outcome, error) {
	src := req.Sources
	var siteSecrets, siteNames []string
	if req.SitePath != "" {
		s, err := site.LoadWith(req.SitePath, req.SiteEnv, req.SiteAccess)
		if err != nil {
			return nil, site.Counted(err)
		}
		src.Site, siteSecrets, siteNames = s, s.SecretValues(), s.Names()
	}
	if len(req.Configs) > 0 {
		var sources []conf.Source
		for _, c := range req.Configs {
			sources = append(sources, conf.Source{ConfigFile: c})
		}
		cfg, err := conf.LoadArgs(sources)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", strings.Join(req.Configs, ", "), err)
		}
		if cfg, err = withEnvFile(cfg, req.EnvFile, req.Configs[len(req.Configs)-1]); err != nil {
			return nil, err
		}
		src.HeatConf, src.ConfPath = cfg, req.Configs[len(req.Configs)-1]
	}
	res, err := Resolve(src)
	if errors.Is(err, ErrNoCredentials) {
		return nil, err
	}
	var secrets []string
	if res != nil {
		secrets = res.Secrets
	}
	secrets = append(siteSecrets, secrets...)
	out := &Outcome{Redact: secret.New(secrets, siteNames...)}
	if err != nil {
		return out, errors.New(out.Redact.Message(err.Error()))
	}
	if res.TLS.Insecure && req.Warn != nil {
		req.Warn(firstOf(res.InsecureFrom, "--insecure") + ": server certificates are not verified; anyone on the path can read the credentials")
	}
	opts := Options{
		Credentials:  res.Credentials,
		TLS:          res.TLS,
		BaseTLS:      res.TLSConfig,
		Expect:       res.Expect,
		Region:       res.Region,
		Interface:    res.Interface,
		CheckTimeout: req.CheckTimeout,
		CreateStack:  req.CreateStack,
		StackTimeout: req.Wait.Timeout - req.Wait.Timeout/10,
		Secrets:      secrets,
	}
	out.Report, err = RunUntilHealthy(ctx, opts, req.Wait)
	if err != nil {
		return out, errors.New(out.Redact.Message(err.Error()))
	}
	return out, nil
}
