package probe

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/heatconf/heatconf/site"
)

// Credentials are what the probe authenticates with: a user and password
// (or an application credential) and the project to scope the token to.
type Credentials struct {
	AuthURL string

	Username, UserID  string
	Password          string
	UserDomainName    string
	UserDomainID      string
	ProjectName       string
	ProjectID         string
	ProjectDomainName string
	ProjectDomainID   string

	ApplicationCredentialID     string
	ApplicationCredentialName   string
	ApplicationCredentialSecret string

	// Source says where these came from, for messages: "OS_* environment",
	// `clouds.yaml cloud "prod"`, "heat.conf [keystone_authtoken]"...
	Source string
}

// secrets returns the secret values of c.
func (c Credentials) secrets() []string {
	return nonEmpty(c.Password, c.ApplicationCredentialSecret)
}

// who names the user for messages: "heat (domain Default)".
func (c Credentials) who() string {
	name := c.Username
	if name == "" {
		name = c.UserID
	}
	if name == "" && c.ApplicationCredentialID+c.ApplicationCredentialName != "" {
		return "application credential " + firstOf(c.ApplicationCredentialName, c.ApplicationCredentialID)
	}
	if d := firstOf(c.UserDomainName, c.UserDomainID); d != "" {
		return fmt.Sprintf("%s (domain %s)", name, d)
	}
	return name
}

// project names the scope for messages.
func (c Credentials) project() string {
	p := firstOf(c.ProjectName, c.ProjectID)
	if d := firstOf(c.ProjectDomainName, c.ProjectDomainID); d != "" && p != "" {
		return fmt.Sprintf("%s (domain %s)", p, d)
	}
	return p
}

// validate reports what is missing before anything is sent.
func (c Credentials) validate() error {
	var missing []string
	if c.AuthURL == "" {
		missing = append(missing, "an auth URL (OS_AUTH_URL, --os-auth-url)")
	} else if u, err := url.Parse(c.AuthURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("the auth URL %q is not an http(s) URL", c.AuthURL)
	}
	appCred := c.ApplicationCredentialID != "" || c.ApplicationCredentialName != ""
	if !appCred {
		if c.Username == "" && c.UserID == "" {
			missing = append(missing, "a user (OS_USERNAME, --os-username)")
		}
		if c.Password == "" {
			missing = append(missing, "a password (OS_PASSWORD)")
		}
		if c.ProjectName == "" && c.ProjectID == "" {
			missing = append(missing, "a project (OS_PROJECT_NAME, --os-project-name): Heat's endpoints need a project-scoped token")
		}
	} else if c.ApplicationCredentialSecret == "" {
		missing = append(missing, "the application credential's secret (OS_APPLICATION_CREDENTIAL_SECRET)")
	}
	if len(missing) > 0 {
		src := c.Source
		if src == "" {
			src = "no credentials were found"
		}
		return fmt.Errorf("credentials (%s) lack %s", src, strings.Join(missing, ", "))
	}
	return nil
}

// TLS configures the HTTPS client.
type TLS struct {
	CACert   string // PEM file of CAs to trust instead of the system's
	Cert     string // client certificate (PEM)
	Key      string // its key (PEM)
	Insecure bool   // do not verify server certificates
}

// Grant is a role the stack owner role is expected to be given on a project.
type Grant struct{ User, Project, Domain string }

// Expect is what the deployment should look like, from the site file, from
// heat.conf, or the defaults of the install guide.
type Expect struct {
	// Source says where the expectation came from, for messages.
	Source string
	// Strict makes URL differences failures (a site says exactly what was
	// rendered); heat.conf only hints at ports, so differences warn.
	Strict bool

	// Region of the endpoints; "" takes the only one the catalog has.
	Region string

	// Endpoint URLs by interface (public, internal, admin) as Keystone
	// stores them: ".../v1/%(tenant_id)s" and ".../v1".
	OrchestrationURLs  map[string]string
	CloudformationURLs map[string]string
	// Ports from heat.conf's bind_port when no URLs are known (0 = unknown).
	HeatAPIPort, CfnPort int

	// WWWAuthenticateURI is the Keystone URL heat-api sends clients to.
	WWWAuthenticateURI string

	HeatUser       string
	HeatUserDomain string // name or ID
	ServiceProject string
	ServiceDomain  string // name or ID of the service project's domain
	HeatRoles      []string

	StackDomain              string // name
	StackDomainID            string // or ID (heat.conf stack_user_domain_id)
	StackDomainAdmin         string
	StackDomainAdminPassword string
	PasswordSource           string // where the domain admin password came from
	StackUserRole            string
	StackOwnerRole           string
	StackOwners              []Grant

	// Trustee is heat.conf's [trustee] password auth, when known.
	Trustee *Credentials

	// Release is the Heat release of the site ("zed", "2025.1"), when known.
	Release string
	// EC2AuthCredentials is true when heat.conf's [ec2authtoken] names a
	// keystoneauth plugin, itself or in its auth_section (Heat
	// 24.1.1/25.0.1/26.0.0 and later use it).
	EC2AuthCredentials bool
}

// DefaultExpect is the install guide's deployment: user heat with role
// admin in project service of domain Default, stack domain heat with admin
// heat_domain_admin, roles heat_stack_user and heat_stack_owner.
func DefaultExpect() Expect {
	return Expect{
		Source:           "the install guide's defaults",
		HeatUser:         "heat",
		HeatUserDomain:   "Default",
		ServiceProject:   "service",
		ServiceDomain:    "Default",
		HeatRoles:        []string{"admin"},
		StackDomain:      "heat",
		StackDomainAdmin: "heat_domain_admin",
		StackUserRole:    "heat_stack_user",
		StackOwnerRole:   "heat_stack_owner",
	}
}

// names lists the identifiers of the credentials: never secret, and a
// password equal to one is weak (see internal/secret).
func (c Credentials) names() []string {
	return nonEmpty(c.Username, c.UserID, c.UserDomainName, c.UserDomainID, c.ProjectName, c.ProjectID,
		c.ProjectDomainName, c.ProjectDomainID, c.ApplicationCredentialID, c.ApplicationCredentialName)
}

// names lists the identifiers of the expectation.
func (e Expect) names() []string {
	out := nonEmpty(e.Region, e.HeatUser, e.HeatUserDomain, e.ServiceProject, e.ServiceDomain, e.StackDomain,
		e.StackDomainID, e.StackDomainAdmin, e.StackUserRole, e.StackOwnerRole)
	out = append(out, site.ServiceNames...)
	out = append(out, e.HeatRoles...)
	for _, g := range e.StackOwners {
		out = append(out, nonEmpty(g.User, g.Project, g.Domain)...)
	}
	if e.Trustee != nil {
		out = append(out, e.Trustee.names()...)
	}
	return out
}

func (e Expect) secrets() []string {
	s := nonEmpty(e.StackDomainAdminPassword)
	if e.Trustee != nil {
		s = append(s, e.Trustee.secrets()...)
	}
	return s
}

// Options configure one probe run.
type Options struct {
	Credentials Credentials
	TLS         TLS
	Expect      Expect
	// Region and Interface choose the endpoints the probe talks to;
	// Interface is public, internal or admin (default public).
	Region    string
	Interface string

	// CheckTimeout bounds each check (default 10 s); the run's own deadline
	// comes from the context given to Run.
	CheckTimeout time.Duration
	// Deadline names the run's deadline for messages ("--timeout 30s");
	// DeadlineFlag the flag that sets it (default --timeout).
	Deadline, DeadlineFlag string
	// CreateStack adds the stack-create check.
	CreateStack bool
	// StackTimeout bounds stack-create (default 90 s, within the deadline).
	StackTimeout time.Duration

	// Secrets are more secrets to keep out of the report (a site's); Run
	// knows the credentials' and expectation's, and the tokens and EC2
	// secrets it obtains.
	Secrets []string
	// Now is the clock (default time.Now).
	Now func() time.Time
	// BaseTLS is the TLS configuration TLS applies to (clouds.yaml's), or nil.
	BaseTLS *tls.Config
	// Transport replaces the HTTP transport built from TLS (tests).
	Transport http.RoundTripper
}

func (o *Options) defaults() error {
	if o.CheckTimeout <= 0 {
		o.CheckTimeout = 10 * time.Second
	}
	if o.StackTimeout <= 0 {
		o.StackTimeout = 90 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Interface == "" {
		o.Interface = "public"
	}
	o.Interface = strings.TrimSuffix(strings.ToLower(o.Interface), "url")
	switch o.Interface {
	case "public", "internal", "admin":
	default:
		return fmt.Errorf("interface %q is not one of public, internal, admin", o.Interface)
	}
	if o.Region == "" {
		o.Region = o.Expect.Region
	}
	o.Expect = mergeExpect(DefaultExpect(), o.Expect)
	if (o.TLS.Cert == "") != (o.TLS.Key == "") {
		return errors.New("a client certificate needs both --cert and --key")
	}
	return o.Credentials.validate()
}

// mergeExpect fills the empty fields of e from base.
func mergeExpect(base, e Expect) Expect {
	out := e
	set := func(dst *string, v string) {
		if *dst == "" {
			*dst = v
		}
	}
	set(&out.HeatUser, base.HeatUser)
	set(&out.HeatUserDomain, base.HeatUserDomain)
	set(&out.ServiceProject, base.ServiceProject)
	set(&out.ServiceDomain, base.ServiceDomain)
	set(&out.StackDomainAdmin, base.StackDomainAdmin)
	set(&out.StackUserRole, base.StackUserRole)
	set(&out.StackOwnerRole, base.StackOwnerRole)
	set(&out.Source, base.Source)
	if out.StackDomain == "" && out.StackDomainID == "" {
		out.StackDomain = base.StackDomain
	}
	if len(out.HeatRoles) == 0 {
		out.HeatRoles = base.HeatRoles
	}
	return out
}

func nonEmpty(vals ...string) []string {
	var out []string
	for _, v := range vals {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

func firstOf(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
