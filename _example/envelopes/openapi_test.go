package main

import (
	"bytes"
	"context"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/echoerr/echoerr"
	"github.com/echoerr/echoerr/openapi"
)

// The OpenAPI document of the envelopes app validates, its error examples
// are each namespace's envelope, and the real answers validate against it.
func TestOpenAPIDocumentsTheEnvelopes(t *testing.T) {
	openapi3filter.RegisterBodyDecoder("application/vnd.api+json", openapi3filter.JSONBodyDecoder)
	e := newServer()
	doc := openapi.New("articles", "1.0.0", echoerr.Describe(e))
	require.NoError(t, doc.Validate(context.Background()))

	get := doc.Paths.Value("/realworld/articles/{slug}").Get
	mt := get.Responses.Value("404").Value.Content["application/json"]
	require.NotNil(t, mt)
	var examples []any
	for _, ex := range mt.Examples {
		examples = append(examples, ex.Value.Value)
	}
	assert.Contains(t, examples, map[string]any{"errors": map[string]any{"body": []any{"article not found"}}}, "RealWorld's envelope")
	jsonapi := doc.Paths.Value("/jsonapi/articles/{slug}").Get.Responses.Value("404").Value
	require.NotNil(t, jsonapi.Content["application/vnd.api+json"], "JSON:API's media type")

	router, err := gorillamux.NewRouter(doc)
	require.NoError(t, err)
	for _, tc := range []struct{ method, path string }{
		// (An Abort in a handler is no rule: Describe cannot document it.)
		{"GET", "/realworld/articles/nope"}, {"GET", "/realworld/boom"},
		{"GET", "/jsonapi/articles/nope"}, {"GET", "/jsonapi/boom"},
		{"GET", "/google/articles/nope"}, {"GET", "/google/boom"},
	} {
		req := httptest.NewRequest(tc.method, tc.path, nil)
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		route, params, err := router.FindRoute(req)
		require.NoError(t, err, tc.path)
		err = openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
			RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
			Status:                 rec.Code,
			Header:                 rec.Header(),
			Body:                   io.NopCloser(bytes.NewReader(rec.Body.Bytes())),
			Options:                &openapi3filter.Options{IncludeResponseStatus: true},
		})
		assert.NoError(t, err, "%s %s: %d %s", tc.method, tc.path, rec.Code, strings.TrimSpace(rec.Body.String()))
	}
}
