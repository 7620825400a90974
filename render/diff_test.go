package render

import (
	"strings"
	"testing"
)

func TestUnifiedDiff(t *testing.T) {
	old := "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n"
	new := "a\nb\nc\nD\ne\nf\ng\nh\ni\nj\nk\nl\n"
	want := `--- old
+++ new
@@ -1,7 +1,7 @@
 a
 b
 c
-d
+D
 e
 f
 g
@@ -9,3 +9,4 @@
 i
 j
 k
+l
`
	if got := UnifiedDiff("old", "new", old, new); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if got := UnifiedDiff("a", "b", old, old); got != "" {
		t.Errorf("equal texts gave a diff: %q", got)
	}
	if got := UnifiedDiff("/dev/null", "new", "", "x\n"); got != "--- /dev/null\n+++ new\n@@ -0,0 +1 @@\n+x\n" {
		t.Errorf("creation diff: %q", got)
	}
}

func TestMaskedDiffShowsChangedSecretMasked(t *testing.T) {
	m := NewMasker([]string{"new-secret"})
	got := MaskedDiff("a", "b", "[x]\npassword = old-secret\n", "[x]\npassword = new-secret\n", m.String)
	if !strings.Contains(got, "-password = ****\n+password = ****\n") || strings.Contains(got, "secret\n") {
		t.Errorf("masked diff:\n%s", got)
	}
}

func TestMaskStructure(t *testing.T) {
	tests := []struct{ in, want string }{
		{"password = hunter2", "password = ****"},
		{"stack_domain_admin_password=x y", "stack_domain_admin_password=****"},
		{"auth_encryption_key = k", "auth_encryption_key = ****"},
		{"memcache_secret_key = k", "memcache_secret_key = ****"},
		{"transport_url = rabbit://u:p%40@h:5672,u:p@h2/", "transport_url = rabbit://u:****@h:5672,u:****@h2/"},
		{"connection = mysql+pymysql://heat:pw@db/heat", "connection = mysql+pymysql://heat:****@db/heat"},
		{"CREATE USER 'heat'@'%' IDENTIFIED BY 'a''b\\'c';", "CREATE USER 'heat'@'%' IDENTIFIED BY '****';"},
		{`{"heat_password":"x\"y","heat_user":"heat"}`, `{"heat_password":"****","heat_user":"heat"}`},
		{"username = heat", "username = heat"},
		{"password =", "password ="},
	}
	for _, tt := range tests {
		if got := MaskStructure(tt.in); got != tt.want {
			t.Errorf("MaskStructure(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
