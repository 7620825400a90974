package e2e

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/heatconf/heatconf/internal/secret"
)

// secretFreeSteps prove secret-free rendering ([render] secrets =
// "environment") on the real stack, after step j and before the probe's
// steps: the e2e site rendered in that mode holds no password in any file
// but heat.env; bootstrap-db.sh and bootstrap-keystone.sh take theirs from
// heat.env (and change nothing: the stack has them already);
// install-heat.sh places heat.conf, heat.env (root 0600) and the systemd
// drop-ins; Heat's three daemons start with the secrets in their
// environment only and a stack reaches CREATE_COMPLETE; lint and probe
// work from heat.conf and heat.env. Heat is then started again on the
// inline heat.conf at inlineConf for the steps that follow.
func (e *e2e) secretFreeSteps(bin, inlineConf string, siteEnv []string) {
	t := e.t
	// sa. the e2e site, secret-free, heat.env in a directory of the state
	dir := filepath.Join(e.state, "heat-secretfree")
	envPath := filepath.Join(dir, "heat.env")
	e.mustRun("sa. install -d (root:heat 0750)", time.Minute, e.env(), "install", "-d", "-o", "root", "-g", "heat", "-m", "0750", dir)
	src, err := os.ReadFile(filepath.Join(e.root, "testdata", "e2e", "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	sitePath := filepath.Join(e.tmp, "secretfree", "site.toml")
	if err := os.MkdirAll(filepath.Dir(sitePath), 0o700); err != nil {
		t.Fatal(err)
	}
	text := string(src) + fmt.Sprintf("\n[render]\nsecrets = \"environment\"\nenv_file = %q\n", envPath)
	if err := os.WriteFile(sitePath, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(e.tmp, "secretfree", "out")
	e.mustRun("sa. heatconf render (secrets = environment)", time.Minute, siteEnv, bin, "render", sitePath, "--allow-env", "E2E_*", "--host", "e2e", "--output", out)

	// sb. no password in any committed file of the output: everything but heat.env
	passwords := []string{e.adminPassword, e.demoPassword}
	for _, v := range e.secrets {
		passwords = append(passwords, v)
	}
	committed, files := 0, []string{}
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		files = append(files, rel)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if d.Name() == "heat.env" {
			if fi, _ := d.Info(); fi.Mode().Perm() != 0o600 {
				t.Errorf("sb. heat.env has mode %04o, want 0600", fi.Mode().Perm())
			}
			for _, name := range []string{"OS_DEFAULT__TRANSPORT_URL=", "OS_DATABASE__CONNECTION=", "OS_KEYSTONE_AUTHTOKEN__PASSWORD=", "OS_DEFAULT__AUTH_ENCRYPTION_KEY="} {
				if !strings.Contains(string(data), "\n"+name) {
					t.Errorf("sb. heat.env has no %s", name)
				}
			}
			return nil
		}
		committed++
		for _, pw := range passwords {
			for _, form := range secret.Forms(pw) {
				if len(form) >= 6 && strings.Contains(string(data), form) {
					t.Errorf("sb. %s holds a password (as %q)", rel, e.mask(form))
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("sb. %d committed files of %v hold none of the %d passwords, in any of their forms", committed, files, len(passwords))

	// sc. the bootstraps read their passwords from heat.env: nothing changes
	sock := filepath.Join(e.state, "mysqld.sock")
	e.mustRun("sc. bootstrap-db.sh (password from heat.env)", time.Minute, e.env(),
		filepath.Join(out, "bootstrap-db.sh"), "--no-defaults", "--socket="+sock, "-u", "root")
	ks := e.mustRun("sc. bootstrap-keystone.sh (passwords from heat.env)", 5*time.Minute, e.adminEnv(), filepath.Join(out, "bootstrap-keystone.sh"))
	if n := e.doneCounts("sc.", ks); n[0] != 0 {
		t.Errorf("sc. bootstrap-keystone.sh changed %d objects with the passwords of heat.env, want 0 (they are the stack's)", n[0])
	}

	// sd. install-heat.sh: heat.conf, heat.env and the drop-ins in place; db_sync from the environment
	dest := filepath.Join(dir, "heat.conf")
	systemdDir := filepath.Join(e.tmp, "secretfree", "systemd")
	e.mustRun("sd. install-heat.sh --dest --systemd-dir --no-restart", 3*time.Minute, e.env(),
		filepath.Join(out, "install-heat.sh"), "--dest", dest, "--systemd-dir", systemdDir, "--no-restart")
	fi, err := os.Stat(envPath)
	if err != nil {
		t.Fatalf("sd. install-heat.sh did not place %s: %v", envPath, err)
	}
	if st := fi.Sys().(*syscall.Stat_t); fi.Mode().Perm() != 0o600 || st.Uid != 0 || st.Gid != 0 {
		t.Errorf("sd. %s is uid %d gid %d mode %04o, want root:root 0600", envPath, st.Uid, st.Gid, fi.Mode().Perm())
	}
	for _, svc := range []string{"heat-api", "heat-api-cfn", "heat-engine"} {
		data, err := os.ReadFile(filepath.Join(systemdDir, svc+".service.d", "heat-environment.conf"))
		if err != nil || !strings.Contains(string(data), "\n[Service]\nEnvironmentFile="+envPath+"\n") {
			t.Errorf("sd. the drop-in of %s: %v\n%s", svc, err, data)
		}
	}

	// se. Heat on the secret-free heat.conf, its secrets in the environment only
	e.stack("se. stack.sh stop-heat", 2*time.Minute, e.env(), "stop-heat")
	e.stack("se. stack.sh start-heat CONF ENVFILE", 5*time.Minute, e.env(), "start-heat", dest, envPath)
	demo := e.demoEnv()
	tmpl := filepath.Join(e.root, "testdata", "e2e", "stack.yaml")
	e.mustRun("se. openstack stack create --wait (secret-free heat.conf)", 5*time.Minute, demo,
		"openstack", "stack", "create", "--wait", "-t", tmpl, "e2e-secretfree")
	status := strings.TrimSpace(e.mustRun("se. openstack stack show", time.Minute, demo,
		"openstack", "stack", "show", "e2e-secretfree", "-f", "value", "-c", "stack_status").stdout)
	if status != "CREATE_COMPLETE" {
		t.Fatalf("se. stack e2e-secretfree is %q, want CREATE_COMPLETE (engine log: %s)", status, filepath.Join(e.state, "logs", "heat-engine.log"))
	}
	t.Logf("se. stack e2e-secretfree: %s with heat.conf free of secrets and heat.env in the daemons' environment", status)
	e.mustRun("se. openstack stack delete --wait", 5*time.Minute, demo, "openstack", "stack", "delete", "--yes", "--wait", "e2e-secretfree")

	// sf. lint and probe from heat.conf and heat.env
	lint := e.mustRun("sf. heatconf lint heat.conf (heat.env beside it)", time.Minute, e.env(), bin, "lint", "--verbose", dest)
	if !strings.Contains(lint.stderr, "read with "+envPath) {
		t.Errorf("sf. lint did not say it read %s:\n%s", envPath, e.mask(lint.stderr))
	}
	e.mustRun("sf. heatconf lint --env-file", time.Minute, e.env(), bin, "lint", "--env-file", envPath, dest)
	e.mustRun("sf. heatconf lint (the render's output)", time.Minute, e.env(), bin, "lint", out)
	rep := e.probe("sf. heatconf probe --config-file heat.conf (heat.env beside it)", bin, siteEnv,
		"--config-file", dest, "--site", sitePath, "--allow-env", "E2E_*")
	for _, c := range rep.Checks {
		switch {
		case c.Verdict == "ok":
		case c.ID == "ec2-token" && c.Verdict == "fail" && strings.Contains(c.Hint, "OSSA-2025-002"):
		case c.ID == "stack-create" && c.Verdict == "skip":
		case c.ID == "heat-engines" && c.Verdict == "warn" && strings.Contains(c.Message, " up"):
			// the engines of the inline heat.conf, stopped in se., stay listed as down for a while
		default:
			t.Errorf("sf. %s: %s from heat.conf and heat.env: %s (hint: %s)", c.ID, c.Verdict, c.Message, c.Hint)
		}
	}
	rep.mustPass(t, "sf.", "keystone-token", "trustee-auth", "stack-domain-admin-auth", "heat-api-versions")

	// sg. back to the inline heat.conf for the steps that follow
	e.stack("sg. stack.sh stop-heat", 2*time.Minute, e.env(), "stop-heat")
	e.stack("sg. stack.sh start-heat (inline heat.conf)", 5*time.Minute, e.env(), "start-heat", inlineConf)
	// the engines stopped in se. and sg. stay listed, up and then down,
	// until their rows are older than Heat's window (2 x periodic_interval)
	// and cleaned: the steps that follow expect the site's 2 engine
	// workers, all up
	deadline := time.Now().Add(90 * time.Second)
	for {
		time.Sleep(3 * time.Second)
		e.mustRun("sg. heat-manage service clean", time.Minute, e.env(), "runuser", "-u", "heat", "--", "heat-manage", "--config-file", inlineConf, "service", "clean")
		list := e.mustRun("sg. openstack orchestration service list", time.Minute, e.adminEnv(),
			"openstack", "orchestration", "service", "list", "-f", "value", "-c", "Status").stdout
		if strings.Fields(list) != nil && strings.Count(list, "up") == 2 && !strings.Contains(list, "down") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("sg. engines still listed as down after 90 s:\n%s", list)
		}
	}
}
