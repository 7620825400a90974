package schema

import (
	"testing"

	"github.com/heatconf/heatconf/schema/releases"
)

// TestRunTimeFacts: the data says what Heat's programs read (the run-time
// capture), not what the sample config's generator lists: control_exchange
// is heat on every release (Heat's oslo_messaging.set_transport_defaults),
// the RabbitMQ connection pool options are read in [oslo_messaging_rabbit]
// on every release (oslo.messaging < 16's generator listed them under
// [DEFAULT], which is read for rpc_conn_pool_size only, as a deprecated
// name), and processname has no fixed default (the program's name).
func TestRunTimeFacts(t *testing.T) {
	for _, rel := range releases.All() {
		reg, err := EmbeddedRelease(rel)
		if err != nil {
			t.Fatal(err)
		}
		name := rel.Spec()
		m, ok := reg.Lookup("DEFAULT", "control_exchange", "")
		if !ok || m.Option.Default == nil || *m.Option.Default != "heat" || m.Option.DefaultSetBy == "" {
			t.Errorf("%s: [DEFAULT] control_exchange: %+v", name, m.Option)
		}
		for _, key := range []string{"rpc_conn_pool_size", "conn_pool_min_size", "conn_pool_ttl"} {
			if m, ok := reg.Lookup("oslo_messaging_rabbit", key, ""); !ok || m.Via != "" {
				t.Errorf("%s: [oslo_messaging_rabbit] %s not read (%+v)", name, key, m)
			}
			m, ok := reg.Lookup("DEFAULT", key, "")
			switch {
			case ok && m.Option.Group == "DEFAULT":
				t.Errorf("%s: [DEFAULT] %s is an option of its own", name, key)
			case ok && key != "rpc_conn_pool_size":
				t.Errorf("%s: [DEFAULT] %s read as %s", name, key, m.Option)
			}
		}
		if m, ok := reg.Lookup("oslo_messaging_rabbit", "processname", ""); ok {
			if m.Option.Default != nil || m.Option.DefaultNote == "" {
				t.Errorf("%s: processname default %v, note %q", name, deref(m.Option.Default), m.Option.DefaultNote)
			}
		}
	}
	// from 24.1.1, [ec2authtoken] service_type defaults to identity
	for _, spec := range []string{"24.1.1", "25.0.1", "2026.1", "2026.2"} {
		reg := embedded(t, spec)
		m, ok := reg.Lookup("ec2authtoken", "service_type", "")
		if !ok || m.Option.Default == nil || *m.Option.Default != "identity" {
			t.Errorf("%s: [ec2authtoken] service_type: %v %+v", spec, ok, m.Option)
		}
	}
}

// TestDebianVariant: options only Debian's packages have are in the Debian
// variant, marked, and in no upstream release; they are never "removed".
func TestDebianVariant(t *testing.T) {
	upstream := map[string]*Registry{}
	for _, rel := range releases.Upstream() {
		upstream[rel.Spec()] = embedded(t, rel.Spec())
	}
	for _, rel := range releases.Variants() {
		reg, err := EmbeddedRelease(rel)
		if err != nil {
			t.Fatal(err)
		}
		up := embedded(t, rel.HeatVersion)
		marked := 0
		for _, g := range reg.Groups() {
			for _, o := range reg.Options(g) {
				_, inUp := up.Lookup(g, o.Name, "")
				if m, ok := up.Lookup(g, o.Name, ""); ok && m.Via != "" {
					inUp = false // a deprecated name upstream is not the option
				}
				if (o.Variant != "") == inUp {
					t.Errorf("%s: [%s] %s variant %q, upstream has it: %v", rel.Spec(), g, o.Name, o.Variant, inUp)
				}
				if o.Variant == "" {
					continue
				}
				marked++
				if _, ok := reg.Removed(g, o.Name); ok {
					t.Errorf("%s: [%s] %s removed", rel.Spec(), g, o.Name)
				}
			}
		}
		t.Logf("%s: %d options only the Debian packages have", rel.Spec(), marked)
	}
	deb := embedded(t, "2025.1-debian")
	if m, ok := deb.Lookup("heat_api", "heat_api_root", ""); !ok || m.Option.Variant != releases.VariantDebian {
		t.Errorf("2025.1-debian: [heat_api] heat_api_root: %v %+v", ok, m.Option)
	}
	for name, reg := range upstream {
		if _, ok := reg.Lookup("heat_api", "heat_api_root", ""); ok {
			t.Errorf("%s: upstream data has Debian's [heat_api] heat_api_root", name)
		}
		if _, ok := reg.Removed("heat_api", "heat_api_root"); ok {
			t.Errorf("%s: [heat_api] heat_api_root called removed", name)
		}
	}
}
