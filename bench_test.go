package echoerr_test

//go:generate go run ./internal/benchgen -n 10000 -tags echoerr_manytypes -o bench_types_many_test.go
//go:generate go run ./internal/benchgen -n 100 -tags !echoerr_manytypes -o bench_types_test.go

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/echoerr/echoerr"
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

// BenchmarkSuccess serves a request that succeeds through 3 nested groups:
// plain Echo groups, and echoerr namespaces with handlers registered.
func BenchmarkSuccess(b *testing.B) {
	mw := func(next echo.HandlerFunc) echo.HandlerFunc { return func(c echo.Context) error { return next(c) } }
	ok := func(c echo.Context) error { return c.NoContent(http.StatusNoContent) }
	b.Run("Groups", func(b *testing.B) {
		e := echo.New()
		e.Group("/a", mw).Group("/b", mw).Group("/c", mw).GET("/movies/:id", ok)
		benchServe(b, e, http.MethodGet, "/a/b/c/movies/7")
	})
	b.Run("Namespaces", func(b *testing.B) {
		e := echo.New()
		e.HTTPErrorHandler = quiet(echoerr.Config{Rules: filler(100)})
		ns := echoerr.Group(e, "/a", mw).Group("/b", mw).Group("/c", mw)
		ns.Handle(filler(100)...)
		ns.GET("/movies/:id", ok)
		benchServe(b, e, http.MethodGet, "/a/b/c/movies/7")
	})
}
