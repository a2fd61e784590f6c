package echoerr

import (
	"net/http"

	"github.com/echoerr/echoerr/internal/core"
	"github.com/labstack/echo/v5"
)

// routing names the errors Echo v5's router answers 404 and 405 with.
var routing = core.Routing{Errors: []error{echo.ErrNotFound, echo.ErrMethodNotAllowed}}

// handlers reads a handler's state back from the func NewWithConfig
// returned (its serveError method value), so that Describe finds the app's
// rules from e.HTTPErrorHandler.
var handlers = core.MethodValue[handler, echo.HTTPErrorHandler]{Make: (*handler).errorHandler}

func handlerOf(fn echo.HTTPErrorHandler) *handler {
	if fn == nil {
		return nil
	}
	return handlers.Receiver(fn)
}

// Describe returns every route of e with the answers echoerr can give its
// errors, and every namespace prefix with its 404 and 405 answers, as the
// Echo v4 package's Describe does. Call it after the routes and rules are
// registered. It reads the app's rules from e.HTTPErrorHandler, which must
// be the handler [New] or [NewWithConfig] returned. An app behind
// [echo.NewVirtualHostHandler] is one Echo per host: describe each.
func Describe(e *echo.Echo) Description {
	var c *core.Core[*echo.Context]
	if h := handlerOf(e.HTTPErrorHandler); h != nil {
		c = h.core
	}
	var routes []core.Route
	for _, rt := range e.Router().Routes() {
		switch rt.Method {
		case echo.RouteNotFound:
		case echo.RouteAny:
			// One row per method the route serves, as Echo v4's Any
			// registers them; a method's own route at the path takes
			// precedence over it.
			for _, m := range anyMethods {
				if !hasRoute(e, m, rt.Path) {
					routes = append(routes, core.Route{Method: m, Path: rt.Path, Any: echo.RouteAny})
				}
			}
		default:
			routes = append(routes, core.Route{Method: rt.Method, Path: rt.Path})
		}
	}
	reg := registries.Lookup(e)
	if reg != nil {
		reg.MustValidate() // route rules for a path with no route are a setup error
	}
	return core.DescribeApp(c, reg, routes, routing)
}

// anyMethods are the methods Describe lists for an Any route: those Echo
// v4's Any registers.
var anyMethods = []string{
	http.MethodConnect, http.MethodDelete, http.MethodGet, http.MethodHead, http.MethodOptions,
	http.MethodPatch, http.MethodPost, "PROPFIND", http.MethodPut, http.MethodTrace, "REPORT",
}

// hasRoute reports whether e has a route of its own for method at path.
func hasRoute(e *echo.Echo, method, path string) bool {
	for _, rt := range e.Router().Routes() {
		if rt.Method == method && rt.Path == path {
			return true
		}
	}
	return false
}
