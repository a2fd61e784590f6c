package echoerr_test

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/echoerr/echoerr/internal/scenario"
	"github.com/echoerr/echoerr/v5"
	"github.com/labstack/echo/v5"
	"github.com/labstack/echo/v5/middleware"
)

var (
	loadRequests = flag.Int("load.requests", 3000, "requests TestLoad sends (try 200000 for a long run)")
	loadClients  = flag.Int("load.clients", 50, "concurrent clients of TestLoad")
	loadTimeout  = flag.Duration("load.timeout", 90*time.Second, "time bound of TestLoad")
)

var errMovieNotExists = errors.New("movie does not exist")

func returning(err error) echo.HandlerFunc { return func(*echo.Context) error { return err } }

// newLoadApp is an Echo v5 app with nested namespaces and middleware, Echo
// v5's own middleware (Recover, RequestLogger), and every kind of error
// answer, broken error values included.
func newLoadApp() *echo.Echo {
	e := echo.New()
	e.Use(middleware.Recover())
	e.Use(middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		HandleError:   true,
		LogStatus:     true,
		LogValuesFunc: func(*echo.Context, middleware.RequestLoggerValues) error { return nil },
	}))
	e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{
		Logger: slog.New(slog.DiscardHandler),
		Rules: []echoerr.Rule{
			echoerr.DeclareError(errMovieNotExists, echoerr.Entry{Status: 404, Message: "no movie"}),
		},
	})
	api := echoerr.Group(e, "/api")
	api.Handle(echoerr.On(func(c *echo.Context, err *scenario.Again) error {
		return c.JSON(http.StatusConflict, map[string]int{"n": err.N})
	}))
	v1 := api.Group("/v1", func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c *echo.Context) error {
			if c.Request().Header.Get("X-Deny") != "" {
				return echo.ErrForbidden
			}
			return next(c)
		}
	})
	v1.Handle(echoerr.OnStatus(http.StatusForbidden, func(c *echo.Context, err error) error {
		return c.JSON(http.StatusForbidden, map[string]string{"by": "v1"})
	}))
	v1.GET("/typed/:n", func(c *echo.Context) error {
		n, err := echo.PathParam[int](c, "n")
		if err != nil {
			return err
		}
		return fmt.Errorf("wrap: %w", &scenario.Again{N: n})
	})
	v1.Match([]string{http.MethodGet, http.MethodHead}, "/movie", returning(fmt.Errorf("get: %w", errMovieNotExists)))
	v1.POST("/abort", func(c *echo.Context) error {
		return echoerr.Abort(c, http.StatusBadRequest, "name is required", echoerr.Fields{"field": "name"})
	})
	v1.GET("/multi", returning(echoerr.NewErrors(422).Add("invalid-data", "a", nil).Add("invalid-data", "b", 1)))
	v1.GET("/plain", returning(errors.New(scenario.Secret)))
	v1.GET("/panic", func(*echo.Context) error { panic(scenario.Secret) })
	v1.GET("/problem", returning(&echo.ProblemError{Type: "https://example.com/stock", Title: "Out of stock", Status: 409, Detail: "none left"}))
	v1.GET("/ok", func(c *echo.Context) error { return c.String(http.StatusOK, "ok") })
	// Broken error values and hostile handlers.
	broken := v1.Group("/broken")
	var nilDeref *scenario.Deref
	broken.GET("/nil", returning(nilDeref))
	broken.GET("/error-panics", returning(fmt.Errorf("w: %w", scenario.Panicking{Which: "Error"})))
	broken.GET("/status-panics", returning(scenario.PanicStatus{}))
	broken.GET("/cycle", returning(&scenario.Loop{}))
	broken.GET("/pair", returning(&scenario.Pair{}))
	broken.GET("/uncomparable", returning(scenario.Detail{D: []string{scenario.Secret}}))
	broken.GET("/hook", func(c *echo.Context) error {
		if r, err := echo.UnwrapResponse(c.Response()); err == nil {
			r.Before(func() { panic("hook exploded") })
		}
		return echo.NewHTTPError(http.StatusConflict, "taken")
	})
	blog := echoerr.Group(e, "/blog")
	blog.SetFormat(echoerr.Format{HTML: true})
	blog.GET("/post", returning(echo.ErrNotFound))
	return e
}

const (
	ctJSON    = "application/json"
	ctProblem = "application/problem+json"
	internal  = `{"message":"Internal Server Error"}`
)

var loadMix = []scenario.LoadCase{
	{Method: "GET", Path: "/api/v1/typed/7", Status: 409, CType: ctJSON, Body: `{"n":7}`},
	{Method: "GET", Path: "/api/v1/typed/x", Status: 400, CType: ctJSON,
		Body: `{"errors":[{"code":"invalid-data","message":"path value","info":{"field":"n","values":["x"]}}]}`},
	{Method: "GET", Path: "/api/v1/movie", Status: 404, CType: ctJSON, Body: `{"message":"no movie"}`},
	{Method: "POST", Path: "/api/v1/abort", Status: 400, CType: ctJSON, Body: `{"message":"name is required","field":"name"}`},
	{Method: "GET", Path: "/api/v1/multi", Status: 422, CType: ctJSON,
		Body: `{"errors":[{"code":"invalid-data","message":"a","info":null},{"code":"invalid-data","message":"b","info":1}]}`},
	{Method: "GET", Path: "/api/v1/plain", Status: 500, CType: ctJSON, Body: internal},
	{Method: "GET", Path: "/api/v1/panic", Status: 500, CType: ctJSON, Body: internal},
	{Method: "GET", Path: "/api/v1/problem", Header: [2]string{"Accept", ctProblem}, Status: 409, CType: ctProblem,
		Body: `{"type":"https://example.com/stock","title":"Out of stock","status":409,"detail":"none left","instance":"/api/v1/problem"}`},
	{Method: "GET", Path: "/api/v1/nope", Status: 404, CType: ctJSON, Body: `{"message":"Not Found"}`},
	{Method: "DELETE", Path: "/api/v1/ok", Status: 405, CType: ctJSON, Body: `{"message":"Method Not Allowed"}`, Want: [2]string{"Allow", "OPTIONS, GET"}},
	{Method: "GET", Path: "/api/v1/ok", Status: 200, CType: "text/plain; charset=UTF-8", Body: "ok"},
	{Method: "GET", Path: "/api/v1/movie", Header: [2]string{"Accept", ctProblem}, Status: 404, CType: ctProblem,
		Body: `{"type":"about:blank","title":"Not Found","status":404,"detail":"no movie","instance":"/api/v1/movie"}`},
	{Method: "GET", Path: "/blog/post", Header: [2]string{"Accept", "text/html"}, Status: 404, CType: "text/html; charset=UTF-8", Body: "<h1>404 Not Found</h1>"},
	{Method: "HEAD", Path: "/api/v1/movie", Status: 404},
	{Method: "GET", Path: "/api/v1/typed/1", Header: [2]string{"X-Deny", "1"}, Status: 403, CType: ctJSON, Body: `{"by":"v1"}`},
	{Method: "GET", Path: "/api/v1/broken/nil", Status: 500, CType: ctJSON, Body: internal},
	{Method: "GET", Path: "/api/v1/broken/error-panics", Status: 500, CType: ctJSON, Body: internal},
	{Method: "GET", Path: "/api/v1/broken/status-panics", Status: 500, CType: ctJSON, Body: internal},
	{Method: "GET", Path: "/api/v1/broken/cycle", Status: 500, CType: ctJSON, Body: internal},
	{Method: "GET", Path: "/api/v1/broken/pair", Header: [2]string{"Accept", ctProblem}, Status: 500, CType: ctProblem,
		Body: `{"type":"about:blank","title":"Internal Server Error","status":500,"instance":"/api/v1/broken/pair"}`},
	{Method: "GET", Path: "/api/v1/broken/uncomparable", Status: 500, CType: ctJSON, Body: internal},
	{Method: "GET", Path: "/api/v1/broken/hook", Status: 500, CType: ctJSON, Body: internal},
}

// TestLoad drives a real Echo v5 server on 127.0.0.1 from concurrent
// clients, for a bounded count and time, and checks every answer.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test skipped in -short mode")
	}
	scenario.Load(t, newLoadApp(), loadMix, scenario.LoadConfig{Requests: *loadRequests, Clients: *loadClients, Timeout: *loadTimeout})
}

// TestLoadMixIsRight checks the load test's expectations once through
// e.ServeHTTP, so that a wrong expectation shows as itself.
func TestLoadMixIsRight(t *testing.T) {
	e := newLoadApp()
	for _, lc := range loadMix {
		req := httptest.NewRequest(lc.Method, lc.Path, nil)
		if lc.Header[0] != "" {
			req.Header.Set(lc.Header[0], lc.Header[1])
		}
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		if msg := scenario.CheckAnswer(lc, rec.Code, rec.Header(), rec.Body.Bytes()); msg != "" {
			t.Error(msg)
		}
	}
}
