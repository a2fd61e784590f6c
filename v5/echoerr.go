// Package echoerr turns the errors that Echo v5 handlers return into the
// right HTTP answers, through error handlers registered once per namespace
// (a group of routes) and per app, chosen by the most specific match. It is
// echoerr for Echo v5: the same API and the same behaviour as the Echo v4
// package github.com/echoerr/echoerr, from the same core.
//
// Handlers just return errors:
//
//	e := echo.New()
//	e.HTTPErrorHandler = echoerr.New()
//	api := echoerr.Group(e, "/api")
//	api.Handle(echoerr.On(func(c *echo.Context, err *NotFoundError) error {
//		return c.JSON(http.StatusNotFound, map[string]string{"missing": err.ID})
//	}))
//	api.GET("/users/:id", func(c *echo.Context) error {
//		return fmt.Errorf("load user: %w", &NotFoundError{ID: c.Param("id")})
//	})
//
// Resolution, rules, formats, logging and reporting are documented in the
// Echo v4 package; what differs for Echo v5:
//
//   - the status of an element is found through [echo.HTTPStatusCoder]
//     (StatusCode() int), which Echo v5's own errors implement;
//   - debug detail in 5xx bodies is [Config].Debug (Echo v5 has no e.Debug);
//   - an [*echo.HTTPError]'s wrapped error is part of the tree (v5 wraps
//     instead of holding an Internal field);
//   - a namespace registers its routes on the Echo with its middleware, and
//     adds no catch-all routes: the router's 404 and 405 (with Allow) under
//     its prefix are the namespace's, exactly as Echo v5 answers them
//     without groups; its middleware does not run for them;
//   - [Respond] calls e.HTTPErrorHandler (v5 has no c.Error), and Echo's
//     RequestLogger, which calls the error handler itself, still gets one
//     answer and one log line;
//   - [Describe] covers one Echo: an app behind echo.NewVirtualHostHandler
//     is one Echo per host.
package echoerr

import (
	"log/slog"

	"github.com/echoerr/echoerr/internal/core"
	"github.com/labstack/echo/v5"
)

// HandlerFunc handles an error. It returns nil when the error is handled, or
// an error to pass on: the returned error is resolved in turn, and the
// handler is not asked again in the same request.
type HandlerFunc func(c *echo.Context, err error) error

// Config configures the error handler built by [NewWithConfig]. The zero
// value is valid and means the defaults.
type Config struct {
	// Rules are the app-level registrations, in order.
	// Optional. Default value: none, so every error gets the default response.
	Rules []Rule

	// Logger receives one line per error answer ("echoerr: error answered")
	// and what goes wrong inside the error path itself.
	// Optional. Default value: the request's Echo's e.Logger (Echo v5 logs
	// through an *slog.Logger: one app, one log format), else slog.Default()
	// at the time of the log call.
	Logger *slog.Logger

	// ClientErrorLevel is the level of the line for a 4xx answer, and for
	// an error of a client that went away. 5xx answers are logged at
	// slog.LevelError.
	// Optional. Default value: slog.LevelInfo (the zero Level).
	ClientErrorLevel slog.Level

	// Report is called once per error answer that ReportIf selects, after
	// the answer is written: the place to send errors to Sentry or to a
	// trace span. A panic in it is recovered and logged.
	// Optional. Default value: nil, no reports.
	Report func(c *echo.Context, ev Event)

	// ReportIf selects the answers to report.
	// Optional. Default value: 5xx answers, except when context.Canceled is in
	// the error tree (the client going away; see [Event].Canceled).
	ReportIf func(ev Event) bool

	// Format says how echoerr writes the bodies it writes itself; a
	// namespace can set its own with [Namespace.SetFormat].
	// Optional. Default value: {"message": ...} JSON with content negotiation.
	Format Format

	// Debug adds the error's text to the bodies of default answers (an
	// "error" member), 5xx included, as Echo v5's
	// DefaultHTTPErrorHandler(true) does. Never in production.
	// Optional. Default value: false.
	Debug bool
}

// New returns an [echo.HTTPErrorHandler] with the given app-level rules.
// With no rules it answers as Echo v5's DefaultHTTPErrorHandler(false),
// except for the documented differences (README).
//
//	e.HTTPErrorHandler = echoerr.New()
func New(rules ...Rule) echo.HTTPErrorHandler {
	return NewWithConfig(Config{Rules: rules})
}

// NewWithConfig returns an [echo.HTTPErrorHandler] configured by cfg. It
// panics with an "echoerr: " message if a rule is invalid.
func NewWithConfig(cfg Config) echo.HTTPErrorHandler {
	h := &handler{debug: cfg.Debug}
	h.core = core.New(core.Config[*echo.Context]{
		Echo:             adapter{h},
		Rules:            coreRules(cfg.Rules, "New"),
		Logger:           cfg.Logger,
		ClientErrorLevel: cfg.ClientErrorLevel,
		Report:           cfg.Report,
		ReportIf:         cfg.ReportIf,
		Format:           cfg.Format,
		Where:            "New",
	})
	return h.errorHandler()
}

// level is a place where rules are registered, for Echo v5's context.
type level = core.Level[*echo.Context]
