package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A generated password shared by heat and its stack domain admin is no
// finding (both sit in heat.conf alone); shared with RabbitMQ it is, and a
// word-shaped password shared by Keystone users still is.
func TestPasswordReuse(t *testing.T) {
	const base = "[DEFAULT]\nstack_domain_admin = heat_domain_admin\nstack_domain_admin_password = %s\ntransport_url = rabbit://openstack:%s@10.0.0.5\n" +
		"[keystone_authtoken]\nauth_type = password\nusername = heat\npassword = %s\n[trustee]\nauth_type = password\nusername = heat\npassword = %s\n"
	for _, c := range []struct {
		name               string
		domain, rabbit, ks string
		reuse              bool
	}{
		{"generated, Keystone users only", "Kp7zN4cY9hJs", "Vq3xL8mT2wRb", "Kp7zN4cY9hJs", false},
		{"generated hex, Keystone users only", "0f3a9c2e7b1d4a6f8e2c5b9d1a7f3e6c", "Vq3xL8mT2wRb", "0f3a9c2e7b1d4a6f8e2c5b9d1a7f3e6c", false},
		{"generated, shared with RabbitMQ", "Kp7zN4cY9hJs", "Kp7zN4cY9hJs", "Wd5tG1rX6nBq", true},
		{"word with suffix, Keystone users only", "servicepassword", "Vq3xL8mT2wRb", "servicepassword", true},
		{"word with digits, Keystone users only", "cloud1234", "Vq3xL8mT2wRb", "cloud1234", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "heat.conf")
			body := strings.NewReplacer("%s", "\x00").Replace(base)
			for _, v := range []string{c.domain, c.rabbit, c.ks, c.ks} {
				body = strings.Replace(body, "\x00", v, 1)
			}
			if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
				t.Fatal(err)
			}
			got := false
			for _, f := range lintFile(t, path, "2025.1", 0o600, "weak-password") {
				if strings.Contains(f.Message, "same password as") {
					got = true
				}
			}
			if got != c.reuse {
				t.Errorf("reuse reported = %v, want %v", got, c.reuse)
			}
		})
	}
}
