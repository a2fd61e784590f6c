package echoerr_test

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/echoerr/echoerr/internal/scenario"
	"github.com/echoerr/echoerr/v5"
	"github.com/labstack/echo/v5"
)

// The rows of issue 22 that the v4 benchmarks measure, on Echo v5 (named
// V5... in scripts/bench's table): a typed handler, a deep chain, the log
// line, setup, the first error and a real server's p99.

// v5Typed is the error type of BenchmarkOnHandler.
type v5Typed struct{}

func (*v5Typed) Error() string { return "typed" }

// BenchmarkOnHandler answers a typed error with an On handler that writes
// the floor's bytes the way the floor does.
func BenchmarkOnHandler(b *testing.B) {
	h := quiet(echoerr.Config{Rules: []echoerr.Rule{
		echoerr.On(func(c *echo.Context, err *v5Typed) error {
			floorHandler(c, err)
			return nil
		}),
	}})
	benchServe(b, benchApp(h, &v5Typed{}), "/movies/7")
}

// BenchmarkChain answers an HTTPError wrapped 10 deep with fmt.Errorf's %w,
// against the same error returned directly.
func BenchmarkChain(b *testing.B) {
	deep := error(benchHTTPError)
	for i := range 10 {
		deep = fmt.Errorf("layer %d: %w", i, deep)
	}
	b.Run("Direct", func(b *testing.B) { benchServe(b, benchApp(quiet(echoerr.Config{}), benchHTTPError), "/movies/7") })
	b.Run("Deep10", func(b *testing.B) { benchServe(b, benchApp(quiet(echoerr.Config{}), deep), "/movies/7") })
}

// loggedFloor is Logged/JSON's reference: the floor's answer and the line
// echoerr logs for it, attribute for attribute (TestLoggedFloorLine),
// written by hand through the same slog handler.
func loggedFloor(logger *slog.Logger) echo.HTTPErrorHandler {
	return func(c *echo.Context, err error) {
		floorHandler(c, err)
		req := c.Request()
		logger.LogAttrs(req.Context(), slog.LevelInfo, "echoerr: error answered",
			slog.String("method", req.Method),
			slog.String("path", req.URL.Path),
			slog.String("route", c.Path()),
			slog.Int("status", http.StatusNotFound),
			slog.String("error", err.Error()),
			slog.String("error_chain", "*echo.HTTPError"),
			slog.String("rule_level", ""),
			slog.String("rule", "default"))
	}
}

// BenchmarkLogged is the default answer to an HTTPError with echoerr's
// default log line (slog's JSON handler to io.Discard), the same line
// logged by hand, and the answer with client errors logged below the
// handler's level.
func BenchmarkLogged(b *testing.B) {
	logger := slog.New(slog.NewJSONHandler(io.Discard, nil))
	b.Run("JSON", func(b *testing.B) {
		benchServe(b, benchApp(echoerr.NewWithConfig(echoerr.Config{Logger: logger}), benchHTTPError), "/movies/7")
	})
	b.Run("HandWritten", func(b *testing.B) { benchServe(b, benchApp(loggedFloor(logger), benchHTTPError), "/movies/7") })
	b.Run("ClientErrorsAtDebug", func(b *testing.B) {
		h := echoerr.NewWithConfig(echoerr.Config{Logger: logger, ClientErrorLevel: slog.LevelDebug})
		benchServe(b, benchApp(h, benchHTTPError), "/movies/7")
	})
}

func TestLoggedFloorLine(t *testing.T) {
	scenario.SameLogLine(t, 10, func(ref bool, l *slog.Logger) string {
		h := echoerr.NewWithConfig(echoerr.Config{Logger: l})
		if ref {
			h = loggedFloor(l)
		}
		rec := httptest.NewRecorder()
		benchApp(h, benchHTTPError).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/movies/7", nil))
		return rec.Body.String()
	})
}

// setupApp registers n namespaces (or plain groups) of 10 routes each.
func setupApp(n int, namespaces bool) *echo.Echo {
	e := echo.New()
	e.HTTPErrorHandler = quiet(echoerr.Config{})
	ok := func(c *echo.Context) error { return c.NoContent(http.StatusNoContent) }
	for i := range n {
		prefix := "/t" + strconv.Itoa(i)
		var add func(method, path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) echo.RouteInfo
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

// BenchmarkSetup: 1,000 namespaces of 10 routes against as many groups.
func BenchmarkSetup(b *testing.B) {
	scenario.BenchSetup(b, func(namespaces bool) { setupApp(1000, namespaces) })
}

// BenchmarkFirstError is the first error answer right after that setup,
// before the timer that builds the tables off the request path fires: each
// round adds a route first, untimed, which drops the tables again.
func BenchmarkFirstError(b *testing.B) {
	fail := errors.New("boom")
	e := setupApp(1000, true)
	e.GET("/boom", func(*echo.Context) error { return fail })
	ok := func(*echo.Context) error { return nil }
	scenario.BenchFirstError(b, e, "/boom", func(i int) { e.GET("/late/"+strconv.Itoa(i), ok) })
}

// BenchmarkLoadP99 serves mixed requests (a success, the router's 404, an
// HTTPError, a plain error) from 32 keep-alive clients to a real server on
// 127.0.0.1, with echoerr (its default log line, slog's text handler to
// io.Discard) and with Echo's default handler, in interleaved rounds of
// 1,280 requests; it reports the median of the rounds' p99 latency ratios,
// echoerr's over Echo's.
func BenchmarkLoadP99(b *testing.B) {
	serve := func(h echo.HTTPErrorHandler) *httptest.Server {
		e := echo.New()
		e.Logger = slog.New(slog.DiscardHandler)
		if h != nil {
			e.HTTPErrorHandler = h
		}
		e.GET("/ok", func(c *echo.Context) error { return c.String(http.StatusOK, "ok") })
		e.GET("/conflict", func(*echo.Context) error { return echo.NewHTTPError(http.StatusConflict, "taken") })
		e.GET("/boom", func(*echo.Context) error { return errBenchPlain })
		return httptest.NewServer(e)
	}
	echoSrv := serve(nil)
	defer echoSrv.Close()
	errSrv := serve(echoerr.NewWithConfig(echoerr.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	defer errSrv.Close()
	scenario.P99Ratio(b, echoSrv.URL, errSrv.URL, []string{"/ok", "/missing", "/conflict", "/boom"})
}
