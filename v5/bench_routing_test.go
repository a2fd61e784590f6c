package echoerr_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/echoerr/echoerr/internal/scenario"
	"github.com/echoerr/echoerr/v5"
	"github.com/labstack/echo/v5"
)

// gitHubPrefixes are the four namespaces (or groups) of the routing
// benchmarks; the other routes are the app's.
var gitHubPrefixes = []string{"/repos", "/user", "/users", "/orgs"}

// gitHubApp serves the GitHub API route set with its four prefixes as
// namespaces or as plain Echo groups (Echo v5.3+'s, which add catch-all
// routes for group middleware), with mw as group middleware; every error
// is answered by echoerr.
func gitHubApp(namespaces bool, mw ...echo.MiddlewareFunc) *echo.Echo {
	e := echo.New()
	e.HTTPErrorHandler = quiet(echoerr.Config{})
	ok := func(c *echo.Context) error { return c.NoContent(http.StatusNoContent) }
	add := map[string]func(method, path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) echo.RouteInfo{}
	for _, p := range gitHubPrefixes {
		if namespaces {
			add[p] = echoerr.Group(e, p, mw...).Add
		} else {
			add[p] = e.Group(p, mw...).Add
		}
	}
	for _, r := range scenario.GitHubAPI {
		prefix := "/" + strings.SplitN(r[1], "/", 3)[1]
		if a, found := add[prefix]; found {
			a(r[0], strings.TrimPrefix(r[1], prefix), ok)
		} else {
			e.Add(r[0], r[1], ok)
		}
	}
	return e
}

// Requests of BenchmarkRouting (TestRoutingBenchmarkRequests checks their
// answers): a 404 and a 405 under /orgs, a 404 outside every prefix.
const (
	benchNotFoundPath         = "/orgs/x/nope/a/b"
	benchMethodNotAllowedPath = "/orgs/x/members"
	benchOutsidePath          = "/nope/deeper"
)

func benchServeMethod(b *testing.B, e *echo.Echo, method, path string) {
	b.Helper()
	w := &discardWriter{h: http.Header{}}
	req := httptest.NewRequest(method, path, nil)
	e.ServeHTTP(w, req)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		clear(w.h)
		e.ServeHTTP(w, req)
	}
}

// BenchmarkRouting: the router's 404 and 405 under a namespace against
// under a plain group, without and with group middleware, and a 404
// outside every prefix. With middleware, a v5.3+ group answers a wrong
// method 404 (its catch-alls): the 405's reference is the group without
// middleware.
func BenchmarkRouting(b *testing.B) {
	mw := func(next echo.HandlerFunc) echo.HandlerFunc { return func(c *echo.Context) error { return next(c) } }
	for _, tc := range []struct {
		name, method, path string
		mw                 []echo.MiddlewareFunc
	}{
		{"NotFound", http.MethodGet, benchNotFoundPath, nil},
		{"MethodNotAllowed", http.MethodDelete, benchMethodNotAllowedPath, nil},
		{"NotFoundMW", http.MethodGet, benchNotFoundPath, []echo.MiddlewareFunc{mw}},
		{"MethodNotAllowedMW", http.MethodDelete, benchMethodNotAllowedPath, []echo.MiddlewareFunc{mw}},
	} {
		b.Run(tc.name+"/Group", func(b *testing.B) { benchServeMethod(b, gitHubApp(false, tc.mw...), tc.method, tc.path) })
		b.Run(tc.name+"/Namespace", func(b *testing.B) { benchServeMethod(b, gitHubApp(true, tc.mw...), tc.method, tc.path) })
	}
	b.Run("NotFoundOutside/Group", func(b *testing.B) { benchServeMethod(b, gitHubApp(false), http.MethodGet, benchOutsidePath) })
	b.Run("NotFoundOutside/Namespace", func(b *testing.B) { benchServeMethod(b, gitHubApp(true), http.MethodGet, benchOutsidePath) })
}

// TestRoutingBenchmarkRequests checks what the routing benchmarks measure:
// each request gets the answer its name says, from the level it should.
func TestRoutingBenchmarkRequests(t *testing.T) {
	mw := func(next echo.HandlerFunc) echo.HandlerFunc { return func(c *echo.Context) error { return next(c) } }
	for _, tc := range []struct {
		method, path string
		status       int
	}{
		{http.MethodGet, benchNotFoundPath, http.StatusNotFound},
		{http.MethodDelete, benchMethodNotAllowedPath, http.StatusMethodNotAllowed},
		{http.MethodGet, benchOutsidePath, http.StatusNotFound},
	} {
		for _, ns := range []bool{false, true} {
			for _, m := range [][]echo.MiddlewareFunc{nil, {mw}} {
				want := tc.status
				if !ns && m != nil && tc.status == http.StatusMethodNotAllowed {
					want = http.StatusNotFound // a v5.3+ group's catch-alls
				}
				rec := httptest.NewRecorder()
				gitHubApp(ns, m...).ServeHTTP(rec, httptest.NewRequest(tc.method, tc.path, nil))
				if rec.Code != want {
					t.Errorf("%s %s (namespaces %v, middleware %v): %d, want %d", tc.method, tc.path, ns, m != nil, rec.Code, want)
				}
			}
		}
	}
}
