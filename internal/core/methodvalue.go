package core

import (
	"sync"
	"unsafe"
)

// MethodValue reads back the receiver of method values that one function
// makes, such as the error handler NewWithConfig returns (h.serveError):
// a value whose method is the func, instead of a table from funcs to their
// state. A method value is a closure whose first word is its code and whose
// second is the receiver; the code is the same for every method value made
// at one place. Receiver checks that layout once, on a probe, and finds
// nothing (a wrapped func, another compiler) rather than guess.
//
// F is a func type; make must be one function (not inlined, so that its
// method value has one code) that returns r's method value.
type MethodValue[R, F any] struct {
	Make func(r *R) F

	once sync.Once
	code uintptr
	ok   bool
}

func (m *MethodValue[R, F]) init() {
	m.once.Do(func() {
		a, b := new(R), new(R)
		fa, fb := m.Make(a), m.Make(b)
		ca, ra := funcWords(unsafe.Pointer(&fa))
		cb, rb := funcWords(unsafe.Pointer(&fb))
		m.code = ca
		m.ok = ca == cb && ca != 0 && ra == unsafe.Pointer(a) && rb == unsafe.Pointer(b)
	})
}

// funcWords returns the code and the first captured word of the func value
// at p (a pointer to a func variable).
func funcWords(p unsafe.Pointer) (uintptr, unsafe.Pointer) {
	fv := *(*unsafe.Pointer)(p)
	if fv == nil {
		return 0, nil
	}
	return *(*uintptr)(fv), *(*unsafe.Pointer)(unsafe.Add(fv, unsafe.Sizeof(uintptr(0))))
}

// Valid reports whether method values can be read back here: when false,
// Receiver always returns nil.
func (m *MethodValue[R, F]) Valid() bool {
	m.init()
	return m.ok
}

// Receiver returns the receiver of fn when Make made it, else nil.
func (m *MethodValue[R, F]) Receiver(fn F) *R {
	m.init()
	if !m.ok {
		return nil
	}
	code, recv := funcWords(unsafe.Pointer(&fn))
	if code != m.code {
		return nil
	}
	return (*R)(recv)
}
