package answer

import "net/http"

// Entry is a declared answer: what an error gets without a handler function,
// like one entry of flask-restful's errors dict. Its JSON body, {"message":
// ..., fields...}, is encoded once, when the rule is built.
type Entry struct {
	// Status is the answer's status, 400-599.
	// Optional. Default value: 500.
	Status int
	// Message is the public message, the body's "message" member.
	// Optional. Default value: the status text, such as "Not Found".
	Message string
	// Fields are extra body members. A "message" field is ignored: Message wins.
	// Optional. Default value: none.
	Fields Fields
	// Headers are set on the response, such as Retry-After or WWW-Authenticate.
	// Names must be valid header names and values may not hold CR, LF or
	// NUL; the headers that describe the body (Content-Type, Content-Length,
	// Content-Encoding, ...) are echoerr's and cannot be set. Keys that
	// differ only in case are one header: their values are merged, in the
	// order of the keys. Set-Cookie, Link, WWW-Authenticate, Via and Warning
	// add to the values already set (a CSRF cookie of middleware stays);
	// Vary adds its tokens to echoerr's; any other header replaces what the
	// failed handler set. An error answer never keeps the failed handler's
	// Cache-Control, Expires, CDN-Cache-Control or Surrogate-Control: set
	// them here to have them.
	// Optional. Default value: none.
	Headers http.Header
}

// HeaderCarrier is implemented by errors that carry response headers, like
// Werkzeug's get_headers: Retry-After from a rate limiter, WWW-Authenticate
// from an authentication error. The headers of the first element of the
// error tree that has them are set on every answer echoerr writes for the
// error: the default answer (no rule answered, or a handler handled the
// error without writing) and a declared entry's, whose own headers win on a
// conflict. [Entry].Headers' rules apply: invalid names and values, and the
// headers that describe the body, are left out; keys that differ only in
// case are merged; Set-Cookie and the other headers that may repeat add to
// the values middleware set.
type HeaderCarrier interface {
	Headers() http.Header
}
