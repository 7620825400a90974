package schema

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/schema/releases"
)

func TestEmbeddedEveryRelease(t *testing.T) {
	if len(releases.Upstream()) < 4 {
		t.Fatalf("%d releases", len(releases.Upstream()))
	}
	for _, rel := range releases.Upstream() {
		names := []string{rel.HeatVersion, "heat-" + rel.HeatVersion}
		if !rel.Point {
			names = append(names, rel.Name, rel.Codename, strings.ToUpper(rel.Codename))
		}
		for _, name := range names {
			r, err := Embedded(name)
			if err != nil {
				t.Fatalf("Embedded(%q): %v", name, err)
			}
			if r.Release() != rel || r.HeatVersion() != rel.HeatVersion || r.Name() != registryName(rel) {
				t.Errorf("Embedded(%q): release %+v heat %s", name, r.Release(), r.HeatVersion())
			}
			if r2, _ := Embedded(rel.HeatVersion); r2 != r {
				t.Errorf("Embedded(%q) built twice", name)
			}
			if got := r.Packages()["python3-heat"]; rel.Source.DebianSuite != "" && !strings.Contains(got, rel.HeatVersion) {
				t.Errorf("%s: python3-heat %q", rel.Name, got)
			}
		}
	}
	if _, err := Embedded("nosuch"); err == nil || !strings.Contains(err.Error(), `unknown release "nosuch"`) {
		t.Errorf("Embedded(nosuch): %v", err)
	}
	withReleases(t, debianOnly())
	if _, err := Embedded("bobcat"); err == nil || !strings.Contains(err.Error(), "no option data for 2023.2 (bobcat, Heat 21) in this build") {
		t.Errorf("Embedded(bobcat): %v", err)
	}
}

func TestEmbeddedConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	regs := make([]*Registry, 16)
	for i := range regs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			r, err := Embedded("2026.2")
			if err != nil {
				t.Error(err)
				return
			}
			r.Lookup("keystone_authtoken", "password", "password")
			regs[i] = r
		}(i)
	}
	wg.Wait()
	for _, r := range regs[1:] {
		if r != regs[0] {
			t.Fatal("two registries for one release")
		}
	}
}

func TestGroup(t *testing.T) {
	tests := []struct {
		release, name, canon string
		ok                   bool
	}{
		{"2025.1", "DEFAULT", "DEFAULT", true},
		{"2025.1", "default", "default", false},
		{"2025.1", "Default", "default", false},
		{"2025.1", "Database", "database", true},
		{"2025.1", "KEYSTONE_AUTHTOKEN", "keystone_authtoken", true},
		{"2025.1", " database ", " database ", false},
		{"2025.1", "ec2authtoken.mycloud", "ec2authtoken.mycloud", false},
		{"2026.2", "ec2authtoken.mycloud", "ec2authtoken.mycloud", true},
		{"2026.2", "EC2AuthToken.MyCloud", "ec2authtoken.mycloud", true},
		{"2026.2", "ec2authtoken.", "ec2authtoken.", false},
		{"zed", "clients_sahara", "clients_sahara", true},
		{"2025.1", "clients_sahara", "clients_sahara", false},
		{"zed", "yaql", "yaql", true},        // registered at run time (heat.engine.hot.functions), not by a namespace
		{"victoria", "cache", "cache", true}, // heat.common.cache registers it; no namespace of Heat 15 lists it
		{"2025.1", "yaql", "yaql", true},
		{"zed", "oslo_concurrency", "oslo_concurrency", true},
	}
	for _, tt := range tests {
		c, ok := embedded(t, tt.release).Group(tt.name)
		if c != tt.canon || ok != tt.ok {
			t.Errorf("%s Group(%q) = %q, %v; want %q, %v", tt.release, tt.name, c, ok, tt.canon, tt.ok)
		}
	}
}

// TestLookup covers oslo.config's name rules in every release.
func TestLookup(t *testing.T) {
	type want struct {
		group, name, via, plugin string
	}
	tests := []struct {
		group, key, authType string
		want                 want // zero: not found
		releases             []string
	}{
		{"keystone_authtoken", "auth_plugin", "", want{"keystone_authtoken", "auth_type", "deprecated-name", ""}, nil},
		{"trustee", "auth_plugin", "", want{"trustee", "auth_type", "deprecated-name", ""}, nil},
		{"DEFAULT", "logfile", "", want{"DEFAULT", "log_file", "deprecated-name", ""}, nil},
		{"DEFAULT", "log_config", "", want{"DEFAULT", "log_config_append", "deprecated-name", ""}, nil},
		{"keystone_authtoken", "memcache_servers", "", want{"keystone_authtoken", "memcached_servers", "deprecated-name", ""}, nil},
		{"DEFAULT", "log_file", "", want{"DEFAULT", "log_file", "", ""}, nil},
		{"DEFAULT", "log-file", "", want{}, nil}, // oslo.config reads the dest only
		{"Database", "connection", "", want{"database", "connection", "", ""}, nil},
		{"default", "debug", "", want{}, nil},
		{"DEFAULT", "transport_url", "", want{"DEFAULT", "transport_url", "", ""}, nil},
		{"DEFAULT", "rpc_backend", "", want{}, nil},
		{"DATABASE", "sql_connection", "", want{"database", "connection", "deprecated-name", ""}, []string{"2020.2", "2022.2"}},
		{"sql", "connection", "", want{"database", "connection", "deprecated-group", ""}, []string{"2020.2", "2022.2"}},
		{"DEFAULT", "sql_connection", "", want{"database", "connection", "deprecated-group", ""}, []string{"2020.2", "2022.2"}},
		{"DEFAULT", "sql_connection", "", want{}, []string{"2025.1", "2026.2"}},
		{"DEFAULT", "bind_port", "", want{"heat_api", "bind_port", "deprecated-group", ""}, []string{"2020.2", "2022.2", "2025.1"}},
		{"keystone_authtoken", "auth_uri", "", want{"keystone_authtoken", "auth_uri", "", ""}, []string{"2020.2", "2022.2", "2025.1"}},
		{"keystone_authtoken", "auth_uri", "", want{}, []string{"2026.2"}},
		{"keystone_authtoken", "admin_user", "", want{"keystone_authtoken", "admin_user", "", ""}, []string{"2020.2", "2022.2", "2025.1"}},
		{"keystone_authtoken", "admin_user", "", want{}, []string{"2026.2"}},
		// keystoneauth plugin options
		{"keystone_authtoken", "username", "", want{"keystone_authtoken", "username", "plugin", "password"}, nil},
		{"keystone_authtoken", "username", "password", want{"keystone_authtoken", "username", "plugin", "password"}, nil},
		{"keystone_authtoken", "user_name", "password", want{"keystone_authtoken", "username", "plugin", "password"}, nil},
		{"keystone_authtoken", "user-name", "password", want{"keystone_authtoken", "username", "plugin", "password"}, nil},
		{"keystone_authtoken", "tenant_name", "password", want{"keystone_authtoken", "project_name", "plugin", "password"}, nil},
		{"keystone_authtoken", "auth-url", "password", want{}, nil},
		{"keystone_authtoken", "default_domain_id", "v3password", want{}, nil},
		{"keystone_authtoken", "application_credential_secret", "v3applicationcredential", want{"keystone_authtoken", "application_credential_secret", "plugin", "v3applicationcredential"}, nil},
		{"keystone_authtoken", "password", "v3applicationcredential", want{}, nil},
		{"trustee", "password", "", want{"trustee", "password", "plugin", "password"}, nil},
		{"trustee", "application_credential_id", "v3applicationcredential", want{"trustee", "application_credential_id", "plugin", "v3applicationcredential"}, nil},
		{"trustee", "password", "nosuchplugin", want{}, nil},
		{"ec2authtoken", "auth_uri", "", want{"ec2authtoken", "auth_uri", "", ""}, []string{"2020.2", "2022.2", "2025.1"}},
		{"ec2authtoken", "password", "", want{}, []string{"2020.2", "2022.2"}},
		// Heat 24.1.1 (2025.1) added keystoneauth to [ec2authtoken]; Debian ships 24.0.0
		{"ec2authtoken", "password", "", want{}, []string{"2025.1"}},
		{"ec2authtoken", "password", "", want{"ec2authtoken", "password", "plugin", "v3password"}, []string{"24.1.1"}},
		{"ec2authtoken", "password", "", want{"ec2authtoken", "password", "plugin", "v3password"}, []string{"2026.2"}},
		{"ec2authtoken", "timeout", "", want{"ec2authtoken", "timeout", "", ""}, []string{"2025.1", "2026.2"}},
		{"ec2authtoken.mycloud", "auth_url", "password", want{"ec2authtoken.<cloud>", "auth_url", "plugin", "password"}, []string{"2026.2"}},
		{"ec2authtoken.mycloud", "cafile", "", want{"ec2authtoken.<cloud>", "cafile", "", ""}, []string{"2026.2"}},
		{"ec2authtoken.mycloud", "multi_cloud", "", want{}, []string{"2026.2"}},
		{"ec2authtoken.mycloud", "cafile", "", want{}, []string{"2025.1"}},
		{"clients_keystone", "username", "", want{}, nil}, // no auth plugin there
	}
	for _, tt := range tests {
		rels := tt.releases
		if rels == nil {
			for _, r := range releases.Upstream() {
				rels = append(rels, r.HeatVersion)
			}
		}
		for _, rel := range rels {
			reg := embedded(t, rel)
			m, ok := reg.Lookup(tt.group, tt.key, tt.authType)
			var got want
			if ok {
				got = want{m.Option.Group, m.Option.Name, m.Via, m.Option.Plugin}
			}
			if got != tt.want {
				t.Errorf("%s Lookup(%q, %q, %q) = %+v; want %+v", rel, tt.group, tt.key, tt.authType, got, tt.want)
			}
			if ok && (m.Via == "deprecated-name" || m.Via == "deprecated-group") && (m.Alias == nil || m.Alias.Name != tt.key) {
				t.Errorf("%s Lookup(%q, %q): alias %+v", rel, tt.group, tt.key, m.Alias)
			}
		}
	}
}

func TestLookupAll(t *testing.T) {
	ms := embedded(t, "zed").LookupAll("DEFAULT", "bind_host", "")
	var got []string
	for _, m := range ms {
		got = append(got, m.Option.String())
	}
	want := []string{"[heat_api] bind_host", "[heat_api_cfn] bind_host"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("LookupAll([DEFAULT] bind_host) = %v; want %v", got, want)
	}
}

func TestOptionFacts(t *testing.T) {
	reg := embedded(t, "2025.1")
	m, _ := reg.Lookup("DEFAULT", "auth_encryption_key", "")
	o := m.Option
	if o.Type != "string" || !o.Secret || o.Default == nil || *o.Default != "notgood but just long enough i t" || o.Help == "" {
		t.Errorf("auth_encryption_key: %+v", o)
	}
	m, _ = reg.Lookup("heat_api", "bind_port", "")
	if o := m.Option; o.Type != "port" || *o.Min != 0 || *o.Max != 65535 || *o.Default != "8004" {
		t.Errorf("bind_port: %s %v %v %v", o.Type, *o.Min, *o.Max, deref(o.Default))
	}
	m, _ = reg.Lookup("keystone_authtoken", "memcached_servers", "")
	if o := m.Option; o.Type != "list" || o.ItemType != "string" || o.Default != nil {
		t.Errorf("memcached_servers: %+v", o)
	}
	m, _ = reg.Lookup("oslo_policy", "enforce_scope", "")
	if o := m.Option; !o.DeprecatedForRemoval || o.DeprecatedReason == "" || *o.Default != "true" {
		t.Errorf("enforce_scope: %+v", o)
	}
	m, _ = embedded(t, "2026.2").Lookup("DEFAULT", "heat_metadata_server_url", "")
	if o := m.Option; o.Type != "uri" || !reflect.DeepEqual(o.TypeInfo.Schemes, []string{"http", "https"}) {
		t.Errorf("heat_metadata_server_url in 2026.2: %s %v", o.Type, o.TypeInfo.Schemes)
	}
	m, _ = reg.Lookup("DEFAULT", "host", "")
	if o := m.Option; *o.Default != "<hostname>" || o.SampleDefault != "<Hostname>" {
		t.Errorf("host: %q %q", deref(o.Default), o.SampleDefault)
	}
	m, _ = reg.Lookup("DEFAULT", "default_log_levels", "")
	if o := m.Option; o.Type != "list" || !strings.HasPrefix(*o.Default, "amqp=WARN,") {
		t.Errorf("default_log_levels: %q", deref(o.Default))
	}
	m, _ = reg.Lookup("keystone_authtoken", "admin_user", "")
	if o := m.Option; !o.Legacy || o.Source != "keystonemiddleware" {
		t.Errorf("admin_user: %+v", o)
	}
	m, _ = reg.Lookup("trustee", "password", "password")
	if o := m.Option; !o.Secret || o.Plugin != "password" || o.Source != "keystoneauth" {
		t.Errorf("[trustee] password: %+v", o)
	}
	if opts := reg.Options("trustee"); len(opts) != 2 || opts[0].Name != "auth_section" || opts[1].Name != "auth_type" {
		t.Errorf("Options(trustee) = %v", opts)
	}
	names := reg.Groups()
	if !isSorted(names) || names[0] != "DEFAULT" {
		t.Errorf("Groups not sorted: %v", names)
	}
	for _, g := range names {
		if !isSortedOpts(reg.Options(g)) {
			t.Errorf("Options(%s) not sorted", g)
		}
	}
}

func isSorted(s []string) bool {
	for i := 1; i < len(s); i++ {
		if s[i-1] > s[i] {
			return false
		}
	}
	return true
}

func isSortedOpts(o []*Option) bool {
	for i := 1; i < len(o); i++ {
		if o[i-1].Name > o[i].Name {
			return false
		}
	}
	return true
}

func TestPluginOptions(t *testing.T) {
	tests := []struct {
		release, group, authType string
		ok                       bool
		has                      string
	}{
		{"2025.1", "keystone_authtoken", "password", true, "user_domain_name"},
		{"2025.1", "keystone_authtoken", "", true, "username"},
		{"2025.1", "trustee", "v3password", true, "user_domain_id"},
		{"2025.1", "trustee", "v3oidcpassword", true, "identity_provider"},
		{"2025.1", "trustee", "nosuch", false, ""},
		{"2025.1", "ec2authtoken", "password", false, ""},
		{"24.1.1", "ec2authtoken", "password", true, "auth_url"},
		{"2022.2", "ec2authtoken", "password", false, ""},
		{"2026.2", "ec2authtoken", "password", true, "auth_url"},
		{"2026.2", "ec2authtoken.prod", "v3applicationcredential", true, "application_credential_id"},
		{"2025.1", "database", "password", false, ""},
	}
	for _, tt := range tests {
		reg := embedded(t, tt.release)
		opts, ok := reg.PluginOptions(tt.group, tt.authType)
		if ok != tt.ok {
			t.Errorf("%s PluginOptions(%s, %s): ok %v", tt.release, tt.group, tt.authType, ok)
			continue
		}
		found := false
		for _, o := range opts {
			found = found || o.Name == tt.has
			if o.Plugin == "" || o.Group != conf.NormalizeGroup(tt.group) && !strings.HasSuffix(o.Group, "<cloud>") {
				t.Errorf("%s PluginOptions(%s, %s): %+v", tt.release, tt.group, tt.authType, o)
			}
		}
		if tt.has != "" && !found {
			t.Errorf("%s PluginOptions(%s, %s) lacks %s", tt.release, tt.group, tt.authType, tt.has)
		}
	}
	if got := embedded(t, "2026.2").DefaultAuthType("ec2authtoken"); got != "v3password" {
		t.Errorf("DefaultAuthType(ec2authtoken) = %q", got)
	}
	if got := embedded(t, "2025.1").DefaultAuthType("trustee"); got != "password" {
		t.Errorf("DefaultAuthType(trustee) = %q", got)
	}
	if got := embedded(t, "2025.1").DefaultAuthType("database"); got != "" {
		t.Errorf("DefaultAuthType(database) = %q", got)
	}
}

func TestSuggest(t *testing.T) {
	reg := embedded(t, "2025.1")
	tests := []struct {
		group, key, authType string
		first                string
	}{
		{"DEFAULT", "auth_encryption_ky", "", "auth_encryption_key"},
		{"DEFAULT", "log-file", "", "log_file"},
		{"keystone_authtoken", "usernme", "password", "username"},
		{"keystone_authtoken", "Password", "", "password"},
		{"trustee", "user_domian_id", "", "user_domain_id"},
		{"database", "conection", "", "connection"},
		{"DEFAULT", "completely_unrelated_words", "", ""},
		{"DEFAULT", "debug", "", ""},
	}
	for _, tt := range tests {
		got := reg.Suggest(tt.group, tt.key, tt.authType)
		if len(got) > 3 {
			t.Errorf("Suggest(%s, %s) = %v: more than 3", tt.group, tt.key, got)
		}
		first := ""
		if len(got) > 0 {
			first = got[0]
		}
		if first != tt.first {
			t.Errorf("Suggest(%s, %s) = %v; want %q first", tt.group, tt.key, got, tt.first)
		}
	}
	groups := []struct{ name, first string }{
		{"default", "DEFAULT"},
		{"Default", "DEFAULT"},
		{" DEFAULT ", "DEFAULT"},
		{" database ", "database"},
		{"keystone_auth_token", "keystone_authtoken"},
		{"databse", "database"},
		{"database", ""},
		{"xyzzy_plugh", ""},
	}
	for _, tt := range groups {
		got := reg.SuggestGroup(tt.name)
		first := ""
		if len(got) > 0 {
			first = got[0]
		}
		if first != tt.first || len(got) > 3 {
			t.Errorf("SuggestGroup(%q) = %v; want %q first", tt.name, got, tt.first)
		}
	}
}

func TestRemoved(t *testing.T) {
	tests := []struct {
		release, group, key string
		removedIn           string // "" = not removed
		replacement         string
	}{
		{"2025.1", "DEFAULT", "rpc_backend", "oslo.messaging 9.0.0 (Stein)", "[DEFAULT] transport_url"},
		{"2025.1", "oslo_messaging_rabbit", "rabbit_host", "oslo.messaging 9.0.0 (Stein)", "transport_url"},
		{"2025.1", "DEFAULT", "rabbit_password", "oslo.messaging 9.0.0 (Stein)", "transport_url"},
		{"2025.1", "oslo_messaging_rabbit", "rabbit_durable_queues", "oslo.messaging 9.0.0 (Stein)", "amqp_durable_queues"},
		{"2025.1", "DEFAULT", "verbose", "oslo.log 3.22.0 (Pike)", "[DEFAULT] debug"},
		{"2025.1", "DEFAULT", "sql_connection", "oslo.db 15.0.0 (2024.1)", "[database] connection"},
		{"2022.2", "DEFAULT", "sql_connection", "", ""}, // still an alias in Zed
		{"2025.1", "database", "idle_timeout", "oslo.db 10.0.0 (Xena)", "connection_recycle_time"},
		{"2025.1", "database", "min_pool_size", "oslo.db 5.0.0 (Train)", ""},
		{"2022.2", "DEFAULT", "heat_watch_server_url", "heat 19.0.0 (Zed)", ""},
		{"2020.2", "DEFAULT", "heat_watch_server_url", "", ""},
		{"2022.2", "heat_api_cloudwatch", "bind_port", "heat 19.0.0 (Zed)", ""},
		{"2026.2", "keystone_authtoken", "auth_uri", "keystonemiddleware 13.0.0 (2026.2)", "www_authenticate_uri"},
		{"2025.1", "keystone_authtoken", "auth_uri", "", ""},
		{"2026.2", "keystone_authtoken", "identity_uri", "keystonemiddleware 13.0.0 (2026.2)", "auth_type = password"},
		{"2026.2", "keystone_authtoken", "admin_password", "keystonemiddleware 13.0.0 (2026.2)", "auth_type = password"},
		{"2025.1", "keystone_authtoken", "auth_plugin", "", ""}, // an alias, still accepted
		{"2025.1", "DEFAULT", "notification_driver", "oslo.messaging 16.0.0 (2025.1)", "[oslo_messaging_notifications] driver"},
		{"2022.2", "DEFAULT", "notification_driver", "", ""},
		{"2025.1", "oslo_messaging_amqp", "container_name", "oslo.messaging 15.0.0 (2025.1)", ""},
		{"2025.1", "clients_sahara", "endpoint_type", "heat 23.0.0 (2024.2)", ""},
		// from the data of older releases
		{"2025.1", "DEFAULT", "use_eventlog", "2025.1 (epoxy, Heat 24.0.0)", ""},
		{"2026.2", "oslo_policy", "enforce_scope", "2026.2 (hibiscus, Heat 27.0.0)", ""},
		{"2025.1", "DEFAULT", "no_such_option_ever", "", ""},
	}
	for _, tt := range tests {
		rm, ok := embedded(t, tt.release).Removed(tt.group, tt.key)
		if ok != (tt.removedIn != "") || rm.RemovedIn != tt.removedIn || !strings.Contains(rm.Replacement, tt.replacement) {
			t.Errorf("%s Removed(%s, %s) = %+v, %v; want %q, %q", tt.release, tt.group, tt.key, rm, ok, tt.removedIn, tt.replacement)
		}
		if ok && rm.Source == "" {
			t.Errorf("%s Removed(%s, %s): no source", tt.release, tt.group, tt.key)
		}
	}
	rm, ok := embedded(t, "2025.1").RemovedGroup("oslo_messaging_amqp")
	if !ok || rm.RemovedIn != "oslo.messaging 15.0.0 (2025.1)" {
		t.Errorf("RemovedGroup(oslo_messaging_amqp) = %+v, %v", rm, ok)
	}
	if _, ok := embedded(t, "2025.1").RemovedGroup("database"); ok {
		t.Error("RemovedGroup(database) reports a group that exists")
	}
}

// TestHistorySources: every curated row names its upstream source and its
// release, and no row names an option its own release still has.
func TestHistorySources(t *testing.T) {
	for _, rm := range history {
		if rm.Source == "" || rm.RemovedIn == "" || (rm.Name == "" && rm.Group == "") {
			t.Errorf("incomplete history row %+v", rm)
		}
		if !strings.Contains(rm.Source, ".yaml") && !strings.Contains(rm.Source, "(") {
			t.Errorf("history row %s: source %q names no release note or commit", rm, rm.Source)
		}
	}
	// rows whose removal falls in a packaged release must agree with the data
	latest := embedded(t, "2026.2")
	for _, rm := range history {
		if rm.Name == "" || rm.Group == "" || strings.Contains(rm.RemovedIn, "master") {
			continue
		}
		if m, ok := latest.Lookup(rm.Group, rm.Name, ""); ok && m.Via != "plugin" {
			t.Errorf("history says %s, but 2026.2 still has %s", rm, m.Option)
		}
	}
}

// TestEmbeddedDataBuilds makes every option of every release, and every
// keystoneauth plugin's options in every group that loads a plugin: the
// lazily made parts of a registry must all be made without error.
func TestEmbeddedDataBuilds(t *testing.T) {
	for _, rel := range releases.Upstream() {
		r, err := loadEmbedded(rel)
		if err != nil {
			t.Fatal(err)
		}
		if err := r.buildAll(); err != nil {
			t.Errorf("%s: %v", rel.Name, err)
		}
		for _, g := range r.Groups() {
			if !r.LoadsPlugin(g) {
				continue
			}
			for _, at := range r.AuthTypes() {
				if opts, ok := r.PluginOptions(g, at); !ok || len(opts) == 0 {
					t.Errorf("%s: [%s] auth_type %s has no options", rel.Name, g, at)
				}
			}
		}
		if len(r.aliasIndex()) == 0 {
			t.Errorf("%s: no deprecated names at all", rel.Name)
		}
	}
}

// TestLazyRegistryIsConcurrent looks up the same keys from many goroutines
// in a fresh registry (go test -race checks the first-use paths).
func TestLazyRegistryIsConcurrent(t *testing.T) {
	r, err := loadEmbedded(releases.Upstream()[1])
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan string)
	for i := 0; i < 8; i++ {
		go func() {
			m, ok := r.Lookup("DEFAULT", "rabbit_host", "")
			n, _ := r.Lookup("keystone_authtoken", "auth_url", "password")
			got := fmt.Sprint(ok, m.Option, n.Option)
			if ok {
				got += " " + m.Via
			}
			done <- got
		}()
	}
	first := <-done
	for i := 1; i < 8; i++ {
		if got := <-done; got != first {
			t.Errorf("goroutines disagree: %q vs %q", got, first)
		}
	}
}
