package echoerr_test

// Echo v5's own error-handler and group/router tests, replayed with the
// routes moved into namespaces: each case is served twice, by plain Echo v5
// (groups, Echo's handler) and by echoerr (namespaces, echoerr's handler),
// and the answers are compared. The tables are those of Echo v5.4.4's
// echo_test.go (TestDefaultHTTPErrorHandler), rfc9457_test.go
// (TestProblemDetailsHTTPErrorHandler), router_test.go
// (TestMethodNotAllowedAndNotFound), group_test.go and
// group_method_handling_test.go. The documented differences are named
// where they apply.

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/echoerr/echoerr/v5"
	"github.com/labstack/echo/v5"
)

// answer is what a client sees of a response.
type answer struct {
	Status int
	CType  string
	Allow  string
	Body   string
}

func serve(e *echo.Echo, method, target string, hdr ...string) answer {
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	return answer{rec.Code, rec.Header().Get(echo.HeaderContentType), rec.Header().Get(echo.HeaderAllow), rec.Body.String()}
}

// customMarshaler is Echo's customError: it marshals itself and carries
// its status.
type customMarshaler struct {
	Code    int
	Message string
}

func (ce *customMarshaler) StatusCode() int { return ce.Code }
func (ce *customMarshaler) MarshalJSON() ([]byte, error) {
	return []byte(`{"x":"` + ce.Message + `"}`), nil
}
func (ce *customMarshaler) Error() string { return ce.Message }

// discard is a logger that keeps nothing.
var discard = slog.New(slog.DiscardHandler)

type replayProblemer struct{ pe *echo.ProblemError }

func (*replayProblemer) Error() string                      { return "custom problem errorer" }
func (p *replayProblemer) ProblemError() *echo.ProblemError { return p.pe }

// replayErrors are the errors of Echo's two error-handler tables.
var replayErrors = []struct {
	name string
	err  error
}{
	{"HTTPError", &echo.HTTPError{Code: http.StatusTeapot, Message: "my_error"}},
	{"HTTPError + wrapped error", echo.HTTPError{Code: http.StatusTeapot, Message: "my_error"}.Wrap(errors.New("internal_error"))},
	{"HTTPError + wrapped HTTPError", echo.HTTPError{Code: http.StatusTeapot, Message: "my_error"}.Wrap(&echo.HTTPError{Code: http.StatusTeapot, Message: "early_error"})},
	{"HTTPError, no message", &echo.HTTPError{Code: http.StatusTeapot}},
	{"HTTPError, no message, wrapped error", echo.HTTPError{Code: http.StatusTeapot}.Wrap(errors.New("internal_error"))},
	{"HTTPError + internal HTTPError of another status", echo.HTTPError{Code: http.StatusTooEarly, Message: "my_error"}.Wrap(&echo.HTTPError{Code: http.StatusTeapot, Message: "early_error"})},
	{"plain error", fmt.Errorf("my errors wraps: %w", errors.New("internal_error"))},
	{"custom error implements MarshalJSON + HTTPStatusCoder", &customMarshaler{Code: http.StatusTeapot, Message: "custom error msg"}},
	{"*ProblemError, used as is", &echo.ProblemError{Type: "https://example.com/probs/out-of-credit", Title: "You do not have enough credit.", Status: http.StatusForbidden, Detail: "Your current balance is 30, but that costs 50.", Instance: "/account/12345/msgs/abc"}},
	{"*ProblemError with zero fields", &echo.ProblemError{}},
	{"ProblemErrorer", &replayProblemer{pe: &echo.ProblemError{Status: http.StatusConflict, Detail: "already exists"}}},
	{"ProblemErrorer returning nil", &replayProblemer{}},
	{"predefined ErrNotFound", echo.ErrNotFound},
	{"wrapped ErrForbidden", echo.ErrForbidden.Wrap(errors.New("internal_error"))},
}

// errorApps returns plain Echo v5 with handler plain and a group route
// /api/path, and echoerr's app with the route in a namespace.
func errorApps(plain echo.HTTPErrorHandler, cfg echoerr.Config, err error) (*echo.Echo, *echo.Echo) {
	route := func(*echo.Context) error { return err }
	pe := echo.New()
	pe.HTTPErrorHandler = plain
	pe.Group("/api").Any("/path", route)

	ee := echo.New()
	ee.HTTPErrorHandler = echoerr.NewWithConfig(cfg)
	echoerr.Group(ee, "/api").Any("/path", route)
	return pe, ee
}

// TestReplayDefaultHTTPErrorHandler: echoerr answers as
// DefaultHTTPErrorHandler(false), and with Config.Debug as
// DefaultHTTPErrorHandler(true), except for the documented differences
// that errorDifferences checks.
func TestReplayDefaultHTTPErrorHandler(t *testing.T) {
	replayErrorHandler(t, echo.DefaultHTTPErrorHandler(false), echoerr.Format{})
}

// TestReplayProblemDetailsHTTPErrorHandler: echoerr with Format.Problem
// answers as ProblemDetailsHTTPErrorHandler, except for the documented
// differences.
func TestReplayProblemDetailsHTTPErrorHandler(t *testing.T) {
	replayErrorHandler(t, echo.ProblemDetailsHTTPErrorHandler(false), echoerr.Format{Problem: true})
}

func replayErrorHandler(t *testing.T, plain echo.HTTPErrorHandler, f echoerr.Format) {
	for _, debug := range []bool{false, true} {
		for _, tc := range replayErrors {
			for _, method := range []string{http.MethodGet, http.MethodHead} {
				t.Run(fmt.Sprintf("debug=%v/%s/%s", debug, method, tc.name), func(t *testing.T) {
					pe, ee := errorApps(plain, echoerr.Config{Debug: debug, Logger: discard, Format: f}, tc.err)
					want, got := serve(pe, method, "/api/path"), serve(ee, method, "/api/path")
					if msg := errorDifferences(tc.err, method, debug, &want, &got); msg != "" {
						t.Fatal(msg)
					}
					if got != want {
						t.Errorf("echoerr  %+v\nplain v5 %+v", got, want)
					}
				})
			}
		}
	}
}

// errorDifferences checks echoerr's side of each documented difference
// from Echo v5's handlers, and removes it from got and want; it returns
// what is wrong with echoerr's side, or "".
//
//   - HEAD answers carry the Content-Type a GET would get (RFC 9110: the
//     same header fields as GET); Echo v5's carry none.
//   - A ProblemErrorer's status and detail are used in JSON too; Echo v5's
//     JSON handler answers it 500. A *ProblemError's detail is the message
//     of a JSON answer; Echo v5's JSON handler shows the status text.
//   - An HTTPStatusCoder that marshals itself is the "message" member of
//     problem details; Echo v5's problem handler leaves it out.
//   - Debug adds an "error" member with the whole error's text (minus a
//     panic's stack) and leaves the message or the detail public; Echo
//     v5's debug mode puts the wrapped error's text in "error" (JSON) or
//     appends it to "detail" (problem details). So a debug answer is
//     compared with Echo's non-debug answer, plus that member.
//   - Problem details name the request's path as "instance" when the
//     problem names none, and leave "detail" out when it would repeat the
//     title.
func errorDifferences(err error, method string, debug bool, want, got *answer) string {
	if method == http.MethodHead {
		if got.CType != "application/json" && got.CType != "application/problem+json" {
			return "HEAD answer without the content type of a GET: " + got.CType
		}
		if want.CType == "" {
			got.CType = ""
		}
	}
	var per echo.ProblemErrorer
	if errors.As(err, &per) && want.Status == http.StatusInternalServerError {
		pe := per.ProblemError()
		if pe != nil && pe.Status != 0 {
			if got.Status != pe.Status {
				return fmt.Sprintf("a ProblemErrorer answered %d, not its status %d", got.Status, pe.Status)
			}
			*got = *want // its body follows from its status: checked elsewhere
			return ""
		}
	}
	var mj *customMarshaler
	isRaw := errors.As(err, &mj)
	if want.Body == "" {
		return ""
	}
	var w, g map[string]any
	if json.Unmarshal([]byte(want.Body), &w) != nil {
		return "" // Echo's body is not an object: compared as is
	}
	if json.Unmarshal([]byte(got.Body), &g) != nil {
		return "echoerr's body is not JSON: " + got.Body
	}
	var pe *echo.ProblemError
	if errors.As(err, &pe) && pe.Detail != "" && w["message"] != nil {
		if g["message"] != pe.Detail {
			return fmt.Sprintf("a ProblemError's detail is not the message: %v", g["message"])
		}
		g["message"] = w["message"]
	}
	if isRaw {
		// A value that marshals itself is written as is (JSON), or is the
		// "message" member of problem details.
		if raw, ok := g["message"].(map[string]any); ok && w["type"] != nil && raw["x"] == mj.Message {
			delete(g, "message")
		}
		debug = debug && w["type"] != nil // JSON: written as is, as Echo does
	}
	if debug {
		if g["error"] != err.Error() {
			return fmt.Sprintf("debug member %q, want the error's text %q", g["error"], err.Error())
		}
		delete(g, "error")
		delete(w, "error")
		if d, ok := w["detail"].(string); ok {
			// Echo's debug detail is the message + ": " + the wrapped text.
			var he *echo.HTTPError
			if errors.As(err, &he) && he.Message != "" {
				w["detail"] = he.Message
			} else if errors.As(err, &he) || d == err.Error() {
				delete(w, "detail")
			}
		}
	}
	if _, ok := w["type"]; ok {
		if _, named := w["instance"]; !named {
			if g["instance"] != "/api/path" {
				return fmt.Sprintf("problem details without the path as instance: %v", g["instance"])
			}
			delete(g, "instance")
		}
		if w["detail"] == w["title"] {
			delete(w, "detail")
		}
	}
	if fmt.Sprint(g) != fmt.Sprint(w) {
		return fmt.Sprintf("echoerr  %s\nplain v5 %s", got.Body, want.Body)
	}
	got.Body, want.Body = "", ""
	return ""
}

// routeLayout registers a route table on an app through groups of plain
// Echo v5 or through echoerr's namespaces.
type routeLayout struct {
	// group returns an adder for the routes under prefix.
	group func(e *echo.Echo, prefix string, mw ...echo.MiddlewareFunc) adder
}

type adder interface {
	Add(method, path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) echo.RouteInfo
}

var (
	plainGroups = routeLayout{group: func(e *echo.Echo, prefix string, mw ...echo.MiddlewareFunc) adder {
		return e.Group(prefix, mw...)
	}}
	namespaces = routeLayout{group: func(e *echo.Echo, prefix string, mw ...echo.MiddlewareFunc) adder {
		return echoerr.Group(e, prefix, mw...)
	}}
)

// routerApps builds the same table twice: plain Echo v5 (groups without
// the v5.3 catch-alls, Echo's default handler) and echoerr (namespaces,
// echoerr's default answers).
func routerApps(build func(e *echo.Echo, l routeLayout)) (*echo.Echo, *echo.Echo) {
	pe := echo.NewWithConfig(echo.Config{NoGroupAutoRegister404Routes: true})
	build(pe, plainGroups)
	ee := echo.New()
	ee.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Logger: discard})
	build(ee, namespaces)
	return pe, ee
}

func echoPath(c *echo.Context) error {
	return c.String(http.StatusOK, c.Request().Method+" "+c.Path())
}

func notFoundPath(c *echo.Context) error {
	return c.String(http.StatusNotFound, c.Request().Method+" "+c.Path())
}

type replayRequest struct{ method, target string }

// TestReplayRouter replays Echo v5's routing tests with the routes in
// namespaces, at the root and under a prefix, and compares every answer
// with plain Echo v5's.
func TestReplayRouter(t *testing.T) {
	tables := []struct {
		name  string
		build func(e *echo.Echo, l routeLayout, prefix string)
		reqs  []replayRequest
	}{
		{
			name: "TestMethodNotAllowedAndNotFound",
			build: func(e *echo.Echo, l routeLayout, prefix string) {
				g := l.group(e, prefix)
				g.Add(http.MethodGet, "/*", echoPath)
				g.Add(http.MethodPost, "/users/:id", echoPath)
			},
			reqs: []replayRequest{{"POST", "/users/1"}, {"PUT", "/users/1"}, {"GET", "/users/1"}, {"OPTIONS", "/users/1"}, {"DELETE", "/x"}},
		},
		{
			name: "TestGroup_RouteNotFound",
			build: func(e *echo.Echo, l routeLayout, prefix string) {
				g := l.group(e, prefix+"/group")
				g.Add(http.MethodGet, "/", echoPath)
				g.Add(http.MethodGet, "/a/c/df", echoPath)
				g.Add(http.MethodGet, "/a/b*", echoPath)
				g.Add(http.MethodPut, "/*", echoPath)
				g.Add(echo.RouteNotFound, "/a/c/xx", notFoundPath)
				g.Add(echo.RouteNotFound, "/a/:file", notFoundPath)
				g.Add(echo.RouteNotFound, "/*", notFoundPath)
			},
			reqs: []replayRequest{{"GET", "/group/a/c/xx"}, {"GET", "/group/a/echo.exe"}, {"GET", "/group/b/echo.exe"}, {"GET", "/group/a/c/df"}, {"POST", "/group/a/c/df"}, {"GET", "/nope"}},
		},
		{
			name: "group_method_handling_test",
			build: func(e *echo.Echo, l routeLayout, prefix string) {
				e.GET(prefix+"/health", echoPath)
				l.group(e, prefix+"/api").Add(http.MethodGet, "/users", echoPath)
			},
			reqs: []replayRequest{{"POST", "/api/users"}, {"OPTIONS", "/api/users"}, {"GET", "/api/users"}, {"GET", "/api/nope"}, {"GET", "/health"}, {"POST", "/health"}},
		},
		{
			name: "TestGroupRoute_catchAllMasksMethodHandling",
			build: func(e *echo.Echo, l routeLayout, prefix string) {
				g := l.group(e, prefix+"/api")
				g.Add(http.MethodGet, "/users", echoPath)
				g.Add(echo.RouteNotFound, "/*", func(c *echo.Context) error { return c.NoContent(http.StatusNotFound) })
			},
			reqs: []replayRequest{{"GET", "/api/users"}, {"POST", "/api/users"}, {"OPTIONS", "/api/users"}},
		},
		{
			name: "TestGroupRouteMiddleware",
			build: func(e *echo.Echo, l routeLayout, prefix string) {
				pass := func(next echo.HandlerFunc) echo.HandlerFunc { return next }
				g := l.group(e, prefix+"/group", pass, pass, pass)
				h := func(*echo.Context) error { return nil }
				g.Add(http.MethodGet, "/404", h, func(echo.HandlerFunc) echo.HandlerFunc {
					return func(c *echo.Context) error { return c.NoContent(404) }
				})
				g.Add(http.MethodGet, "/405", h, func(echo.HandlerFunc) echo.HandlerFunc {
					return func(c *echo.Context) error { return c.NoContent(405) }
				})
			},
			reqs: []replayRequest{{"GET", "/group/404"}, {"GET", "/group/405"}, {"PUT", "/group/405"}, {"GET", "/group/nope"}},
		},
		{
			name: "TestGroupRouteMiddlewareWithMatchAny",
			build: func(e *echo.Echo, l routeLayout, prefix string) {
				m2 := func(echo.HandlerFunc) echo.HandlerFunc {
					return func(c *echo.Context) error { return c.String(http.StatusOK, c.RouteInfo().Path) }
				}
				g := l.group(e, prefix+"/group", func(next echo.HandlerFunc) echo.HandlerFunc { return next })
				g.Add(http.MethodGet, "/help", echoPath, m2)
				g.Add(http.MethodGet, "/*", echoPath, m2)
				g.Add(http.MethodGet, "", echoPath, m2)
				e.GET(prefix+"unrelated", echoPath, m2)
				e.GET(prefix+"*", echoPath, m2)
			},
			reqs: []replayRequest{{"GET", "/group/help"}, {"GET", "/group/help/other"}, {"GET", "/group/404"}, {"GET", "/group"}, {"GET", "/other"}, {"GET", "/"}, {"POST", "/group/help"}},
		},
		{
			name: "TestGroup_multiLevelGroup",
			build: func(e *echo.Echo, l routeLayout, prefix string) {
				// Nested through the layout's own Group method.
				switch g := l.group(e, prefix+"/api").(type) {
				case *echo.Group:
					g.Group("/users").GET("/activate", echoPath)
				case *echoerr.Namespace:
					g.Group("/users").GET("/activate", echoPath)
				}
			},
			reqs: []replayRequest{{"GET", "/api/users/activate"}, {"PUT", "/api/users/activate"}, {"GET", "/api/users/nope"}, {"GET", "/api"}},
		},
		{
			name: "TestGroup_Any and Match",
			build: func(e *echo.Echo, l routeLayout, prefix string) {
				g := l.group(e, prefix+"/users")
				g.Add(echo.RouteAny, "/activate", echoPath)
				for _, m := range []string{http.MethodGet, http.MethodPost} {
					g.Add(m, "/match", echoPath)
				}
				g.Add(echo.QUERY, "/query", echoPath)
			},
			reqs: []replayRequest{{"TRACE", "/users/activate"}, {"GET", "/users/match"}, {"DELETE", "/users/match"}, {"QUERY", "/users/query"}, {"GET", "/users/query"}, {"HEAD", "/users/match"}},
		},
	}
	for _, tb := range tables {
		for _, prefix := range []string{"", "/v1"} {
			t.Run(tb.name+"/prefix="+prefix, func(t *testing.T) {
				pe, ee := routerApps(func(e *echo.Echo, l routeLayout) { tb.build(e, l, prefix) })
				for _, r := range tb.reqs {
					want, got := serve(pe, r.method, prefix+r.target), serve(ee, r.method, prefix+r.target)
					if r.method == http.MethodHead && want.CType == "" && got.CType == "application/json" {
						got.CType = "" // documented: HEAD has the content type of a GET
					}
					if got != want {
						t.Errorf("%s %s:\necho-err %+v\nplain v5 %+v", r.method, prefix+r.target, got, want)
					}
				}
			})
		}
	}
}

// TestReplayGroupCatchAlls is the documented difference: Echo v5.3+ groups
// with middleware add catch-all routes that answer a wrong method 404 (and
// OPTIONS 404); a namespace adds none, so it answers 405 with Allow and 204
// as Echo v5 does without groups, and its middleware does not run for the
// router's 404 and 405.
func TestReplayGroupCatchAlls(t *testing.T) {
	called := 0
	mw := func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c *echo.Context) error { called++; return next(c) }
	}
	pe := echo.New() // v5.3+ default: catch-alls
	pe.Group("/api", mw).GET("/users", echoPath)
	ee := echo.New()
	ee.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Logger: discard})
	echoerr.Group(ee, "/api", mw).GET("/users", echoPath)

	if a := serve(pe, "POST", "/api/users"); a.Status != 404 {
		t.Fatalf("plain v5 group with middleware: %+v; the catch-alls changed", a)
	}
	if a := serve(ee, "POST", "/api/users"); a.Status != 405 || a.Allow != "OPTIONS, GET" {
		t.Errorf("namespace: %+v, want 405 with Allow", a)
	}
	if a := serve(ee, "OPTIONS", "/api/users"); a.Status != 204 || a.Allow != "OPTIONS, GET" {
		t.Errorf("namespace OPTIONS: %+v, want 204 with Allow", a)
	}
	called = 0
	if a := serve(ee, "GET", "/api/nope"); a.Status != 404 || called != 0 {
		t.Errorf("namespace 404: %+v, middleware ran %d times", a, called)
	}
	if a := serve(ee, "GET", "/api/users"); a.Status != 200 || called != 1 {
		t.Errorf("namespace route: %+v, middleware ran %d times", a, called)
	}
}
