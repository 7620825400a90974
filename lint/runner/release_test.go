package runner

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/internal/stamp"
	"github.com/heatconf/heatconf/internal/testenv"
)

// stamped returns a heat.conf that begins with render's stamp for Heat
// heat of series and codename, and sets an option Heat reads from 24.1.1
// on (an info finding on 24.0.0, nothing on 24.1.1).
func stampedConf(heat, series, codename string) string {
	return stamp.Stamp{Heat: heat, Series: series, Codename: codename}.Line() + "\n" +
		stamp.RenderedBy + "site.toml. Do not edit.\n\n[ec2authtoken]\nauth_type = password\n"
}

func TestReleaseFromStamps(t *testing.T) {
	const plain = "[DEFAULT]\ndebug = true\n"
	p24011 := stampedConf("24.1.1", "2025.1", "epoxy")
	p2400 := stampedConf("24.0.0", "2025.1", "epoxy")
	tests := []struct {
		name    string
		files   map[string]string
		args    []string // relative to the tree; "-" reads stdin
		stdin   string
		set     string // what the command line gave
		add     bool   // a site adds its release (zed)
		release string // the registry linted with
		from    ReleaseFrom
		notes   []string // parts of the notes, in order
	}{
		{name: "nothing says: the default", files: map[string]string{"heat.conf": plain},
			args: []string{"heat.conf"}, release: "2025.1", from: ReleaseFrom{Kind: FromDefault}},
		{name: "the stamp of a point release", files: map[string]string{"heat.conf": p24011},
			args: []string{"heat.conf"}, release: "24.1.1", from: ReleaseFrom{Kind: FromStamp, File: "heat.conf"}},
		{name: "a series' stamp", files: map[string]string{"heat.conf": stampedConf("19.0.0", "2022.2", "zed")},
			args: []string{"heat.conf"}, release: "2022.2", from: ReleaseFrom{Kind: FromStamp, File: "heat.conf"}},
		{name: "a version between known ones", files: map[string]string{"heat.conf": stampedConf("24.0.5", "2025.1", "epoxy")},
			args: []string{"heat.conf"}, release: "24.0.5", from: ReleaseFrom{Kind: FromStamp, File: "heat.conf"}},
		{name: "standard input", args: []string{"-"}, stdin: p24011,
			release: "24.1.1", from: ReleaseFrom{Kind: FromStamp, File: "<stdin>"}},
		{name: "the command line wins", files: map[string]string{"heat.conf": p24011},
			args: []string{"heat.conf"}, set: "release", release: "2025.1", from: ReleaseFrom{Kind: FromCommandLine}},
		{name: "option data on the command line wins", files: map[string]string{"heat.conf": p24011},
			args: []string{"heat.conf"}, set: "schema", release: "2025.1", from: ReleaseFrom{Kind: FromCommandLine}},
		{name: ".heatconf.toml wins", files: map[string]string{"heat.conf": p24011, ".heatconf.toml": "release = \"zed\"\n"},
			args: []string{"heat.conf"}, release: "2022.2", from: ReleaseFrom{Kind: FromConfig, File: ".heatconf.toml"}},
		{name: ".heatconf.toml without a release does not", files: map[string]string{"heat.conf": p24011, ".heatconf.toml": "fail_on = \"info\"\n"},
			args: []string{"heat.conf"}, release: "24.1.1", from: ReleaseFrom{Kind: FromStamp, File: "heat.conf"}},
		{name: "a site wins", files: map[string]string{"heat.conf": p24011},
			args: []string{"heat.conf"}, add: true, release: "2022.2", from: ReleaseFrom{Kind: FromInput, File: "site.toml"}},
		{name: "files that agree", files: map[string]string{"out/a/heat.conf": p24011, "out/b/heat.conf": p24011, "out/c.conf": plain},
			args: []string{"out"}, release: "24.1.1", from: ReleaseFrom{Kind: FromStamp, File: "out/a/heat.conf"}},
		{name: "files that disagree: a note, the default", files: map[string]string{"out/a/heat.conf": p24011, "out/b/heat.conf": p2400},
			args: []string{"out"}, release: "2025.1", from: ReleaseFrom{Kind: FromDefault},
			notes: []string{"out/a/heat.conf: Heat 24.1.1, out/b/heat.conf: Heat 24.0.0): linted as 2025.1"}},
		{name: "only a unit's first file counts", files: map[string]string{"heat.conf": plain, "heat.conf.d/10.conf": p24011},
			args: []string{"heat.conf"}, release: "2025.1", from: ReleaseFrom{Kind: FromDefault}},
		{name: "a release this build does not know: a note", files: map[string]string{"heat.conf": stampedConf("99.0.0", "2099.1", "zzz")},
			args: []string{"heat.conf"}, release: "2025.1", from: ReleaseFrom{Kind: FromDefault},
			notes: []string{`heat.conf: its header names Heat 99.0.0 (OpenStack 2099.1 zzz), which this heatconf cannot lint with: unknown release "99.0.0"; linted as 2025.1`}},
		{name: "a series heatconf has no data of: a note", files: map[string]string{"heat.conf": stampedConf("14.0.0", "2020.1", "ussuri")},
			args: []string{"heat.conf"}, release: "2025.1", from: ReleaseFrom{Kind: FromDefault},
			notes: []string{"heat.conf: its header names Heat 14.0.0"}},
		{name: "a version of another series: a note", files: map[string]string{"heat.conf": stampedConf("24.1.1", "2025.2", "flamingo")},
			args: []string{"heat.conf"}, release: "2025.1", from: ReleaseFrom{Kind: FromDefault},
			notes: []string{"Heat 24.1.1 is of 2025.1 (epoxy), not 2025.2 flamingo"}},
		{name: "an unknown stamp beside a good one", files: map[string]string{"out/a/heat.conf": p24011, "out/b/heat.conf": stampedConf("99.0.0", "2099.1", "zzz")},
			args: []string{"out"}, release: "24.1.1", from: ReleaseFrom{Kind: FromStamp, File: "out/a/heat.conf"},
			notes: []string{"out/b/heat.conf: its header names Heat 99.0.0", "linted as 24.1.1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tree(t, tt.files)
			t.Chdir(dir) // relative names, and .heatconf.toml found from them
			job, err := Prepare(Request{
				Settings: Settings{Release: "2025.1", FailOn: "error"},
				Set:      func(k string) bool { return k == tt.set },
				Inputs:   Inputs{Args: tt.args, Stdin: strings.NewReader(tt.stdin)},
			})
			if err != nil {
				t.Fatal(err)
			}
			if tt.add {
				job.Add("site.toml", registry(t, "zed"), nil, nil)
			}
			rep, err := job.Run()
			if err != nil {
				t.Fatal(err)
			}
			from := rep.ReleaseFrom
			if from.Kind == FromConfig {
				from.File = filepath.Base(from.File)
			}
			if rep.Release != tt.release || from != tt.from {
				t.Errorf("linted as %s, chosen by %+v; want %s by %+v", rep.Release, rep.ReleaseFrom, tt.release, tt.from)
			}
			notes := strings.Join(rep.Notes, "\n")
			if len(tt.notes) == 0 && notes != "" {
				t.Errorf("notes:\n%s\nwant none", notes)
			}
			for _, want := range tt.notes {
				if !strings.Contains(notes, want) {
					t.Errorf("notes:\n%s\nwant a part %q", notes, want)
				}
			}
		})
	}
}

// TestStampOfANamedPipe: a named pipe is not opened for its stamp (only
// regular files are read), and the run does not wait for a writer.
func TestStampOfANamedPipe(t *testing.T) {
	dir := t.TempDir()
	fifo := testenv.Mkfifo(t, filepath.Join(dir, "heat.conf"))
	err := testenv.Within(t, func() error {
		rep, err := Run(Request{Settings: Settings{Release: "2025.1", FailOn: "error"}, Inputs: Inputs{Args: []string{fifo}}})
		if err == nil && rep.ReleaseFrom.Kind != FromDefault {
			t.Errorf("chosen by %+v", rep.ReleaseFrom)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(fifo); err != nil {
		t.Fatal(err)
	}
}
