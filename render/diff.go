package render

import (
	"path"

	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/schema/secretdiff"
)

// Diff is the unified diff from what is on disk to what c writes, headed
// oldName and newName, with every secret hidden on both sides
// (secretdiff.Unified): the old side is whatever the output directory
// holds, often a committed file whose secrets the site no longer names (a
// pull request that drops an [overrides] hmac_keys), so heat.conf is
// masked by what the release's option data calls secret, and every file
// by the site's redactor.
func (r *Result) Diff(c Change, oldName, newName string) string {
	t := secretdiff.Texts{OldName: oldName, NewName: newName, Old: string(c.Old), New: string(c.File.Data), Redact: r.Redact.Document}
	if path.Base(c.File.Path) == "heat.conf" {
		t.IsSecret = secretdiff.ReleaseSecrets(r.registry())
	}
	return secretdiff.Unified(t)
}

// registry is the option data of the site's release (nil when unknown:
// names alone then decide).
func (r *Result) registry() *schema.Registry {
	if r.Site == nil {
		return nil
	}
	reg, _ := schema.EmbeddedRelease(r.Site.HeatRelease())
	return reg
}
