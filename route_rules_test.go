package echoerr_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/echoerr/echoerr"
)

// Route rules that can never apply are a setup error: a panic at the first
// request (when Echo makes its first context) and in Describe, naming the
// rule and where it was registered; a lower-case method panics at once.
func TestRouteRulesThatCannotMiss(t *testing.T) {
	rule := echoerr.DeclareError(errSentinel, echoerr.Entry{Status: http.StatusGone})
	build := func(register func(e *echo.Echo, api *echoerr.Namespace)) *echo.Echo {
		e := echo.New()
		e.HTTPErrorHandler = echoerr.New()
		api := echoerr.Group(e, "/api")
		api.GET("/things/:id", func(echo.Context) error { return errSentinel })
		register(e, api)
		return e
	}
	for _, tc := range []struct {
		name     string
		register func(e *echo.Echo, api *echoerr.Namespace)
		panics   string
	}{
		{"nok, a typo in the path", func(_ *echo.Echo, api *echoerr.Namespace) {
			api.HandleRoute(http.MethodGet, "/thnigs/:id", rule)
		}, "GET /api/thnigs/:id (route_rules_test.go:"},
		{"nok, another parameter name", func(_ *echo.Echo, api *echoerr.Namespace) {
			api.HandleRoute(http.MethodGet, "/things/:name", rule)
		}, "GET /api/things/:name"},
		{"nok, the full path where the namespace expects its own", func(_ *echo.Echo, api *echoerr.Namespace) {
			api.HandleRoute(http.MethodGet, "/api/things/:id", rule)
		}, "GET /api/api/things/:id"},
		{"ok, a method the path does not have (a route behind a feature flag)", func(_ *echo.Echo, api *echoerr.Namespace) {
			api.HandleRoute(http.MethodDelete, "/things/:id", rule)
		}, ""},
		{"ok, the app's HandleRoute with the full path", func(e *echo.Echo, _ *echoerr.Namespace) {
			echoerr.HandleRoute(e, http.MethodGet, "/api/things/:id", rule)
		}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := build(tc.register)
			serveIt := func() { e.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/api/things/7", nil)) }
			if tc.panics == "" {
				assert.NotPanics(t, serveIt)
				assert.NotPanics(t, func() { echoerr.Describe(e) })
				return
			}
			msg := panicMessage(serveIt)
			assert.Contains(t, msg, "echoerr: HandleRoute: "+tc.panics)
			assert.Contains(t, msg, "no route has this path")
			assert.Contains(t, panicMessage(func() { echoerr.Describe(e) }), tc.panics, "Describe says it too")
		})
	}
	t.Run("ok, HandleRouteOf takes the route Echo returned", func(t *testing.T) {
		e := echo.New()
		e.HTTPErrorHandler = echoerr.New()
		api := echoerr.Group(e, "/api")
		r := api.GET("/things/:id", func(echo.Context) error { return errSentinel })
		api.HandleRouteOf(r, rule)
		app := e.GET("/other", func(echo.Context) error { return errSentinel })
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
		msg := panicMessage(func() { api.HandleRoute("get", "/things/:id", rule) })
		require.Contains(t, msg, `echoerr: HandleRoute: method "get"`)
	})
}

func panicMessage(f func()) (msg string) {
	defer func() {
		if p := recover(); p != nil {
			msg, _ = p.(string)
		}
	}()
	f()
	return ""
}
