// Package site is the model of a heatconf site file: one TOML file that
// describes a Heat deployment. It decodes strictly (unknown keys are errors
// with their line), fills defaults, validates in one pass (the rules the
// struct tags declare in go-playground/validator's tag language, checked by
// declared.go; heatconf's own rules with messages of their own) and resolves
// secret references. It knows nothing of how the site is rendered.
package site

import "github.com/heatconf/heatconf/schema/releases"

// Site is a whole deployment as the site file describes it.
type Site struct {
	// Release is the OpenStack release the deployment runs ("2025.1", "zed", ...).
	Release string `toml:"release" validate:"required"`
	// Region is the Keystone region of the catalog endpoints.
	Region string `toml:"region" validate:"required"`

	Keystone  Keystone  `toml:"keystone"`
	Endpoints Endpoints `toml:"endpoints"`
	Database  Database  `toml:"database"`
	Messaging Messaging `toml:"messaging"`
	Memcache  Memcache  `toml:"memcache"`
	Heat      Heat      `toml:"heat"`
	TLS       TLS       `toml:"tls"`
	Render    Render    `toml:"render"`

	// Hosts holds per-host values of a multi-controller site, by host name.
	// Each key names the directory its files are rendered into, so it must
	// be a host name (see ValidHostName).
	Hosts map[string]Host `toml:"hosts" validate:"dive"`

	// Overrides are heat.conf values merged last: section -> key -> value.
	// A value of {} (an empty table) removes the key.
	Overrides map[string]map[string]any `toml:"overrides"`

	// Path is the file the site was read from ("" for in-memory sites).
	Path string `toml:"-"`

	keys    keyIndex         // where each key is written, for messages
	derived map[string]bool  // keys whose value was derived from another key
	rel     releases.Release // Release looked up, once, when the site is validated
	relErr  error

	overrideSecrets    []string // resolved values of secret options in [overrides]
	overrideSecretKeys []string // their keys
	src                string   // the file's text, for positions
}

// Keystone describes the identity side: where Keystone is and the objects
// the bootstrap script creates.
type Keystone struct {
	PublicURL   string `toml:"public_url" validate:"required"`
	InternalURL string `toml:"internal_url" validate:"required"`

	ServiceProject string   `toml:"service_project" validate:"required"`
	ServiceDomain  string   `toml:"service_domain" validate:"required"`
	HeatUser       string   `toml:"heat_user" validate:"required"`
	HeatPassword   Secret   `toml:"heat_password" validate:"required"`
	HeatRoles      []string `toml:"heat_roles" validate:"required,min=1,unique"`

	StackDomain              string `toml:"stack_domain" validate:"required"`
	StackDomainDescription   string `toml:"stack_domain_description"`
	StackDomainAdmin         string `toml:"stack_domain_admin" validate:"required"`
	StackDomainAdminPassword Secret `toml:"stack_domain_admin_password" validate:"required"`
	StackUserRole            string `toml:"stack_user_role" validate:"required"`
	StackOwnerRole           string `toml:"stack_owner_role" validate:"required"`

	// StackOwners are the users given StackOwnerRole on a project.
	StackOwners []Grant `toml:"stack_owners" validate:"dive"`
}

// Grant gives a role to a user on a project.
type Grant struct {
	User    string `toml:"user" validate:"required"`
	Project string `toml:"project" validate:"required"`
	Domain  string `toml:"domain" validate:"required"`
}

// Endpoints are the base URLs of heat-api and heat-api-cfn (scheme, host,
// port, no path). heatconf appends /v1/%(tenant_id)s, /v1 and
// /v1/waitcondition where each belongs.
type Endpoints struct {
	HeatPublic   string `toml:"heat_public" validate:"required"`
	HeatInternal string `toml:"heat_internal" validate:"required"`
	HeatAdmin    string `toml:"heat_admin" validate:"required"`
	CfnPublic    string `toml:"cfn_public" validate:"required"`
	CfnInternal  string `toml:"cfn_internal" validate:"required"`
	CfnAdmin     string `toml:"cfn_admin" validate:"required"`
}

// Database is the MySQL/MariaDB database of Heat.
type Database struct {
	Host         string   `toml:"host" validate:"required"`
	Port         int      `toml:"port" validate:"min=1,max=65535"`
	Name         string   `toml:"name" validate:"required"`
	User         string   `toml:"user" validate:"required"`
	Password     Secret   `toml:"password" validate:"required"`
	AllowedHosts []string `toml:"allowed_hosts" validate:"required,min=1,unique,dive,required"`
	TLS          bool     `toml:"tls"`
	CAFile       string   `toml:"ca_file"`
}

// Messaging is the RabbitMQ cluster of the RPC transport.
type Messaging struct {
	Hosts         []string `toml:"hosts" validate:"required,min=1,unique"`
	User          string   `toml:"user" validate:"required"`
	Password      Secret   `toml:"password" validate:"required"`
	VHost         string   `toml:"vhost" validate:"required"`
	TLS           bool     `toml:"tls"`
	CAFile        string   `toml:"ca_file"`
	Notifications string   `toml:"notifications" validate:"oneof=noop messagingv2"`
}

// Memcache is the memcached pool for token and oslo.cache caching.
type Memcache struct {
	Servers   []string `toml:"servers" validate:"unique"`
	SecretKey Secret   `toml:"secret_key"`
}

// Heat holds Heat's own settings.
type Heat struct {
	// AuthEncryptionKey encrypts stack secrets in the database. Exactly 32
	// characters, the same on every host, never rotated.
	AuthEncryptionKey Secret `toml:"auth_encryption_key" validate:"required"`
	EngineWorkers     int    `toml:"engine_workers" validate:"min=0,max=256"`
	APIWorkers        int    `toml:"api_workers" validate:"min=0,max=256"`
	Debug             bool   `toml:"debug"`
}

// TLS holds the CA bundle that fans out to every CA option of heat.conf.
type TLS struct {
	CAFile string `toml:"ca_file"`
}

// Render holds choices about the rendered files themselves.
type Render struct {
	// Secrets says where the secrets go: SecretsInline (the default) writes
	// them into heat.conf and the bootstrap scripts; SecretsEnvironment
	// keeps every rendered file but one free of them and writes them to
	// heat.env, for oslo.config's environment source.
	Secrets string `toml:"secrets" validate:"oneof=inline environment"`
	// EnvFile is where install-heat.sh puts heat.env on the host, and what
	// the services' systemd drop-ins name (SecretsEnvironment only).
	EnvFile string `toml:"env_file" validate:"required"`
}

// The values of [render] secrets.
const (
	SecretsInline      = "inline"
	SecretsEnvironment = "environment"
)

// DefaultEnvFile is where heat.env goes on a host unless [render] env_file
// says otherwise.
const DefaultEnvFile = "/etc/heat/heat.env"

// SecretFree reports whether the site keeps its secrets out of heat.conf
// and the scripts ([render] secrets = "environment").
func (s *Site) SecretFree() bool { return s.Render.Secrets == SecretsEnvironment }

// Host is one controller of a multi-controller site.
type Host struct {
	// Name is written to [DEFAULT] host; the table key is used when empty.
	Name string `toml:"name"`
	// BindHost is the address heat-api and heat-api-cfn listen on.
	BindHost string `toml:"bind_host" validate:"omitempty,ip"`
}

// HeatRelease is the release the site names, looked up once when the site
// was validated: what render, lint and probe use for it.
func (s *Site) HeatRelease() releases.Release { return s.rel }
