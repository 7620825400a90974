package oslotype

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// validateIP is oslo_config.types.IPAddress: netaddr.valid_ipv4/valid_ipv6
// with INET_PTON, i.e. the C library's inet_pton.
func validateIP(value string, version int) error {
	if value == "" {
		return errors.New("IP address cannot be an empty string")
	}
	switch version {
	case 4:
		if !inetPton4(value) {
			return fmt.Errorf("%s is not an IPv4 address", value)
		}
	case 6:
		if !inetPton6(value) {
			return fmt.Errorf("%s is not an IPv6 address", value)
		}
	default:
		if !inetPton4(value) && !inetPton6(value) {
			return fmt.Errorf("%s is not IPv4 or IPv6 address", value)
		}
	}
	return nil
}

// inetPton4 is glibc's inet_pton4: four decimal octets, no leading zeros.
func inetPton4(s string) bool {
	sawDigit, octets := false, 0
	cur := 0
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch >= '0' && ch <= '9':
			n := cur*10 + int(ch-'0')
			if sawDigit && cur == 0 {
				return false
			}
			if n > 255 {
				return false
			}
			cur = n
			if !sawDigit {
				octets++
				if octets > 4 {
					return false
				}
				sawDigit = true
			}
		case ch == '.' && sawDigit:
			if octets == 4 {
				return false
			}
			cur = 0
			sawDigit = false
		default:
			return false
		}
	}
	return octets >= 4
}

func hexValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// inetPton6 is glibc's inet_pton6 (resolv/inet_pton.c).
func inetPton6(s string) bool {
	const size = 16
	tp := 0
	colonp := -1
	i := 0
	if len(s) == 0 {
		return false
	}
	if s[0] == ':' {
		i++
		if i == len(s) || s[i] != ':' {
			return false
		}
	}
	curtok := i
	xdigits := 0
	val := 0
	for i < len(s) {
		ch := s[i]
		i++
		if d := hexValue(ch); d >= 0 {
			if xdigits == 4 {
				return false
			}
			val = val<<4 | d
			if val > 0xffff {
				return false
			}
			xdigits++
			continue
		}
		if ch == ':' {
			curtok = i
			if xdigits == 0 {
				if colonp >= 0 {
					return false
				}
				colonp = tp
				continue
			} else if i == len(s) {
				return false
			}
			if tp+2 > size {
				return false
			}
			tp += 2
			xdigits, val = 0, 0
			continue
		}
		if ch == '.' && tp+4 <= size && inetPton4(s[curtok:]) {
			tp += 4
			xdigits = 0
			i = len(s)
			break
		}
		return false
	}
	if xdigits > 0 {
		if tp+2 > size {
			return false
		}
		tp += 2
	}
	if colonp >= 0 {
		if tp == size {
			return false
		}
		tp = size
	}
	return tp == size
}

// validateHostname is oslo_config.types.Hostname (domain=true: HostDomain's
// regular expression, which also allows '_').
func validateHostname(value string, domain bool) error {
	if value == "" {
		return errors.New("Cannot have an empty hostname")
	}
	if utf8.RuneCountInString(value) > 253 {
		return fmt.Errorf("hostname is greater than 253 characters: %s", value)
	}
	value = strings.TrimSuffix(value, ".")
	last := value[strings.LastIndexByte(value, '.')+1:]
	if !strings.ContainsFunc(last, func(r rune) bool {
		return r == '-' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
	}) {
		return fmt.Errorf("%s contains no non-numeric characters in the top-level domain part of the host name and is invalid", value)
	}
	for _, seg := range strings.Split(value, ".") {
		if !hostSegment(seg, domain) {
			return fmt.Errorf("%s is an invalid hostname", value)
		}
	}
	return nil
}

// hostSegment is re.match('(?!-)[A-Z0-9-]{1,63}(?<!-)$', seg, re.IGNORECASE)
// (with '_' for HostDomain): $ also matches before a final newline.
func hostSegment(seg string, domain bool) bool {
	seg = strings.TrimSuffix(seg, "\n")
	n := utf8.RuneCountInString(seg)
	if n < 1 || n > 63 || seg[0] == '-' || seg[len(seg)-1] == '-' {
		return false
	}
	for _, r := range seg {
		if !hostChar(r, domain) {
			return false
		}
	}
	return true
}

// hostChar is [A-Z0-9-] (and '_') under Python's re.IGNORECASE, which also
// takes characters whose simple upper or lower case is an ASCII letter
// (U+017F ſ, U+212A K, U+0131 ı, U+0130 İ).
func hostChar(r rune, domain bool) bool {
	switch {
	case r >= '0' && r <= '9', r == '-', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		return true
	case r == '_':
		return domain
	case r < 128:
		return false
	}
	isLetter := func(x rune) bool { return (x >= 'a' && x <= 'z') || (x >= 'A' && x <= 'Z') }
	return isLetter(unicode.ToLower(r)) || isLetter(unicode.ToUpper(r))
}

// validateHostAddress is HostAddress (and HostDomain with domain=true): an
// IP address of the version, else a host name.
func validateHostAddress(value string, version int, domain bool) error {
	if validateIP(value, version) == nil {
		return nil
	}
	if validateHostname(value, false) == nil {
		return nil
	}
	if domain && validateHostname(value, true) == nil {
		return nil
	}
	return fmt.Errorf("%s is not a valid host address", value)
}
