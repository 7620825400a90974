package upgrade

import (
	"cmp"
	"slices"
	"strings"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/secret"
	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/schema/releases"
)

// span is what the plan compares beyond the options the files set: every
// option of the target, against the release the files are for, as one
// net change per option over the path (an option whose default goes
// 60 -> none -> 60 changes nothing), dated from the release since which
// it holds without a break.
type span struct {
	path []stop
	cfg  *conf.Config
	// sets are the options the files set, by canonical group and name,
	// as any release of the path reads them: the files decide those.
	sets map[[2]string]bool
	// at is each release of the path's position, by label.
	at map[string]int

	ec2 int // where the path starts to need the [ec2authtoken] credentials (-1: it does not)
	// policy is the release from which the new policy defaults apply, and
	// the options of it the files leave unset ("" and none: no change).
	policy     string
	policyOpts []string
	wsgi       string // the release from which the APIs run only under a WSGI server ("" if not crossed)
}

func newSpan(path []stop, cfg *conf.Config, settings []setting) *span {
	n := &span{path: path, cfg: cfg, sets: map[[2]string]bool{}, at: map[string]int{}, ec2: -1}
	for i, s := range path {
		n.at[label(s.rel)] = i
	}
	for _, st := range settings {
		n.sets[[2]string{conf.NormalizeGroup(st.group), st.key}] = true
		for _, s := range path {
			if m, ok := s.reg.Lookup(st.group, st.key, authType(cfg, s.reg, st.group)); ok {
				n.sets[[2]string{m.Option.Group, m.Option.Name}] = true
			}
		}
	}
	first, last := path[0], path[len(path)-1]
	if !first.reg.LoadsPlugin(ec2Group) && last.reg.LoadsPlugin(ec2Group) {
		keys := make([]bool, len(path))
		for i, s := range path {
			keys[i] = s.reg.LoadsPlugin(ec2Group)
		}
		n.ec2 = since(keys)
	}
	n.policyChange()
	if first.rel.HeatMajor < 25 && last.rel.HeatMajor >= 25 {
		for _, s := range path {
			if s.rel.HeatMajor >= 25 {
				n.wsgi = label(s.rel)
				break
			}
		}
	}
	return n
}

// policyChange finds where the path turns on the policy options the
// files leave unset: from a release whose default is false to one whose
// default is true, or that has no such option (oslo.policy 6.0.0 removed
// enforce_scope: scope is always enforced).
func (n *span) policyChange() {
	first := n.path[0].reg
	for _, name := range policyOptions {
		if n.sets[[2]string{"oslo_policy", name}] {
			continue
		}
		o := own(first, &schema.Option{Group: "oslo_policy", Name: name})
		if o == nil || defaultKey(o) != "false" {
			continue
		}
		on := make([]bool, len(n.path))
		for i, s := range n.path {
			x := own(s.reg, o)
			on[i] = x == nil || defaultKey(x) == "true"
		}
		if !on[len(on)-1] {
			continue
		}
		if r := label(n.path[since(on)].rel); n.policy == "" || n.at[r] < n.at[n.policy] {
			n.policy = r
		}
		n.policyOpts = append(n.policyOpts, name)
	}
}

// own is the option a registry registers under the name of o, or, when
// it has none, under one of o's deprecated names (the option o renames).
func own(reg *schema.Registry, o *schema.Option) *schema.Option {
	find := func(group, name string) *schema.Option {
		if m, ok := reg.Lookup(group, name, ""); ok && m.Via == "" && m.Option.Plugin == "" {
			return m.Option
		}
		return nil
	}
	if x := find(o.Group, o.Name); x != nil {
		return x
	}
	for _, a := range o.Deprecated {
		if x := find(cmp.Or(a.Group, o.Group), a.Name); x != nil {
			return x
		}
	}
	return nil
}

// changes records the net change of every option of the target the files
// leave unset: new limits and changed ones, changed defaults, and new
// options of Heat whose default does something. Each option is visited
// once, so none appears twice in the plan.
func (p *Plan) changes(n *span) {
	first, last := n.path[0].reg, n.path[len(n.path)-1].reg
	for _, g := range last.Groups() {
		for _, o := range last.Options(g) {
			if o.Plugin != "" || n.sets[[2]string{o.Group, o.Name}] {
				continue
			}
			old := own(first, o)
			if old != nil && defaultKey(old) == defaultKey(o) {
				continue // no net change
			}
			keys := make([]string, len(n.path))
			for i, s := range n.path {
				keys[i] = defaultKey(own(s.reg, o))
			}
			release := label(n.path[since(keys)].rel)
			fact, isLimit := limitFacts[o.Name]
			isLimit = isLimit && o.Group == "DEFAULT"
			switch {
			case o.Group == "oslo_policy" && slices.Contains(policyOptions, o.Name):
				// the policy step explains it
			case isLimit && (old != nil || active(o)):
				p.Limits = append(p.Limits, Limit{Release: release, Group: o.Group, Name: o.Name, Counts: fact.counts,
					Old: typedDefault(old), New: typedDefault(o), AdminExempt: fact.admin, Source: fact.source})
			case old != nil:
				p.Defaults = append(p.Defaults, DefaultChange{Release: release, Group: o.Group, Name: o.Name, Type: o.Type,
					Old: typedDefault(old), New: typedDefault(o)})
			case o.Group == ec2Group && n.ec2 >= 0:
				// the [ec2authtoken] requirement says what comes with it
			case strings.HasPrefix(o.Namespace, "heat") && active(o):
				p.Added = append(p.Added, NewOption{Release: release, Group: o.Group, Name: o.Name, Type: o.Type,
					Default: typedDefault(o), Help: o.Help})
			}
		}
	}
	byPath := func(a, b string) int { return cmp.Compare(n.at[a], n.at[b]) }
	slices.SortStableFunc(p.Limits, func(a, b Limit) int { return byPath(a.Release, b.Release) })
	slices.SortStableFunc(p.Defaults, func(a, b DefaultChange) int { return byPath(a.Release, b.Release) })
	slices.SortStableFunc(p.Added, func(a, b NewOption) int { return byPath(a.Release, b.Release) })
}

// requirements records what the target needs that the files lack.
func (p *Plan) requirements(n *span) {
	if n.ec2 < 0 {
		return
	}
	r := Requirement{Release: label(n.path[n.ec2].rel), Group: ec2Group, Why: ec2Why, Source: srcEC2,
		Title: "Heat's service credentials in [ec2authtoken] (keystoneauth), or EC2/CloudFormation signatures fail"}
	set := func(group, key string) (string, bool) {
		e, ok := n.cfg.Lookup(group, key)
		if !ok {
			return "", false
		}
		v, _ := conf.Unescape(e.Value)
		return strings.TrimSpace(v), true
	}
	if v, ok := set(ec2Group, "multi_cloud"); ok {
		if b, _ := conf.ParseBool(v); b {
			r.Title = "keystoneauth credentials for each cloud: [ec2authtoken] clouds and one [ec2authtoken.<cloud>] section each, or EC2/CloudFormation signatures fail"
			_, r.Met = set(ec2Group, "clouds")
			if !r.Met {
				r.Write = append([]string{"[ec2authtoken]", "clouds = CLOUD", "", "[ec2authtoken.CLOUD]"}, ec2Lines(set)...)
			}
			p.Requirements = append(p.Requirements, r)
			return
		}
	}
	for _, k := range []string{"auth_type", "auth_plugin", "auth_section"} {
		if _, ok := set(ec2Group, k); ok {
			r.Met = true
		}
	}
	if !r.Met {
		r.Write = append([]string{"[ec2authtoken]"}, ec2Lines(set)...)
	}
	p.Requirements = append(p.Requirements, r)
}

// ec2Lines are the [ec2authtoken] credentials to write: the Heat service
// user of [keystone_authtoken] in its own words (a domain by id where it
// names it by id), the install guide's where it has none; never a secret
// (a password in a URL is masked).
func ec2Lines(set func(group, key string) (string, bool)) []string {
	var out []string
	for _, k := range ec2Keys {
		key, v := k.key, k.fallback
		switch {
		case key == "password":
		case strings.HasSuffix(key, "_domain_name"):
			id := strings.TrimSuffix(key, "_name") + "_id"
			if x, ok := set("keystone_authtoken", key); ok && x != "" {
				v = x
			} else if x, ok := set("keystone_authtoken", id); ok && x != "" {
				key, v = id, x
			}
		default:
			if x, ok := set("keystone_authtoken", key); ok && x != "" && !strings.Contains(x, "$") {
				v = secret.URLCredentials(x)
			}
		}
		out = append(out, key+" = "+v)
	}
	return out
}

// steps lays out the route: before it, a backup; for each upgrade of it,
// what changes around the configuration, the configuration's own changes,
// `heat-manage db_sync` and `heat-status upgrade check`.
func (p *Plan) steps(n *span) {
	p.Steps = append(p.Steps, Step{Kind: "backup", Title: "Back up the heat database, and read the release notes of every release on the route",
		Detail: "Heat's upgrade guide: back up the database before an upgrade; the notes name what heatconf cannot see (templates, resource types, client behaviour).",
		Source: srcUpgrade})
	hopOf := func(release string) int {
		v := versionOf(release)
		for i, h := range p.Route.Hops {
			if releases.CompareVersions(v, versionOf(h.To)) <= 0 {
				return i
			}
		}
		return len(p.Route.Hops) - 1
	}
	config := make([][]string, len(p.Route.Hops))
	note := func(release, what string) {
		i := hopOf(release)
		config[i] = append(config[i], what)
	}
	for _, it := range p.Renamed {
		note(it.Release, "rename ["+it.Group+"] "+it.Name+" to "+it.New)
	}
	for _, it := range p.Removed {
		note(it.Release, "["+it.Group+"] "+it.Name+" is gone")
	}
	for _, it := range p.Deprecated {
		note(it.Release, "["+it.Group+"] "+it.Name+" is deprecated")
	}
	for _, r := range p.Requirements {
		if !r.Met {
			note(r.Release, "add the ["+r.Group+"] credentials")
		}
	}
	for i, h := range p.Route.Hops {
		if n.policy != "" && hopOf(n.policy) == i {
			p.Steps = append(p.Steps, n.policyStep(h.To))
		}
		if n.wsgi != "" && hopOf(n.wsgi) == i {
			p.Steps = append(p.Steps, Step{Release: h.To, Kind: "wsgi", Title: "Run heat-api and heat-api-cfn under a WSGI server",
				Detail: wsgiDetail, Source: srcWSGI})
		}
		if len(config[i]) > 0 {
			files := strings.Join(p.Files, " ")
			p.Steps = append(p.Steps, Step{Release: h.To, Kind: "config", Title: "Update heat.conf for " + h.To + ": " + strings.Join(config[i], "; "),
				Commands: []string{"heatconf upgrade " + files + " --from " + h.From + " --to " + h.To + " --fix",
					"heatconf lint --release " + h.To + " " + files}})
		}
		p.Steps = append(p.Steps,
			Step{Release: h.To, Kind: "db_sync", Title: "Upgrade the database schema with the code of " + h.To,
				Detail: dbSyncDetail, Commands: []string{"heat-manage db_sync"}, Source: srcUpgrade},
			Step{Release: h.To, Kind: "upgrade_check", Title: "Check that " + h.To + " is ready to start",
				Detail: statusDetail, Commands: []string{"heat-status upgrade check"}, Source: srcStatus})
	}
}

// policyStep explains the new policy defaults, and what of them the
// target lets one turn off.
func (n *span) policyStep(release string) Step {
	last := n.path[len(n.path)-1].reg
	var off []string
	for _, name := range policyOptions {
		if own(last, &schema.Option{Group: "oslo_policy", Name: name}) != nil {
			off = append(off, name+" = false")
		}
	}
	detail := policyDetail
	if len(off) < len(policyOptions) {
		detail += " " + policyGone
	}
	if len(off) > 0 {
		detail += " To keep the old rules for a while, write [oslo_policy] " + strings.Join(off, " and ") + " in heat.conf."
	}
	if e, ok := n.cfg.Lookup("oslo_policy", "policy_file"); ok {
		detail += " This file names a policy file (policy_file = " + e.Value + "): review its rules."
	}
	return Step{Release: release, Kind: "policy",
		Title:  "Give users the roles the new policy defaults require ([oslo_policy] " + strings.Join(n.policyOpts, " and ") + " on from " + n.policy + ")",
		Detail: detail, Commands: policyCommands, Source: srcPolicy}
}

// versionOf is the Heat version a release label means ("" if none).
func versionOf(name string) string {
	r, err := releases.Lookup(name)
	if err != nil {
		return ""
	}
	return heatOf(r)
}
