package probe

import (
	"crypto/tls"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/gophercloud/gophercloud/v2/openstack/config/clouds"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/env"
	"github.com/heatconf/heatconf/site"
)

// Env looks up environment variables (env.OS in production).
type Env = env.Lookup

// ErrNoCredentials means no source of credentials was given.
var ErrNoCredentials = errors.New("no credentials: set the OS_* variables (source an openrc), or give --os-cloud NAME, --config-file /etc/heat/heat.conf or --site SITE.toml")

// Sources are everything the probe may take its settings from. Resolve
// picks the credentials by this precedence (the first that applies wins):
//
//  1. --os-cloud NAME: clouds.yaml
//  2. any --os-* credential flag: the OS_* environment, overridden by the flags
//  3. --config-file: heat.conf's [keystone_authtoken] (heat's own service user)
//  4. OS_CLOUD: clouds.yaml
//  5. OS_AUTH_URL: the OS_* environment
//  6. --site: the site's heat user and password
//
// The expectation is the site when given (differences fail), else heat.conf
// (port differences warn), else the install guide's defaults.
type Sources struct {
	Env        Env
	Cloud      string   // --os-cloud
	CloudFiles []string // clouds.yaml files to read instead of the usual places
	HeatConf   *conf.Config
	ConfPath   string // for messages
	Site       *site.Site
	Flags      Credentials // --os-* flags; empty fields are not given
	Region     string      // --os-region-name
	Interface  string      // --os-interface
	TLS        TLS         // --cacert, --cert, --key, --insecure
}

// Resolved is what Resolve found: the credentials, TLS, region and
// interface, the expectation, and the secrets to mask.
type Resolved struct {
	Credentials Credentials
	TLS         TLS
	TLSConfig   *tls.Config // from clouds.yaml, or nil
	Region      string
	Interface   string
	Expect      Expect
	Secrets     []string
	// InsecureFrom names what turned certificate verification off
	// ("--insecure", "OS_INSECURE", clouds.yaml's verify: false...), or is
	// "" when it is on.
	InsecureFrom string
}

// Resolve applies the precedence of Sources.
func Resolve(src Sources) (*Resolved, error) {
	if src.Env == nil {
		src.Env = env.None
	}
	get := func(k string) string { v, _ := src.Env(k); return strings.TrimSpace(v) }
	r := &Resolved{}
	env := fromEnv(get)

	var hc *heatConf
	if src.HeatConf != nil {
		var err error
		if hc, err = readHeatConf(src.HeatConf, src.ConfPath); err != nil {
			return nil, err
		}
	}

	flagsGiven := src.Flags != (Credentials{})
	cloud := src.Cloud
	switch {
	case cloud != "":
	case flagsGiven:
		r.Credentials = overlay(env.creds, src.Flags)
		r.Credentials.Source = "OS_* environment and --os-* flags"
	case hc != nil:
		if hc.credsErr != nil {
			return nil, hc.credsErr
		}
		r.Credentials = hc.creds
	case get("OS_CLOUD") != "":
		cloud = get("OS_CLOUD")
	case env.creds.AuthURL != "":
		r.Credentials = env.creds
	case src.Site != nil:
		r.Credentials = siteCredentials(src.Site)
	default:
		return nil, ErrNoCredentials
	}
	var cloudRegion, cloudIface, cloudInsecure string
	if cloud != "" {
		c, region, iface, tc, err := fromCloud(cloud, src.CloudFiles, get)
		if err != nil {
			return nil, err
		}
		r.Credentials = overlay(c, src.Flags)
		r.TLSConfig = tc
		cloudRegion, cloudIface = region, iface
		if tc != nil && tc.InsecureSkipVerify {
			cloudInsecure = fmt.Sprintf("clouds.yaml cloud %q has verify: false", cloud)
		}
	}

	// TLS: flags, then the environment, then heat.conf (when its
	// credentials are used)
	r.TLS = src.TLS
	tlsFrom := env.tls
	if hc != nil && r.Credentials.Source == hc.creds.Source {
		tlsFrom = overlayTLS(hc.tls, env.tls)
	}
	r.TLS = overlayTLS(tlsFrom, r.TLS)
	switch {
	case src.TLS.Insecure:
		r.InsecureFrom = "--insecure"
	case env.tls.Insecure && tlsFrom.Insecure:
		r.InsecureFrom = "OS_INSECURE"
	case tlsFrom.Insecure:
		r.InsecureFrom = "heat.conf's [keystone_authtoken] insecure"
	case cloudInsecure != "":
		r.InsecureFrom = cloudInsecure
	}
	r.TLS.Insecure = r.InsecureFrom != ""

	switch {
	case src.Site != nil:
		r.Expect = ExpectFromSite(src.Site)
		if hc != nil {
			r.Expect.Trustee = hc.expect.Trustee
			r.Expect.EC2AuthCredentials = hc.expect.EC2AuthCredentials
			r.Expect.Source += " and " + hc.expect.Source
		}
	case hc != nil:
		r.Expect = hc.expect
	default:
		r.Expect = DefaultExpect()
	}
	r.Region = firstOf(src.Region, cloudRegion, env.region, r.Expect.Region)
	r.Interface = firstOf(src.Interface, cloudIface, env.iface, "public")
	r.Secrets = append(append(r.Credentials.secrets(), r.Expect.secrets()...), src.Flags.secrets()...)
	if src.Site != nil {
		r.Secrets = append(r.Secrets, src.Site.SecretValues()...)
	}
	return r, nil
}

// overlay returns base with the non-empty fields of top.
func overlay(base, top Credentials) Credentials {
	o := base
	f := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	f(&o.AuthURL, top.AuthURL)
	f(&o.Username, top.Username)
	f(&o.UserID, top.UserID)
	f(&o.Password, top.Password)
	f(&o.UserDomainName, top.UserDomainName)
	f(&o.UserDomainID, top.UserDomainID)
	f(&o.ProjectName, top.ProjectName)
	f(&o.ProjectID, top.ProjectID)
	f(&o.ProjectDomainName, top.ProjectDomainName)
	f(&o.ProjectDomainID, top.ProjectDomainID)
	f(&o.ApplicationCredentialID, top.ApplicationCredentialID)
	f(&o.ApplicationCredentialName, top.ApplicationCredentialName)
	f(&o.ApplicationCredentialSecret, top.ApplicationCredentialSecret)
	return o
}

func overlayTLS(base, top TLS) TLS {
	o := base
	if top.CACert != "" {
		o.CACert = top.CACert
	}
	if top.Cert != "" {
		o.Cert, o.Key = top.Cert, top.Key
	}
	o.Insecure = o.Insecure || top.Insecure
	return o
}

type envSettings struct {
	creds         Credentials
	tls           TLS
	region, iface string
}

// fromEnv reads the variables an openrc file sets (gophercloud's
// AuthOptionsFromEnv ignores OS_USER_DOMAIN_NAME, OS_PROJECT_DOMAIN_NAME,
// OS_REGION_NAME, OS_INTERFACE and OS_CACERT, which every openrc uses).
func fromEnv(get func(string) string) envSettings {
	c := Credentials{
		AuthURL:                     get("OS_AUTH_URL"),
		Username:                    get("OS_USERNAME"),
		UserID:                      get("OS_USER_ID"),
		Password:                    get("OS_PASSWORD"),
		UserDomainName:              firstOf(get("OS_USER_DOMAIN_NAME"), get("OS_DOMAIN_NAME")),
		UserDomainID:                firstOf(get("OS_USER_DOMAIN_ID"), get("OS_DOMAIN_ID")),
		ProjectName:                 firstOf(get("OS_PROJECT_NAME"), get("OS_TENANT_NAME")),
		ProjectID:                   firstOf(get("OS_PROJECT_ID"), get("OS_TENANT_ID")),
		ProjectDomainName:           firstOf(get("OS_PROJECT_DOMAIN_NAME"), get("OS_DOMAIN_NAME")),
		ProjectDomainID:             firstOf(get("OS_PROJECT_DOMAIN_ID"), get("OS_DOMAIN_ID")),
		ApplicationCredentialID:     get("OS_APPLICATION_CREDENTIAL_ID"),
		ApplicationCredentialName:   get("OS_APPLICATION_CREDENTIAL_NAME"),
		ApplicationCredentialSecret: get("OS_APPLICATION_CREDENTIAL_SECRET"),
		Source:                      "OS_* environment",
	}
	insecure, _ := strconv.ParseBool(get("OS_INSECURE"))
	return envSettings{
		creds:  c,
		tls:    TLS{CACert: get("OS_CACERT"), Cert: get("OS_CERT"), Key: get("OS_KEY"), Insecure: insecure},
		region: get("OS_REGION_NAME"),
		iface:  firstOf(get("OS_INTERFACE"), get("OS_ENDPOINT_TYPE")),
	}
}

// fromCloud reads one cloud of clouds.yaml with gophercloud's loader.
func fromCloud(name string, files []string, get func(string) string) (Credentials, string, string, *tls.Config, error) {
	opts := []clouds.ParseOption{clouds.WithCloudName(name),
		clouds.WithRegion(get("OS_REGION_NAME")), clouds.WithEndpointType(get("OS_INTERFACE"))}
	if f := get("OS_CLIENT_CONFIG_FILE"); f != "" && len(files) == 0 {
		files = []string{f}
	}
	readers, err := cloudFiles(name, files, get)
	if err != nil {
		return Credentials{}, "", "", nil, fmt.Errorf("reading cloud %q from clouds.yaml: %w", name, err)
	}
	ao, eo, tc, err := clouds.Parse(append(opts, readers...)...)
	if err != nil {
		return Credentials{}, "", "", nil, fmt.Errorf("reading cloud %q from clouds.yaml: %w", name, err)
	}
	c := Credentials{
		AuthURL:                     ao.IdentityEndpoint,
		Username:                    ao.Username,
		UserID:                      ao.UserID,
		Password:                    ao.Password,
		UserDomainName:              ao.DomainName,
		UserDomainID:                ao.DomainID,
		ProjectName:                 ao.TenantName,
		ProjectID:                   ao.TenantID,
		ApplicationCredentialID:     ao.ApplicationCredentialID,
		ApplicationCredentialName:   ao.ApplicationCredentialName,
		ApplicationCredentialSecret: ao.ApplicationCredentialSecret,
		Source:                      fmt.Sprintf("clouds.yaml cloud %q", name),
	}
	if s := ao.Scope; s != nil {
		c.ProjectName, c.ProjectID = firstOf(s.ProjectName, c.ProjectName), firstOf(s.ProjectID, c.ProjectID)
		c.ProjectDomainName, c.ProjectDomainID = s.DomainName, s.DomainID
	}
	return c, eo.Region, string(eo.Availability), tc, nil
}

// siteCredentials are the heat user's, as the site renders them.
func siteCredentials(s *site.Site) Credentials {
	k := s.Keystone
	return Credentials{
		AuthURL:           strings.TrimSuffix(k.PublicURL, "/") + "/v3",
		Username:          k.HeatUser,
		Password:          k.HeatPassword.Value(),
		UserDomainName:    k.ServiceDomain,
		ProjectName:       k.ServiceProject,
		ProjectDomainName: k.ServiceDomain,
		Source:            fmt.Sprintf("site file (user %s)", k.HeatUser),
	}
}

// ExpectFromSite is what the site renders: exact endpoint URLs, names,
// roles and the domain admin's password. Differences fail.
func ExpectFromSite(s *site.Site) Expect {
	k, e := s.Keystone, s.Endpoints
	trim := func(u string) string { return strings.TrimSuffix(u, "/") }
	x := Expect{
		Source: "site " + s.Path,
		Strict: true,
		Region: s.Region,
		OrchestrationURLs: map[string]string{
			"public":   trim(e.HeatPublic) + "/v1/%(tenant_id)s",
			"internal": trim(e.HeatInternal) + "/v1/%(tenant_id)s",
			"admin":    trim(e.HeatAdmin) + "/v1/%(tenant_id)s",
		},
		CloudformationURLs: map[string]string{
			"public":   trim(e.CfnPublic) + "/v1",
			"internal": trim(e.CfnInternal) + "/v1",
			"admin":    trim(e.CfnAdmin) + "/v1",
		},
		WWWAuthenticateURI:       k.PublicURL,
		HeatUser:                 k.HeatUser,
		HeatUserDomain:           k.ServiceDomain,
		ServiceProject:           k.ServiceProject,
		ServiceDomain:            k.ServiceDomain,
		HeatRoles:                k.HeatRoles,
		StackDomain:              k.StackDomain,
		StackDomainAdmin:         k.StackDomainAdmin,
		StackDomainAdminPassword: k.StackDomainAdminPassword.Value(),
		PasswordSource:           "the site's stack_domain_admin_password (" + k.StackDomainAdminPassword.Source() + ")",
		StackUserRole:            k.StackUserRole,
		StackOwnerRole:           k.StackOwnerRole,
		Release:                  s.Release,
	}
	for _, g := range k.StackOwners {
		x.StackOwners = append(x.StackOwners, Grant{User: g.User, Project: g.Project, Domain: g.Domain})
	}
	return x
}
