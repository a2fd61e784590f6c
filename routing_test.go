package echoerr_test

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/stretchr/testify/assert"

	"github.com/echoerr/echoerr"
)

// routeSpec is one route of a parity case; method echo.RouteNotFound for a
// user's RouteNotFound route.
type routeSpec struct{ method, path string }

// parityCase is a route table from Echo v4.16's router and group tests, with
// requests to replay against plain Echo and against namespaces.
type parityCase struct {
	name     string
	routes   []routeSpec
	requests []routeSpec
}

var parityCases = []parityCase{
	{
		name:   "TestMethodNotAllowedAndNotFound: 405 from the best-matching node",
		routes: []routeSpec{{"GET", "/*"}, {"POST", "/users/:id"}},
		requests: []routeSpec{{"PUT", "/users/1"}, {"POST", "/users/1"}, {"GET", "/users/1"},
			{"OPTIONS", "/users/1"}, {"DELETE", "/users"}, {"PATCH", "/"}},
	},
	{
		name: "TestNotFoundRouteAnyKind: user RouteNotFound routes",
		routes: []routeSpec{{"GET", "/"}, {"GET", "/a/c/df"}, {"GET", "/a/b*"}, {"PUT", "/*"},
			{echo.RouteNotFound, "/a/c/d*"}, {echo.RouteNotFound, "/a/*"}, {echo.RouteNotFound, "/*"}},
		requests: []routeSpec{{"GET", "/xx"}, {"GET", "/a/xx"}, {"GET", "/a/c/dxxx"}, {"GET", "/a/c/df"},
			{"POST", "/a/c/df"}, {"DELETE", "/"}, {"OPTIONS", "/a/c/df"}, {"POST", "/a/bcd"}},
	},
	{
		name:   "TestNotFoundRouteStaticKind: a user's RouteNotFound at a static path with other methods",
		routes: []routeSpec{{"PUT", "/"}, {"GET", "/a"}, {"PUT", "/*"}, {echo.RouteNotFound, "/"}},
		requests: []routeSpec{{"GET", "/"}, {"GET", "/a"}, {"POST", "/a"}, {"OPTIONS", "/"},
			{"DELETE", "/"}, {"GET", "/b"}},
	},
	{
		name: "TestRouter_notFoundRouteWithNodeSplitting",
		routes: []routeSpec{{"GET", "/test*"}, {echo.RouteNotFound, "/*"}, {echo.RouteNotFound, "/test"},
			{"GET", "/te/st*"}},
		requests: []routeSpec{{"PUT", "/test"}, {"GET", "/testing"}, {"POST", "/te/stx"}, {"GET", "/zz"}},
	},
	{
		name: "a REST table",
		routes: []routeSpec{{"GET", "/users"}, {"POST", "/users"}, {"GET", "/users/:id"}, {"PUT", "/users/:id"},
			{"DELETE", "/users/:id"}, {"GET", "/files/*"}, {"PURGE", "/cache"}, {"GET", "/"}},
		requests: []routeSpec{{"DELETE", "/users"}, {"PATCH", "/users/1"}, {"OPTIONS", "/users/1"}, {"GET", "/nope"},
			{"POST", "/files/a/b"}, {"GET", "/cache"}, {"OPTIONS", "/cache"}, {"PURGE", "/users"}, {"POST", "/"},
			{"GET", "/users/1/more"}, {"HEAD", "/users"}},
	},
}

// answer is what a client and an outer middleware see of one request.
type parityAnswer struct {
	status int
	allow  string
	body   string
	key    any // echo.ContextKeyHeaderAllow, read by e.Use middleware after next
}

func (a parityAnswer) String() string {
	return fmt.Sprintf("%d Allow=%q key=%v body=%s", a.status, a.allow, a.key, a.body)
}

// parityApp is an app whose handlers answer 200 with their route, whose
// e.Use middleware records the Allow key, and whose error handler is echoerr.
func parityApp() (*echo.Echo, *any) {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Logger: slog.New(slog.DiscardHandler)})
	key := new(any)
	e.Use(func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			err := next(c)
			*key = c.Get(echo.ContextKeyHeaderAllow)
			return err
		}
	})
	return e, key
}

func routeHandler(spec routeSpec) echo.HandlerFunc {
	return func(c echo.Context) error {
		return c.String(http.StatusOK, spec.method+" "+spec.path+" "+c.Path())
	}
}

func ask(e *echo.Echo, key *any, host, method, path string) parityAnswer {
	*key = nil
	req := httptest.NewRequest(method, path, nil)
	if host != "" {
		req.Host = host
	}
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	return parityAnswer{rec.Code, rec.Header().Get(echo.HeaderAllow), strings.TrimSpace(rec.Body.String()), *key}
}

// TestRoutingParityWithEcho replays Echo's own router tests with the routes
// moved into namespaces (at the root, under a prefix, three deep, on a host
// router, with and without group middleware), and compares every answer with
// group-less Echo's: status, Allow, body and the Allow key in the context.
// Every router 404 and 405 under the prefix is seen by the namespace.
//
// One documented exception: with group middleware, Echo's group catch-all
// routes hide some handlers from the router (a user's RouteNotFound route at
// a static path, a wildcard route for the prefix path itself), where Echo
// answers 404 for a plain group with the same middleware; a namespace with
// middleware answers as that plain group does.
func TestRoutingParityWithEcho(t *testing.T) {
	layouts := []struct {
		name   string
		prefix string // where the routes go
		host   string
		mw     bool
		nested bool
	}{
		{name: "root namespace", prefix: ""},
		{name: "namespace /api", prefix: "/api"},
		{name: "namespace /api with middleware", prefix: "/api", mw: true},
		{name: "three deep /a/b/c", prefix: "/a/b/c", nested: true},
		{name: "three deep with middleware", prefix: "/a/b/c", nested: true, mw: true},
		{name: "host router", prefix: "/api", host: "h.example"},
		{name: "host router with middleware", prefix: "/api", host: "h.example", mw: true},
	}
	for _, pc := range parityCases {
		for _, lay := range layouts {
			t.Run(pc.name+"/"+lay.name, func(t *testing.T) {
				ref, refKey := parityApp()
				add := ref.Add
				if lay.host != "" {
					add = ref.Host(lay.host).Add
				}
				for _, r := range pc.routes {
					add(r.method, lay.prefix+r.path, routeHandler(routeSpec{r.method, lay.prefix + r.path}))
				}
				// The same routes in a plain Echo group with the same middleware.
				plain, plainKey := parityApp()
				if lay.mw {
					var pg *echo.Group
					pass := func(next echo.HandlerFunc) echo.HandlerFunc { return next }
					switch {
					case lay.host != "":
						pg = plain.Host(lay.host).Group(lay.prefix, pass)
					case lay.nested:
						pg = plain.Group("/a", pass).Group("/b").Group("/c")
					default:
						pg = plain.Group(lay.prefix, pass)
					}
					for _, r := range pc.routes {
						pg.Add(r.method, r.path, routeHandler(routeSpec{r.method, lay.prefix + r.path}))
					}
				}

				e, key := parityApp()
				var mw []echo.MiddlewareFunc
				mwRuns := 0
				if lay.mw {
					mw = append(mw, func(next echo.HandlerFunc) echo.HandlerFunc {
						return func(c echo.Context) error { mwRuns++; return next(c) }
					})
				}
				var ns *echoerr.Namespace
				switch {
				case lay.host != "":
					ns = echoerr.Group(e.Host(lay.host), lay.prefix, mw...)
				case lay.nested:
					ns = echoerr.Group(e, "/a", mw...).Group("/b").Group("/c")
				default:
					ns = echoerr.Group(e, lay.prefix, mw...)
				}
				seen := 0
				ns.ErrorHandler(func(c echo.Context, err error) error { seen++; return err })
				for _, r := range pc.routes {
					ns.Add(r.method, r.path, routeHandler(routeSpec{r.method, lay.prefix + r.path}))
				}

				for _, q := range pc.requests {
					path := lay.prefix + q.path
					want := ask(ref, refKey, lay.host, q.method, path)
					if lay.mw && want.status == http.StatusOK {
						if p := ask(plain, plainKey, lay.host, q.method, path); p.status == http.StatusNotFound {
							want = p // the documented exception
						}
					}
					seen, mwRuns = 0, 0
					got := ask(e, key, lay.host, q.method, path)
					assert.Equal(t, want.String(), got.String(), "%s %s", q.method, path)
					if want.status == http.StatusNotFound || want.status == http.StatusMethodNotAllowed {
						if !strings.Contains(want.body, " ") { // the router's answer, not a user's RouteNotFound handler
							assert.Equal(t, 1, seen, "%s %s: the namespace sees the router's %d", q.method, path, want.status)
						}
					}
					if want.status == http.StatusNotFound && lay.mw && lay.host == "" {
						// Echo's catch-all routes run the group middleware for a 404.
						assert.Equal(t, 1, mwRuns, "%s %s: group middleware runs for the 404", q.method, path)
					}
				}
				// Outside the prefix: the app's, as in Echo.
				if lay.prefix != "" {
					want := ask(ref, refKey, lay.host, http.MethodGet, "/elsewhere")
					seen = 0
					got := ask(e, key, lay.host, http.MethodGet, "/elsewhere")
					assert.Equal(t, want.String(), got.String())
					assert.Zero(t, seen, "a 404 outside the prefix is not the namespace's")
				}
			})
		}
	}
}

// middleware.CORS reads the Allow key the router sets for OPTIONS; under a
// namespace it finds it as under plain Echo.
func TestCORSPreflightUnderANamespace(t *testing.T) {
	build := func(ns bool) *echo.Echo {
		e := echo.New()
		e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Logger: slog.New(slog.DiscardHandler)})
		e.Use(middleware.CORS())
		ok := func(c echo.Context) error { return c.NoContent(http.StatusOK) }
		if ns {
			api := echoerr.Group(e, "/api")
			api.GET("/users", ok)
			api.POST("/users", ok)
		} else {
			e.GET("/api/users", ok)
			e.POST("/api/users", ok)
		}
		return e
	}
	for _, origin := range []string{"", "https://example.com"} {
		req := func() *http.Request {
			r := httptest.NewRequest(http.MethodOptions, "/api/users", nil)
			if origin != "" {
				r.Header.Set(echo.HeaderOrigin, origin)
			}
			return r
		}
		want, got := httptest.NewRecorder(), httptest.NewRecorder()
		build(false).ServeHTTP(want, req())
		build(true).ServeHTTP(got, req())
		assert.Equal(t, want.Code, got.Code, "origin %q", origin)
		assert.Equal(t, want.Header(), got.Header(), "origin %q", origin)
		assert.Equal(t, "OPTIONS, GET, POST", got.Header().Get(echo.HeaderAllow), "origin %q", origin)
	}
}

// A namespace without middleware adds no route to Echo's router.
func TestNamespaceWithoutMiddlewareAddsNoRoutes(t *testing.T) {
	e := echo.New()
	api := echoerr.Group(e, "/api")
	v1 := api.Group("/v1")
	v1.GET("/x", func(c echo.Context) error { return nil })
	var paths []string
	for _, r := range e.Routes() {
		paths = append(paths, r.Method+" "+r.Path)
	}
	assert.Equal(t, []string{"GET /api/v1/x"}, paths)

	withMW := echo.New()
	mw := func(next echo.HandlerFunc) echo.HandlerFunc { return next }
	echoerr.Group(withMW, "/api", mw).GET("/x", func(c echo.Context) error { return nil })
	plain := echo.New()
	plain.Group("/api", mw).GET("/x", func(c echo.Context) error { return nil })
	assert.ElementsMatch(t, routeList(plain), routeList(withMW), "with middleware, the routes Echo's group has")
}

func routeList(e *echo.Echo) []string {
	var out []string
	for _, r := range e.Routes() {
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}
