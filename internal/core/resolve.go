package core

import (
	"errors"
	"log/slog"
	"net/http"
	"reflect"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"
)

// Serve answers err for the request of c: the adapter's error handler
// calls it for every error (err is not nil).
func (h *Core[C]) Serve(c C, err error) {
	ad := h.ad
	var mark any
	if busy.Load() > 0 {
		// Some request runs a handler function or a Renderer: this call
		// may come from inside it. (c.Get may take a lock: skip it otherwise.)
		mark = ad.Get(c, doneKey)
	}
	committed, sent := ad.Committed(c)
	if st, ok := mark.(*reqState[C]); ok && st.running != nil && !committed {
		// A handler of this request called c.Error itself.
		h.reenter(c, st, err)
		return
	}
	if mark == writingMark && !committed {
		// Called while echoerr writes the answer (a Renderer that calls
		// c.Error): the answer under way stands.
		return
	}
	if committed {
		// A second call in the same request (middleware that calls
		// c.Error and returns the error too) finds echoerr's own answer:
		// by its Content-Type slice, or by doneKey when a handler function
		// wrote it. Anything else was answered before the error reached
		// echoerr, and gets its one log line.
		if mark == nil {
			mark = ad.Get(c, doneKey)
		}
		if answeredHere(ad.Header(c)) || mark != nil {
			return
		}
		ad.Set(c, doneKey, true)
		h.finish(c, &Event{Err: err, Status: h.errStatus(err), SentStatus: sent, Rule: "none", Committed: true})
		return
	}
	if ad.Hijacked(c) {
		// The connection belongs to the handler now (a websocket): nothing
		// can be written, and trying makes net/http log its own complaints.
		ad.Set(c, doneKey, true)
		h.finish(c, &Event{Err: err, Status: h.errStatus(err), Rule: "none", Committed: true, Hijacked: true})
		return
	}
	start := ad.Start(c, err)
	ev := Event{Err: err, Rule: "default"}
	var st *reqState[C]
	defer func() {
		if p := recover(); p != nil {
			// Resolution survives broken error values (see tree.go) and
			// handler panics (see call); what is left is a panic while
			// writing: a Before hook of user middleware, a Renderer, a
			// ResponseWriter. The fallback answer bypasses them.
			rethrowAbort(p)
			h.logError(c, "echoerr: panic while writing an error answer; answering 500",
				"panic", panicText(p), "stack", string(debug.Stack()))
			h.writeFallback(c)
			if !strings.HasSuffix(ev.Rule, "(panicked)") {
				ev.Rule += " (panicked)"
			}
			_, ev.Status = ad.Committed(c)
			ev.SentStatus = ev.Status
			if st != nil && len(st.passed) > 0 {
				ev.Passed = slices.Clone(st.passed)
			}
			h.finish(c, &ev)
		}
		if st != nil {
			h.releaseState(c, st)
		}
	}()
	st = h.resolve(c, st, start, err, &ev)
	_, ev.Status = ad.Committed(c)
	ev.SentStatus = ev.Status
	if st != nil && len(st.passed) > 0 {
		ev.Passed = slices.Clone(st.passed) // Report may keep it; st goes back to its pool
	}
	h.finish(c, &ev)
}

// reqState is the state of one request's resolution once a handler function
// runs: the rules already used, and what a re-entrant c.Error needs.
type reqState[C any] struct {
	u         used[C]
	start     *Level[C]
	passed    []Step   // errors handlers passed on, in order
	running   *rule[C] // the handler running now
	runningNS string   // its level's name
	err       error    // the error it was called with
	matched   error    // the element it matched
	ev        Event    // what a re-entrant resolution answered
	inner     bool     // a re-entrant resolution answered
}

// busy counts the handler functions and Renderers that run now, in every
// request: while it is zero, no call of the error handler can come from
// inside one, and serveError skips looking for a re-entrant call.
var busy atomic.Int64

// writingMark is doneKey's value while echoerr writes an answer through
// user code (a Renderer).
const writingMark = "echoerr.writing"

// statePool holds reqStates of every context type: Get checks the type.
var statePool sync.Pool

func newState[C any]() *reqState[C] {
	if st, ok := statePool.Get().(*reqState[C]); ok {
		return st
	}
	return new(reqState[C])
}

func (h *Core[C]) releaseState(c C, st *reqState[C]) {
	h.ad.Set(c, doneKey, true) // replaces st: nothing refers to it after this
	passed := st.passed[:0]
	clear(st.passed)
	*st = reqState[C]{passed: passed}
	statePool.Put(st)
}

// reenter resolves an error that a running handler passed to c.Error, as if
// the handler had returned it: from the innermost level, with the handlers
// that already ran (the calling one included) left out. The answer it writes
// is the request's answer; the outer resolution logs it, once.
func (h *Core[C]) reenter(c C, st *reqState[C], err error) {
	st.u.add(st.running)
	if !equalValues(err, st.err) && equalValues(err, st.matched) {
		err = st.err // the typed handler passed on the value it received
	}
	st.passed = append(st.passed, Step{Err: st.err, Namespace: st.runningNS, Rule: st.running.desc})
	saved, savedErr, savedMatched := st.running, st.err, st.matched
	st.running = nil
	var ev Event
	h.resolve(c, st, st.start, err, &ev)
	st.ev, st.inner = ev, true
	st.running, st.err, st.matched = saved, savedErr, savedMatched
}

// resolve answers err: runs handlers and passes errors on until one is
// handled, or writes the default answer. It records in ev what answered, and
// returns the request's state, made when a handler function first runs.
func (h *Core[C]) resolve(c C, st *reqState[C], start *Level[C], err error, ev *Event) *reqState[C] {
	for {
		ev.Err = err
		var u *used[C]
		if st != nil {
			u = &st.u
		}
		r, lv, fault, matched := h.find(start, err, u)
		if r == nil {
			ev.Namespace, ev.Rule = "", "default"
			h.writeDefault(c, start, err, false)
			return st
		}
		ev.Namespace, ev.Rule = lv.name, r.desc
		if f := fault; f != nil {
			// Recovered like a handler's panic: logged, answered 500.
			ev.Rule += " (guard panicked)"
			h.logError(c, "echoerr: guard panicked", "rule", r.desc, "panic", panicText(f.value),
				"error", clip(errText(err), maxErrorText), "stack", string(f.stack))
			h.writeDefault(c, start, errors.New("echoerr: "+r.desc+" guard panicked: "+panicText(f.value)), false)
			return st
		}
		if r.entry != nil {
			h.writeEntry(c, start, r.entry)
			return st
		}
		if st == nil {
			// A handler's own response has no mark of echoerr's: remember
			// that this request was answered here.
			st = newState[C]()
			st.start = start
			h.ad.Set(c, doneKey, st)
		}
		st.running, st.runningNS, st.err, st.matched, st.inner = r, lv.name, err, matched, false
		next, panicked := h.call(c, start, r, err, matched)
		st.running = nil
		if st.inner {
			// The handler called c.Error: that resolution answered.
			ev.Err, ev.Namespace, ev.Rule = st.ev.Err, st.ev.Namespace, st.ev.Rule
		}
		switch {
		case panicked:
			ev.Rule += " (panicked)"
			return st
		case next == nil:
			// Handled. A handler that wrote nothing still must not leave
			// the client with an empty 200.
			if done, _ := h.ad.Committed(c); !done {
				h.writeDefault(c, start, err, true)
			}
			return st
		case h.committed(c):
			h.logAt(c, slog.LevelWarn, "echoerr: error handler wrote a response and returned an error; the error is dropped",
				"handler", r.desc, "error", clip(errText(next), maxErrorText))
			return st
		}
		if !equalValues(next, err) && equalValues(next, matched) {
			// A typed handler returned the value it received: it passes on
			// the whole error it came from, not the bare element.
			next = err
		}
		st.u.add(r)
		st.passed = append(st.passed, Step{Err: err, Namespace: lv.name, Rule: r.desc})
		err = next
	}
}

// guardFault is a guard's recovered panic.
type guardFault struct {
	value any
	stack []byte
}

// find returns the rule that answers err, its level, and the element of
// err's tree it matched: levels first (the route's, the innermost namespace,
// its parents, the app), then the first element of the tree that a rule of
// the level matches; and a guard's panic, which ends the search.
func (h *Core[C]) find(start *Level[C], err error, u *used[C]) (*rule[C], *Level[C], *guardFault, error) {
	for l := start; l != nil; l = l.parent {
		if r, f, x := l.index().find(err, u); r != nil {
			return r, l, f, x
		}
	}
	r, f, x := h.app.index().find(err, u)
	return r, &h.app, f, x
}

// call runs a handler rule, recovering a panic into a logged 500.
func (h *Core[C]) call(c C, start *Level[C], r *rule[C], err, matched error) (next error, panicked bool) {
	busy.Add(1)
	defer func() {
		busy.Add(-1)
		if p := recover(); p != nil {
			rethrowAbort(p)
			panicked = true
			h.logError(c, "echoerr: error handler panicked",
				"handler", r.desc, "panic", panicText(p), "error", clip(errText(err), maxErrorText), "stack", string(debug.Stack()))
			if !h.committed(c) {
				h.writeDefault(c, start, errors.New("echoerr: "+r.desc+" handler panicked: "+panicText(p)), false)
			}
		}
	}()
	return r.call(c, err, matched), false
}

// formatOf returns the format of the innermost level from start that has
// one, else the app's.
func (h *Core[C]) formatOf(start *Level[C]) *Format {
	for l := start; l != nil; l = l.parent {
		if f := l.format.Load(); f != nil {
			return f
		}
	}
	return &h.format
}

// used is the set of rules that already ran in one request.
type used[C any] struct {
	n     int
	fixed [8]*rule[C]
	more  []*rule[C]
}

func (u *used[C]) add(r *rule[C]) {
	if u.n < len(u.fixed) {
		u.fixed[u.n] = r
		u.n++
		return
	}
	u.more = append(u.more, r)
}

func (u *used[C]) has(r *rule[C]) bool {
	if u == nil {
		return false
	}
	for i := 0; i < u.n; i++ {
		if u.fixed[i] == r {
			return true
		}
	}
	for _, m := range u.more {
		if m == r {
			return true
		}
	}
	return false
}

// Level is one place where rules are registered: the app, a namespace or a
// route. Registration appends rules and drops the index; the request path
// reads the index, built once after each change, without locking.
type Level[C any] struct {
	parent *Level[C]
	name   string // the namespace's prefix; "" for the app

	rules  []*rule[C] // guarded by ix's lock
	ix     Snapshot[index[C]]
	format atomic.Pointer[Format] // nil: the parent's

	// rulesOf, for the level of one route as a route table places it
	// under the route's namespace, is the level that holds its rules.
	rulesOf *Level[C]
}

// NewLevel returns a level named name (a namespace's prefix, a route's
// "METHOD path") under parent (nil: directly under the app).
func NewLevel[C any](parent *Level[C], name string) *Level[C] {
	return &Level[C]{parent: parent, name: name}
}

// Under returns a level for the same rules as l, placed under parent: a
// route's level as a route table places it under the route's namespace.
func (l *Level[C]) Under(parent *Level[C]) *Level[C] {
	return &Level[C]{parent: parent, name: l.name, rulesOf: l}
}

// Name returns the level's name; "" for the app.
func (l *Level[C]) Name() string { return l.name }

// Parent returns the enclosing level; nil under the app.
func (l *Level[C]) Parent() *Level[C] { return l.parent }

// Own returns the level that holds l's rules.
func (l *Level[C]) Own() *Level[C] {
	if l.rulesOf != nil {
		return l.rulesOf
	}
	return l
}

// SetFormat sets the level's format.
func (l *Level[C]) SetFormat(f Format) { l.format.Store(&f) }

// FormatOf returns the level's own format, nil when it has none.
func (l *Level[C]) FormatOf() *Format { return l.format.Load() }

// Add registers rules; where names the adapter's function, for messages. It
// panics for a zero Rule, before registering any.
func (l *Level[C]) Add(rules []Rule[C], where string) {
	rs := make([]*rule[C], len(rules))
	for i, r := range rules {
		rs[i] = r.get(where) // check them all before registering any
	}
	l.ix.Update(func() { l.rules = append(l.rules, rs...) })
}

// Empty reports whether no rule is registered at l.
func (l *Level[C]) Empty() bool { return l.Own().index().empty }

func (l *Level[C]) index() *index[C] {
	if l.rulesOf != nil {
		l = l.rulesOf
	}
	return l.ix.Get(func() *index[C] { return buildIndex(l.rules) })
}

// index is a level's rules arranged for lookup. It is immutable once built,
// but for ifaceHits, a concurrent cache.
type index[C any] struct {
	empty bool

	exact  map[unsafe.Pointer]*rule[C] // concrete types, by typeKey (while building)
	types  *typeTable[C]               // the same, for lookups
	small  []smallType[C]              // the same, when few: a scan beats hashing
	ifaces []*rule[C]                  // interface types, in registration order
	typed  []*rule[C]                  // concrete then interface types, for As methods

	sentinels map[any]*rule[C]        // comparable targets
	sentSmall []sentinelRule[C]       // the same, when few
	sentTypes map[unsafe.Pointer]bool // dynamic types of the comparable targets
	sentLoose []*rule[C]              // comparable targets whose == may panic
	sentList  []*rule[C]              // every sentinel rule, for Is methods
	status    map[int]*rule[C]        // status codes
	catchAll  *rule[C]                //
	ifaceHits sync.Map                // reflect.Type -> []*rule[C]: interfaces the type implements
	hasAs     bool                    // some rule can match through an As method
	hasIs     bool                    // some rule can match through an Is method
}

type smallType[C any] struct {
	k unsafe.Pointer // typeKey
	r *rule[C]
}

type sentinelRule[C any] struct {
	k unsafe.Pointer // typeKey of the target's dynamic type
	r *rule[C]
}

// smallIndex is the size up to which lookups scan slices instead of maps.
const smallIndex = 8

func buildIndex[C any](rules []*rule[C]) *index[C] {
	ix := &index[C]{
		exact:     map[unsafe.Pointer]*rule[C]{},
		sentinels: map[any]*rule[C]{},
		sentTypes: map[unsafe.Pointer]bool{},
		status:    map[int]*rule[C]{},
	}
	// Typed rules by type, in the order of each type's first registration:
	// the guarded ones in registration order, then the last plain one.
	type typeGroup struct {
		guards []*rule[C]
		plain  *rule[C]
	}
	exactGroups, ifaceGroups := map[unsafe.Pointer]*typeGroup{}, map[reflect.Type]*typeGroup{}
	var exactOrder []unsafe.Pointer
	var ifaceOrder []reflect.Type
	sentPos := map[any]int{}
	for _, r := range rules {
		switch r.kind {
		case kindType:
			var g *typeGroup
			if r.iface {
				if g = ifaceGroups[r.typ]; g == nil {
					g = &typeGroup{}
					ifaceGroups[r.typ] = g
					ifaceOrder = append(ifaceOrder, r.typ)
				}
			} else if g = exactGroups[r.key]; g == nil {
				g = &typeGroup{}
				exactGroups[r.key] = g
				exactOrder = append(exactOrder, r.key)
			}
			if r.guard != nil {
				g.guards = append(g.guards, r)
			} else {
				g.plain = r
			}
		case kindSentinel:
			switch t := reflect.TypeOf(r.target); {
			case strictlyComparable(t):
				if i, ok := sentPos[r.target]; ok {
					ix.sentList[i] = r
				} else {
					sentPos[r.target] = len(ix.sentList)
					ix.sentList = append(ix.sentList, r)
				}
				ix.sentinels[r.target] = r
				ix.sentTypes[typeKey(r.target)] = true
			case t.Comparable():
				// == is defined but may panic (an interface field holding a
				// slice): no map, which would hash the value; a guarded scan.
				ix.sentList = append(ix.sentList, r)
				i := slices.IndexFunc(ix.sentLoose, func(o *rule[C]) bool {
					return typeKey(o.target) == typeKey(r.target) && equalTarget(o.target, r.target)
				})
				if i >= 0 {
					ix.sentLoose[i] = r
				} else {
					ix.sentLoose = append(ix.sentLoose, r)
				}
			default:
				// Never == anything (errors.Is skips ==): only Is methods.
				ix.sentList = append(ix.sentList, r)
			}
		case kindStatus:
			ix.status[r.code] = r
		case kindCatchAll:
			ix.catchAll = r
		}
	}
	// A type with guarded rules gets an entry of the index's own, so that
	// a type without any costs nothing more than before.
	entry := func(g *typeGroup, t reflect.Type) *rule[C] {
		if len(g.guards) == 0 {
			return g.plain
		}
		return &rule[C]{kind: kindGuards, typ: t, guards: g.guards, plain: g.plain, desc: "guards of " + typeName(t)}
	}
	appendTyped := func(g *typeGroup) {
		ix.typed = append(ix.typed, g.guards...)
		if g.plain != nil {
			ix.typed = append(ix.typed, g.plain)
		}
	}
	for _, k := range exactOrder {
		g := exactGroups[k]
		t := g.plain
		if t == nil {
			t = g.guards[0]
		}
		ix.exact[k] = entry(g, t.typ)
		appendTyped(g)
	}
	for _, t := range ifaceOrder {
		g := ifaceGroups[t]
		ix.ifaces = append(ix.ifaces, entry(g, t))
		appendTyped(g)
	}
	if len(ix.exact) <= smallIndex {
		for _, k := range exactOrder {
			ix.small = append(ix.small, smallType[C]{k, ix.exact[k]})
		}
	} else {
		ix.types = newTypeTable(ix.exact)
	}
	ix.exact = nil
	if len(ix.sentinels) <= smallIndex {
		for _, r := range ix.sentList {
			if strictlyComparable(reflect.TypeOf(r.target)) && ix.sentinels[r.target] == r {
				ix.sentSmall = append(ix.sentSmall, sentinelRule[C]{typeKey(r.target), r})
			}
		}
		ix.sentinels, ix.sentTypes = nil, nil
	}
	ix.hasAs = len(ix.typed) > 0
	ix.hasIs = len(ix.sentList) > 0
	ix.empty = len(rules) == 0
	return ix
}

// find returns the rule of this level that answers err, skipping rules that
// already ran, and the element it matched; or nil.
func (ix *index[C]) find(err error, u *used[C]) (*rule[C], *guardFault, error) {
	if ix.empty {
		return nil, nil, nil
	}
	w := walker[C]{ix: ix, u: u}
	if r, x := w.walk(err); r != nil {
		if w.guardPanic != nil {
			return r, &guardFault{w.guardPanic, w.guardStack}, x
		}
		return r, nil, x
	}
	if !w.statusSeen {
		// No element carries a status: the error would get 500, as Flask
		// hands unhandled errors to the 500 handler.
		if r := ix.status[http.StatusInternalServerError]; r != nil && !u.has(r) {
			return r, nil, err
		}
	}
	if r := ix.catchAll; r != nil && !u.has(r) {
		return r, nil, err
	}
	return nil, nil, nil
}

// walker walks an error tree in errors.As order for one level.
type walker[C any] struct {
	ix         *index[C]
	u          *used[C]
	statusSeen bool // the first element with a status was passed
	visits     int  // elements looked at, bounded by maxTreeVisits

	guardPanic any      // a guard panicked: the walk stops
	guardRule  *rule[C] // whose guard
	guardStack []byte
}

// walk is firstInTree with w.match inlined: it runs once per level of every
// error answer, and the indirect call costs the hot path a measurable share.
func (w *walker[C]) walk(err error) (*rule[C], error) {
	for err != nil {
		if w.visits >= maxTreeVisits {
			return nil, nil
		}
		w.visits++
		if r := w.match(err); r != nil {
			return r, err
		}
		// children, inlined: the standard library's wrappers are called
		// directly, anything else through a guard.
		switch x := err.(type) {
		case interface{ Unwrap() error }:
			switch typeKey(err) {
			case fmtWrapError:
				err = x.Unwrap()
			case unwrapKey:
				err = kinds[unwrapIdx].Unwrap(err)
			default:
				err = unwrapKnown(x)
			}
		case interface{ Unwrap() []error }:
			var kids []error
			if k := typeKey(err); k == joinError || k == fmtWrapErrors {
				kids = x.Unwrap()
			} else {
				kids = unwrapMany(x)
			}
			for _, k := range kids {
				if r, m := w.walk(k); r != nil {
					return r, m
				}
			}
			return nil, nil
		default:
			return nil, nil
		}
	}
	return nil, nil
}

// match returns the best unused rule for one element: an exact type or a
// sentinel, then an interface type, then the status.
func (w *walker[C]) match(x error) *rule[C] {
	ix, u := w.ix, w.u
	k := typeKey(x)
	if ix.types != nil {
		if r := ix.types.get(k); r != nil {
			if m := w.pick(r, x); m != nil {
				return m
			}
		}
	} else {
		for _, e := range ix.small {
			if e.k == k {
				if m := w.pick(e.r, x); m != nil {
					return m
				}
				break
			}
		}
	}
	if ix.sentinels != nil {
		if ix.sentTypes[k] {
			if r := ix.sentinels[x]; r != nil && !u.has(r) {
				return r
			}
		}
	} else {
		for _, e := range ix.sentSmall {
			// Same dynamic type, strictly comparable: == cannot panic.
			if e.k == k && x == e.r.target && !u.has(e.r) {
				return e.r
			}
		}
	}
	for _, r := range ix.sentLoose {
		if typeKey(r.target) == k && !u.has(r) && equalTarget(x, r.target) {
			return r
		}
	}
	if ix.hasIs {
		if is, ok := x.(interface{ Is(error) bool }); ok {
			for _, r := range ix.sentList {
				if !u.has(r) && callIs(is, r.target) {
					return r
				}
			}
		}
	}
	if ix.hasAs {
		if _, ok := x.(interface{ As(any) bool }); ok {
			for _, r := range ix.typed {
				if !u.has(r) && callAs(r.as, x) && (r.guard == nil || w.guardSays(r, x)) {
					return r
				}
				if w.guardPanic != nil {
					return w.guardRule
				}
			}
		}
	}
	if len(ix.ifaces) > 0 {
		for _, r := range ix.ifacesOf(reflect.TypeOf(x)) {
			if m := w.pick(r, x); m != nil {
				return m
			}
		}
	}
	if !w.statusSeen {
		if code := statusOf(x); code != 0 {
			w.statusSeen = true
			if r := ix.status[validStatus(code)]; r != nil && !u.has(r) {
				return r
			}
		}
	}
	return nil
}

// pick returns the rule of an index entry that takes x: the entry's rule,
// or for a type with guarded rules the first whose guard says yes, then the
// plain one; nil when none does or all ran. A guard that panics stops the
// walk: its rule is returned with w.guardPanic set.
func (w *walker[C]) pick(r *rule[C], x error) *rule[C] {
	if r.kind != kindGuards {
		if w.u.has(r) {
			return nil
		}
		return r
	}
	for _, g := range r.guards {
		if !w.u.has(g) && w.guardSays(g, x) {
			return g
		}
		if w.guardPanic != nil {
			return g
		}
	}
	if r.plain != nil && !w.u.has(r.plain) {
		return r.plain
	}
	return nil
}

// guardSays runs r's guard on x, recovering a panic into w.guardPanic.
func (w *walker[C]) guardSays(r *rule[C], x error) (yes bool) {
	defer func() {
		if p := recover(); p != nil {
			rethrowAbort(p)
			w.guardPanic, w.guardRule, w.guardStack = p, r, debug.Stack()
			yes = false
		}
	}()
	return r.guard(x)
}

// typeTable is an immutable open-addressing hash table from type descriptor
// addresses to rules. Type descriptors are distinct addresses, so a
// multiplicative hash of the address spreads them well, and a lookup costs a
// multiply and, mostly, one probe: less than a Go map's hash call.
type typeTable[C any] struct {
	shift uint
	keys  []unsafe.Pointer
	vals  []*rule[C]
}

func newTypeTable[C any](m map[unsafe.Pointer]*rule[C]) *typeTable[C] {
	bits := uint(1)
	for 1<<bits < 2*len(m) {
		bits++
	}
	t := &typeTable[C]{shift: 64 - bits, keys: make([]unsafe.Pointer, 1<<bits), vals: make([]*rule[C], 1<<bits)}
	for k, r := range m {
		i := t.slot(k)
		for t.keys[i] != nil {
			i = (i + 1) & uintptr(len(t.keys)-1)
		}
		t.keys[i], t.vals[i] = k, r
	}
	return t
}

func (t *typeTable[C]) slot(k unsafe.Pointer) uintptr {
	return uintptr((uint64(uintptr(k)) * 0x9E3779B97F4A7C15) >> t.shift)
}

func (t *typeTable[C]) get(k unsafe.Pointer) *rule[C] {
	mask := uintptr(len(t.keys) - 1)
	for i := t.slot(k); ; i = (i + 1) & mask {
		switch t.keys[i] {
		case k:
			return t.vals[i]
		case nil:
			return nil
		}
	}
}

// ifacesOf returns the interface rules that t implements, in registration
// order, computed once per concrete type.
func (ix *index[C]) ifacesOf(t reflect.Type) []*rule[C] {
	if v, ok := ix.ifaceHits.Load(t); ok {
		return v.([]*rule[C])
	}
	var hits []*rule[C]
	for _, r := range ix.ifaces {
		if t.Implements(r.typ) {
			hits = append(hits, r)
		}
	}
	ix.ifaceHits.Store(t, hits)
	return hits
}

// statusOf returns the status one element of an error tree carries, or 0:
// what an adapter's Kinds say for Echo's own types, an *AbortError's code,
// StatusCode(), or the status of the standard library's failure classes.
func statusOf(x error) int {
	for i := range kinds {
		if code, ok := kinds[i].Status(x); ok {
			return code
		}
	}
	switch v := x.(type) {
	case *AbortError:
		if v == nil {
			return 0
		}
		return v.Code
	case interface{ StatusCode() int }:
		return statusCode(v)
	}
	return builtinStatus(x)
}

func (h *Core[C]) errStatus(err error) int { return ErrStatus(err) }

// ErrStatus returns the status of the default answer for err.
func ErrStatus(err error) int {
	if x := carrier(err); x != nil {
		return validStatus(statusOf(x))
	}
	return http.StatusInternalServerError
}

// validStatus maps a status outside 400-599 to 500: an error answer is a
// client or server error, whatever code a value carried.
func validStatus(code int) int {
	if code < 400 || code > 599 {
		return http.StatusInternalServerError
	}
	return code
}
