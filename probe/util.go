package probe

import (
	"context"
	"encoding/json"
	"regexp"
	"sync"
)

// ctxArg keeps the check table short.
type ctxArg = context.Context

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

var xmlCodeRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`<Code>([^<]*)</Code>`) })

// xmlCode is the Code of an AWS-style XML error (heat-api-cfn's).
func xmlCode(body string) string {
	if m := xmlCodeRE().FindStringSubmatch(body); m != nil {
		return m[1]
	}
	return ""
}
