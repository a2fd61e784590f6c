package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPagesOverRealHTTP checks the blog's answers through a real client:
// pages for browsers, JSON for API clients, never the error's text.
func TestPagesOverRealHTTP(t *testing.T) {
	srv := httptest.NewServer(newServer()) // listens on 127.0.0.1
	defer srv.Close()
	client := &http.Client{Timeout: 5 * time.Second}
	get := func(path, accept string) (int, string, string) {
		req, err := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		require.NoError(t, err)
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		res, err := client.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return res.StatusCode, res.Header.Get("Content-Type"), string(b)
	}
	browser := "text/html,application/xhtml+xml,*/*;q=0.8"

	status, ctype, body := get("/blog/nope", browser)
	assert.Equal(t, 404, status)
	assert.Equal(t, "text/html; charset=UTF-8", ctype)
	assert.Contains(t, body, "<title>404 Not Found - the blog</title>")

	status, ctype, body = get("/blog/nope", "")
	assert.Equal(t, 404, status)
	assert.Equal(t, "application/json", ctype)
	assert.JSONEq(t, `{"message":"Not Found"}`, body)

	status, _, body = get("/blog/movies/99", "text/html")
	assert.Equal(t, 404, status)
	assert.Contains(t, body, "<p>Movie with given id doesn&#39;t exists</p>", "the app's entry, escaped")

	status, _, body = get("/blog/posts/draft", "")
	assert.Equal(t, 500, status)
	assert.JSONEq(t, `{"message":"Internal Server Error"}`, body)

	status, _, body = get("/blog/posts/draft", browser)
	assert.Equal(t, 500, status)
	assert.Contains(t, body, "<title>500 Internal Server Error - the blog</title>")
	assert.NotContains(t, body, "template missing")
}
