package schemaview

import (
	"slices"
	"strings"
	"testing"
)

func TestViewGroup(t *testing.T) {
	reg := embedded(t, "zed")
	for _, tc := range []struct {
		name, group, authType string
		wantErr               string
		check                 func(t *testing.T, v *GroupView)
	}{
		{name: "plain group", group: "database", check: func(t *testing.T, v *GroupView) {
			if v.Group != "database" || len(v.Options) == 0 || v.PluginOptions != nil || v.Removed != nil {
				t.Errorf("%+v", v)
			}
		}},
		{name: "plugin group default auth type", group: "trustee", check: func(t *testing.T, v *GroupView) {
			if v.AuthType != "password" || len(v.PluginOptions) == 0 {
				t.Errorf("auth type %q, %d plugin options", v.AuthType, len(v.PluginOptions))
			}
		}},
		{name: "plugin group chosen auth type", group: "trustee", authType: "v3applicationcredential", check: func(t *testing.T, v *GroupView) {
			if v.AuthType != "v3applicationcredential" {
				t.Errorf("auth type %q", v.AuthType)
			}
		}},
		{name: "group case", group: "DATABASE", check: func(t *testing.T, v *GroupView) {
			if v.Group != "database" {
				t.Errorf("group %q", v.Group)
			}
		}},
		{name: "unknown auth type", group: "trustee", authType: "pasword", wantErr: "not a keystoneauth plugin"},
		{name: "auth type on a plain group", group: "database", authType: "password", wantErr: "loads no keystoneauth plugin"},
		{name: "unknown group", group: "no_such_group", wantErr: "no_such_group"},
		{name: "removed group", group: "heat_api_cloudwatch", check: func(t *testing.T, v *GroupView) {
			if v.Removed == nil || v.Options != nil {
				t.Errorf("%+v", v)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := Group(reg, tc.group, tc.authType)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, v)
		})
	}
}

func TestViewOption(t *testing.T) {
	reg := embedded(t, "zed")
	for _, tc := range []struct {
		name, group, key string
		wantErr          string
		check            func(t *testing.T, v *OptionView)
	}{
		{name: "own name", group: "DEFAULT", key: "auth_encryption_key", check: func(t *testing.T, v *OptionView) {
			if v.Option == nil || v.Via != "" || v.Removed != nil || !slices.Contains(v.Releases.Has(), "2022.2") {
				t.Errorf("%+v", v)
			}
		}},
		{name: "deprecated name", group: "DEFAULT", key: "rpc_thread_pool_size", check: func(t *testing.T, v *OptionView) {
			if v.Option == nil || v.Via == "" || v.Option.Name != "executor_thread_pool_size" {
				t.Errorf("%+v", v)
			}
		}},
		{name: "removed", group: "DEFAULT", key: "rpc_backend", check: func(t *testing.T, v *OptionView) {
			if v.Removed == nil || v.Option != nil || v.Group != "DEFAULT" || v.Name != "rpc_backend" {
				t.Errorf("%+v", v)
			}
		}},
		{name: "unknown", group: "DEFAULT", key: "no_such_option", wantErr: "no_such_option"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := Option(reg, tc.group, tc.key, "")
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, v)
		})
	}
}
