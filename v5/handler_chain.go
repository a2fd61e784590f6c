package echoerr

import (
	"github.com/echoerr/echoerr/internal/core"
	"github.com/labstack/echo/v5"
)

// The handler chain of one request on Echo v5, as on Echo v4 (see the v4
// package's handler_chain.go): the route's own rules, the namespace that
// added the route (or whose prefix owns the path no route matched), each
// enclosing namespace, the app. core.Owners decides; this file reads Echo
// v5's context for it: the matched route's path (c.Path()), whether the
// router found the path but not the method (the Allow value it stored for
// a 405), and the request path as the router matched it.

// handler is the state behind one [New] call.
type handler struct {
	core  *core.Core[*echo.Context]
	debug bool
	bound core.Bound[echo.Echo, *echo.Context] // the last Echo served (routing.go)
}

// serveError is the echo.HTTPErrorHandler built by NewWithConfig.
func (h *handler) serveError(c *echo.Context, err error) {
	if err == nil || c == nil {
		return
	}
	h.core.Serve(c, err)
}

// errorHandler returns h.serveError, made here only: Describe reads h back
// from it (core.MethodValue).
//
//go:noinline
func (h *handler) errorHandler() echo.HTTPErrorHandler { return h.serveError }

// levelOf returns the innermost level of the request's error, or nil for
// the app (core.Owners.Find), and fills the parameters of the namespace
// prefix that owns a path no route matched.
func (h *handler) levelOf(c *echo.Context, err error) *level {
	e := c.Echo()
	if e == nil {
		return nil
	}
	o := registries.Of(&h.bound, e)
	if o == nil {
		return nil
	}
	req := c.Request()
	q := core.Request{Method: req.Method, Route: c.Path()}
	q.Path = routedPath(req.URL.RawPath, req.URL.Path)
	w, more := o.Find(&q)
	if more && !routerMethodNotAllowed(c) {
		// The path's routes have other methods, yet no router answered
		// 405 (a test set the path): no route matched, the path decides.
		q.Route = ""
		w, _ = o.Find(&q)
	}
	if names, values := w.Params(); names != nil {
		pv := make(echo.PathValues, len(names))
		for i := range names {
			pv[i] = echo.PathValue{Name: names[i], Value: values[i]}
		}
		c.SetPathValues(pv)
	}
	return w.Level
}

// routerMethodNotAllowed reports whether Echo's router found the request's
// path but not its method: its 405 (and its OPTIONS answer) carry the
// route info named echo.MethodNotAllowedRouteName, and the Allow value it
// stores only then (read second: a lock and a map lookup).
func routerMethodNotAllowed(c *echo.Context) bool {
	return c.RouteInfo().Name == echo.MethodNotAllowedRouteName || c.Get(echo.ContextKeyHeaderAllow) != nil
}
