package core

import (
	"unsafe"
)

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
