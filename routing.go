package echoerr

import (
	"net/http"
	"slices"
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

// shadowSet is the shadow routers of one generation of routes.
type shadowSet struct {
	gen     uint64
	routers map[string]*echo.Router
	shapes  map[string]*routeShapes // by host: what the routers' routes can match
	router0 *echo.Router            // routers[""]
	shapes0 *routeShapes            // shapes[""]
	probes  sync.Pool               // contexts for Find, made for these routers
}

// routeShapes is a pre-filter for the shadow lookup: the shapes of one
// router's routes (but RouteNotFound routes, which never give a 405), by
// first segment, so that a 404 whose path no route can match whatever the
// method (the common case) skips the second router lookup. It may say
// "maybe" wrongly, never "no".
type routeShapes struct {
	byFirst map[string]*shapeGroup // routes whose first segment is static
	wild    *shapeGroup            // routes whose first segment has a :param or *
}

// shapeGroup is the shapes of the routes of one first segment.
type shapeGroup struct {
	rests  *restNode    // routes that take the rest of a path: their segments before it
	depths []depthShape // by segment count
}

// restNode is a trie of the segments after which a route takes the rest of
// a path: static children by name, and one child for any segment (a
// :param's). A 404's check walks the path's segments once, whatever the
// number of such routes.
type restNode struct {
	end   bool // a route takes the rest of the path here
	names []string
	kids  []*restNode
	param *restNode
}

func (t *restNode) add(segs []string) {
	for _, s := range segs {
		if strings.ContainsAny(s, ":*") {
			if t.param == nil {
				t.param = &restNode{}
			}
			t = t.param
			continue
		}
		i := slices.Index(t.names, s)
		if i < 0 {
			t.names = append(t.names, s)
			t.kids = append(t.kids, &restNode{})
			i = len(t.names) - 1
		}
		t = t.kids[i]
	}
	t.end = true
}

// match reports whether some route of the trie takes path (without its
// leading "/"; more is false when no segment is left).
func (t *restNode) match(path string, more bool) bool {
	for {
		if t.end {
			return true
		}
		if !more {
			return false
		}
		i := 0
		for i < len(path) && path[i] != '/' {
			i++ // segments are short: no call to IndexByte
		}
		seg, rest, hasMore := path[:i], "", i < len(path)
		if hasMore {
			rest = path[i+1:]
		}
		var next *restNode
		for j := range t.names {
			if len(t.names[j]) == len(seg) && t.names[j] == seg {
				next = t.kids[j]
				break
			}
		}
		switch {
		case next != nil && t.param != nil:
			if next.match(rest, hasMore) {
				return true
			}
			next = t.param
		case next == nil:
			next = t.param
		}
		if next == nil {
			return false
		}
		t, path, more = next, rest, hasMore
	}
}

// depthShape is the routes of one segment count.
type depthShape struct {
	anyLast bool            // some route's last segment has a :param
	lasts   map[string]bool // the static last segments
}

func newRouteShapes() *routeShapes {
	return &routeShapes{byFirst: map[string]*shapeGroup{}, wild: &shapeGroup{}}
}

// segShape is a route segment as Echo's tree sees it: a parameter's name
// does not matter.
func segShape(s string) string {
	if i := strings.IndexByte(s, ':'); i >= 0 {
		return s[:i+1]
	}
	return s
}

// innerShapes returns the shapes of every proper prefix (by segments) of
// the paths: a route whose last :param node has a child in Echo's tree.
func innerShapes(paths []string) map[string]bool {
	inner := map[string]bool{}
	for _, p := range paths {
		segs := strings.Split(strings.TrimPrefix(p, "/"), "/")
		key := ""
		for _, s := range segs[:len(segs)-1] {
			key += "/" + segShape(s)
			inner[key] = true
		}
	}
	return inner
}

// add records a route's path; inner are the shapes of the routes' proper
// prefixes (innerShapes).
func (x *routeShapes) add(path string, inner map[string]bool) {
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	g := x.wild
	if first := segs[0]; !strings.ContainsAny(first, ":*") {
		if g = x.byFirst[first]; g == nil {
			g = &shapeGroup{}
			x.byFirst[first] = g
		}
	}
	for i, s := range segs {
		if strings.Contains(s, "*") {
			g.addRest(segs[:i])
			return
		}
	}
	n := len(segs)
	if strings.Contains(segs[n-1], ":") {
		key := ""
		for _, seg := range segs {
			key += "/" + segShape(seg)
		}
		if !inner[key] {
			// A :param node without children takes the rest of the path,
			// slashes included, as Echo's router matches it.
			g.addRest(segs[:n-1])
			return
		}
	}
	for len(g.depths) <= n {
		g.depths = append(g.depths, depthShape{})
	}
	d := &g.depths[n]
	if last := segs[n-1]; strings.Contains(last, ":") {
		d.anyLast = true
	} else {
		if d.lasts == nil {
			d.lasts = map[string]bool{}
		}
		d.lasts[last] = true
	}
}

// mayMatch reports whether a route may match path for some method.
func (x *routeShapes) mayMatch(path string) bool {
	rest := strings.TrimPrefix(path, "/")
	first, _, _ := strings.Cut(rest, "/")
	return x.mayMatchIn(x.byFirst[first], rest)
}

// mayMatchIn is mayMatch with the group of the path's first segment known.
func (x *routeShapes) mayMatchIn(g *shapeGroup, rest string) bool {
	n, lastAt := 1, 0 // segments, where the last one starts: one pass
	for i := 0; i < len(rest); i++ {
		if rest[i] == '/' {
			n, lastAt = n+1, i+1
		}
	}
	last := rest[lastAt:]
	if g != nil && g.mayMatch(rest, n, last) {
		return true
	}
	return x.wild.mayMatch(rest, n, last)
}

// nsShape is a namespace's view of one shadow set: the group of its
// prefix's static first segment, which every path under it starts with.
type nsShape struct {
	set    *shadowSet
	g      *shapeGroup
	static bool // the prefix's first segment is static
}

// mayMatch is routeShapes.mayMatch for a path under the namespace's
// prefix, with the first segment's group looked up once per shadow set.
func (n *Namespace) mayMatch(set *shadowSet, x *routeShapes, path string) bool {
	if x == nil {
		return true
	}
	sh := n.shape.Load()
	if sh == nil || sh.set != set {
		sh = &nsShape{set: set}
		first, _, _ := strings.Cut(strings.TrimPrefix(normalizePath(n.lv.Name()), "/"), "/")
		if first != "" && !strings.ContainsAny(first, ":*") {
			sh.g, sh.static = x.byFirst[first], true
		}
		n.shape.Store(sh)
	}
	if !sh.static {
		return x.mayMatch(path)
	}
	return x.mayMatchIn(sh.g, strings.TrimPrefix(path, "/"))
}

// addRest records a route that takes the rest of a path after segs.
func (g *shapeGroup) addRest(segs []string) {
	if g.rests == nil {
		g.rests = &restNode{}
	}
	g.rests.add(segs)
}

func (g *shapeGroup) mayMatch(rest string, n int, last string) bool {
	if g.rests != nil && g.rests.match(rest, true) {
		return true
	}
	if n >= len(g.depths) {
		return false
	}
	d := &g.depths[n]
	return d.anyLast || d.lasts[last]
}

// allowWithoutCatchAlls returns the Allow value Echo's router gives req
// without the namespaces' catch-all routes, as the boxed value Find stored:
// non-nil when the path has routes for other methods only. One lookup in a
// router built at the first 404 after routes change.
func (s *shadows) allowWithoutCatchAlls(n *Namespace, req *http.Request) any {
	set := s.set.Load()
	if set == nil || set.gen != s.gen.Load() {
		set = s.rebuild(n.e)
	}
	router, shapes := set.router0, set.shapes0
	if n.host != "" {
		router, shapes = set.routers[n.host], set.shapes[n.host]
	}
	if router == nil || !n.mayMatch(set, shapes, echo.GetPath(req)) {
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

// rebuild builds the shadow routers from the Echo's routes as they are now.
func (s *shadows) rebuild(e *echo.Echo) *shadowSet {
	s.mu.Lock()
	defer s.mu.Unlock()
	gen := s.gen.Load()
	if set := s.set.Load(); set != nil && set.gen == gen {
		return set
	}
	set := &shadowSet{gen: gen, routers: map[string]*echo.Router{}, shapes: map[string]*routeShapes{}}
	set.probes.New = func() any { return e.NewContext(nil, nil) }
	build := func(host string, src *echo.Router) {
		sh := echo.NewRouter(e)
		var kept []*echo.Route
		var paths []string
		for _, rt := range src.Routes() {
			if rt.Method == echo.RouteNotFound && s.catchAlls[catchAllKey{host, rt.Path}] {
				continue
			}
			sh.Add(rt.Method, rt.Path, echo.NotFoundHandler)
			kept, paths = append(kept, rt), append(paths, rt.Path)
		}
		shapes, inner := newRouteShapes(), innerShapes(paths)
		for _, rt := range kept {
			if rt.Method != echo.RouteNotFound {
				shapes.add(rt.Path, inner)
			}
		}
		set.routers[host], set.shapes[host] = sh, shapes
	}
	build("", e.Router())
	for host, rt := range e.Routers() {
		build(host, rt)
	}
	set.router0, set.shapes0 = set.routers[""], set.shapes[""]
	s.set.Store(set)
	return set
}
