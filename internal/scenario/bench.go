package scenario

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// The loops of the benchmarks both adapters run alike; each adapter
// supplies what is typed by its Echo.

// BenchSetup runs setup, which builds an app of 1,000 namespaces (or plain
// groups) of 10 routes, as the cases Groups and Namespaces of
// BenchmarkSetup.
func BenchSetup(b *testing.B, setup func(namespaces bool)) {
	b.Run("Groups", func(b *testing.B) {
		for b.Loop() {
			setup(false)
		}
	})
	b.Run("Namespaces", func(b *testing.B) {
		for b.Loop() {
			setup(true)
		}
	})
}

// BenchFirstError times h's answer to GET path (a route's error) just after
// a change to the routes: before each, addRoute(i) adds a route, untimed,
// which drops the ownership tables as setup leaves them, so that the error
// builds what it needs. (Building the whole app again for each error would
// take the benchmark minutes.)
func BenchFirstError(b *testing.B, h http.Handler, path string, addRoute func(i int)) {
	w := &discard{h: http.Header{}}
	req := httptest.NewRequest(http.MethodGet, path, nil)
	i := 0
	for b.Loop() {
		b.StopTimer()
		i++
		addRoute(i)
		clear(w.h)
		b.StartTimer()
		h.ServeHTTP(w, req)
	}
}

// discard is a ResponseWriter that keeps nothing.
type discard struct{ h http.Header }

func (w *discard) Header() http.Header         { return w.h }
func (w *discard) Write(b []byte) (int, error) { return len(b), nil }
func (w *discard) WriteHeader(int)             {}
