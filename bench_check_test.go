package echoerr_test

import (
	"net/http"
	"testing"

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
