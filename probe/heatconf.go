package probe

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/heatconf/heatconf/conf"
)

// heatConf is what the probe takes from heat.conf.
type heatConf struct {
	creds    Credentials
	credsErr error // why [keystone_authtoken] cannot be used to authenticate
	tls      TLS
	expect   Expect
}

// readHeatConf reads heat.conf through the conf package: the service
// credentials of [keystone_authtoken], the [trustee] credentials, the stack
// domain settings and the ports.
func readHeatConf(c *conf.Config, path string) (*heatConf, error) {
	var firstErr error
	get := func(group, key string) string {
		e, ok := c.Lookup(group, key)
		if !ok {
			return ""
		}
		v, err := conf.Expand(e.Value, func(r conf.Ref) (string, error) {
			g, k := "DEFAULT", r.Name
			if r.Group != "" {
				g, k = r.Group, r.Opt
			}
			if ref, ok := c.Lookup(g, k); ok {
				return ref.Value, nil
			}
			return "", fmt.Errorf("%s: [%s] %s refers to $%s, which is not set", path, group, key, r.Name)
		})
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			return e.Value
		}
		return strings.TrimSpace(v)
	}
	if path == "" {
		path = "heat.conf"
	}
	h := &heatConf{}
	ks := "keystone_authtoken"
	h.creds = Credentials{
		AuthURL:           versioned(get(ks, "auth_url")),
		Username:          get(ks, "username"),
		UserID:            get(ks, "user_id"),
		Password:          get(ks, "password"),
		UserDomainName:    get(ks, "user_domain_name"),
		UserDomainID:      get(ks, "user_domain_id"),
		ProjectName:       get(ks, "project_name"),
		ProjectID:         get(ks, "project_id"),
		ProjectDomainName: get(ks, "project_domain_name"),
		ProjectDomainID:   get(ks, "project_domain_id"),
		Source:            path + " [keystone_authtoken]",
	}
	if t := firstOf(get(ks, "auth_type"), get(ks, "auth_plugin")); t != "" && t != "password" && t != "v3password" {
		h.credsErr = fmt.Errorf("%s: [keystone_authtoken] auth_type = %s: the probe can use password credentials only; give OS_* or --os-cloud", path, t)
	}
	insecure, _ := conf.ParseBool(get(ks, "insecure"))
	h.tls = TLS{CACert: get(ks, "cafile"), Cert: get(ks, "certfile"), Key: get(ks, "keyfile"), Insecure: insecure}

	x := Expect{
		Source:                   path,
		Region:                   firstOf(get("DEFAULT", "region_name_for_services"), get(ks, "region_name")),
		WWWAuthenticateURI:       firstOf(get(ks, "www_authenticate_uri"), get(ks, "auth_uri")),
		HeatUser:                 h.creds.Username,
		HeatUserDomain:           firstOf(h.creds.UserDomainName, h.creds.UserDomainID),
		ServiceProject:           h.creds.ProjectName,
		ServiceDomain:            firstOf(h.creds.ProjectDomainName, h.creds.ProjectDomainID),
		StackDomain:              get("DEFAULT", "stack_user_domain_name"),
		StackDomainID:            get("DEFAULT", "stack_user_domain_id"),
		StackDomainAdmin:         get("DEFAULT", "stack_domain_admin"),
		StackDomainAdminPassword: get("DEFAULT", "stack_domain_admin_password"),
		PasswordSource:           path + " [DEFAULT] stack_domain_admin_password",
		StackUserRole:            get("DEFAULT", "heat_stack_user_role"),
		HeatAPIPort:              port(get("heat_api", "bind_port"), 8004),
		CfnPort:                  port(get("heat_api_cfn", "bind_port"), 8000),
		EC2AuthCredentials:       authTypeOf(get, "ec2authtoken") != "",
	}
	if m := get("DEFAULT", "heat_metadata_server_url"); m != "" {
		x.CloudformationURLs = map[string]string{"public": strings.TrimSuffix(m, "/") + "/v1"}
	}
	if t := firstOf(get("trustee", "auth_type"), get("trustee", "auth_plugin")); t == "password" || t == "v3password" {
		x.Trustee = &Credentials{
			AuthURL:        versioned(get("trustee", "auth_url")),
			Username:       get("trustee", "username"),
			UserID:         get("trustee", "user_id"),
			Password:       get("trustee", "password"),
			UserDomainName: get("trustee", "user_domain_name"),
			UserDomainID:   get("trustee", "user_domain_id"),
			Source:         path + " [trustee]",
		}
	}
	h.expect = x
	if firstErr != nil {
		return nil, firstErr
	}
	return h, nil
}

// authTypeOf is the keystoneauth plugin heat loads for group, as
// keystoneauth finds it: in the section that group's auth_section names,
// if any, else in group; auth_plugin is auth_type's deprecated name.
func authTypeOf(get func(group, key string) string, group string) string {
	if sec := get(group, "auth_section"); sec != "" {
		group = sec
	}
	return firstOf(get(group, "auth_type"), get(group, "auth_plugin"))
}

// versioned appends /v3 to an unversioned Keystone URL.
func versioned(u string) string {
	if u == "" {
		return ""
	}
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	path := strings.TrimSuffix(p.Path, "/")
	if strings.HasSuffix(path, "/v3") || strings.HasSuffix(path, "/v2.0") {
		return u
	}
	p.Path = path + "/v3"
	return p.String()
}

func port(s string, def int) int {
	if n, err := strconv.Atoi(s); err == nil && n > 0 && n < 65536 {
		return n
	}
	return def
}
