package echoerr

import (
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/labstack/echo/v4"
)

// serveError is the echo.HTTPErrorHandler built by NewWithConfig.
func (h *handler) serveError(err error, c echo.Context) {
	if err == nil || c == nil {
		return
	}
	res := c.Response()
	if res.Committed {
		// A second call in the same request (middleware that calls
		// c.Error and returns the error too) finds echoerr's own answer:
		// by its Content-Type slice, or by doneKey when a handler function
		// wrote it. Anything else was answered before the error reached
		// echoerr, and gets its one log line.
		if answeredHere(res.Header()) || c.Get(doneKey) != nil {
			return
		}
		c.Set(doneKey, true)
		h.finish(c, Event{Err: err, Status: errStatus(err), SentStatus: res.Status, Rule: "none", Committed: true})
		return
	}
	start := h.levelOf(c)
	ev := Event{Err: err, Rule: "default"}
	defer func() {
		// Nothing in resolution is expected to panic (handler panics are
		// recovered in call), but a broken error value can: a nil pointer
		// whose StatusCode method dereferences it, say. The client still gets
		// an answer and the server keeps serving.
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			h.log().ErrorContext(c.Request().Context(), "echoerr: panic while resolving an error",
				"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			if !res.Committed {
				h.writeDefault(c, start, fmt.Errorf("echoerr: panic while resolving %T: %v", err, p), false)
			}
			ev.Rule, ev.Status, ev.SentStatus = "panic", res.Status, res.Status
			h.finish(c, ev)
		}
	}()
	h.resolve(c, start, err, &ev)
	ev.Status, ev.SentStatus = res.Status, res.Status
	h.finish(c, ev)
}

// resolve answers err: runs handlers and passes errors on until one is
// handled, or writes the default answer. It records in ev what answered.
func (h *handler) resolve(c echo.Context, start *level, err error, ev *Event) {
	res := c.Response()
	var u *used // allocated when a handler passes an error on
	marked := false
	for {
		ev.Err = err
		r, lv, matched := h.find(start, err, u)
		if r == nil {
			ev.Namespace, ev.Rule = "", "default"
			h.writeDefault(c, start, err, false)
			return
		}
		ev.Namespace, ev.Rule = lv.name, r.desc
		if r.entry != nil {
			h.writeEntry(c, start, r.entry)
			return
		}
		if !marked {
			// A handler's own response has no mark of echoerr's: remember
			// that this request was answered here.
			c.Set(doneKey, true)
			marked = true
		}
		next, panicked := h.call(c, start, r, err, matched)
		switch {
		case panicked:
			ev.Rule += " (panicked)"
			return
		case next == nil:
			// Handled. A handler that wrote nothing still must not leave
			// the client with an empty 200.
			if !res.Committed {
				h.writeDefault(c, start, err, true)
			}
			return
		case res.Committed:
			h.log().WarnContext(c.Request().Context(), "echoerr: error handler wrote a response and returned an error; the error is dropped",
				"handler", r.desc, "error", next.Error())
			return
		}
		if !sameError(next, err) && sameError(next, matched) {
			// A typed handler returned the value it received: it passes on
			// the whole error it came from, not the bare element.
			next = err
		}
		if u == nil {
			u = &used{}
		}
		u.add(r)
		err = next
	}
}

// sameError reports whether a and b are the same error value, without the
// panic that == gives for uncomparable dynamic types.
func sameError(a, b error) bool {
	ta := reflect.TypeOf(a)
	return ta == reflect.TypeOf(b) && ta.Comparable() && a == b
}

// find returns the rule that answers err, its level, and the element of
// err's tree it matched: levels first (innermost namespace, its parents, the
// app), then the first element of the tree that a rule of the level matches.
func (h *handler) find(start *level, err error, u *used) (*rule, *level, error) {
	for l := start; l != nil; l = l.parent {
		if r, x := l.index().find(err, u); r != nil {
			return r, l, x
		}
	}
	r, x := h.app.index().find(err, u)
	return r, &h.app, x
}

// call runs a handler rule, recovering a panic into a logged 500.
func (h *handler) call(c echo.Context, start *level, r *rule, err, matched error) (next error, panicked bool) {
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			panicked = true
			h.log().ErrorContext(c.Request().Context(), "echoerr: error handler panicked",
				"handler", r.desc, "panic", fmt.Sprint(p), "error", err.Error(), "stack", string(debug.Stack()))
			if !c.Response().Committed {
				h.writeDefault(c, start, fmt.Errorf("echoerr: %s handler panicked: %v", r.desc, p), false)
			}
		}
	}()
	return r.call(c, err, matched), false
}

// formatOf returns the format of the innermost level from start that has
// one, else the app's.
func (h *handler) formatOf(start *level) *Format {
	for l := start; l != nil; l = l.parent {
		if f := l.format.Load(); f != nil {
			return f
		}
	}
	return &h.format
}

// used is the set of rules that already ran in one request.
type used struct {
	n     int
	fixed [8]*rule
	more  []*rule
}

func (u *used) add(r *rule) {
	if u.n < len(u.fixed) {
		u.fixed[u.n] = r
		u.n++
		return
	}
	u.more = append(u.more, r)
}

func (u *used) has(r *rule) bool {
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

// level is one place where rules are registered: the app or a namespace.
// Registration appends rules and drops the index; the request path reads the
// index, built once after each change, without locking.
type level struct {
	parent *level
	name   string // the namespace's prefix; "" for the app

	rules  []*rule // guarded by ix's lock
	ix     snapshot[index]
	format atomic.Pointer[Format] // nil: the parent's
}

func (l *level) add(rules []Rule, where string) {
	rs := make([]*rule, len(rules))
	for i, r := range rules {
		rs[i] = r.rule(where) // check them all before registering any
	}
	l.ix.update(func() { l.rules = append(l.rules, rs...) })
}

func (l *level) index() *index {
	return l.ix.get(func() *index { return buildIndex(l.rules) })
}

// index is a level's rules arranged for lookup. It is immutable once built,
// but for ifaceHits, a concurrent cache.
type index struct {
	empty bool

	exact  map[unsafe.Pointer]*rule // concrete types, by typeKey (while building)
	types  *typeTable               // the same, for lookups
	small  []smallType              // the same, when few: a scan beats hashing
	ifaces []*rule                  // interface types, in registration order
	typed  []*rule                  // concrete then interface types, for As methods

	sentinels map[any]*rule           // comparable targets
	sentSmall []sentinelRule          // the same, when few
	sentTypes map[unsafe.Pointer]bool // dynamic types of the comparable targets
	sentList  []*rule                 // every sentinel rule, for Is methods
	status    map[int]*rule           // status codes
	catchAll  *rule                   //
	ifaceHits sync.Map                // reflect.Type -> []*rule: interfaces the type implements
	hasAs     bool                    // some rule can match through an As method
	hasIs     bool                    // some rule can match through an Is method
}

type smallType struct {
	k unsafe.Pointer // typeKey
	r *rule
}

type sentinelRule struct {
	k unsafe.Pointer // typeKey of the target's dynamic type
	r *rule
}

// smallIndex is the size up to which lookups scan slices instead of maps.
const smallIndex = 8

func buildIndex(rules []*rule) *index {
	ix := &index{
		exact:     map[unsafe.Pointer]*rule{},
		sentinels: map[any]*rule{},
		sentTypes: map[unsafe.Pointer]bool{},
		status:    map[int]*rule{},
	}
	ifacePos := map[reflect.Type]int{}
	sentPos := map[any]int{}
	for _, r := range rules {
		switch r.kind {
		case kindType:
			if r.iface {
				if i, ok := ifacePos[r.typ]; ok {
					ix.ifaces[i] = r
					continue
				}
				ifacePos[r.typ] = len(ix.ifaces)
				ix.ifaces = append(ix.ifaces, r)
			} else {
				ix.exact[r.key] = r
			}
		case kindSentinel:
			if reflect.TypeOf(r.target).Comparable() {
				if i, ok := sentPos[r.target]; ok {
					ix.sentList[i] = r
				} else {
					sentPos[r.target] = len(ix.sentList)
					ix.sentList = append(ix.sentList, r)
				}
				ix.sentinels[r.target] = r
				ix.sentTypes[typeKey(r.target)] = true
			} else {
				ix.sentList = append(ix.sentList, r)
			}
		case kindStatus:
			ix.status[r.code] = r
		case kindCatchAll:
			ix.catchAll = r
		}
	}
	for _, r := range rules {
		if r.kind == kindType && !r.iface && ix.exact[r.key] == r {
			ix.typed = append(ix.typed, r)
		}
	}
	ix.typed = append(ix.typed, ix.ifaces...)
	if len(ix.exact) <= smallIndex {
		for _, r := range rules {
			if r.kind == kindType && !r.iface && ix.exact[r.key] == r {
				ix.small = append(ix.small, smallType{r.key, r})
			}
		}
	} else {
		ix.types = newTypeTable(ix.exact)
	}
	ix.exact = nil
	if len(ix.sentinels) <= smallIndex {
		for _, r := range ix.sentList {
			if reflect.TypeOf(r.target).Comparable() && ix.sentinels[r.target] == r {
				ix.sentSmall = append(ix.sentSmall, sentinelRule{typeKey(r.target), r})
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
func (ix *index) find(err error, u *used) (*rule, error) {
	if ix.empty {
		return nil, nil
	}
	w := walker{ix: ix, u: u}
	if r, x := w.walk(err); r != nil {
		return r, x
	}
	if !w.statusSeen {
		// No element carries a status: the error would get 500, as Flask
		// hands unhandled errors to the 500 handler.
		if r := ix.status[http.StatusInternalServerError]; r != nil && !u.has(r) {
			return r, err
		}
	}
	if r := ix.catchAll; r != nil && !u.has(r) {
		return r, err
	}
	return nil, nil
}

// walker walks an error tree in errors.As order for one level.
type walker struct {
	ix         *index
	u          *used
	statusSeen bool // the first element with a status was passed
}

// walk is firstInTree with w.match inlined: it runs once per level of every
// error answer, and the indirect call costs the hot path a measurable share.
func (w *walker) walk(err error) (*rule, error) {
	for err != nil {
		if r := w.match(err); r != nil {
			return r, err
		}
		switch x := err.(type) {
		case interface{ Unwrap() error }:
			err = x.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range x.Unwrap() {
				if r, m := w.walk(e); r != nil {
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

// firstInTree returns the first element of err's tree, in errors.As order
// (pre-order, depth first, through Unwrap() error and Unwrap() []error),
// for which match is true, or nil. Every walk of an error tree in echoerr
// goes through it, but for walker.walk, which has the same loop inlined.
func firstInTree(err error, match func(error) bool) error {
	for err != nil {
		if match(err) {
			return err
		}
		switch x := err.(type) {
		case interface{ Unwrap() error }:
			err = x.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range x.Unwrap() {
				if m := firstInTree(e, match); m != nil {
					return m
				}
			}
			return nil
		default:
			return nil
		}
	}
	return nil
}

// match returns the best unused rule for one element: an exact type or a
// sentinel, then an interface type, then the status.
func (w *walker) match(x error) *rule {
	ix, u := w.ix, w.u
	k := typeKey(x)
	if ix.types != nil {
		if r := ix.types.get(k); r != nil && !u.has(r) {
			return r
		}
	} else {
		for _, e := range ix.small {
			if e.k == k {
				if !u.has(e.r) {
					return e.r
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
			// Same dynamic type, and a comparable one: == cannot panic
			// but where errors.Is itself would.
			if e.k == k && x == e.r.target && !u.has(e.r) {
				return e.r
			}
		}
	}
	if ix.hasIs {
		if is, ok := x.(interface{ Is(error) bool }); ok {
			for _, r := range ix.sentList {
				if !u.has(r) && is.Is(r.target) {
					return r
				}
			}
		}
	}
	if ix.hasAs {
		if _, ok := x.(interface{ As(any) bool }); ok {
			for _, r := range ix.typed {
				if !u.has(r) && r.as(x) {
					return r
				}
			}
		}
	}
	if len(ix.ifaces) > 0 {
		for _, r := range ix.ifacesOf(reflect.TypeOf(x)) {
			if !u.has(r) {
				return r
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

// typeTable is an immutable open-addressing hash table from type descriptor
// addresses to rules. Type descriptors are distinct addresses, so a
// multiplicative hash of the address spreads them well, and a lookup costs a
// multiply and, mostly, one probe: less than a Go map's hash call.
type typeTable struct {
	shift uint
	keys  []unsafe.Pointer
	vals  []*rule
}

func newTypeTable(m map[unsafe.Pointer]*rule) *typeTable {
	bits := uint(1)
	for 1<<bits < 2*len(m) {
		bits++
	}
	t := &typeTable{shift: 64 - bits, keys: make([]unsafe.Pointer, 1<<bits), vals: make([]*rule, 1<<bits)}
	for k, r := range m {
		i := t.slot(k)
		for t.keys[i] != nil {
			i = (i + 1) & uintptr(len(t.keys)-1)
		}
		t.keys[i], t.vals[i] = k, r
	}
	return t
}

func (t *typeTable) slot(k unsafe.Pointer) uintptr {
	return uintptr((uint64(uintptr(k)) * 0x9E3779B97F4A7C15) >> t.shift)
}

func (t *typeTable) get(k unsafe.Pointer) *rule {
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
func (ix *index) ifacesOf(t reflect.Type) []*rule {
	if v, ok := ix.ifaceHits.Load(t); ok {
		return v.([]*rule)
	}
	var hits []*rule
	for _, r := range ix.ifaces {
		if t.Implements(r.typ) {
			hits = append(hits, r)
		}
	}
	ix.ifaceHits.Store(t, hits)
	return hits
}

// statusOf returns the status one element of an error tree carries, or 0:
// an *echo.HTTPError's code (its Internal's, when that is an *echo.HTTPError,
// as Echo's default handler does), an *AbortError's, or StatusCode().
func statusOf(x error) int {
	switch v := x.(type) {
	case *echo.HTTPError:
		if v == nil {
			return 0
		}
		if in, ok := v.Internal.(*echo.HTTPError); ok && in != nil {
			return in.Code
		}
		if v.Code == http.StatusBadRequest && v.Internal != nil {
			// Echo's binder answers a body over http.MaxBytesReader's limit
			// 400; it is a 413.
			var mb *http.MaxBytesError
			if errors.As(v.Internal, &mb) {
				return http.StatusRequestEntityTooLarge
			}
		}
		return v.Code
	case *AbortError:
		if v == nil {
			return 0
		}
		return v.Code
	case *echo.BindingError:
		// Echo answers it 500: it embeds an HTTPError instead of wrapping one.
		if v == nil || v.HTTPError == nil {
			return 0
		}
		return v.Code
	case interface{ StatusCode() int }:
		return v.StatusCode()
	}
	return builtinStatus(x)
}

// errStatus returns the status of the default answer for err.
func errStatus(err error) int {
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
