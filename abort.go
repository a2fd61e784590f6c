package echoerr

import (
	"maps"

	"github.com/labstack/echo/v4"
)

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
