package echoerr

import (
	"errors"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"
	"weak"

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
type Namespace struct {
	e      *echo.Echo
	reg    *registry
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
	n := &Namespace{e: e, reg: registryFor(e), prefix: prefix, mw: mw, lv: core.NewLevel(parent, prefix)}
	n.reg.ownPrefix(prefix, n.lv)
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
	n.reg.routeLevel(method, core.NormalizePath(n.prefix+path), n.lv).Add(coreRules(rules, "Namespace.HandleRoute"), "Namespace.HandleRoute")
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
		reg := registryFor(p)
		reg.routeLevel(method, core.NormalizePath(path), nil).Add(coreRules(rules, "HandleRoute"), "HandleRoute")
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
	ri := n.e.Add(method, full, h, mw...)
	n.reg.record(ri.Method, ri.Path, n.lv)
	return ri
}

// CONNECT registers a route for the CONNECT method; see [Namespace.Add].
func (n *Namespace) CONNECT(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) echo.RouteInfo {
	return n.Add(http.MethodConnect, path, h, m...)
}

// DELETE registers a route for the DELETE method; see [Namespace.Add].
func (n *Namespace) DELETE(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) echo.RouteInfo {
	return n.Add(http.MethodDelete, path, h, m...)
}

// GET registers a route for the GET method; see [Namespace.Add].
func (n *Namespace) GET(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) echo.RouteInfo {
	return n.Add(http.MethodGet, path, h, m...)
}

// HEAD registers a route for the HEAD method; see [Namespace.Add].
func (n *Namespace) HEAD(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) echo.RouteInfo {
	return n.Add(http.MethodHead, path, h, m...)
}

// OPTIONS registers a route for the OPTIONS method; see [Namespace.Add].
func (n *Namespace) OPTIONS(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) echo.RouteInfo {
	return n.Add(http.MethodOptions, path, h, m...)
}

// PATCH registers a route for the PATCH method; see [Namespace.Add].
func (n *Namespace) PATCH(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) echo.RouteInfo {
	return n.Add(http.MethodPatch, path, h, m...)
}

// POST registers a route for the POST method; see [Namespace.Add].
func (n *Namespace) POST(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) echo.RouteInfo {
	return n.Add(http.MethodPost, path, h, m...)
}

// PUT registers a route for the PUT method; see [Namespace.Add].
func (n *Namespace) PUT(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) echo.RouteInfo {
	return n.Add(http.MethodPut, path, h, m...)
}

// QUERY registers a route for the QUERY method; see [Namespace.Add].
func (n *Namespace) QUERY(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) echo.RouteInfo {
	return n.Add(echo.QUERY, path, h, m...)
}

// TRACE registers a route for the TRACE method; see [Namespace.Add].
func (n *Namespace) TRACE(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) echo.RouteInfo {
	return n.Add(http.MethodTrace, path, h, m...)
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

// registry is what echoerr knows of one Echo's routes: the level of each
// route added through a namespace or given rules, and the namespaces'
// prefixes for the router's 404 and 405.
type registry struct {
	e    weak.Pointer[echo.Echo] // the Echo it describes
	snap core.Snapshot[routeTable]
	// guarded by snap's lock:
	routes   map[string]*level // "METHOD path" -> the route's level or its namespace's
	own      map[string]*level // "METHOD path" -> a route's own level (HandleRoute)
	under    map[string]*level // "METHOD path" -> the namespace a route's own level sits in
	prefixes []*level
}

// routeTable is the registry as requests read it.
type routeTable struct {
	routes   map[string]*level
	paths    map[string]*level // path -> the namespace of its last route
	prefixes []*level          // longest first
}

func (r *registry) record(method, path string, lv *level) {
	r.snap.Update(func() {
		if r.routes == nil {
			r.routes = map[string]*level{}
		}
		r.routes[method+" "+path] = lv
	})
}

func (r *registry) ownPrefix(prefix string, lv *level) {
	r.snap.Update(func() { r.prefixes = append(r.prefixes, lv) })
}

// routeLevel returns the level of a route's own rules, made at the first
// call; ns is the namespace the rules were registered through.
func (r *registry) routeLevel(method, path string, ns *level) *level {
	k := method + " " + path
	var lv *level
	r.snap.Update(func() {
		if r.own == nil {
			r.own, r.under = map[string]*level{}, map[string]*level{}
		}
		if lv = r.own[k]; lv == nil {
			lv = core.NewLevel[*echo.Context](nil, k)
			r.own[k] = lv
		}
		if ns != nil {
			r.under[k] = ns
		}
	})
	return lv
}

func (r *registry) table() *routeTable {
	return r.snap.Get(func() *routeTable {
		t := &routeTable{routes: map[string]*level{}, paths: map[string]*level{}}
		for k, lv := range r.routes {
			t.routes[k] = lv
			_, path, _ := strings.Cut(k, " ")
			t.paths[path] = lv
		}
		for k, own := range r.own {
			parent := r.routes[k]
			if parent == nil {
				parent = r.under[k]
			}
			t.routes[k] = own.Under(parent)
		}
		t.prefixes = slices.Clone(r.prefixes)
		slices.SortStableFunc(t.prefixes, func(a, b *level) int { return len(b.Name()) - len(a.Name()) })
		return t
	})
}

// level returns the level of the route matched for method and path.
func (t *routeTable) level(method, path string) *level {
	if len(t.routes) == 0 {
		return nil
	}
	if lv := t.routes[method+" "+path]; lv != nil {
		return lv
	}
	if method == http.MethodHead {
		if lv := t.routes[http.MethodGet+" "+path]; lv != nil {
			return lv
		}
	}
	return t.routes[echo.RouteAny+" "+path]
}

// prefixLevel returns the namespace with the longest prefix that owns path
// on a "/" boundary.
func (t *routeTable) prefixLevel(path string) *level {
	for _, lv := range t.prefixes {
		p := lv.Name()
		if p == "" || p == "/" {
			return lv
		}
		if strings.HasPrefix(path, p) && (len(path) == len(p) || path[len(p)] == '/' || p[len(p)-1] == '/') {
			return lv
		}
	}
	return nil
}

// binding is what a handler remembers of the last Echo it served: its
// address and its registry, so that an error does not look the registry up
// by a weak key each time. A registry names its Echo weakly, so a cached
// registry is used only while its Echo is the one at the address; a
// cached "no registry" only while no registry was made since (gen).
type binding struct {
	e   uintptr
	reg *registry // nil: the Echo had none
	gen uint64    // registryGen when the registry was looked up
}

// registryGen counts the registries made: a new one invalidates every
// handler's cached "no registry".
var registryGen atomic.Uint64

// registryOf returns e's registry, or nil.
func (h *handler) registryOf(e *echo.Echo) *registry {
	addr := uintptr(unsafe.Pointer(e))
	if b := h.bound.Load(); b != nil && b.e == addr {
		if b.reg == nil {
			if b.gen == registryGen.Load() {
				return nil
			}
		} else if b.reg.e.Value() == e {
			return b.reg
		}
	}
	b := &binding{e: addr, gen: registryGen.Load()}
	b.reg = lookupRegistry(e)
	h.bound.Store(b)
	return b.reg
}

// levelOf returns the innermost level of the request: its route's, or for
// the router's 404 and 405, the namespace owning the path.
func (h *handler) levelOf(c *echo.Context, err error) *level {
	e := c.Echo()
	if e == nil {
		return nil
	}
	reg := h.registryOf(e)
	if reg == nil {
		return nil
	}
	t := reg.table()
	req := c.Request()
	p := c.Path()
	if p != "" {
		if lv := t.level(req.Method, p); lv != nil {
			return lv
		}
	}
	if !isRouterError(err) {
		return nil // e.Pre or e.Use middleware on a path no route takes: the app's
	}
	if p != "" {
		// The router's 405: the path has routes for other methods.
		if lv := t.paths[p]; lv != nil {
			return lv
		}
	}
	return t.prefixLevel(req.URL.Path)
}

// isRouterError reports whether err is the router's 404 or 405.
func isRouterError(err error) bool {
	return errors.Is(err, echo.ErrNotFound) || errors.Is(err, echo.ErrMethodNotAllowed)
}

// registries holds the registry of each Echo that has namespaces or route
// rules, keyed weakly: an entry goes when its Echo is collected.
var registries sync.Map // weak.Pointer[echo.Echo] -> *registry

func registryFor(e *echo.Echo) *registry {
	k := weak.Make(e)
	if r, ok := registries.Load(k); ok {
		return r.(*registry)
	}
	r, loaded := registries.LoadOrStore(k, &registry{e: k})
	if !loaded {
		runtime.AddCleanup(e, func(k weak.Pointer[echo.Echo]) { registries.Delete(k) }, k)
		registryGen.Add(1)
	}
	return r.(*registry)
}

func lookupRegistry(e *echo.Echo) *registry {
	if r, ok := registries.Load(weak.Make(e)); ok {
		return r.(*registry)
	}
	return nil
}
