package echoerr

import (
	"io/fs"
	"net/http"
	"reflect"
	"sync/atomic"

	"github.com/echoerr/echoerr/internal/core"
	"github.com/labstack/echo/v4"
)

// group lets Namespace embed *echo.Group under a name that does not clash
// with the Namespace.Group method.
type group = echo.Group

// Namespace is an Echo group with its own error handlers. It offers the route
// methods of [*echo.Group] (GET, POST, Use, Any, Static, ...) and owns what they
// register: an error from any route of the namespace, from any middleware of
// its group, and the 404 or 405 of any path under its prefix is resolved at
// the namespace first, then at its parents, then at the app.
//
// A Namespace adds nothing to Echo's routing: a request that succeeds costs
// what it costs under a plain Echo group. It finds its errors on the error
// path, per host router:
//
//   - a route matched: the namespace that added the route owns its errors,
//     those of app-level middleware (e.Use) included, as Flask does for a
//     blueprint's routes;
//   - the path matched but not the method (the router's 405): the namespace
//     of the last route registered at the path;
//   - no route matched: the request path decides, for every error (the
//     router's 404, an e.Pre or e.Use middleware failing, a test that calls
//     e.HTTPErrorHandler on a context from e.NewContext): the namespace whose
//     prefix owns the path, segment by segment. When several do, the one
//     Echo's router tries first: at the first segment where they differ, a
//     static segment beats a :param, which beats a *, and a longer prefix
//     beats one it extends. The prefix's parameters are filled in, so its
//     handlers read c.Param for them.
//
// Routes must be added through the Namespace (or a nested one) to belong to
// it: a route added on the Echo or on a plain Echo group is the app's, even
// under the namespace's prefix, though the router's 404s and 405s under the
// prefix are the namespace's. A Namespace is safe for concurrent use once its
// routes are added.
type Namespace struct {
	*group
	lv   *level
	reg  *routes
	e    *echo.Echo
	host string
	// scope caches what the namespace's catch-alls read of the current
	// shadow tree (routing.go).
	scope atomic.Pointer[nsScope]
	// answered is n.answeredHere: a catch-all leaves it as the context's
	// handler, for levelOf.
	answered echo.HandlerFunc
}

// catchAllMarks reads a namespace back from its answered handler.
var catchAllMarks = core.MethodValue[Namespace, echo.HandlerFunc]{Make: makeAnswered}

// makeAnswered returns n.answeredHere (catchAllMarks.Make).
//
//go:noinline
func makeAnswered(n *Namespace) echo.HandlerFunc { return n.answeredHere }

// answeredHere is the handler a namespace's catch-all leaves in the context
// when it answers 404 or 405 (see notFound): the namespace owns the error.
// Called, it answers as the catch-all does.
func (n *Namespace) answeredHere(c echo.Context) error { return n.notFound(c) }

// Group makes a namespace: an Echo group at prefix under parent (an
// [*echo.Echo], an [*echo.Group] or a [*Namespace]) with the given group
// middleware, whose errors are resolved by its own handlers first. A namespace
// made under another namespace is nested in it; one made under a plain Echo
// group has the app as its parent level. A prefix that ends in "/" ("/api/",
// "/") owns what the prefix without it owns.
//
// A namespace without middleware (its own or inherited) registers no routes:
// Echo's router answers its 404s and 405s exactly as without groups. With
// middleware, Echo's Group registers catch-all routes (RouteNotFound) at
// prefix and prefix+"/*" so that the middleware runs for unknown paths too;
// the namespace keeps them, and answers from them as Echo's router would
// without groups: 405 with Allow for a path that has routes for other methods
// only (204 with Allow for OPTIONS), else 404.
// Rules for the answers of the catch-all under the prefix, before the
// namespace's own, go to its route (TestRouteRulesOfTheCatchAlls):
//
//	api.HandleRoute(echo.RouteNotFound, "/*", echoerr.OnStatus(http.StatusNotFound, notFoundHere))
//
// It panics if parent is nil.
func Group[P *echo.Echo | *echo.Group | *Namespace](parent P, prefix string, m ...echo.MiddlewareFunc) *Namespace {
	switch p := any(parent).(type) {
	case *echo.Echo:
		if p == nil {
			panic("echoerr: Group: nil *echo.Echo")
		}
		return newNamespace(p, "", prefix, func() *echo.Group { return p.Group(prefix, m...) }, nil)
	case *echo.Group:
		if p == nil {
			panic("echoerr: Group: nil *echo.Group")
		}
		e, host, pp := groupInternals(p)
		return newNamespace(e, host, pp+prefix, func() *echo.Group { return p.Group(prefix, m...) }, nil)
	case *Namespace:
		if p == nil {
			panic("echoerr: Group: nil *Namespace")
		}
		return p.Group(prefix, m...)
	}
	panic("unreachable")
}

func newNamespace(e *echo.Echo, host, fullPrefix string, makeGroup func() *echo.Group, parent *level) *Namespace {
	n := &Namespace{
		lv:   core.NewLevel(parent, fullPrefix),
		reg:  registries.For(e),
		e:    e,
		host: host,
	}
	n.answered = makeAnswered(n)
	n.reg.Prefix(host, fullPrefix, n.lv)
	n.watchCatchAlls(func() { n.group = makeGroup() })
	return n
}

// Use adds group middleware, like [echo.Group.Use]: it runs for the routes
// added after it and for the namespace's 404 and 405 answers.
func (n *Namespace) Use(m ...echo.MiddlewareFunc) {
	n.watchCatchAlls(func() { n.group.Use(m...) })
}

// watchCatchAlls runs add, which makes or changes the namespace's Echo group,
// and replaces the catch-all routes Echo's Group.Use registers in it (for a
// group with middleware) with the namespace's own, which answer 405 where
// Echo's router would without groups. Echo registers them on the default
// router even for a group of a host (its Group method sets the host after
// Use); those are left as Echo made them.
func (n *Namespace) watchCatchAlls(add func()) {
	seen := n.reg.Adding(n.lv, add)
	for i := range seen.Len() {
		rt := seen.At(i)
		if rt.Host != n.host || rt.Method != echo.RouteNotFound {
			continue
		}
		switch rt.Path {
		case normalizePath(n.lv.Name()):
			n.add(echo.RouteNotFound, "", n.notFound)
			shadowsOf(n.reg).ownCatchAll(n.host, rt.Path, true)
		case normalizePath(n.lv.Name() + "/*"):
			n.add(echo.RouteNotFound, "/*", n.notFound)
			shadowsOf(n.reg).ownCatchAll(n.host, rt.Path, true)
		}
	}
}

// normalizePath is how Echo's router writes a route path: with a leading "/".
func normalizePath(p string) string { return core.NormalizePath(p) }

// notFound is the handler of the namespace's catch-all routes: it answers
// what Echo's router answers for the request without group catch-alls.
func (n *Namespace) notFound(c echo.Context) error {
	v := shadowsOf(n.reg).allowWithoutCatchAlls(n, c.Request())
	// The error path finds the namespace from the context's handler
	// (levelOf), as Owners.Find would from the catch-all's record.
	c.SetHandler(n.answered)
	allow, _ := v.(string)
	if allow == "" {
		return echo.ErrNotFound
	}
	c.Set(echo.ContextKeyHeaderAllow, v)
	if c.Request().Method == http.MethodOptions {
		c.Response().Header().Add(echo.HeaderAllow, allow)
		return c.NoContent(http.StatusNoContent)
	}
	c.Response().Header().Set(echo.HeaderAllow, allow)
	return echo.ErrMethodNotAllowed
}

// SetFormat sets how the answers echoerr writes for this namespace and its
// nested namespaces (unless they set their own) look. Safe to call at any
// time.
func (n *Namespace) SetFormat(f Format) {
	n.lv.SetFormat(f)
}

// groupInternals reads the Echo instance, host and prefix of a plain
// *echo.Group, which Echo v4 does not export. Done once per Group call.
func groupInternals(g *echo.Group) (*echo.Echo, string, string) {
	v := reflect.ValueOf(g).Elem()
	ef, hf, pf := v.FieldByName("echo"), v.FieldByName("host"), v.FieldByName("prefix")
	if !ef.IsValid() || ef.Type() != reflect.TypeFor[*echo.Echo]() ||
		!hf.IsValid() || hf.Kind() != reflect.String || !pf.IsValid() || pf.Kind() != reflect.String {
		panic("echoerr: Group: this version of echo.Group is not supported; make the namespace from the *echo.Echo")
	}
	e := (*echo.Echo)(ef.UnsafePointer())
	if e == nil {
		panic("echoerr: Group: *echo.Group not made by an *echo.Echo")
	}
	return e, hf.String(), pf.String()
}

// Handle registers rules at this namespace's level. It panics if a rule is
// invalid, registering none of them. Safe to call at any time.
func (n *Namespace) Handle(rules ...Rule) {
	n.lv.Add(coreRules(rules, "Namespace.Handle"), "Namespace.Handle")
}

// HandleRoute registers rules for one route of the namespace, given by its
// method and its path as the route methods take it (ns.GET("/movies/:id", h)
// is ns.HandleRoute(http.MethodGet, "/movies/:id", ...)). The route's level
// is the innermost: its rules are asked first, then the namespace's, its
// parents', the app's, so that one error can mean different things on
// routes that share a namespace:
//
//	api.HandleRoute(http.MethodGet, "/movies/:id", echoerr.DeclareError(sql.ErrNoRows, movieNotExists))
//	api.HandleRoute(http.MethodPut, "/movies/:id", echoerr.DeclareError(sql.ErrNoRows, updatingForbidden))
//
// The rules apply to errors of that route only (its handler, its middleware
// and the app's middleware on it): nothing is added to the route, so a
// request that succeeds costs nothing more. Register them at setup, before or
// after the route. It panics if a rule is invalid, registering none.
func (n *Namespace) HandleRoute(method, path string, rules ...Rule) {
	n.reg.RouteLevel(n.host, method, normalizePath(n.lv.Name()+path), n.lv).Add(coreRules(rules, "Namespace.HandleRoute"), "Namespace.HandleRoute")
}

// HandleRoute registers rules for one route, like [Namespace.HandleRoute],
// for a route of the app or of a plain Echo group: parent is the
// [*echo.Echo] (path as given to e.GET), an [*echo.Group] (path as given to
// its GET; a host's group made by e.Host for a route of that host), or a
// [*Namespace].
//
//	echoerr.HandleRoute(e, http.MethodDelete, "/admin/cache", echoerr.DeclareError(errBusy, busy))
func HandleRoute[P *echo.Echo | *echo.Group | *Namespace](parent P, method, path string, rules ...Rule) {
	switch p := any(parent).(type) {
	case *echo.Echo:
		if p == nil {
			panic("echoerr: HandleRoute: nil *echo.Echo")
		}
		registries.For(p).RouteLevel("", method, normalizePath(path), nil).Add(coreRules(rules, "HandleRoute"), "HandleRoute")
	case *echo.Group:
		if p == nil {
			panic("echoerr: HandleRoute: nil *echo.Group")
		}
		e, host, prefix := groupInternals(p)
		registries.For(e).RouteLevel(host, method, normalizePath(prefix+path), nil).Add(coreRules(rules, "HandleRoute"), "HandleRoute")
	case *Namespace:
		if p == nil {
			panic("echoerr: HandleRoute: nil *Namespace")
		}
		p.HandleRoute(method, path, rules...)
	}
}

// ErrorHandler registers fn as this namespace's catch-all: it receives every
// error of the namespace that no other rule of the namespace matches, like
// Flask-RESTPlus's @ns.errorhandler with no type. It panics if fn is nil.
func (n *Namespace) ErrorHandler(fn HandlerFunc) {
	if fn == nil {
		panic("echoerr: Namespace.ErrorHandler: nil handler")
	}
	n.lv.Add(coreRules([]Rule{CatchAll(fn)}, "Namespace.ErrorHandler"), "Namespace.ErrorHandler")
}

// Prefix returns the namespace's full path prefix, as routes see it.
func (n *Namespace) Prefix() string { return n.lv.Name() }

// Group makes a nested namespace at prefix under n, with n's middleware and
// m. Errors of the nested namespace are resolved there first, then at n.
func (n *Namespace) Group(prefix string, m ...echo.MiddlewareFunc) *Namespace {
	return newNamespace(n.e, n.host, n.lv.Name()+prefix, func() *echo.Group { return n.group.Group(prefix, m...) }, n.lv)
}

// Add registers a route for method and path, like [echo.Group.Add].
func (n *Namespace) Add(method, path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	r := n.add(method, path, h, m...)
	if method == echo.RouteNotFound {
		// A RouteNotFound route of the user's replaces a catch-all of the
		// namespace's at the same path.
		shadowsOf(n.reg).ownCatchAll(n.host, r.Path, false)
	}
	return r
}

func (n *Namespace) add(method, path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	var r *echo.Route
	seen := n.reg.Adding(n.lv, func() { r = n.group.Add(method, path, h, m...) })
	if seen.Len() == 0 {
		// e.OnAddRouteHandler was replaced since echoerr hooked it.
		hook(n.e, n.reg)
		shadowsOf(n.reg).changed()
	}
	n.reg.Recorded(&seen, n.host, r.Method, r.Path, n.lv)
	return r
}

// RouteNotFound registers a 404 handler for path, like [echo.Group.RouteNotFound].
func (n *Namespace) RouteNotFound(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return n.Add(echo.RouteNotFound, path, h, m...)
}

// Any registers a route for every HTTP method, like [echo.Group.Any].
func (n *Namespace) Any(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) []*echo.Route {
	var routes []*echo.Route
	seen := n.reg.Adding(n.lv, func() { routes = n.group.Any(path, h, m...) })
	return n.recordAll(&seen, routes)
}

// Match registers a route for the given methods, like [echo.Group.Match].
func (n *Namespace) Match(methods []string, path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) []*echo.Route {
	var routes []*echo.Route
	seen := n.reg.Adding(n.lv, func() { routes = n.group.Match(methods, path, h, m...) })
	return n.recordAll(&seen, routes)
}

func (n *Namespace) recordAll(seen *core.SeenRoutes, routes []*echo.Route) []*echo.Route {
	for _, r := range routes {
		n.reg.Recorded(seen, n.host, r.Method, r.Path, n.lv)
	}
	return routes
}

// File registers a route that serves one file, like [echo.Group.File].
func (n *Namespace) File(path, file string) {
	n.GET(path, func(c echo.Context) error { return c.File(file) })
}

// FileFS registers a route that serves one file of filesystem, like [echo.Group.FileFS].
func (n *Namespace) FileFS(path, file string, filesystem fs.FS, m ...echo.MiddlewareFunc) *echo.Route {
	return n.GET(path, echo.StaticFileHandler(file, filesystem), m...)
}

// Static serves files under fsRoot of the Echo filesystem, like [echo.Group.Static].
func (n *Namespace) Static(pathPrefix, fsRoot string) {
	n.StaticFS(pathPrefix, echo.MustSubFS(n.e.Filesystem, fsRoot))
}

// StaticFS serves files of filesystem, like [echo.Group.StaticFS].
func (n *Namespace) StaticFS(pathPrefix string, filesystem fs.FS) {
	n.GET(pathPrefix+"*", echo.StaticDirectoryHandler(filesystem, !n.e.EnablePathUnescapingStaticFiles))
}

// HandleRouteOf registers rules for the route that the namespace's route
// method returned, so that neither its method nor its path can be mistyped:
//
//	r := api.GET("/movies/:id", getMovie)
//	api.HandleRouteOf(r, echoerr.DeclareError(sql.ErrNoRows, movieNotExists))
//
// It panics if r is nil or a rule is invalid, registering none.
func (n *Namespace) HandleRouteOf(r *echo.Route, rules ...Rule) {
	if r == nil {
		panic("echoerr: Namespace.HandleRouteOf: nil *echo.Route")
	}
	n.reg.RouteLevel(n.host, r.Method, r.Path, n.lv).Add(coreRules(rules, "Namespace.HandleRouteOf"), "Namespace.HandleRouteOf")
}

// HandleRouteOf registers rules for a route of the app's default router,
// as e.GET and the other route methods returned it: [Namespace.HandleRouteOf]
// for the app. It panics if e or r is nil or a rule is invalid.
func HandleRouteOf(e *echo.Echo, r *echo.Route, rules ...Rule) {
	if e == nil || r == nil {
		panic("echoerr: HandleRouteOf: nil *echo.Echo or *echo.Route")
	}
	registries.For(e).RouteLevel("", r.Method, r.Path, nil).Add(coreRules(rules, "HandleRouteOf"), "HandleRouteOf")
}
