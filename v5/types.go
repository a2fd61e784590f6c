package echoerr

// The types below are the core's (internal/core), shared by the adapters for
// Echo v4 (this package) and Echo v5 (github.com/echoerr/echoerr/v5): a
// value made for one is the same value for the other.

import "github.com/echoerr/echoerr/internal/core"

// Fields are extra members of an error's JSON body.
type Fields = core.Fields

// AbortError is the error [Abort] returns. Register a handler for it with
// On(func(c *echo.Context, err *echoerr.AbortError) error), or for its status
// with [OnStatus].
type AbortError = core.AbortError

// Entry is a declared answer: what an error gets without a handler function,
// like one entry of flask-restful's errors dict. Its JSON body, {"message":
// ..., fields...}, is encoded once, when the rule is built.
type Entry = core.Entry

// Format says how echoerr writes the answers it writes itself: default
// responses, declared entries, [Abort] and [Errors]. A handler that writes its
// own response is never changed. The zero Format writes {"message": ...}
// JSON and gives RFC 9457 problem details to a client that prefers them.
//
// Set it for the app with [Config].Format and for a namespace with
// [Namespace.SetFormat]; a namespace without one uses its parent's. The format
// of the request's innermost namespace applies, whichever level's entry
// answers.
type Format = core.Format

// Page is the data of an HTML error page.
type Page = core.Page

// ErrorItem is one of several errors in one answer, like Flask-ApiExceptions'
// ApiError: Code identifies the kind of error ("invalid-data", "not-found"),
// Message describes it, and Info carries any JSON-encodable details. A nil
// Info is written as null.
type ErrorItem = core.ErrorItem

// ErrorLister is implemented by errors that answer with several errors: their
// body is {"errors": [{"code": ..., "message": ..., "info": ...}, ...]} in
// JSON, an "errors" member in problem details. Validation libraries plug in
// by returning an error that implements it (see _example for
// go-playground/validator).
type ErrorLister = core.ErrorLister

// PublicMessager is implemented by errors that carry a message meant for
// clients. When such an error decides the answer (it carries the status, or
// nothing in the tree does), its PublicMessage is the body's message, also
// for a 5xx. Without one, the message is the status text: an error's own
// Error() text is never sent, but in debug mode.
type PublicMessager = core.PublicMessager

// Errors is an error that carries several errors for one answer, like
// Flask-ApiExceptions' ApiException. Build it in one call with [NewErrors] or
// add to it with [Errors.Add].
//
//	return echoerr.NewErrors(http.StatusBadRequest).
//		Add("invalid-data", "The address provided is invalid.", nil).
//		Add("invalid-data", "The phone number does not exist.", map[string]string{"area_code": "555"})
type Errors = core.Errors

// HeaderCarrier is implemented by errors that carry response headers, like
// Werkzeug's get_headers: Retry-After from a rate limiter, WWW-Authenticate
// from an authentication error. When the default answer is written (no rule
// answered, or a handler handled the error without writing), the headers of
// the first element of the error tree that has them are set on it, with
// [Entry].Headers' rules: invalid names and values, and the headers that
// describe the body, are left out.
type HeaderCarrier = core.HeaderCarrier

// Event describes one error answer, for the log and for [Config].Report.
type Event = core.Event

// Step is one error a handler received and passed on (returned another
// error, or called c.Error with one), with the rule that ran.
type Step = core.Step

// PanicError is a recovered panic with its stack. [RecoverLogErrorFunc] makes
// Echo's Recover middleware return one; echoerr answers it 500, logs the
// stack and never writes it in a body, not even in debug mode.
type PanicError = core.PanicError

// AnswerKind says where an [Answer] comes from.
type AnswerKind = core.AnswerKind

// Answer is one answer echoerr can give, as [Describe] finds it in the rules.
type Answer = core.Answer

// Formats are the media types of the bodies echoerr writes for a route, the
// first being the one a client that asks for nothing gets.
type Formats = core.Formats

// RouteAnswers are the answers echoerr can give one route's errors, those
// of its own rules first, then its namespaces', then the app's, as
// resolution asks them; a rule that an inner level's rule for the same
// type, sentinel or status hides is left out, and so are the status rules
// of namespaces and the app for 404 and 405, the router's statuses, which
// [PrefixAnswers] list.
type RouteAnswers = core.RouteAnswers

// PrefixAnswers are the answers of a namespace to the router's 404 and 405
// under its prefix.
type PrefixAnswers = core.PrefixAnswers

// Description is what echoerr answers where, in an Echo app: [Describe]
// builds it from the routes and the rules, as plain data, for a table at
// start-up ([Description.WriteTable]) or an OpenAPI document (the module
// github.com/echoerr/echoerr/openapi).
type Description = core.Description

// StatusClientClosedRequest (499, nginx's code) answers an error caused by a
// client that went away: context.Canceled anywhere in the error tree.
const StatusClientClosedRequest = core.StatusClientClosedRequest

const (
	// Declared answers come from declared rules (Declare, DeclareIf,
	// DeclareError, DeclareStatus): everything about them is known.
	Declared = core.Declared
	// Handled answers come from handler rules (On, OnIf, OnError, OnStatus,
	// CatchAll, ErrorHandler). Their status is known only when the rule says
	// it with [Rule.Answers]; their body is the handler's.
	Handled = core.Handled
	// Default answers are echoerr's own: 500 for an unexpected error, and
	// the router's 404 and 405 under a namespace's prefix.
	Default = core.Default
)

// NewErrors returns an [*Errors] with status and items.
func NewErrors(status int, items ...ErrorItem) *Errors { return core.NewErrors(status, items...) }
