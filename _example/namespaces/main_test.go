package main

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	echojwt "github.com/labstack/echo-jwt/v4"
	"github.com/labstack/echo/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var testKey = []byte("test-key")

// TestServerOverRealHTTP starts the example on a loopback port and checks each
// rule through a real HTTP client.
func TestServerOverRealHTTP(t *testing.T) {
	srv := httptest.NewServer(newServer(testKey)) // listens on 127.0.0.1
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
		{name: "ok, problem details on request", method: "GET", path: "/api/movies/abc",
			header: map[string]string{"Accept": "application/problem+json"},
			status: 400, body: `{"type":"about:blank","title":"Bad Request","status":400,"detail":"id must be a number","instance":"/api/movies/abc","field":"id"}`,
			wantHeader: map[string]string{"Content-Type": "application/problem+json"}},
		{name: "ok, wrong method under a namespace: 405 with Allow", method: "PATCH", path: "/api/movies/1",
			status: 405, body: `{"message":"Method Not Allowed"}`, wantHeader: map[string]string{"Allow": "OPTIONS, GET, PUT"}},
		{name: "ok, the app's declared entry outside /api", method: "GET", path: "/movies/99",
			status: 404, body: `{"message":"Movie with given id doesn't exists"}`},
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

func TestJWT(t *testing.T) {
	sign := func(key []byte, exp time.Time) string {
		s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.RegisteredClaims{
			Subject: "ripley", ExpiresAt: jwt.NewNumericDate(exp),
		}).SignedString(key)
		require.NoError(t, err)
		return s
	}
	e := newServer(testKey)
	srv := httptest.NewServer(e)
	defer srv.Close()
	cases := []struct {
		name, auth string
		status     int
		body       string
	}{
		{"nok, missing token", "", 401, `{"message":"missing or malformed jwt"}`},
		{"nok, not a bearer", "Basic abc", 401, `{"message":"missing or malformed jwt"}`},
		{"nok, wrong key", "Bearer " + sign([]byte("other"), time.Now().Add(time.Hour)), 401, `{"message":"invalid or expired jwt"}`},
		{"nok, expired", "Bearer " + sign(testKey, time.Now().Add(-time.Hour)), 401, `{"message":"invalid or expired jwt"}`},
		{"ok, valid", "Bearer " + sign(testKey, time.Now().Add(time.Hour)), 200, `{"user":"ripley"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodGet, srv.URL+"/api/account/me", nil)
			require.NoError(t, err)
			if tc.auth != "" {
				req.Header.Set("Authorization", tc.auth)
			}
			res, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			defer res.Body.Close()
			var body [512]byte
			n, _ := res.Body.Read(body[:])
			assert.Equal(t, tc.status, res.StatusCode)
			assert.JSONEq(t, tc.body, string(body[:n]))
			if tc.status == 401 {
				assert.Equal(t, `Bearer realm="movies"`, res.Header.Get("WWW-Authenticate"))
			}
		})
	}

	t.Run("nok, Echo's default handler answers the same errors 500", func(t *testing.T) {
		plain := echo.New()
		plain.GET("/me", func(c echo.Context) error { return c.NoContent(200) }, echojwt.WithConfig(echojwt.Config{
			SigningKey:   testKey,
			ErrorHandler: func(c echo.Context, err error) error { return errors.Join(errors.New("authenticate"), err) },
		}))
		rec := httptest.NewRecorder()
		plain.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/me", nil))
		assert.Equal(t, 500, rec.Code)
	})
}
