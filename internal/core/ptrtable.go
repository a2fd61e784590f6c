package core

import (
	"unsafe"
)

// ptrTable is an immutable open-addressing hash table from addresses to
// values: type descriptors to rules (the index), the data of route path
// strings to their records (owners). Distinct objects have distinct
// addresses, so a multiplicative hash of the address spreads them well, and
// a lookup costs a multiply and, mostly, one probe: less than a Go map's
// hash call.
type ptrTable[V any] struct {
	shift uint
	keys  []unsafe.Pointer
	vals  []V
}

func newPtrTable[V any](m map[unsafe.Pointer]V) *ptrTable[V] {
	t := newPtrTableSized[V](len(m))
	for k, v := range m {
		t.put(k, v)
	}
	return t
}

// newPtrTableSized returns an empty table for up to n keys, which put
// fills while it is built.
func newPtrTableSized[V any](n int) *ptrTable[V] {
	bits := uint(1)
	for 1<<bits < 2*n {
		bits++
	}
	return &ptrTable[V]{shift: 64 - bits, keys: make([]unsafe.Pointer, 1<<bits), vals: make([]V, 1<<bits)}
}

// put sets k's value (k not nil); build time only. A key put twice keeps
// its first value.
func (t *ptrTable[V]) put(k unsafe.Pointer, v V) {
	i := t.slot(k)
	for t.keys[i] != nil {
		if t.keys[i] == k {
			return
		}
		i = (i + 1) & uintptr(len(t.keys)-1)
	}
	t.keys[i], t.vals[i] = k, v
}

func (t *ptrTable[V]) slot(k unsafe.Pointer) uintptr {
	return uintptr((uint64(uintptr(k)) * 0x9E3779B97F4A7C15) >> t.shift)
}

// get returns k's value, or the zero V.
func (t *ptrTable[V]) get(k unsafe.Pointer) V {
	mask := uintptr(len(t.keys) - 1)
	for i := t.slot(k); ; i = (i + 1) & mask {
		switch t.keys[i] {
		case k:
			return t.vals[i]
		case nil:
			var zero V
			return zero
		}
	}
}
