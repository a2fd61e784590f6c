package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestValidationOverRealHTTP(t *testing.T) {
	srv := httptest.NewServer(newServer()) // listens on 127.0.0.1
	defer srv.Close()
	client := &http.Client{Timeout: 5 * time.Second}
	post := func(body, accept string) (int, string) {
		req, err := http.NewRequest(http.MethodPost, srv.URL+"/reviews", strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		res, err := client.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return res.StatusCode, string(b)
	}
	items := `[
		{"code":"invalid-data","message":"movie fails the \"required\" rule","info":{"field":"movie","rule":"required"},"field":"movie"},
		{"code":"invalid-data","message":"stars fails the \"max\" rule","info":{"field":"stars","rule":"max","param":"5"},"field":"stars"}]`

	status, body := post(`{"stars":9}`, "")
	assert.Equal(t, 422, status)
	assert.JSONEq(t, `{"errors":`+items+`}`, body)

	status, body = post(`{"stars":9}`, "application/problem+json")
	assert.Equal(t, 422, status)
	assert.JSONEq(t, `{"type":"about:blank","title":"Unprocessable Entity","status":422,"instance":"/reviews","errors":`+items+`}`, body)

	status, body = post(`{"movie":1,"stars":5}`, "")
	assert.Equal(t, 201, status)
	assert.JSONEq(t, `{"movie":1,"stars":5,"text":""}`, body)

	status, body = post(`{"stars":`, "")
	assert.Equal(t, 400, status)
	assert.JSONEq(t, `{"message":"unexpected EOF"}`, body)
}
