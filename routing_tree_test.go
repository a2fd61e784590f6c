package echoerr

import (
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/echoerr/echoerr/internal/scenario"
)

// Pieces of the random route tables and requests of the shadow tree tests:
// static segments sharing prefixes, :params (alone and after text), *,
// empty segments, RouteNotFound routes and methods Echo keeps in a map.
var (
	treeMethods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete,
		http.MethodOptions, http.MethodHead, echo.PROPFIND, "PURGE", "get", echo.RouteNotFound}
	treeSegs    = []string{"a", "b", "users", "user", "u", ":id", ":name", "*", "te", "test", "f-:n", "", "s*", "x:y"}
	treeReqSegs = []string{"a", "b", "users", "user", "u", "1", "x", "te", "test", "testing", "f-1", "", "s1", "xy", "x:y"}
	treeVerbs   = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete,
		http.MethodOptions, http.MethodHead, http.MethodTrace, echo.PROPFIND, echo.REPORT, "PURGE", "get", echo.RouteNotFound}
)

// findAllow is what the shadow tree stands for: the Allow value Echo's
// router stores for method and path, nil when it stores none.
func findAllow(r *echo.Router, c echo.Context, method, path string) any {
	c.SetPath("")
	c.Set(echo.ContextKeyHeaderAllow, nil)
	r.Find(method, path, c)
	if c.Path() == "" {
		return nil
	}
	return c.Get(echo.ContextKeyHeaderAllow)
}

// checkTree compares the tree with Echo's Find on r for every request, and
// checks that no request under prefix that Find answers 405 has a method
// the tree says every route under prefix has (onAll). It returns how many
// requests onAll would skip.
func checkTree(t *testing.T, e *echo.Echo, r *echo.Router, routes []string, prefix string, reqs [][2]string) (skipped int) {
	t.Helper()
	tree := newShadowTree(r)
	if tree == nil {
		t.Fatalf("routes %v: no shadow tree for this Echo v4", routes)
	}
	onAll := tree.onAll(prefix)
	c := e.NewContext(nil, nil)
	for _, q := range reqs {
		want, got := findAllow(r, c, q[0], q[1]), tree.allow(q[0], q[1])
		if want != got {
			t.Fatalf("routes %v: %s %q: Find stores Allow %v, the tree says %v", routes, q[0], q[1], want, got)
		}
		if strings.HasPrefix(q[1], prefix) {
			start, at := tree.startAt(prefix)
			if got := allowFrom(start, at, methodBit(q[0]), q[0], q[1]); got != want {
				t.Fatalf("routes %v: %s %q: Find stores Allow %v, the walk from the node of %q (path %q) says %v",
					routes, q[0], q[1], want, prefix, q[1][:at], got)
			}
		}
		if strings.HasPrefix(q[1], prefix) && methodBit(q[0])&onAll != 0 {
			skipped++
			if want != nil {
				t.Fatalf("routes %v: %s %q: Find answers 405 (Allow %v), but onAll(%q) says every route has %s",
					routes, q[0], q[1], want, prefix, q[0])
			}
		}
	}
	return skipped
}

// TestShadowTreeAgreesWithFind compares the shadow tree's answer with
// Echo's Router.Find on random route tables and requests, and on the
// GitHub API set.
func TestShadowTreeAgreesWithFind(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	pick := func(s []string) string { return s[rnd.IntN(len(s))] }
	prefixes := []string{"", "/", "/a", "/users", "/u", "/user", "/te", "/a/b", "/users/1", "/x:y", "/s", "/a/", "/users/", "/u/", "/te/", "/a/b/"}
	skipped := 0
	tables := 3000
	if testing.Short() {
		tables = 300
	}
	for range tables {
		e := echo.New()
		var routes []string
		for range 1 + rnd.IntN(10) {
			var segs []string
			for range 1 + rnd.IntN(4) {
				s := pick(treeSegs)
				segs = append(segs, s)
				if strings.Contains(s, "*") {
					break
				}
			}
			m, p := pick(treeMethods), "/"+strings.Join(segs, "/")
			if rnd.IntN(8) == 0 {
				p = strings.TrimPrefix(p, "/") // Echo adds the slash
			}
			e.Add(m, p, echo.NotFoundHandler)
			routes = append(routes, m+" "+p)
		}
		prefix := pick(prefixes)
		var reqs [][2]string
		for i := range 40 {
			var segs []string
			for range rnd.IntN(6) {
				segs = append(segs, pick(treeReqSegs))
			}
			p := "/" + strings.Join(segs, "/")
			if i%2 == 0 {
				p = strings.TrimSuffix(prefix, "/") + p // a path under the prefix
			}
			switch rnd.IntN(10) {
			case 0:
				p = strings.TrimPrefix(p, "/")
			case 1:
				p += "/"
			}
			reqs = append(reqs, [2]string{pick(treeVerbs), p})
		}
		skipped += checkTree(t, e, e.Router(), routes, prefix, reqs)
	}
	if skipped < tables {
		t.Errorf("onAll let only %d requests skip the walk", skipped)
	}

	e := echo.New()
	var routes []string
	var reqs [][2]string
	fill := strings.NewReplacer(":owner", "o", ":repo", "r", ":id", "7", ":user", "u", ":org", "g", ":sha", "s", ":number", "1", ":name", "n", ":path", "p", ":ref", "f")
	for _, r := range scenario.GitHubAPI {
		e.Add(r[0], r[1], echo.NotFoundHandler)
		routes = append(routes, r[0]+" "+r[1])
		p := strings.ReplaceAll(fill.Replace(r[1]), "*", "a/b")
		for _, suffix := range []string{"", "/", "/x", "/x/y/z"} {
			for _, m := range treeVerbs {
				reqs = append(reqs, [2]string{m, p + suffix})
			}
		}
	}
	reqs = append(reqs, [2]string{http.MethodGet, "/orgs/x/nope/a/b"}, [2]string{http.MethodDelete, "/orgs/x/members"})
	if checkTree(t, e, e.Router(), routes, "/orgs", reqs) == 0 {
		t.Error("onAll(/orgs): no GET under /orgs skips the walk")
	}
}

// The tree reads Echo's router as Echo left it: a table with too many
// parameters is left to the shadow router (nil), and an empty router
// answers nil for everything.
func TestShadowTreeLimits(t *testing.T) {
	e := echo.New()
	if tree := newShadowTree(e.Router()); tree == nil || tree.allow(http.MethodGet, "/") != nil {
		t.Fatalf("empty router: tree %v", tree)
	}
	var segs []string
	for i := range maxTreeParams + 1 {
		segs = append(segs, ":p"+string(rune('a'+i)))
	}
	e.GET("/"+strings.Join(segs, "/"), echo.NotFoundHandler)
	if tree := newShadowTree(e.Router()); tree != nil {
		t.Fatalf("a route of %d parameters: want no tree, got one", len(segs))
	}
}

// Where the tree cannot be read (another Echo v4 release), the catch-alls
// ask the shadow router itself: the same 404s, 405s and OPTIONS answers.
func TestCatchAllsWithoutTree(t *testing.T) {
	defer func(f func(*echo.Router) *shadowTree) { shadowTreeOf = f }(shadowTreeOf)
	shadowTreeOf = func(*echo.Router) *shadowTree { return nil }
	mw := func(next echo.HandlerFunc) echo.HandlerFunc { return next }
	e := echo.New()
	e.HTTPErrorHandler = New()
	api := Group(e, "/api", mw)
	ok := func(c echo.Context) error { return c.NoContent(http.StatusOK) }
	api.GET("/users", ok)
	api.PUT("/users/:id", ok)
	for _, tc := range []struct {
		method, path string
		status       int
		allow        string
	}{
		{http.MethodDelete, "/api/users", http.StatusMethodNotAllowed, "OPTIONS, GET"},
		{http.MethodGet, "/api/users/7", http.StatusMethodNotAllowed, "OPTIONS, PUT"},
		{http.MethodOptions, "/api/users", http.StatusNoContent, "OPTIONS, GET"},
		{http.MethodGet, "/api/nope", http.StatusNotFound, ""},
	} {
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.path, nil))
		if rec.Code != tc.status || rec.Header().Get(echo.HeaderAllow) != tc.allow {
			t.Errorf("%s %s: %d Allow %q, want %d Allow %q", tc.method, tc.path, rec.Code, rec.Header().Get(echo.HeaderAllow), tc.status, tc.allow)
		}
	}
	if set := shadowsOf(api.reg).set.Load(); set == nil || set.tree0 != nil {
		t.Fatal("the catch-alls did not go through the shadow router")
	}
}

// An inline verb (a route like /things/:id\:cancel, which Echo v4.16.5
// routes by splitting the :param's value at a colon): where Echo's tree
// marks one, the tree is not read and the shadow router answers; either
// way the catch-alls answer as Echo does without groups.
func TestShadowTreeInlineVerb(t *testing.T) {
	ok := func(c echo.Context) error { return c.NoContent(http.StatusOK) }
	register := func(add func(string, string, echo.HandlerFunc, ...echo.MiddlewareFunc) *echo.Route, prefix string) {
		add(http.MethodPost, prefix+`/things/:id\:cancel`, ok)
		add(http.MethodGet, prefix+"/things/:id", ok)
		add(http.MethodPut, prefix+"/things/:id/parts", ok)
	}
	ref := echo.New()
	ref.HTTPErrorHandler = New()
	register(ref.Add, "/api")
	if tree := newShadowTree(ref.Router()); tree != nil {
		c := ref.NewContext(nil, nil)
		for _, p := range []string{"/api/things/7:cancel", "/api/things/7", "/api/things/7:x", "/api/things/7/parts"} {
			for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodDelete} {
				if want, got := findAllow(ref.Router(), c, m, p), tree.allow(m, p); want != got {
					t.Errorf("%s %s: Find stores Allow %v, the tree says %v", m, p, want, got)
				}
			}
		}
	}
	e := echo.New()
	e.HTTPErrorHandler = New()
	api := Group(e, "/api", func(next echo.HandlerFunc) echo.HandlerFunc { return next })
	register(api.Add, "")
	for _, p := range []string{"/api/things/7:cancel", "/api/things/7", "/api/things/7:x", "/api/things/7/parts", "/api/nope"} {
		for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodDelete} {
			want, got := httptest.NewRecorder(), httptest.NewRecorder()
			ref.ServeHTTP(want, httptest.NewRequest(m, p, nil))
			e.ServeHTTP(got, httptest.NewRequest(m, p, nil))
			if want.Code != got.Code || want.Header().Get(echo.HeaderAllow) != got.Header().Get(echo.HeaderAllow) {
				t.Errorf("%s %s: Echo without groups %d Allow %q, the namespace %d Allow %q", m, p,
					want.Code, want.Header().Get(echo.HeaderAllow), got.Code, got.Header().Get(echo.HeaderAllow))
			}
		}
	}
}

// knownFields tells a struct whose fields are all known from one with a
// field the walk does not know of.
func TestKnownFields(t *testing.T) {
	known := map[string]bool{"a": true, "b": true}
	if !knownFields(reflect.ValueOf(struct{ a, b int }{}), known) {
		t.Error("known fields refused")
	}
	if knownFields(reflect.ValueOf(struct{ a, c int }{}), known) {
		t.Error("an unknown field accepted")
	}
}

// BenchmarkShadowWalk is the catch-all's 405 check for DELETE
// /orgs/x/members in the GitHub set (docs/performance.md, R3): the walk of
// the tree from the prefix's node, against the Find on the shadow router
// through a context that it replaced (still the way where the tree cannot
// be read).
func BenchmarkShadowWalk(b *testing.B) {
	e := echo.New()
	for _, r := range scenario.GitHubAPI {
		e.Add(r[0], r[1], echo.NotFoundHandler)
	}
	const method, path = http.MethodDelete, "/orgs/x/members"
	tree := newShadowTree(e.Router())
	start, at := tree.startAt("/orgs/")
	if allowFrom(start, at, methodBit(method), method, path) == nil {
		b.Fatal("no 405")
	}
	b.Run("Tree", func(b *testing.B) {
		b.ReportAllocs()
		bit := methodBit(method)
		for b.Loop() {
			allowFrom(start, at, bit, method, path)
		}
	})
	b.Run("Find", func(b *testing.B) {
		b.ReportAllocs()
		c := e.NewContext(nil, nil)
		for b.Loop() {
			findAllow(e.Router(), c, method, path)
		}
	})
}
