package core

import (
	"strconv"
	"testing"
	"time"
)

// The ownership tables are built off the request path once the routes stay
// unchanged for warmAfter: the first error answer after setup finds them.
// A later change drops them, and they are built again.
func TestTablesWarmAfterSetup(t *testing.T) {
	o := &Owners[int]{}
	ns := NewLevel[int](nil, "/api")
	o.Prefix("", "/api", ns)
	for i := range 2000 {
		o.Record("", "GET", "/api/r"+strconv.Itoa(i)+"/:id", ns)
	}
	built := func() bool {
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			if o.snap.Load() != nil {
				return true
			}
		}
		return false
	}
	if !built() {
		t.Fatal("the tables were not built after setup")
	}
	if w := o.table().paths.get("", "/api/r1999/:id"); w == nil || w.methods[0].lv != ns {
		t.Fatalf("the warmed table does not hold the last route: %+v", w)
	}
	o.Record("", "POST", "/api/late", nil)
	if !built() {
		t.Fatal("the tables were not built again after a late route")
	}
	if w := o.table().paths.get("", "/api/late"); w == nil {
		t.Fatal("the table built again does not hold the late route")
	}
}

// An error right after setup, before warm: the table is built on the
// request path without its address index (a large table) and without the
// prefix index until a path no route matched needs it; every lookup
// answers as the complete table does. A change afterwards leaves the
// published table as it was.
func TestTableBeforeWarm(t *testing.T) {
	o := &Owners[int]{}
	o.Alive = func() bool { return false } // warm builds nothing here, whatever the machine's speed
	api := NewLevel[int](nil, "/api")
	o.Prefix("", "/api", api)
	paths := make([]string, 2000)
	for i := range paths {
		paths[i] = "/api/r" + strconv.Itoa(i) + "/:id"
		o.Record("", "GET", paths[i], api)
	}
	o.Record("", "GET", "/health", nil)
	tb := o.table()
	if tb.byData.Load() != nil || tb.prefixes.Load() != nil {
		t.Fatal("a large table built on the request path built its address and prefix indexes too")
	}
	check := func(when string) {
		t.Helper()
		if w, more := o.Find(&Request{Method: "GET", Route: paths[1999], Path: "/api/r1999/7"}); w.Level != api || more {
			t.Errorf("%s: a namespace's route: %v %v", when, w.Level, more)
		}
		if w, _ := o.Find(&Request{Method: "GET", Route: "/health", Path: "/health"}); w.Level != nil {
			t.Errorf("%s: an app route is the namespace's", when)
		}
		if w, _ := o.Find(&Request{Method: "GET", Path: "/api/nope"}); w.Level != api {
			t.Errorf("%s: a path no route matched under /api: %v", when, w.Level)
		}
		if w, _ := o.Find(&Request{Method: "GET", Path: "/nope"}); w.Level != nil {
			t.Errorf("%s: a path outside /api is the namespace's", when)
		}
	}
	check("before warm")
	if tb.prefixes.Load() == nil {
		t.Fatal("the prefix index was not built when a path needed it")
	}
	tb.addresses()
	if tb.byData.Load() == nil {
		t.Fatal("no address index")
	}
	check("after warm")
	o.Record("", "GET", "/api/late", nil) // the app's route under /api
	if tb.paths.get("", "/api/late") != nil {
		t.Fatal("a change after the table was published changed its records")
	}
	if w, _ := o.Find(&Request{Method: "GET", Route: "/api/late", Path: "/api/late"}); w.Level != nil {
		t.Errorf("the late app route: %v", w.Level)
	}
	check("after a change")
}
