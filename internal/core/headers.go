package core

import (
	"net/http"
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

// prepareHeaders drops what described the failed handler's body.
func prepareHeaders(hdr http.Header) {
	if len(hdr) == 0 {
		return
	}
	for k := range hdr {
		if bodyHeaders[k] {
			delete(hdr, k)
		}
	}
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
	for _, s := range v {
		for s != "" {
			var tok string
			tok, s, _ = strings.Cut(s, ",")
			tok = strings.TrimSpace(tok)
			if tok == "*" || strings.EqualFold(tok, headerAccept) {
				return
			}
		}
	}
	hdr[headerVary] = append(v[:len(v):len(v)], headerAccept)
}

// ownHeaders are the headers echoerr sets itself on an answer.
var ownHeaders = map[string]bool{
	"Content-Type":      true,
	"Vary":              true,
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
	x := firstInTree(err, func(x error) bool { _, ok := x.(HeaderCarrier); return ok })
	if x == nil {
		return
	}
	hs := callHeaders(x.(HeaderCarrier))
	for k, v := range hs {
		if name, why := checkHeader(k, v); why == "" && len(v) > 0 {
			hdr[name] = append([]string(nil), v...)
		}
	}
}

// callHeaders calls Headers(); a method that panics carries none.
func callHeaders(v HeaderCarrier) (h http.Header) {
	defer func() {
		if p := recover(); p != nil {
			rethrowAbort(p)
			h = nil
		}
	}()
	return v.Headers()
}
