package schema

import "fmt"

// Title names the registry for people: "2025.1 (epoxy), Heat 24.0.0",
// "2025.1 (epoxy), Heat 24.0.5 (data of 24.0.0)" for a version served by
// older data, or the name of the file it was loaded from.
func (r *Registry) Title() string {
	if r.release.Asked != "" {
		return fmt.Sprintf("%s (%s), Heat %s (data of %s)", r.release.Name, r.release.Codename, r.release.Asked, r.heat)
	}
	if r.release.Name != "" {
		return fmt.Sprintf("%s (%s), Heat %s", r.release.Name, r.release.Codename, r.heat)
	}
	return r.name
}

// String gives "[group] name", or "name" for an alias in the option's
// own group.
func (a Alias) String() string {
	if a.Group != "" {
		return "[" + a.Group + "] " + a.Name
	}
	return a.Name
}
