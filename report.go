package echoerr

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"reflect"
	"runtime/debug"
	"strings"

	"github.com/labstack/echo/v4"
)

// Event describes one error answer, for the log and for [Config].Report.
type Event struct {
	// Err is the error answered: after a handler passed an error on, the
	// last one.
	Err error
	// Status is the status sent; when Committed, the status the error
	// would have got, so that a failure after a response was under way is
	// logged and reported as what it is.
	Status int
	// SentStatus is, when Committed, the status of the response that was
	// already under way; else equal to Status.
	SentStatus int
	// Namespace is the prefix of the namespace whose rule answered, "" for
	// an app rule or the default answer.
	Namespace string
	// Rule says what answered: "type *app.NotFound", "sentinel ...",
	// "status 404", "catch-all", "default", or "none" when Committed.
	Rule string
	// Committed is true when the response had been written before the error
	// reached echoerr, which then wrote nothing.
	Committed bool
	// ClientGone is true when the request's context was canceled: the client
	// went away, and nobody reads the answer.
	ClientGone bool
}

// StatusClientClosedRequest (499, nginx's code) answers an error caused by a
// client that went away: context.Canceled anywhere in the error tree.
const StatusClientClosedRequest = 499

// doneKey marks a request whose error echoerr already answered, so that
// middleware that calls the error handler itself (RequestLogger with
// HandleError, Logger, BodyDump, otelecho) leads to one answer, one log line
// and one report.
const doneKey = "echoerr.done"

// defaultReportIf reports server errors, but not a client that went away.
func defaultReportIf(ev Event) bool {
	return ev.Status >= 500 && !ev.ClientGone
}

// finish logs and reports one answer.
func (h *handler) finish(c echo.Context, ev Event) {
	req := c.Request()
	ctx := req.Context()
	ev.ClientGone = ev.ClientGone || ctx.Err() == context.Canceled
	level := h.errLevel
	if ev.Status < 500 || ev.ClientGone {
		level = h.clientLevel
	}
	if lg := h.log(); lg.Enabled(ctx, level) {
		attrs := make([]slog.Attr, 0, 12)
		attrs = append(attrs,
			slog.String("method", req.Method),
			slog.String("path", req.URL.Path),
			slog.String("route", c.Path()),
			slog.Int("status", ev.Status),
		)
		if id := requestID(c); id != "" {
			attrs = append(attrs, slog.String("request_id", id))
		}
		attrs = append(attrs,
			slog.String("error", ev.Err.Error()),
			slog.String("error_chain", errorChain(ev.Err)),
			slog.String("namespace", ev.Namespace),
			slog.String("rule", ev.Rule),
		)
		if ev.Committed {
			attrs = append(attrs, slog.Bool("committed", true), slog.Int("sent_status", ev.SentStatus))
		}
		if ev.ClientGone {
			attrs = append(attrs, slog.Bool("client_gone", true))
		}
		if p, ok := findPanic(ev.Err); ok && len(p.Stack) > 0 {
			attrs = append(attrs, slog.String("stack", string(p.Stack)))
		}
		lg.LogAttrs(ctx, level, "echoerr: error answered", attrs...)
	}
	if h.report != nil && h.reportIf(ev) {
		h.callReport(c, ev)
	}
}

func (h *handler) callReport(c echo.Context, ev Event) {
	defer func() {
		if p := recover(); p != nil {
			h.log().ErrorContext(c.Request().Context(), "echoerr: Report panicked",
				"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		}
	}()
	h.report(c, ev)
}

// requestID returns the request's X-Request-ID, from the request or, as
// Echo's RequestID middleware sets it, from the response.
func requestID(c echo.Context) string {
	if id := c.Request().Header.Get(echo.HeaderXRequestID); id != "" {
		return id
	}
	return c.Response().Header().Get(echo.HeaderXRequestID)
}

// errorChain lists the types of an error tree in errors.As order:
// "*fmt.wrapError > *app.NotFound". Join trees are bracketed.
func errorChain(err error) string {
	var b strings.Builder
	n := 0
	var walk func(error)
	walk = func(err error) {
		for err != nil && n < 32 {
			if b.Len() > 0 {
				b.WriteString(" > ")
			}
			b.WriteString(reflect.TypeOf(err).String())
			n++
			switch x := err.(type) {
			case interface{ Unwrap() error }:
				err = x.Unwrap()
			case interface{ Unwrap() []error }:
				b.WriteString(" [")
				for i, e := range x.Unwrap() {
					if i > 0 {
						b.WriteString(" | ")
					}
					walk(e)
				}
				b.WriteString("]")
				return
			default:
				return
			}
		}
	}
	walk(err)
	return b.String()
}

// PanicError is a recovered panic with its stack. [RecoverLogErrorFunc] makes
// Echo's Recover middleware return one; echoerr answers it 500, logs the
// stack and never writes it in a body, not even in debug mode.
type PanicError struct {
	Value any    // what was passed to panic
	Stack []byte // the goroutine's stack when recovered
}

// Error returns "panic: <value>", without the stack.
func (p *PanicError) Error() string { return fmt.Sprintf("panic: %v", p.Value) }

// Unwrap returns the panic value when it is an error.
func (p *PanicError) Unwrap() error {
	if err, ok := p.Value.(error); ok {
		return err
	}
	return nil
}

// RecoverLogErrorFunc is a LogErrorFunc for Echo's middleware.RecoverConfig:
// instead of printing the stack with Echo's logger, it hands the panic and its
// stack to the error handler as a [*PanicError], which echoerr logs once with
// the request's other attributes.
//
//	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{LogErrorFunc: echoerr.RecoverLogErrorFunc}))
func RecoverLogErrorFunc(c echo.Context, err error, stack []byte) error {
	return &PanicError{Value: err, Stack: stack}
}

func findPanic(err error) (*PanicError, bool) {
	x := firstInTree(err, func(x error) bool { _, ok := x.(*PanicError); return ok })
	p, ok := x.(*PanicError)
	return p, ok
}

// builtinStatus returns the built-in status classes of one element:
// context.Canceled (499), context.DeadlineExceeded (503) and
// *http.MaxBytesError (413).
func builtinStatus(x error) int {
	switch x {
	case context.Canceled:
		return StatusClientClosedRequest
	case context.DeadlineExceeded:
		return http.StatusServiceUnavailable
	}
	if _, ok := x.(*http.MaxBytesError); ok {
		return http.StatusRequestEntityTooLarge
	}
	return 0
}
