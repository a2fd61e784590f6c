package echoerr_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/echoerr/echoerr/internal/scenario"
	"github.com/echoerr/echoerr/v5"
	"github.com/labstack/echo/v5"
	"github.com/labstack/echo/v5/middleware"
)

// problemErrorer is a user type that describes itself as problem details.
type problemErrorer struct{}

func (problemErrorer) Error() string { return "quota" }
func (problemErrorer) ProblemError() *echo.ProblemError {
	return &echo.ProblemError{Type: "https://example.com/quota", Title: "Quota exceeded", Status: 429, Detail: "10 requests a minute"}
}

// serveV5 serves one request to an app whose only route returns err, and
// returns the recorder and the answer lines.
func serveV5(t *testing.T, cfg echoerr.Config, accept string, route echo.HandlerFunc, mw ...echo.MiddlewareFunc) (*httptest.ResponseRecorder, []map[string]any) {
	t.Helper()
	logs := &scenario.Logs{}
	cfg.Logger = logs.Logger()
	e := echo.New()
	e.Use(mw...)
	e.HTTPErrorHandler = echoerr.NewWithConfig(cfg)
	e.GET("/r/:id", route)
	req := httptest.NewRequest(http.MethodGet, "/r/x?n=abc", nil)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	return rec, logs.Answered()
}

func TestEchoV5ErrorTypes(t *testing.T) {
	problem := "application/problem+json"
	t.Run("ProblemError sets the members of problem details", func(t *testing.T) {
		rec, _ := serveV5(t, echoerr.Config{}, problem, func(*echo.Context) error {
			return &echo.ProblemError{Type: "https://example.com/out-of-stock", Title: "Out of stock", Status: 409, Detail: "no more blue ones", Instance: "/orders/7"}
		})
		if rec.Code != 409 {
			t.Fatalf("status %d", rec.Code)
		}
		want := `{"type":"https://example.com/out-of-stock","title":"Out of stock","status":409,"detail":"no more blue ones","instance":"/orders/7"}` + "\n"
		if rec.Body.String() != want {
			t.Errorf("body %s, want %s", rec.Body.String(), want)
		}
	})
	t.Run("ProblemErrorer, wrapped, in JSON and in problem details", func(t *testing.T) {
		route := func(*echo.Context) error { return errors.Join(errors.New("limit"), problemErrorer{}) }
		rec, _ := serveV5(t, echoerr.Config{}, "", route)
		if rec.Code != 429 || rec.Body.String() != `{"message":"10 requests a minute"}`+"\n" {
			t.Errorf("JSON: %d %s", rec.Code, rec.Body.String())
		}
		rec, _ = serveV5(t, echoerr.Config{}, problem, route)
		var body map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Fatal(err)
		}
		if body["type"] != "https://example.com/quota" || body["title"] != "Quota exceeded" || body["status"] != 429.0 || body["instance"] != "/r/x" {
			t.Errorf("problem details: %v", body)
		}
	})
	t.Run("BindingError answers 400 with the field", func(t *testing.T) {
		rec, _ := serveV5(t, echoerr.Config{}, "", func(c *echo.Context) error {
			_, err := echo.QueryParam[int](c, "n")
			return err
		})
		if rec.Code != 400 || !strings.Contains(rec.Body.String(), `"field":"n"`) || !strings.Contains(rec.Body.String(), `"values":["abc"]`) {
			t.Errorf("%d %s", rec.Code, rec.Body.String())
		}
	})
	t.Run("v5's own errors carry their status, wrapped too", func(t *testing.T) {
		rec, _ := serveV5(t, echoerr.Config{}, "", func(*echo.Context) error {
			return errors.Join(errors.New("x"), echo.ErrForbidden.Wrap(errors.New("secret detail")))
		})
		if rec.Code != 403 || rec.Body.String() != `{"message":"Forbidden"}`+"\n" {
			t.Errorf("%d %s", rec.Code, rec.Body.String())
		}
	})
	t.Run("Recover's PanicStackError: 500, the stack logged, never in the body", func(t *testing.T) {
		rec, lines := serveV5(t, echoerr.Config{Debug: true}, "", func(*echo.Context) error { panic("boom") }, middleware.Recover())
		if rec.Code != 500 || strings.Contains(rec.Body.String(), "goroutine") {
			t.Errorf("%d %s", rec.Code, rec.Body.String())
		}
		if len(lines) != 1 || !strings.Contains(lines[0]["stack"].(string), "goroutine") {
			t.Errorf("log lines %v", lines)
		}
	})
	t.Run("Debug shows a 5xx error's text; off, it does not", func(t *testing.T) {
		route := func(*echo.Context) error { return errors.New("pq: secret") }
		rec, _ := serveV5(t, echoerr.Config{Debug: true}, "", route)
		if !strings.Contains(rec.Body.String(), "pq: secret") {
			t.Errorf("debug: %s", rec.Body.String())
		}
		rec, _ = serveV5(t, echoerr.Config{}, "", route)
		if strings.Contains(rec.Body.String(), "secret") {
			t.Errorf("no debug: %s", rec.Body.String())
		}
	})
	t.Run("an HTTPStatusCoder that marshals itself: as is in a 4xx, status text in a 5xx", func(t *testing.T) {
		rec, _ := serveV5(t, echoerr.Config{}, "", func(*echo.Context) error {
			return fmt.Errorf("w: %w", &customMarshaler{Code: 409, Message: "taken"})
		})
		if rec.Code != 409 || rec.Body.String() != `{"x":"taken"}`+"\n" {
			t.Errorf("%d %q", rec.Code, rec.Body.String())
		}
		rec, _ = serveV5(t, echoerr.Config{}, "", func(*echo.Context) error {
			return &customMarshaler{Code: 503, Message: "pool 7 down"}
		})
		if rec.Code != 503 || rec.Body.String() != `{"message":"Service Unavailable"}`+"\n" {
			t.Errorf("%d %q", rec.Code, rec.Body.String())
		}
	})
	t.Run("RequestLogger calls the error handler itself: one answer, one line", func(t *testing.T) {
		logger := middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
			HandleError:   true,
			LogStatus:     true,
			LogValuesFunc: func(*echo.Context, middleware.RequestLoggerValues) error { return nil },
		})
		rec, lines := serveV5(t, echoerr.Config{}, "", func(*echo.Context) error { return echo.ErrNotFound }, logger)
		if rec.Code != 404 || rec.Body.String() != `{"message":"Not Found"}`+"\n" {
			t.Errorf("%d %q", rec.Code, rec.Body.String())
		}
		if len(lines) != 1 {
			t.Errorf("%d answer lines, want 1", len(lines))
		}
	})
}

// Respond answers inside the middleware that wraps it: that middleware
// sees the answer's status, and the request gets one answer and one line.
func TestRespond(t *testing.T) {
	var seen int
	outer := func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c *echo.Context) error {
			err := next(c)
			if r, _ := echo.UnwrapResponse(c.Response()); r != nil {
				seen = r.Status
			}
			return err
		}
	}
	rec, lines := serveV5(t, echoerr.Config{Rules: []echoerr.Rule{
		echoerr.DeclareError(errNoRows, echoerr.Entry{Status: 404, Message: "no row"}),
	}}, "", func(*echo.Context) error { return fmt.Errorf("load: %w", errNoRows) }, outer, echoerr.Respond())
	if rec.Code != 404 || rec.Body.String() != `{"message":"no row"}`+"\n" || seen != 404 {
		t.Errorf("%d %q, the outer middleware saw %d", rec.Code, rec.Body.String(), seen)
	}
	if len(lines) != 1 {
		t.Errorf("%d answer lines, want 1", len(lines))
	}
}

// One handler serving several Echos, and an Echo that gets its first
// namespace after the handler served it: each request finds its own Echo's
// namespaces (the handler caches the last Echo's registry).
func TestHandlerSharedByEchos(t *testing.T) {
	h := echoerr.NewWithConfig(echoerr.Config{Logger: discard})
	teapot := echoerr.OnStatus(404, func(c *echo.Context, err error) error { return c.NoContent(http.StatusTeapot) })
	plain, spaced, late := echo.New(), echo.New(), echo.New()
	for _, e := range []*echo.Echo{plain, spaced, late} {
		e.HTTPErrorHandler = h
	}
	plain.GET("/api/x", returning(echo.ErrNotFound))
	api := echoerr.Group(spaced, "/api")
	api.Handle(teapot)
	api.GET("/x", returning(echo.ErrNotFound))
	late.GET("/api/x", returning(echo.ErrNotFound))
	for i := range 3 {
		if a := serve(plain, "GET", "/api/x"); a.Status != 404 {
			t.Fatalf("round %d: plain Echo answered %d", i, a.Status)
		}
		if a := serve(spaced, "GET", "/api/x"); a.Status != http.StatusTeapot {
			t.Fatalf("round %d: the namespace's rule was not used: %d", i, a.Status)
		}
		if a := serve(late, "GET", "/api/y"); a.Status != 404 {
			t.Fatalf("round %d: late Echo answered %d", i, a.Status)
		}
	}
	// The late Echo gets a namespace after being served: its 404s under the
	// prefix are now the namespace's.
	lateAPI := echoerr.Group(late, "/api")
	lateAPI.Handle(teapot)
	if a := serve(late, "GET", "/api/y"); a.Status != http.StatusTeapot {
		t.Errorf("a namespace added later is not seen: %d", a.Status)
	}
}

// A BindingError answers 400 with its field named in every format, and a
// hostile field name is escaped in the HTML page.
func TestBindingErrorInEveryFormat(t *testing.T) {
	for _, tc := range []struct{ accept, ctype, want string }{
		{"", "application/json", `"field":"n"`},
		{"application/problem+json", "application/problem+json", `"field":"n"`},
		{"text/html", "text/html; charset=UTF-8", "<p>invalid-data: query param (field n)</p>"},
	} {
		rec, _ := serveV5(t, echoerr.Config{Format: echoerr.Format{HTML: true}}, tc.accept, func(c *echo.Context) error {
			_, err := echo.QueryParam[int](c, "n")
			return err
		})
		if rec.Code != 400 || rec.Header().Get("Content-Type") != tc.ctype || !strings.Contains(rec.Body.String(), tc.want) {
			t.Errorf("Accept %q: %d %s %q", tc.accept, rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
		}
	}
	rec, _ := serveV5(t, echoerr.Config{Format: echoerr.Format{HTML: true}}, "text/html", func(*echo.Context) error {
		return echo.NewBindingError("<script>\xff", []string{"x"}, "bad", nil)
	})
	if body := rec.Body.String(); !strings.Contains(body, "(field &lt;script&gt;\uFFFD)") || strings.Contains(body, "<script>") {
		t.Errorf("hostile field name: %q", body)
	}
}
