package render

import (
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/heatconf/heatconf/internal/escape"
	"github.com/heatconf/heatconf/internal/secret"
	"github.com/heatconf/heatconf/internal/stamp"
	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/schema/releases"
	"github.com/heatconf/heatconf/site"
)

// Features are the release-dependent choices of heat.conf. Each is read
// from the option data of the Heat version rendered for (FeaturesFor), not
// from its series' name: 2025.1 is Heat 24.0.0, whose data lacks what
// 24.1.1 reads, and a site names 24.1.1 to get it.
type Features struct {
	// APIBindOptions: [heat_api]/[heat_api_cfn] bind_host, bind_port and
	// workers, which Heat reads through 24 (2025.1); Heat 25 dropped the
	// eventlet servers and their options.
	APIBindOptions bool
	// EC2Credentials: keystoneauth credentials in [ec2authtoken], which
	// Heat reads from 24.1.1 and 25.0.1 on (Keystone now authenticates
	// POST /v3/ec2tokens); 24.0.0 and 25.0.0 do not have them.
	EC2Credentials bool
	// EC2LegacyURI: [ec2authtoken] auth_uri (and ca_file), deprecated in
	// Heat 26 and removed in 27. Through Heat 25 it is how Heat finds
	// Keystone's ec2tokens, credentials or not.
	EC2LegacyURI bool
}

// FeaturesFor returns the heat.conf choices for the option data of a
// Heat version: an option is written only where that data says Heat reads
// it (registered under its own name, not deprecated for removal), so that
// lint and `schema dump` of the same release accept what render writes.
func FeaturesFor(reg *schema.Registry) Features {
	reads := func(group string, keys ...string) bool {
		for _, k := range keys {
			m, ok := reg.Lookup(group, k, "")
			if !ok || m.Via != "" || m.Option.DeprecatedForRemoval {
				return false
			}
		}
		return true
	}
	readsPassword := func(group string, keys ...string) bool {
		for _, k := range keys {
			if m, ok := reg.Lookup(group, k, "password"); !ok || m.Option.DeprecatedForRemoval {
				return false
			}
		}
		return true
	}
	return Features{
		APIBindOptions: reads("heat_api", "bind_host", "bind_port", "workers") &&
			reads("heat_api_cfn", "bind_host", "bind_port", "workers"),
		EC2Credentials: reg.LoadsPlugin("ec2authtoken") && reads("ec2authtoken", "auth_type", "cafile") &&
			readsPassword("ec2authtoken", "auth_url", "project_domain_name", "user_domain_name", "project_name", "username", "password"),
		EC2LegacyURI: reads("ec2authtoken", "auth_uri", "ca_file"),
	}
}

// Lacks names the choices g makes that f does not, for messages.
func (f Features) Lacks(g Features) []string {
	var out []string
	if g.APIBindOptions && !f.APIBindOptions {
		out = append(out, "[heat_api]/[heat_api_cfn] bind_host, bind_port and workers")
	}
	if g.EC2LegacyURI && !f.EC2LegacyURI {
		out = append(out, "[ec2authtoken] auth_uri")
	}
	if g.EC2Credentials && !f.EC2Credentials {
		out = append(out, "[ec2authtoken] Keystone credentials (without them it cannot check EC2 signatures: wait conditions and signals fail)")
	}
	return out
}

// PointNotes tells, for the option data of the release a site names,
// which newer point releases of its series heat.conf would be rendered
// differently for, and what they read that it lacks: a site that names a
// series ("2025.1") gets what its first Heat version (24.0.0) reads, and
// names the point release ("24.1.1") its deployment runs to get more.
func PointNotes(reg *schema.Registry) []string {
	have := FeaturesFor(reg)
	var notes []string
	for _, p := range reg.PointReleases() {
		preg, err := schema.EmbeddedRelease(p)
		if err != nil {
			continue
		}
		lacks := have.Lacks(FeaturesFor(preg))
		if len(lacks) == 0 {
			continue
		}
		notes = append(notes, fmt.Sprintf("heat.conf is for Heat %s; Heat %s also reads %s: if the deployment runs %s or a later %s release, set release = %q",
			reg.DataVersion(), p.HeatVersion, strings.Join(lacks, " and "), p.HeatVersion, p.Name, p.HeatVersion))
	}
	return notes
}

// View is what the templates see: the site plus every derived value, so the
// templates stay declarative.
type View struct {
	// The key tags name the site key each value comes from, for the
	// messages of escapers that refuse one (see actions.go).
	Site     *site.Site       `key:""`
	Release  releases.Release `key:"release"`
	Features Features         `key:"release"`
	// Stamp is heat.conf's first line: the Heat version the file is for,
	// in the form lint reads back (internal/stamp).
	Stamp    string     `key:"release"`
	Host     *site.Host `key:"hosts.<host>"` // nil for a site without hosts
	SiteName string     `key:""`             // the site file's base name, for headers

	TransportURL     string `key:"messaging"`
	DBConnection     string `key:"database"`
	MemcacheServers  string `key:"memcache.servers"`
	CAFile           string `key:"tls.ca_file"`
	CfnPublic        string `key:"endpoints.cfn_public"`  // base URL without trailing slash
	KeystonePublicV3 string `key:"keystone.internal_url"` // the versioned URL of the internal Keystone, for [ec2authtoken]
	KeystoneInternal string `key:"keystone.internal_url"` // the internal Keystone without a version, for [clients_keystone]
	HeatPort         int    `key:"endpoints.heat_internal"`
	CfnPort          int    `key:"endpoints.cfn_internal"`
	KeystonePlan     plan   `key:"keystone"` // data for the Keystone bootstrap program (JSON)

	// SecretFree: [render] secrets = "environment" (see secretfree.go).
	SecretFree bool   `key:"render.secrets"`
	EnvFile    string `key:"render.env_file"` // where heat.env goes on the host
	EnvDropIn  string `key:""`                // the drop-in's file name
	// EnvVars are heat.env's variables (a secret-free host's heat.env only).
	EnvVars []EnvVar `key:"render.secrets"`
	// DBPasswordVar is the variable of heat.env bootstrap-db.sh reads.
	DBPasswordVar string `key:""`

	hostKey string // the [hosts] key of Host
}

func newView(s *site.Site, rel releases.Release, reg *schema.Registry, host *site.Host) (*View, error) {
	heat := rel.HeatVersion
	if rel.Asked != "" {
		heat = rel.Asked // "24.0.5", served by the data of 24.0.0
	}
	v := &View{
		Site:     s,
		Release:  rel,
		Features: FeaturesFor(reg),
		Stamp:    stamp.Stamp{Heat: heat, Series: rel.Name, Codename: rel.Codename}.Line(),
		Host:     host,
		SiteName: filepath.Base(s.Path),
		CAFile:   s.TLS.CAFile,

		SecretFree:    s.SecretFree(),
		EnvFile:       s.Render.EnvFile,
		EnvDropIn:     DropInName,
		DBPasswordVar: envDBConnection,
	}
	if s.Path == "" {
		v.SiteName = "an in-memory site"
	}
	var err error
	if v.TransportURL, err = transportURL(s.Messaging); err != nil {
		return nil, err
	}
	v.DBConnection = dbConnection(s.Database)
	if v.MemcacheServers, err = memcacheServers(s.Memcache.Servers); err != nil {
		return nil, err
	}
	v.CfnPublic = strings.TrimSuffix(s.Endpoints.CfnPublic, "/")
	v.KeystoneInternal = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(s.Keystone.InternalURL, "/"), "/v3"), "/")
	v.KeystonePublicV3 = v.KeystoneInternal + "/v3"
	v.HeatPort = urlPort(s.Endpoints.HeatInternal, 8004)
	v.CfnPort = urlPort(s.Endpoints.CfnInternal, 8000)
	v.KeystonePlan = newPlan(s)
	return v, nil
}

// transportURL builds rabbit://user:pass@h1:5672,user:pass@h2:5672/vhost
// with the credentials repeated for every host, as oslo.messaging wants.
func transportURL(m site.Messaging) (string, error) {
	cred := escape.URLUserinfo(m.User) + ":" + escape.URLUserinfo(m.Password.Value()) + "@"
	hosts := make([]string, len(m.Hosts))
	for i, h := range m.Hosts {
		host, port, err := site.SplitHostPort(h, 5672)
		if err != nil {
			return "", fmt.Errorf("messaging.hosts[%d]: %w", i, err)
		}
		hosts[i] = cred + joinHostPort(host, port)
	}
	vhost := ""
	if m.VHost != "/" {
		vhost = escape.URLPath(m.VHost)
	}
	return "rabbit://" + strings.Join(hosts, ",") + "/" + vhost, nil
}

// dbConnection builds the SQLAlchemy URL for PyMySQL.
func dbConnection(d site.Database) string {
	q := url.Values{}
	q.Set("charset", "utf8mb4")
	if d.TLS {
		if d.CAFile != "" {
			q.Set("ssl_ca", d.CAFile)
		}
		q.Set("ssl_verify_cert", "true")
	}
	return "mysql+pymysql://" + escape.URLUserinfo(d.User) + ":" + escape.URLUserinfo(d.Password.Value()) + "@" +
		joinHostPort(d.Host, d.Port) + "/" + escape.URLPath(d.Name) + "?" + q.Encode()
}

// memcacheServers lists host:port pairs, IPv6 as inet6:[addr]:port.
func memcacheServers(servers []string) (string, error) {
	out := make([]string, len(servers))
	for i, s := range servers {
		host, port, err := site.SplitHostPort(s, 11211)
		if err != nil {
			return "", fmt.Errorf("memcache.servers[%d]: %w", i, err)
		}
		if strings.Contains(host, ":") {
			out[i] = "inet6:[" + host + "]:" + strconv.Itoa(port)
		} else {
			out[i] = host + ":" + strconv.Itoa(port)
		}
	}
	return strings.Join(out, ","), nil
}

func joinHostPort(host string, port int) string {
	if strings.Contains(host, ":") {
		return "[" + host + "]:" + strconv.Itoa(port)
	}
	return host + ":" + strconv.Itoa(port)
}

func urlPort(raw string, def int) int {
	u, err := url.Parse(raw)
	if err != nil {
		return def
	}
	if p, err := strconv.Atoi(u.Port()); err == nil {
		return p
	}
	return def
}

// plan is the Keystone bootstrap program's input.
type plan struct {
	Region                   string    `json:"region"`
	ServiceDomain            string    `json:"service_domain"`
	ServiceProject           string    `json:"service_project"`
	HeatUser                 string    `json:"heat_user"`
	HeatPassword             string    `json:"heat_password"`
	HeatRoles                []string  `json:"heat_roles"`
	Services                 []service `json:"services"`
	StackDomain              string    `json:"stack_domain"`
	StackDomainDescription   string    `json:"stack_domain_description"`
	StackDomainAdmin         string    `json:"stack_domain_admin"`
	StackDomainAdminPassword string    `json:"stack_domain_admin_password"`
	Roles                    []string  `json:"roles"`
	StackOwnerRole           string    `json:"stack_owner_role"`
	StackOwners              []grant   `json:"stack_owners"`
	// SecretsFrom, in a secret-free render, names for each password
	// field the variable of heat.env that holds it: the plan itself holds
	// none, and the program reads them from the file at run time.
	SecretsFrom map[string]string `json:"secrets_from,omitempty"`
	// StrongSecrets names the password fields strong enough to be masked
	// wherever their text appears in the program's output; a weak one
	// ("heat", a user's name) is masked only where it stands quoted, so
	// that "user heat" stays readable (see internal/secret).
	StrongSecrets []string `json:"strong_secrets"`
}

type service struct {
	Name        string            `json:"name"`
	Type        string            `json:"type"`
	Description string            `json:"description"`
	Endpoints   map[string]string `json:"endpoints"`
}

type grant struct {
	User    string `json:"user"`
	Project string `json:"project"`
	Domain  string `json:"domain"`
}

func newPlan(s *site.Site) plan {
	k, e := s.Keystone, s.Endpoints
	trim := func(u string) string { return strings.TrimSuffix(u, "/") }
	p := plan{
		Region:         s.Region,
		ServiceDomain:  k.ServiceDomain,
		ServiceProject: k.ServiceProject,
		HeatUser:       k.HeatUser,
		HeatPassword:   k.HeatPassword.Value(),
		HeatRoles:      k.HeatRoles,
		Services: []service{
			{Name: "heat", Type: "orchestration", Description: "Orchestration", Endpoints: map[string]string{
				"public":   trim(e.HeatPublic) + "/v1/%(tenant_id)s",
				"internal": trim(e.HeatInternal) + "/v1/%(tenant_id)s",
				"admin":    trim(e.HeatAdmin) + "/v1/%(tenant_id)s",
			}},
			{Name: "heat-cfn", Type: "cloudformation", Description: "Orchestration", Endpoints: map[string]string{
				"public":   trim(e.CfnPublic) + "/v1",
				"internal": trim(e.CfnInternal) + "/v1",
				"admin":    trim(e.CfnAdmin) + "/v1",
			}},
		},
		StackDomain:              k.StackDomain,
		StackDomainDescription:   k.StackDomainDescription,
		StackDomainAdmin:         k.StackDomainAdmin,
		StackDomainAdminPassword: k.StackDomainAdminPassword.Value(),
		Roles:                    []string{k.StackUserRole, k.StackOwnerRole},
		StackOwnerRole:           k.StackOwnerRole,
		StackOwners:              []grant{},
	}
	if k.StackUserRole == k.StackOwnerRole {
		p.Roles = p.Roles[:1]
	}
	p.StrongSecrets = []string{}
	for field, v := range map[string]string{"heat_password": p.HeatPassword, "stack_domain_admin_password": p.StackDomainAdminPassword} {
		if secret.Weak(v, s.Names()...) == "" {
			p.StrongSecrets = append(p.StrongSecrets, field)
		}
	}
	slices.Sort(p.StrongSecrets)
	if s.SecretFree() {
		// no password, nor a word of how strong it is, in a file that may
		// be committed: both are masked wherever they appear
		p.HeatPassword, p.StackDomainAdminPassword = "", ""
		p.StrongSecrets = []string{"heat_password", "stack_domain_admin_password"}
		p.SecretsFrom = map[string]string{"heat_password": envHeatPassword, "stack_domain_admin_password": envDomainAdminPassword}
	}
	for _, g := range k.StackOwners {
		p.StackOwners = append(p.StackOwners, grant(g))
	}
	return p
}
