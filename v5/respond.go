package echoerr

import (
	"github.com/echoerr/echoerr/internal/core"
	"github.com/labstack/echo/v5"
)

// Respond returns middleware that answers an error where the middleware
// stands in the chain, by calling e.HTTPErrorHandler, and then returns nil.
// Echo answers errors only after every middleware has returned, so
// middleware that reads the response's status after next returns
// (echo-opentelemetry's span status, sentryecho's transaction, an access
// log) sees the status the error would get from Echo's rules, not from
// echoerr's (a declared sql.ErrNoRows -> 404 looks like a 500 to it); put
// Respond inside it:
//
//	e.Use(echootel.NewMiddleware("api.example.com"))
//	e.Use(echoerr.Respond()) // the span now gets the answer's status
//
// The error is answered once either way: echoerr ignores a second call of
// the error handler in the same request.
//
// An error that middleware outside Respond returns later in the same
// request cannot change the answer, which is written; unless it is the
// answered error again (or wraps it), it gets its own log line and report,
// marked committed.
func Respond() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c *echo.Context) error {
			err := next(c)
			if err == nil {
				return nil
			}
			if e := c.Echo(); e != nil && e.HTTPErrorHandler != nil {
				e.HTTPErrorHandler(c, err)
				c.Set(core.AnsweredKey, err)
				return nil
			}
			return err
		}
	}
}

// DefaultAnswer returns what echoerr's default answer for err would be: the
// status from the error tree, the public message (never the error's own
// text in a 5xx), fields and items, and the error's text when the Echo's
// echoerr handler has Config.Debug. A handler that writes its own answer
// uses it to keep echoerr's guarantees instead of re-implementing them.
func DefaultAnswer(c *echo.Context, err error) Answer {
	debug := false
	if c != nil {
		if e := c.Echo(); e != nil {
			if h := handlerOf(e.HTTPErrorHandler); h != nil {
				debug = h.debug
			}
		}
	}
	return core.DefaultAnswer(err, debug)
}
