package echoerr

import (
	"slices"
	"strings"

	"github.com/echoerr/echoerr/internal/core"
	"github.com/labstack/echo/v5"
)

// routing names the errors Echo v5's router answers 404 and 405 with.
var routing = core.Routing{Errors: []error{echo.ErrNotFound, echo.ErrMethodNotAllowed}}

// handlers binds the error handlers NewWithConfig made to their state, so
// that Describe finds the app's rules from e.HTTPErrorHandler.
var handlers core.Bindings[handler]

func remember(h *handler, fn echo.HTTPErrorHandler) { core.Remember(&handlers, h, fn) }

func handlerOf(fn echo.HTTPErrorHandler) *handler { return core.Lookup(&handlers, fn, fn == nil) }

// Describe returns every route of e with the answers echoerr can give its
// errors, and every namespace prefix with its 404 and 405 answers, as the
// Echo v4 package's Describe does. Call it after the routes and rules are
// registered. It reads the app's rules from e.HTTPErrorHandler, which must
// be the handler [New] or [NewWithConfig] returned. An app behind
// [echo.NewVirtualHostHandler] is one Echo per host: describe each.
func Describe(e *echo.Echo) Description {
	h := handlerOf(e.HTTPErrorHandler)
	d := Description{AppRules: h != nil}
	var c *core.Core[*echo.Context]
	if h != nil {
		c = h.core
	}
	var t *routeTable
	if reg := lookupRegistry(e); reg != nil {
		t = reg.table()
	}
	routes := e.Router().Routes()
	slices.SortFunc(routes, func(a, b echo.RouteInfo) int { return core.CompareRoutes(a.Path, a.Method, b.Path, b.Method) })
	for _, rt := range routes {
		if rt.Method == echo.RouteNotFound {
			continue
		}
		var start *level
		if t != nil {
			start = t.routes[rt.Method+" "+rt.Path]
		}
		d.Routes = append(d.Routes, c.RouteOf("", rt.Method, rt.Path, start, routing))
	}
	if t != nil {
		levels := slices.Clone(t.prefixes)
		slices.SortFunc(levels, func(a, b *level) int { return strings.Compare(a.Name(), b.Name()) })
		for _, lv := range levels {
			d.Prefixes = append(d.Prefixes, c.PrefixOf("", lv, routing))
		}
	}
	return d
}
