package site

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"

	"github.com/heatconf/heatconf/internal/boundedread"
	"github.com/heatconf/heatconf/internal/nolink"
	"github.com/heatconf/heatconf/internal/suggest"
	"github.com/heatconf/heatconf/internal/tomllimit"
	"github.com/heatconf/heatconf/schema/releases"
)

// Load reads, decodes, validates and resolves the site file at path with
// the default Access: secrets are resolved with env (os.LookupEnv when
// nil).
func Load(path string, env Env) (*Site, error) { return LoadWith(path, env, Access{}) }

// LoadWith is Load with what the operator lets the site file read beyond
// the default (see Access). The site file itself is read only when its
// path goes through no symbolic link, unless a.FollowSymlinks.
func LoadWith(path string, env Env, a Access) (*Site, error) {
	data, err := readSite(path, a)
	if err != nil {
		return nil, fmt.Errorf("reading site file: %w", err)
	}
	s, err := Decode(path, data)
	if err != nil {
		return nil, err
	}
	if err := s.ResolveWith(env, a); err != nil {
		return nil, err
	}
	return s, nil
}

// readSite reads the site file at path, not through a symbolic link
// unless a allows it.
func readSite(path string, a Access) ([]byte, error) {
	if a.FollowSymlinks {
		return boundedread.ReadFile(path, boundedread.SiteMax)
	}
	return nolink.ReadFile(path, boundedread.SiteMax)
}

// Decode parses a site file strictly, fills defaults and validates it.
// Secrets are not resolved yet (see Resolve). name is used in messages and
// as the base of relative file: references.
func Decode(name string, data []byte) (*Site, error) {
	s := defaults()
	s.Path = name
	src := string(data)
	s.src = src
	if strings.IndexByte(src, 0) >= 0 {
		return nil, &Error{File: s.displayPath(), Msg: "contains a NUL byte: is it UTF-16? save it as UTF-8"}
	}
	// the key depth and count limits come before anything that reads keys
	// (the position index, the decoder), which would cost their square
	if err := tomllimit.Check(s.displayPath(), data); err != nil {
		return nil, s.tomlError(err)
	}
	s.keys = indexKeys(src)
	md, err := toml.Decode(src, s)
	if err != nil {
		return nil, s.tomlError(err)
	}
	if errs := s.checkKeys(md); len(errs) > 0 {
		return nil, errs.sorted()
	}
	s.fillDerived()
	if errs := s.validate(); len(errs) > 0 {
		return nil, errs.sorted()
	}
	return s, nil
}

// Resolve reads every secret reference with the default Access. Each
// failure names the field and where the site file sets it; nothing is
// returned half resolved.
func (s *Site) Resolve(env Env) error { return s.ResolveWith(env, Access{}) }

// ResolveWith is Resolve with what the operator lets the site's references
// read beyond the default (see Access).
func (s *Site) ResolveWith(env Env, a Access) error {
	if env == nil {
		env = os.LookupEnv
	}
	base := ""
	if s.Path != "" {
		base = filepath.Dir(s.Path)
	}
	if a.WithoutSecrets {
		return s.standIns()
	}
	var errs Errors
	for _, ns := range s.Secrets() {
		if !ns.Secret.IsSet() {
			continue // validate() already required the ones that are needed
		}
		if err := ns.Secret.resolve(env, base, a); err != nil {
			errs = append(errs, s.errAt(ns.Key, err.Error(), ""))
		}
	}
	errs = append(errs, s.resolveOverrides(env, base, a)...)
	if len(errs) == 0 {
		if k := s.Heat.AuthEncryptionKey.Value(); !validAuthKey(k) {
			errs = append(errs, s.errAt("heat.auth_encryption_key",
				"must be exactly 32 printable ASCII characters", // never how many it has: that is the secret's shape
				"heat-engine refuses other lengths; generate one with: openssl rand -hex 16"))
		}
	}
	if len(errs) > 0 {
		return errs.sorted()
	}
	return nil
}

func validAuthKey(k string) bool {
	if len(k) != 32 {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i] < 0x20 || k[i] > 0x7e {
			return false
		}
	}
	return true
}

func defaults() *Site {
	return &Site{
		Release: releases.Default,
		Region:  "RegionOne",
		Keystone: Keystone{
			ServiceProject:         "service",
			ServiceDomain:          "Default",
			HeatUser:               "heat",
			HeatRoles:              []string{"admin"},
			StackDomain:            "heat",
			StackDomainDescription: "Stack projects and users",
			StackDomainAdmin:       "heat_domain_admin",
			StackUserRole:          "heat_stack_user",
			StackOwnerRole:         "heat_stack_owner",
		},
		Database:  Database{Port: 3306, Name: "heat", User: "heat", AllowedHosts: []string{"%", "localhost"}},
		Messaging: Messaging{User: "openstack", VHost: "/", Notifications: "noop"},
		Render:    Render{Secrets: SecretsInline, EnvFile: DefaultEnvFile},
	}
}

// fillDerived sets the defaults that depend on other values, and notes
// which keys were derived so that a bad value is reported once, where the
// site file wrote it.
func (s *Site) fillDerived() {
	s.derived = map[string]bool{}
	derive := func(key string, p *string, v string) {
		if *p == "" && v != "" {
			*p = v
			s.derived[key] = true
		}
	}
	k, e := &s.Keystone, &s.Endpoints
	derive("keystone.internal_url", &k.InternalURL, k.PublicURL)
	derive("endpoints.heat_internal", &e.HeatInternal, e.HeatPublic)
	derive("endpoints.heat_admin", &e.HeatAdmin, e.HeatInternal)
	derive("endpoints.cfn_internal", &e.CfnInternal, e.CfnPublic)
	derive("endpoints.cfn_admin", &e.CfnAdmin, e.CfnInternal)
	for i := range k.StackOwners {
		derive(fmt.Sprintf("keystone.stack_owners[%d].domain", i), &k.StackOwners[i].Domain, k.ServiceDomain)
	}
	for name, h := range s.Hosts {
		if !ValidHostName(name) {
			continue // the key is reported; a name made of it would be too
		}
		derive("hosts."+name+".name", &h.Name, name)
		s.Hosts[name] = h
	}
	if s.Database.TLS {
		derive("database.ca_file", &s.Database.CAFile, s.TLS.CAFile)
	}
	if s.Messaging.TLS {
		derive("messaging.ca_file", &s.Messaging.CAFile, s.TLS.CAFile)
	}
}

var lastKeyRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`last key "([^"]+)"`) })

// tomlError turns a BurntSushi/toml error, or a refusal of package
// tomllimit, into an Error with a position.
func (s *Site) tomlError(err error) error {
	var le *tomllimit.Error
	if errors.As(err, &le) {
		return &Error{File: s.displayPath(), Line: le.Line, Col: le.Col, Msg: le.Msg,
			Hint: "the keys of a real site file are at most four parts deep"}
	}
	var pe toml.ParseError
	if errors.As(err, &pe) {
		e := &Error{File: s.displayPath(), Line: pe.Position.Line, Col: pe.Position.Col, Msg: pe.Message}
		if strings.Contains(pe.Message, `got '\n'`) && e.Line > 1 {
			// the parser has already moved past the newline it complains
			// about: point at the end of the line that lacks something
			e.Line--
			e.Col = len(strings.Split(s.src, "\n")[e.Line-1]) + 1
		}
		if pe.Usage != "" {
			e.Hint = strings.TrimSpace(strings.SplitN(pe.Usage, "\n", 2)[0])
		}
		return e
	}
	msg := strings.TrimPrefix(err.Error(), "toml: ")
	e := &Error{File: s.displayPath(), Msg: msg}
	if m := lastKeyRE().FindStringSubmatch(msg); m != nil {
		e.Key = m[1]
		if i := strings.Index(msg, "): "); i >= 0 {
			e.Msg = msg[i+3:]
		}
		if p, ok := s.keys.lookup(m[1]); ok {
			e.Line, e.Col = p.line, p.col
		}
	}
	return e
}

// checkKeys reports every key of the file that no field takes, matching
// names exactly (BurntSushi/toml alone would accept `Password` for
// `password`), with a did-you-mean from the keys valid at that place.
func (s *Site) checkKeys(md toml.MetaData) Errors {
	var errs Errors
	reported := map[string]bool{}
	for _, key := range md.Keys() {
		typ := reflect.TypeOf(Site{})
		for i, part := range key {
			typ = elemType(typ)
			if typ.Kind() != reflect.Struct {
				if typ.Kind() == reflect.Map {
					typ = typ.Elem()
					continue
				}
				break // anything goes below an interface (overrides values)
			}
			f, ok := fieldByTag(typ, part)
			if ok {
				typ = f.Type
				continue
			}
			path := strings.Join(key[:i+1], ".")
			if reported[path] {
				break
			}
			reported[path] = true
			parent := strings.Join(key[:i], ".")
			msg := fmt.Sprintf("unknown key %q", part)
			if parent != "" {
				msg += fmt.Sprintf(" in [%s]", parent)
			}
			hint := ""
			if near, ok := suggest.Closest(part, tags(typ)); ok {
				hint = fmt.Sprintf("did you mean %q?", near)
			} else {
				hint = "valid keys here: " + strings.Join(tags(typ), ", ")
			}
			e := &Error{File: s.displayPath(), Key: path, Msg: msg, Hint: hint}
			if p, ok := s.keys.lookup(indexPath(key[:i+1], s.keys)); ok {
				e.Line, e.Col = p.line, p.col
			}
			errs = append(errs, e)
			break
		}
	}
	return errs
}

// indexPath finds the written form of a metadata key path, which has no
// array indexes, by trying the first array-of-tables entry that has it.
func indexPath(key []string, idx keyIndex) string {
	path := strings.Join(key, ".")
	if _, ok := idx[path]; ok {
		return path
	}
	for p := range idx {
		if strings.ReplaceAll(stripIndexes(p), "..", ".") == path {
			return p
		}
	}
	return path
}

var indexRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\[\d+\]`) })

func stripIndexes(p string) string { return indexRE().ReplaceAllString(p, "") }

func elemType(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	return t
}

func fieldByTag(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if tomlName(f) == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func tags(t reflect.Type) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		if n := tomlName(t.Field(i)); n != "" {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

func tomlName(f reflect.StructField) string {
	if !f.IsExported() {
		return ""
	}
	n := strings.Split(f.Tag.Get("toml"), ",")[0]
	if n == "-" {
		return ""
	}
	return n
}
