package echoerr

import (
	"slices"

	"github.com/echoerr/echoerr/internal/core"
	"github.com/labstack/echo/v4"
)

// routing names the errors Echo v4's router answers 404 and 405 with.
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

// Describe returns every route of e (of every host router) with the answers
// echoerr can give its errors, and every namespace prefix with its 404 and
// 405 answers. Call it after the routes and rules are registered. It reads
// the app's rules from e.HTTPErrorHandler, which must be the handler [New] or
// [NewWithConfig] returned.
func Describe(e *echo.Echo) Description {
	var c *core.Core[echo.Context]
	if h := handlerOf(e.HTTPErrorHandler); h != nil {
		c = h.core
	}
	hosts := []string{""}
	routers := map[string]*echo.Router{"": e.Router()}
	for host, r := range e.Routers() {
		hosts = append(hosts, host)
		routers[host] = r
	}
	slices.Sort(hosts[1:])
	var routes []core.Route
	for _, host := range hosts {
		for _, rt := range routers[host].Routes() {
			if rt.Method != echo.RouteNotFound {
				routes = append(routes, core.Route{Host: host, Method: rt.Method, Path: rt.Path})
			}
		}
	}
	reg := registries.Lookup(e)
	if reg != nil {
		reg.MustValidate() // route rules for a path with no route are a setup error
	}
	return core.DescribeApp(c, reg, routes, routing)
}
