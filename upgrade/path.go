package upgrade

import (
	"fmt"
	"slices"

	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/schema/releases"
)

// The path is the Heat versions whose option data the plan compares: From,
// one version of each series in between (the series' first data, x.0.0),
// and To. A point release is on the path only where the upgrade passes it:
// as From or To, or between them within one series (24.0.0 to 24.1.1 and
// on). Going through a series' first data, not its newest, keeps the path
// in release order: 24.1.1 came out after 25.0.0, and a path 24.0.0 ->
// 24.1.1 -> 25.0.0 -> 25.0.1 would see options come and go that no
// operator's upgrade does.

// stop is one Heat version on the path.
type stop struct {
	rel releases.Release
	reg *schema.Registry
}

// label names a release on the path and in the plan: its series ("2025.1")
// for a series' first data, its Heat version ("24.1.1") for a point
// release, and the version asked for ("24.0.5") when older data serves it.
func label(r releases.Release) string {
	switch {
	case r.Variant != "":
		return r.Spec() // 2022.2-debian
	case r.Asked != "":
		return r.Asked
	case r.Point:
		return r.HeatVersion
	}
	return r.Name
}

// heatOf is the Heat version a release means: the one asked for, else its
// data's.
func heatOf(r releases.Release) string {
	if r.Asked != "" {
		return r.Asked
	}
	return r.HeatVersion
}

// between returns the path from a to b, both included, oldest first. A
// release between without data in this build is passed over (its changes
// show at the next stop); a or b without data is an error.
func between(a, b releases.Release) ([]stop, error) {
	all := releases.Upstream()
	at := func(r releases.Release) int {
		return slices.IndexFunc(all, func(o releases.Release) bool { return o.HeatVersion == r.HeatVersion })
	}
	ia, ib := at(a), at(b)
	switch {
	case ia < 0 || ib < 0:
		return nil, fmt.Errorf("%s to %s: %w", label(a), label(b), releases.ErrNoData)
	case ia == ib:
		return nil, fmt.Errorf("%s to %s: %w", label(a), label(b), ErrSameRelease)
	case ia > ib:
		return nil, fmt.Errorf("%s to %s is a downgrade: heatconf plans upgrades only", label(a), label(b))
	}
	rels := []releases.Release{a}
	for _, r := range all[ia+1 : ib] {
		switch {
		case r.Name == a.Name && a.Name == b.Name:
			rels = append(rels, r) // a point release between two of one series
		case r.Name != a.Name && r.Name != b.Name && !r.Point:
			rels = append(rels, r) // a series between: its first data
		}
	}
	rels = append(rels, b)
	var out []stop
	for i, r := range rels {
		reg, err := schema.EmbeddedRelease(r)
		if err != nil {
			if i == 0 || i == len(rels)-1 {
				return nil, err
			}
			continue
		}
		out = append(out, stop{r, reg})
	}
	return out, nil
}

// slurp are the series marked "slurp: yes" in openstack/releases
// data/series_status.yaml: OpenStack supports an upgrade from one of them
// straight to the next one (the Skip Level Upgrade Release Process,
// governance resolution 20220210-release-cadence-adjustment), besides the
// upgrade from any series to the next. Heat tests it: the
// grenade-heat-multinode-skip-level job of .zuul.yaml (from stable/2023.1
// at 22.0.0, from stable/2024.1 at 24.0.0, from stable/2025.1 at 26.0.0).
var slurp = map[string]bool{"2023.1": true, "2024.1": true, "2025.1": true, "2026.1": true, "2027.1": true}

// Route is the supported way from From to To: one upgrade after another,
// each from a series to the next one, from a SLURP series to the next
// SLURP series, or within a series from a point release to a later one.
type Route struct {
	// Direct is set when From to To is one supported upgrade.
	Direct bool  `json:"direct"`
	Hops   []Hop `json:"hops"`
}

// Hop is one supported upgrade of a Route.
type Hop struct {
	From string `json:"from"`
	To   string `json:"to"`
	// Kind is "next" (to the next series), "slurp" (from a SLURP series
	// to the next SLURP series) or "point" (within a series).
	Kind string `json:"kind"`
}

// Through names the releases a route passes between From and To.
func (r Route) Through() []string {
	var out []string
	for _, h := range r.Hops[:max(len(r.Hops)-1, 0)] {
		out = append(out, h.To)
	}
	return out
}

// route finds the shortest supported route from a to b: from a SLURP
// series to the next SLURP series when that is not past b, else to the
// next series.
func route(a, b releases.Release) Route {
	series := releases.KnownSeries()
	idx := func(name string) int {
		return slices.IndexFunc(series, func(s releases.Series) bool { return s.Name == name })
	}
	ia, ib := idx(a.Name), idx(b.Name)
	from, to := label(a), label(b)
	if ia == ib || ia < 0 || ib < 0 {
		return Route{Direct: true, Hops: []Hop{{From: from, To: to, Kind: "point"}}}
	}
	var hops []Hop
	cur, name := ia, from
	for cur < ib {
		next, kind := cur+1, "next"
		if slurp[series[cur].Name] {
			for j := cur + 1; j <= ib; j++ {
				if slurp[series[j].Name] {
					if j > cur+1 {
						next, kind = j, "slurp"
					}
					break
				}
			}
		}
		to := series[next].Name
		if next == ib {
			to = label(b)
		}
		hops = append(hops, Hop{From: name, To: to, Kind: kind})
		cur, name = next, to
	}
	return Route{Direct: len(hops) == 1, Hops: hops}
}
