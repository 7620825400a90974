package probe

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gophercloud/gophercloud/v2/openstack/config/clouds"
	"gopkg.in/yaml.v2" // gophercloud reads clouds.yaml with v2: decode as it does

	"github.com/heatconf/heatconf/internal/boundedread"
)

// cloudFiles reads clouds.yaml and its companions for gophercloud's loader,
// so that gophercloud opens none of them itself: each is read as a regular
// file of at most boundedread.CloudsYAMLMax, and the TLS files they (or
// OS_CACERT, OS_CERT, OS_KEY) name are checked the same way before
// gophercloud reads them. The search follows gophercloud's: the given
// files, or ./clouds.yaml, $XDG_CONFIG_HOME (~/.config)/openstack and
// /etc/openstack; secure.yaml beside the clouds.yaml found; clouds-public.yaml
// in the same places, only when the cloud names a profile.
func cloudFiles(name string, files []string, get func(string) string) ([]clouds.ParseOption, error) {
	if len(files) == 0 {
		files = places("clouds.yaml", get)
	}
	cloudsPath, cloudsData, err := readFirst(files)
	if err != nil {
		return nil, err
	}
	if cloudsPath == "" {
		return nil, fmt.Errorf("no clouds.yaml in %s", strings.Join(files, ", "))
	}
	opts := []clouds.ParseOption{clouds.WithCloudsYAML(bytes.NewReader(cloudsData))}
	var tlsPaths []string
	profile := ""
	collect := func(data []byte, what string) error {
		var c clouds.Clouds
		if err := yaml.Unmarshal(data, &c); err != nil {
			return fmt.Errorf("reading %s: %w", what, err)
		}
		if cl, ok := c.Clouds[name]; ok {
			tlsPaths = append(tlsPaths, cl.CACertFile, cl.ClientCertFile, cl.ClientKeyFile)
			profile = firstOf(profile, cl.Profile, cl.Cloud)
		}
		return nil
	}
	if err := collect(cloudsData, cloudsPath); err != nil {
		return nil, err
	}
	securePath, secureData, err := readFirst([]string{filepath.Join(filepath.Dir(cloudsPath), "secure.yaml")})
	if err != nil {
		return nil, err
	}
	if securePath != "" {
		opts = append(opts, clouds.WithSecureYAML(bytes.NewReader(secureData)))
		if err := collect(secureData, securePath); err != nil {
			return nil, err
		}
	}
	if profile != "" {
		publicFiles := places("clouds-public.yaml", get)
		publicPath, publicData, err := readFirst(publicFiles)
		if err != nil {
			return nil, err
		}
		if publicPath == "" {
			return nil, fmt.Errorf("cloud %q names profile %q, and there is no clouds-public.yaml in %s", name, profile, strings.Join(publicFiles, ", "))
		}
		opts = append(opts, clouds.WithCloudsPublicYAML(bytes.NewReader(publicData)))
		var pc clouds.PublicClouds
		if err := yaml.Unmarshal(publicData, &pc); err != nil {
			return nil, fmt.Errorf("reading %s: %w", publicPath, err)
		}
		if cl, ok := pc.Clouds[profile]; ok {
			tlsPaths = append(tlsPaths, cl.CACertFile, cl.ClientCertFile, cl.ClientKeyFile)
		}
	}
	tlsPaths = append(tlsPaths, get("OS_CACERT"), get("OS_CERT"), get("OS_KEY"))
	for _, p := range tlsPaths {
		if err := checkTLSFile(p); err != nil {
			return nil, err
		}
	}
	return opts, nil
}

// places lists where os-client-config looks for a file called base, in
// order: the working directory, $XDG_CONFIG_HOME (~/.config)/openstack and
// /etc/openstack.
func places(base string, get func(string) string) []string {
	var out []string
	if cwd, err := os.Getwd(); err == nil {
		out = append(out, filepath.Join(cwd, base))
	}
	userConfig := get("XDG_CONFIG_HOME")
	if userConfig == "" {
		if home, err := os.UserHomeDir(); err == nil {
			userConfig = filepath.Join(home, ".config")
		}
	}
	if userConfig != "" {
		out = append(out, filepath.Join(userConfig, "openstack", base))
	}
	return append(out, filepath.Join("/etc", "openstack", base))
}

// CloudNames lists, sorted, the clouds of the clouds.yaml that --os-cloud
// reads (for shell completion); none when there is none or it is broken.
func CloudNames(lookup Env) []string {
	_, data, err := readFirst(places("clouds.yaml", lookup.Get))
	if err != nil || data == nil {
		return nil
	}
	var c clouds.Clouds
	if yaml.Unmarshal(data, &c) != nil {
		return nil
	}
	names := make([]string, 0, len(c.Clouds))
	for n := range c.Clouds {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// readFirst reads the first of paths that exists. None existing is "", nil.
func readFirst(paths []string) (string, []byte, error) {
	for _, p := range paths {
		data, err := boundedread.ReadFile(p, boundedread.CloudsYAMLMax)
		switch {
		case err == nil:
			return p, data, nil
		case errors.Is(err, fs.ErrNotExist):
			continue
		}
		return "", nil, err
	}
	return "", nil, nil
}

// checkTLSFile refuses a CA, certificate or key file that is not a regular
// file or is larger than boundedread.CABundleMax, before gophercloud reads
// it whole. A missing file is left for gophercloud to report.
func checkTLSFile(p string) error {
	if p == "" {
		return nil
	}
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		home, err := os.UserHomeDir()
		if err != nil {
			return nil
		}
		p = filepath.Join(home, rest)
	}
	f, fi, err := boundedread.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading the TLS file of clouds.yaml: %w", err)
	}
	f.Close()
	if fi.Size() > boundedread.CABundleMax {
		return fmt.Errorf("reading the TLS file of clouds.yaml: %w", &boundedread.TooLargeError{Name: p, Max: boundedread.CABundleMax})
	}
	return nil
}
