package core

import (
	"sync"
	"sync/atomic"
)

// Snapshot holds a read-only value derived from state that setup code
// changes: writers change the state inside update, which drops the value;
// the request path calls get, which reads the value without locking and
// rebuilds it once after each change.
type Snapshot[T any] struct {
	mu sync.Mutex
	v  atomic.Pointer[T]
}

// Update runs change under the lock and drops the derived value.
func (s *Snapshot[T]) Update(change func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	change()
	s.v.Store(nil)
}

// Get returns the derived value, building it under the lock if a change
// dropped it.
func (s *Snapshot[T]) Get(build func() *T) *T {
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

// Load returns the derived value, nil when it was dropped.
func (s *Snapshot[T]) Load() *T { return s.v.Load() }

// Store sets the derived value; the caller holds the lock.
func (s *Snapshot[T]) Store(v *T) { s.v.Store(v) }

// Lock and Unlock take the lock that Update and Get hold.
func (s *Snapshot[T]) Lock()   { s.mu.Lock() }
func (s *Snapshot[T]) Unlock() { s.mu.Unlock() }
