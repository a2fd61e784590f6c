package core

import (
	"runtime"
	"sync"
	"testing"
	"time"
	"weak"
)

// fakeEcho stands for an Echo: a struct with a context pool.
type fakeEcho struct {
	name string
	pool sync.Pool
}

// noPool stands for an Echo version whose pool echoerr does not know.
type noPool struct{ name string }

func TestRegistriesLifetime(t *testing.T) {
	rs := Registries[fakeEcho, int]{Pool: "pool"}
	e := &fakeEcho{name: "a"}
	e.pool.New = func() any { return "ctx of " + e.name }
	o := rs.For(e)
	o.Prefix("", "/api", NewLevel[int](nil, "/api"))
	wo := weak.Make(o)
	o = nil
	for range 3 {
		runtime.GC()
	}
	if wo.Value() == nil || rs.Lookup(e) == nil {
		t.Fatal("the Owners of a live Echo were collected")
	}
	if got := e.pool.Get(); got != "ctx of a" {
		t.Fatalf("the pool's New was changed: %v", got)
	}
	var b Bound[fakeEcho, int]
	first := rs.Of(&b, e)
	if first != wo.Value() || rs.Of(&b, e) != first {
		t.Fatal("Of does not find the Owners, or its cache is wrong")
	}
	other := &fakeEcho{name: "b"}
	if rs.Of(&b, other) != nil {
		t.Fatal("another Echo shares the Owners")
	}
	if rs.For(other) == wo.Value() || rs.Of(&b, other) == nil {
		t.Fatal("a new Owners is not found through the cache")
	}
	we := weak.Make(e)
	e, other = nil, nil
	deadline := time.Now().Add(5 * time.Second)
	for wo.Value() != nil || we.Value() != nil || rs.Len() != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("Owners of a dropped Echo are alive (owners %v, echo %v, entries %d)", wo.Value() != nil, we.Value() != nil, rs.Len())
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
}

func TestRegistriesWithoutAPool(t *testing.T) {
	rs := Registries[noPool, int]{Pool: "pool"}
	e := &noPool{name: "x"}
	o := rs.For(e)
	for range 3 {
		runtime.GC()
	}
	var b Bound[noPool, int]
	if rs.Lookup(e) != o || rs.Of(&b, e) != o || rs.Of(&b, e) != o {
		t.Fatal("Owners kept strongly are not found")
	}
}
