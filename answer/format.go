package answer

import "net/http"

// Format says how echoerr writes the answers it writes itself: default
// responses, declared entries, echoerr.Abort and [Errors]. A handler that writes its
// own response is never changed. The zero Format writes {"message": ...}
// JSON and gives RFC 9457 problem details to a client that prefers them.
//
// Set it for the app with echoerr.Config.Format and for a namespace with
// echoerr.Namespace.SetFormat; a namespace without one uses its parent's. The format
// of the request's innermost namespace applies, whichever level's entry
// answers.
type Format struct {
	// Problem writes RFC 9457 problem details (application/problem+json)
	// instead of {"message": ...} JSON.
	// Optional. Default value: false.
	Problem bool

	// HTML answers requests that prefer text/html with an HTML page: the
	// template HTMLTemplate rendered by e.Renderer, or a built-in page.
	// Optional. Default value: false.
	HTML bool

	// HTMLTemplate is the template name given to c.Render, with a [Page] as
	// data. Every value is escaped by the built-in page; a Renderer built on
	// html/template escapes too.
	// Optional. Default value: "", the built-in page, which is also used when
	// e.Renderer is nil or fails.
	HTMLTemplate string

	// OmitMessage leaves the message out of bodies: no "message" member in
	// JSON (Abort(c, 403, "", nil) answers 403 {}), no "detail" in problem
	// details, as Flask-RESTX's ERROR_INCLUDE_MESSAGE off.
	// Optional. Default value: false.
	OmitMessage bool

	// Body, when set, builds the body of every answer echoerr writes itself
	// in JSON at this level (default answers, declared entries, Abort,
	// several errors, the router's 404 and 405, recovered panics, 413, 499,
	// 503), encoded as JSON: an app's own error envelope. It gets the
	// request and the answer (status, public message, fields, items, and
	// where it came from) and may be called concurrently; a panic in it, or
	// a value JSON cannot encode, answers a well-formed 500. Body replaces
	// the {"message": ...} JSON shape only: problem details and HTML pages
	// stay negotiable (Accept), unless NoNegotiation.
	// Optional. Default value: nil, echoerr's {"message": ...} JSON.
	Body func(r *http.Request, a Answer) any

	// BodyType is the media type of Body's answers, such as JSON:API's
	// "application/vnd.api+json".
	// Optional. Default value: "application/json".
	BodyType string

	// NoNegotiation ignores the request's Accept header.
	// Optional. Default value: false: a client that prefers
	// application/problem+json, application/json or (with HTML) text/html gets
	// it. A client that accepts none of them gets the format above, never 406.
	NoNegotiation bool
}

// Page is the data of an HTML error page.
type Page struct {
	Status  int         // the answer's status
	Title   string      // the status text, such as "Not Found"
	Message string      // the public message; "" with OmitMessage
	Fields  Fields      // extra fields of an Abort or a declared entry
	Errors  []ErrorItem // the items of an [ErrorLister]
	Error   string      // the error's text, in debug mode only
}
