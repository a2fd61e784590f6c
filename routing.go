package echoerr

import (
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"weak"

	"github.com/echoerr/echoerr/internal/core"
	"github.com/labstack/echo/v4"
)

// registries holds the owners of each Echo's routes (see core.Owners and
// core.Registries: which level owns an error, and for how long).
var registries = core.Registries[echo.Echo, echo.Context]{
	Pool: "pool",
	Setup: func(e *echo.Echo, o *core.Owners[echo.Context]) {
		o.NotFound = echo.RouteNotFound
		o.Ext = &shadows{}
		ew := weak.Make(e)
		o.Alive = func() bool { return ew.Value() != nil }
		o.HasPath = func(host, path string) bool {
			e := ew.Value()
			if e == nil {
				return true
			}
			r := e.Router()
			if host != "" {
				if r = e.Routers()[host]; r == nil {
					return false
				}
			}
			for _, rt := range r.Routes() {
				if rt.Path == path {
					return true
				}
			}
			return false
		}
		hook(e, o)
	},
}

// routes is the routing state of one Echo: its owners, and the shadow
// routers of the namespaces' catch-alls.
type routes = core.Owners[echo.Context]

// hook installs e.OnAddRouteHandler so that every route Echo adds is
// recorded with its owner, calling the hook that was there before.
func hook(e *echo.Echo, o *routes) {
	prev := e.OnAddRouteHandler
	e.OnAddRouteHandler = func(host string, route echo.Route, h echo.HandlerFunc, m []echo.MiddlewareFunc) {
		o.Added(host, route.Method, route.Path)
		shadowsOf(o).changed()
		if prev != nil {
			prev(host, route, h, m)
		}
	}
}

// shadows holds, per Echo, routers with the Echo's routes but the
// namespaces' catch-alls: Echo's routing as it would be without them, for
// the namespaces' 405 answers.
type shadows struct {
	gen       atomic.Uint64 // counts routes added, to rebuild
	mu        sync.Mutex
	set       atomic.Pointer[shadowSet]
	catchAlls map[catchAllKey]bool // guarded by mu: the namespaces' own
}

type catchAllKey struct{ host, path string }

func shadowsOf(o *routes) *shadows { return o.Ext.(*shadows) }

func (s *shadows) changed() { s.gen.Add(1) }

// ownCatchAll records whether the RouteNotFound route at path is a catch-all
// that a namespace answers itself (own), or a route of the user's.
func (s *shadows) ownCatchAll(host, path string, own bool) {
	s.mu.Lock()
	if s.catchAlls == nil {
		s.catchAlls = map[catchAllKey]bool{}
	}
	if own {
		s.catchAlls[catchAllKey{host, path}] = true
	} else {
		delete(s.catchAlls, catchAllKey{host, path})
	}
	s.mu.Unlock()
	s.changed()
}

// shadowSet is the shadow routers of one generation of routes, and their
// trees (routing_tree.go).
type shadowSet struct {
	gen     uint64
	trees   map[string]*shadowTree  // by host
	routers map[string]*echo.Router // by host, where the tree could not be read
	tree0   *shadowTree             // trees[""]
	router0 *echo.Router            // routers[""]
	probes  sync.Pool               // contexts for Find, made for these routers
}

// allowWithoutCatchAlls returns the Allow value Echo's router gives req
// without the namespaces' catch-all routes, as the boxed value Find would
// store: non-nil when the path has routes for other methods only. No walk
// when every route under the namespace's prefix has the method; else one
// walk of the shadow tree (built at the first 404 after routes change),
// from the node of the prefix; a Find on the shadow router only where its
// tree could not be read.
func (s *shadows) allowWithoutCatchAlls(n *Namespace, req *http.Request) any {
	set := s.set.Load()
	if set == nil || set.gen != s.gen.Load() {
		set = s.rebuild(n.e)
	}
	router, tree := set.router0, set.tree0
	if n.host != "" {
		router, tree = set.routers[n.host], set.trees[n.host]
	}
	path := echo.GetPath(req)
	if tree != nil {
		bit, sc := methodBit(req.Method), n.scopeIn(tree)
		if bit&sc.onAll != 0 {
			return nil // every route that may match has the method
		}
		if !strings.HasPrefix(path, sc.lead) {
			return allowFrom(tree.root, 0, bit, req.Method, path)
		}
		return allowFrom(sc.start, len(sc.lead), bit, req.Method, path)
	}
	if router == nil {
		return nil
	}
	probe := set.probes.Get().(echo.Context)
	defer set.probes.Put(probe)
	// No Reset: Find sets the path when anything matched, and the Allow
	// key for a 405 only; a probe goes back to the pool with the key clear.
	probe.SetPath("")
	router.Find(req.Method, path, probe)
	if probe.Path() == "" {
		return nil // nothing matched
	}
	v := probe.Get(echo.ContextKeyHeaderAllow)
	if v != nil {
		probe.Set(echo.ContextKeyHeaderAllow, nil)
	}
	return v
}

// scopeIn returns what the namespace's catch-alls read of tree, computed
// once per tree.
func (n *Namespace) scopeIn(tree *shadowTree) *nsScope {
	sc := n.scope.Load()
	if sc == nil || sc.tree != tree {
		prefix := normalizePath(n.lv.Name())
		sc = &nsScope{tree: tree, onAll: tree.onAll(prefix)}
		// The catch-all at prefix+"/*" takes the paths under the prefix:
		// they start with prefix+"/" (the one at prefix itself, rarer,
		// walks from the root).
		lead := strings.TrimSuffix(prefix, "/") + "/"
		var at int
		sc.start, at = tree.startAt(lead)
		sc.lead = lead[:at]
		n.scope.Store(sc)
	}
	return sc
}

// nsScope is what a namespace knows of one shadow tree: the methods every
// route under its prefix has, and where a walk for a path under it starts
// (a path that starts with lead, from start).
type nsScope struct {
	tree  *shadowTree
	onAll uint16
	start *tnode
	lead  string
}

// shadowTreeOf copies a shadow router's tree (newShadowTree); a test
// replaces it to serve through the shadow routers themselves, as on an
// Echo v4 release whose tree newShadowTree cannot read.
var shadowTreeOf = newShadowTree

// rebuild builds the shadow routers from the Echo's routes as they are now.
func (s *shadows) rebuild(e *echo.Echo) *shadowSet {
	s.mu.Lock()
	defer s.mu.Unlock()
	gen := s.gen.Load()
	if set := s.set.Load(); set != nil && set.gen == gen {
		return set
	}
	set := &shadowSet{gen: gen, routers: map[string]*echo.Router{}, trees: map[string]*shadowTree{}}
	set.probes.New = func() any { return e.NewContext(nil, nil) }
	build := func(host string, src *echo.Router) {
		sh := echo.NewRouter(e)
		for _, rt := range src.Routes() {
			if rt.Method == echo.RouteNotFound && s.catchAlls[catchAllKey{host, rt.Path}] {
				continue
			}
			sh.Add(rt.Method, rt.Path, echo.NotFoundHandler)
		}
		if tree := shadowTreeOf(sh); tree != nil {
			set.trees[host] = tree // the router itself is garbage now
		} else {
			set.routers[host] = sh
		}
	}
	build("", e.Router())
	for host, rt := range e.Routers() {
		build(host, rt)
	}
	set.router0, set.tree0 = set.routers[""], set.trees[""]
	s.set.Store(set)
	return set
}
