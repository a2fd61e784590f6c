package echoerr

import (
	"maps"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"
	"weak"

	"github.com/echoerr/echoerr/internal/core"
	"github.com/labstack/echo/v4"
)

// registry maps the routes and prefixes of one Echo instance to the
// namespace levels that own them. It is written at setup; the error path
// reads an immutable copy without locking.
//
// The registry is reachable from its Echo only: through the
// e.OnAddRouteHandler hook it installs (chaining a hook already set). The
// package-level map holds both weakly, so that a dropped Echo is collected
// with its registry, even when rules refer to the Echo.
type registry struct {
	all       map[pathKey]*pathOwners // guarded by snap's lock
	prefixes  map[pathKey]*level      // guarded by snap's lock
	catchAlls map[pathKey]bool        // guarded by snap's lock: the namespaces' own
	routes    map[routeKey]*level     // guarded by snap's lock: per-route rules
	snap      core.Snapshot[routeTable]

	// Setup: routes Echo adds while watch runs, seen through the hook.
	watchMu  sync.Mutex
	watching bool
	seen     []seenRoute

	routesGen atomic.Uint64 // counts routes added, to rebuild shadows
	shadows   core.Snapshot[shadowSet]
}

type pathKey struct{ host, path string }

type routeKey struct{ host, method, path string }

type seenRoute struct{ host, method, path string }

// hook installs the registry's OnAddRouteHandler on e, calling the one that
// was there before.
func (r *registry) hook(e *echo.Echo) {
	prev := e.OnAddRouteHandler
	e.OnAddRouteHandler = func(host string, route echo.Route, h echo.HandlerFunc, m []echo.MiddlewareFunc) {
		r.routeAdded(host, route)
		if prev != nil {
			prev(host, route, h, m)
		}
	}
}

func (r *registry) routeAdded(host string, route echo.Route) {
	r.routesGen.Add(1)
	if r.watching {
		r.seen = append(r.seen, seenRoute{host, route.Method, route.Path})
	}
}

// watch runs add, which adds routes to the Echo, and returns the routes Echo
// added meanwhile. Setup time only.
func (r *registry) watch(add func()) []seenRoute {
	r.watchMu.Lock()
	defer r.watchMu.Unlock()
	r.watching, r.seen = true, nil
	defer func() { r.watching, r.seen = false, nil }()
	add()
	return slices.Clone(r.seen)
}

// pathOwners are the levels that registered routes at one path.
type pathOwners struct {
	methods  []methodOwner // by method, RouteNotFound included
	last     *level        // the last registration, for a 405 at the path
	notFound *level        // the RouteNotFound route's
}

type methodOwner struct {
	method string
	lv     *level
}

// routeTable is the registry as the error path reads it.
type routeTable struct {
	// routes are the levels of routes with rules of their own, each placed
	// under the namespace that owns the route (the app's: nil).
	routes   map[routeKey]*level
	paths    map[pathKey]*pathOwners
	prefixes map[string]*prefixIndex // by host
	noHost   *prefixIndex            // prefixes[""], read without a map lookup
}

func (r *registry) record(host, method, path string, lv *level) {
	r.snap.Update(func() {
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
	})
}

// ownPrefix records that lv is the namespace at prefix on host's router.
func (r *registry) ownPrefix(host, prefix string, lv *level) {
	r.snap.Update(func() {
		if r.prefixes == nil {
			r.prefixes = map[pathKey]*level{}
		}
		r.prefixes[pathKey{host, strings.TrimRight(normalizePath(prefix), "/")}] = lv
	})
}

// routeLevel returns the level of one route's own rules, making it if
// needed.
func (r *registry) routeLevel(host, method, path string) *level {
	var lv *level
	r.snap.Update(func() {
		if r.routes == nil {
			r.routes = map[routeKey]*level{}
		}
		k := routeKey{host, method, path}
		if lv = r.routes[k]; lv == nil {
			lv = core.NewLevel[echo.Context](nil, method+" "+path)
			r.routes[k] = lv
		}
	})
	return lv
}

// ownCatchAll records whether the RouteNotFound route at path is a catch-all
// that a namespace answers itself (own), or a route of the user's.
func (r *registry) ownCatchAll(host, path string, own bool) {
	r.snap.Update(func() {
		if r.catchAlls == nil {
			r.catchAlls = map[pathKey]bool{}
		}
		if own {
			r.catchAlls[pathKey{host, path}] = true
		} else {
			delete(r.catchAlls, pathKey{host, path})
		}
	})
	r.routesGen.Add(1) // the shadow routers change
}

func (r *registry) table() *routeTable {
	return r.snap.Get(func() *routeTable {
		t := &routeTable{paths: maps.Clone(r.all)}
		if len(r.routes) > 0 {
			t.routes = make(map[routeKey]*level, len(r.routes))
			for k, rl := range r.routes {
				var owner *level
				if o := r.all[pathKey{k.host, k.path}]; o != nil {
					for _, m := range o.methods {
						if m.method == k.method {
							owner = m.lv
						}
					}
				}
				t.routes[k] = rl.Under(owner)
			}
		}
		if len(r.prefixes) > 0 {
			t.prefixes = map[string]*prefixIndex{}
			for k, lv := range r.prefixes {
				x := t.prefixes[k.host]
				if x == nil {
					x = &prefixIndex{bySegment: map[string][]prefixEntry{}}
					t.prefixes[k.host] = x
				}
				x.add(k.path, lv)
			}
			t.noHost = t.prefixes[""]
		}
		return t
	})
}

// prefixIndex finds the innermost namespace whose prefix owns a path, on one
// host's router. Prefixes are indexed by their first segment, so that a path
// outside every namespace costs one lookup: a scan of a few segments, or a
// map when there are more.
type prefixIndex struct {
	root      *level                   // a namespace at "" or "/"
	firsts    [256]bool                // first bytes of static first segments
	bySegment map[string][]prefixEntry // static first segment; longest first
	few       []segmentEntries         // the same, when few
	wild      []prefixEntry            // first segment is a :param or *
}

type segmentEntries struct {
	seg     string
	entries []prefixEntry
}

type prefixEntry struct {
	segs   []string // "api", ":id", ...
	static string   // the prefix without its leading "/", when no segment is a :param or *
	lv     *level
}

func (x *prefixIndex) add(prefix string, lv *level) {
	if prefix == "" {
		x.root = lv
		return
	}
	en := prefixEntry{segs: strings.Split(prefix[1:], "/"), lv: lv}
	if !strings.ContainsAny(prefix, ":*") {
		en.static = prefix[1:]
	}
	longestFirst := func(a, b prefixEntry) int { return len(b.segs) - len(a.segs) }
	if first := en.segs[0]; first != "" && first[0] != ':' && first[0] != '*' {
		x.firsts[first[0]] = true
		x.bySegment[first] = append(x.bySegment[first], en)
		slices.SortStableFunc(x.bySegment[first], longestFirst)
		x.few = nil
		if len(x.bySegment) <= smallPrefixes {
			for seg, entries := range x.bySegment {
				x.few = append(x.few, segmentEntries{seg, entries})
			}
		}
		return
	}
	x.wild = append(x.wild, en)
	slices.SortStableFunc(x.wild, longestFirst)
}

// find returns the level of the longest prefix that owns path, or nil.
func (x *prefixIndex) find(path string) *level {
	rest := strings.TrimPrefix(path, "/")
	if rest == "" || !x.firsts[rest[0]] {
		// No static prefix starts so: the common 404 outside every
		// namespace ends here.
		return x.findWild(rest)
	}
	var entries []prefixEntry
	if x.few != nil || len(x.bySegment) == 0 {
		for i := range x.few {
			if seg := x.few[i].seg; len(rest) >= len(seg) && rest[:len(seg)] == seg && (len(rest) == len(seg) || rest[len(seg)] == '/') {
				entries = x.few[i].entries
				break
			}
		}
	} else {
		first, _, _ := strings.Cut(rest, "/")
		entries = x.bySegment[first]
	}
	for i := range entries {
		if entries[i].owns(rest) {
			return entries[i].lv
		}
	}
	return x.findWild(rest)
}

// findWild is find for the prefixes whose first segment is not static.
func (x *prefixIndex) findWild(rest string) *level {
	for i := range x.wild {
		if x.wild[i].owns(rest) {
			return x.wild[i].lv
		}
	}
	return x.root
}

// owns reports whether the path (without its leading "/") is at or under
// the prefix, segment by segment; a :param segment matches any one, a *
// the rest.
func (en *prefixEntry) owns(path string) bool {
	if en.static != "" {
		n := len(en.static)
		return len(path) >= n && path[:n] == en.static && (len(path) == n || path[n] == '/')
	}
	for _, s := range en.segs {
		if s == "*" || strings.HasPrefix(s, "*") {
			return true
		}
		seg, rest, more := strings.Cut(path, "/")
		if s[0] != ':' && seg != s {
			return false
		}
		if s[0] == ':' && seg == "" {
			return false
		}
		if !more {
			path = ""
			continue
		}
		path = rest
	}
	return true
}

// lookup returns the innermost level of the request's error, or nil for the
// app: the level of the route Echo matched when it has rules of its own,
// else the namespace of that route; for the router's
// own 404 (no route matched, Echo's not-found error) and 405 (a path with
// routes for other methods only), the namespace whose prefix owns the path.
func (r *registry) lookup(e *echo.Echo, c echo.Context, err error) *level {
	t := r.table()
	if len(t.paths) == 0 && len(t.prefixes) == 0 && len(t.routes) == 0 {
		return nil
	}
	req := c.Request()
	host := ""
	x := t.noHost
	if routers := e.Routers(); len(routers) > 0 {
		if _, ok := routers[req.Host]; ok {
			host = req.Host // Echo routed with this host's router
			x = t.prefixes[host]
		}
	}
	path := c.Path()
	if path == "" {
		// No route matched. The router's 404 is the namespace's; anything
		// else (e.Pre middleware, e.Use middleware on an unknown path) the
		// app's.
		if x != nil {
			if lv := x.find(echo.GetPath(req)); lv != nil && isRouterNotFound(err) {
				return lv
			}
		}
		return nil
	}
	if t.routes != nil {
		if rl := t.routes[routeKey{host, req.Method, path}]; rl != nil {
			return rl // the route's own rules, then its namespace's
		}
	}
	o := t.paths[pathKey{host, path}]
	if o != nil {
		for _, m := range o.methods {
			if m.method == req.Method {
				return m.lv
			}
		}
		if o.notFound != nil {
			// A RouteNotFound route of a namespace, its catch-alls included.
			return o.notFound
		}
	}
	if x == nil && o == nil {
		return nil
	}
	if c.Get(echo.ContextKeyHeaderAllow) == nil {
		return nil // a route of the app, not the router's 405
	}
	if o != nil {
		return o.last
	}
	return x.find(echo.GetPath(req))
}

// isRouterNotFound reports whether err is, or wraps, the error of Echo's
// NotFoundHandler.
func isRouterNotFound(err error) bool {
	if err == error(echo.ErrNotFound) {
		return true
	}
	return core.FirstInTree(err, func(x error) bool { return x == error(echo.ErrNotFound) }) != nil
}

// shadowSet holds, per host, a router with the Echo's routes but the
// namespaces' catch-alls: Echo's routing as it would be without them.
type shadowSet struct {
	gen     uint64
	routers map[string]*echo.Router
	probes  sync.Pool // contexts for Find, made for these routers
}

// allowWithoutCatchAlls returns the Allow value Echo's router gives req
// without the namespaces' catch-all routes, as the boxed value Find stored:
// non-nil when the path has routes for other methods only. One lookup in a
// router built at the first 404 after routes change.
func (r *registry) allowWithoutCatchAlls(e *echo.Echo, host string, req *http.Request) any {
	set := r.shadows.Load()
	if set == nil || set.gen != r.routesGen.Load() {
		set = r.rebuildShadows(e)
	}
	router := set.routers[host]
	if router == nil {
		return nil
	}
	probe := set.probes.Get().(echo.Context)
	defer set.probes.Put(probe)
	// No Reset: Find sets the path when anything matched, and the Allow
	// key for a 405 only; a probe goes back to the pool with the key clear.
	probe.SetPath("")
	router.Find(req.Method, echo.GetPath(req), probe)
	if probe.Path() == "" {
		return nil // nothing matched
	}
	v := probe.Get(echo.ContextKeyHeaderAllow)
	if v != nil {
		probe.Set(echo.ContextKeyHeaderAllow, nil)
	}
	return v
}

// rebuildShadows builds the shadow routers from the Echo's routes as they
// are now.
func (r *registry) rebuildShadows(e *echo.Echo) *shadowSet {
	r.shadows.Lock()
	defer r.shadows.Unlock()
	gen := r.routesGen.Load()
	if set := r.shadows.Load(); set != nil && set.gen == gen {
		return set
	}
	r.snap.Lock()
	catchAlls := maps.Clone(r.catchAlls)
	r.snap.Unlock()
	set := &shadowSet{gen: gen, routers: map[string]*echo.Router{}}
	set.probes.New = func() any { return e.NewContext(nil, nil) }
	build := func(host string, src *echo.Router) {
		sh := echo.NewRouter(e)
		for _, rt := range src.Routes() {
			if rt.Method == echo.RouteNotFound && catchAlls[pathKey{host, rt.Path}] {
				continue
			}
			sh.Add(rt.Method, rt.Path, echo.NotFoundHandler)
		}
		set.routers[host] = sh
	}
	build("", e.Router())
	for host, rt := range e.Routers() {
		build(host, rt)
	}
	r.shadows.Store(set)
	return set
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

// levelOf returns the innermost namespace level of the request's error, or
// nil.
func (h *handler) levelOf(c echo.Context, err error) *level {
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
			return r.lookup(e, c, err)
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
	return r.lookup(e, c, err)
}

// smallPrefixes is the number of first segments up to which a prefix
// lookup scans a slice instead of a map.
const smallPrefixes = 8
