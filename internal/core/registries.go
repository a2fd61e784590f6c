package core

import (
	"reflect"
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"
	"weak"
)

// Registries maps each Echo (of type E) to the [Owners] of its routes, for
// one adapter. Its lifetime rule: an Echo's Owners live exactly as long as
// the Echo.
//
//   - The Echo keeps its Owners alive through the New func of its context
//     pool (the sync.Pool field named by Pool), which echoerr wraps: the
//     anchor no setting of the user's can replace, and one that costs a
//     request nothing (New runs only when the pool is empty).
//   - Nothing here keeps an Echo alive: the map holds both sides weakly, so
//     a rule that refers to its Echo does not make the Echo immortal, and
//     the entry goes when the Echo is collected.
//
// The zero value is not usable: set Pool and Setup.
type Registries[E, C any] struct {
	// Pool is the name of E's sync.Pool field of contexts.
	Pool string
	// Setup is called once for each Owners made, under the lock: the
	// adapter sets the Echo version's method names and installs its route
	// hook.
	Setup func(e *E, o *Owners[C])

	m  sync.Map // weak.Pointer[E] -> weak.Pointer[Owners[C]]
	mu sync.Mutex
	// gen counts the Owners made, so that a handler that found none for an
	// Echo looks again after a namespace is made.
	gen atomic.Uint64
	// strong holds the Owners of Echos whose pool could not be found (an
	// Echo version this adapter does not know): they are kept, correct but
	// never freed, rather than lost.
	strong sync.Map
	// newOff is the offset of the Pool's New field in E, once known: a
	// handler's cache tells its Echo by the anchor installed there.
	newOff atomic.Uintptr
	// boxes reads the Owners back from the anchor (set before newOff).
	boxes MethodValue[anchorBox[C], func() any]
}

// For returns e's Owners, making them if needed. Setup time only.
func (rs *Registries[E, C]) For(e *E) *Owners[C] {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	k := weak.Make(e)
	v, known := rs.m.Load(k)
	if known {
		if o := v.(weak.Pointer[Owners[C]]).Value(); o != nil {
			return o
		}
	}
	o := &Owners[C]{}
	if rs.Setup != nil {
		rs.Setup(e, o)
	}
	if off, fn, ok := anchor(e, rs.Pool, o); ok {
		rs.boxes.Make = (*anchorBox[C]).newFunc
		rs.newOff.Store(off)
		o.anchor = fn
	} else {
		rs.strong.Store(k, o)
	}
	rs.m.Store(k, weak.Make(o))
	if !known {
		runtime.AddCleanup(e, func(k weak.Pointer[E]) { rs.m.Delete(k) }, k)
	}
	rs.gen.Add(1)
	return o
}

// Lookup returns e's Owners, or nil when e has none.
func (rs *Registries[E, C]) Lookup(e *E) *Owners[C] {
	v, ok := rs.m.Load(weak.Make(e))
	if !ok {
		return nil
	}
	return v.(weak.Pointer[Owners[C]]).Value()
}

// Len returns the number of Echos with Owners, for tests.
func (rs *Registries[E, C]) Len() int {
	n := 0
	rs.m.Range(func(any, any) bool { n++; return true })
	return n
}

// anchorBox is what an Echo's pool's New func becomes: a method value on
// the box, which holds the Owners (keeping them alive as long as the Echo)
// and calls the New func that was there before.
type anchorBox[C any] struct {
	o    *Owners[C]
	prev func() any
}

func (b *anchorBox[C]) newContext() any {
	// Echo makes a context when its pool is empty: for its first request
	// above all. Route rules that can never apply fail then, loudly, not
	// in silence at the first error.
	b.o.MustValidate()
	if b.prev == nil {
		return nil
	}
	return b.prev()
}

// newFunc returns the method value b.newContext, made at this one place:
// the compiler may give method values made elsewhere other code
// (MethodValue).
//
//go:noinline
func (b *anchorBox[C]) newFunc() func() any { return b.newContext }

// anchor makes o live as long as owner: the New func of owner's sync.Pool
// field named field becomes a method value on a box holding o. It returns
// the offset of that New field in owner's struct and the identity of the
// func installed there (funcID); ok is false when owner has no such field.
func anchor[C any](owner any, field string, o *Owners[C]) (off, fn uintptr, ok bool) {
	rv := reflect.ValueOf(owner)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return 0, 0, false
	}
	sf, found := rv.Elem().Type().FieldByName(field)
	if !found || sf.Type != reflect.TypeFor[sync.Pool]() || len(sf.Index) != 1 {
		return 0, 0, false
	}
	newField, _ := reflect.TypeFor[sync.Pool]().FieldByName("New")
	p := (*sync.Pool)(unsafe.Pointer(rv.Elem().Field(sf.Index[0]).UnsafeAddr()))
	box := &anchorBox[C]{o: o, prev: p.New}
	p.New = box.newFunc()
	return sf.Offset + newField.Offset, funcID(p.New), true
}

// funcID is the address of a func value's closure: the same for every copy
// of one func value, different for two closures that are alive at once.
func funcID(fn func() any) uintptr { return uintptr(*(*unsafe.Pointer)(unsafe.Pointer(&fn))) }

// Bound caches, in one error handler, the Owners of the Echo it served
// last, without keeping either alive: a handler may serve several Echos.
type Bound[E, C any] struct {
	p atomic.Pointer[binding[E, C]]
}

// binding is what a handler remembers of the Echo it served last. The Echo
// is told by its address and by the anchor func in its pool's New field,
// which is unique to the Owners it anchors: an Echo collected and another
// made at the same address has another func there, so a stale binding is
// never used, without the cost of a weak pointer's Value on every error.
type binding[E, C any] struct {
	addr uintptr                 // the Echo's address
	fn   uintptr                 // the anchor installed in it; 0 when it had no Owners
	o    weak.Pointer[Owners[C]] // zero when the Echo had none
	gen  uint64                  // the Registries' gen when o was looked up
	ew   weak.Pointer[E]         // for an Echo without an anchor (none, or strong)
}

// Of returns e's Owners, or nil: read from the anchor in e (no lookup, no
// lock), else through b's cache.
func (rs *Registries[E, C]) Of(b *Bound[E, C], e *E) *Owners[C] {
	if off := rs.newOff.Load(); off != 0 {
		newFn := *(*func() any)(unsafe.Add(unsafe.Pointer(e), off))
		if box := rs.boxes.Receiver(newFn); box != nil {
			return box.o
		}
		if rs.boxes.Valid() {
			return nil // e's pool is not anchored: e has no Owners
		}
	}
	addr := uintptr(unsafe.Pointer(e))
	if x := b.p.Load(); x != nil && x.addr == addr {
		switch {
		case x.fn != 0:
			if off := rs.newOff.Load(); off != 0 && *(*uintptr)(unsafe.Add(unsafe.Pointer(e), off)) == x.fn {
				// e anchors the Owners: they are alive.
				if o := x.o.Value(); o != nil {
					return o
				}
			}
		case x.o == (weak.Pointer[Owners[C]]{}):
			if x.gen == rs.gen.Load() {
				// Still no Owners made anywhere since: whichever Echo is at
				// this address now has none.
				return nil
			}
		default:
			if x.ew.Value() == e {
				if o := x.o.Value(); o != nil {
					return o
				}
			}
		}
	}
	x := &binding[E, C]{addr: addr, gen: rs.gen.Load(), ew: weak.Make(e)}
	o := rs.Lookup(e)
	if o != nil {
		x.o, x.fn = weak.Make(o), o.anchor
	}
	b.p.Store(x)
	return o
}
