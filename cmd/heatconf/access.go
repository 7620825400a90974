package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/heatconf/heatconf/site"
)

// allowEnvFlag is --allow-env: repeatable, each value a variable name or a
// prefix followed by "*", checked when the command line is parsed.
type allowEnvFlag struct{ list *[]string }

func (f allowEnvFlag) String() string { return strings.Join(*f.list, ",") }
func (f allowEnvFlag) Type() string   { return "NAME" }
func (f allowEnvFlag) Set(v string) error {
	if err := site.CheckEnvName(v); err != nil {
		return err
	}
	*f.list = append(*f.list, v)
	return nil
}

// siteAccessFlags adds the flags by which the operator, and only the
// operator, lets a site file read more than it may by default (see
// site.Access): the site file may come from a pull request, so nothing in
// it can widen what it reads. links says what --follow-symlinks covers.
func siteAccessFlags(c *cobra.Command, a *site.Access, links string) {
	f := c.Flags()
	f.StringArrayVar(&a.SecretDirs, "secrets-dir", nil, "let the site's file: secrets come from `DIR` too, not only from the site file's directory (repeatable)")
	f.Var(allowEnvFlag{&a.Env}, "allow-env", "let the site's env: secrets name the variable `NAME` (or NAME_PREFIX_*), not only HEATCONF_* ones (repeatable)")
	f.BoolVar(&a.FollowSymlinks, "follow-symlinks", false, "follow symbolic links in the path of "+links+" (a repository can commit a link, so heatconf refuses them by default)")
}
