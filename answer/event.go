package answer

import (
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
)

// Event describes one error answer, for the log and for echoerr.Config.Report.
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
	// Level is where the answering rule is registered: "app", a
	// namespace's prefix ("/api"), or a route's own rules ("GET /api/x");
	// "" for echoerr's default answer. The log line's rule_level.
	Level string
	// Rule says what answered: "type *app.NotFound", "sentinel ...",
	// "status 404", "catch-all", "default", or "none" when Committed.
	Rule string
	// RuleName tells the answering rule apart from others that match alike
	// (eleven guarded rules of one driver error type): the name Rule.Named
	// gave it, else where it was registered ("errors.go:42"); "" for
	// echoerr's default answer.
	RuleName string
	// Code is the driver's code of the error the answering rule matched
	// (SQLSTATE, MySQL number, SQLite code), when a kit's rule says it
	// (answer.Decl.WithCode); the log line's error_code.
	Code string
	// Attrs are what the answering rule's detail adds to the log line
	// (answer.Detail.Log): a kit's codes and names beside error_code.
	Attrs []slog.Attr
	// Committed is true when the response had been written before the error
	// reached echoerr, which then wrote nothing.
	Committed bool
	// ClientGone is true when the request's context was canceled: the client
	// went away, and nobody reads the answer. It does not make a server
	// error the client's: see Canceled.
	ClientGone bool
	// Canceled is true when context.Canceled is in the error tree of a 5xx
	// answer: the failure is the client going away (a query canceled with
	// the request), logged at the client level and not reported by default.
	// A genuine server error that fails after the client went away
	// (ClientGone, not Canceled) is logged at ERROR and reported.
	Canceled bool
	// Hijacked is true when the handler had taken over the connection
	// (a websocket) before returning the error: echoerr wrote nothing.
	// Committed is true too.
	Hijacked bool
	// Passed lists the errors that handlers passed on before Err, in order,
	// each with the rule that ran: Passed[0].Err is the error the route (or
	// middleware) returned. Nil when no handler passed an error on.
	Passed []Step
}

// Step is one error a handler received and passed on (returned another
// error, or called c.Error with one), with the rule that ran.
type Step struct {
	Err   error
	Level string // where the rule is registered, as Event.Level
	Rule  string
}

// Cause returns the error behind the answer, for reports: the cause an
// echoerr.AbortCause error the route returned carries (it survives
// handlers that translated the abort), else the error the route returned
// when handlers translated it (Passed[0].Err), else the cause an AbortCause
// error answered carries, else nil. Send it to Sentry with its stack
// instead of, or beside, Err.
func (ev Event) Cause() error {
	if len(ev.Passed) > 0 {
		first := ev.Passed[0].Err
		if cause := abortCause(first); cause != nil {
			return cause
		}
		return first
	}
	return abortCause(ev.Err)
}

// abortCause returns the Cause of the first *AbortError in err's tree,
// walked as errors.As walks it; a method that panics ends its branch, and
// no more than 1,000 elements are looked at, so a cycle ends the walk.
func abortCause(err error) error {
	visits := 0
	var walk func(error) error
	walk = func(x error) error {
		for x != nil && visits < 1000 {
			visits++
			if a, ok := x.(*AbortError); ok && a != nil && a.Cause != nil {
				return a.Cause
			}
			switch u := x.(type) {
			case interface{ Unwrap() error }:
				x = guarded(func() error { return u.Unwrap() })
			case interface{ Unwrap() []error }:
				var kids []error
				guarded(func() error { kids = u.Unwrap(); return nil })
				for _, k := range kids {
					if c := walk(k); c != nil {
						return c
					}
				}
				return nil
			default:
				return nil
			}
		}
		return nil
	}
	return walk(err)
}

// guarded calls f, treating a panic as a nil result.
func guarded(f func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			err = nil
		}
	}()
	return f()
}

// StatusText is the text of an answer's status: net/http's, "Client Closed
// Request" for 499, else "Client Error" or "Server Error".
func StatusText(code int) string {
	if t := http.StatusText(code); t != "" {
		return t
	}
	switch {
	case code == StatusClientClosedRequest:
		return "Client Closed Request"
	case code >= 500:
		return "Server Error"
	default:
		return "Client Error"
	}
}

// StatusClientClosedRequest (499, nginx's code) answers an error caused by a
// client that went away: context.Canceled anywhere in the error tree.
const StatusClientClosedRequest = 499

// PanicError is a recovered panic with its stack, as Echo v4's Recover
// middleware returns it with echoerr's RecoverLogErrorFunc: echoerr answers
// it 500, logs the stack and never writes it in a body, not even in debug
// mode.
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

// ErrorType returns a low-cardinality name of what answered, for
// OpenTelemetry's error.type attribute: the answering rule ("type
// *app.NotFound", "status 503", "sentinel ..."), or, for echoerr's own
// default answer and for an error that reached a committed response, the
// status ("500"). Its values are bounded by the rules an app registers,
// never by error texts.
func (ev Event) ErrorType() string {
	switch ev.Rule {
	case "", "default", "none":
		return strconv.Itoa(ev.Status)
	}
	return ev.Rule
}

// Typed returns Err with an ErrorType() string method that returns
// ev.ErrorType(), in the form OpenTelemetry's semantic conventions (1.43)
// read: semconv.ErrorType(ev.Typed()) prefers that method in an error's
// chain. Errors.Is and errors.As see Err through it.
func (ev Event) Typed() error { return &typedError{err: ev.Err, typ: ev.ErrorType()} }

// typedError is Event.Typed's error.
type typedError struct {
	err error
	typ string
}

func (e *typedError) Error() string {
	if e.err == nil {
		return e.typ
	}
	return e.err.Error()
}

func (e *typedError) Unwrap() error     { return e.err }
func (e *typedError) ErrorType() string { return e.typ }
