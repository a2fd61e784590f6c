package core

import (
	"net/http"
	"reflect"
	"runtime/debug"
	"slices"
	"sync"
	"unsafe"
)

// index is a level's rules arranged for lookup. It is immutable once built,
// but for ifaceHits, a concurrent cache.
type index[C any] struct {
	empty bool

	exact  map[unsafe.Pointer]*rule[C] // concrete types, by typeKey (while building)
	types  *ptrTable[*rule[C]]         // the same, for lookups
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
		ix.types = newPtrTable(ix.exact)
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
				err = unwrapFmt(err)
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

// match returns the best unused rule for one element: a sentinel, then for
// a generic status-carrying type its status, then an exact type, then an
// interface type, then the status.
func (w *walker[C]) match(x error) *rule[C] {
	ix, u := w.ix, w.u
	k := typeKey(x)
	// A sentinel first: one value is more specific than its type.
	if ix.sentinels != nil {
		if ix.sentTypes[k] {
			if r := ix.sentinels[x]; r != nil && !u.has(r) && !w.yields(r) {
				return r
			}
		}
	} else {
		for _, e := range ix.sentSmall {
			// Same dynamic type, strictly comparable: == cannot panic.
			if e.k == k && x == e.r.target && !u.has(e.r) && !w.yields(e.r) {
				return e.r
			}
		}
	}
	for _, r := range ix.sentLoose {
		if typeKey(r.target) == k && !u.has(r) && !w.yields(r) && equalTarget(x, r.target) {
			return r
		}
	}
	if ix.hasIs {
		if is, ok := x.(interface{ Is(error) bool }); ok {
			for _, r := range ix.sentList {
				if !u.has(r) && !w.yields(r) && callIs(is, r.target) {
					return r
				}
			}
		}
	}
	if !w.statusSeen && len(ix.status) > 0 && genericStatus(k) {
		// A generic status-carrying type (Echo's HTTPError, an Abort): a
		// rule for its status beats a rule for the type, as Flask asks a
		// code's handler before the generic HTTPException's.
		if code := statusOf(x); code != 0 {
			w.statusSeen = true
			if r := ix.status[validStatus(code)]; r != nil && !u.has(r) {
				return r
			}
		}
	}
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

// yields reports whether r, a sentinel rule that yields to a status
// (answer.Decl.YieldToStatus), passes over this element: an element above
// it carries a status of its own.
func (w *walker[C]) yields(r *rule[C]) bool { return r.yields && w.statusSeen }

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
