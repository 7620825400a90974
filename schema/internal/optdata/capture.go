package optdata

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// AddCapture merges the output of `schema/gen/capture.py merge` into f:
// what Heat's programs (heat-api, heat-api-cfn, heat-engine and the WSGI
// scripts), started up to where they would serve, register and read. Where
// it differs from the generator's list, the run-time view wins and the
// option says why:
//
//   - options a program registers in a group where the generator does not
//     list them are added (Source "runtime", RegisteredBy);
//   - an option the generator lists in a group where no program registers
//     it, but every program that has it registers it in another, moves
//     there (GeneratorGroup): oslo.messaging < 16 lists the RabbitMQ
//     connection pool options in [DEFAULT], its driver registers them in
//     [oslo_messaging_rabbit];
//   - a default a program's set_default()/set_defaults() call changes is
//     the default (DefaultSetBy, GeneratorDefault): control_exchange is
//     heat, set by Heat's oslo_messaging.set_transport_defaults('heat');
//   - a default that is the running program's name (oslo.messaging's
//     processname) is no fixed default (DefaultNote).
//
// Run after AddRuntime: options already there keep their data and gain
// RegisteredBy.
func AddCapture(f *File, data []byte, what string) error {
	root, err := decodeYAML(data, what)
	if err != nil {
		return err
	}
	if c := items(field(root, "conflicts")); len(c) > 0 {
		return fmt.Errorf("%s: programs set different defaults: %v", what, c)
	}

	names, groups := pairs(field(root, "options"))
	for i, name := range names {
		g := findGroup(f.Groups, name)
		if g == nil {
			g = &Group{Name: name}
			f.Groups = append(f.Groups, g)
		}
		for _, row := range items(groups[i]) {
			o, err := pluginOpt(row)
			if err != nil {
				return fmt.Errorf("%s: [%s]: %w", what, name, err)
			}
			by := str(field(row, "registered_by"))
			if old := findOpt(g, o.Key()); old != nil {
				if old.Source != "" && old.RegisteredBy == "" {
					old.RegisteredBy = by
				}
				continue
			}
			o.Advanced = boolean(field(row, "advanced"))
			o.Source = "runtime"
			o.RegisteredBy = by
			g.Opts = append(g.Opts, o)
		}
	}

	for _, rl := range items(field(root, "relocated")) {
		dest, from, to := str(field(rl, "dest")), str(field(rl, "generator_group")), str(field(rl, "group"))
		gg, tg := findGroup(f.Groups, from), findGroup(f.Groups, to)
		if gg == nil || tg == nil {
			return fmt.Errorf("%s: relocated %s: group [%s] or [%s] is missing", what, dest, from, to)
		}
		i := slices.IndexFunc(gg.Opts, func(o *Opt) bool { return o.Key() == dest && o.Plugin == "" })
		if i < 0 {
			return fmt.Errorf("%s: relocated [%s] %s: the generator does not list it", what, from, dest)
		}
		o := findOpt(tg, dest)
		if o == nil {
			return fmt.Errorf("%s: relocated %s: [%s] does not have it", what, dest, to)
		}
		gg.Opts = slices.Delete(gg.Opts, i, i+1)
		o.GeneratorGroup = from
	}

	names, groups = pairs(field(root, "defaults"))
	for i, name := range names {
		g := findGroup(f.Groups, name)
		for _, row := range items(groups[i]) {
			dest := str(field(row, "dest"))
			var o *Opt
			if g != nil {
				o = findOpt(g, dest)
			}
			if o == nil {
				return fmt.Errorf("%s: default of [%s] %s: no such option", what, name, dest)
			}
			raw, err := toJSON(field(row, "default"), 0)
			if err != nil {
				return fmt.Errorf("%s: [%s] %s: default: %w", what, name, dest, err)
			}
			if string(raw) == "null" {
				raw = nil
			}
			if err := setDefault(o, raw, strList(field(row, "format"))); err != nil {
				return fmt.Errorf("%s: [%s] %s: %w", what, name, dest, err)
			}
			o.DefaultSetBy = str(field(row, "default_set_by"))
		}
	}

	for _, pd := range items(field(root, "program_defaults")) {
		name, dest := str(field(pd, "group")), str(field(pd, "dest"))
		g := findGroup(f.Groups, name)
		var o *Opt
		if g != nil {
			o = findOpt(g, dest)
		}
		if o == nil {
			return fmt.Errorf("%s: program default of [%s] %s: no such option", what, name, dest)
		}
		if err := setDefault(o, nil, nil); err != nil {
			return fmt.Errorf("%s: [%s] %s: %w", what, name, dest, err)
		}
		o.DefaultNote = str(field(pd, "reason")) + ": " + strings.Join(strList(field(pd, "services")), ", ")
	}
	MarkPluginGroups(f)
	return nil
}

// setDefault gives o the default raw (nil: none), keeping the generator's
// in GeneratorDefault, and checks that the Go formatting of it is the
// Python one (format; nil to skip).
func setDefault(o *Opt, raw json.RawMessage, format []string) error {
	if o.GeneratorDefault == nil {
		o.GeneratorDefault = o.Default
		if len(o.GeneratorDefault) == 0 {
			o.GeneratorDefault = json.RawMessage("null")
		}
	}
	o.Default = raw
	text, err := FormatDefault(&o.Type, o.Multi, raw)
	if err != nil {
		return err
	}
	o.Text = text
	if format == nil {
		return nil
	}
	got := text
	if len(raw) == 0 || (o.Multi && len(got) == 0) {
		got = noneDefault(o.Multi)
	}
	if !reflect.DeepEqual(got, format) {
		return fmt.Errorf("default %s formats as %q here but %q in oslo.config", raw, got, format)
	}
	return nil
}

func findOpt(g *Group, key string) *Opt {
	for _, o := range g.Opts {
		if o.Key() == key && o.Plugin == "" {
			return o
		}
	}
	return nil
}
