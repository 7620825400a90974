package probe

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack"
	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/ec2credentials"
	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/ec2tokens"

	"github.com/heatconf/heatconf/schema/releases"
)

// ec2BreakHint says what to do about Keystone's authenticated ec2tokens
// (OSSA-2025-002) meeting a Heat that calls it anonymously.
const ec2BreakHint = "Keystone now requires an authenticated caller on POST /v3/ec2tokens (the OSSA-2025-002 fix, in Debian 12's " +
	"keystone 2:22.0.2-0+deb12u1 and later), and this heat-api-cfn calls it without credentials. Heat 24.1.1, 25.0.1, 26.0.0 " +
	"and later send [ec2authtoken] credentials: upgrade Heat and set [ec2authtoken] auth_type = password with auth_url, username, " +
	"password, project_name, user_domain_name and project_domain_name (heatconf render writes them for those releases). Until then " +
	"AWS::CloudFormation::WaitConditionHandle, cfn-signal and cfn-hup fail; OS::Heat::WaitConditionHandle (through heat-api) works"

// signedRequest is an EC2 signature-v2 GET of heat-api-cfn's ListStacks.
type signedRequest struct {
	url    string
	host   string
	path   string
	params map[string]string
	sig    string
}

// signV2 signs Action=ListStacks for endpoint (heat-api-cfn's catalog URL)
// as heat's own pre-signed URLs are signed: HmacSHA256, SignatureVersion 2.
func signV2(endpoint, access, secret, timestamp string) (signedRequest, error) {
	u, err := url.Parse(endpoint)
	if err != nil {
		return signedRequest{}, fmt.Errorf("parsing the cloudformation URL: %w", err)
	}
	path := u.Path
	if path == "" {
		path = "/"
	}
	params := map[string]string{
		"Action":           "ListStacks",
		"AWSAccessKeyId":   access,
		"SignatureMethod":  ec2tokens.EC2CredentialsHmacSha256V2,
		"SignatureVersion": "2",
		"Timestamp":        timestamp,
	}
	toSign := ec2tokens.EC2CredentialsBuildStringToSignV2(ec2tokens.AuthOptions{Verb: "GET", Host: u.Host, Path: path, Params: params})
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(toSign)
	sig := base64.StdEncoding.EncodeToString(mac.Sum(nil))
	q := url.Values{}
	for k, v := range params {
		q.Set(k, v)
	}
	q.Set("Signature", sig)
	u.RawQuery = q.Encode()
	return signedRequest{url: u.String(), host: u.Host, path: path, params: params, sig: sig}, nil
}

// listStacks sends heat-api-cfn the signed ListStacks req, without a
// token; 200 is the only answer taken as success.
func listStacks(ctx context.Context, s *state, req signedRequest) (*http.Response, error) {
	return s.anon.Request(ctx, "GET", req.url, &gophercloud.RequestOpts{OkCodes: []int{200}, KeepResponseBody: true,
		MoreHeaders: map[string]string{"Accept": "application/xml"}})
}

// checkEC2Token: create an EC2 credential for the probing user, send
// heat-api-cfn a signed ListStacks and expect a ListStacksResponse. On 403
// AccessDenied, ask Keystone directly, without a token, whether it refuses
// anonymous ec2tokens calls: that is the OSSA-2025-002 break.
func checkEC2Token(ctx context.Context, s *state) outcome {
	ep, ok := s.endpoint("cloudformation")
	if !ok {
		return couldNot("", "no cloudformation endpoint on interface %s", s.opts.Interface)
	}
	if o, ok := unknownKeyVerdict(ctx, s, ep); ok {
		return o
	}
	pc, tok := s.provider()
	idc, err := openstack.NewIdentityV3(pc, gophercloud.EndpointOpts{})
	if err != nil {
		return couldNot("", "identity client: %v", err)
	}
	cred, err := ec2credentials.Create(ctx, idc, url.PathEscape(tok.userID), ec2credentials.CreateOpts{TenantID: tok.projectID}).Extract()
	if err != nil {
		p := describe(err, budgetOf(ctx))
		if p.kind == "http" && p.status == 403 {
			return couldNot("probe with credentials that may create EC2 credentials (a member of the project)", "creating an EC2 credential: %s", p.text)
		}
		return failf(netHint(p, "Keystone"), "creating an EC2 credential for user %s: %s", tok.userName, p.text)
	}
	if cred == nil || cred.Access == "" || cred.Secret == "" {
		if cred != nil && cred.Access != "" {
			access := cred.Access
			s.onCleanup(func(ctx context.Context) {
				_ = ec2credentials.Delete(ctx, idc, url.PathEscape(tok.userID), url.PathEscape(access)).ExtractErr()
			})
		}
		return failf(netHint(problem{kind: "malformed"}, "Keystone"),
			"creating an EC2 credential for user %s: Keystone answered without the credential's access and secret", tok.userName)
	}
	s.addSecrets(cred.Secret)
	// deleted as soon as this check is done with it; the run's cleanup
	// deletes it when the check could not
	var mu sync.Mutex
	deleted := false
	del := func(ctx context.Context) {
		mu.Lock()
		defer mu.Unlock()
		if deleted || ctx.Err() != nil {
			return
		}
		err := ec2credentials.Delete(ctx, idc, url.PathEscape(tok.userID), url.PathEscape(cred.Access)).ExtractErr()
		deleted = err == nil || gophercloud.ResponseCodeIs(err, 404)
	}
	s.onCleanup(del)
	defer del(ctx)
	req, err := signV2(ep.URL, cred.Access, cred.Secret, s.opts.Now().UTC().Format("2006-01-02T15:04:05Z"))
	if err != nil {
		return couldNot("", "%v", err)
	}
	resp, err := listStacks(ctx, s, req)
	if err == nil {
		body, rerr := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		if rerr != nil {
			return failf(netHint(describe(rerr, budgetOf(ctx)), "heat-api-cfn"), "reading heat-api-cfn's answer: %v", rerr)
		}
		if !strings.Contains(string(body), "ListStacksResponse") {
			return failf("is heat-api-cfn what listens at the cloudformation URL?", "heat-api-cfn answered 200 without a ListStacksResponse")
		}
		return pass("heat-api-cfn accepted an EC2-signed ListStacks (Keystone validated the signature for it)")
	}
	p := describe(err, budgetOf(ctx))
	if p.kind != "http" {
		return failf(netHint(p, "heat-api-cfn"), "EC2-signed GET %s: %s", ep.URL, p.text)
	}
	code := xmlCode(p.body)
	switch {
	case p.status == 403 && code == "AccessDenied":
		return diagnoseAccessDenied(ctx, s, req, cred.Access)
	case p.status == 500:
		return failf("heat.conf's [ec2authtoken] auth_uri (or [clients_keystone] auth_uri) must point at Keystone",
			"heat-api-cfn failed with %s (%s)", code, p.text)
	}
	return failf("heat-api-cfn rejected a signed request it should accept: compare its [ec2authtoken] settings with Keystone's URL, and the hosts' clocks",
		"EC2-signed ListStacks: HTTP %d %s", p.status, firstOf(code, keystoneMessage(p.body)))
}

// tellsKeystoneAnswersApart reports whether the heat-api-cfn of release
// (the site's) answers a signed request by what Keystone said of it: for
// every tag of Heat 15 to 22 (victoria to 2024.1, their end-of-life tags
// included), heat/api/aws/ec2token.py posts the signature to Keystone and
// answers InvalidClientTokenId when Keystone says "EC2 access key not
// found." and AccessDenied when Keystone refuses the call itself. From
// Heat 23 on some tags (24.1.1, 25.0.1, 2024.2-eol, 26) call Keystone
// through keystoneauth, which answers every 401 with AccessDenied.
func tellsKeystoneAnswersApart(release string) bool {
	if release == "" {
		return false
	}
	r, err := releases.Lookup(release)
	return err == nil && r.HeatMajor >= 15 && r.HeatMajor <= 22
}

// sendsPlaceholderToken reports whether heat-api-cfn of x's release,
// without [ec2authtoken] credentials, calls Keystone through keystoneauth's
// NoAuth plugin, whose token is the placeholder "notused": Heat 24.1.1 and
// later 24.x, 25.0.1 and later 25.x, and 26 (heat/api/aws/ec2token.py
// _create_noauth_ks_adapter). Keystone refuses that token, fixed or not.
// Heat 27 has no such fallback, and a series name (2025.1) means its
// first version, which calls Keystone without a token.
func sendsPlaceholderToken(x Expect) bool {
	if x.EC2AuthCredentials || x.Release == "" {
		return false
	}
	r, err := releases.Lookup(x.Release)
	if err != nil {
		return false
	}
	v := firstOf(r.Asked, r.HeatVersion)
	switch r.HeatMajor {
	case 24:
		return releases.CompareVersions(v, "24.1.1") >= 0
	case 25:
		return releases.CompareVersions(v, "25.0.1") >= 0
	case 26:
		return true
	}
	return false
}

// noSuchKey is the access key of the probe's question to heat-api-cfn that
// needs no EC2 credential: Keystone has no such key.
const noSuchKey = "heatconf-probe-no-such-key"

// unknownKeyVerdict asks a heat-api-cfn that tells Keystone's answers apart
// (tellsKeystoneAnswersApart) about a ListStacks signed with an access key
// that does not exist, before any EC2 credential is made.
// InvalidClientTokenId says that its call reached Keystone's lookup of the
// key: the check goes on with a real credential. AccessDenied says that
// Keystone refused heat-api-cfn's call itself, whatever the key: every
// EC2-signed request fails, and the probe makes no credential to show it
// (no write to Keystone, no secret made, nothing to delete). Anything else
// is left to the check with a credential.
func unknownKeyVerdict(ctx context.Context, s *state, ep catalogURL) (outcome, bool) {
	x := s.opts.Expect
	if !tellsKeystoneAnswersApart(x.Release) {
		return outcome{}, false
	}
	req, err := signV2(ep.URL, noSuchKey, noSuchKey, s.opts.Now().UTC().Format("2006-01-02T15:04:05Z"))
	if err != nil {
		return outcome{}, false
	}
	resp, err := listStacks(ctx, s, req)
	if err == nil {
		resp.Body.Close()
		return outcome{}, false
	}
	if p := describe(err, budgetOf(ctx)); p.kind != "http" || p.status != 403 || xmlCode(p.body) != "AccessDenied" {
		return outcome{}, false
	}
	msg := fmt.Sprintf("heat-api-cfn answered 403 AccessDenied to a ListStacks signed with an access key that does not exist, where Heat of "+
		"release %s answers InvalidClientTokenId once Keystone has looked the key up: Keystone refused heat-api-cfn's own call", x.Release)
	if _, err := await[any](ctx, s.anonEC2Tokens()); requiresAuth(err) {
		return failf(ec2BreakHint, "%s; Keystone refuses anonymous POST /v3/ec2tokens (401), and heat-api-cfn of this release calls it "+
			"anonymously (no EC2 credential was made)", msg), true
	}
	return failf("heat-api-cfn's POST to Keystone's ec2tokens fails: check [ec2authtoken] auth_uri (it must be this Keystone's .../v3) "+
		"and that heat-api-cfn can reach it; heat-api-cfn's log names the URL it posts to", "%s (no EC2 credential was made)", msg), true
}

// diagnoseAccessDenied tells the OSSA-2025-002 break from other denials by
// posting the signed request to Keystone's /v3/ec2tokens without a token,
// as Heat 19 to 24.1.0 do.
func diagnoseAccessDenied(ctx context.Context, s *state, req signedRequest, access string) outcome {
	if c := s.started(keyEC2Anon); c != nil {
		// asked at the start, with no credential: the answer is the same
		if _, err := await[any](ctx, c); requiresAuth(err) {
			return anonRefused(s)
		}
	}
	sum := sha256.Sum256(nil)
	body := map[string]any{"credentials": map[string]any{
		"access": access, "signature": req.sig, "host": req.host, "verb": "GET", "path": req.path,
		"params": req.params, "headers": map[string]string{}, "body_hash": hex.EncodeToString(sum[:]),
	}}
	u := s.anon.IdentityBase + "v3/ec2tokens"
	_, err := s.anon.Request(ctx, "POST", u, &gophercloud.RequestOpts{JSONBody: body, OkCodes: []int{200}})
	if err == nil && sendsPlaceholderToken(s.opts.Expect) {
		return failf("set [ec2authtoken] auth_type = password with auth_url, username, password, project_name, user_domain_name and "+
			"project_domain_name (heatconf render writes them for this release), and restart heat-api-cfn",
			"heat-api-cfn answered 403 AccessDenied to a request Keystone validates anonymously: Heat %s without [ec2authtoken] credentials "+
				"calls Keystone with keystoneauth's placeholder token (X-Auth-Token: notused), which Keystone refuses", firstOf(s.opts.Expect.Release, "of this release"))
	}
	if err == nil {
		return failf("Keystone accepts the signature anonymously, so heat-api-cfn's own call fails: check [ec2authtoken] auth_uri "+
			"(it must be this Keystone's .../v3) and that heat-api-cfn can reach it",
			"heat-api-cfn answered 403 AccessDenied to a request Keystone validates")
	}
	p := describe(err, budgetOf(ctx))
	if requiresAuth(err) {
		return anonRefused(s)
	}
	return failf("heat-api-cfn and Keystone disagree on the signed request: compare [ec2authtoken] auth_uri with this Keystone, and the hosts' clocks",
		"heat-api-cfn answered 403 AccessDenied; Keystone, asked directly, said: %s", p.text)
}

// anonRefused is the verdict of the OSSA-2025-002 break: Keystone refuses
// anonymous POST /v3/ec2tokens and heat-api-cfn calls it so.
func anonRefused(s *state) outcome {
	msg := "heat-api-cfn answered 403 AccessDenied to a correctly signed request: Keystone refuses anonymous POST /v3/ec2tokens (401) and heat-api-cfn calls it anonymously"
	if x := s.opts.Expect; x.EC2AuthCredentials && x.Release != "" {
		msg += fmt.Sprintf("; heat.conf has [ec2authtoken] credentials, which Heat of release %s does not use", x.Release)
	} else if x.Release != "" {
		msg += fmt.Sprintf(" (release %s)", x.Release)
	}
	return failf(ec2BreakHint, "%s", msg)
}
