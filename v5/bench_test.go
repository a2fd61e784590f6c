package echoerr_test

import (
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/echoerr/echoerr/v5"
	"github.com/labstack/echo/v5"
)

// The v5 benchmarks run every case through e.ServeHTTP with real routing and
// a ResponseWriter that keeps nothing; echoerr logs to a discard handler, as
// Echo v5's handlers log nothing on this path. Compare with benchstat:
// EchoDefault and EchoProblem are the references of Echoerr and
// EchoerrProblem, Success/Groups of Success/Namespaces.

type discardWriter struct{ h http.Header }

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *discardWriter) WriteHeader(int)             {}

func benchServe(b *testing.B, e *echo.Echo, path string) {
	b.Helper()
	w := &discardWriter{h: http.Header{}}
	req := httptest.NewRequest(http.MethodGet, path, nil)
	e.ServeHTTP(w, req)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		clear(w.h)
		e.ServeHTTP(w, req)
	}
}

var (
	benchHTTPError = echo.NewHTTPError(http.StatusNotFound, "no such movie")
	errBenchPlain  = errors.New("pq: connection refused")
)

func benchApp(h echo.HTTPErrorHandler, err error) *echo.Echo {
	e := echo.New()
	e.HTTPErrorHandler = h
	e.GET("/movies/:id", func(*echo.Context) error { return err })
	return e
}

func quiet(cfg echoerr.Config) echo.HTTPErrorHandler {
	cfg.Logger = slog.New(slog.DiscardHandler)
	return echoerr.NewWithConfig(cfg)
}

// floorBody is a precomputed answer, floorHandler the cheapest hand-written
// way to write it: its status and the headers echoerr's answer has,
// content type and Vary, set the way handlers set headers.
var floorBody = []byte(`{"message":"no such movie"}` + "\n")

func floorHandler(c *echo.Context, _ error) {
	w := c.Response()
	w.Header().Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
	w.Header().Add(echo.HeaderVary, echo.HeaderAccept)
	w.WriteHeader(http.StatusNotFound)
	_, _ = w.Write(floorBody)
}

// BenchmarkFloor is the floor of issue 22's default-answer rows on Echo v5.
func BenchmarkFloor(b *testing.B) {
	benchServe(b, benchApp(floorHandler, benchHTTPError), "/movies/7")
}

func BenchmarkEchoDefault(b *testing.B) {
	b.Run("HTTPError", func(b *testing.B) {
		benchServe(b, benchApp(echo.DefaultHTTPErrorHandler(false), benchHTTPError), "/movies/7")
	})
	b.Run("PlainError", func(b *testing.B) {
		benchServe(b, benchApp(echo.DefaultHTTPErrorHandler(false), errBenchPlain), "/movies/7")
	})
}

func BenchmarkEchoerr(b *testing.B) {
	b.Run("HTTPError", func(b *testing.B) { benchServe(b, benchApp(quiet(echoerr.Config{}), benchHTTPError), "/movies/7") })
	b.Run("PlainError", func(b *testing.B) { benchServe(b, benchApp(quiet(echoerr.Config{}), errBenchPlain), "/movies/7") })
}

func BenchmarkEchoProblem(b *testing.B) {
	b.Run("HTTPError", func(b *testing.B) {
		benchServe(b, benchApp(echo.ProblemDetailsHTTPErrorHandler(false), benchHTTPError), "/movies/7")
	})
	b.Run("PlainError", func(b *testing.B) {
		benchServe(b, benchApp(echo.ProblemDetailsHTTPErrorHandler(false), errBenchPlain), "/movies/7")
	})
}

func BenchmarkEchoerrProblem(b *testing.B) {
	cfg := echoerr.Config{Format: echoerr.Format{Problem: true}}
	b.Run("HTTPError", func(b *testing.B) { benchServe(b, benchApp(quiet(cfg), benchHTTPError), "/movies/7") })
	b.Run("PlainError", func(b *testing.B) { benchServe(b, benchApp(quiet(cfg), errBenchPlain), "/movies/7") })
}

// BenchmarkSuccess: three levels of groups against three levels of
// namespaces, with middleware at each, and a handler that answers 204.
func BenchmarkSuccess(b *testing.B) {
	mw := func(next echo.HandlerFunc) echo.HandlerFunc { return func(c *echo.Context) error { return next(c) } }
	ok := func(c *echo.Context) error { return c.NoContent(http.StatusNoContent) }
	b.Run("Groups", func(b *testing.B) {
		e := echo.New()
		e.HTTPErrorHandler = quiet(echoerr.Config{})
		g := e.Group("/api", mw).Group("/v1", mw).Group("/admin", mw)
		g.GET("/users/:id", ok)
		benchServe(b, e, "/api/v1/admin/users/7")
	})
	// Groups without the catch-all routes v5.3+ adds for group middleware
	// (Config.NoGroupAutoRegister404Routes): the same router table as the
	// namespaces', which add none.
	b.Run("GroupsNoCatchAlls", func(b *testing.B) {
		e := echo.NewWithConfig(echo.Config{NoGroupAutoRegister404Routes: true})
		e.HTTPErrorHandler = quiet(echoerr.Config{})
		g := e.Group("/api", mw).Group("/v1", mw).Group("/admin", mw)
		g.GET("/users/:id", ok)
		benchServe(b, e, "/api/v1/admin/users/7")
	})
	b.Run("Namespaces", func(b *testing.B) {
		e := echo.New()
		e.HTTPErrorHandler = quiet(echoerr.Config{})
		n := echoerr.Group(e, "/api", mw).Group("/v1", mw).Group("/admin", mw)
		n.GET("/users/:id", ok)
		benchServe(b, e, "/api/v1/admin/users/7")
	})
}

// TestErrorPathAllocatesNothing pins what the benchmarks show: an error
// answer of echoerr allocates nothing in Echo v5 either.
func TestErrorPathAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are exact only without -race")
	}
	for name, err := range map[string]error{"HTTPError": benchHTTPError, "plain": errBenchPlain} {
		e := benchApp(quiet(echoerr.Config{}), err)
		w := &discardWriter{h: http.Header{}}
		req := httptest.NewRequest(http.MethodGet, "/movies/7", nil)
		e.ServeHTTP(w, req)
		if n := testing.AllocsPerRun(100, func() { clear(w.h); e.ServeHTTP(w, req) }); n != 0 {
			t.Errorf("%s: %v allocations per error answer, want 0", name, n)
		}
	}
}
