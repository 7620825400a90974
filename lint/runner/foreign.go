package runner

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/lint"
)

// A file named on the command line is linted whatever its name; one that
// is plainly another service's configuration (nova.conf, keystone.conf,
// an nginx site) gets one finding that says so, instead of the dozen a
// heat.conf that lacked all of Heat's settings would get. Plainly: it has
// sections or options that only other programs have, and none of Heat's
// own; a file with neither is linted as heat.conf (a fragment may hold
// [database] alone).

// heatSections are sections only Heat has (besides every [clients_*] and
// [ec2authtoken.*]).
var heatSections = []string{
	"heat_api", "heat_api_cfn", "heat_api_cloudwatch", "heat_all", "clients", "trustee", "ec2authtoken",
	"auth_password", "eventlet_opts", "resource_finder_cache", "constraint_validation_cache",
	"service_extension_cache",
}

// heatOptions are [DEFAULT] options only Heat has: those of Heat's own
// option namespaces whose names no other service uses.
var heatOptions = []string{
	"heat_metadata_server_url", "heat_waitcondition_server_url", "heat_watch_server_url",
	"heat_stack_user_role", "stack_user_domain_id", "stack_user_domain_name", "stack_domain_admin",
	"stack_domain_admin_password", "auth_encryption_key", "deferred_auth_method",
	"reauthentication_auth_method", "allow_trusts_redelegation", "trusts_delegated_roles",
	"max_resources_per_stack", "max_stacks_per_tenant", "max_software_configs_per_tenant",
	"max_software_deployments_per_tenant", "max_snapshots_per_stack", "max_template_size",
	"max_nested_stack_depth", "max_events_per_stack", "event_purge_batch_size", "num_engine_workers",
	"convergence_engine", "observe_on_update", "stack_action_timeout", "engine_life_check_timeout",
	"enable_stack_abandon", "enable_stack_adopt", "default_software_config_transport",
	"default_deployment_signal_transport", "default_user_data_format", "hidden_stack_tags",
	"stack_scheduler_hints", "encrypt_parameters_and_properties", "instance_connection_is_secure",
	"instance_connection_https_validate_certificates", "region_name_for_services",
	"region_name_for_shared_services", "shared_services_types", "server_keystone_endpoint_type",
	"loadbalancer_template", "onready", "instance_user", "heat_stack_user_role", "cloud_backend",
	"keystone_backend", "template_fetch_timeout", "metadata_put_timeout", "max_server_name_length",
	"max_interface_check_attempts", "max_nova_api_microversion", "max_cinder_api_microversion",
	"max_ironic_api_microversion", "action_retry_limit", "error_wait_time",
}

// otherSections name the sections that only other programs' files have,
// by the program they point to.
var otherSections = map[string][]string{
	"nova.conf": {"api_database", "cells", "libvirt", "vnc", "spice", "serial_console", "scheduler",
		"filter_scheduler", "compute", "conductor", "workarounds", "pci", "consoleauth", "vendordata_dynamic_auth",
		"hyperv", "vmware", "xenserver", "powervm", "zvm", "mks", "rdp", "os_vif_linux_bridge", "os_vif_ovs",
		"placement", "neutron", "glance", "cinder", "ironic", "notifications", "api"},
	"keystone.conf": {"token", "fernet_tokens", "fernet_receipts", "credential", "identity", "identity_mapping",
		"assignment", "resource", "federation", "saml", "ldap", "catalog", "auth", "application_credential",
		"role", "shadow_users", "trust", "unified_limit", "endpoint_filter", "endpoint_policy", "oauth1",
		"tokenless_auth", "totp", "access_rules_config", "jwt_tokens", "receipt", "security_compliance",
		"revoke", "domain_config", "eventlet_server", "memcache"},
	"neutron.conf": {"ml2", "ml2_type_flat", "ml2_type_vlan", "ml2_type_vxlan", "ml2_type_gre",
		"ml2_type_geneve", "ovs", "ovn", "agent", "securitygroup", "nova", "designate", "quotas",
		"linux_bridge", "vxlan", "sriov_nic", "l2pop", "experimental"},
	"glance-api.conf": {"glance_store", "image_format", "taskflow_executor", "store_type_location_strategy",
		"os_glance_staging_store", "os_glance_tasks_store", "image_import_opts", "import_filtering_opts"},
	"cinder.conf":    {"lvm", "backend", "backend_defaults", "key_manager", "coordination", "fc-zone-manager"},
	"placement.conf": {"placement_database"},
	"octavia.conf": {"controller_worker", "haproxy_amphora", "health_manager", "house_keeping",
		"amphora_agent", "task_flow", "api_settings", "driver_agent"},
	"barbican.conf": {"secretstore", "crypto", "simple_crypto_plugin", "p11_crypto_plugin", "kmip_plugin",
		"dogtag_plugin"},
	"ironic.conf": {"deploy", "pxe", "ipmi", "inspector", "dhcp", "ilo", "redfish"},
	"a Python logging configuration (logging.conf)": {"loggers", "handlers", "formatters"},
	"a MySQL option file (my.cnf)":                  {"mysqld", "mysqld_safe", "client", "mysql", "mysqldump", "galera", "mariadb"},
	"a systemd unit":                                {"unit", "service", "install", "socket", "timer"},
	"a supervisord configuration":                   {"supervisord", "supervisorctl", "unix_http_server", "inet_http_server"},
	"a uWSGI configuration":                         {"uwsgi"},
	"a Python project file (setup.cfg, tox.ini)":    {"metadata", "options", "tox", "testenv", "flake8", "entry_points", "pbr"},
}

// otherPrefixes name sections by the start of their names.
var otherPrefixes = map[string][]string{
	"a paste deployment file (api-paste.ini)":       {"pipeline:", "app:", "filter:", "composite:"},
	"a Python logging configuration (logging.conf)": {"logger_", "handler_", "formatter_"},
	"a supervisord configuration":                   {"program:", "group:", "eventlistener:", "rpcinterface:"},
	"designate.conf":                                {"service:", "storage:", "network_api:", "handler:"},
	"a Python project file (setup.cfg, tox.ini)":    {"testenv:"},
}

// otherOptions name [DEFAULT] options that only other services have.
var otherOptions = map[string][]string{
	"nova.conf": {"compute_driver", "enabled_apis", "instances_path", "use_neutron", "firewall_driver",
		"vif_plugging_is_fatal", "vif_plugging_timeout", "cpu_allocation_ratio", "ram_allocation_ratio",
		"disk_allocation_ratio", "osapi_compute_listen", "osapi_compute_workers", "metadata_listen",
		"metadata_workers", "allow_resize_to_same_host", "scheduler_driver", "resume_guests_state_on_host_boot",
		"novncproxy_base_url", "block_device_allocate_retries", "reserved_host_memory_mb"},
	"keystone.conf": {"admin_token", "public_endpoint", "admin_endpoint", "max_token_size"},
	"neutron.conf": {"core_plugin", "service_plugins", "allow_overlapping_ips",
		"notify_nova_on_port_status_changes", "notify_nova_on_port_data_changes", "dhcp_agents_per_network",
		"router_distributed", "l3_ha", "interface_driver", "dhcp_driver", "enable_isolated_metadata",
		"external_network_bridge", "nova_metadata_host", "metadata_proxy_shared_secret"},
	"cinder.conf": {"enabled_backends", "volume_driver", "volume_group", "iscsi_helper", "target_helper",
		"volumes_dir", "osapi_volume_listen", "default_volume_type", "backup_driver", "iscsi_ip_address"},
	"glance-api.conf": {"show_image_direct_url", "show_multiple_locations", "registry_host", "image_cache_dir"},
}

// The tables above by name: what each section, prefix and option points
// to (a name points to one program only; TestNotHeatTables checks).
// They are made on first use: only a lint that looks at a file needs them.
type foreignTables struct {
	sectionOf, optionOf map[string]string
	prefixOrder         []string
}

var tables = sync.OnceValue(func() *foreignTables {
	return &foreignTables{
		sectionOf:   index(otherSections),
		optionOf:    index(otherOptions),
		prefixOrder: sortedKeys(otherPrefixes),
	}
})

// heatSets are Heat's own sections and [DEFAULT] options as sets: all a
// file needs that shows one of them (every heat.conf), made apart from the
// larger tables of the other programs.
type heatSets struct{ options, sections map[string]bool }

var heatTables = sync.OnceValue(func() heatSets {
	return heatSets{options: setOf(heatOptions), sections: setOf(heatSections)}
})

func setOf(names []string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

func index(table map[string][]string) map[string]string {
	m := map[string]string{}
	for what, names := range table {
		for _, n := range names {
			m[n] = what
		}
	}
	return m
}

// marker is one line that points to another program.
type marker struct {
	what string // the program: "nova.conf", "a systemd unit"
	text string // "[api_database]", "compute_driver"
	file string
	line int
}

// notHeatINI returns the finding for files that parse as INI and are
// plainly another program's configuration, or false.
func notHeatINI(files []*conf.File) (lint.Finding, bool) {
	if showsHeat(files) {
		return lint.Finding{}, false
	}
	var marks []marker
	for _, f := range files {
		for _, s := range f.Sections {
			if what := otherSection(s.Name); what != "" {
				marks = append(marks, marker{what, "[" + s.Name + "]", f.Name, s.Pos.Line})
			}
			if s.Group != "DEFAULT" {
				continue
			}
			for _, e := range s.Entries {
				if what := tables().optionOf[e.Key]; what != "" {
					marks = append(marks, marker{what, e.Key, f.Name, e.FirstLine})
				}
			}
		}
	}
	if len(marks) == 0 {
		return lint.Finding{}, false
	}
	what := likeliest(marks)
	var shown []string
	var first *marker
	for i, m := range marks {
		if m.what != what || len(shown) == 3 {
			continue
		}
		if first == nil {
			first = &marks[i]
		}
		shown = append(shown, fmt.Sprintf("%s (line %d)", m.text, m.line))
	}
	msg := fmt.Sprintf("this looks like %s, not heat.conf: %s %s, and it has none of Heat's own sections or options; heatconf lints Heat's configuration only (a directory walk reads heat.conf and its drop-ins; leave this file out, or name Heat's)",
		what, joinAnd(shown), belongs(what, len(shown)))
	return lint.Finding{File: first.file, Line: first.line, Column: 1, Rule: lint.ParseErrorRule, Severity: lint.Error, Message: msg}, true
}

// belongs says whose the shown lines are: "are nova's", "is a systemd
// unit's".
func belongs(what string, n int) string {
	verb := "are"
	if n == 1 {
		verb = "is"
	}
	if name, ok := strings.CutSuffix(what, ".conf"); ok {
		return verb + " " + name + "'s"
	}
	return verb + " of " + what
}

// likeliest is the program most markers point to (the first named, on a
// tie).
func likeliest(marks []marker) string {
	count := map[string]int{}
	best := ""
	for _, m := range marks {
		count[m.what]++
		if best == "" || count[m.what] > count[best] {
			best = m.what
		}
	}
	return best
}

// showsHeat reports whether the files have one of Heat's own sections or
// [DEFAULT] options.
func showsHeat(files []*conf.File) bool {
	for _, f := range files {
		for _, s := range f.Sections {
			if heatSection(s.Group) {
				return true
			}
			if s.Group == "DEFAULT" && slices.ContainsFunc(s.Entries, func(e *conf.Entry) bool { return heatTables().options[e.Key] }) {
				return true
			}
		}
	}
	return false
}

func heatSection(group string) bool {
	return heatTables().sections[group] || strings.HasPrefix(group, "clients_") || strings.HasPrefix(group, "ec2authtoken.")
}

func otherSection(name string) string {
	lower := strings.ToLower(strings.TrimSpace(name))
	if what := tables().sectionOf[lower]; what != "" {
		return what
	}
	for _, what := range tables().prefixOrder {
		for _, p := range otherPrefixes[what] {
			if strings.HasPrefix(lower, p) {
				return what
			}
		}
	}
	return ""
}

func joinAnd(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// otherSyntaxes recognise, line by line, files of a syntax that is not
// INI.
var otherSyntaxes = sync.OnceValue(func() []otherSyntax {
	return []otherSyntax{
		{"an nginx configuration", regexp.MustCompile(`^\s*(server|http|events|stream|upstream\s+[\w.-]+|location\s+[^{]*)\s*\{\s*$|^\s*(listen|server_name|proxy_pass|root|fastcgi_pass|uwsgi_pass|ssl_certificate|return)\s+[^=]*;\s*$`)},
		{"an Apache httpd configuration", regexp.MustCompile(`^\s*</?(VirtualHost|Directory|Location|IfModule|Files)\b|^\s*(LoadModule|WSGIDaemonProcess|WSGIProcessGroup|WSGIScriptAlias|ServerName|DocumentRoot|ErrorLog|CustomLog)\s`)},
		{"an HAProxy configuration", regexp.MustCompile(`^(frontend|backend|listen)\s+\S+\s*$`)},
		{"a shell script", regexp.MustCompile(`^#!`)},
		{"an XML file", regexp.MustCompile(`^\s*<\?xml`)},
	}
})

type otherSyntax struct {
	what string
	re   *regexp.Regexp
}

// notHeatText returns the finding for a file oslo.config cannot read that
// is plainly of another syntax (nginx, Apache, HAProxy, a script, XML),
// or false; the parse error stands otherwise.
func notHeatText(name string, data []byte) (lint.Finding, bool) {
	lines := strings.SplitN(string(data), "\n", 201)
	for i, line := range lines[:min(len(lines), 200)] {
		if i > 0 && strings.HasPrefix(line, "#!") {
			continue
		}
		for _, s := range otherSyntaxes() {
			if s.re.MatchString(line) {
				msg := fmt.Sprintf("this looks like %s, not heat.conf (line %d: %s): oslo.config cannot read it; heatconf lints Heat's configuration only (leave this file out, or name Heat's)",
					s.what, i+1, shorten(strings.TrimSpace(line)))
				return lint.Finding{File: name, Line: i + 1, Column: 1, Rule: lint.ParseErrorRule, Severity: lint.Error, Message: msg}, true
			}
		}
	}
	return lint.Finding{}, false
}

func shorten(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}
