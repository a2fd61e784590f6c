package echoerr_test

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/echoerr/echoerr"
)

// failing is group middleware that fails every request with err.
func failing(err error) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error { return err }
	}
}

// byLevel registers a catch-all at ns that names it.
func byLevel(ns *echoerr.Namespace, name string) {
	ns.ErrorHandler(func(c echo.Context, err error) error {
		return c.JSON(http.StatusTeapot, map[string]string{"by": name, "err": err.Error()})
	})
}

func TestNestedNamespacesThreeDeep(t *testing.T) {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New(echoerr.CatchAll(tag("app", http.StatusTeapot)))
	a := echoerr.Group(e, "/a")
	b := a.Group("/b")
	c := echoerr.Group(b, "/c") // Group accepts a *Namespace parent too
	a.Handle(echoerr.On(func(ctx echo.Context, err *BaseErr) error { return tag("a", 418)(ctx, err) }))
	b.Handle(echoerr.OnStatus(http.StatusForbidden, tag("b", 418)))
	c.Handle(echoerr.On(func(ctx echo.Context, err *E) error { return tag("c", 418)(ctx, err) }))
	for _, ns := range []*echoerr.Namespace{a, b, c} {
		ns.GET("/e", returning(&E{}))
		ns.GET("/forbidden", returning(echo.ErrForbidden))
		ns.GET("/base", returning(&SubErr{Base: &BaseErr{}}))
		ns.GET("/plain", returning(errors.New("plain")))
	}
	assert.Equal(t, "/a/b/c", c.Prefix())

	cases := []struct{ path, by string }{
		{"/a/b/c/e", "c"},
		{"/a/b/c/forbidden", "b"},
		{"/a/b/c/base", "a"},
		{"/a/b/c/plain", "app"},
		{"/a/b/c/missing", "app"},
		{"/a/b/e", "app"}, // c's handler is c's only
		{"/a/b/forbidden", "b"},
		{"/a/b/base", "a"},
		{"/a/e", "app"},
		{"/a/forbidden", "app"},
		{"/a/base", "a"},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			assertJSON(t, serve(e, http.MethodGet, tc.path), 418, fmt.Sprintf(`{"by":%q}`, tc.by))
		})
	}
}

func TestNamespaceOwnsItsRoutingNotFound(t *testing.T) {
	cases := []struct {
		name   string
		mw     bool
		path   string
		status int
		by     string
	}{
		{"ok, 404 under a prefix without group middleware", false, "/api/nope", 418, "api"},
		{"ok, 404 under a prefix with group middleware", true, "/api/nope", 418, "api"},
		{"ok, 404 at the prefix itself", false, "/api", 418, "api"},
		{"ok, 404 under a nested prefix", false, "/api/v1/nope/deeper", 418, "v1"},
		{"ok, 404 under a nested prefix with middleware", true, "/api/v1/nope", 418, "v1"},
		{"ok, 404 outside every prefix is the app's", false, "/apix", 404, ""},
		{"ok, 404 outside every prefix with middleware", true, "/other", 404, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := echo.New()
			e.HTTPErrorHandler = echoerr.New()
			var mw []echo.MiddlewareFunc
			var hits int
			if tc.mw {
				mw = append(mw, func(next echo.HandlerFunc) echo.HandlerFunc {
					return func(c echo.Context) error { hits++; return next(c) }
				})
			}
			api := echoerr.Group(e, "/api", mw...)
			v1 := api.Group("/v1")
			byLevel(api, "api")
			byLevel(v1, "v1")
			api.GET("/users", func(c echo.Context) error { return c.String(http.StatusOK, "users") })
			rec := serve(e, http.MethodGet, tc.path)
			assert.Equal(t, tc.status, rec.Code)
			if tc.by != "" {
				assert.Contains(t, rec.Body.String(), fmt.Sprintf(`"by":%q`, tc.by))
				assert.Contains(t, rec.Body.String(), "Not Found")
				if tc.mw {
					assert.Equal(t, 1, hits, "group middleware runs for the namespace's 404 too")
				}
			} else {
				assertJSON(t, rec, 404, `{"message":"Not Found"}`)
			}
			assert.Equal(t, "users", serve(e, http.MethodGet, "/api/users").Body.String())
		})
	}
}

func TestNamespaceOwnsItsMiddleware(t *testing.T) {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New()
	// Middleware given to Group, added with Use, and given to a route.
	viaGroup := echoerr.Group(e, "/g", failing(echo.ErrUnauthorized))
	viaUse := echoerr.Group(e, "/u")
	viaUse.Use(failing(&E{N: 1}))
	viaRoute := echoerr.Group(e, "/r")
	inherited := viaGroup.Group("/child")
	for _, ns := range []*echoerr.Namespace{viaGroup, viaUse, viaRoute, inherited} {
		byLevel(ns, ns.Prefix())
	}
	ok := func(c echo.Context) error { return c.String(http.StatusOK, "ok") }
	viaGroup.GET("/x", ok)
	viaUse.GET("/x", ok)
	viaRoute.GET("/x", ok, failing(errSentinel))
	inherited.GET("/x", ok)

	cases := []struct{ path, by, err string }{
		{"/g/x", "/g", "code=401, message=Unauthorized"},
		{"/g/missing", "/g", "code=401, message=Unauthorized"},
		{"/u/x", "/u", "e1"},
		{"/u/missing", "/u", "e1"},
		{"/r/x", "/r", "sentinel"},
		{"/g/child/x", "/g/child", "code=401, message=Unauthorized"},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			assertJSON(t, serve(e, http.MethodGet, tc.path), 418, fmt.Sprintf(`{"by":%q,"err":%q}`, tc.by, tc.err))
		})
	}
}

func TestMiddlewareErrorsByRouteOrPath(t *testing.T) {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New(echoerr.CatchAll(tag("app", 418)))
	e.Use(func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if c.Request().Header.Get("X-Fail") == "use" {
				return errors.New("from e.Use")
			}
			return next(c)
		}
	})
	api := echoerr.Group(e, "/api")
	byLevel(api, "api")
	api.GET("/x", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })

	req := httptest.NewRequest(http.MethodGet, "/api/x", nil)
	req.Header.Set("X-Fail", "use")
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	assertJSON(t, rec, 418, `{"by":"api","err":"from e.Use"}`) // routed before e.Use runs: the route's namespace

	e2 := echo.New()
	e2.HTTPErrorHandler = echoerr.New(echoerr.CatchAll(tag("app", 418)))
	e2.Pre(failing(errors.New("from e.Pre")))
	api2 := echoerr.Group(e2, "/api")
	byLevel(api2, "api")
	api2.GET("/x", returning(nil))
	// Before routing, no route matched: the request path decides.
	assertJSON(t, serve(e2, http.MethodGet, "/api/x"), 418, `{"by":"api","err":"from e.Pre"}`)
	assertJSON(t, serve(e2, http.MethodGet, "/elsewhere"), 418, `{"by":"app"}`)

	// On a path no route matches, the request path decides for every
	// error: e.Use middleware failing there is the namespace's too.
	req = httptest.NewRequest(http.MethodGet, "/api/nope", nil)
	req.Header.Set("X-Fail", "use")
	rec = httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	assertJSON(t, rec, 418, `{"by":"api","err":"from e.Use"}`)
	assertJSON(t, serve(e, http.MethodGet, "/api/nope"), 418, `{"by":"api","err":"code=404, message=Not Found"}`)
}

func TestRouteMethodsBelongToTheNamespace(t *testing.T) {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New()
	api := echoerr.Group(e, "/api")
	byLevel(api, "api")
	fail := returning(&E{N: 9})
	api.CONNECT("/m", fail)
	api.DELETE("/m", fail)
	api.GET("/m", fail)
	api.HEAD("/h", fail)
	api.OPTIONS("/m", fail)
	api.PATCH("/m", fail)
	api.POST("/m", fail)
	api.PUT("/m", fail)
	api.TRACE("/m", fail)
	api.Any("/any", fail)
	api.Match([]string{http.MethodGet, http.MethodPost}, "/match", fail)
	api.Add("PROPFIND", "/m", fail)
	api.RouteNotFound("/custom/*", fail)
	files := fstest.MapFS{"a.txt": {Data: []byte("A")}}
	api.FileFS("/file", "missing.txt", files)
	api.StaticFS("/static/", files)
	e.Filesystem = files
	api.Static("/st/", ".")
	api.File("/f", "definitely-missing-file.txt")

	for _, m := range []string{http.MethodConnect, http.MethodDelete, http.MethodGet, http.MethodOptions, http.MethodPatch, http.MethodPost, http.MethodPut, http.MethodTrace, "PROPFIND"} {
		assertJSON(t, serve(e, m, "/api/m"), 418, `{"by":"api","err":"e9"}`)
	}
	assert.Equal(t, 418, serve(e, http.MethodHead, "/api/h").Code)
	assertJSON(t, serve(e, http.MethodDelete, "/api/any"), 418, `{"by":"api","err":"e9"}`)
	assertJSON(t, serve(e, http.MethodPost, "/api/match"), 418, `{"by":"api","err":"e9"}`)
	assertJSON(t, serve(e, http.MethodGet, "/api/custom/x"), 418, `{"by":"api","err":"e9"}`)
	for _, p := range []string{"/api/file", "/api/static/nope.txt", "/api/st/nope.txt", "/api/f"} {
		rec := serve(e, http.MethodGet, p)
		assert.Equal(t, 418, rec.Code, p)
		assert.Contains(t, rec.Body.String(), `"by":"api"`, p)
	}
	assert.Equal(t, "A", serve(e, http.MethodGet, "/api/static/a.txt").Body.String())
}

func TestRoutesOfThePlainGroupAreNotTheNamespaces(t *testing.T) {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New(echoerr.CatchAll(tag("app", 418)))
	api := echoerr.Group(e, "/api")
	byLevel(api, "api")
	e.GET("/api/direct", returning(errors.New("direct"))) // registered on e, not on the namespace
	api.POST("/direct", returning(errors.New("ns")))      // same path, another method
	assertJSON(t, serve(e, http.MethodGet, "/api/direct"), 418, `{"by":"app"}`)
	assertJSON(t, serve(e, http.MethodPost, "/api/direct"), 418, `{"by":"api","err":"ns"}`)
}

func TestSamePrefixTwice(t *testing.T) {
	// A common Echo pattern: two groups at one prefix with different middleware.
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New()
	public := echoerr.Group(e, "/api")
	private := echoerr.Group(e, "/api", func(next echo.HandlerFunc) echo.HandlerFunc { return next })
	byLevel(public, "public")
	byLevel(private, "private")
	public.GET("/login", returning(errors.New("login")))
	private.GET("/me", returning(errors.New("me")))
	assertJSON(t, serve(e, http.MethodGet, "/api/login"), 418, `{"by":"public","err":"login"}`)
	assertJSON(t, serve(e, http.MethodGet, "/api/me"), 418, `{"by":"private","err":"me"}`)
	// Both registered the /api/* catch-all; as in Echo's router, the last one wins.
	assert.Contains(t, serve(e, http.MethodGet, "/api/nope").Body.String(), `"by":"private"`)
}

func TestGroupFromAnEchoGroup(t *testing.T) {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New(echoerr.CatchAll(tag("app", 418)))
	plain := e.Group("/v2")
	ns := echoerr.Group(plain, "/admin")
	assert.Equal(t, "/v2/admin", ns.Prefix())
	byLevel(ns, "admin")
	ns.GET("/x", returning(errors.New("x")))
	plain.GET("/y", returning(errors.New("y")))
	assertJSON(t, serve(e, http.MethodGet, "/v2/admin/x"), 418, `{"by":"admin","err":"x"}`)
	assertJSON(t, serve(e, http.MethodGet, "/v2/admin/nope"), 418, `{"by":"admin","err":"code=404, message=Not Found"}`)
	assertJSON(t, serve(e, http.MethodGet, "/v2/y"), 418, `{"by":"app"}`)
}

func TestHostGroups(t *testing.T) {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New(echoerr.CatchAll(tag("app", 418)))
	admin := echoerr.Group(e.Host("admin.example"), "/api")
	api := echoerr.Group(e, "/api")
	byLevel(admin, "admin")
	byLevel(api, "api")
	admin.GET("/x", returning(errors.New("admin x")))
	api.GET("/x", returning(errors.New("api x")))

	get := func(host string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, "/api/x", nil)
		req.Host = host
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		return rec
	}
	assertJSON(t, get("admin.example"), 418, `{"by":"admin","err":"admin x"}`)
	assertJSON(t, get("www.example"), 418, `{"by":"api","err":"api x"}`)
}

func TestMethodNotAllowedUnderANamespaceAsEchoAnswersIt(t *testing.T) {
	// Echo answers 405 with Allow for a path that has routes for other
	// methods, but not under a group with middleware (its catch-all route
	// hides the path). A namespace answers as Echo does without groups.
	ok := func(c echo.Context) error { return c.NoContent(http.StatusOK) }
	mw := func(next echo.HandlerFunc) echo.HandlerFunc { return next }
	register := func(get, post, put func(string, echo.HandlerFunc, ...echo.MiddlewareFunc) *echo.Route, prefix string) {
		get(prefix+"/users", ok)
		post(prefix+"/users", ok)
		get(prefix+"/users/:id", ok)
		put(prefix+"/users/:id", ok)
		get(prefix+"/files/*", ok)
	}
	reference := echo.New() // no groups: Echo's own 405s
	register(reference.GET, reference.POST, reference.PUT, "/api")

	cases := []struct {
		name, method, path string
	}{
		{"nok, DELETE on a static path", http.MethodDelete, "/api/users"},
		{"nok, POST on a param path", http.MethodPost, "/api/users/7"},
		{"nok, POST on an any path", http.MethodPost, "/api/files/a/b"},
		{"ok, OPTIONS lists the methods", http.MethodOptions, "/api/users"},
		{"nok, unknown path stays 404", http.MethodGet, "/api/nope"},
		{"nok, unknown method on unknown path", http.MethodPatch, "/api/nope/deeper"},
	}
	for _, withMW := range []bool{false, true} {
		e := echo.New()
		e.HTTPErrorHandler = echoerr.New()
		var api *echoerr.Namespace
		if withMW {
			api = echoerr.Group(e, "/api", mw)
		} else {
			api = echoerr.Group(e, "/api")
		}
		register(api.GET, api.POST, api.PUT, "")
		for _, tc := range cases {
			t.Run(fmt.Sprintf("%s, middleware %v", tc.name, withMW), func(t *testing.T) {
				want := serve(reference, tc.method, tc.path)
				got := serve(e, tc.method, tc.path)
				assert.Equal(t, want.Code, got.Code)
				assert.Equal(t, want.Header().Get(echo.HeaderAllow), got.Header().Get(echo.HeaderAllow))
				assert.Equal(t, strings.TrimSpace(want.Body.String()), strings.TrimSpace(got.Body.String()))
			})
		}
	}

	t.Run("ok, Use after routes keeps the 405s", func(t *testing.T) {
		e := echo.New()
		e.HTTPErrorHandler = echoerr.New()
		api := echoerr.Group(e, "/api")
		api.GET("/x", ok)
		var ran bool
		api.Use(func(next echo.HandlerFunc) echo.HandlerFunc {
			return func(c echo.Context) error { ran = true; return next(c) }
		})
		rec := serve(e, http.MethodPost, "/api/x")
		assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)
		assert.Equal(t, "OPTIONS, GET", rec.Header().Get(echo.HeaderAllow))
		assert.True(t, ran, "the group middleware ran for the 405")
	})

	t.Run("ok, a namespace handler for 405 sees the Allow header set", func(t *testing.T) {
		e := echo.New()
		e.HTTPErrorHandler = echoerr.New()
		api := echoerr.Group(e, "/api")
		api.Handle(echoerr.OnStatus(http.StatusMethodNotAllowed, func(c echo.Context, err error) error {
			return c.JSON(http.StatusMethodNotAllowed, map[string]string{"allowed": c.Response().Header().Get(echo.HeaderAllow)})
		}))
		api.GET("/x", ok)
		api.Add("PURGE", "/x", ok)
		rec := serve(e, http.MethodDelete, "/api/x")
		assertJSON(t, rec, 405, `{"allowed":"OPTIONS, GET, PURGE"}`)
		assert.Equal(t, "OPTIONS, GET, PURGE", rec.Header().Get(echo.HeaderAllow))
	})
}

func TestRegistrationWhileServing(t *testing.T) {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New()
	api := echoerr.Group(e, "/api")
	api.GET("/x", returning(&E{}))
	assertJSON(t, serve(e, http.MethodGet, "/api/x"), 500, `{"message":"Internal Server Error"}`)

	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := 0; i < 200; i++ {
			rec := serve(e, http.MethodGet, "/api/x")
			if rec.Code != 500 && rec.Code != 409 {
				t.Errorf("unexpected status %d", rec.Code)
			}
		}
	}()
	go func() {
		defer wg.Done()
		for i := 0; i < 50; i++ {
			api.Handle(echoerr.OnStatus(http.StatusTeapot, tag("unused", 418)))
		}
		api.Handle(echoerr.Declare[*E](echoerr.Entry{Status: http.StatusConflict}))
	}()
	wg.Wait()
	assertJSON(t, serve(e, http.MethodGet, "/api/x"), 409, `{"message":"Conflict"}`)
}

func TestConcurrentRequestsAcrossNamespaces(t *testing.T) {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New(echoerr.On(func(c echo.Context, err *BaseErr) error {
		return c.JSON(http.StatusBadRequest, map[string]string{"by": "app", "what": err.What})
	}))
	names := []string{"a", "b", "c", "d"}
	for _, n := range names {
		ns := echoerr.Group(e, "/"+n)
		inner := ns.Group("/in")
		ns.Handle(echoerr.On(func(c echo.Context, err *E) error {
			return c.JSON(http.StatusConflict, map[string]any{"by": n, "n": err.N})
		}))
		inner.Handle(echoerr.On(func(c echo.Context, err temporary) error {
			return c.JSON(http.StatusServiceUnavailable, map[string]string{"by": n + "/in"})
		}))
		inner.GET("/e/:n", func(c echo.Context) error {
			var k int
			_, _ = fmt.Sscan(c.Param("n"), &k)
			return fmt.Errorf("wrap: %w", &E{N: k})
		})
		inner.GET("/t", returning(tempErr{}))
		inner.GET("/b", returning(&SubErr{Base: &BaseErr{What: n}}))
		inner.GET("/ok", func(c echo.Context) error { return c.String(http.StatusOK, n) })
	}

	var wg sync.WaitGroup
	errs := make(chan string, 1000)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				n := names[(w+i)%len(names)]
				var path, want string
				var status int
				switch i % 5 {
				case 0:
					path, status, want = fmt.Sprintf("/%s/in/e/%d", n, i), 409, fmt.Sprintf(`{"by":%q,"n":%d}`, n, i)
				case 1:
					path, status, want = "/"+n+"/in/t", 503, fmt.Sprintf(`{"by":%q}`, n+"/in")
				case 2:
					path, status, want = "/"+n+"/in/b", 400, fmt.Sprintf(`{"by":"app","what":%q}`, n)
				case 3:
					path, status, want = "/"+n+"/in/nope", 404, `{"message":"Not Found"}`
				case 4:
					path, status, want = "/"+n+"/in/ok", 200, n
				}
				rec := serve(e, http.MethodGet, path)
				got := strings.TrimSpace(rec.Body.String())
				if rec.Code != status || (status != 200 && !jsonEqual(want, got)) || (status == 200 && got != want) {
					errs <- fmt.Sprintf("%s: got %d %s, want %d %s", path, rec.Code, got, status, want)
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for msg := range errs {
		t.Error(msg)
	}
}

func jsonEqual(a, b string) bool {
	ok := assert.JSONEq(new(testing.T), a, b)
	return ok
}

func TestZeroValueAndNilContext(t *testing.T) {
	h := echoerr.New()
	require.NotPanics(t, func() { h(errors.New("x"), nil) })
	e := echo.New()
	rec := httptest.NewRecorder()
	c := e.NewContext(httptest.NewRequest(http.MethodGet, "/", nil), rec)
	h(nil, c)
	assert.False(t, c.Response().Committed, "a nil error writes nothing")
}

// discardWriter is a ResponseWriter that keeps nothing, so that counting
// allocations counts the server's, not the recorder's.
type discardWriter struct{ h http.Header }

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *discardWriter) WriteHeader(int)             {}

func TestSuccessPathCostsNoAllocation(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not exact under the race detector; scripts/test runs this without it")
	}
	mw := func(next echo.HandlerFunc) echo.HandlerFunc { return func(c echo.Context) error { return next(c) } }
	ok := func(c echo.Context) error { return c.NoContent(http.StatusNoContent) }

	plain := echo.New()
	g := plain.Group("/a", mw).Group("/b", mw).Group("/c", mw)
	g.GET("/x/:id", ok)

	withNS := echo.New()
	withNS.HTTPErrorHandler = echoerr.New()
	ns := echoerr.Group(withNS, "/a", mw).Group("/b", mw).Group("/c", mw)
	ns.Handle(echoerr.On(func(c echo.Context, err *E) error { return nil }))
	ns.GET("/x/:id", ok)

	allocs := func(e *echo.Echo) float64 {
		w := &discardWriter{h: http.Header{}}
		req := httptest.NewRequest(http.MethodGet, "/a/b/c/x/1", nil)
		e.ServeHTTP(w, req) // warm the context pool
		return testing.AllocsPerRun(200, func() { e.ServeHTTP(w, req) })
	}
	want, got := allocs(plain), allocs(withNS)
	t.Logf("allocations per successful request: plain groups %.0f, namespaces %.0f", want, got)
	assert.Equal(t, want, got, "namespaces add no allocation to a request that succeeds")
}

// EchoRouter is the interface oapi-codegen's generated RegisterHandlers takes;
// a Namespace must fit where an *echo.Group does.
type EchoRouter interface {
	CONNECT(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route
	DELETE(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route
	GET(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route
	HEAD(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route
	OPTIONS(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route
	PATCH(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route
	POST(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route
	PUT(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route
	TRACE(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route
}

var (
	_ EchoRouter = (*echo.Group)(nil)
	_ EchoRouter = (*echoerr.Namespace)(nil)
)

// A namespace with middleware answers its 404s and 405s from the catch-all
// routes Echo's Group.Use adds ("/api" and "/api/*"): rules given to one of
// them (HandleRoute with echo.RouteNotFound) answer what it answers, before
// the namespace's, and the other catch-all keeps the namespace's.
func TestRouteRulesOfTheCatchAlls(t *testing.T) {
	mw := func(next echo.HandlerFunc) echo.HandlerFunc { return next }
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New()
	api := echoerr.Group(e, "/api", mw)
	api.GET("/x", func(c echo.Context) error { return c.NoContent(http.StatusOK) })
	api.Handle(echoerr.On(func(c echo.Context, err *echo.HTTPError) error {
		return c.String(err.Code, "namespace")
	}))
	api.HandleRoute(echo.RouteNotFound, "/*", echoerr.On(func(c echo.Context, err *echo.HTTPError) error {
		return c.String(err.Code, "catch-all route "+c.Path())
	}))
	for _, tc := range []struct {
		method, path string
		status       int
		body         string
	}{
		{http.MethodGet, "/api/nope", http.StatusNotFound, "catch-all route /api/*"},
		{http.MethodDelete, "/api/x", http.StatusMethodNotAllowed, "catch-all route /api/*"},
		{http.MethodGet, "/api", http.StatusNotFound, "namespace"},
		{http.MethodGet, "/api/x", http.StatusOK, ""},
	} {
		rec := serve(e, tc.method, tc.path)
		assert.Equal(t, tc.status, rec.Code, "%s %s", tc.method, tc.path)
		assert.Equal(t, tc.body, rec.Body.String(), "%s %s", tc.method, tc.path)
	}
}

func TestMethodNotAllowedAtThePrefixItself(t *testing.T) {
	// The namespace's catch-all and a route share the prefix path.
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New()
	api := echoerr.Group(e, "/api")
	api.GET("", func(c echo.Context) error { return c.String(http.StatusOK, "index") })
	rec := serve(e, http.MethodPost, "/api")
	assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)
	assert.Equal(t, "OPTIONS, GET", rec.Header().Get(echo.HeaderAllow))
	assert.Equal(t, "index", serve(e, http.MethodGet, "/api").Body.String())
}

func TestErrorPathAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not exact under the race detector; scripts/test runs this without it")
	}
	e := echo.New()
	e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{
		Logger: slog.New(slog.DiscardHandler),
		Rules:  []echoerr.Rule{echoerr.DeclareError(errSentinel, echoerr.Entry{Status: http.StatusConflict})},
	})
	api := echoerr.Group(e, "/api").Group("/v1")
	api.Handle(echoerr.Declare[*E](echoerr.Entry{Status: http.StatusTeapot}))
	wrapped := fmt.Errorf("a: %w", fmt.Errorf("b: %w", &E{}))
	api.GET("/typed", func(echo.Context) error { return wrapped })
	api.GET("/http", func(echo.Context) error { return echo.ErrNotFound })
	api.GET("/plain", func(echo.Context) error { return errSentinel })
	for _, accept := range []string{"", "application/problem+json"} {
		for _, p := range []string{"/api/v1/typed", "/api/v1/http", "/api/v1/plain", "/api/v1/missing"} {
			w := &discardWriter{h: http.Header{}}
			req := httptest.NewRequest(http.MethodGet, p, nil)
			if accept != "" {
				req.Header.Set(echo.HeaderAccept, accept)
			}
			e.ServeHTTP(w, req)
			allocs := testing.AllocsPerRun(200, func() { clear(w.h); e.ServeHTTP(w, req) })
			assert.Zero(t, allocs, "%s %s: allocations per error answer", accept, p)
		}
	}
}

// A handler rule costs no allocation of echoerr's: the request's state stays
// out of the context's store (which Echo v4 allocates at its first Set), so
// an On handler that writes a precomputed answer allocates what the same
// writing allocates in a plain error handler.
func TestHandlerRuleAllocatesNothingOfItsOwn(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not exact under the race detector; scripts/test runs this without it")
	}
	body := []byte(`{"message":"no such thing"}` + "\n")
	write := func(c echo.Context) {
		res := c.Response()
		res.Header().Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
		res.WriteHeader(http.StatusNotFound)
		_, _ = res.Write(body)
	}
	plain := echo.New()
	plain.HTTPErrorHandler = func(_ error, c echo.Context) { write(c) }
	plain.GET("/x", func(echo.Context) error { return &E{} })
	rule := echo.New()
	rule.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Logger: slog.New(slog.DiscardHandler), Rules: []echoerr.Rule{
		echoerr.On(func(c echo.Context, err *E) error { write(c); return nil }),
	}})
	rule.GET("/x", func(echo.Context) error { return &E{} })
	allocs := func(e *echo.Echo) float64 {
		w := &discardWriter{h: http.Header{}}
		req := httptest.NewRequest(http.MethodGet, "/x", nil)
		e.ServeHTTP(w, req)
		return testing.AllocsPerRun(200, func() { clear(w.h); e.ServeHTTP(w, req) })
	}
	want, got := allocs(plain), allocs(rule)
	t.Logf("allocations per answer: plain handler %.0f, On handler %.0f", want, got)
	assert.Equal(t, want, got)
}

// Middleware that calls the error handler itself and returns the error too
// (RequestLogger with HandleError) gets one answer and one log line after a
// handler rule wrote the answer: with a Content-Type (known by its interned
// slice) and without one (known by the context's mark).
func TestHandlerRuleAnswerIsKnownToASecondCall(t *testing.T) {
	for name, write := range map[string]func(c echo.Context) error{
		"json":       func(c echo.Context) error { return c.JSON(http.StatusNotFound, map[string]string{"message": "gone"}) },
		"no content": func(c echo.Context) error { return c.NoContent(http.StatusGone) },
		"boundary": func(c echo.Context) error {
			c.Response().Header().Set(echo.HeaderContentType, "multipart/mixed; boundary="+c.Request().URL.Query().Get("b"))
			return c.NoContent(http.StatusGone)
		},
	} {
		var logs bytes.Buffer // the requests run one at a time
		e := echo.New()
		e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Logger: slog.New(slog.NewJSONHandler(&logs, nil)), Rules: []echoerr.Rule{
			echoerr.On(func(c echo.Context, err *E) error { return write(c) }),
		}})
		e.Use(middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
			HandleError: true, LogStatus: true,
			LogValuesFunc: func(echo.Context, middleware.RequestLoggerValues) error { return nil },
		}))
		e.GET("/x", func(echo.Context) error { return &E{} })
		for i := range 300 { // past the bound of interned types, for "boundary"
			rec := httptest.NewRecorder()
			e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, fmt.Sprintf("/x?b=%d", i), nil))
			if rec.Code != http.StatusNotFound && rec.Code != http.StatusGone {
				t.Fatalf("%s: %d", name, rec.Code)
			}
		}
		if n := strings.Count(logs.String(), "echoerr: error answered"); n != 300 {
			t.Errorf("%s: %d log lines for 300 requests, want 300", name, n)
		}
	}
}

// Echo's HTTPErrors with a string message and no internal error answer from
// answers encoded once (per status and message): the same bytes as the
// first answer, which is built as any other, in JSON and problem details,
// and the message of each error its own.
func TestStaticAnswersAreTheBuiltOnes(t *testing.T) {
	errs := []*echo.HTTPError{
		echo.ErrNotFound, echo.ErrMethodNotAllowed,
		echo.NewHTTPError(http.StatusConflict, "taken"),
		echo.NewHTTPError(http.StatusConflict, "taken, again"),
		echo.NewHTTPError(http.StatusBadRequest, ""),
		echo.NewHTTPError(http.StatusTeapot, "\"quoted\" <b>é</b>\u2028"),
		echo.NewHTTPError(599, "odd"),
		echo.NewHTTPError(http.StatusInternalServerError, "an HTTPError's message is public, as in Echo"),
	}
	e := echo.New()
	e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Logger: slog.New(slog.DiscardHandler)})
	for i, he := range errs {
		e.GET("/e"+strconv.Itoa(i), func(echo.Context) error { return he })
		e.GET("/w"+strconv.Itoa(i), func(echo.Context) error { return fmt.Errorf("a: %w", fmt.Errorf("b: %w", he)) })
	}
	for _, accept := range []string{"", "application/problem+json"} {
		for i, he := range errs {
			var first string
			for n := range 3 {
				req := httptest.NewRequest(http.MethodGet, "/e"+strconv.Itoa(i), nil)
				req.Header.Set(echo.HeaderAccept, accept)
				rec := httptest.NewRecorder()
				e.ServeHTTP(rec, req)
				got := fmt.Sprint(rec.Code, " ", rec.Header().Get(echo.HeaderContentType), " ", rec.Body.String())
				if n == 0 {
					first = got
					if he.Code < 500 && he.Message != "" && !strings.Contains(rec.Body.String(), strings.Split(he.Message.(string), "\"")[0]) {
						t.Errorf("%v: %s lacks its message", he, got)
					}
				} else if got != first {
					t.Errorf("%s %v: answer %d is %s, the first %s", accept, he, n, got, first)
				}
			}
			// Wrapped by fmt, the same answer (but problem details' instance).
			req := httptest.NewRequest(http.MethodGet, "/w"+strconv.Itoa(i), nil)
			req.Header.Set(echo.HeaderAccept, accept)
			rec := httptest.NewRecorder()
			e.ServeHTTP(rec, req)
			got := fmt.Sprint(rec.Code, " ", rec.Header().Get(echo.HeaderContentType), " ", strings.ReplaceAll(rec.Body.String(), "/w", "/e"))
			if got != first {
				t.Errorf("%s wrapped %v: %s, unwrapped %s", accept, he, got, first)
			}
		}
	}
}
