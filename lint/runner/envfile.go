package runner

import (
	"os"
	"path/filepath"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/boundedread"
	"github.com/heatconf/heatconf/internal/envfile"
	"github.com/heatconf/heatconf/internal/nolink"
	"github.com/heatconf/heatconf/lint"
)

// EnvFileName is the environment file a secret-free render writes beside
// heat.conf ([render] secrets = "environment"): the secrets oslo.config
// reads from the environment as OS_<GROUP>__<OPTION>, before heat.conf.
// Lint reads it with the heat.conf beside it unless --env-file names one.
const EnvFileName = "heat.env"

// envFileFor is the environment file of a unit whose first file is
// first: explicit when given, else heat.env beside first when it exists.
func envFileFor(explicit, first string) string {
	if explicit != "" {
		return explicit
	}
	if first == "" {
		return ""
	}
	p := filepath.Join(filepath.Dir(first), EnvFileName)
	if _, err := os.Lstat(p); err == nil {
		return p
	}
	return ""
}

// loadEnvFile reads an environment file as the File of oslo.config's
// environment source (conf.Environment), data when it is not nil, or
// the finding that says why it cannot be read: it is root's alone on a
// host (0600), and linting without it would report its secrets as
// missing. final reads it only if it is not a symbolic link (a heat.env
// the repository holds, found beside heat.conf).
func loadEnvFile(path string, data []byte, final bool) (*conf.File, *lint.Finding) {
	var err error
	switch {
	case data != nil:
	case final:
		data, err = nolink.ReadFinal(path, boundedread.ConfMax)
	default:
		data, err = boundedread.ReadFile(path, boundedread.ConfMax)
	}
	if err != nil {
		fd := lint.UnreadableFinding(path, err)
		fd.Message += " (the environment file of heat.conf: run as root, or name another with --env-file)"
		return nil, &fd
	}
	vars, err := envfile.Parse(data)
	if err != nil {
		return nil, &lint.Finding{File: path, Line: 1, Column: 1, Rule: lint.ParseErrorRule, Severity: lint.Error,
			Message: "systemd would drop lines of this environment file: " + err.Error()}
	}
	cv := make([]conf.EnvVar, len(vars))
	for i, v := range vars {
		cv[i] = conf.EnvVar(v)
	}
	return conf.Environment(path, data, cv), nil
}
