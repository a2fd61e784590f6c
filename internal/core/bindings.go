package core

import (
	"runtime"
	"sync"
	"unsafe"
	"weak"
)

// Bindings maps the error-handler funcs an adapter made to their state,
// weakly, so that Describe finds the app's rules from the Echo's
// HTTPErrorHandler field. H is the adapter's handler type.
type Bindings[H any] struct {
	m sync.Map // uintptr (the func value's closure) -> weak.Pointer[H]
}

// funcKey is the address of a func value's closure: the same for every copy
// of one method value.
func funcKey[F any](fn F) uintptr {
	return uintptr(*(*unsafe.Pointer)(unsafe.Pointer(&fn)))
}

// Remember binds fn, a func value (a method value of h), to h, until h is
// collected.
func Remember[H, F any](b *Bindings[H], h *H, fn F) {
	type entry struct {
		k  uintptr
		wp weak.Pointer[H]
	}
	en := entry{funcKey(fn), weak.Make(h)}
	b.m.Store(en.k, en.wp)
	runtime.AddCleanup(h, func(en entry) { b.m.CompareAndDelete(en.k, en.wp) }, en)
}

// Lookup returns the state fn is bound to, or nil when fn (a func value, or
// a nil one) was not made by the adapter or was wrapped.
func Lookup[H, F any](b *Bindings[H], fn F, isNil bool) *H {
	if isNil {
		return nil
	}
	v, ok := b.m.Load(funcKey(fn))
	if !ok {
		return nil
	}
	return v.(weak.Pointer[H]).Value()
}
