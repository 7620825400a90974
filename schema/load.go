package schema

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"

	"github.com/heatconf/heatconf/internal/boundedread"
	"github.com/heatconf/heatconf/schema/internal/optdata"
	"github.com/heatconf/heatconf/schema/internal/staticdata"
	"github.com/heatconf/heatconf/schema/releases"
)

// The option data of every Heat version, made from schema/data/*.yaml by
// schema/gen/compact as Go static data in internal/staticdata.
//
//go:generate go run ./gen/compact -data data -go internal/staticdata

type cached struct {
	once sync.Once
	reg  *Registry
	err  error
}

// cache holds one entry per release (Heat version and version asked for),
// made on first use; the registries in it are immutable.
var cache sync.Map // releaseKey -> *cached

// Embedded returns the registry of a release made from the data built into
// the binary (any spelling releases.Lookup accepts), once per release per
// process. Making one costs microseconds: the data is static and options
// are made as they are looked up.
func Embedded(release string) (*Registry, error) {
	rel, err := table.Lookup(release)
	if err != nil {
		return nil, err
	}
	return EmbeddedRelease(rel)
}

// EmbeddedRelease is Embedded for a release already looked up; the zero
// releases.Release is releases.Default.
func EmbeddedRelease(rel releases.Release) (*Registry, error) {
	if rel == (releases.Release{}) {
		var err error
		if rel, err = table.Lookup(releases.Default); err != nil {
			return nil, err
		}
	}
	v, _ := cache.LoadOrStore(releaseKey(rel), &cached{})
	c := v.(*cached)
	c.once.Do(func() { c.reg, c.err = loadEmbedded(rel) })
	return c.reg, c.err
}

func loadEmbedded(rel releases.Release) (*Registry, error) {
	f, err := embeddedData(rel)
	if err != nil {
		return nil, err
	}
	r, err := newRegistry(f, rel, registryName(rel), nil)
	if err != nil {
		return nil, fmt.Errorf("loading the option data of %s: %w", rel, err)
	}
	r.builtInLater = true
	r.laterFn = func() []*Registry {
		var out []*Registry
		for _, p := range table.PointReleases(rel) {
			if reg, err := EmbeddedRelease(p); err == nil {
				out = append(out, reg)
			}
		}
		return out
	}
	return r, nil
}

// registryName is what a release's registry is called: the series for its
// first data, else the Heat version.
func registryName(rel releases.Release) string {
	switch {
	case rel.Asked != "":
		return rel.Asked + rel.VariantSuffix()
	case rel.Point:
		return rel.HeatVersion + rel.VariantSuffix()
	}
	return rel.Name + rel.VariantSuffix()
}

// table is the release table the registries are made for: the built-in
// one (tests play a build with other data).
var table = releases.Builtin()

// releaseKey identifies the data and the version asked for, for the cache.
func releaseKey(rel releases.Release) string {
	return rel.HeatVersion + "|" + rel.Variant + "|" + rel.Asked
}

// dataOf is the built-in upstream data of a Heat version, variantDataOf
// that of a variant (tests swap them).
var (
	dataOf        = staticdata.Lookup
	variantDataOf = staticdata.LookupVariant
)

// embeddedData is a release's data as built into the binary; it is shared
// and must not be changed.
func embeddedData(rel releases.Release) (*optdata.File, error) {
	f := dataOf(rel.HeatVersion)
	if rel.Variant != "" {
		f = variantDataOf(rel.HeatVersion, rel.Variant)
	}
	if f == nil {
		return nil, fmt.Errorf("%w of Heat %s (%s) in this build: its files are not in schema/data, or go generate ./schema was not run", releases.ErrNoData, rel.HeatVersion, rel)
	}
	return f, nil
}

// LoadYAML reads oslo-config-generator's machine-readable YAML (`--format
// yaml`), for --schema FILE.yaml. name is what the registry is called in
// messages ("custom" if empty).
//
// The generator cannot see keystoneauth plugin options, so the registry
// takes them from the embedded data of releases.Default; it has no removal
// history beyond the curated table and no releases.Release (Release() is the zero value).
// The generator's YAML does not carry every type parameter either (list
// item types, regular expressions, URI schemes): values are checked with
// what it says (type, choices, min and max).
func LoadYAML(name string, r io.Reader) (*Registry, error) {
	if name == "" {
		name = "custom"
	}
	data, err := boundedread.ReadAll(r, boundedread.SchemaMax, name)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	f, err := optdata.ParseGenerator(data, name)
	if err != nil {
		return nil, err
	}
	if len(f.Groups) == 0 {
		return nil, fmt.Errorf("reading %s: no option groups", name)
	}
	var plugins []*optdata.Plugin
	if def, err := Embedded(releases.Default); err == nil {
		for _, name := range def.pluginNames {
			plugins = append(plugins, def.plugins[name])
		}
	}
	optdata.AssignSamplePlugins(f, plugins)
	reg, err := newRegistry(f, releases.Release{}, name, plugins)
	if err == nil {
		err = reg.buildAll()
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	return reg, nil
}

// Load returns the registry a spec names: a release (any spelling
// releases.Lookup accepts) or, when spec ends in .yaml or .yml, the
// oslo-config-generator YAML file at that path. A spec that is neither
// gives an error that wraps releases.ErrUnknown; a release without data in
// this build, one that wraps releases.ErrNoData.
func Load(spec string) (*Registry, error) {
	_, err := table.Lookup(spec)
	if err == nil || errors.Is(err, releases.ErrNoData) {
		return Embedded(spec)
	}
	if ext := strings.ToLower(filepath.Ext(spec)); ext == ".yaml" || ext == ".yml" {
		f, _, err := boundedread.Open(spec)
		if err != nil {
			return nil, fmt.Errorf("reading option data: %w", err)
		}
		defer f.Close()
		return LoadYAML(spec, f)
	}
	return nil, fmt.Errorf("%w, or an oslo-config-generator .yaml file", err)
}
