package echoerr_test

//go:generate go run ./internal/benchgen -n 10000 -tags echoerr_manytypes -o bench_types_many_test.go
//go:generate go run ./internal/benchgen -n 100 -tags !echoerr_manytypes -o bench_types_test.go

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/echoerr/echoerr"
	"github.com/echoerr/echoerr/internal/scenario"
)

// The benchmarks run every case through the same harness: e.ServeHTTP with
// real routing, a handler that returns a prebuilt error, and a ResponseWriter
// that keeps nothing, so that only the error handler differs between cases.
// echoerr's logger is a discard handler: Echo's default handler logs nothing,
// and a log sink's cost is the sink's. scripts/bench runs them with benchstat
// and prints the ratios.

// benchServe runs requests to path through e.
func benchServe(b *testing.B, e *echo.Echo, method, path string) {
	b.Helper()
	w := &discardWriter{h: http.Header{}}
	req := httptest.NewRequest(method, path, nil)
	e.ServeHTTP(w, req) // warm the context pool and the lazily built tables
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		clear(w.h)
		e.ServeHTTP(w, req)
	}
}

func quiet(cfg echoerr.Config) echo.HTTPErrorHandler {
	cfg.Logger = slog.New(slog.DiscardHandler)
	return echoerr.NewWithConfig(cfg)
}

var (
	benchHTTPError = echo.NewHTTPError(http.StatusNotFound, "no such movie")
	errBenchPlain  = errors.New("pq: connection refused")
	floorBody      = []byte(`{"message":"no such movie"}` + "\n")
)

// floorHandler is the cheapest hand-written answer: a precomputed body with
// its status and the headers echoerr's answer has, content type and Vary
// (the same bytes on the wire as a declared entry's answer), set the way
// handlers set headers.
func floorHandler(err error, c echo.Context) {
	res := c.Response()
	res.Header().Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
	res.Header().Add(echo.HeaderVary, echo.HeaderAccept)
	res.WriteHeader(http.StatusNotFound)
	_, _ = res.Write(floorBody)
}

func benchApp(h echo.HTTPErrorHandler, err error) *echo.Echo {
	e := echo.New()
	if h != nil {
		e.HTTPErrorHandler = h
	}
	e.GET("/movies/:id", func(echo.Context) error { return err })
	return e
}

func BenchmarkFloor(b *testing.B) {
	benchServe(b, benchApp(floorHandler, benchHTTPError), http.MethodGet, "/movies/7")
}

func BenchmarkEchoDefault(b *testing.B) {
	b.Run("HTTPError", func(b *testing.B) { benchServe(b, benchApp(nil, benchHTTPError), http.MethodGet, "/movies/7") })
	b.Run("PlainError", func(b *testing.B) { benchServe(b, benchApp(nil, errBenchPlain), http.MethodGet, "/movies/7") })
}

func BenchmarkEchoerr(b *testing.B) {
	b.Run("HTTPError", func(b *testing.B) {
		benchServe(b, benchApp(quiet(echoerr.Config{}), benchHTTPError), http.MethodGet, "/movies/7")
	})
	b.Run("PlainError", func(b *testing.B) {
		benchServe(b, benchApp(quiet(echoerr.Config{}), errBenchPlain), http.MethodGet, "/movies/7")
	})
}

func BenchmarkDeclared(b *testing.B) {
	h := quiet(echoerr.Config{Rules: []echoerr.Rule{
		echoerr.DeclareError(ErrMovieNotExists, echoerr.Entry{Status: http.StatusNotFound, Message: "no such movie"}),
	}})
	benchServe(b, benchApp(h, ErrMovieNotExists), http.MethodGet, "/movies/7")
}

// filler returns n rules that never match the benchmarks' errors.
func filler(n int) []echoerr.Rule {
	rules := make([]echoerr.Rule, 0, n)
	for i := 0; i < n; i++ {
		switch i % 3 {
		case 0:
			rules = append(rules, echoerr.DeclareError(fmt.Errorf("filler %d", i), echoerr.Entry{Status: 400}))
		case 1:
			rules = append(rules, echoerr.OnStatus(400+i%100, tag("filler", 400)))
		default:
			rules = append(rules, manyTypeRules[(i*7)%len(manyTypeRules)])
		}
	}
	return rules
}

// BenchmarkDeep resolves a typed error wrapped 3 deep at the innermost of 3
// nested namespaces, each level with 100 registered entries.
func BenchmarkDeep(b *testing.B) {
	e := echo.New()
	e.HTTPErrorHandler = quiet(echoerr.Config{Rules: filler(100)})
	a := echoerr.Group(e, "/a")
	bb := a.Group("/b")
	c := bb.Group("/c")
	a.Handle(filler(100)...)
	bb.Handle(filler(100)...)
	c.Handle(filler(99)...)
	c.Handle(echoerr.Declare[*NotFoundErr](echoerr.Entry{Status: http.StatusNotFound, Message: "no such movie"}))
	err := fmt.Errorf("handler: %w", fmt.Errorf("service: %w", fmt.Errorf("store: %w", &NotFoundErr{ID: "7"})))
	c.GET("/movies/:id", func(echo.Context) error { return err })
	benchServe(b, e, http.MethodGet, "/a/b/c/movies/7")
}

// BenchmarkTypes resolves an error of the last registered of n types.
func BenchmarkTypes(b *testing.B) {
	for _, n := range []int{1, 100, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			if n > len(manyTypeRules) {
				b.Skip("10,000 types need -tags echoerr_manytypes (scripts/bench sets it)")
			}
			rules := manyTypeRules[:n]
			err := fmt.Errorf("wrapped: %w", manyTypeErrors[n-1])
			benchServe(b, benchApp(quiet(echoerr.Config{Rules: rules}), err), http.MethodGet, "/movies/7")
		})
	}
}

// BenchmarkSuccess serves a request that succeeds through 3 nested groups
// without middleware: plain Echo groups, and echoerr namespaces with
// handlers registered.
func BenchmarkSuccess(b *testing.B) {
	ok := func(c echo.Context) error { return c.NoContent(http.StatusNoContent) }
	b.Run("Groups", func(b *testing.B) {
		e := echo.New()
		e.HTTPErrorHandler = quiet(echoerr.Config{})
		e.Group("/a").Group("/b").Group("/c").GET("/movies/:id", ok)
		benchServe(b, e, http.MethodGet, "/a/b/c/movies/7")
	})
	b.Run("Namespaces", func(b *testing.B) {
		e := echo.New()
		e.HTTPErrorHandler = quiet(echoerr.Config{Rules: filler(100)})
		ns := echoerr.Group(e, "/a").Group("/b").Group("/c")
		ns.Handle(filler(100)...)
		ns.GET("/movies/:id", ok)
		benchServe(b, e, http.MethodGet, "/a/b/c/movies/7")
	})
}

// gitHubPrefixes are the four namespaces (or groups) of the GitHub API
// benchmarks; the other routes are the app's.
var gitHubPrefixes = []string{"/repos", "/user", "/users", "/orgs"}

// gitHubApp serves the GitHub API route set with its four prefixes as
// namespaces or as plain Echo groups, with mw as group middleware; every
// error is answered by echoerr.
func gitHubApp(namespaces bool, mw ...echo.MiddlewareFunc) *echo.Echo {
	e := echo.New()
	e.HTTPErrorHandler = quiet(echoerr.Config{})
	ok := func(c echo.Context) error { return c.NoContent(http.StatusNoContent) }
	add := map[string]func(method, path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route{}
	for _, p := range gitHubPrefixes {
		if namespaces {
			add[p] = echoerr.Group(e, p, mw...).Add
		} else {
			add[p] = e.Group(p, mw...).Add
		}
	}
	for _, r := range gitHubAPI {
		prefix := "/" + strings.SplitN(r.path, "/", 3)[1]
		if a, ok2 := add[prefix]; ok2 {
			a(r.method, strings.TrimPrefix(r.path, prefix), ok)
		} else {
			e.Add(r.method, r.path, ok)
		}
	}
	return e
}

// gitHubAppUse is gitHubApp with plain groups and mw given to e.Use.
func gitHubAppUse(mw ...echo.MiddlewareFunc) *echo.Echo {
	e := gitHubApp(false)
	e.Use(mw...)
	return e
}

// gitHubRequests are one request per route of the set, parameters filled in.
func gitHubRequests() []*http.Request {
	var reqs []*http.Request
	for _, r := range gitHubAPI {
		path := r.path
		for _, seg := range strings.Split(r.path, "/") {
			if strings.HasPrefix(seg, ":") {
				path = strings.Replace(path, seg, "x", 1)
			}
		}
		reqs = append(reqs, httptest.NewRequest(r.method, path, nil))
	}
	return reqs
}

// benchServeAll runs reqs in turn through e.
func benchServeAll(b *testing.B, e *echo.Echo, reqs []*http.Request) {
	b.Helper()
	w := &discardWriter{h: http.Header{}}
	for _, req := range reqs {
		e.ServeHTTP(w, req)
		clear(w.h)
	}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		clear(w.h)
		e.ServeHTTP(w, reqs[i])
		if i++; i == len(reqs) {
			i = 0
		}
	}
}

// BenchmarkGitHub serves every route of the GitHub API set in turn, each
// request succeeding, with four prefixes as namespaces or as plain groups.
func BenchmarkGitHub(b *testing.B) {
	b.Run("Groups", func(b *testing.B) { benchServeAll(b, gitHubApp(false), gitHubRequests()) })
	b.Run("Namespaces", func(b *testing.B) { benchServeAll(b, gitHubApp(true), gitHubRequests()) })
}

// BenchmarkRouting answers the router's 404 and 405 under one of the
// GitHub API prefixes, as a namespace or a plain group, with or without
// group middleware; echoerr answers both sides. (With middleware, a plain
// group answers the wrong method 404, a namespace 405 with Allow: that row's
// reference is MethodNotAllowedMW/Use.)
func BenchmarkRouting(b *testing.B) {
	mw := func(next echo.HandlerFunc) echo.HandlerFunc { return func(c echo.Context) error { return next(c) } }
	for _, tc := range []struct {
		name, method, path string
		mw                 []echo.MiddlewareFunc
	}{
		{"NotFound", http.MethodGet, benchNotFoundPath, nil},
		{"MethodNotAllowed", http.MethodDelete, benchMethodNotAllowedPath, nil},
		{"NotFoundMW", http.MethodGet, benchNotFoundPath, []echo.MiddlewareFunc{mw}},
		{"MethodNotAllowedMW", http.MethodDelete, benchMethodNotAllowedPath, []echo.MiddlewareFunc{mw}},
	} {
		b.Run(tc.name+"/Group", func(b *testing.B) { benchServe(b, gitHubApp(false, tc.mw...), tc.method, tc.path) })
		b.Run(tc.name+"/Namespace", func(b *testing.B) { benchServe(b, gitHubApp(true, tc.mw...), tc.method, tc.path) })
	}
	// The 405 with middleware as Echo answers it: the same routes in plain
	// groups, the same middleware given to e.Use, which runs it around
	// Echo's own 405 (a plain group's middleware never sees that 405).
	b.Run("MethodNotAllowedMW/Use", func(b *testing.B) {
		benchServe(b, gitHubAppUse(mw), http.MethodDelete, benchMethodNotAllowedPath)
	})
	b.Run("NotFoundOutside/Group", func(b *testing.B) { benchServe(b, gitHubApp(false), http.MethodGet, benchOutsidePath) })
	b.Run("NotFoundOutside/Namespace", func(b *testing.B) { benchServe(b, gitHubApp(true), http.MethodGet, benchOutsidePath) })
}

// Requests of BenchmarkRouting (TestRoutingBenchmarkRequests checks their
// answers): a 404 and a 405 under /orgs, a 404 outside every prefix.
const (
	benchNotFoundPath         = "/orgs/x/nope/a/b"
	benchMethodNotAllowedPath = "/orgs/x/members"
	benchOutsidePath          = "/nope/deeper"
)

// BenchmarkLogged is Echoerr/HTTPError (a 404) with echoerr's default log
// line written by slog's JSON handler to io.Discard: what logging costs per
// error answer; and with ClientErrorLevel below the handler's level, which
// is how to keep 4xx answers out of the log at no cost.
func BenchmarkLogged(b *testing.B) {
	logger := slog.New(slog.NewJSONHandler(io.Discard, nil)) // INFO and up
	b.Run("JSON", func(b *testing.B) {
		h := echoerr.NewWithConfig(echoerr.Config{Logger: logger})
		benchServe(b, benchApp(h, benchHTTPError), http.MethodGet, "/movies/7")
	})
	b.Run("HandWritten", func(b *testing.B) {
		benchServe(b, benchApp(loggedFloor(logger), benchHTTPError), http.MethodGet, "/movies/7")
	})
	b.Run("ClientErrorsAtDebug", func(b *testing.B) {
		h := echoerr.NewWithConfig(echoerr.Config{Logger: logger, ClientErrorLevel: slog.LevelDebug})
		benchServe(b, benchApp(h, benchHTTPError), http.MethodGet, "/movies/7")
	})
}

// loggedFloor is Logged/JSON's reference: the floor's answer, and the line
// echoerr logs for it (the same attributes, TestLoggedFloorLine checks),
// written with slog.LogAttrs by hand: what any handler that logs that line
// through the same slog handler pays.
func loggedFloor(logger *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		floorHandler(err, c)
		req := c.Request()
		logger.LogAttrs(req.Context(), slog.LevelInfo, "echoerr: error answered",
			slog.String("method", req.Method),
			slog.String("path", req.URL.Path),
			slog.String("route", c.Path()),
			slog.Int("status", c.Response().Status),
			slog.String("error", err.Error()),
			slog.String("error_chain", "*echo.HTTPError"),
			slog.String("rule_level", ""),
			slog.String("rule", "default"))
	}
}

// handWritten is what users write without echoerr: an HTTPErrorHandler that
// switches over errors.As for 10 types and writes a map as JSON.
func handWritten(err error, c echo.Context) {
	var (
		e0 *bt0
		e1 *bt1
		e2 *bt2
		e3 *bt3
		e4 *bt4
		e5 *bt5
		e6 *bt6
		e7 *bt7
		e8 *bt8
		e9 *bt9
	)
	status, msg := http.StatusInternalServerError, "Internal Server Error"
	switch {
	case errors.As(err, &e0), errors.As(err, &e1), errors.As(err, &e2), errors.As(err, &e3), errors.As(err, &e4),
		errors.As(err, &e5), errors.As(err, &e6), errors.As(err, &e7), errors.As(err, &e8), errors.As(err, &e9):
		status, msg = http.StatusNotFound, "no such movie"
	}
	_ = c.JSON(status, map[string]any{"message": msg})
}

// BenchmarkHandWritten compares that handler with echoerr declaring the
// same 10 types, on the last of them, wrapped once.
func BenchmarkHandWritten(b *testing.B) {
	err := fmt.Errorf("load: %w", &bt9{})
	b.Run("Switch", func(b *testing.B) {
		benchServe(b, benchApp(handWritten, err), http.MethodGet, "/movies/7")
	})
	b.Run("Echoerr", func(b *testing.B) {
		benchServe(b, benchApp(quiet(echoerr.Config{Rules: manyTypeRules[:10]}), err), http.MethodGet, "/movies/7")
	})
}

// BenchmarkGuarded answers a driver error by code through a guarded rule,
// against the same error answered by a plain rule for its type.
func BenchmarkGuarded(b *testing.B) {
	err := fmt.Errorf("insert: %w", &dbErr{code: "23505"})
	entry := echoerr.Entry{Status: http.StatusConflict, Message: "already exists"}
	b.Run("Plain", func(b *testing.B) {
		benchServe(b, benchApp(quiet(echoerr.Config{Rules: []echoerr.Rule{echoerr.Declare[*dbErr](entry)}}), err), http.MethodGet, "/movies/7")
	})
	b.Run("If", func(b *testing.B) {
		benchServe(b, benchApp(quiet(echoerr.Config{Rules: []echoerr.Rule{
			echoerr.DeclareIf(func(e *dbErr) bool { return e.code == "23505" }, entry),
			echoerr.Declare[*dbErr](echoerr.Entry{Status: http.StatusServiceUnavailable}),
		}}), err), http.MethodGet, "/movies/7")
	})
}

// routeApp serves GET /api/movies/:id, failing with errNoRows, answered by
// a declared entry of the namespace, or of the route, or succeeding.
func routeApp(routeRules, fail bool) *echo.Echo {
	e := echo.New()
	e.HTTPErrorHandler = quiet(echoerr.Config{})
	api := echoerr.Group(e, "/api")
	entry := echoerr.Entry{Status: http.StatusBadRequest, Message: "Movie with given id doesn't exists"}
	if routeRules {
		api.HandleRoute(http.MethodGet, "/movies/:id", echoerr.DeclareError(errNoRows, entry))
	} else {
		api.Handle(echoerr.DeclareError(errNoRows, entry))
	}
	h := func(c echo.Context) error { return c.NoContent(http.StatusNoContent) }
	if fail {
		h = func(c echo.Context) error { return errNoRows }
	}
	api.GET("/movies/:id", h)
	api.PUT("/movies/:id", h)
	return e
}

// BenchmarkRouteLevel answers one error by a per-route entry and by the same
// entry at the namespace; and serves a successful request on a route with
// rules of its own and without.
func BenchmarkRouteLevel(b *testing.B) {
	b.Run("ErrorNamespace", func(b *testing.B) { benchServe(b, routeApp(false, true), http.MethodGet, "/api/movies/7") })
	b.Run("ErrorRoute", func(b *testing.B) { benchServe(b, routeApp(true, true), http.MethodGet, "/api/movies/7") })
	b.Run("SuccessPlain", func(b *testing.B) { benchServe(b, routeApp(false, false), http.MethodGet, "/api/movies/7") })
	b.Run("SuccessRoute", func(b *testing.B) { benchServe(b, routeApp(true, false), http.MethodGet, "/api/movies/7") })
}

// BenchmarkOnHandler answers a typed error with an On handler that writes
// the floor's bytes the way the floor does (issue 22's typed-handler row):
// what a handler rule costs beyond its own writing.
func BenchmarkOnHandler(b *testing.B) {
	h := quiet(echoerr.Config{Rules: []echoerr.Rule{
		echoerr.On(func(c echo.Context, err *bt9) error {
			res := c.Response()
			res.Header().Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
			res.Header().Add(echo.HeaderVary, echo.HeaderAccept)
			res.WriteHeader(http.StatusNotFound)
			_, _ = res.Write(floorBody)
			return nil
		}),
	}})
	benchServe(b, benchApp(h, &bt9{}), http.MethodGet, "/movies/7")
}

// BenchmarkChain answers an HTTPError wrapped 10 deep with fmt.Errorf's %w,
// against the same error returned directly (issue 22's chain row): what
// each element of a chain costs the walk.
func BenchmarkChain(b *testing.B) {
	deep := error(benchHTTPError)
	for i := range 10 {
		deep = fmt.Errorf("layer %d: %w", i, deep)
	}
	b.Run("Direct", func(b *testing.B) {
		benchServe(b, benchApp(quiet(echoerr.Config{}), benchHTTPError), http.MethodGet, "/movies/7")
	})
	b.Run("Deep10", func(b *testing.B) {
		benchServe(b, benchApp(quiet(echoerr.Config{}), deep), http.MethodGet, "/movies/7")
	})
}

// setupApp registers n namespaces (or plain groups) of 10 routes each.
func setupApp(n int, namespaces bool) *echo.Echo {
	e := echo.New()
	e.HTTPErrorHandler = quiet(echoerr.Config{})
	ok := func(c echo.Context) error { return c.NoContent(http.StatusNoContent) }
	for i := range n {
		prefix := "/t" + strconv.Itoa(i)
		var add func(method, path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route
		if namespaces {
			add = echoerr.Group(e, prefix).Add
		} else {
			add = e.Group(prefix).Add
		}
		for j := range 10 {
			add(http.MethodGet, "/r"+strconv.Itoa(j)+"/:id", ok)
		}
	}
	return e
}

// BenchmarkSetup registers 1,000 namespaces of 10 routes each, against as
// many plain groups (issue 22's setup row).
func BenchmarkSetup(b *testing.B) {
	scenario.BenchSetup(b, func(namespaces bool) { setupApp(1000, namespaces) })
}

// BenchmarkFirstError is the first error answer of an app of 1,000
// namespaces of 10 routes, served at once after setup (issue 22's
// first-error row): a route's error, whose level the ownership tables say.
// Once the routes stay unchanged for 50 ms, a timer builds the tables off
// the request path (TestTablesWarmAfterSetup), and the first error costs
// what the others do; served at once, it builds them itself, as here. Each
// round adds a route first, untimed, which drops the tables again.
func BenchmarkFirstError(b *testing.B) {
	fail := errors.New("boom")
	e := setupApp(1000, true)
	e.GET("/boom", func(echo.Context) error { return fail })
	ok := func(echo.Context) error { return nil }
	scenario.BenchFirstError(b, e, "/boom", func(i int) { e.GET("/late/"+strconv.Itoa(i), ok) })
}

// BenchmarkLoadP99 serves mixed requests (a success, the router's 404, an
// HTTPError, a plain error) from 32 keep-alive clients to a real server on
// 127.0.0.1, with echoerr (its default log line, slog's text handler to
// io.Discard) and with Echo's default handler, in interleaved rounds of
// 1,280 requests each; it reports the median of the rounds' p99 latency
// ratios, echoerr's over Echo's (issue 22's real-server row: <= 1.03).
func BenchmarkLoadP99(b *testing.B) {
	serve := func(h echo.HTTPErrorHandler) *httptest.Server {
		e := echo.New()
		if h != nil {
			e.HTTPErrorHandler = h
		}
		e.GET("/ok", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
		e.GET("/conflict", func(echo.Context) error { return echo.NewHTTPError(http.StatusConflict, "taken") })
		e.GET("/boom", func(echo.Context) error { return errBenchPlain })
		return httptest.NewServer(e)
	}
	echoSrv := serve(nil)
	defer echoSrv.Close()
	errSrv := serve(echoerr.NewWithConfig(echoerr.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	defer errSrv.Close()
	scenario.P99Ratio(b, echoSrv.URL, errSrv.URL, []string{"/ok", "/missing", "/conflict", "/boom"})
}
