package echoerr

import (
	"fmt"
	"maps"

	"github.com/labstack/echo/v4"
)

// AbortError is the error [Abort] returns. Register a handler for it with
// On(func(c echo.Context, err *echoerr.AbortError) error), or for its status
// with [OnStatus].
type AbortError struct {
	// Code is the answer's status.
	Code int
	// Message is the public message; empty means the status text.
	Message string
	// Fields are extra body members; a "message" field never replaces Message.
	Fields Fields
	// Cause is the error behind the abort: logged (the "cause" attribute)
	// and reported ([Event.Cause]), never shown to the client. It is not
	// part of the error tree: rules do not match it, and errors.Is and
	// errors.As do not see it.
	Cause error
}

// Abort returns an error that answers code with the body {"message": msg,
// fields...}, like Flask-RESTX's abort. An empty msg means the status text;
// msg wins over a "message" field. fields may be nil and is copied.
//
//	return echoerr.Abort(c, http.StatusBadRequest, "name is required", echoerr.Fields{"field": "name"})
//
// The error is resolved like any other: a namespace or app handler for
// *AbortError, or for its status, sees it first. A code outside 400-599
// answers 500. Abort does not use c today: it is in the signature so that the
// call reads like Echo's c.JSON and stays the same if Abort learns to use the
// request. A nil c is allowed.
func Abort(c echo.Context, code int, msg string, fields Fields) error {
	return &AbortError{Code: code, Message: msg, Fields: maps.Clone(fields)}
}

// AbortCause is [Abort] with the error behind it, which the log line and
// [Config].Report get and the client never sees: a handler that translates a
// database error keeps it, with its stack, for Sentry.
//
//	if errors.Is(err, sql.ErrNoRows) {
//		return echoerr.AbortCause(c, err, http.StatusNotFound, "no such movie", nil)
//	}
//
// The cause is not part of the error tree (see [AbortError].Cause), so an
// entry for it does not take the abort's place.
func AbortCause(c echo.Context, cause error, code int, msg string, fields Fields) error {
	return &AbortError{Code: code, Message: msg, Fields: maps.Clone(fields), Cause: cause}
}

// Error returns "echoerr: abort <code>: <message>".
func (e *AbortError) Error() string {
	return fmt.Sprintf("echoerr: abort %d: %s", e.Code, e.publicMessage())
}

// StatusCode returns e.Code.
func (e *AbortError) StatusCode() int { return e.Code }

func (e *AbortError) publicMessage() string {
	if e.Message != "" {
		return e.Message
	}
	return statusText(e.Code)
}
