package probe

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"

	"github.com/heatconf/heatconf/internal/boundedread"
)

// boundError is a bound on reading that was reached: too many bytes over
// several answers, or too many pages. It is one line, with what to do.
type boundError struct{ text, hint string }

func (e *boundError) Error() string { return e.text }

// Is makes errors.Is(err, boundedread.ErrTooLarge) true.
func (e *boundError) Is(target error) bool { return target == boundedread.ErrTooLarge }

// readBudget bounds the bytes of several answers together: a run's, or
// one listing's pages.
type readBudget struct {
	max  int64
	used atomic.Int64
	over func(max int64) *boundError
}

// spend counts n bytes read and reports the error once past max.
func (b *readBudget) spend(n int) error {
	if b.used.Add(int64(n)) > b.max {
		return b.over(b.max)
	}
	return nil
}

// runBudget is the bound on every answer of one run together.
func runBudget() *readBudget {
	return &readBudget{max: boundedread.HTTPRunMax, over: func(max int64) *boundError {
		return &boundError{
			text: fmt.Sprintf("the answers of this run add up to more than %s, the most the probe reads in one run", boundedread.Size(max)),
			hint: "Keystone and Heat answer the probe's requests in well under 1 MB: is a proxy or another server answering at their URLs?",
		}
	}}
}

// budgetKey holds a listing's readBudget in its context.
type listBudgetKey struct{}

// withListBudget bounds the answers read under ctx (a listing's pages) to
// boundedread.HTTPListMax together; what names the list for the message.
func withListBudget(ctx context.Context, what string) context.Context {
	return context.WithValue(ctx, listBudgetKey{}, &readBudget{max: boundedread.HTTPListMax, over: func(max int64) *boundError {
		return &boundError{
			text: fmt.Sprintf("the pages of %s add up to more than %s, the most the probe reads for one list", what, boundedread.Size(max)),
			hint: "the probe lists by name: no Keystone answers that much: is a proxy or another server answering at its URL?",
		}
	}})
}

// budgetBody charges what is read from a body to its budgets.
type budgetBody struct {
	io.ReadCloser
	budgets []*readBudget
}

func (b budgetBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	for _, bg := range b.budgets {
		if berr := bg.spend(n); berr != nil {
			return n, berr
		}
	}
	return n, err
}

// chargeBodies charges every answer's body to the run's budget and to its
// request's listing budget, if any.
type chargeBodies struct {
	next http.RoundTripper
	run  *readBudget
}

func (c chargeBodies) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := c.next.RoundTrip(req)
	if err != nil || resp == nil || resp.Body == nil {
		return resp, err
	}
	budgets := []*readBudget{c.run}
	if lb, ok := req.Context().Value(listBudgetKey{}).(*readBudget); ok {
		budgets = append(budgets, lb)
	}
	resp.Body = budgetBody{resp.Body, budgets}
	return resp, nil
}
