package core

import (
	"testing"
	"unsafe"
)

func TestTypeTable(t *testing.T) {
	for _, n := range []int{1, 2, 9, 100, 1000} {
		keys := make([]int64, 2*n) // distinct addresses; the second half is never inserted
		m := map[unsafe.Pointer]*rule[any]{}
		want := map[unsafe.Pointer]*rule[any]{}
		for i := 0; i < n; i++ {
			r := &rule[any]{code: i}
			m[unsafe.Pointer(&keys[i])] = r
			want[unsafe.Pointer(&keys[i])] = r
		}
		tt := newPtrTable(m)
		for i := range keys {
			k := unsafe.Pointer(&keys[i])
			if got := tt.get(k); got != want[k] {
				t.Fatalf("n=%d key %d: got %v, want %v", n, i, got, want[k])
			}
		}
	}
}
