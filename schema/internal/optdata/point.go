package optdata

import "fmt"

// A pointRelease adds options that a later point release of a series has
// and the packaged version lacks, while the build has no data of that point
// release itself. Debian trixie ships Heat 24.0.0, but the release heatconf
// renders for is 2025.1 as upstream maintains it: Heat 24.1.1 (commit
// 0242c28d5, the fix for OSSA-2025-002, Keystone now authenticating POST
// /v3/ec2tokens) registers keystoneauth's auth, session and adapter options
// in [ec2authtoken], as Heat 26 and 27 do.
//
// Once schema/data has the point release's own data, the additions are no
// longer made: the first release's data is then exactly what it read, and
// the registry learns from the point release's data which options Heat
// reads only from that version on.
type pointRelease struct {
	base    string // the Heat version whose data it applies to
	version string // the point release that added the options
	group   string
	copy    []copyRule
}

type copyRule struct {
	from string   // the group whose options of the same keystoneauth origin are copied
	keys []string // the keys (dests) to copy
}

var pointReleases = []pointRelease{{
	base:    "24.0.0",
	version: "24.1.1",
	group:   "ec2authtoken",
	copy: []copyRule{
		// register_auth_conf_options: auth_type (alias auth_plugin), auth_section
		{from: "trustee", keys: []string{"auth_type", "auth_section"}},
		// register_session_conf_options
		{from: "keystone_authtoken", keys: []string{"cafile", "certfile", "keyfile"}},
	},
}}

// AddPointReleases applies the point-release additions to f, the data of
// Heat version heatVersion; have reports the Heat versions the build has
// data of (an addition whose point release is among them is not made).
// The copied options keep their facts and say where they come from in
// Source ("heat 24.1.1"). Plugin options then follow from LoadsPlugin.
func AddPointReleases(f *File, heatVersion string, have func(version string) bool) error {
	release := heatVersion
	for _, p := range pointReleases {
		if p.base != heatVersion || have(p.version) {
			continue
		}
		g := findGroup(f.Groups, p.group)
		if g == nil {
			return fmt.Errorf("point release %s: release %s has no group [%s]", p.version, release, p.group)
		}
		have := map[string]bool{}
		for _, o := range g.Opts {
			have[o.Key()] = true
		}
		for _, c := range p.copy {
			from := findGroup(f.Groups, c.from)
			if from == nil {
				return fmt.Errorf("point release %s: release %s has no group [%s] to copy from", p.version, release, c.from)
			}
			for _, key := range c.keys {
				if have[key] {
					continue
				}
				var src *Opt
				for _, o := range from.Opts {
					if o.Key() == key {
						src = o
					}
				}
				if src == nil {
					return fmt.Errorf("point release %s: [%s] %s not found", p.version, c.from, key)
				}
				o := *src
				o.Deprecated = retarget(src.Deprecated, c.from, p.group)
				o.Source = "heat " + p.version
				o.Namespace = "heat.api.aws.ec2token"
				g.Opts = append(g.Opts, &o)
				have[key] = true
			}
		}
	}
	MarkPluginGroups(f)
	return nil
}

// retarget moves deprecated aliases that name the source group to the
// target group ("" stays "": the option's own group).
func retarget(dep [][2]string, from, to string) [][2]string {
	out := make([][2]string, len(dep))
	for i, d := range dep {
		if d[0] == from {
			d[0] = to
		}
		out[i] = d
	}
	return out
}
