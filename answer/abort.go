package answer

import (
	"fmt"
	"net/http"
)

// Fields are extra members of an error's JSON body.
type Fields map[string]any

// AbortError is the error echoerr.Abort returns. Register a handler for it with
// On(func(c echo.Context, err *echoerr.AbortError) error), or for its status
// with echoerr.OnStatus.
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

func (e *AbortError) Error() string {
	return fmt.Sprintf("echoerr: abort %d: %s", e.Code, e.message())
}

// StatusCode returns e.Code.
func (e *AbortError) StatusCode() int { return e.Code }

// message is the message an answer shows: Message, else the status text.
func (e *AbortError) message() string {
	if e.Message != "" {
		return e.Message
	}
	if e.Code < 400 || e.Code > 599 {
		return StatusText(http.StatusInternalServerError) // what such an abort answers
	}
	return StatusText(e.Code)
}
