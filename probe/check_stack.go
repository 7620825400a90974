package probe

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"time"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack/orchestration/v1/stacks"
)

// probeTemplate makes a stack of two resources that need no other service.
const probeTemplate = `heat_template_version: 2016-10-14
description: heatconf probe (deleted again at once)
resources:
  word:
    type: OS::Heat::RandomString
    properties:
      length: 8
  none:
    type: OS::Heat::None
`

// pollInterval is how often stack-create asks for the stack's status.
const pollInterval = 500 * time.Millisecond

// checkStackCreate creates a tiny stack, waits for CREATE_COMPLETE, deletes
// it and waits until it is gone.
func checkStackCreate(ctx context.Context, s *state) outcome {
	ep, ok := s.endpoint("orchestration")
	if !ok {
		return couldNot("", "no orchestration endpoint on interface %s", s.opts.Interface)
	}
	pc, _ := s.provider()
	sc := serviceClient(pc, ep.URL, "orchestration")
	suffix := make([]byte, 4)
	_, _ = rand.Read(suffix)
	name := "heatconf-probe-" + hex.EncodeToString(suffix)
	start := s.opts.Now()
	created, err := stacks.Create(ctx, sc, stacks.CreateOpts{Name: name, Timeout: 5,
		TemplateOpts: &stacks.Template{TE: stacks.TE{Bin: []byte(probeTemplate)}}}).Extract()
	if err != nil {
		p := describe(err, budgetOf(ctx))
		if p.kind == "http" && p.status == 403 {
			return couldNot("probe as a user with a role that may create stacks (member or heat_stack_owner)", "creating stack %s: %s", name, p.text)
		}
		return failf(netHint(p, "heat-api"), "creating stack %s: %s", name, p.text)
	}
	if created == nil || created.ID == "" {
		return failf(netHint(problem{kind: "malformed"}, "heat-api")+fmt.Sprintf("; if the stack exists, delete it: openstack stack delete %s", name),
			"creating stack %s: heat-api answered without the stack's id", name)
	}
	deleted := false
	s.onCleanup(func(ctx context.Context) {
		if !deleted {
			_ = stacks.Delete(ctx, sc, url.PathEscape(name), url.PathEscape(created.ID)).ExtractErr()
		}
	})
	st, err := waitStack(ctx, sc, name, created.ID, "CREATE_IN_PROGRESS")
	if se, ok := err.(*statusError); ok {
		return failf(netHint(se.p, "heat-api"), "stack %s: %v", name, err)
	}
	if err != nil {
		return failf("heat-engine did not finish the stack in time: read heat-engine's log", "stack %s: %v", name, err)
	}
	if st.Status != "CREATE_COMPLETE" {
		return failf("read the reason and heat-engine's log (a failing trust means [trustee] or the stack domain)",
			"stack %s ended %s: %s", name, st.Status, st.StatusReason)
	}
	createdIn := s.opts.Now().Sub(start)
	if err := stacks.Delete(ctx, sc, url.PathEscape(name), url.PathEscape(created.ID)).ExtractErr(); err != nil {
		p := describe(err, budgetOf(ctx))
		return failf(netHint(p, "heat-api"), "deleting stack %s: %s", name, p.text)
	}
	st, err = waitStack(ctx, sc, name, created.ID, "DELETE_IN_PROGRESS")
	se, isStatus := err.(*statusError)
	switch {
	case isStatus:
		return failf(netHint(se.p, "heat-api"), "deleting stack %s: %v", name, err)
	case err != nil:
		return failf("heat-engine did not finish deleting in time: read heat-engine's log", "stack %s: %v", name, err)
	case st != nil && st.Status != "DELETE_COMPLETE":
		return failf("read the reason and heat-engine's log; delete the stack by hand", "deleting stack %s ended %s: %s", name, st.Status, st.StatusReason)
	}
	deleted = true
	return pass("stack %s created in %s and deleted in %s", name, round(createdIn), round(s.opts.Now().Sub(start)-createdIn))
}

// waitStack polls until the stack leaves the status busy; a stack that is
// gone (404) returns nil.
func waitStack(ctx context.Context, sc *gophercloud.ServiceClient, name, id, busy string) (*stacks.RetrievedStack, error) {
	t := time.NewTicker(pollInterval)
	defer t.Stop()
	for {
		st, err := stacks.Get(ctx, sc, url.PathEscape(name), url.PathEscape(id)).Extract()
		switch {
		case gophercloud.ResponseCodeIs(err, 404):
			return nil, nil
		case err != nil:
			return nil, &statusError{describe(err, budgetOf(ctx))}
		case st == nil:
			return nil, &statusError{problem{kind: "malformed", text: "heat-api answered without the stack"}}
		case st.Status != busy:
			return st, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("still %s when the check's time ran out", busy)
		case <-t.C:
		}
	}
}

// statusError is a failure to get a stack's status (not a stack that
// stays busy).
type statusError struct{ p problem }

func (e *statusError) Error() string { return "getting its status: " + e.p.text }
