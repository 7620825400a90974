package probe

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"reflect"
	"strings"

	"github.com/gophercloud/gophercloud/v2"
)

// malformedError is an answer that does not hold what a check needs (a
// 201 without the object created, a domain without an ID).
type malformedError struct{ text string }

func (e *malformedError) Error() string { return e.text }

// malformed puts an error of decoding an answer in one line: an empty
// body, JSON cut short, JSON of another shape, or not JSON at all. ok is
// false for any other error.
func malformed(err error) (string, bool) {
	var ue *url.Error
	if errors.As(err, &ue) {
		return "", false // the connection's own errors: "EOF" is a closed connection
	}
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var gtyp gophercloud.ErrUnexpectedType
	var gtypPtr *gophercloud.ErrUnexpectedType
	switch {
	case errors.Is(err, io.EOF):
		return "the answer's body is empty, where JSON was expected", true
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "the answer's JSON is cut short", true
	case errors.As(err, &syntax):
		return fmt.Sprintf("the answer is not JSON (%s at byte %d)", syntax.Error(), syntax.Offset), true
	case errors.As(err, &typ):
		where := "at the top level"
		if typ.Field != "" {
			where = "at " + firstLine(typ.Field, 80)
		}
		return fmt.Sprintf("the answer's JSON has %s where %s is expected (%s)", article(typ.Value), jsonKind(typ.Type), where), true
	case errors.As(err, &gtyp):
		return fmt.Sprintf("the answer's JSON has %s where %s is expected", gtyp.Actual, gtyp.Expected), true
	case errors.As(err, &gtypPtr):
		return fmt.Sprintf("the answer's JSON has %s where %s is expected", gtypPtr.Actual, gtypPtr.Expected), true
	case strings.HasPrefix(err.Error(), "failed to unmarshal versions document"):
		// gophercloud's, with the whole answer after it
		return "the answer is JSON but not a version document", true
	}
	return "", false
}

// jsonKind names the JSON a Go type decodes: "an object", "an array"...
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "something else"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Map, reflect.Struct:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8,
		reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "a number"
	}
	return "something else"
}

// article puts "a" or "an" before a JSON kind ("array", "object",
// "number 3.5").
func article(v string) string {
	v = firstLine(v, 40)
	if v != "" && strings.ContainsRune("aeiou", rune(v[0])) {
		return "an " + v
	}
	return "a " + v
}
