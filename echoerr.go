// Package echoerr turns the errors that Echo handlers return into the right HTTP
// answers, through error handlers registered once per namespace (an Echo group)
// and per app, chosen by the most specific match.
//
// Handlers just return errors:
//
//	e := echo.New()
//	e.HTTPErrorHandler = echoerr.New()
//	api := echoerr.Group(e, "/api")
//	api.Handle(echoerr.On(func(c echo.Context, err *NotFoundError) error {
//		return c.JSON(http.StatusNotFound, map[string]string{"missing": err.ID})
//	}))
//	api.GET("/users/:id", func(c echo.Context) error {
//		return fmt.Errorf("load user: %w", &NotFoundError{ID: c.Param("id")})
//	})
//
// [New] builds the app's error handler, [Group] makes a [Namespace] (an Echo group
// with its own error handlers) and [Abort] returns an error that answers with a
// status, a message and extra body fields.
//
// # Registration
//
// The same [Rule] values register handlers at app level ([New], [NewWithConfig]),
// at namespace level ([Namespace.Handle]) and for one route
// ([Namespace.HandleRoute], [HandleRoute]):
//
//   - [On] for an error type, concrete or interface, matched like [errors.As];
//     the handler receives the matching value, typed;
//   - [OnIf] for an error type and a predicate on the value: one rule per
//     code of a driver that uses one type for every code;
//   - [OnError] for a sentinel value, matched like [errors.Is];
//   - [OnStatus] for the HTTP status the error would get;
//   - [CatchAll] for anything else (at namespace level also [Namespace.ErrorHandler]);
//   - [Declare], [DeclareIf], [DeclareError] and [DeclareStatus] for a declared
//     answer (status, public message, extra fields, headers) with no function
//     to write.
//
// # Resolution
//
// An error tree is walked the way [errors.As] walks it: pre-order, depth first,
// through Unwrap() error and Unwrap() []error. Resolution looks at levels in turn:
// the route's own rules, the innermost namespace of the request, each
// enclosing namespace, then the app.
// The first level with a match decides, even if an outer level has a more
// specific entry. Within a level, the first element of the tree that any entry
// matches decides, and for that element a sentinel beats a rule for its type
// (one value is more specific than its type); an exact type beats an
// interface type, which beats a status code, except that for the generic
// status-carrying types ([*echo.HTTPError], [*AbortError]) a status rule
// beats the rule for the type, as Flask asks a code's handler before the
// generic HTTPException's. A domain type with its own StatusCode() still
// beats a status rule. A catch-all runs only when nothing
// else of its level matched. For one type, its guarded rules are tried in
// registration order before its plain rule; a guard that says no lets the
// search go on as if the rule were absent.
//
// A handler that returns nil has handled the error; if it wrote nothing, the
// default response for the error is written. A handler that returns an error
// passes it on: resolution starts again, from the innermost level, with the
// returned error, and no handler runs twice in one request; a typed handler
// that returns the value it received passes on the whole error it came from.
// A handler that calls c.Error(err) itself passes err on the same way, as if
// it had returned it: no recursion, one answer, one log line. A handler that
// panics is recovered and logged, and the request is resolved again as a 500
// through the levels, without that rule: a DeclareStatus(500) answers it.
//
// When nothing matches, the default response is written: the status of the first
// [*echo.HTTPError], [*AbortError] or error with a StatusCode() int method in the
// tree (context.Canceled, context.DeadlineExceeded and *http.MaxBytesError
// count too, see Operations), else 500, with a {"message": ...} body as Echo's default handler writes
// it. A 5xx body never carries the error's own text unless Echo's Debug is on.
//
// # Example
//
// Namespace /api has a handler for *BaseError; the app has one for *SubError,
// and a *SubError wraps a *BaseError. A route of /api returns
// fmt.Errorf("save: %w", &SubError{...}). Resolution looks at /api first: the
// tree is fmt's wrapper, then the *SubError, then the *BaseError. /api has no
// entry for the first two and one for *BaseError, so /api's handler runs and
// receives the *BaseError. The app's *SubError handler is never asked: the level
// decides before specificity, so a namespace keeps its errors to itself. If
// /api's handler returned the error again, /api would have nothing left for it
// and the app's *SubError handler would run next.
//
// # Formats
//
// echoerr writes its own answers as {"message": ...} JSON, as RFC 9457
// problem details (application/problem+json) or, for browsers, as HTML pages
// rendered by Echo's Renderer; see [Format]. The request's Accept header picks
// among them unless negotiation is off, and an error is never answered 406.
// An error that carries several errors ([Errors], [ErrorLister]) answers
// {"errors": [...]}; one with a PublicMessage method ([PublicMessager]) gives
// its message.
//
// # Operations
//
// Each error answer is logged once, with log/slog, and can be reported
// through [Config].Report (Sentry, OpenTelemetry). When handlers translated
// the error, the log line and the [Event] keep the error the route returned
// ([Event].Cause, [Event].Passed); [AbortCause] keeps a cause without putting
// it in the error tree. Failures have classes:
// context.Canceled answers [StatusClientClosedRequest] (499) and is not an
// error of the server; context.DeadlineExceeded answers 503;
// *http.MaxBytesError answers 413. Echo middleware that calls the error handler
// itself leads to one answer, one log line and one report; [Respond] answers
// inside instrumentation middleware so that it sees the status.
//
// The error path survives broken error values: a typed nil pointer, a method
// (Error, StatusCode, PublicMessage, ErrorList, Is, As, Unwrap, a field's
// MarshalJSON) that panics is treated as absent; values == cannot compare
// never panic; every walk of an error tree looks at no more than 1,000
// elements, so a cycle ends it. Panics of Report, ReportIf, the Logger's
// handler and Echo's Before hooks are recovered, and an answer is still
// written. A response whose connection was hijacked is left alone. The log
// line keeps error_chain, error and request_id short.
//
// # Documentation
//
// [Describe] lists, for every route, the answers its errors can get from
// the rules of its levels, for a table at start-up or an OpenAPI document
// (module github.com/echoerr/echoerr/openapi); [Rule.Answers] lets a
// handler rule say what it answers.
//
// # Concurrency
//
// The handler returned by [New] and every [Namespace] are safe for concurrent
// use. Registering error handlers is safe at any time, even while requests are
// served: a registration takes effect from the next error on. Adding routes is
// Echo's business and, as in Echo, belongs before the server starts; so does
// making an Echo's first namespace or route rule ([Group], [HandleRoute]),
// which sets up its routing state.
package echoerr

//go:generate go run ./internal/gen

import (
	"log/slog"

	"github.com/echoerr/echoerr/internal/core"
	"github.com/labstack/echo/v4"
)

// HandlerFunc handles an error. It returns nil when the error is handled, or an
// error to pass on: the returned error is resolved in turn, and the handler is
// not asked again in the same request.
type HandlerFunc func(c echo.Context, err error) error

// Config configures the error handler built by [NewWithConfig]. The zero value
// is valid and means the defaults.
type Config struct {
	// Rules are the app-level registrations, in order.
	// Optional. Default value: none, so every error gets the default response.
	Rules []Rule

	// Logger receives one line per error answer ("echoerr: error answered",
	// with method, path, route, status, request_id, error, error_chain,
	// rule_level, rule and rule_name; never the body or other headers), and what goes
	// wrong inside the error path itself: a handler that panics, a response
	// that cannot be encoded or written.
	// Optional. Default value: slog.Default() at the time of the log call.
	Logger *slog.Logger

	// ClientErrorLevel is the level of the line for a 4xx answer, and for an
	// error of a client that went away. 5xx answers are logged at
	// slog.LevelError.
	// Optional. Default value: slog.LevelInfo (the zero Level).
	ClientErrorLevel slog.Level

	// Report is called once per error answer that ReportIf selects, after the
	// answer is written, with the request's context: the place to send errors
	// to Sentry or to a trace span. It may be called concurrently; a panic in
	// it is recovered and logged.
	// Optional. Default value: nil, no reports.
	Report func(c echo.Context, ev Event)

	// ReportIf selects the answers to report.
	// Optional. Default value: 5xx answers, except when context.Canceled is in
	// the error tree (the client going away; see [Event].Canceled).
	ReportIf func(ev Event) bool

	// Format says how echoerr writes the bodies it writes itself; a
	// namespace can set its own with [Namespace.SetFormat].
	// Optional. Default value: the zero Format, {"message": ...} JSON with
	// content negotiation.
	Format Format
}

// New returns an [echo.HTTPErrorHandler] with the given app-level rules. With no
// rules it is a drop-in for Echo's default handler, except that it also finds
// an [*echo.HTTPError] that is wrapped: fmt.Errorf("load: %w", echo.ErrNotFound)
// answers 404, not 500.
//
// Assign it to e.HTTPErrorHandler:
//
//	e.HTTPErrorHandler = echoerr.New()
func New(rules ...Rule) echo.HTTPErrorHandler {
	return NewWithConfig(Config{Rules: rules})
}

// NewWithConfig returns an [echo.HTTPErrorHandler] configured by cfg. It panics
// with an "echoerr: " message if a rule is invalid.
func NewWithConfig(cfg Config) echo.HTTPErrorHandler {
	h := &handler{}
	rules := coreRules(cfg.Rules, "New")
	h.core = core.New(core.Config[echo.Context]{
		Echo:             adapter{h},
		Rules:            rules,
		Logger:           cfg.Logger,
		ClientErrorLevel: cfg.ClientErrorLevel,
		Report:           cfg.Report,
		ReportIf:         cfg.ReportIf,
		Format:           cfg.Format,
		Where:            "New",
	})
	return h.errorHandler()
}

// level is a place where rules are registered, for Echo v4's context.
type level = core.Level[echo.Context]
