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
	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/site"
)

// Features are the release-dependent choices of heat.conf.
type Features struct {
	// APIBindOptions: [heat_api]/[heat_api_cfn] bind_host, bind_port and
	// workers exist through Heat 24 (2025.1); Heat 25 dropped the eventlet
	// servers and their options.
	APIBindOptions bool
	// EC2Credentials: [ec2authtoken] takes keystoneauth credentials from
	// Heat 24.1.1 on (Keystone now authenticates POST /v3/ec2tokens).
	EC2Credentials bool
	// EC2LegacyURI: [ec2authtoken] auth_uri, deprecated in Heat 26 and
	// removed in 27. Heat 24.0.0 only knows this form, so 2025.1 gets both.
	EC2LegacyURI bool
}

// FeaturesFor returns the heat.conf choices for a release.
func FeaturesFor(r schema.Release) Features {
	return Features{
		APIBindOptions: r.HeatMajor <= 24,
		EC2Credentials: r.HeatMajor >= 24,
		EC2LegacyURI:   r.HeatMajor <= 25,
	}
}

// View is what the templates see: the site plus every derived value, so the
// templates stay declarative.
type View struct {
	// The key tags name the site key each value comes from, for the
	// messages of escapers that refuse one (see actions.go).
	Site     *site.Site     `key:""`
	Release  schema.Release `key:"release"`
	Features Features       `key:"release"`
	Host     *site.Host     `key:"hosts.<host>"` // nil for a site without hosts
	SiteName string         `key:""`             // the site file's base name, for headers

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

	hostKey string // the [hosts] key of Host
}

func newView(s *site.Site, rel schema.Release, host *site.Host) (*View, error) {
	v := &View{
		Site:     s,
		Release:  rel,
		Features: FeaturesFor(rel),
		Host:     host,
		SiteName: filepath.Base(s.Path),
		CAFile:   s.TLS.CAFile,
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
	for _, g := range k.StackOwners {
		p.StackOwners = append(p.StackOwners, grant(g))
	}
	return p
}
