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
	h := handlerOf(e.HTTPErrorHandler)
	d := Description{AppRules: h != nil}
	var c *core.Core[echo.Context]
	if h != nil {
		c = h.core
	}
	reg := registries.Lookup(e)
	hosts := []string{""}
	routers := map[string]*echo.Router{"": e.Router()}
	for host, r := range e.Routers() {
		hosts = append(hosts, host)
		routers[host] = r
	}
	slices.Sort(hosts[1:])
	for _, host := range hosts {
		routes := routers[host].Routes()
		slices.SortFunc(routes, func(a, b *echo.Route) int { return core.CompareRoutes(a.Path, a.Method, b.Path, b.Method) })
		for _, rt := range routes {
			if rt.Method == echo.RouteNotFound {
				continue
			}
			var start *level
			if reg != nil {
				start = reg.RouteStart(host, rt.Method, rt.Path)
			}
			d.Routes = append(d.Routes, c.RouteOf(host, rt.Method, rt.Path, start, routing))
		}
	}
	if reg != nil {
		hosts, levels := reg.Prefixes()
		for i, host := range hosts {
			for _, lv := range levels[i] {
				d.Prefixes = append(d.Prefixes, c.PrefixOf(host, lv, routing))
			}
		}
	}
	return d
}
