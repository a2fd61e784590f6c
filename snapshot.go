package echoerr

import (
	"sync"
	"sync/atomic"
)

// snapshot holds a read-only value derived from state that setup code
// changes: writers change the state inside update, which drops the value;
// the request path calls get, which reads the value without locking and
// rebuilds it once after each change.
type snapshot[T any] struct {
	mu sync.Mutex
	v  atomic.Pointer[T]
}

// update runs change under the lock and drops the derived value.
func (s *snapshot[T]) update(change func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	change()
	s.v.Store(nil)
}

// get returns the derived value, building it under the lock if a change
// dropped it.
func (s *snapshot[T]) get(build func() *T) *T {
	if v := s.v.Load(); v != nil {
		return v
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if v := s.v.Load(); v != nil {
		return v
	}
	v := build()
	s.v.Store(v)
	return v
}
