package echoerr_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/echoerr/echoerr"
	"github.com/echoerr/echoerr/internal/scenario"

	"github.com/labstack/echo/v4"
	"github.com/stretchr/testify/assert"
)

// The routing benchmarks measure what they say: each request gets the
// answer named by its benchmark.
func TestRoutingBenchmarkRequests(t *testing.T) {
	mw := func(next echo.HandlerFunc) echo.HandlerFunc { return next }
	for _, tc := range []struct {
		method, path string
		status       int
	}{
		{http.MethodGet, benchNotFoundPath, http.StatusNotFound},
		{http.MethodDelete, benchMethodNotAllowedPath, http.StatusMethodNotAllowed},
		{http.MethodGet, benchOutsidePath, http.StatusNotFound},
	} {
		for _, ns := range []bool{false, true} {
			assert.Equal(t, tc.status, serve(gitHubApp(ns), tc.method, tc.path).Code, "%s %s namespaces %v", tc.method, tc.path, ns)
		}
		want := tc.status
		if tc.status == http.StatusMethodNotAllowed {
			want = http.StatusNotFound // a plain group with middleware hides the path
		}
		assert.Equal(t, want, serve(gitHubApp(false, mw), tc.method, tc.path).Code, "%s %s plain group with middleware", tc.method, tc.path)
		assert.Equal(t, tc.status, serve(gitHubApp(true, mw), tc.method, tc.path).Code, "%s %s namespaces with middleware", tc.method, tc.path)
		ran := 0
		counted := func(next echo.HandlerFunc) echo.HandlerFunc {
			return func(c echo.Context) error { ran++; return next(c) }
		}
		assert.Equal(t, tc.status, serve(gitHubAppUse(counted), tc.method, tc.path).Code, "%s %s middleware in e.Use", tc.method, tc.path)
		assert.Equal(t, 1, ran, "%s %s: the middleware in e.Use runs once", tc.method, tc.path)
	}
	for _, req := range gitHubRequests() {
		for _, ns := range []bool{false, true} {
			assert.Equal(t, http.StatusNoContent, serve(gitHubApp(ns), req.Method, req.URL.Path).Code, "%s %s", req.Method, req.URL.Path)
		}
	}
}

// Logged/JSON's reference logs the line echoerr logs, attribute for
// attribute (level, msg and 8 attributes), and answers the same bytes.
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
