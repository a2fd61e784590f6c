package echoerr

import (
	"slices"
	"sync"

	"github.com/echoerr/echoerr/internal/core"
	"github.com/labstack/echo/v5"
)

// Namespace is a group of routes with its own error handlers, like a
// Flask-RESTX namespace: errors of its routes, and the router's 404 and 405
// for paths under its prefix, are resolved against its rules first, then its
// parents', then the app's.
//
// Its routes are registered on the Echo with the full path and with the
// namespace's middleware before their own, as an [echo.Group] registers
// them; unlike a group, a namespace adds no catch-all routes, so the router
// answers 405 with Allow where a group's catch-alls answer 404. The
// namespace's middleware runs for its routes only, not for the router's 404
// and 405 under its prefix.
//
// Which namespace owns a request's error is decided as in the Echo v4
// package (see its Namespace): the namespace that added the matched route
// (a route added on the Echo is the app's, even under the prefix); for the
// router's 405, the namespace of the last route at the path; when no route
// matched, for every error (the router's 404, middleware failing, a test
// calling e.HTTPErrorHandler on a context from e.NewContext), the namespace
// whose prefix owns the request path, a static segment beating a :param,
// with the prefix's parameters filled in.
type Namespace struct {
	e      *echo.Echo
	reg    *routes
	prefix string // the full prefix
	mu     sync.Mutex
	mw     []echo.MiddlewareFunc // the parents' then its own
	lv     *level
}

// Group returns a new namespace under parent (an *echo.Echo or a
// *Namespace) for the routes under prefix, with middleware m.
//
//	api := echoerr.Group(e, "/api")
//	admin := echoerr.Group(api, "/admin", requireAdmin) // or api.Group("/admin", requireAdmin)
func Group[P *echo.Echo | *Namespace](parent P, prefix string, m ...echo.MiddlewareFunc) *Namespace {
	switch p := any(parent).(type) {
	case *echo.Echo:
		if p == nil {
			panic("echoerr: Group: nil *echo.Echo")
		}
		return newNamespace(p, prefix, slices.Clone(m), nil)
	case *Namespace:
		if p == nil {
			panic("echoerr: Group: nil *Namespace")
		}
		return p.Group(prefix, m...)
	}
	panic("unreachable")
}

func newNamespace(e *echo.Echo, prefix string, mw []echo.MiddlewareFunc, parent *level) *Namespace {
	n := &Namespace{e: e, reg: registries.For(e), prefix: prefix, mw: mw, lv: core.NewLevel(parent, prefix)}
	n.reg.Prefix("", prefix, n.lv)
	return n
}

// Group returns a namespace nested in n, for the routes under n's prefix
// followed by prefix, with n's middleware and then m.
func (n *Namespace) Group(prefix string, m ...echo.MiddlewareFunc) *Namespace {
	n.mu.Lock()
	mw := append(slices.Clone(n.mw), m...)
	n.mu.Unlock()
	return newNamespace(n.e, n.prefix+prefix, mw, n.lv)
}

// Use adds middleware for the routes added to n after it.
func (n *Namespace) Use(m ...echo.MiddlewareFunc) {
	n.mu.Lock()
	n.mw = append(n.mw, m...)
	n.mu.Unlock()
}

// Prefix returns the namespace's full prefix.
func (n *Namespace) Prefix() string { return n.prefix }

// Handle registers rules at the namespace's level. It panics with an
// "echoerr: " message if a rule is invalid, registering none of them.
func (n *Namespace) Handle(rules ...Rule) {
	n.lv.Add(coreRules(rules, "Namespace.Handle"), "Namespace.Handle")
}

// ErrorHandler registers fn for every error of the namespace that no other
// of its rules matches: [CatchAll] at the namespace's level.
func (n *Namespace) ErrorHandler(fn HandlerFunc) {
	n.lv.Add(coreRules([]Rule{CatchAll(fn)}, "Namespace.ErrorHandler"), "Namespace.ErrorHandler")
}

// SetFormat sets the format of the answers echoerr writes for the
// namespace's errors, and for those of nested namespaces without one.
func (n *Namespace) SetFormat(f Format) { n.lv.SetFormat(f) }

// HandleRoute registers rules for one route of the namespace, path being
// relative to its prefix: they are asked before the namespace's.
func (n *Namespace) HandleRoute(method, path string, rules ...Rule) {
	n.reg.RouteLevel("", method, core.NormalizePath(n.prefix+path), n.lv).Add(coreRules(rules, "Namespace.HandleRoute"), "Namespace.HandleRoute")
}

// HandleRoute registers rules for one route of the app (parent an
// *echo.Echo) or of a namespace, path being relative to the namespace's
// prefix.
func HandleRoute[P *echo.Echo | *Namespace](parent P, method, path string, rules ...Rule) {
	switch p := any(parent).(type) {
	case *echo.Echo:
		if p == nil {
			panic("echoerr: HandleRoute: nil *echo.Echo")
		}
		registries.For(p).RouteLevel("", method, core.NormalizePath(path), nil).Add(coreRules(rules, "HandleRoute"), "HandleRoute")
	case *Namespace:
		if p == nil {
			panic("echoerr: HandleRoute: nil *Namespace")
		}
		p.HandleRoute(method, path, rules...)
	}
}

// Add registers a route for method and path (relative to the prefix), with
// the namespace's middleware, then m.
func (n *Namespace) Add(method, path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) echo.RouteInfo {
	full := n.prefix + path
	n.mu.Lock()
	mw := append(slices.Clone(n.mw), m...)
	n.mu.Unlock()
	var ri echo.RouteInfo
	seen := n.reg.Adding(n.lv, func() { ri = n.e.Add(method, full, h, mw...) })
	if seen.Len() == 0 {
		// e.OnAddRoute was replaced since echoerr hooked it.
		hook(n.e, n.reg)
	}
	n.reg.Recorded(&seen, "", ri.Method, ri.Path, n.lv)
	return ri
}

// Any registers a route for every method; see [Namespace.Add].
func (n *Namespace) Any(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) echo.RouteInfo {
	return n.Add(echo.RouteAny, path, h, m...)
}

// Match registers a route for each of methods; see [Namespace.Add].
func (n *Namespace) Match(methods []string, path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) echo.Routes {
	out := make(echo.Routes, 0, len(methods))
	for _, method := range methods {
		out = append(out, n.Add(method, path, h, m...))
	}
	return out
}

// RouteNotFound registers a handler for the paths under path that no route
// matches, as Echo's RouteNotFound does; see [Namespace.Add].
func (n *Namespace) RouteNotFound(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) echo.RouteInfo {
	return n.Add(echo.RouteNotFound, path, h, m...)
}

// HandleRouteOf registers rules for the route that the namespace's route
// method returned, so that neither its method nor its path can be mistyped:
//
//	r := api.GET("/movies/:id", getMovie)
//	api.HandleRouteOf(r, echoerr.DeclareError(sql.ErrNoRows, movieNotExists))
//
// It panics if a rule is invalid, registering none.
func (n *Namespace) HandleRouteOf(r echo.RouteInfo, rules ...Rule) {
	n.reg.RouteLevel("", r.Method, r.Path, n.lv).Add(coreRules(rules, "Namespace.HandleRouteOf"), "Namespace.HandleRouteOf")
}

// HandleRouteOf registers rules for a route of the app, as e.GET and the
// other route methods returned it: [Namespace.HandleRouteOf] for the app.
// It panics if e is nil or a rule is invalid.
func HandleRouteOf(e *echo.Echo, r echo.RouteInfo, rules ...Rule) {
	if e == nil {
		panic("echoerr: HandleRouteOf: nil *echo.Echo")
	}
	registries.For(e).RouteLevel("", r.Method, r.Path, nil).Add(coreRules(rules, "HandleRouteOf"), "HandleRouteOf")
}
