package core

import (
	"sync"
	"unsafe"
)

// running is the requests whose handler functions and Renderers run now
// (Core.busy counts them), each with its state: a call of the error handler
// from inside one finds its request here. The context's own store would do,
// but Echo v4 allocates its map at a context's first Set, on every request
// that reaches a handler rule.
type running[C any] struct {
	mu   sync.Mutex
	list []runEntry[C]
}

type runEntry[C any] struct {
	c       ctxKey
	st      *reqState[C]
	writing bool // echoerr writes an answer through a Renderer
}

func (r *running[C]) push(c C, st *reqState[C], writing bool) {
	r.mu.Lock()
	r.list = append(r.list, runEntry[C]{c: keyOf(c), st: st, writing: writing})
	r.mu.Unlock()
}

// pop removes c's latest entry.
func (r *running[C]) pop(c C) {
	k := keyOf(c)
	r.mu.Lock()
	for i := len(r.list) - 1; i >= 0; i-- {
		if r.list[i].c == k {
			last := len(r.list) - 1
			copy(r.list[i:], r.list[i+1:])
			r.list[last] = runEntry[C]{}
			r.list = r.list[:last]
			break
		}
	}
	r.mu.Unlock()
}

// of returns the state of c's latest entry, and whether it is a Renderer's.
func (r *running[C]) of(c C) (*reqState[C], bool) {
	k := keyOf(c)
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := len(r.list) - 1; i >= 0; i-- {
		if e := r.list[i]; e.c == k {
			return e.st, e.writing
		}
	}
	return nil, false
}

// ctxKey is a context's identity: the type and data words of its interface
// value. Echo's contexts are pointers, whose data word is the pointer; a
// context of another kind is boxed anew each time, and never found again.
type ctxKey [2]unsafe.Pointer

func keyOf(c any) ctxKey {
	return *(*ctxKey)(unsafe.Pointer(&c))
}
