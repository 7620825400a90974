package probe

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestDo(t *testing.T) {
	f := newFakeCloud(t, false)
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	heatConf := write("heat.conf", "[DEFAULT]\nstack_user_domain_name = heat\nstack_domain_admin = heat_domain_admin\n"+
		"stack_domain_admin_password = "+domAdmPW+"\n[keystone_authtoken]\nauth_type = password\nauth_url = "+f.keystone.URL+
		"\nusername = heat\npassword = "+heatPW+"\nuser_domain_name = Default\nproject_name = service\nproject_domain_name = Default\n")
	tokenConf := write("token.conf", "[keystone_authtoken]\nauth_type = token\nauth_url = "+f.keystone.URL+"\npassword = "+heatPW+"\n")
	noEnv := func(string) (string, bool) { return "", false }
	for _, tc := range []struct {
		name    string
		req     Request
		wantErr string // "" for a report
		noCreds bool
	}{
		{name: "no credentials", req: Request{Sources: Sources{Env: noEnv}}, wantErr: "no credentials", noCreds: true},
		{name: "missing site", req: Request{Sources: Sources{Env: noEnv}, SitePath: filepath.Join(dir, "none.toml")}, wantErr: "none.toml"},
		{name: "missing heat.conf", req: Request{Sources: Sources{Env: noEnv}, Configs: []string{filepath.Join(dir, "none.conf")}}, wantErr: "none.conf"},
		{name: "unusable auth type", req: Request{Sources: Sources{Env: noEnv}, Configs: []string{tokenConf}}, wantErr: "auth_type = token"},
		{name: "heat.conf credentials", req: Request{Sources: Sources{Env: noEnv}, Configs: []string{heatConf}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.req.CheckTimeout = 2 * time.Second
			tc.req.Wait = WaitOptions{Timeout: 10 * time.Second}
			out, err := Do(context.Background(), tc.req)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				if errors.Is(err, ErrNoCredentials) != tc.noCreds {
					t.Errorf("ErrNoCredentials: %v, want %v", errors.Is(err, ErrNoCredentials), tc.noCreds)
				}
				if strings.Contains(err.Error(), heatPW) {
					t.Errorf("the error shows the password: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if out.Report == nil || len(out.Report.Checks) == 0 {
				t.Fatalf("no report")
			}
			if v := verdicts(out.Report)[IDKeystoneToken]; v != OK {
				t.Errorf("keystone-token: %s", v)
			}
			if got := out.Redact.Message("x " + heatPW + " y"); strings.Contains(got, heatPW) {
				t.Errorf("the outcome's redactor does not know heat.conf's password: %q", got)
			}
		})
	}
}
