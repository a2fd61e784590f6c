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
	if !anchor(e, rs.Pool, o) {
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

// anchor makes v live as long as owner: the New func of owner's sync.Pool
// field named field refers to v. It reports false when owner has no such
// field.
func anchor(owner any, field string, v any) bool {
	rv := reflect.ValueOf(owner)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return false
	}
	f := rv.Elem().FieldByName(field)
	if !f.IsValid() || f.Type() != reflect.TypeFor[sync.Pool]() {
		return false
	}
	p := (*sync.Pool)(unsafe.Pointer(f.UnsafeAddr()))
	prev := p.New
	p.New = func() any {
		runtime.KeepAlive(v)
		if prev == nil {
			return nil
		}
		return prev()
	}
	return true
}

// Bound caches, in one error handler, the Owners of the Echo it served
// last, without keeping either alive: a handler may serve several Echos.
type Bound[E, C any] struct {
	p atomic.Pointer[binding[E, C]]
}

type binding[E, C any] struct {
	e   weak.Pointer[E]         // the Echo; its Value is nil once collected, even if the address is reused
	o   weak.Pointer[Owners[C]] // zero when the Echo had none
	gen uint64                  // the Registries' gen when o was looked up
}

// Of returns e's Owners through b's cache, or nil.
func (rs *Registries[E, C]) Of(b *Bound[E, C], e *E) *Owners[C] {
	if x := b.p.Load(); x != nil && x.e.Value() == e {
		if x.o == (weak.Pointer[Owners[C]]{}) {
			if x.gen == rs.gen.Load() {
				return nil // still no namespace
			}
		} else if o := x.o.Value(); o != nil {
			return o
		}
	}
	x := &binding[E, C]{e: weak.Make(e), gen: rs.gen.Load()}
	o := rs.Lookup(e)
	if o != nil {
		x.o = weak.Make(o)
	}
	b.p.Store(x)
	return o
}
