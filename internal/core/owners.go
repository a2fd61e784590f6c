package core

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

// Owners is what echoerr knows of one Echo's routes, for every Echo
// version: which level owns each route (the namespace that added it, or the
// app), the levels of routes with rules of their own, and the namespaces'
// prefixes. The adapter reports what Echo does (a route added, through a
// namespace or not); the error path asks [Owners.Find] with what Echo's
// router found for the request. It is written at setup; the error path
// reads an immutable table without locking.
//
// Which level owns an error:
//
//   - a route matched: the route's own rules (HandleRoute), then the
//     namespace that added the route (nil: the app, for a route added on the
//     Echo or a plain group, even under a namespace's prefix); the last
//     registration of a method and path wins, as in Echo's router;
//   - the path matched but not the method (the router's 405): the namespace
//     of the last route registered at the path;
//   - no route matched: the namespace whose prefix owns the request path
//     (see prefix.go), for every error: the router's 404, and an error of
//     middleware that runs before or without routing.
type Owners[C any] struct {
	// NotFound is the method name under which Echo stores RouteNotFound
	// routes; Any, when not "", the one of routes for any method (Echo
	// v5); HeadIsGet, that a GET route answers HEAD (Echo v5).
	NotFound  string
	Any       string
	HeadIsGet bool
	// Ext is the adapter's own state for this Echo, set by Setup.
	Ext any
	// anchor identifies the func that keeps these Owners alive in their
	// Echo (see Registries).
	anchor uintptr
	// HasPath reports whether the Echo has a route at path on host's
	// router, whatever its method (set by the adapter): route rules for a
	// path with no route are a setup error (Validate).
	HasPath func(host, path string) bool
	// where names, for each route level, the call that registered it.
	where     map[routeKey]string // guarded by snap's lock
	validated atomic.Bool

	snap Snapshot[ownerTable[C]]
	// Alive, when set, reports whether the Echo still exists: the tables of
	// an app already let go are not built (set by the adapter).
	Alive func() bool
	// changes counts the changes to the routes and levels; warming says a
	// build is scheduled (see changed).
	changes atomic.Uint64
	warming atomic.Bool
	// guarded by snap's lock:
	routes pathMap[C]
	// routesShared: routes is a published table's paths (see table), so
	// that the next change copies it first.
	routesShared bool
	own          map[routeKey]*Level[C] // a route's own level (HandleRoute)
	under        map[routeKey]*Level[C] // the namespace a route's own level was registered through
	prefixes     map[hostPath]*prefixEntry[C]
	seq          int

	// setup: the namespace adding routes now, and what Echo added meanwhile.
	addMu  sync.Mutex
	adding *Level[C]
	active bool
	seen   SeenRoutes
	// recs is a slab of path records, taken one by one at setup: one
	// allocation per 64 paths.
	recs []pathRec[C]
}

// Seen is a route Echo added while [Owners.Adding] ran.
type Seen struct{ Host, Method, Path string }

// SeenRoutes is the routes Echo added while [Owners.Adding] ran: most
// often one, held without an allocation.
type SeenRoutes struct {
	n     int
	first Seen
	rest  []Seen
}

// Len returns the number of routes.
func (s *SeenRoutes) Len() int { return s.n }

// At returns route i (0 <= i < Len).
func (s *SeenRoutes) At(i int) Seen {
	if i == 0 {
		return s.first
	}
	return s.rest[i-1]
}

func (s *SeenRoutes) add(r Seen) {
	if s.n == 0 {
		s.first = r
	} else {
		s.rest = append(s.rest, r)
	}
	s.n++
}

type hostPath struct{ host, path string }

type routeKey struct{ host, method, path string }

// pathRec is what is known of one path on one host's router.
type pathRec[C any] struct {
	methods []methodOwner[C]  // registration order; owner nil: the app's
	own     []methodOwner[C]  // routes' own levels, each placed under its owner
	one     [1]methodOwner[C] // methods' array while the path has one route
}

type methodOwner[C any] struct {
	method string
	lv     *Level[C]
}

// pathEntry is a path's record with the path, to tell apart two paths
// whose strings share their data's address (one a prefix of the other).
type pathEntry[C any] struct {
	path string
	rec  *pathRec[C]
}

// ownerTable is Owners as the error path reads it.
type ownerTable[C any] struct {
	// byData finds a default-host path's record by the address of its
	// string's data: c.Path() is the very string Echo's router stored for
	// the route, the one recorded here, so that the common lookup hashes
	// nothing. A miss falls back to paths.
	// byData is built with the table up to eagerAddresses paths, else off
	// the request path (warm): until then, lookups hash the path.
	byData   atomic.Pointer[ptrTable[*pathEntry[C]]]
	dataOnce sync.Once
	paths    pathMap[C]
	empty    bool
	// routeRules: some route has rules of its own (HandleRoute).
	routeRules bool
	// The namespaces' prefixes, by host, indexed at their first use (a
	// path no route matched): an error on a route that matched does not
	// wait for it.
	prefixEntries map[string][]*prefixEntry[C]
	prefixOnce    sync.Once
	prefixes      atomic.Pointer[prefixTables[C]] // set once, by prefixIndexes
}

// prefixTables is the index of the prefixes of each host's router.
type prefixTables[C any] struct {
	byHost map[string]*prefixIndex[C]
	noHost *prefixIndex[C] // byHost[""], read without a map lookup
}

// eagerAddresses is the number of paths up to which a table builds its
// address index with itself (tens of microseconds); a larger one leaves it
// to warm, off the request path, so that the first error after setup does
// not wait for it.
const eagerAddresses = 512

// addresses builds byData, once.
func (t *ownerTable[C]) addresses() {
	t.dataOnce.Do(func() {
		bd := newPtrTableSized[*pathEntry[C]](len(t.paths.def))
		entries := make([]pathEntry[C], 0, len(t.paths.def)) // one allocation for all
		for path, rec := range t.paths.def {
			if path != "" {
				entries = append(entries, pathEntry[C]{path, rec})
				bd.put(unsafe.Pointer(unsafe.StringData(path)), &entries[len(entries)-1])
			}
		}
		t.byData.Store(bd)
	})
}

// prefixIndexes returns the prefix indexes, building them once.
func (t *ownerTable[C]) prefixIndexes() *prefixTables[C] {
	if p := t.prefixes.Load(); p != nil {
		return p
	}
	t.prefixOnce.Do(func() {
		p := &prefixTables[C]{byHost: make(map[string]*prefixIndex[C], len(t.prefixEntries))}
		for host, entries := range t.prefixEntries {
			p.byHost[host] = buildPrefixIndex(entries)
		}
		p.noHost = p.byHost[""]
		t.prefixes.Store(p)
	})
	if p := t.prefixes.Load(); p != nil {
		return p
	}
	return &prefixTables[C]{} // the build panicked (and was reported)
}

// Adding runs add, which adds routes to the Echo for lv (a namespace; nil
// for the app), and returns the routes that Echo reported meanwhile through
// [Owners.Added]. Setup time only.
func (o *Owners[C]) Adding(lv *Level[C], add func()) SeenRoutes {
	o.addMu.Lock()
	defer o.addMu.Unlock()
	o.adding, o.active, o.seen = lv, true, SeenRoutes{}
	defer func() { o.adding, o.active, o.seen = nil, false, SeenRoutes{} }()
	add()
	return o.seen // its rest has its own array: the next Adding starts from nil
}

// Added records a route that Echo added (its route hook): the namespace
// that is adding routes owns it, else the app.
func (o *Owners[C]) Added(host, method, path string) {
	path = NormalizePath(path)
	lv := o.adding
	if o.active {
		o.seen.add(Seen{host, method, path})
	}
	o.Record(host, method, path, lv)
}

// Recorded records that lv (nil: the app) owns a route that a namespace
// added while [Owners.Adding] returned seen: unless Echo's route hook
// already reported it there (then Added recorded it), as when the app
// replaced the hook.
func (o *Owners[C]) Recorded(seen *SeenRoutes, host, method, path string, lv *Level[C]) {
	p := NormalizePath(path)
	for i := range seen.Len() {
		if s := seen.At(i); s.Host == host && s.Method == method && s.Path == p {
			return
		}
	}
	o.Record(host, method, path, lv)
}

// Record records that lv (nil: the app) owns the route.
func (o *Owners[C]) Record(host, method, path string, lv *Level[C]) {
	o.snap.Update(func() {
		if o.routesShared {
			// A published table reads these maps: change a copy.
			o.routes = o.routes.clone()
		}
		o.routesShared = false
		old := o.routes.get(host, path)
		if old == nil {
			// A new path, the common case at setup: a record from the
			// slab (never reused: a published table may hold it).
			if len(o.recs) == 0 {
				o.recs = make([]pathRec[C], 64)
			}
			rec := &o.recs[0]
			o.recs = o.recs[1:]
			rec.one[0] = methodOwner[C]{method, lv}
			rec.methods = rec.one[:1:1]
			o.routes.set(host, path, rec)
			return
		}
		// Copy on write: a published table shares these records.
		rec := *old
		rec.methods = slices.DeleteFunc(slices.Clone(rec.methods), func(m methodOwner[C]) bool { return m.method == method })
		rec.methods = append(rec.methods, methodOwner[C]{method, lv})
		o.routes.set(host, path, &rec)
	})
	o.changed()
}

// warmAfter is how long the routes must stay unchanged before their lookup
// tables are built off the request path.
const warmAfter = 50 * time.Millisecond

// changed notes a change to the routes or levels: once they stay unchanged
// for warmAfter (setup is over), a timer builds the lookup tables, so that
// the first error answer does not (building them for 10,000 routes takes
// milliseconds). One atomic add per change while a build is scheduled.
func (o *Owners[C]) changed() {
	n := o.changes.Add(1)
	if o.warming.CompareAndSwap(false, true) {
		time.AfterFunc(warmAfter, func() { o.warm(n) })
	}
}

// warm builds the tables if nothing changed since seen, else waits again.
func (o *Owners[C]) warm(seen uint64) {
	if now := o.changes.Load(); now != seen {
		time.AfterFunc(warmAfter, func() { o.warm(now) })
		return
	}
	// A change from here on schedules its own build: the table below
	// holds every change made before it, and a later one drops it.
	o.warming.Store(false)
	if o.Alive != nil && !o.Alive() {
		return
	}
	defer func() {
		if p := recover(); p != nil {
			rethrowAbort(p) // a request builds the tables, and reports, instead
		}
	}()
	// Only echoerr's own records: nothing of the Echo's is read off its
	// goroutines.
	t := o.table()
	t.prefixIndexes()
	t.addresses()
}

// Prefix records that lv is the namespace at prefix on host's router.
func (o *Owners[C]) Prefix(host, prefix string, lv *Level[C]) {
	o.snap.Update(func() {
		if o.prefixes == nil {
			o.prefixes = map[hostPath]*prefixEntry[C]{}
		}
		o.seq++
		p := NormalizePrefix(prefix)
		o.prefixes[hostPath{host, p}] = newPrefixEntry(p, lv, o.seq)
	})
	o.changed()
}

// RouteLevel returns the level of one route's own rules, making it if
// needed; ns is the namespace they were registered through (nil: the app
// or a plain group). Until the route exists, the level sits under ns.
func (o *Owners[C]) RouteLevel(host, method, path string, ns *Level[C]) *Level[C] {
	if !validMethod(method) {
		panic(fmt.Sprintf("echoerr: HandleRoute: method %q: Echo's methods are upper case tokens (http.MethodGet, echo.RouteNotFound)", method))
	}
	var lv *Level[C]
	where := callerOutside()
	o.snap.Update(func() {
		if o.own == nil {
			o.own, o.under = map[routeKey]*Level[C]{}, map[routeKey]*Level[C]{}
		}
		k := routeKey{host, method, NormalizePath(path)}
		if o.where == nil {
			o.where = map[routeKey]string{}
		}
		if _, ok := o.where[k]; !ok {
			o.where[k] = where
		}
		o.validated.Store(false)
		if lv = o.own[k]; lv == nil {
			lv = NewLevel[C](nil, method+" "+k.path)
			o.own[k] = lv
		}
		if ns != nil {
			o.under[k] = ns
		}
	})
	o.changed()
	return lv
}

// RouteRules reports whether some route of the Echo has rules of its own
// (HandleRoute): an adapter that knows a request's namespace without Find
// must still ask Find then.
func (o *Owners[C]) RouteRules() bool { return o.table().routeRules }

func (o *Owners[C]) table() *ownerTable[C] {
	if t := o.snap.Load(); t != nil {
		return t // built: no closure, no call
	}
	return o.snap.Get(func() *ownerTable[C] {
		t := &ownerTable[C]{routeRules: len(o.own) > 0}
		if len(o.own) == 0 {
			// No route has rules of its own (the common case): the table
			// reads the records as they are, and the next change copies
			// the map (Record), not this build.
			t.paths, o.routesShared = o.routes, true
		} else {
			t.paths = o.routes.clone()
		}
		for k, own := range o.own {
			var rec pathRec[C]
			if old := t.paths.get(k.host, k.path); old != nil {
				rec = *old
			}
			owner, known := methodOf(rec.methods, k.method)
			if !known {
				owner = o.under[k]
			}
			rec.own = append(slices.Clone(rec.own), methodOwner[C]{k.method, own.Under(owner)})
			t.paths.set(k.host, k.path, &rec)
		}
		if len(o.prefixes) > 0 {
			t.prefixEntries = map[string][]*prefixEntry[C]{}
			for k, en := range o.prefixes {
				t.prefixEntries[k.host] = append(t.prefixEntries[k.host], en)
			}
		}
		t.empty = t.paths.len() == 0 && len(t.prefixEntries) == 0
		if t.paths.len() <= eagerAddresses {
			t.addresses()
		}
		return t
	})
}

func methodOf[C any](ms []methodOwner[C], method string) (*Level[C], bool) {
	for i := range ms {
		if ms[i].method == method {
			return ms[i].lv, true
		}
	}
	return nil, false
}

// Request is what Echo's router found for one request.
type Request struct {
	Host   string // the host whose router served it; "" for the default router
	Method string
	Route  string // the matched route's path; "" when no route matched
	Path   string // the request path as the router matched it (always set)
}

// Owner is the level that owns one request's errors.
type Owner[C any] struct {
	Level  *Level[C] // nil: the app
	prefix *prefixEntry[C]
	path   string
}

// Params returns the names and values of the owning prefix's parameters in
// the request path, when no route matched and the prefix has any: a
// namespace at "/tenants/:tid" reads c.Param("tid") in its 404 answers.
func (w Owner[C]) Params() (names, values []string) {
	if w.prefix == nil || len(w.prefix.params) == 0 {
		return nil, nil
	}
	rest := w.path
	if rest != "" && rest[0] == '/' {
		rest = rest[1:]
	}
	return w.prefix.params, w.prefix.values(rest)
}

// Find returns the level that owns the errors of a request (see [Owners]).
// When q names a route path whose records have other methods only, more
// is true and w is the owner if the router found the path but not the
// method (its 405): the namespace of the path's last route. The adapter
// asks its Echo whether that is so, and takes the app (a zero Owner) if
// not; only this case pays for asking.
func (o *Owners[C]) Find(q *Request) (w Owner[C], more bool) {
	t := o.table()
	if t.empty {
		return Owner[C]{}, false
	}
	if q.Route != "" {
		var rec *pathRec[C]
		if q.Host == "" {
			if bd := t.byData.Load(); bd != nil {
				if en := bd.get(unsafe.Pointer(unsafe.StringData(q.Route))); en != nil && en.path == q.Route {
					rec = en.rec
				}
			}
		}
		if rec == nil {
			rec = t.paths.get(q.Host, q.Route)
		}
		if rec != nil {
			if lv, ok := o.method(rec.own, q.Method); ok {
				return Owner[C]{Level: lv}, false
			}
			if lv, ok := o.method(rec.methods, q.Method); ok {
				return Owner[C]{Level: lv}, false
			}
			if o.NotFound != "" {
				// A RouteNotFound route answered: its own rules
				// (HandleRoute(echo.RouteNotFound, ...)), else its owner.
				if lv, ok := methodOf(rec.own, o.NotFound); ok {
					return Owner[C]{Level: lv}, false
				}
				if lv, ok := methodOf(rec.methods, o.NotFound); ok {
					return Owner[C]{Level: lv}, false
				}
			}
			if len(rec.methods) > 0 {
				return Owner[C]{Level: rec.methods[len(rec.methods)-1].lv}, true
			}
		}
		// No route echoerr knows matched: the router's 404 after a
		// partial match (Echo sets the path of the node it stopped at), or
		// a route added while the app's own route hook hid it. The request
		// path decides.
	}
	if t.prefixEntries == nil {
		return Owner[C]{}, false
	}
	pt := t.prefixIndexes()
	x := pt.noHost
	if q.Host != "" {
		x = pt.byHost[q.Host]
	}
	if x == nil {
		return Owner[C]{}, false
	}
	if en := x.find(q.Path); en != nil {
		return Owner[C]{Level: en.lv, prefix: en, path: q.Path}, false
	}
	return Owner[C]{}, false
}

// method finds the record of the route that serves method: its own, then
// GET's for HEAD, then an any-method route's.
func (o *Owners[C]) method(ms []methodOwner[C], method string) (*Level[C], bool) {
	if len(ms) == 0 {
		return nil, false
	}
	if lv, ok := methodOf(ms, method); ok {
		return lv, true
	}
	if o.HeadIsGet && method == "HEAD" {
		if lv, ok := methodOf(ms, "GET"); ok {
			return lv, true
		}
	}
	if o.Any != "" {
		return methodOf(ms, o.Any)
	}
	return nil, false
}

// RouteStart returns the innermost level of one route, for Describe: its
// own rules' level, or its namespace's; nil for the app.
func (o *Owners[C]) RouteStart(host, method, path string) *Level[C] {
	t := o.table()
	rec := t.paths.get(host, path)
	if rec == nil {
		return nil
	}
	if lv, ok := methodOf(rec.own, method); ok {
		return lv
	}
	lv, _ := methodOf(rec.methods, method)
	return lv
}

// Prefixes returns the namespaces with a prefix, by host then prefix; the
// hosts other than "" are sorted.
func (o *Owners[C]) Prefixes() (hosts []string, levels [][]*Level[C]) {
	pt := o.table().prefixIndexes()
	for h := range pt.byHost {
		hosts = append(hosts, h)
	}
	slices.Sort(hosts)
	for _, h := range hosts {
		var lvs []*Level[C]
		for _, en := range pt.byHost[h].all {
			lvs = append(lvs, en.lv)
		}
		levels = append(levels, lvs)
	}
	return hosts, levels
}

// validMethod reports whether m can name a route's method: an HTTP token
// without lower-case letters (Echo matches methods as sent, and clients
// send them upper case), or one of Echo's own names (echo_route_any,
// echo_route_not_found).
func validMethod(m string) bool {
	if m == "" {
		return false
	}
	if strings.HasPrefix(m, "echo_route_") {
		return true
	}
	for i := 0; i < len(m); i++ {
		c := m[i]
		if c >= 'a' && c <= 'z' || !('A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// callerOutside names the first caller outside echoerr's own packages (the
// adapters and the core, not their tests), for setup errors and rule names:
// "main.go:42". An app under the same module path (the examples) counts as
// outside.
func callerOutside() string {
	pcs := make([]uintptr, 24)
	n := runtime.Callers(2, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	for {
		f, more := frames.Next()
		if !echoerrFrame(f) {
			return filepath.Base(f.File) + ":" + strconv.Itoa(f.Line)
		}
		if !more {
			return ""
		}
	}
}

// echoerrFrame reports whether a frame is echoerr's own code: the Echo v4
// adapter, the Echo v5 adapter or an internal package, outside test files.
func echoerrFrame(f runtime.Frame) bool {
	if strings.HasSuffix(f.File, "_test.go") {
		return false
	}
	for _, p := range []string{"github.com/echoerr/echoerr.", "github.com/echoerr/echoerr/v5.", "github.com/echoerr/echoerr/internal/"} {
		if strings.HasPrefix(f.Function, p) {
			return true
		}
	}
	return false
}

// Validate reports the route rules registered for a path on which the Echo
// has no route (a typo, another parameter name, the full path where a
// namespace expects its own): such rules would never apply. A method the
// path does not have is allowed (a route behind a feature flag). It checks
// again only after route rules change.
func (o *Owners[C]) Validate() error {
	if o.HasPath == nil || o.validated.Load() {
		return nil
	}
	o.snap.Lock()
	keys := make([]routeKey, 0, len(o.own))
	for k := range o.own {
		keys = append(keys, k)
	}
	where := maps.Clone(o.where)
	o.snap.Unlock()
	slices.SortFunc(keys, func(a, b routeKey) int {
		return cmp.Or(strings.Compare(a.host, b.host), strings.Compare(a.path, b.path), strings.Compare(a.method, b.method))
	})
	var errs []error
	for _, k := range keys {
		if !o.HasPath(k.host, k.path) {
			route := k.method + " " + k.path
			if k.host != "" {
				route = k.host + " " + route
			}
			at := ""
			if w := where[k]; w != "" {
				at = " (" + w + ")"
			}
			errs = append(errs, fmt.Errorf("echoerr: HandleRoute: %s%s: no route has this path: check its spelling, its parameters' names, and that a namespace's HandleRoute takes the path relative to its prefix", route, at))
		}
	}
	if len(errs) == 0 {
		o.validated.Store(true)
	}
	return errors.Join(errs...)
}

// MustValidate panics with Validate's error.
func (o *Owners[C]) MustValidate() {
	if err := o.Validate(); err != nil {
		panic(err.Error())
	}
}
