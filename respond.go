package echoerr

import (
	"github.com/echoerr/echoerr/internal/core"
	"github.com/labstack/echo/v4"
)

// Respond returns middleware that answers an error where the middleware
// stands in the chain, by calling c.Error, and then returns nil. Echo answers
// errors only after every middleware has returned, so middleware that reads
// c.Response().Status after next returns (sentryecho's transaction, a
// hand-written access log) sees 200 for a failed request; put Respond inside
// it:
//
//	e.Use(sentryecho.New(sentryecho.Options{}))
//	e.Use(echoerr.Respond()) // sentryecho now sees the answer's status
//
// The error is answered once either way: echoerr ignores a second call of
// the error handler in the same request. Like any Echo middleware, Respond
// costs a request one closure allocation; leave it out where nothing needs it.
//
// An error that middleware outside Respond returns later in the same
// request cannot change the answer, which is written; unless it is the
// answered error again (or wraps it), it gets its own log line and report,
// marked committed.
func Respond() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if err := next(c); err != nil {
				c.Error(err)
				c.Set(core.AnsweredKey, err)
			}
			return nil
		}
	}
}

// DefaultAnswer returns what echoerr's default answer for err would be: the
// status from the error tree, the public message (never the error's own
// text in a 5xx), fields and items, and the error's text when e.Debug is on.
// A handler that writes its own answer uses it to keep echoerr's
// guarantees instead of re-implementing them:
//
//	echoerr.CatchAll(func(c echo.Context, err error) error {
//		a := echoerr.DefaultAnswer(c, err)
//		return c.JSON(a.Status, map[string]any{"errors": map[string][]string{"body": {a.Message}}})
//	})
func DefaultAnswer(c echo.Context, err error) Answer {
	debug := false
	if c != nil {
		if e := c.Echo(); e != nil {
			debug = e.Debug
		}
	}
	return core.DefaultAnswer(err, debug)
}
