// Package oslotype checks values as oslo.config's types do
// (oslo_config/types.py): String, Integer, Float, Port, Boolean, List,
// Dict, Range, IPAddress, Hostname, HostAddress, HostDomain and URI, with
// their parameters (choices, bounds, regular expressions, schemes), Python's
// int() and float() parsing and Python regular expressions translated to
// Go's, and oslo.config's message texts where practical. A Type is made
// from the option data's type description (schema/internal/optdata).
package oslotype

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/heatconf/heatconf/internal/pystr"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/schema/internal/optdata"
)

// Type is an oslo.config type with the parameters that decide which values
// it accepts (oslo_config/types.py).
type Type struct {
	Name  string `json:"name"`            // normalised, as schema.Option.Type
	Class string `json:"class,omitempty"` // oslo_config.types class ("String", "Integer", ...), "builtin:str" etc. for plain python types, "custom" or "" when unknown
	// Choices are the allowed values; HasChoices distinguishes "no choices"
	// from an empty list (oslo.config then accepts nothing).
	Choices    []string `json:"choices,omitempty"`
	HasChoices bool     `json:"has_choices,omitempty"`
	Min        *float64 `json:"min,omitempty"`
	Max        *float64 `json:"max,omitempty"`
	IgnoreCase bool     `json:"ignore_case,omitempty"` // String: choices and regex compared case-insensitively
	Quotes     bool     `json:"quotes,omitempty"`      // String: one pair of surrounding quotes is removed
	MaxLength  *int     `json:"max_length,omitempty"`  // String (0 = no limit) and URI
	Regex      string   `json:"regex,omitempty"`       // String: Python regular expression the value must contain a match of
	RegexFlags int      `json:"regex_flags,omitempty"` // Python re flags of Regex (2 = IGNORECASE)
	Bounds     bool     `json:"bounds,omitempty"`      // List: value in [...]; Dict: value in {...}
	// KeyValueSeparator separates a Dict's keys from values ("" means ":").
	KeyValueSeparator string   `json:"key_value_separator,omitempty"`
	IPVersion         int      `json:"ip_version,omitempty"` // IPAddress/HostAddress/HostDomain: 4 or 6, 0 = either
	Schemes           []string `json:"schemes,omitempty"`    // URI: allowed schemes (empty: any)
	Exclusive         bool     `json:"exclusive,omitempty"`  // Range: the right bound is excluded
	Item              *Type    `json:"item,omitempty"`       // List item type / Dict value type

	minExact, maxExact *big.Float
	numChoices         []*big.Float
	rx                 *lazyRegex // Regex, compiled when a value is first checked
}

// lazyRegex is a type's regular expression, translated from Python's and
// compiled on first use: most types are made for a lookup, not to check a
// value.
type lazyRegex struct {
	src   string
	flags int // Python re flags
	once  sync.Once
	re    *regexp.Regexp // nil when Go's RE2 cannot express it
}

// get returns the compiled expression, nil when Go cannot check it.
func (l *lazyRegex) get() *regexp.Regexp {
	l.once.Do(func() {
		if src, err := translatePyRegex(l.src, l.flags); err == nil {
			l.re, _ = regexp.Compile(src)
		}
	})
	return l.re
}

// New makes the Type the data's type description gives.
func New(ot *optdata.Type) (*Type, error) {
	t := &Type{
		Name:              optdata.NormalType(ot),
		Class:             ot.Class,
		HasChoices:        ot.HasChoices || len(ot.Choices) > 0,
		IgnoreCase:        ot.IgnoreCase,
		Quotes:            ot.Quotes,
		MaxLength:         ot.MaxLength,
		Regex:             ot.Regex,
		RegexFlags:        ot.RegexFlags,
		Bounds:            ot.Bounds,
		KeyValueSeparator: ot.KVSep,
		IPVersion:         ot.IPVersion,
		Schemes:           ot.Schemes,
		Exclusive:         ot.Exclusive,
	}
	for _, c := range ot.Choices {
		v, err := choiceValue(c.Value)
		if err != nil {
			return nil, fmt.Errorf("choice %s: %w", c.Value, err)
		}
		switch x := v.(type) {
		case string:
			t.Choices = append(t.Choices, x)
		case json.Number:
			t.Choices = append(t.Choices, string(x))
		case bool: // Python: True == 1
			if x {
				t.Choices = append(t.Choices, "True")
			} else {
				t.Choices = append(t.Choices, "False")
			}
		}
	}
	var err error
	if t.Min, t.minExact, err = bound(ot.Min); err != nil {
		return nil, fmt.Errorf("min: %w", err)
	}
	if t.Max, t.maxExact, err = bound(ot.Max); err != nil {
		return nil, fmt.Errorf("max: %w", err)
	}
	if ot.Item != nil {
		if t.Item, err = New(ot.Item); err != nil {
			return nil, fmt.Errorf("item type: %w", err)
		}
	}
	if t.Name == "list" && t.Item == nil {
		t.Item = &Type{Name: "string", Class: "String"}
	}
	if t.Name == "dict" && t.Item == nil {
		t.Item = &Type{Name: "string", Class: "String"}
	}
	t.prepare()
	return t, nil
}

// choiceValue decodes a choice's raw JSON value: plain strings (nearly all
// of them) directly, anything else with encoding/json (numbers as
// json.Number).
func choiceValue(raw json.RawMessage) (any, error) {
	if n := len(raw); n >= 2 && raw[0] == '"' && raw[n-1] == '"' && !bytes.ContainsAny(raw[1:n-1], "\\\"") {
		return string(raw[1 : n-1]), nil
	}
	var v any
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

func bound(n json.Number) (*float64, *big.Float, error) {
	if n == "" {
		return nil, nil, nil
	}
	exact, ok := new(big.Float).SetPrec(0).SetString(string(n))
	if !ok {
		// SetString with prec 0 picks 64 bits; retry with plenty
		exact, ok = new(big.Float).SetPrec(4096).SetString(string(n))
		if !ok {
			return nil, nil, fmt.Errorf("%q is not a number", n)
		}
	}
	f, _ := exact.Float64()
	return &f, exact, nil
}

// prepare computes what Validate needs; Type is immutable afterwards.
func (t *Type) prepare() {
	if t.Min != nil && t.minExact == nil {
		t.minExact = new(big.Float).SetFloat64(*t.Min)
	}
	if t.Max != nil && t.maxExact == nil {
		t.maxExact = new(big.Float).SetFloat64(*t.Max)
	}
	if t.isNumber() {
		t.numChoices = nil
		for _, c := range t.Choices {
			switch c {
			case "True":
				t.numChoices = append(t.numChoices, big.NewFloat(1))
			case "False":
				t.numChoices = append(t.numChoices, big.NewFloat(0))
			default:
				if f, ok := new(big.Float).SetPrec(4096).SetString(c); ok {
					t.numChoices = append(t.numChoices, f)
				}
			}
		}
	}
	if t.Regex != "" && t.rx == nil {
		t.rx = &lazyRegex{src: t.Regex, flags: t.RegexFlags | pyFlags(t.IgnoreCase)}
	}
	if t.Item != nil {
		t.Item.prepare()
	}
}

// regex is the compiled Regex, nil when there is none or Go cannot check
// it.
func (t *Type) regex() *regexp.Regexp {
	if t.rx == nil {
		return nil
	}
	return t.rx.get()
}

func pyFlags(ignoreCase bool) int {
	if ignoreCase {
		return pyIgnoreCase
	}
	return 0
}

func (t *Type) class() string {
	if t.Class != "" {
		return t.Class
	}
	switch t.Name {
	case "string":
		return "String"
	case "multistring":
		return "MultiString"
	case "boolean":
		return "Boolean"
	case "integer":
		return "Integer"
	case "float":
		return "Float"
	case "port":
		return "Port"
	case "list":
		return "List"
	case "dict":
		return "Dict"
	case "ipaddress":
		return "IPAddress"
	case "hostname":
		return "Hostname"
	case "hostaddress":
		return "HostAddress"
	case "hostdomain":
		return "HostDomain"
	case "uri":
		return "URI"
	case "range":
		return "Range"
	}
	return ""
}

func (t *Type) isNumber() bool {
	switch t.class() {
	case "Integer", "Port", "Float":
		return true
	}
	return false
}

// RegexSupported reports whether Validate can check the type's regex (Go's
// RE2 has no look-arounds or back-references); when false the regex is not
// checked.
func (t *Type) RegexSupported() bool { return t.Regex == "" || t.rx != nil && t.rx.get() != nil }

// Validate checks value as the oslo.config type does; nil = accepted.
// Types heatconf cannot know ("custom", unknown type names) accept anything.
func (t *Type) Validate(value string) error {
	if t == nil {
		return nil
	}
	if t.rx == nil && t.Regex != "" || (t.Min != nil && t.minExact == nil) || (t.Max != nil && t.maxExact == nil) {
		c := *t // a Type built by hand: prepare a copy, leave t untouched
		c.prepare()
		return c.validate(value)
	}
	return t.validate(value)
}

func (t *Type) validate(value string) error {
	if !utf8.ValidString(value) {
		return errors.New("value is not valid UTF-8")
	}
	switch t.class() {
	case "String":
		return t.validateString(value)
	case "MultiString", "builtin:str", "builtin:bool", "custom", "":
		// str() and bool() accept anything; unknown types cannot be checked
		return nil
	case "Boolean":
		return validateBool(value)
	case "Integer":
		return t.validateInteger(value, nil, nil)
	case "Port":
		lo, hi := 0.0, 65535.0
		return t.validateInteger(value, &lo, &hi)
	case "Float":
		return t.validateFloat(value)
	case "builtin:int":
		_, err := pyInt(value)
		return err
	case "builtin:float":
		_, err := pyFloat(value)
		return err
	case "List":
		return t.validateList(value)
	case "Dict":
		return t.validateDict(value)
	case "IPAddress":
		return validateIP(value, t.IPVersion)
	case "Hostname":
		return validateHostname(value, false)
	case "HostAddress":
		return validateHostAddress(value, t.IPVersion, false)
	case "HostDomain":
		return validateHostAddress(value, t.IPVersion, true)
	case "URI":
		return t.validateURI(value)
	case "Range":
		return t.validateRange(value)
	}
	return nil
}

func (t *Type) validateString(value string) error {
	if t.Quotes && value != "" && (value[0] == '"' || value[0] == '\'') {
		if utf8.RuneCountInString(value) == 1 || value[len(value)-1] != value[0] {
			return fmt.Errorf("Non-closed quote: %s", value)
		}
		value = value[1 : len(value)-1]
	}
	if t.MaxLength != nil && *t.MaxLength > 0 && utf8.RuneCountInString(value) > *t.MaxLength {
		return fmt.Errorf("Value '%s' exceeds maximum length %d", value, *t.MaxLength)
	}
	if re := t.regex(); re != nil && !re.MatchString(value) {
		return fmt.Errorf("Value %s doesn't match regex %s", optdata.PyRepr(value), optdata.PyRepr(t.Regex))
	}
	if !t.HasChoices {
		return nil
	}
	if t.IgnoreCase {
		lv := pystr.Lower(value)
		for _, c := range t.Choices {
			if pystr.Lower(c) == lv {
				return nil
			}
		}
	} else {
		for _, c := range t.Choices {
			if c == value {
				return nil
			}
		}
	}
	return fmt.Errorf("Valid values are [%s], but found %s", strings.Join(t.Choices, ", "), optdata.PyRepr(value))
}

func validateBool(value string) error {
	if _, ok := conf.ParseBool(value); ok {
		return nil
	}
	return fmt.Errorf("Unexpected boolean value %s", optdata.PyRepr(value))
}

// validateInteger is Integer/Port: Number.__call__ with int().
func (t *Type) validateInteger(value string, defMin, defMax *float64) error {
	if strings.TrimFunc(value, pystr.IsSpace) == "" {
		return nil // oslo.config returns None for a blank value
	}
	n, err := pyInt(value)
	if err != nil {
		return err
	}
	v := new(big.Float).SetPrec(uint(max(64, n.BitLen()))).SetInt(n)
	return t.checkNumber(v, value, defMin, defMax)
}

func (t *Type) checkNumber(v *big.Float, value string, defMin, defMax *float64) error {
	if t.HasChoices {
		for _, c := range t.numChoices {
			if v.Cmp(c) == 0 {
				return nil
			}
		}
		return fmt.Errorf("Valid values are %s, but found %s", pyChoicesRepr(t.Choices), pyG(v))
	}
	lo, hi := t.minExact, t.maxExact
	if lo == nil && defMin != nil {
		lo = new(big.Float).SetFloat64(*defMin)
	}
	if hi == nil && defMax != nil {
		hi = new(big.Float).SetFloat64(*defMax)
	}
	if lo != nil && v.Cmp(lo) < 0 {
		return fmt.Errorf("Should be greater than or equal to %s", pyG(lo))
	}
	if hi != nil && v.Cmp(hi) > 0 {
		return fmt.Errorf("Should be less than or equal to %s", pyG(hi))
	}
	return nil
}

func (t *Type) validateFloat(value string) error {
	if strings.TrimFunc(value, pystr.IsSpace) == "" {
		return nil
	}
	f, err := pyFloat(value)
	if err != nil {
		return err
	}
	if math.IsNaN(f) {
		if t.HasChoices {
			return fmt.Errorf("Valid values are %s, but found nan", pyChoicesRepr(t.Choices))
		}
		return nil // comparisons with nan are false in Python
	}
	return t.checkNumber(new(big.Float).SetFloat64(f), value, nil, nil)
}

func (t *Type) validateList(value string) error {
	s := strings.TrimRight(strings.TrimFunc(value, pystr.IsSpace), ",")
	if t.Bounds {
		if !strings.HasPrefix(s, "[") {
			return errors.New(`Value should start with "["`)
		}
		if !strings.HasSuffix(s, "]") {
			return errors.New(`Value should end with "]"`)
		}
		s = s[1 : len(s)-1]
	}
	if s == "" {
		return nil
	}
	item := t.Item
	if item == nil {
		item = &Type{Name: "string", Class: "String"}
	}
	values := strings.Split(s, ",")
	for len(values) > 0 {
		v := values[0]
		values = values[1:]
		for {
			err := item.validate(strings.TrimFunc(v, pystr.IsSpace))
			if err == nil {
				break
			}
			if len(values) == 0 {
				return err
			}
			v += "," + values[0]
			values = values[1:]
		}
	}
	return nil
}

func (t *Type) validateDict(value string) error {
	s := strings.TrimFunc(value, pystr.IsSpace)
	if t.Bounds {
		if !strings.HasPrefix(s, "{") {
			return errors.New(`Value should start with "{"`)
		}
		if !strings.HasSuffix(s, "}") {
			return errors.New(`Value should end with "}"`)
		}
		s = s[1 : len(s)-1]
	}
	if s == "" {
		return nil
	}
	sep := t.KeyValueSeparator
	if sep == "" {
		sep = ":"
	}
	vt := t.Item
	if vt == nil {
		vt = &Type{Name: "string", Class: "String"}
	}
	seen := map[string]bool{}
	pairs := strings.Split(s, ",")
	for len(pairs) > 0 {
		pair := pairs[0]
		pairs = pairs[1:]
		var key string
		for {
			var err error
			kv := strings.SplitN(pair, sep, 2)
			if len(kv) < 2 {
				err = fmt.Errorf(`Value should be NAME%sVALUE pairs separated by ","`, sep)
			} else {
				key = strings.TrimFunc(kv[0], pystr.IsSpace)
				err = vt.validate(strings.TrimFunc(kv[1], pystr.IsSpace))
			}
			if err == nil {
				break
			}
			if len(pairs) == 0 {
				return err
			}
			pair += "," + pairs[0]
			pairs = pairs[1:]
		}
		if key == "" {
			return errors.New("Key name should not be empty")
		}
		if seen[key] {
			return fmt.Errorf("Duplicate key %s", key)
		}
		seen[key] = true
	}
	return nil
}

// pyRangeRE is Range's regular expression; Python's $ also matches before
// a final newline.
var pyRangeRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(0|-?[1-9][0-9]*)(?:-(0|-?[1-9][0-9]*))?\n?\z`) })

func (t *Type) validateRange(value string) error {
	m := pyRangeRE().FindStringSubmatch(value)
	if m == nil {
		return fmt.Errorf("Invalid Range: %s", value)
	}
	left, _ := new(big.Int).SetString(m[1], 10)
	right := left
	if m[2] != "" {
		right, _ = new(big.Int).SetString(m[2], 10)
	}
	lo := &Type{Name: "integer", Class: "Integer", Min: t.Min, minExact: t.minExact}
	hi := &Type{Name: "integer", Class: "Integer", Max: t.Max, maxExact: t.maxExact}
	check := func(tt *Type, n *big.Int) error {
		return tt.checkNumber(new(big.Float).SetPrec(uint(max(64, n.BitLen()))).SetInt(n), n.String(), nil, nil)
	}
	if left.Cmp(right) < 0 {
		if err := check(lo, left); err != nil {
			return err
		}
		return check(hi, right)
	}
	if err := check(hi, left); err != nil {
		return err
	}
	return check(lo, right)
}

// pyG formats a number like Python's '%g'.
func pyG(v *big.Float) string {
	f, _ := v.Float64()
	return strconv.FormatFloat(f, 'g', 6, 64)
}

func pyChoicesRepr(choices []string) string {
	parts := make([]string, len(choices))
	for i, c := range choices {
		parts[i] = fmt.Sprintf("(%s, None)", c)
	}
	return "OrderedDict([" + strings.Join(parts, ", ") + "])"
}

// pyDecimal maps a rune to the digit Python's int()/float() read from it:
// ASCII digits and every Unicode decimal digit (category Nd); -1 otherwise.
func pyDecimal(r rune) int {
	if r >= '0' && r <= '9' {
		return int(r - '0')
	}
	if r < 128 || !unicode.Is(unicode.Nd, r) {
		return -1
	}
	// Nd characters come in runs of ten starting at a zero.
	for _, rg := range unicode.Nd.R16 {
		if r >= rune(rg.Lo) && r <= rune(rg.Hi) {
			return int(r-rune(rg.Lo)) % 10
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if r >= rune(rg.Lo) && r <= rune(rg.Hi) {
			return int(r-rune(rg.Lo)) % 10
		}
	}
	return -1
}

// pyASCIINumber is CPython's _PyUnicode_TransformDecimalAndSpaceToASCII:
// Unicode spaces become ' ', Unicode digits ASCII digits; ok=false when a
// character can be neither.
func pyASCIINumber(s string) (string, bool) {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s, true
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 127:
			b.WriteRune(r)
		case pystr.IsSpace(r):
			b.WriteByte(' ')
		default:
			d := pyDecimal(r)
			if d < 0 {
				return "", false
			}
			b.WriteByte(byte('0' + d))
		}
	}
	return b.String(), true
}

func isCSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// pyMaxStrDigits is Python's default sys.get_int_max_str_digits().
const pyMaxStrDigits = 4300

// pyInt is Python's int(s) for a str s (base 10).
func pyInt(s string) (*big.Int, error) {
	bad := fmt.Errorf("invalid literal for int() with base 10: %s", optdata.PyRepr(s))
	a, ok := pyASCIINumber(s)
	if !ok {
		return nil, bad
	}
	i := 0
	for i < len(a) && isCSpace(a[i]) {
		i++
	}
	neg := false
	if i < len(a) && (a[i] == '+' || a[i] == '-') {
		neg = a[i] == '-'
		i++
	}
	if i < len(a) && a[i] == '_' {
		return nil, bad
	}
	var digits strings.Builder
	prev := byte(0)
	for i < len(a) && ((a[i] >= '0' && a[i] <= '9') || a[i] == '_') {
		if a[i] == '_' {
			if prev == '_' {
				return nil, bad
			}
		} else {
			digits.WriteByte(a[i])
		}
		prev = a[i]
		i++
	}
	if prev == '_' {
		return nil, bad
	}
	if digits.Len() > pyMaxStrDigits {
		return nil, fmt.Errorf("Exceeds the limit (%d digits) for integer string conversion: value has %d digits; use sys.set_int_max_str_digits() to increase the limit", pyMaxStrDigits, digits.Len())
	}
	if digits.Len() == 0 {
		return nil, bad
	}
	for i < len(a) && isCSpace(a[i]) {
		i++
	}
	if i != len(a) {
		return nil, bad
	}
	n, _ := new(big.Int).SetString(digits.String(), 10)
	if neg {
		n.Neg(n)
	}
	return n, nil
}

var pyFloatRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|(?i:inf|infinity|nan))$`)
})

// pyFloat is Python's float(s) for a str s.
func pyFloat(s string) (float64, error) {
	bad := fmt.Errorf("could not convert string to float: %s", optdata.PyRepr(s))
	a, ok := pyASCIINumber(s)
	if !ok {
		return 0, bad
	}
	if strings.IndexByte(a, 0) >= 0 {
		return 0, bad
	}
	if strings.IndexByte(a, '_') >= 0 {
		// underscores only between digits
		var b strings.Builder
		prev := byte(0)
		for i := 0; i < len(a); i++ {
			c := a[i]
			if c == '_' {
				if !(prev >= '0' && prev <= '9') {
					return 0, bad
				}
			} else {
				if prev == '_' && !(c >= '0' && c <= '9') {
					return 0, bad
				}
				b.WriteByte(c)
			}
			prev = c
		}
		if prev == '_' {
			return 0, bad
		}
		a = b.String()
	}
	start, end := 0, len(a)
	for start < end && isCSpace(a[start]) {
		start++
	}
	for end-1 > start && isCSpace(a[end-1]) {
		end--
	}
	a = a[start:end]
	if !pyFloatRE().MatchString(a) {
		return 0, bad
	}
	switch strings.ToLower(strings.TrimLeft(a, "+-")) {
	case "nan":
		return math.NaN(), nil
	case "inf", "infinity":
		if strings.HasPrefix(a, "-") {
			return math.Inf(-1), nil
		}
		return math.Inf(1), nil
	}
	f, err := strconv.ParseFloat(a, 64)
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) && errors.Is(ne.Err, strconv.ErrRange) {
			return f, nil // Python: overflow gives inf, underflow 0
		}
		return 0, bad
	}
	return f, nil
}
