package echoerr_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/echoerr/echoerr"

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
	}
	for _, req := range gitHubRequests() {
		for _, ns := range []bool{false, true} {
			assert.Equal(t, http.StatusNoContent, serve(gitHubApp(ns), req.Method, req.URL.Path).Code, "%s %s", req.Method, req.URL.Path)
		}
	}
}

// Logged/JSON's reference logs the line echoerr logs, attribute for
// attribute, and answers the same bytes.
func TestLoggedFloorLine(t *testing.T) {
	line := func(h func(*slog.Logger) echo.HTTPErrorHandler) (map[string]any, string) {
		var buf bytes.Buffer
		e := benchApp(h(slog.New(slog.NewJSONHandler(&buf, nil))), benchHTTPError)
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/movies/7", nil))
		var m map[string]any
		if err := json.Unmarshal(buf.Bytes(), &m); err != nil {
			t.Fatalf("log %q: %v", buf.String(), err)
		}
		delete(m, "time")
		return m, rec.Body.String()
	}
	got, gotBody := line(func(l *slog.Logger) echo.HTTPErrorHandler {
		return echoerr.NewWithConfig(echoerr.Config{Logger: l})
	})
	want, wantBody := line(loggedFloor)
	assert.Equal(t, want, got)
	assert.Equal(t, wantBody, gotBody)
	assert.Len(t, got, 10, "level, msg and 8 attributes")
}
