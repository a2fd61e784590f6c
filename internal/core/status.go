package core

import (
	"context"
	"net/http"
)

// statusOf returns the status one element of an error tree carries, or 0:
// what an adapter's Kinds say for Echo's own types, an *AbortError's code,
// StatusCode(), or the status of the standard library's failure classes.
func statusOf(x error) int {
	if stdWrapper(typeKey(x)) {
		return 0
	}
	for i := range kinds {
		if code, ok := kinds[i].Status(x); ok {
			return code
		}
	}
	switch v := x.(type) {
	case *AbortError:
		if v == nil {
			return 0
		}
		if v.Code == 0 {
			// Abort(c, 0, ...): an out-of-range code like any other (500,
			// its message and fields kept), not an abort without status.
			return -1
		}
		return v.Code
	case interface{ StatusCode() int }:
		return statusCode(v)
	}
	return builtinStatus(x)
}

func (h *Core[C]) errStatus(err error) int { return ErrStatus(err) }

// ErrStatus returns the status of the default answer for err.
func ErrStatus(err error) int {
	if x := carrier(err); x != nil {
		return validStatus(statusOf(x))
	}
	return http.StatusInternalServerError
}

// validStatus maps a status outside 400-599 to 500: an error answer is a
// client or server error, whatever code a value carried.
func validStatus(code int) int {
	if code < 400 || code > 599 {
		return http.StatusInternalServerError
	}
	return code
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
