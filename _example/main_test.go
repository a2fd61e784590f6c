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
	srv := httptest.NewServer(newServer(appConfig{JWTKey: testKey})) // listens on 127.0.0.1
	defer srv.Close()
	client := &http.Client{Timeout: 5 * time.Second}

	type answer struct {
		status int
		header map[string]string
		body   string
	}
	do := func(method, path string, form url.Values, header map[string]string) answer {
		var body io.Reader
		if raw, ok := form["json"]; ok {
			body = strings.NewReader(raw[0])
		} else if form != nil {
			body = strings.NewReader(form.Encode())
		}
		req, err := http.NewRequest(method, srv.URL+path, body)
		require.NoError(t, err)
		if form != nil && header["Content-Type"] == "" {
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
		body       string // JSON, compared as JSON
		html       string // for an HTML answer: a part of the page
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
		{name: "ok, unknown path under /blog, API client: JSON", method: "GET", path: "/blog/nope",
			status: 404, body: `{"message":"Not Found"}`},
		{name: "ok, unknown path under /blog, browser: the blog's page", method: "GET", path: "/blog/nope",
			header: map[string]string{"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"},
			status: 404, html: "<title>404 Not Found - the blog</title>", wantHeader: map[string]string{"Content-Type": "text/html; charset=UTF-8"}},
		{name: "ok, the app's entry on a blog page, escaped", method: "GET", path: "/blog/movies/99",
			header: map[string]string{"Accept": "text/html"},
			status: 404, html: "<p>Movie with given id doesn&#39;t exists</p>"},
		{name: "ok, problem details on request", method: "GET", path: "/api/movies/abc",
			header: map[string]string{"Accept": "application/problem+json"},
			status: 400, body: `{"type":"about:blank","title":"Bad Request","status":400,"detail":"id must be a number","instance":"/api/movies/abc","field":"id"}`,
			wantHeader: map[string]string{"Content-Type": "application/problem+json"}},
		{name: "ok, validation: 422, one item per failing field", method: "POST", path: "/api/reviews",
			header: map[string]string{"Content-Type": "application/json"}, form: url.Values{"json": {`{"stars":9}`}},
			status: 422, body: `{"errors":[
				{"code":"invalid-data","message":"movie fails the \"required\" rule","info":{"field":"movie","rule":"required"}},
				{"code":"invalid-data","message":"stars fails the \"max\" rule","info":{"field":"stars","rule":"max","param":"5"}}]}`},
		{name: "ok, validation passes", method: "POST", path: "/api/reviews",
			header: map[string]string{"Content-Type": "application/json"}, form: url.Values{"json": {`{"movie":1,"stars":5}`}},
			status: 201, body: `{"movie":1,"stars":5,"text":""}`},
		{name: "ok, malformed JSON is Echo's 400", method: "POST", path: "/api/reviews",
			header: map[string]string{"Content-Type": "application/json"}, form: url.Values{"json": {`{"stars":`}},
			status: 400, body: `{"message":"unexpected EOF"}`},
		{name: "ok, wrong method under a namespace: 405 with Allow", method: "PATCH", path: "/api/movies/1",
			status: 405, body: `{"message":"Method Not Allowed"}`, wantHeader: map[string]string{"Allow": "OPTIONS, GET, PUT"}},
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
			switch {
			case tc.html != "":
				assert.Contains(t, got.body, tc.html)
				assert.NotContains(t, got.body, `"message"`)
			case tc.body == "":
				assert.Empty(t, got.body)
			default:
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
