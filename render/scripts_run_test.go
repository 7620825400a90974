package render

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/internal/ksboot"
	"github.com/heatconf/heatconf/internal/testenv"
)

// standIns are the commands install-heat.sh runs that would change the
// machine, as scripts that log each call to $CALLS: the services, the heat
// user (runuser, chown), and heat-manage, whose database revision is the
// file $DB_REVISION (absent: None, a database never synced).
var standIns = map[string]string{
	"systemctl": "#!/bin/sh\necho \"systemctl $*\" >>\"$CALLS\"\n",
	"service":   "#!/bin/sh\necho \"service $*\" >>\"$CALLS\"\n",
	"id":        "#!/bin/sh\necho 0\n",
	"getent":    "#!/bin/sh\nexit 0\n",
	"chown":     "#!/bin/sh\nexit 0\n",
	"runuser":   "#!/bin/sh\n[ \"$1\" = -u ] && [ \"$3\" = -- ] || exit 9\nshift 3\nexec \"$@\"\n",
	// the owner chown would have set, and the real mode
	"stat": "#!/bin/sh\nfor f; do :; done\necho \"root:heat $(/usr/bin/stat -c %a \"$f\")\"\n",
}

// heatManage is the stand-in heat-manage, run by the Python of its #! line
// as the real one is (install-heat.sh reads the schema head with it).
const heatManage = `
import os, sys
args = sys.argv[1:]
if args[:1] != ["--config-file"] or not os.path.isfile(args[1]):
    sys.exit("heat-manage: no --config-file")
state = os.environ["DB_REVISION"]
if args[2:] == ["db_version"]:
    print("an oslo.log line")
    print(open(state).read().strip() if os.path.exists(state) else "None")
elif args[2:] == ["db_sync"]:
    with open(os.environ["CALLS"], "a") as f:
        f.write("heat-manage db_sync\n")
    with open(state, "w") as f:
        f.write(os.environ["DB_HEAD"])
else:
    sys.exit("heat-manage: %r" % args)
`

// TestInstallScriptRunTwice runs the rendered install-heat.sh with
// stand-ins for systemctl, heat-manage and the heat user: the first run
// installs heat.conf, runs db_sync and restarts the three services; the
// second changes nothing: no restart, no db_sync. A changed heat.conf
// restarts without db_sync; a Heat upgrade (a new schema revision in the
// package) runs db_sync without a restart. Both ways Heat versions its
// schema are tried: alembic (Heat 21 and later) and sqlalchemy-migrate.
func TestInstallScriptRunTwice(t *testing.T) {
	bash := testenv.Command(t, "bash", "bash")
	py := testenv.Python(t, []string{"alembic"}, "python3-alembic")
	var script []byte
	for _, f := range renderSite(t, exampleSite(t), Options{}) {
		if f.Path == "install-heat.sh" {
			script = f.Data
		}
	}
	layouts := []struct {
		name string
		// files of the heat package, and the revision each DB_HEAD names
		files   map[string]string
		head    string
		upgrade map[string]string
		newHead string
	}{
		{"alembic", map[string]string{
			"heat/db/migrations/versions/c6214ca60943_initial_revision.py": "revision = 'c6214ca60943'\ndown_revision = None\n",
			"heat/db/migrations/versions/2a6bd8ab4b5c_next.py":             "revision = '2a6bd8ab4b5c'\ndown_revision = 'c6214ca60943'\n",
		}, "2a6bd8ab4b5c", map[string]string{
			"heat/db/migrations/versions/7e3b0e1f9a4d_upgrade.py": "revision = '7e3b0e1f9a4d'\ndown_revision = '2a6bd8ab4b5c'\n",
		}, "7e3b0e1f9a4d"},
		{"sqlalchemy-migrate", map[string]string{
			"heat/db/sqlalchemy/migrate_repo/versions/__init__.py":                       "",
			"heat/db/sqlalchemy/migrate_repo/versions/073_newton_legacy.py":              "",
			"heat/db/sqlalchemy/migrate_repo/versions/086_drop_watch_rule_watch_data.py": "",
		}, "86", map[string]string{
			"heat/db/sqlalchemy/migrate_repo/versions/087_upgrade.py": "",
		}, "87"},
	}
	for _, l := range layouts {
		t.Run(l.name, func(t *testing.T) {
			dir := t.TempDir()
			write := func(p, data string, mode os.FileMode) {
				p = filepath.Join(dir, p)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(data), mode); err != nil {
					t.Fatal(err)
				}
			}
			write("out/install-heat.sh", string(script), 0o700)
			write("out/heat.conf", "[DEFAULT]\ndebug = false\n", 0o640)
			for name, body := range standIns {
				write("bin/"+name, body, 0o755)
			}
			write("bin/heat-manage", "#!"+py+"\n"+heatManage, 0o755)
			write("py/heat/__init__.py", "", 0o644)
			write("py/heat/db/__init__.py", "", 0o644)
			for p, body := range l.files {
				write("py/"+p, body, 0o644)
			}
			os.MkdirAll(filepath.Join(dir, "etc/heat"), 0o755)
			dest := filepath.Join(dir, "etc/heat/heat.conf")
			calls := filepath.Join(dir, "calls")
			head := l.head
			runScript := func(step string) (string, []string) {
				t.Helper()
				os.Remove(calls)
				cmd := exec.Command(bash, filepath.Join(dir, "out/install-heat.sh"), "--dest", dest)
				cmd.Env = append(testenv.Env(), "PATH="+filepath.Join(dir, "bin")+":"+testenv.DebianPath,
					"PYTHONPATH="+filepath.Join(dir, "py"), "PYTHONDONTWRITEBYTECODE=1",
					"CALLS="+calls, "DB_REVISION="+filepath.Join(dir, "db-revision"), "DB_HEAD="+head)
				out, err := cmd.CombinedOutput()
				if err != nil {
					t.Fatalf("%s: %v\n%s", step, err, out)
				}
				b, _ := os.ReadFile(calls)
				var got []string
				for _, c := range strings.Split(strings.TrimSpace(string(b)), "\n") {
					if c != "" {
						got = append(got, c)
					}
				}
				t.Logf("%s:\n%s", step, out)
				return string(out), got
			}
			restarts := []string{"service heat-api restart", "service heat-api-cfn restart", "service heat-engine restart"}
			if _, err := os.Stat("/run/systemd/system"); err == nil {
				restarts = []string{"systemctl restart heat-api", "systemctl restart heat-api-cfn", "systemctl restart heat-engine"}
			}
			check := func(step string, got, want []string) {
				t.Helper()
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("%s ran %q, want %q", step, got, want)
				}
			}

			out, got := runScript("first run")
			check("the first run", got, append([]string{"heat-manage db_sync"}, restarts...))
			if b, err := os.ReadFile(dest); err != nil || string(b) != "[DEFAULT]\ndebug = false\n" {
				t.Errorf("heat.conf not installed: %v %q", err, b)
			}
			if !strings.Contains(out, "installed "+dest) || !strings.Contains(out, "revision unknown") && !strings.Contains(out, "revision None") {
				t.Errorf("the first run says:\n%s", out)
			}

			out, got = runScript("second run")
			check("the second run", got, nil)
			for _, want := range []string{"unchanged " + dest, "database schema is up to date (revision " + head + ")", "no configuration changed"} {
				if !strings.Contains(out, want) {
					t.Errorf("the second run does not say %q:\n%s", want, out)
				}
			}

			write("out/heat.conf", "[DEFAULT]\ndebug = true\n", 0o640)
			_, got = runScript("a changed heat.conf")
			check("a changed heat.conf", got, restarts)

			for p, body := range l.upgrade {
				write("py/"+p, body, 0o644)
			}
			head = l.newHead
			_, got = runScript("a Heat upgrade")
			check("a Heat upgrade", got, []string{"heat-manage db_sync"})
			_, got = runScript("after the upgrade")
			check("after the upgrade", got, nil)
		})
	}
}

// TestKeystoneScriptArguments runs the rendered bootstrap-keystone.sh with
// a stand-in interpreter (HEATCONF_PYTHON) that records how it was called:
// the program comes on a file descriptor and the plan on standard input, so
// the command line (what ps shows) is only "/dev/fd/3", with --dry-run when
// asked; an unknown argument stops the script before anything runs.
func TestKeystoneScriptArguments(t *testing.T) {
	bash := testenv.Command(t, "bash", "bash")
	var script []byte
	for _, f := range renderSite(t, exampleSite(t), Options{}) {
		if f.Path == "bootstrap-keystone.sh" {
			script = f.Data
		}
	}
	dir := t.TempDir()
	ks := filepath.Join(dir, "bootstrap-keystone.sh")
	py := filepath.Join(dir, "python3")
	os.WriteFile(ks, script, 0o700)
	// what a process shows in ps is its /proc/PID/cmdline: here, its argv
	os.WriteFile(py, []byte("#!/bin/bash\nprintf '%s\\n' \"$@\" >\"$OUT/argv\"\ncat \"$1\" >\"$OUT/program\"\ncat >\"$OUT/plan\"\n"), 0o755)
	for _, tc := range []struct {
		args []string
		argv string
	}{
		{nil, "/dev/fd/3\n"},
		{[]string{"--dry-run"}, "/dev/fd/3\n--dry-run\n"},
	} {
		out := t.TempDir()
		cmd := exec.Command(bash, append([]string{ks}, tc.args...)...)
		cmd.Env = append(testenv.Env(), "HEATCONF_PYTHON="+py, "OS_CLOUD=admin", "OUT="+out)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%q: %v\n%s", tc.args, err, b)
		}
		argv, _ := os.ReadFile(filepath.Join(out, "argv"))
		program, _ := os.ReadFile(filepath.Join(out, "program"))
		plan, _ := os.ReadFile(filepath.Join(out, "plan"))
		if string(argv) != tc.argv {
			t.Errorf("%q: the interpreter's arguments %q, want %q", tc.args, argv, tc.argv)
		}
		if string(program) != ksboot.Program {
			t.Errorf("%q: the program on /dev/fd/3 is not keystone_bootstrap.py (%d bytes)", tc.args, len(program))
		}
		if !strings.HasPrefix(string(plan), `{"region":"RegionOne",`) {
			t.Errorf("%q: the plan on standard input: %.80q", tc.args, plan)
		}
	}
	cmd := exec.Command(bash, ks, "--dryrun")
	cmd.Env = append(testenv.Env(), "HEATCONF_PYTHON="+py, "OS_CLOUD=admin", "OUT="+dir)
	if b, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(b), "unknown argument --dryrun") {
		t.Errorf("--dryrun: %v %s", err, b)
	}
	if _, err := os.Stat(filepath.Join(dir, "argv")); err == nil {
		t.Errorf("--dryrun: the program ran")
	}
}
