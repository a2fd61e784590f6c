package echoerr_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v5"

	"github.com/echoerr/echoerr/internal/scenario"
	"github.com/echoerr/echoerr/v5"
)

// Route rules that can never apply are a setup error: a panic at the first
// request (when Echo makes its first context) and in Describe, naming the
// rule and where it was registered; a lower-case method panics at once.
func TestRouteRulesThatCannotMiss(t *testing.T) {
	errSentinel := errors.New("sentinel")
	rule := echoerr.DeclareError(errSentinel, echoerr.Entry{Status: http.StatusGone})
	scenario.RouteRules(t, func(c scenario.RouteRuleCase) (func(), func()) {
		e := echo.New()
		e.HTTPErrorHandler = echoerr.New()
		api := echoerr.Group(e, "/api")
		api.GET("/things/:id", func(*echo.Context) error { return errSentinel })
		if c.App {
			echoerr.HandleRoute(e, c.Method, c.Path, rule)
		} else {
			api.HandleRoute(c.Method, c.Path, rule)
		}
		serve := func() { e.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/api/things/7", nil)) }
		return serve, func() { echoerr.Describe(e) }
	})
	t.Run("ok, HandleRouteOf takes the route Echo returned", func(t *testing.T) {
		e := echo.New()
		e.HTTPErrorHandler = echoerr.New()
		api := echoerr.Group(e, "/api")
		r := api.GET("/things/:id", func(*echo.Context) error { return errSentinel })
		api.HandleRouteOf(r, rule)
		app := e.GET("/other", func(*echo.Context) error { return errSentinel })
		echoerr.HandleRouteOf(e, app, rule)
		for _, path := range []string{"/api/things/7", "/other"} {
			rec := httptest.NewRecorder()
			e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
			if rec.Code != http.StatusGone {
				t.Fatalf("%s: %d, want 410", path, rec.Code)
			}
		}
	})
	t.Run("nok, a lower-case method panics at once", func(t *testing.T) {
		e := echo.New()
		api := echoerr.Group(e, "/api")
		if msg := scenario.PanicMessage(func() { api.HandleRoute("get", "/things/:id", rule) }); !strings.Contains(msg, `echoerr: HandleRoute: method "get"`) {
			t.Fatalf("panic %q", msg)
		}
	})
}
