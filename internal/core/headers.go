package core

import (
	"net/http"
	"slices"
	"strings"
)

// bodyHeaders are response headers that describe the body a handler meant to
// send; an error answer has another body, so they go. Content-Encoding set
// by middleware.Gzip's writer comes back when it compresses the answer.
var bodyHeaders = map[string]bool{
	"Content-Length":      true,
	"Content-Encoding":    true,
	"Content-Disposition": true,
	"Content-Range":       true,
	"Content-Language":    true,
	"Content-Location":    true,
	"Content-Md5":         true,
	"Content-Digest":      true,
	"Repr-Digest":         true,
	"Digest":              true,
	"Etag":                true,
	"Last-Modified":       true,
	"Accept-Ranges":       true,
}

// freshnessHeaders let caches keep a response: a failed handler's
// "Cache-Control: public, max-age=86400" would let a CDN serve its error
// answer for a day. They go from error answers; a declared entry or an
// error's headers may set their own.
var freshnessHeaders = map[string]bool{
	"Cache-Control":     true,
	"Expires":           true,
	"Cdn-Cache-Control": true,
	"Surrogate-Control": true,
}

// prepareHeaders drops what described the failed handler's body, and what
// would let caches keep the error answer.
func prepareHeaders(hdr http.Header) {
	if len(hdr) == 0 {
		return
	}
	for k := range hdr {
		if bodyHeaders[k] || freshnessHeaders[k] {
			delete(hdr, k)
		}
	}
}

// listHeaders may repeat, each value its own: an entry's or an error's
// values are added to those middleware set (a CSRF cookie, a Link), not put
// in their place. Vary is merged token by token.
var listHeaders = map[string]bool{
	"Set-Cookie":       true,
	"Link":             true,
	"Www-Authenticate": true,
	"Via":              true,
	"Warning":          true,
}

// setHeader puts an entry's or an error's header on the answer: added to
// the values already there for a header that may repeat, merged for Vary,
// else in place of them. v is not written into (an append copies).
func setHeader(hdr http.Header, name string, v []string) {
	switch {
	case name == headerVary:
		for _, tok := range v {
			addVary(hdr, tok)
		}
	case listHeaders[name] && len(hdr[name]) > 0:
		old := hdr[name]
		hdr[name] = append(old[:len(old):len(old)], v...)
	default:
		hdr[name] = v
	}
}

// addVary adds the tokens of one Vary value that are not there yet.
func addVary(hdr http.Header, value string) {
	for value != "" {
		var tok string
		tok, value, _ = strings.Cut(value, ",")
		if tok = strings.TrimSpace(tok); tok != "" && !hasVary(hdr[headerVary], tok) {
			v := hdr[headerVary]
			hdr[headerVary] = append(v[:len(v):len(v)], tok)
		}
	}
}

// hasVary reports whether the Vary values name tok (or "*").
func hasVary(values []string, tok string) bool {
	for _, s := range values {
		for s != "" {
			var t string
			t, s, _ = strings.Cut(s, ",")
			t = strings.TrimSpace(t)
			if t == "*" || strings.EqualFold(t, tok) {
				return true
			}
		}
	}
	return false
}

// varyAccept is the Vary value of a negotiated answer; shared, capacity
// equal to length so that an Add copies.
var varyAccept = []string{headerAccept}

// addVaryAccept adds Accept to the Vary header unless it is there (or "*").
func addVaryAccept(hdr http.Header) {
	v, ok := hdr[headerVary]
	if !ok {
		hdr[headerVary] = varyAccept
		return
	}
	if !hasVary(v, headerAccept) {
		hdr[headerVary] = append(v[:len(v):len(v)], headerAccept)
	}
}

// ownHeaders are the headers echoerr sets itself on an answer (Vary is
// merged, see setHeader).
var ownHeaders = map[string]bool{
	"Content-Type":      true,
	"Transfer-Encoding": true,
	"Trailer":           true,
	"Connection":        true,
}

// checkHeader validates a header an entry or an error sets: its canonical
// name, or why it cannot be set.
func checkHeader(name string, values []string) (string, string) {
	if !validHeaderName(name) {
		return "", "invalid header name"
	}
	canon := http.CanonicalHeaderKey(name)
	if bodyHeaders[canon] || ownHeaders[canon] {
		return "", "set by echoerr for the answer's body"
	}
	for _, v := range values {
		if strings.ContainsAny(v, "\r\n\x00") {
			return "", "value holds CR, LF or NUL"
		}
	}
	return canon, ""
}

// validHeaderName reports whether name is an HTTP token (RFC 9110).
func validHeaderName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// errorHeaders sets on hdr the headers of the first element of err's tree
// that carries some, skipping what checkHeader refuses.
func errorHeaders(hdr http.Header, err error) {
	for i := range kinds {
		if kinds[i].NoHeaders != nil && kinds[i].NoHeaders(err) {
			return // Echo's own errors, the most common default answers: nothing to find
		}
	}
	if _, ok := err.(HeaderCarrier); !ok {
		switch err.(type) {
		case interface{ Unwrap() error }, interface{ Unwrap() []error }:
		default:
			return // a leaf without headers
		}
	}
	x := firstInTree(err, func(x error) bool {
		if stdWrapper(typeKey(x)) {
			return false
		}
		_, ok := x.(HeaderCarrier)
		return ok
	})
	if x == nil {
		return
	}
	hs := callHeaders(x.(HeaderCarrier))
	if len(hs) == 1 {
		for k, v := range hs {
			if name, why := checkHeader(k, v); why == "" && len(v) > 0 {
				setHeader(hdr, name, slices.Clip(slices.Clone(v)))
			}
		}
		return
	}
	// Keys that differ only in case are merged, in the order of the keys:
	// never one list by chance.
	var merged http.Header
	for _, k := range sortedKeys(hs) {
		v := hs[k]
		if name, why := checkHeader(k, v); why == "" && len(v) > 0 {
			if merged == nil {
				merged = make(http.Header, len(hs))
			}
			merged[name] = append(merged[name], v...)
		}
	}
	for name, v := range merged {
		setHeader(hdr, name, slices.Clip(v))
	}
}

// sortedKeys returns the keys of h, sorted.
func sortedKeys(h http.Header) []string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// mergeHeaders returns h with canonical keys, the values of keys that
// differ only in case merged in the order of the keys.
func mergeHeaders(h http.Header, check func(name string, v []string) string) http.Header {
	out := make(http.Header, len(h))
	for _, k := range sortedKeys(h) {
		name := check(k, h[k])
		out[name] = slices.Clip(append(out[name], h[k]...))
	}
	return out
}

// callHeaders calls Headers(); a method that panics carries none.
func callHeaders(v HeaderCarrier) (h http.Header) {
	defer func() {
		if p := recover(); p != nil {
			rethrowAbort(p)
			methodPanics.Add(1)
			h = nil
		}
	}()
	return v.Headers()
}
