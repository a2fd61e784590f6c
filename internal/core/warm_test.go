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
	if w := o.table().paths[hostPath{"", "/api/r1999/:id"}]; w == nil || w.methods[0].lv != ns {
		t.Fatalf("the warmed table does not hold the last route: %+v", w)
	}
	o.Record("", "POST", "/api/late", nil)
	if !built() {
		t.Fatal("the tables were not built again after a late route")
	}
	if w := o.table().paths[hostPath{"", "/api/late"}]; w == nil {
		t.Fatal("the table built again does not hold the late route")
	}
}
