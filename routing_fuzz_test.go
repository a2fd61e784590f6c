package echoerr_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/echoerr/echoerr"
)

// Pieces of the route tables FuzzRoutingParity builds.
var (
	fuzzMethods  = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete, "PURGE", echo.RouteNotFound}
	fuzzSegments = []string{"a", "b", "users", ":id", ":name", "*", "files", "te", "test", "f-:n", "", "s*"}
	fuzzReqSegs  = []string{"a", "b", "users", "1", "x", "files", "te", "test", "testing", "f-1", "", "s1"}
	fuzzReqVerbs = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodOptions, http.MethodHead, "PURGE"}
)

// FuzzRoutingParity builds a random route table from the input, registers it
// on group-less Echo and in a namespace (at the root or under /api, with or
// without group middleware), and checks that a random request gets the same
// answer from both: status, Allow, body and the Allow key in the context,
// and that the namespace saw every router 404 and 405. As in
// TestRoutingParityWithEcho, with group middleware a handler that Echo's
// catch-all routes hide (a user's RouteNotFound at a static path, a
// wildcard route for the prefix itself) is answered as a plain Echo group
// with the same middleware answers it: 404.
func FuzzRoutingParity(f *testing.F) {
	f.Add([]byte{0, 3, 1, 2, 3, 0, 1, 4, 2}, []byte{2, 2, 3}, uint8(0))
	f.Add([]byte{0, 0, 5, 1, 0, 2, 5, 1, 1, 0}, []byte{0, 0, 4}, uint8(1))
	f.Add([]byte{5, 7, 0, 8, 5, 8, 0}, []byte{2, 7}, uint8(3))
	f.Add([]byte{1, 2, 2, 3, 3, 2, 2, 3, 4, 6, 5}, []byte{4, 2, 3}, uint8(2))
	f.Add([]byte{0, 2, 2, 3, 1, 1, 2}, []byte{3, 2, 3}, uint8(7))
	f.Fuzz(func(t *testing.T, table, request []byte, layout uint8) {
		var routes []routeSpec
		for i := 0; i+1 < len(table) && len(routes) < 8; {
			method := fuzzMethods[int(table[i])%len(fuzzMethods)]
			n := int(table[i+1])%3 + 1
			i += 2
			var segs []string
			for j := 0; j < n && i < len(table); j, i = j+1, i+1 {
				s := fuzzSegments[int(table[i])%len(fuzzSegments)]
				segs = append(segs, s)
				if s == "*" {
					break // a wildcard ends a path
				}
			}
			routes = append(routes, routeSpec{method, "/" + strings.Join(segs, "/")})
		}
		if len(routes) == 0 || len(request) == 0 {
			return
		}
		verb := fuzzReqVerbs[int(request[0])%len(fuzzReqVerbs)]
		var segs []string
		for _, b := range request[1:] {
			segs = append(segs, fuzzReqSegs[int(b)%len(fuzzReqSegs)])
		}
		prefix := []string{"", "/api"}[layout%2]
		mw := layout&2 != 0
		host := ""
		if layout&4 != 0 {
			host = "h.example" // routes on a host router
		}
		path := prefix + "/" + strings.Join(segs, "/")

		ref, refKey := parityApp()
		refAdd := ref.Add
		if host != "" {
			refAdd = ref.Host(host).Add
		}
		for _, r := range routes {
			refAdd(r.method, prefix+r.path, routeHandler(routeSpec{r.method, prefix + r.path}))
		}
		var mws []echo.MiddlewareFunc
		if mw {
			mws = append(mws, func(next echo.HandlerFunc) echo.HandlerFunc { return next })
		}
		e, key := parityApp()
		var ns *echoerr.Namespace
		if host != "" {
			ns = echoerr.Group(e.Host(host), prefix, mws...)
		} else {
			ns = echoerr.Group(e, prefix, mws...)
		}
		seen := 0
		ns.ErrorHandler(func(c echo.Context, err error) error { seen++; return err })
		for _, r := range routes {
			ns.Add(r.method, r.path, routeHandler(routeSpec{r.method, prefix + r.path}))
		}

		want := ask(ref, refKey, host, verb, path)
		if mw && want.status == http.StatusOK {
			plain, plainKey := parityApp()
			g := plain.Group(prefix, mws...)
			if host != "" {
				g = plain.Host(host).Group(prefix, mws...)
			}
			for _, r := range routes {
				g.Add(r.method, r.path, routeHandler(routeSpec{r.method, prefix + r.path}))
			}
			if p := ask(plain, plainKey, host, verb, path); p.status == http.StatusNotFound {
				want = p
			}
		}
		got := ask(e, key, host, verb, path)
		if want.String() != got.String() {
			t.Fatalf("routes %v, %s %s (prefix %q, middleware %v):\nEcho:      %s\nnamespace: %s", routes, verb, path, prefix, mw, want, got)
		}
		if (want.status == http.StatusNotFound || want.status == http.StatusMethodNotAllowed) && !strings.Contains(want.body, " ") && seen != 1 {
			t.Fatalf("routes %v, %s %s: the namespace saw the router's %d %d times", routes, verb, path, want.status, seen)
		}
	})
}
