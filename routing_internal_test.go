package echoerr

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/echoerr/echoerr/internal/scenario"
	"github.com/labstack/echo/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func registryCount() int { return registries.Len() }

// The per-Echo registry must not keep its Echo alive: tests and multi-tenant
// programs make many Echo instances.
func TestRegistryDoesNotKeepEchoAlive(t *testing.T) {
	before := registryCount()
	for i := 0; i < 20; i++ {
		e := echo.New()
		e.HTTPErrorHandler = New()
		api := Group(e, "/api")
		api.ErrorHandler(func(c echo.Context, err error) error { return c.NoContent(http.StatusTeapot) })
		api.GET("/x", func(echo.Context) error { return errors.New("x") })
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/x", nil))
		require.Equal(t, http.StatusTeapot, rec.Code)
	}
	assert.GreaterOrEqual(t, registryCount(), before+20)
	assert.Eventually(t, func() bool {
		runtime.GC()
		return registryCount() <= before
	}, 10*time.Second, 20*time.Millisecond, "registries of collected Echo instances are dropped")
}

// Group reads the unexported fields of *echo.Group; this pins that it still
// can with the Echo version in go.mod.
func TestGroupInternals(t *testing.T) {
	e := echo.New()
	g := e.Host("h.example").Group("/p")
	got, host, prefix := groupInternals(g)
	assert.Same(t, e, got)
	assert.Equal(t, "h.example", host)
	assert.Equal(t, "/p", prefix)
}

// The pre-filter of the namespaces' catch-alls never hides a 405: for every
// path that Echo's router answers 405 (with an Allow value), mayMatch says
// maybe; and it does say no for the common 404s, so that they skip the
// second router lookup.
func TestRouteShapesNeverHideA405(t *testing.T) {
	e := echo.New()
	var paths []string
	for _, r := range scenario.GitHubAPI {
		e.Add(r[0], r[1], echo.NotFoundHandler)
		paths = append(paths, r[1])
	}
	shapes, inner := newRouteShapes(), innerShapes(paths)
	for _, p := range paths {
		shapes.add(p, inner)
	}
	var reqs []string
	for _, p := range paths {
		filled := strings.NewReplacer(":owner", "o", ":repo", "r", ":id", "7", ":user", "u", ":org", "g").Replace(p)
		filled = strings.ReplaceAll(filled, "*ref", "heads/main")
		for _, suffix := range []string{"", "/", "/x", "/x/y", "/x/y/z/w"} {
			reqs = append(reqs, filled+suffix)
		}
	}
	reqs = append(reqs, "/orgs/x/nope/a/b", "/repos/o/r/git/refs/a/b/c", "/users/u/x/y/z", "/nope")
	c := e.NewContext(nil, nil)
	for _, path := range reqs {
		for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete, "PURGE"} {
			c.SetPath("")
			c.Set(echo.ContextKeyHeaderAllow, nil)
			e.Router().Find(method, path, c)
			if c.Get(echo.ContextKeyHeaderAllow) != nil && !shapes.mayMatch(path) {
				t.Errorf("%s %s: Echo answers 405, the pre-filter says no route can match", method, path)
			}
		}
	}
	for _, path := range []string{"/orgs/x/nope/a/b", "/users/u/nope/a/b/c", "/nope/deeper"} {
		if shapes.mayMatch(path) {
			t.Errorf("%s: no route can match it, the pre-filter says maybe", path)
		}
	}
}
