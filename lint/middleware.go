package lint

import (
	"slices"

	"github.com/heatconf/heatconf/conf"
)

// middleware is a WSGI filter that an api-paste.ini pipeline may put in
// front of heat-api and that registers a group of its own in cfg.CONF when
// paste loads it. The option data of a release holds what Heat registers
// at start; a filter's group exists only in a process whose pipeline has
// the filter, so the section is neither unknown nor certainly read.
type middleware struct {
	group   string   // the group it registers
	filter  string   // its paste entry point
	options []string // the options it registers in the group
}

// pasteMiddleware are the filters whose groups a heat.conf may carry.
// keystonemiddleware is a requirement of Heat, so its audit filter is
// always installed; Heat's own api-paste.ini does not use it, deployment
// tools add it (Canonical's charms and Sunbeam: filter:audit,
// keystonemiddleware.audit:filter_factory). keystonemiddleware/audit
// registers these four options under AUDIT_MIDDLEWARE_GROUP at import
// (use_oslo_messaging since 4.18.0; every release heatconf knows has it).
var pasteMiddleware = []middleware{
	{group: "audit_middleware_notifications", filter: "keystonemiddleware.audit:filter_factory",
		options: []string{"use_oslo_messaging", "driver", "topics", "transport_url"}},
}

// middlewareOf is the middleware that registers group, or nil.
func middlewareOf(group string) *middleware {
	g := conf.NormalizeGroup(group)
	for i := range pasteMiddleware {
		if pasteMiddleware[i].group == g {
			return &pasteMiddleware[i]
		}
	}
	return nil
}

// has reports whether the middleware registers the option key.
func (m *middleware) has(key string) bool { return slices.Contains(m.options, key) }
