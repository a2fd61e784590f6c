package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every class of answer echoerr writes, in each namespace's envelope, over
// a real server on 127.0.0.1.
func TestEnvelopesOverRealHTTP(t *testing.T) {
	srv := httptest.NewServer(newServer())
	defer srv.Close()
	client := &http.Client{Timeout: 5 * time.Second}
	do := func(method, path, body string) (int, http.Header, string) {
		req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		require.NoError(t, err)
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		res, err := client.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return res.StatusCode, res.Header, string(b)
	}
	big := `{"title":"x","body":"` + strings.Repeat("a", 2000) + `"}`
	type want struct {
		status int
		msg    string
	}
	cases := []struct {
		name, method, path, body string
		want                     want
	}{
		{"a declared entry", "GET", "/articles/nope", "", want{404, "article not found"}},
		{"an Abort", "DELETE", "/articles/hello", "", want{403, "only the author may delete it"}},
		{"the router's 404", "GET", "/nothing/here", "", want{404, "Not Found"}},
		{"the router's 405", "PUT", "/articles/hello", "", want{405, "Method Not Allowed"}},
		{"an unexpected error", "GET", "/boom", "", want{500, "Something went wrong"}},
		{"a recovered panic", "GET", "/panic", "", want{500, "Something went wrong"}},
		{"a body over the limit", "POST", "/articles", big, want{413, "Request Entity Too Large"}},
	}
	for _, env := range []struct {
		prefix, contentType string
		message             func(body map[string]any) string
	}{
		{"/realworld", "application/json", func(b map[string]any) string {
			return b["errors"].(map[string]any)["body"].([]any)[0].(string)
		}},
		{"/jsonapi", "application/vnd.api+json", func(b map[string]any) string {
			return b["errors"].([]any)[0].(map[string]any)["title"].(string)
		}},
		{"/google", "application/json", func(b map[string]any) string {
			return b["error"].(map[string]any)["message"].(string)
		}},
	} {
		for _, tc := range cases {
			t.Run(env.prefix+" "+tc.name, func(t *testing.T) {
				status, hdr, body := do(tc.method, env.prefix+tc.path, tc.body)
				assert.Equal(t, tc.want.status, status, body)
				assert.Equal(t, env.contentType, hdr.Get("Content-Type"))
				assert.NotContains(t, body, "secret")
				var b map[string]any
				require.NoError(t, json.Unmarshal([]byte(body), &b), body)
				assert.Equal(t, tc.want.msg, env.message(b), body)
				if status == http.StatusMethodNotAllowed {
					assert.Contains(t, hdr.Get("Allow"), "GET")
				}
			})
		}
	}

	// Per-field validation errors, in each shape.
	invalid := `{"title":" ","body":"` + strings.Repeat("b", 300) + `"}`
	_, _, body := do("POST", "/realworld/articles", invalid)
	assert.JSONEq(t, `{"errors":{"title":["can't be blank"],"body":["is too long (200 characters at most)"]}}`, body)
	_, _, body = do("POST", "/jsonapi/articles", invalid)
	assert.JSONEq(t, `{"errors":[
		{"status":"422","code":"blank","title":"Unprocessable Entity","detail":"can't be blank","source":{"pointer":"/data/attributes/title"}},
		{"status":"422","code":"too-long","title":"Unprocessable Entity","detail":"is too long (200 characters at most)","source":{"pointer":"/data/attributes/body"}}]}`, body)
	_, _, body = do("POST", "/google/articles", invalid)
	assert.JSONEq(t, `{"error":{"code":422,"message":"Unprocessable Entity","errors":[
		{"reason":"blank","message":"can't be blank","location":"title"},
		{"reason":"too-long","message":"is too long (200 characters at most)","location":"body"}]}}`, body)

	// HEAD: the status and the envelope's media type, no body (Echo v4
	// answers HEAD on a GET route 405).
	req, _ := http.NewRequest(http.MethodHead, srv.URL+"/jsonapi/articles/nope", nil)
	res, err := client.Do(req)
	require.NoError(t, err)
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	assert.Equal(t, http.StatusMethodNotAllowed, res.StatusCode)
	assert.Equal(t, "application/vnd.api+json", res.Header.Get("Content-Type"))
	assert.Empty(t, b)
}
