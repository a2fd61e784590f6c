package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestServerOverRealHTTP starts the example on a loopback port and checks each
// rule through a real HTTP client.
func TestServerOverRealHTTP(t *testing.T) {
	srv := httptest.NewServer(newServer()) // listens on 127.0.0.1
	defer srv.Close()
	client := &http.Client{Timeout: 5 * time.Second}

	type answer struct {
		status int
		header map[string]string
		body   string
	}
	do := func(method, path string, form url.Values, header map[string]string) answer {
		var body io.Reader
		if form != nil {
			body = strings.NewReader(form.Encode())
		}
		req, err := http.NewRequest(method, srv.URL+path, body)
		require.NoError(t, err)
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		for k, v := range header {
			req.Header.Set(k, v)
		}
		res, err := client.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		h := map[string]string{}
		for k := range res.Header {
			h[k] = res.Header.Get(k)
		}
		return answer{res.StatusCode, h, string(b)}
	}

	cases := []struct {
		name       string
		method     string
		path       string
		form       url.Values
		header     map[string]string
		status     int
		body       string
		wantHeader map[string]string
	}{
		{name: "ok, a route that succeeds", method: "GET", path: "/api/movies/1",
			status: 200, body: `{"id":1,"name":"Alien"}`},
		{name: "ok, namespace handler beats the app's entry for the same type", method: "GET", path: "/api/movies/99",
			status: 404, body: `{"message":"no such movie","id":99}`},
		{name: "ok, other namespace gets the app's declared entry", method: "GET", path: "/blog/movies/99",
			status: 404, body: `{"message":"Movie with given id doesn't exists"}`},
		{name: "ok, Abort with a field", method: "POST", path: "/api/movies", form: url.Values{},
			status: 400, body: `{"message":"Request is missing required fields","field":"name"}`},
		{name: "ok, Abort from a helper", method: "GET", path: "/api/movies/abc",
			status: 400, body: `{"message":"id must be a number","field":"id"}`},
		{name: "ok, wrapped sentinel declared at the namespace", method: "POST", path: "/api/movies", form: url.Values{"name": {"Alien"}},
			status: 409, body: `{"message":"Movie with given name already exists"}`},
		{name: "ok, namespace catch-all passes on to an app sentinel handler", method: "PUT", path: "/api/movies/1",
			status: 503, body: `{"message":"read-only, try again later"}`, wantHeader: map[string]string{"Retry-After": "120"}},
		{name: "ok, nested namespace's middleware error", method: "GET", path: "/api/admin/stats",
			status: 403, body: `{"message":"admins only","hint":"send X-Admin: yes"}`},
		{name: "ok, nested namespace passes", method: "GET", path: "/api/admin/stats", header: map[string]string{"X-Admin": "yes"},
			status: 200, body: `{"movies":2}`},
		{name: "ok, unknown path under /api", method: "GET", path: "/api/nope",
			status: 404, body: `{"message":"no such endpoint","path":"/api/nope"}`},
		{name: "ok, unknown path under /api/admin reaches /api's catch-all", method: "GET", path: "/api/admin/nope", header: map[string]string{"X-Admin": "yes"},
			status: 404, body: `{"message":"no such endpoint","path":"/api/admin/nope"}`},
		{name: "ok, unknown path under /blog", method: "GET", path: "/blog/nope",
			status: 404, body: `{"message":"This page does not exist","section":"blog"}`},
		{name: "ok, unhandled error: 500 without its text", method: "GET", path: "/blog/posts/draft",
			status: 500, body: `{"message":"Internal Server Error"}`},
		{name: "ok, unknown path outside namespaces", method: "GET", path: "/nope",
			status: 404, body: `{"message":"Not Found"}`},
		{name: "ok, HEAD: status, no body", method: "HEAD", path: "/nope",
			status: 404, body: ``},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := do(tc.method, tc.path, tc.form, tc.header)
			assert.Equal(t, tc.status, got.status, got.body)
			if tc.body == "" {
				assert.Empty(t, got.body)
			} else {
				assert.JSONEq(t, tc.body, got.body)
				var v any
				assert.NoError(t, json.Unmarshal([]byte(got.body), &v))
			}
			for k, v := range tc.wantHeader {
				assert.Equal(t, v, got.header[k], k)
			}
		})
	}
}
