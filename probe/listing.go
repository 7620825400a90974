package probe

import (
	"context"
	"fmt"
	"net/url"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/pagination"

	"github.com/heatconf/heatconf/internal/boundedread"
)

// listAll reads every page of a listing of sc's (what names it: "domains
// named \"heat\""), and extracts its items. Unlike gophercloud's AllPages,
// which follows links.next wherever and for as long as the answers say and
// keeps every page, it follows next-page links only within the origin of
// sc's endpoint, at most boundedread.HTTPListPagesMax pages and
// boundedread.HTTPListMax bytes together, and keeps only the items.
func listAll[T any](ctx context.Context, sc *gophercloud.ServiceClient, what string, pager pagination.Pager,
	extract func(pagination.Page) ([]T, error)) ([]T, error) {
	ctx = withListBudget(pinOrigin(ctx, sc.Endpoint), what)
	pin := originOf(sc.Endpoint)
	var items []T
	pages := 0
	err := pager.EachPage(ctx, func(_ context.Context, p pagination.Page) (bool, error) {
		pages++
		got, err := extract(p)
		if err != nil {
			return false, err
		}
		items = append(items, got...)
		next, err := p.NextPageURL()
		if err != nil || next == "" {
			return false, err
		}
		if o := originOf(next); o == "" || o != pin {
			reason := "it leaves " + pin + ", and the token goes only there"
			if from, to, err := parse2(sc.Endpoint, next); err == nil && to.Host != "" {
				reason = reasonFor(from, to)
			}
			return false, &originError{how: "next page", what: what, from: shownRaw(sc.Endpoint), to: shownRaw(next), reason: reason}
		}
		if pages >= boundedread.HTTPListPagesMax {
			return false, &boundError{
				text: fmt.Sprintf("the list of %s goes on past %d pages (links.next), the most the probe follows", what, boundedread.HTTPListPagesMax),
				hint: "the probe lists by name, which Keystone answers in one page: is a proxy or another server answering at its URL?",
			}
		}
		return true, nil
	})
	return items, err
}

// parse2 parses two URLs.
func parse2(a, b string) (*url.URL, *url.URL, error) {
	ua, err := url.Parse(a)
	if err != nil {
		return nil, nil, err
	}
	ub, err := url.Parse(b)
	return ua, ub, err
}
