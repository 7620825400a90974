package runner

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/conf"
)

// TestNotHeatTables: each name points to one program, and none is Heat's.
func TestNotHeatTables(t *testing.T) {
	for _, table := range []map[string][]string{otherSections, otherOptions, otherPrefixes} {
		seen := map[string]string{}
		for what, names := range table {
			for _, n := range names {
				if other, ok := seen[n]; ok {
					t.Errorf("%s points to %s and %s", n, other, what)
				}
				seen[n] = what
				if heatTables().options[n] || heatSection(n) {
					t.Errorf("%s (%s) is Heat's", n, what)
				}
			}
		}
	}
}

// TestHeatFilesAreHeats: no heat.conf of the project's test data, the
// real-world corpus included, is taken for another program's file.
func TestHeatFilesAreHeats(t *testing.T) {
	var n int
	err := filepath.WalkDir("../../testdata", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".conf") {
			return err
		}
		if d.Name() == "heat-environment.conf" {
			return nil // the systemd drop-in of a secret-free render: a unit file indeed
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		f, err := conf.Parse(p, data)
		if err != nil {
			if fd, ok := notHeatText(p, data); ok {
				t.Errorf("%s", fd)
			}
			return nil
		}
		n++
		if fd, ok := notHeatINI([]*conf.File{f}); ok {
			t.Errorf("%s", fd)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 100 {
		t.Errorf("only %d files parsed", n)
	}
}

func TestNotHeat(t *testing.T) {
	tests := []struct {
		name, text string
		want       string // "" when the file is linted as heat.conf
	}{
		{"nova.conf", novaConf, "this looks like nova.conf"},
		{"keystone.conf", keystoneConf, "this looks like keystone.conf"},
		{"neutron.conf", "[DEFAULT]\ncore_plugin = ml2\nservice_plugins = router\n[database]\nconnection = x\n", "this looks like neutron.conf"},
		{"cinder.conf", "[DEFAULT]\nenabled_backends = lvm\n[lvm]\nvolume_driver = cinder.volume.drivers.lvm.LVMVolumeDriver\n", "this looks like cinder.conf"},
		{"glance-api.conf", "[glance_store]\nstores = file,http\n", "this looks like glance-api.conf"},
		{"placement.conf", "[placement_database]\nconnection = x\n", "this looks like placement.conf"},
		{"logging.conf", "[loggers]\nkeys = root\n[handler_stderr]\nclass = StreamHandler\n", "a Python logging configuration"},
		{"my.cnf", "[mysqld]\nbind-address = 0.0.0.0\n", "a MySQL option file"},
		{"heat-api.service", "[Unit]\nDescription=heat-api\n[Service]\nExecStart=/usr/bin/heat-api\n", "a systemd unit"},
		{"api-paste.ini", "[pipeline:heat-api]\npipeline = faultwrap apiv1app\n[app:apiv1app]\npaste.app_factory = heat.common.wsgi:app_factory\n", "a paste deployment file"},
		{"a heat.conf with a section nova also has", "[DEFAULT]\nheat_metadata_server_url = http://h:8000\n[api]\nx = 1\n", ""},
		{"a heat.conf with [trustee]", "[trustee]\nauth_type = password\n[placement]\nx = 1\n", ""},
		{"a fragment of shared sections", "[database]\nconnection = mysql+pymysql://heat:x@db/heat\n[keystone_authtoken]\nauth_type = password\n", ""},
		{"an empty file", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := conf.Parse(tt.name, []byte(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			fd, ok := notHeatINI([]*conf.File{f})
			if ok != (tt.want != "") || ok && !strings.Contains(fd.Message, tt.want) {
				t.Errorf("notHeatINI = %v %q; want %q", ok, fd.Message, tt.want)
			}
		})
	}
	for name, text := range map[string]string{
		"an nginx configuration":        nginxSite,
		"an Apache httpd configuration": "Listen 8004\n<VirtualHost *:8004>\n    WSGIDaemonProcess heat-api\n</VirtualHost>\n",
		"an HAProxy configuration":      "global\n    daemon\n\nlisten heat_api\n    bind 10.0.0.10:8004\n",
		"a shell script":                "#!/bin/sh\ncrudini --set /etc/heat/heat.conf DEFAULT debug true\n",
	} {
		fd, ok := notHeatText("x", []byte(text))
		if !ok || !strings.Contains(fd.Message, "this looks like "+name) {
			t.Errorf("%s: %v %q", name, ok, fd.Message)
		}
	}
	if fd, ok := notHeatText("x", []byte("debug = true\n[DEFAULT]\n")); ok {
		t.Errorf("a heat.conf without its first header is taken for another syntax: %s", fd.Message)
	}
}
