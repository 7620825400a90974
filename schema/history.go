package schema

import (
	"fmt"
	"strings"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/schema/internal/optdata"
	"github.com/heatconf/heatconf/schema/releases"
)

// Removal is one option that install guides still carry but that a release
// no longer has.
type Removal struct {
	// Group and Name as guides write them. Group "" = any group; Name "" =
	// the whole group is gone.
	Group, Name string
	RemovedIn   string // e.g. "oslo.messaging 9.0.0 (Stein)", "keystonemiddleware 13.0.0 (2026.2)"
	Replacement string // what to write instead, e.g. "[DEFAULT] transport_url"
	Source      string // release note or commit
	Note        string
}

// String gives "[group] name removed in X; use Y".
func (rm Removal) String() string {
	what := rm.Name
	switch {
	case rm.Name == "":
		what = "[" + rm.Group + "]"
	case rm.Group != "":
		what = "[" + rm.Group + "] " + rm.Name
	}
	s := what + " was removed in " + rm.RemovedIn
	if rm.Replacement != "" {
		s += "; use " + rm.Replacement
	}
	return s
}

const (
	srcMsg9 = "oslo.messaging releasenotes/notes/removal-deprecated-options-6d4c5db90525c52d.yaml (58fb5b06)"
	srcKSM  = "keystonemiddleware releasenotes/notes/remove-AuthTokenPlugin-cd773e3f1caba9ba.yaml (af18800)"
	srcDB15 = "oslo.db releasenotes/notes/remove-deprecated-opts-1d095911e82fee3b.yaml (bf90aed)"
	srcMsgR = "oslo.messaging releasenotes/notes/rabbitmq-opts-cleanup-e0f97d4cc0855c5a.yaml (7f7d8048)"
	srcMsgN = "oslo.messaging releasenotes/notes/remove-deprecated-notif-opts-142f8eea540c17ec.yaml (c0ffd6c6)"
	srcCW   = "heat releasenotes/notes/cloud-watch-cleanup-62151466d15ac504.yaml (ba15d70e1); the CloudWatch API itself went in heat 10.0.0 (6d55417f8)"
	srcEC2  = "heat releasenotes/notes/remove-deprecated-ec2authtoken-opts-a401409275d50c01.yaml (102c96a82); deprecated in 26.0.0 by deprecate-legacy-ec2token-opts-410d05dd39368f38.yaml"
	srcWSGI = "heat releasenotes/notes/drop-heat-wsgi-scripts-using-eventlet-fb27d7912ffbd0a4.yaml (414793c47, e910a85eb)"

	srcPool   = "oslo.messaging 5f92d68e (rabbit: Fix wrong section to render connection pool options, 16.0.0): impl_rabbit.RabbitDriver.__init__ registers the pool options in [oslo_messaging_rabbit] only"
	srcPoolIn = "oslo.messaging 16.0.0's sample config (Heat never read it in [DEFAULT])"

	ksmNote = "the legacy AuthTokenPlugin; used only when auth_type is unset (deprecated since Mitaka)"
	ksmRepl = "[keystone_authtoken] auth_type = password with auth_url, username, password, project_name, user_domain_name, project_domain_name"
)

// history is the curated table: options install guides carry that the
// packaged releases no longer have, each with its upstream source. Rows for
// options a release still has never apply to it (Removed checks the data
// first).
var history = []Removal{
	// oslo.messaging 9.0.0 (Stein)
	{Group: "DEFAULT", Name: "rpc_backend", RemovedIn: "oslo.messaging 9.0.0 (Stein)", Replacement: "[DEFAULT] transport_url = rabbit://USER:PASS@HOST:5672/", Source: "oslo.messaging d3f6ca0b; " + srcMsg9, Note: "without transport_url, services connect to rabbit://guest:guest@localhost:5672/"},
	{Name: "rabbit_host", RemovedIn: "oslo.messaging 9.0.0 (Stein)", Replacement: "[DEFAULT] transport_url = rabbit://USER:PASS@HOST:5672/", Source: "oslo.messaging b0d3bfce; " + srcMsg9, Note: "deprecated in oslo.messaging 5.10.0 (Ocata); guides wrote it in [DEFAULT] or [oslo_messaging_rabbit]"},
	{Name: "rabbit_port", RemovedIn: "oslo.messaging 9.0.0 (Stein)", Replacement: "the port in [DEFAULT] transport_url", Source: "oslo.messaging b0d3bfce; " + srcMsg9},
	{Name: "rabbit_hosts", RemovedIn: "oslo.messaging 9.0.0 (Stein)", Replacement: "[DEFAULT] transport_url = rabbit://USER:PASS@HOST1:5672,USER:PASS@HOST2:5672/", Source: "oslo.messaging b0d3bfce; " + srcMsg9},
	{Name: "rabbit_userid", RemovedIn: "oslo.messaging 9.0.0 (Stein)", Replacement: "the user in [DEFAULT] transport_url", Source: "oslo.messaging b0d3bfce; " + srcMsg9},
	{Name: "rabbit_password", RemovedIn: "oslo.messaging 9.0.0 (Stein)", Replacement: "the password in [DEFAULT] transport_url", Source: "oslo.messaging b0d3bfce; " + srcMsg9},
	{Name: "rabbit_virtual_host", RemovedIn: "oslo.messaging 9.0.0 (Stein)", Replacement: "the path of [DEFAULT] transport_url (rabbit://USER:PASS@HOST:5672/VHOST)", Source: "oslo.messaging b0d3bfce; " + srcMsg9},
	{Name: "rabbit_max_retries", RemovedIn: "oslo.messaging 9.0.0 (Stein)", Source: "oslo.messaging b0d3bfce; " + srcMsg9},
	{Name: "rabbit_durable_queues", RemovedIn: "oslo.messaging 9.0.0 (Stein)", Replacement: "[oslo_messaging_rabbit] amqp_durable_queues", Source: "oslo.messaging 3b1b08b7; " + srcMsg9},
	{Group: "oslo_messaging_amqp", Name: "username", RemovedIn: "oslo.messaging 9.0.0 (Stein)", Replacement: "the user in [DEFAULT] transport_url", Source: srcMsg9},
	{Group: "oslo_messaging_amqp", Name: "password", RemovedIn: "oslo.messaging 9.0.0 (Stein)", Replacement: "the password in [DEFAULT] transport_url", Source: srcMsg9},
	{Group: "oslo_messaging_amqp", Name: "allow_insecure_clients", RemovedIn: "oslo.messaging 9.0.0 (Stein)", Source: srcMsg9},
	{Group: "oslo_messaging_kafka", Name: "kafka_default_host", RemovedIn: "oslo.messaging 9.0.0 (Stein)", Replacement: "[DEFAULT] transport_url = kafka://HOST:9092/", Source: srcMsg9},
	{Group: "oslo_messaging_kafka", Name: "kafka_default_port", RemovedIn: "oslo.messaging 9.0.0 (Stein)", Replacement: "the port in [DEFAULT] transport_url", Source: srcMsg9},

	// oslo.messaging 15.0.0 / 16.0.0 / 18.0.0
	{Group: "oslo_messaging_amqp", RemovedIn: "oslo.messaging 15.0.0 (2025.1)", Replacement: "another driver (rabbit://, kafka://) in [DEFAULT] transport_url", Source: "oslo.messaging releasenotes/notes/remove-amqp1-c924ea548dadffaa.yaml (7997a199)", Note: "the AMQP 1.0 driver, deprecated in 14.1.0"},
	{Group: "oslo_messaging_rabbit", Name: "rabbit_use_ssl", RemovedIn: "oslo.messaging 16.0.0 (2025.1)", Replacement: "[oslo_messaging_rabbit] ssl", Source: srcMsgR},
	{Group: "oslo_messaging_rabbit", Name: "kombu_ssl_version", RemovedIn: "oslo.messaging 16.0.0 (2025.1)", Replacement: "[oslo_messaging_rabbit] ssl_version", Source: srcMsgR},
	{Group: "oslo_messaging_rabbit", Name: "kombu_ssl_keyfile", RemovedIn: "oslo.messaging 16.0.0 (2025.1)", Replacement: "[oslo_messaging_rabbit] ssl_key_file", Source: srcMsgR},
	{Group: "oslo_messaging_rabbit", Name: "kombu_ssl_certfile", RemovedIn: "oslo.messaging 16.0.0 (2025.1)", Replacement: "[oslo_messaging_rabbit] ssl_cert_file", Source: srcMsgR},
	{Group: "oslo_messaging_rabbit", Name: "kombu_ssl_ca_certs", RemovedIn: "oslo.messaging 16.0.0 (2025.1)", Replacement: "[oslo_messaging_rabbit] ssl_ca_file", Source: srcMsgR},
	{Group: "DEFAULT", Name: "amqp_auto_delete", RemovedIn: "oslo.messaging 16.0.0 (2025.1)", Replacement: "[oslo_messaging_rabbit] amqp_auto_delete", Source: srcMsgR},
	{Group: "DEFAULT", Name: "kombu_reconnect_delay", RemovedIn: "oslo.messaging 16.0.0 (2025.1)", Replacement: "[oslo_messaging_rabbit] kombu_reconnect_delay", Source: srcMsgR},
	{Group: "DEFAULT", Name: "rabbit_login_method", RemovedIn: "oslo.messaging 16.0.0 (2025.1)", Replacement: "[oslo_messaging_rabbit] rabbit_login_method", Source: srcMsgR},
	{Group: "DEFAULT", Name: "rabbit_retry_backoff", RemovedIn: "oslo.messaging 16.0.0 (2025.1)", Replacement: "[oslo_messaging_rabbit] rabbit_retry_backoff", Source: srcMsgR},
	{Group: "DEFAULT", Name: "rabbit_ha_queues", RemovedIn: "oslo.messaging 16.0.0 (2025.1)", Replacement: "[oslo_messaging_rabbit] rabbit_ha_queues", Source: srcMsgR},
	{Group: "DEFAULT", Name: "rpc_conn_pool_size", RemovedIn: "oslo.messaging 16.0.0 (2025.1)", Replacement: "[oslo_messaging_rabbit] rpc_conn_pool_size", Source: srcMsgR},
	// oslo-config-generator listed the RabbitMQ connection pool options in
	// [DEFAULT] before oslo.messaging 16.0.0; the driver has always read
	// them in [oslo_messaging_rabbit] (rpc_conn_pool_size also as a
	// deprecated [DEFAULT] name until 16.0.0).
	{Group: "DEFAULT", Name: "conn_pool_min_size", RemovedIn: srcPoolIn, Replacement: "[oslo_messaging_rabbit] conn_pool_min_size", Source: srcPool},
	{Group: "DEFAULT", Name: "conn_pool_ttl", RemovedIn: srcPoolIn, Replacement: "[oslo_messaging_rabbit] conn_pool_ttl", Source: srcPool},
	{Group: "DEFAULT", Name: "notification_driver", RemovedIn: "oslo.messaging 16.0.0 (2025.1)", Replacement: "[oslo_messaging_notifications] driver", Source: srcMsgN},
	{Group: "DEFAULT", Name: "notification_transport_url", RemovedIn: "oslo.messaging 16.0.0 (2025.1)", Replacement: "[oslo_messaging_notifications] transport_url", Source: srcMsgN},
	{Group: "DEFAULT", Name: "notification_topics", RemovedIn: "oslo.messaging 16.0.0 (2025.1)", Replacement: "[oslo_messaging_notifications] topics", Source: srcMsgN},
	{Group: "rpc_notifier2", Name: "topics", RemovedIn: "oslo.messaging 16.0.0 (2025.1)", Replacement: "[oslo_messaging_notifications] topics", Source: srcMsgN},
	{Group: "oslo_messaging_rabbit", Name: "heartbeat_in_pthread", RemovedIn: "oslo.messaging 18.0.0 (2026.2)", Source: "oslo.messaging releasenotes/notes/remove-heartbeat-in-pthread-option-0ffa11bfc07c58e2.yaml (624f8572)", Note: "remove the line"},

	// keystonemiddleware
	{Group: "keystone_authtoken", Name: "auth_uri", RemovedIn: "keystonemiddleware 13.0.0 (2026.2)", Replacement: "[keystone_authtoken] www_authenticate_uri", Source: "keystonemiddleware 409b482 (renamed, 4.18.0 Queens); " + srcKSM},
	{Group: "keystone_authtoken", Name: "identity_uri", RemovedIn: "keystonemiddleware 13.0.0 (2026.2)", Replacement: ksmRepl, Source: srcKSM, Note: ksmNote},
	{Group: "keystone_authtoken", Name: "admin_user", RemovedIn: "keystonemiddleware 13.0.0 (2026.2)", Replacement: ksmRepl, Source: srcKSM, Note: ksmNote},
	{Group: "keystone_authtoken", Name: "admin_password", RemovedIn: "keystonemiddleware 13.0.0 (2026.2)", Replacement: ksmRepl, Source: srcKSM, Note: ksmNote},
	{Group: "keystone_authtoken", Name: "admin_tenant_name", RemovedIn: "keystonemiddleware 13.0.0 (2026.2)", Replacement: ksmRepl, Source: srcKSM, Note: ksmNote},
	{Group: "keystone_authtoken", Name: "admin_token", RemovedIn: "keystonemiddleware 13.0.0 (2026.2)", Replacement: ksmRepl, Source: srcKSM, Note: ksmNote},
	{Group: "keystone_authtoken", Name: "auth_host", RemovedIn: "keystonemiddleware 13.0.0 (2026.2)", Replacement: ksmRepl, Source: srcKSM, Note: ksmNote},
	{Group: "keystone_authtoken", Name: "auth_port", RemovedIn: "keystonemiddleware 13.0.0 (2026.2)", Replacement: ksmRepl, Source: srcKSM, Note: ksmNote},
	{Group: "keystone_authtoken", Name: "auth_protocol", RemovedIn: "keystonemiddleware 13.0.0 (2026.2)", Replacement: ksmRepl, Source: srcKSM, Note: ksmNote},
	{Group: "keystone_authtoken", Name: "auth_admin_prefix", RemovedIn: "keystonemiddleware 13.0.0 (2026.2)", Replacement: ksmRepl, Source: srcKSM, Note: ksmNote},

	// oslo.log
	{Group: "DEFAULT", Name: "verbose", RemovedIn: "oslo.log 3.22.0 (Pike)", Replacement: "[DEFAULT] debug (INFO is logged by default)", Source: "oslo.log releasenotes/notes/remove-verbose-option-d0d1381e182d1be1.yaml (9e3afbf)"},
	{Group: "DEFAULT", Name: "use_syslog_rfc_format", RemovedIn: "oslo.log 3.2.0 (Mitaka)", Source: "oslo.log releasenotes/notes/remove-syslog-rfc-format-7a06772c0bb48e9b.yaml (ef9f69f)", Note: "remove the line"},

	// oslo.db
	{Group: "DEFAULT", Name: "sql_connection", RemovedIn: "oslo.db 15.0.0 (2024.1)", Replacement: "[database] connection", Source: srcDB15},
	{Group: "database", Name: "sql_connection", RemovedIn: "oslo.db 15.0.0 (2024.1)", Replacement: "[database] connection", Source: srcDB15},
	{Group: "sql", Name: "connection", RemovedIn: "oslo.db 15.0.0 (2024.1)", Replacement: "[database] connection", Source: srcDB15},
	{Group: "DEFAULT", Name: "sql_max_retries", RemovedIn: "oslo.db 15.0.0 (2024.1)", Replacement: "[database] max_retries", Source: srcDB15},
	{Group: "database", Name: "sql_max_retries", RemovedIn: "oslo.db 15.0.0 (2024.1)", Replacement: "[database] max_retries", Source: srcDB15},
	{Group: "DEFAULT", Name: "sql_retry_interval", RemovedIn: "oslo.db 15.0.0 (2024.1)", Replacement: "[database] retry_interval", Source: srcDB15},
	{Group: "database", Name: "reconnect_interval", RemovedIn: "oslo.db 15.0.0 (2024.1)", Replacement: "[database] retry_interval", Source: srcDB15},
	{Group: "DEFAULT", Name: "sql_max_overflow", RemovedIn: "oslo.db 15.0.0 (2024.1)", Replacement: "[database] max_overflow", Source: srcDB15},
	{Group: "database", Name: "sqlalchemy_max_overflow", RemovedIn: "oslo.db 15.0.0 (2024.1)", Replacement: "[database] max_overflow", Source: srcDB15},
	{Group: "database", Name: "sqlalchemy_pool_timeout", RemovedIn: "oslo.db 15.0.0 (2024.1)", Replacement: "[database] pool_timeout", Source: srcDB15},
	{Group: "DEFAULT", Name: "sql_connection_debug", RemovedIn: "oslo.db 15.0.0 (2024.1)", Replacement: "[database] connection_debug", Source: srcDB15},
	{Group: "DEFAULT", Name: "sql_connection_trace", RemovedIn: "oslo.db 15.0.0 (2024.1)", Replacement: "[database] connection_trace", Source: srcDB15},
	{Group: "DEFAULT", Name: "db_backend", RemovedIn: "oslo.db 15.0.0 (2024.1)", Replacement: "[database] backend", Source: srcDB15},
	{Group: "DEFAULT", Name: "sqlite_synchronous", RemovedIn: "oslo.db 15.0.0 (2024.1)", Replacement: "[database] sqlite_synchronous", Source: srcDB15},
	{Group: "database", Name: "idle_timeout", RemovedIn: "oslo.db 10.0.0 (Xena)", Replacement: "[database] connection_recycle_time", Source: "oslo.db releasenotes/notes/removed-deprecated-idle-timeout-051a6a9a792bd8de.yaml (a857b83)"},
	{Group: "DEFAULT", Name: "sql_idle_timeout", RemovedIn: "oslo.db 10.0.0 (Xena)", Replacement: "[database] connection_recycle_time", Source: "oslo.db releasenotes/notes/removed-deprecated-idle-timeout-051a6a9a792bd8de.yaml (a857b83)"},
	{Group: "database", Name: "min_pool_size", RemovedIn: "oslo.db 5.0.0 (Train)", Source: "oslo.db releasenotes/notes/removed-deprecated-min-pool-size-1f351d79fe232129.yaml (6cfdc11)", Note: "it had no effect; remove the line"},

	// heat
	{Group: "DEFAULT", Name: "heat_watch_server_url", RemovedIn: "heat 19.0.0 (Zed)", Replacement: "nothing: use aodh alarms", Source: srcCW},
	{Group: "DEFAULT", Name: "enable_cloud_watch_lite", RemovedIn: "heat 19.0.0 (Zed)", Replacement: "nothing: use aodh alarms", Source: srcCW},
	{Group: "heat_api_cloudwatch", RemovedIn: "heat 19.0.0 (Zed)", Replacement: "nothing: heat-api-cloudwatch is gone", Source: srcCW},
	{Group: "DEFAULT", Name: "onready", RemovedIn: "heat 22.0.0 (2024.1)", Source: "heat releasenotes/notes/remove-onready-cdb6f00c50e84587.yaml (d131a1ada)", Note: "it had no effect; remove the line"},
	{Group: "clients_sahara", RemovedIn: "heat 23.0.0 (2024.2)", Source: "heat releasenotes/notes/remove-sahara-c01d0ca29d3a9e1d.yaml (6cbf9a1e3)", Note: "sahara was retired"},
	{Group: "clients_senlin", RemovedIn: "heat 23.0.0 (2024.2)", Source: "heat releasenotes/notes/remove-senlin-586d6754a7610bdf.yaml (0357a4790)", Note: "senlin was retired"},
	{Group: "clients_monasca", RemovedIn: "heat 25.0.0 (2025.2)", Source: "heat releasenotes/notes/remove-monasca-dece91171a385669.yaml (750752236)", Note: "monasca was retired"},
	{Group: "clients_vitrage", RemovedIn: "heat 27.0.0 (2026.2)", Source: "heat releasenotes/notes/remove-vitrage-2e4f1e4a9e3479b6.yaml (0dce00d42)"},
	{Group: "heat_api_cfn", RemovedIn: "heat 25.0.0 (2025.2)", Replacement: "run heat-api-cfn under uWSGI or mod_wsgi and set the address there", Source: srcWSGI},
	{Group: "eventlet_opts", RemovedIn: "heat 25.0.0 (2025.2)", Replacement: "the WSGI server's own settings", Source: srcWSGI},
	{Group: "heat_api", Name: "bind_host", RemovedIn: "heat 25.0.0 (2025.2)", Replacement: "the WSGI server's listen address (uWSGI, mod_wsgi)", Source: srcWSGI},
	{Group: "heat_api", Name: "bind_port", RemovedIn: "heat 25.0.0 (2025.2)", Replacement: "the WSGI server's listen address (uWSGI, mod_wsgi)", Source: srcWSGI},
	{Group: "heat_api", Name: "workers", RemovedIn: "heat 25.0.0 (2025.2)", Replacement: "the WSGI server's processes setting", Source: srcWSGI},
	{Group: "heat_api", Name: "backlog", RemovedIn: "heat 25.0.0 (2025.2)", Source: srcWSGI},
	{Group: "heat_api", Name: "cert_file", RemovedIn: "heat 25.0.0 (2025.2)", Replacement: "TLS in the WSGI server or proxy", Source: srcWSGI},
	{Group: "heat_api", Name: "key_file", RemovedIn: "heat 25.0.0 (2025.2)", Replacement: "TLS in the WSGI server or proxy", Source: srcWSGI},
	{Group: "heat_api", Name: "max_header_line", RemovedIn: "heat 25.0.0 (2025.2)", Source: srcWSGI},
	{Group: "heat_api", Name: "tcp_keepidle", RemovedIn: "heat 25.0.0 (2025.2)", Source: srcWSGI},
	{Group: "ec2authtoken", Name: "auth_uri", RemovedIn: "heat 27.0.0 (2026.2)", Replacement: "[ec2authtoken] auth_type = password with auth_url, username, password, ... (keystoneauth)", Source: srcEC2},
	{Group: "ec2authtoken", Name: "allowed_auth_uris", RemovedIn: "heat 27.0.0 (2026.2)", Replacement: "[ec2authtoken] clouds and one [ec2authtoken.<cloud>] section per cloud", Source: srcEC2},
	{Group: "ec2authtoken", Name: "ca_file", RemovedIn: "heat 27.0.0 (2026.2)", Replacement: "[ec2authtoken] cafile", Source: srcEC2},
	{Group: "ec2authtoken", Name: "cert_file", RemovedIn: "heat 27.0.0 (2026.2)", Replacement: "[ec2authtoken] certfile", Source: srcEC2},
	{Group: "ec2authtoken", Name: "key_file", RemovedIn: "heat 27.0.0 (2026.2)", Replacement: "[ec2authtoken] keyfile", Source: srcEC2},
	{Group: "DEFAULT", Name: "stack_user_domain", RemovedIn: "heat master after 27.0.0 (c4a566c8c)", Replacement: "[DEFAULT] stack_user_domain_id", Source: "heat releasenotes/notes/remove-stack_user_domain-109a200f95ef7196.yaml (c4a566c8c)"},
}

func (rm Removal) matches(group, key string) bool {
	if rm.Name == "" {
		return rm.Group == group
	}
	return rm.Name == key && (rm.Group == "" || rm.Group == group)
}

// Removed reports whether (group, key) is a known removed option for this
// release: an option the release does not have (Lookup fails) that either
// the curated History names, or the option data of an older supported
// release has (then RemovedIn is "<first release without it>"). A whole
// removed group matches any key in it.
func (r *Registry) Removed(groupName, key string) (Removal, bool) {
	canon := conf.NormalizeGroup(groupName)
	if _, ok := r.Lookup(canon, key, ""); ok {
		return Removal{}, false
	}
	for _, rm := range history {
		if rm.matches(canon, key) {
			return rm, true
		}
	}
	return r.removedFromData(canon, key)
}

// RemovedGroup reports whether a group the release does not have is a
// known removed group (curated History, or the data of older releases).
func (r *Registry) RemovedGroup(groupName string) (Removal, bool) {
	canon := conf.NormalizeGroup(groupName)
	if _, ok := r.Group(canon); ok {
		return Removal{}, false
	}
	for _, rm := range history {
		if rm.Name == "" && rm.Group == canon {
			return rm, true
		}
	}
	return r.removedFromData(canon, "")
}

// removedFromData looks the key (or, for key "", the group) up in the older
// releases' data, newest first.
func (r *Registry) removedFromData(canon, key string) (Removal, bool) {
	older, regs := r.olderRegistries()
	for i := len(older) - 1; i >= 0; i-- {
		old := regs[i]
		if old == nil {
			continue
		}
		next := r.release
		if i+1 < len(older) {
			next = older[i+1]
		}
		if key == "" {
			if _, ok := old.Group(canon); !ok {
				continue
			}
			return Removal{
				Group:     canon,
				RemovedIn: next.Describe(),
				Source:    fmt.Sprintf("option data: Heat %s (%s) has [%s], Heat %s does not", older[i].HeatVersion, older[i].Name, canon, next.HeatVersion),
			}, true
		}
		m, ok := old.Lookup(canon, key, "")
		if !ok {
			continue
		}
		rm := Removal{
			Group:     canon,
			Name:      key,
			RemovedIn: next.Describe(),
			Source:    fmt.Sprintf("option data: Heat %s (%s) has %s, Heat %s does not", older[i].HeatVersion, older[i].Name, m.Option, next.HeatVersion),
		}
		if m.Via != "" && m.Via != "plugin" {
			// it was a deprecated spelling: the option it fed may live on
			if nm, ok := r.Lookup(m.Option.Group, m.Option.Name, ""); ok {
				rm.Replacement = nm.Option.String()
			}
		}
		if m.Option.DeprecatedForRemoval {
			rm.Note = strings.TrimSpace("deprecated for removal in " + older[i].Name + ": " + m.Option.DeprecatedReason)
		}
		return rm, true
	}
	return Removal{}, false
}

// olderRegistries are the upstream releases before r's, oldest first (none
// from LoadYAML), and their registries (nil: cannot be loaded), found once.
// A variant's options are never "removed" (an option only a distribution's
// packages had is not one Heat removed): variants are not among them.
func (r *Registry) olderRegistries() ([]releases.Release, []*Registry) {
	r.olderOnce.Do(func() {
		for _, rel := range table.All() {
			if r.release.Name != "" && rel.Variant == "" && optdata.CompareVersions(rel.HeatVersion, r.release.HeatVersion) < 0 {
				old, _ := EmbeddedRelease(rel)
				r.older, r.olderRegs = append(r.older, rel), append(r.olderRegs, old)
			}
		}
	})
	return r.older, r.olderRegs
}
