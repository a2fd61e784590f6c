package echoerr

import (
	"unsafe"

	"github.com/echoerr/echoerr/internal/core"
	"github.com/labstack/echo/v4"
)

// The handler chain of one request on Echo v4: the error handler that
// NewWithConfig returns (serveError) finds the innermost level of the
// request from what Echo v4's router left in the context (levelOf), and
// the core resolves the error through the chain of levels from there:
//
//	the route's own rules (HandleRoute)
//	  -> the namespace that added the route (or, when no route matched,
//	     the namespace whose prefix owns the request path)
//	  -> each enclosing namespace
//	  -> the app (New, NewWithConfig)
//
// Which level owns a request is decided by core.Owners, for Echo v4 and v5
// alike; this file only reads Echo v4's context for it: the matched route's
// path (c.Path()), the host whose router served the request, whether the
// router found the path but not the method (the Allow value it stored for
// a 405), and the request path as the router matched it (echo.GetPath).

// handler is the state behind one [New] call: the core, and what routing
// needs.
type handler struct {
	core *core.Core[echo.Context]
	// bound caches the registry of the last Echo instance this handler served,
	// so that the common case of one handler for one Echo costs one compare.
	bound core.Bound[echo.Echo, echo.Context]
}

// serveError is the echo.HTTPErrorHandler built by NewWithConfig.
func (h *handler) serveError(err error, c echo.Context) {
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
func (h *handler) levelOf(c echo.Context, err error) *level {
	e := c.Echo()
	if e == nil {
		return nil
	}
	o := registries.Of(&h.bound, e)
	if o == nil {
		return nil // no namespace, no route rules: the app's
	}
	route := c.Path() // "" when no route matched, a catch-all's included
	if route != "" {
		if n := catchAllMarks.Receiver(c.Handler()); n != nil && n.e == e && !o.RouteRules() {
			// A namespace's catch-all answered (Namespace.notFound): the
			// route was its own, Echo filled the prefix's parameters.
			// (When routes have rules of their own, the catch-all's may
			// have some: Find reads them.)
			return n.lv
		}
	}
	req := c.Request()
	q := core.Request{Method: req.Method, Route: route}
	if routers := e.Routers(); len(routers) > 0 {
		if _, ok := routers[req.Host]; ok {
			q.Host = req.Host // Echo routed with this host's router
		}
	}
	q.Path = echo.GetPath(req)
	if q.Route != "" && isNotFoundHandler(c.Handler()) {
		// The router's 404 after a partial match: Echo set the path of
		// the node it stopped at, but no route matched.
		q.Route = ""
	}
	w, more := o.Find(&q)
	if more && !routerMethodNotAllowed(c) {
		// The path's routes have other methods, yet no router answered
		// 405 (a test set the path): no route matched, the path decides.
		q.Route = ""
		w, _ = o.Find(&q)
	}
	if names, values := w.Params(); names != nil {
		c.SetParamNames(names...)
		c.SetParamValues(values...)
	}
	return w.Level
}

// isNotFoundHandler reports whether h is Echo's NotFoundHandler, which the
// router leaves in the context when no route matched: func values are told
// apart by their closure's address.
func isNotFoundHandler(h echo.HandlerFunc) bool {
	return h != nil && *(*unsafe.Pointer)(unsafe.Pointer(&h)) == notFoundFunc
}

// notFoundFunc is the closure address of echo.NotFoundHandler.
var notFoundFunc = func() unsafe.Pointer { h := echo.NotFoundHandler; return *(*unsafe.Pointer)(unsafe.Pointer(&h)) }()

// routerMethodNotAllowed reports whether Echo's router found the request's
// path but not its method: it left its 405 handler in the context (or, for
// OPTIONS, its own answer, and the Allow value it stores only then).
func routerMethodNotAllowed(c echo.Context) bool {
	h := c.Handler()
	if h != nil && *(*unsafe.Pointer)(unsafe.Pointer(&h)) == methodNotAllowedFunc {
		return true
	}
	return c.Get(echo.ContextKeyHeaderAllow) != nil
}

// methodNotAllowedFunc is the closure address of echo.MethodNotAllowedHandler.
var methodNotAllowedFunc = func() unsafe.Pointer {
	h := echo.MethodNotAllowedHandler
	return *(*unsafe.Pointer)(unsafe.Pointer(&h))
}()
