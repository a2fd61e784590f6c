package echoerr

// The types below are defined in github.com/echoerr/echoerr/answer, shared
// by the adapters for Echo v4 (github.com/echoerr/echoerr) and Echo v5
// (github.com/echoerr/echoerr/v5): a value made for one is the same value
// for the other. go doc github.com/echoerr/echoerr/answer NAME shows each
// type's fields.

import "github.com/echoerr/echoerr/answer"

// Fields are extra members of an error's JSON body.
//
// Its fields and methods: [answer.Fields] (go doc github.com/echoerr/echoerr/answer.Fields).
type Fields = answer.Fields

// AbortError is the error [Abort] returns. Register a handler for it with
// On(func(c echo.Context, err *echoerr.AbortError) error), or for its status
// with [OnStatus].
//
// Its fields and methods: [answer.AbortError] (go doc github.com/echoerr/echoerr/answer.AbortError).
type AbortError = answer.AbortError

// Entry is a declared answer: what an error gets without a handler function,
// like one entry of flask-restful's errors dict. Its JSON body, {"message":
// ..., fields...}, is encoded once, when the rule is built.
//
// Its fields and methods: [answer.Entry] (go doc github.com/echoerr/echoerr/answer.Entry).
type Entry = answer.Entry

// Format says how echoerr writes the answers it writes itself: default
// responses, declared entries, [Abort] and [Errors]. A handler that writes its
// own response is never changed. The zero Format writes {"message": ...}
// JSON and gives RFC 9457 problem details to a client that prefers them.
//
// Set it for the app with [Config].Format and for a namespace with
// [Namespace.SetFormat]; a namespace without one uses its parent's. The format
// of the request's innermost namespace applies, whichever level's entry
// answers.
//
// Its fields and methods: [answer.Format] (go doc github.com/echoerr/echoerr/answer.Format).
type Format = answer.Format

// Page is the data of an HTML error page.
//
// Its fields and methods: [answer.Page] (go doc github.com/echoerr/echoerr/answer.Page).
type Page = answer.Page

// ErrorItem is one of several errors in one answer, like Flask-ApiExceptions'
// ApiError: Code identifies the kind of error ("invalid-data", "not-found"),
// Message describes it, and Info carries any JSON-encodable details. A nil
// Info is written as null.
//
// Its fields and methods: [answer.ErrorItem] (go doc github.com/echoerr/echoerr/answer.ErrorItem).
type ErrorItem = answer.ErrorItem

// ErrorLister is implemented by errors that answer with several errors: their
// body is {"errors": [{"code": ..., "message": ..., "info": ...}, ...]} in
// JSON, an "errors" member in problem details. Validation libraries plug in
// by returning an error that implements it (see _example for
// go-playground/validator).
//
// Its fields and methods: [answer.ErrorLister] (go doc github.com/echoerr/echoerr/answer.ErrorLister).
type ErrorLister = answer.ErrorLister

// PublicMessager is implemented by errors that carry a message meant for
// clients. When such an error decides the answer (it carries the status, or
// nothing in the tree does), its PublicMessage is the body's message, also
// for a 5xx. Without one, the message is the status text: an error's own
// Error() text is never sent, but in debug mode.
//
// Its fields and methods: [answer.PublicMessager] (go doc github.com/echoerr/echoerr/answer.PublicMessager).
type PublicMessager = answer.PublicMessager

// Errors is an error that carries several errors for one answer, like
// Flask-ApiExceptions' ApiException. Build it in one call with [NewErrors] or
// add to it with [Errors.Add].
//
//	return echoerr.NewErrors(http.StatusBadRequest).
//		Add("invalid-data", "The address provided is invalid.", nil).
//		Add("invalid-data", "The phone number does not exist.", map[string]string{"area_code": "555"})
//
// Its fields and methods: [answer.Errors] (go doc github.com/echoerr/echoerr/answer.Errors).
type Errors = answer.Errors

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
//
// Its fields and methods: [answer.HeaderCarrier] (go doc github.com/echoerr/echoerr/answer.HeaderCarrier).
type HeaderCarrier = answer.HeaderCarrier

// Event describes one error answer, for the log and for [Config].Report.
//
// Its fields and methods: [answer.Event] (go doc github.com/echoerr/echoerr/answer.Event).
type Event = answer.Event

// Step is one error a handler received and passed on (returned another
// error, or called c.Error with one), with the rule that ran.
//
// Its fields and methods: [answer.Step] (go doc github.com/echoerr/echoerr/answer.Step).
type Step = answer.Step

// PanicError is a recovered panic with its stack, as Echo v4's Recover
// middleware returns it with echoerr's RecoverLogErrorFunc: echoerr answers
// it 500, logs the stack and never writes it in a body, not even in debug
// mode.
//
// Its fields and methods: [answer.PanicError] (go doc github.com/echoerr/echoerr/answer.PanicError).
type PanicError = answer.PanicError

// AnswerKind says where an [Answer] comes from.
//
// Its fields and methods: [answer.AnswerKind] (go doc github.com/echoerr/echoerr/answer.AnswerKind).
type AnswerKind = answer.AnswerKind

// Answer is one answer echoerr can give, as [Describe] finds it in the rules.
//
// Its fields and methods: [answer.Answer] (go doc github.com/echoerr/echoerr/answer.Answer).
type Answer = answer.Answer

// Formats are the media types of the bodies echoerr writes for a route, the
// first being the one a client that asks for nothing gets.
//
// Its fields and methods: [answer.Formats] (go doc github.com/echoerr/echoerr/answer.Formats).
type Formats = answer.Formats

// RouteAnswers are the answers echoerr can give one route's errors, those
// of its own rules first, then its namespaces', then the app's, as
// resolution asks them; a rule that an inner level's rule for the same
// type, sentinel or status hides is left out, and so are the status rules
// of namespaces and the app for 404 and 405, the router's statuses, which
// [PrefixAnswers] list.
//
// Its fields and methods: [answer.RouteAnswers] (go doc github.com/echoerr/echoerr/answer.RouteAnswers).
type RouteAnswers = answer.RouteAnswers

// PrefixAnswers are the answers of a namespace to the router's 404 and 405
// under its prefix.
//
// Its fields and methods: [answer.PrefixAnswers] (go doc github.com/echoerr/echoerr/answer.PrefixAnswers).
type PrefixAnswers = answer.PrefixAnswers

// Description is what echoerr answers where, in an Echo app: [Describe]
// builds it from the routes and the rules, as plain data, for a table at
// start-up ([Description.WriteTable]) or an OpenAPI document (the module
// github.com/echoerr/echoerr/openapi).
//
// Its fields and methods: [answer.Description] (go doc github.com/echoerr/echoerr/answer.Description).
type Description = answer.Description

// StatusClientClosedRequest (499, nginx's code) answers an error caused by a
// client that went away: context.Canceled anywhere in the error tree.
const StatusClientClosedRequest = answer.StatusClientClosedRequest

const (
	// Declared answers come from declared rules (Declare, DeclareIf,
	// DeclareError, DeclareStatus): everything about them is known.
	Declared = answer.Declared
	// Handled answers come from handler rules (On, OnIf, OnError, OnStatus,
	// CatchAll, ErrorHandler). Their status is known only when the rule says
	// it with [Rule.Answers]; their body is the handler's.
	Handled = answer.Handled
	// Default answers are echoerr's own: 500 for an unexpected error, and
	// the router's 404 and 405 under a namespace's prefix.
	Default = answer.Default
)

// NewErrors returns an [*Errors] with status and items.
func NewErrors(status int, items ...ErrorItem) *Errors { return answer.NewErrors(status, items...) }
