package echoerr

import (
	"io/fs"
	"maps"
	"net/http"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"
	"weak"

	"github.com/labstack/echo/v4"
)

// group lets Namespace embed *echo.Group under a name that does not clash
// with the Namespace.Group method.
type group = echo.Group

// Namespace is an Echo group with its own error handlers. It offers the route
// methods of [*echo.Group] (GET, POST, Use, Any, Static, ...) and owns what they
// register: an error from any route of the namespace, from any middleware of
// its group, and the 404 of any unknown path under its prefix is resolved at
// the namespace first, then at its parents, then at the app.
//
// A Namespace finds its routes by the route Echo matched, so it adds nothing
// to a request that succeeds. Errors from app-level middleware (e.Use) on a
// route of the namespace are resolved from the namespace too, as Flask does for
// a blueprint's routes; errors from e.Pre middleware, which runs before
// routing, are resolved at app level.
//
// Routes must be added through the Namespace (or a nested one) to belong to
// it: a route added on the Echo or on a plain Echo group is the app's, even
// under the namespace's prefix. The one exception is a route added elsewhere
// at exactly the namespace's prefix or prefix+"/*", the paths of its 404
// catch-alls: Echo reports the same route path for both, so its errors start
// at the namespace. A Namespace is safe for concurrent use once its routes are
// added.
type Namespace struct {
	*group
	lv   *level
	reg  *registry
	e    *echo.Echo
	host string
}

// Group makes a namespace: an Echo group at prefix under parent (an
// [*echo.Echo], an [*echo.Group] or a [*Namespace]) with the given group
// middleware, whose errors are resolved by its own handlers first. A namespace
// made under another namespace is nested in it; one made under a plain Echo
// group has the app as its parent level.
//
// Like Echo's Group.Use, Group registers catch-all routes (RouteNotFound) at
// prefix and prefix+"/*", so that unknown paths under the prefix reach the
// namespace (and its middleware) as 404 errors. Unlike an Echo group's
// catch-all, they keep Echo's 405 answer, with its Allow header, for a path
// that has routes for other methods only.
//
// It panics if parent is nil.
func Group[P *echo.Echo | *echo.Group | *Namespace](parent P, prefix string, m ...echo.MiddlewareFunc) *Namespace {
	switch p := any(parent).(type) {
	case *echo.Echo:
		if p == nil {
			panic("echoerr: Group: nil *echo.Echo")
		}
		return newNamespace(p, "", prefix, p.Group(prefix, m...), nil)
	case *echo.Group:
		if p == nil {
			panic("echoerr: Group: nil *echo.Group")
		}
		e, host, pp := groupInternals(p)
		return newNamespace(e, host, pp+prefix, p.Group(prefix, m...), nil)
	case *Namespace:
		if p == nil {
			panic("echoerr: Group: nil *Namespace")
		}
		return p.Group(prefix, m...)
	}
	panic("unreachable")
}

func newNamespace(e *echo.Echo, host, fullPrefix string, g *echo.Group, parent *level) *Namespace {
	n := &Namespace{
		group: g,
		lv:    &level{parent: parent, name: fullPrefix},
		reg:   registryFor(e),
		e:     e,
		host:  host,
	}
	n.catchAll()
	return n
}

// catchAll registers the namespace's 404 routes at its prefix. A prefix
// that ends in "/" ("/api/", "/") owns what "/api" and "" own: its catch-all
// is prefix+"*", and the path without the slash is found by the registry.
func (n *Namespace) catchAll() {
	n.RouteNotFound("", n.notFound)
	if strings.HasSuffix(n.lv.name, "/") {
		n.RouteNotFound("*", n.notFound)
		if p := strings.TrimRight(n.lv.name, "/"); p != "" {
			n.reg.ownPrefix(n.host, p, n.lv)
		}
		return
	}
	n.RouteNotFound("/*", n.notFound)
}

// Use adds group middleware, like [echo.Group.Use]: it runs for the routes
// added after it and for the namespace's 404 and 405 answers.
func (n *Namespace) Use(m ...echo.MiddlewareFunc) {
	n.group.Use(m...) // registers Echo's own catch-alls: put ours back
	n.catchAll()
}

// notFound answers a path under the namespace that no route matched. Echo's
// router answers 405 with an Allow header when the path has routes for other
// methods, but a group's catch-all route hides that from it; notFound asks
// the router for each method, as Echo would, and answers the same way.
func (n *Namespace) notFound(c echo.Context) error {
	allow := n.allowedMethods(c)
	if allow == "" {
		return echo.ErrNotFound
	}
	if c.Request().Method == http.MethodOptions {
		c.Response().Header().Add(echo.HeaderAllow, allow)
		return c.NoContent(http.StatusNoContent)
	}
	c.Response().Header().Set(echo.HeaderAllow, allow)
	return echo.ErrMethodNotAllowed
}

// probeMethods are the methods Echo's router lists in an Allow header, in
// its order.
var probeMethods = []string{
	http.MethodConnect, http.MethodDelete, http.MethodGet, http.MethodHead,
	http.MethodPatch, http.MethodPost, echo.PROPFIND, http.MethodPut,
	http.MethodTrace, echo.REPORT,
}

// allowedMethods returns Echo's Allow value for the request's path ("OPTIONS,
// GET, POST"), or "" when no method has a route there.
func (n *Namespace) allowedMethods(c echo.Context) string {
	req := c.Request()
	router := n.e.Router()
	if routers := n.e.Routers(); len(routers) > 0 {
		if r, ok := routers[req.Host]; ok {
			router = r
		}
	}
	t := n.reg.table()
	probe := n.e.AcquireContext()
	defer n.e.ReleaseContext(probe)
	path := echo.GetPath(req)
	var allow []byte
	try := func(method string) {
		if method == req.Method {
			return
		}
		probe.Reset(req, nil)
		router.Find(method, path, probe)
		p := probe.Path()
		if p == "" {
			return // no route at all
		}
		if o := t.paths[pathKey{n.host, p}]; o != nil && o.notFound != nil && !o.has(method) {
			return // a 404 catch-all: no route for method
		}
		if probe.Get(echo.ContextKeyHeaderAllow) != nil {
			return // the router's own 405
		}
		if allow == nil {
			allow = append(allow, http.MethodOptions...)
		}
		allow = append(append(allow, ", "...), method...)
	}
	for _, m := range probeMethods {
		try(m)
	}
	for _, m := range t.methods {
		try(m)
	}
	return string(allow)
}

// SetFormat sets how the answers echoerr writes for this namespace and its
// nested namespaces (unless they set their own) look. Safe to call at any
// time.
func (n *Namespace) SetFormat(f Format) {
	n.lv.format.Store(&f)
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
	n.lv.add(rules, "Namespace.Handle")
}

// ErrorHandler registers fn as this namespace's catch-all: it receives every
// error of the namespace that no other rule of the namespace matches, like
// Flask-RESTPlus's @ns.errorhandler with no type. It panics if fn is nil.
func (n *Namespace) ErrorHandler(fn HandlerFunc) {
	if fn == nil {
		panic("echoerr: Namespace.ErrorHandler: nil handler")
	}
	n.lv.add([]Rule{CatchAll(fn)}, "Namespace.ErrorHandler")
}

// Prefix returns the namespace's full path prefix, as routes see it.
func (n *Namespace) Prefix() string { return n.lv.name }

// Group makes a nested namespace at prefix under n, with n's middleware and
// m. Errors of the nested namespace are resolved there first, then at n.
func (n *Namespace) Group(prefix string, m ...echo.MiddlewareFunc) *Namespace {
	return newNamespace(n.e, n.host, n.lv.name+prefix, n.group.Group(prefix, m...), n.lv)
}

// Add registers a route for method and path, like [echo.Group.Add].
func (n *Namespace) Add(method, path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	n.reg.pending.Store(true)
	r := n.group.Add(method, path, h, m...)
	if n.reg.pending.Load() {
		// e.OnAddRouteHandler was replaced since the registry hooked it.
		n.reg.hook(n.e)
	}
	n.reg.record(n.host, r.Method, r.Path, n.lv)
	return r
}

// CONNECT registers a route like [echo.Group.CONNECT].
func (n *Namespace) CONNECT(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return n.Add(http.MethodConnect, path, h, m...)
}

// DELETE registers a route like [echo.Group.DELETE].
func (n *Namespace) DELETE(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return n.Add(http.MethodDelete, path, h, m...)
}

// GET registers a route like [echo.Group.GET].
func (n *Namespace) GET(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return n.Add(http.MethodGet, path, h, m...)
}

// HEAD registers a route like [echo.Group.HEAD].
func (n *Namespace) HEAD(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return n.Add(http.MethodHead, path, h, m...)
}

// OPTIONS registers a route like [echo.Group.OPTIONS].
func (n *Namespace) OPTIONS(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return n.Add(http.MethodOptions, path, h, m...)
}

// PATCH registers a route like [echo.Group.PATCH].
func (n *Namespace) PATCH(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return n.Add(http.MethodPatch, path, h, m...)
}

// POST registers a route like [echo.Group.POST].
func (n *Namespace) POST(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return n.Add(http.MethodPost, path, h, m...)
}

// PUT registers a route like [echo.Group.PUT].
func (n *Namespace) PUT(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return n.Add(http.MethodPut, path, h, m...)
}

// TRACE registers a route like [echo.Group.TRACE].
func (n *Namespace) TRACE(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return n.Add(http.MethodTrace, path, h, m...)
}

// RouteNotFound registers a 404 handler for path, like [echo.Group.RouteNotFound].
func (n *Namespace) RouteNotFound(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return n.Add(echo.RouteNotFound, path, h, m...)
}

// Any registers a route for every HTTP method, like [echo.Group.Any].
func (n *Namespace) Any(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) []*echo.Route {
	return n.recordAll(n.group.Any(path, h, m...))
}

// Match registers a route for the given methods, like [echo.Group.Match].
func (n *Namespace) Match(methods []string, path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) []*echo.Route {
	return n.recordAll(n.group.Match(methods, path, h, m...))
}

func (n *Namespace) recordAll(routes []*echo.Route) []*echo.Route {
	for _, r := range routes {
		n.reg.record(n.host, r.Method, r.Path, n.lv)
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

// registry maps the routes of one Echo instance to the namespace levels that
// own them. Routes are recorded at setup; the error path reads an immutable
// copy without locking.
//
// The registry is reachable from its Echo only: through the
// e.OnAddRouteHandler hook it installs (chaining a hook already set). The
// package-level map holds both weakly, so that a dropped Echo is collected
// with its registry, even when rules refer to the Echo.
type registry struct {
	all      map[pathKey]*pathOwners // guarded by snap's lock
	meth     []string                // guarded by snap's lock
	prefixes map[pathKey]*level      // guarded by snap's lock
	snap     snapshot[routeTable]
	pending  atomic.Bool // a route is being added; the hook clears it
}

// hook installs the registry's OnAddRouteHandler on e, calling the one that
// was there before.
func (r *registry) hook(e *echo.Echo) {
	prev := e.OnAddRouteHandler
	e.OnAddRouteHandler = func(host string, route echo.Route, h echo.HandlerFunc, m []echo.MiddlewareFunc) {
		r.pending.Store(false)
		if prev != nil {
			prev(host, route, h, m)
		}
	}
}

// ownPrefix records that lv owns the 404s of exactly host and path.
func (r *registry) ownPrefix(host, path string, lv *level) {
	r.snap.update(func() {
		if r.prefixes == nil {
			r.prefixes = map[pathKey]*level{}
		}
		r.prefixes[pathKey{host, path}] = lv
	})
}

type pathKey struct{ host, path string }

// pathOwners are the levels that registered routes at one path.
type pathOwners struct {
	methods  []methodOwner // by method, RouteNotFound included
	last     *level        // the last registration, for a 405 at the path
	notFound *level        // the RouteNotFound route's
}

func (o *pathOwners) has(method string) bool {
	for _, m := range o.methods {
		if m.method == method {
			return true
		}
	}
	return false
}

type methodOwner struct {
	method string
	lv     *level
}

type routeTable struct {
	paths    map[pathKey]*pathOwners
	methods  []string           // methods of namespace routes that Echo's Allow list does not name
	prefixes map[pathKey]*level // prefixes of namespaces whose prefix ends in "/", without it
}

func (r *registry) record(host, method, path string, lv *level) {
	r.snap.update(func() {
		if r.all == nil {
			r.all = map[pathKey]*pathOwners{}
		}
		k := pathKey{host, path}
		// Copy on write: a published table shares these structs.
		var o pathOwners
		if old := r.all[k]; old != nil {
			o = *old
		}
		o.methods = slices.DeleteFunc(slices.Clone(o.methods), func(m methodOwner) bool { return m.method == method })
		o.methods = append(o.methods, methodOwner{method, lv})
		if method == echo.RouteNotFound {
			o.notFound = lv
		}
		// The last registration of a path wins, as it does in Echo's router.
		o.last = lv
		r.all[k] = &o
		if method != echo.RouteNotFound && !slices.Contains(probeMethods, method) &&
			method != http.MethodOptions && !slices.Contains(r.meth, method) {
			r.meth = append(r.meth, method)
		}
	})
}

func (r *registry) table() *routeTable {
	return r.snap.get(func() *routeTable {
		return &routeTable{paths: maps.Clone(r.all), methods: slices.Clone(r.meth), prefixes: maps.Clone(r.prefixes)}
	})
}

// lookup returns the innermost namespace level of the route Echo matched for
// c, or nil for the app.
func (r *registry) lookup(c echo.Context) *level {
	t := r.table()
	if len(t.paths) == 0 && len(t.prefixes) == 0 {
		return nil
	}
	path := c.Path()
	req := c.Request()
	host := ""
	if routers := c.Echo().Routers(); len(routers) > 0 {
		if _, ok := routers[req.Host]; ok {
			host = req.Host // Echo routed with this host's router
		}
	}
	if path == "" {
		// No route matched: the path of a namespace "/api/" without its
		// slash, which its catch-all "/api/*" does not match, is its own.
		if len(t.prefixes) > 0 {
			return t.prefixes[pathKey{host, strings.TrimRight(echo.GetPath(req), "/")}]
		}
		return nil
	}
	o := t.paths[pathKey{host, path}]
	if o == nil {
		return nil
	}
	for _, m := range o.methods {
		if m.method == req.Method {
			return m.lv
		}
	}
	// No route of the namespace for this method: Echo matched a RouteNotFound
	// route (the namespace's 404 catch-all among them), or a path that has
	// routes for other methods only (405).
	if o.notFound != nil {
		return o.notFound
	}
	if c.Get(echo.ContextKeyHeaderAllow) != nil {
		return o.last
	}
	return nil
}

// registries holds the registry of each Echo instance that has namespaces,
// weakly on both sides (see registry): an entry goes when its Echo is
// collected.
var (
	registries   sync.Map // weak.Pointer[echo.Echo] -> weak.Pointer[registry]
	registriesMu sync.Mutex
	// registryGen counts registries made, so that a handler that found none
	// for an Echo looks again after a namespace is made.
	registryGen atomic.Uint64
)

// registryFor returns e's registry, making it if needed. Setup time only.
func registryFor(e *echo.Echo) *registry {
	registriesMu.Lock()
	defer registriesMu.Unlock()
	k := weak.Make(e)
	v, known := registries.Load(k)
	if known {
		if r := v.(weak.Pointer[registry]).Value(); r != nil {
			return r
		}
	}
	r := &registry{}
	r.hook(e)
	registries.Store(k, weak.Make(r))
	if !known {
		runtime.AddCleanup(e, func(k weak.Pointer[echo.Echo]) { registries.Delete(k) }, k)
	}
	registryGen.Add(1)
	return r
}

// lookupRegistry returns e's registry, or nil when e has no namespace.
func lookupRegistry(e *echo.Echo) *registry {
	v, ok := registries.Load(weak.Make(e))
	if !ok {
		return nil
	}
	return v.(weak.Pointer[registry]).Value()
}

// binding caches, in a handler, the registry of the Echo instance it served
// last, without keeping either alive: a handler may be shared by several
// Echo instances. The Echo is known by its address; the registry is alive
// exactly as long as its Echo (each refers to the other), so a registry that
// is still there proves that the address is still its Echo's.
type binding struct {
	e   uintptr                // the Echo's address
	reg weak.Pointer[registry] // zero when the Echo had no registry
	gen uint64                 // registryGen when reg was looked up
}

type atomicBinding = atomic.Pointer[binding]

// levelOf returns the innermost namespace level of the request, or nil.
func (h *handler) levelOf(c echo.Context) *level {
	e := c.Echo()
	if e == nil {
		return nil
	}
	addr := uintptr(unsafe.Pointer(e))
	if b := h.bound.Load(); b != nil && b.e == addr {
		if b.reg == (weak.Pointer[registry]{}) {
			if b.gen == registryGen.Load() {
				return nil // still no namespace
			}
		} else if r := b.reg.Value(); r != nil {
			return r.lookup(c)
		}
	}
	b := &binding{e: addr, gen: registryGen.Load()}
	r := lookupRegistry(e)
	if r != nil {
		b.reg = weak.Make(r)
	}
	h.bound.Store(b)
	if r == nil {
		return nil
	}
	return r.lookup(c)
}
