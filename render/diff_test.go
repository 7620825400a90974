package render

import (
	"strings"
	"testing"
)

// TestDiffMasksWhatTheReleaseCallsSecret: render --check --diff compares
// with the committed output, whose secrets the site may no longer name (a
// pull request that drops [overrides] hmac_keys and backend_argument):
// every value of an option the release's option data marks secret is
// hidden on the old side as on the new, on every line it spans, even when
// it is short, a common word, or in the wrong section; a changed secret
// shows as lines that differ by their label only.
func TestDiffMasksWhatTheReleaseCallsSecret(t *testing.T) {
	res, err := FromFile(exampleSite(t), testEnv, Options{})
	if err != nil {
		t.Fatal(err)
	}
	conf, err := res.File("heat.conf")
	if err != nil {
		t.Fatal(err)
	}
	rendered := string(conf.Data)
	const dropped = "\n[profiler]\nenabled = true\nhmac_keys = hk-old-1\n" +
		"[cache]\nbackend_argument = url:redis://:rd-old-2@redis:6379\n    socket_timeout:rd-old-3\n" +
		"[DEFAULT]\ntransport_url = rabbit://openstack:tu-old-4@mq:5672/\n" +
		"[oslo_messaging_notifications]\nhmac_keys = hk-old-5\n" + // the wrong section: hidden by its name
		"[keystone_authtoken]\npassword = heat\n" // a common word: not replaced by value, hidden where it stands
	tests := []struct {
		name     string
		old, new string
		hidden   []string // never shown
		want     []string // lines the diff shows
	}{
		{"secrets dropped by the new site", rendered + dropped, rendered,
			[]string{"hk-old-1", "rd-old-2", "rd-old-3", "tu-old-4", "hk-old-5", "password = heat"},
			[]string{"-hmac_keys = ****  (masked: old)\n", "-backend_argument = ****  (masked: old)\n", "-    ****  (masked: old)\n",
				"-transport_url = ****  (masked: old)\n", "-password = ****  (masked: old)\n", "-enabled = true\n"}},
		{"secrets added", rendered, rendered + strings.ReplaceAll(dropped, "old", "new"),
			[]string{"hk-new-1", "rd-new-2", "rd-new-3", "tu-new-4", "hk-new-5", "password = heat"},
			[]string{"+hmac_keys = ****  (masked: new)\n", "+    ****  (masked: new)\n"}},
		{"a secret changed", rendered + dropped, rendered + strings.Replace(dropped, "hk-old-1", "hk-new-1", 1),
			[]string{"hk-old-1", "hk-new-1", "rd-old-2", "hk-old-5"},
			[]string{"-hmac_keys = ****  (masked: old)\n+hmac_keys = ****  (masked: new)\n", " backend_argument = ****\n"}},
		{"an old file conf cannot read", "hmac_keys = no-section-1\n  cont-2\n[DEFAULT]\nx: y-3\nbare-4\n", rendered,
			[]string{"no-section-1", "cont-2", "y-3", "bare-4"},
			[]string{"-hmac_keys = ****  (masked: old)\n", "-  ****  (masked: old)\n", "-x: ****  (masked: old)\n", "-****  (masked: old)\n"}},
		{"an old file with lone carriage returns", "[profiler]\rhmac_keys = cr-1\r\n", rendered,
			[]string{"cr-1"}, []string{"  (masked: old)\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Change{File: File{Path: "heat.conf", Data: []byte(tt.new)}, Kind: Updated, Old: []byte(tt.old)}
			d := res.Diff(c, "a/heat.conf", "b/heat.conf")
			for _, h := range tt.hidden {
				if strings.Contains(d, h) {
					t.Errorf("the diff shows %q:\n%s", h, d)
				}
			}
			for _, w := range tt.want {
				if !strings.Contains(d, w) {
					t.Errorf("the diff lacks %q:\n%s", w, d)
				}
			}
		})
	}
}

// TestDiffLabelsOnlyWhatChanged: a masked line that is the same on both
// sides is context without a label; a script's changed password line
// differs by its label.
func TestDiffLabelsOnlyWhatChanged(t *testing.T) {
	res, err := FromFile(exampleSite(t), testEnv, Options{})
	if err != nil {
		t.Fatal(err)
	}
	old := "a\nb\nc\nexport OS_PASSWORD='same-secret-1'\nd\ne\nf\ng\nh\ni\nDB_PASSWORD='old-secret-2'\n"
	new := strings.Replace(old, "old-secret-2", "new-secret-3", 1)
	d := res.Diff(Change{File: File{Path: "install-heat.sh", Data: []byte(new)}, Kind: Updated, Old: []byte(old)}, "a", "b")
	for _, w := range []string{"-DB_PASSWORD=****  (masked: old)\n+DB_PASSWORD=****  (masked: new)\n"} {
		if !strings.Contains(d, w) {
			t.Errorf("the diff lacks %q:\n%s", w, d)
		}
	}
	for _, h := range []string{"secret-", "OS_PASSWORD=****  (masked"} {
		if strings.Contains(d, h) {
			t.Errorf("the diff shows %q:\n%s", h, d)
		}
	}
	if d := res.Diff(Change{File: File{Path: "heat.conf", Data: []byte("x\n")}, Kind: Unchanged, Old: []byte("x\n")}, "a", "b"); d != "" {
		t.Errorf("equal texts: %q", d)
	}
	// only a secret differs, and the new site wrote a value that reads like
	// the old side's label: the diff still says something differs
	c := Change{File: File{Path: "heat.conf", Data: []byte("[x]\nurl = amqp://u:****@h  (masked: old)\n")}, Kind: Updated,
		Old: []byte("[x]\nurl = amqp://u:real-secret@h\n")}
	if d := res.Diff(c, "a", "b"); !strings.Contains(d, "secret values differ") || strings.Contains(d, "real-secret") {
		t.Errorf("label look-alike: %q", d)
	}
}
