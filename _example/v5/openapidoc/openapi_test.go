// Package openapidoc tests the openapi module with Echo v5: nested
// namespaces, route rules, problem details and HTML pages, every real
// answer validated against the document.
package openapidoc_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/labstack/echo/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/echoerr/echoerr/openapi"
	echoerr5 "github.com/echoerr/echoerr/v5"
)

var (
	errNoRows = errors.New("sql: no rows in result set")
	errBusy   = errors.New("busy")
)

type notFound struct{ id string }

func (e *notFound) Error() string { return "not found " + e.id }

type quota struct{}

func (quota) Error() string { return "quota" }

// appV5 is the openapi module's test app for Echo v5: three nested
// namespaces with entries for one error at each level, a route's own rules,
// handler rules with and without Answers, problem details and HTML pages.
func appV5() *echo.Echo {
	e := echo.New()
	e.HTTPErrorHandler = echoerr5.New(
		echoerr5.DeclareStatus(http.StatusInternalServerError, echoerr5.Entry{Message: "Something went wrong"}),
		echoerr5.DeclareError(errNoRows, echoerr5.Entry{Status: 404, Message: "app: no row"}),
		echoerr5.DeclareError(errBusy, echoerr5.Entry{Status: 503, Message: "busy", Headers: http.Header{"Retry-After": {"30"}}}),
	)
	a := echoerr5.Group(e, "/a")
	b := a.Group("/b")
	c := b.Group("/c")
	a.Handle(echoerr5.DeclareError(errNoRows, echoerr5.Entry{Status: 404, Message: "a: no row"}))
	b.Handle(echoerr5.Declare[*notFound](echoerr5.Entry{Status: 404, Message: "b: not found", Fields: echoerr5.Fields{"code": 7}}))
	c.Handle(
		echoerr5.DeclareError(errNoRows, echoerr5.Entry{Status: 404, Message: "c: no row"}),
		echoerr5.On(func(c *echo.Context, err quota) error {
			return c.JSON(http.StatusTooManyRequests, map[string]string{"quota": "exceeded"})
		}).Answers("the quota is exceeded", http.StatusTooManyRequests),
		echoerr5.OnError(errBusy, func(c *echo.Context, err error) error { return err }), // undocumented
	)
	c.GET("/items/:id", func(ctx *echo.Context) error {
		switch ctx.Param("id") {
		case "missing":
			return errNoRows
		case "gone":
			return &notFound{ctx.Param("id")}
		case "quota":
			return quota{}
		case "busy":
			return errBusy
		}
		return errors.New("boom")
	})
	c.HandleRoute(http.MethodDelete, "/items/:id", echoerr5.DeclareError(errNoRows, echoerr5.Entry{Status: 403, Message: "not yours"}))
	c.DELETE("/items/:id", func(*echo.Context) error { return errNoRows })

	p := echoerr5.Group(e, "/problems")
	p.SetFormat(echoerr5.Format{Problem: true})
	p.GET("/files/*", func(*echo.Context) error { return errNoRows })
	h := echoerr5.Group(e, "/pages")
	h.SetFormat(echoerr5.Format{HTML: true})
	h.GET("/:slug", func(*echo.Context) error { return errNoRows })
	return e
}

// The v5 app's document is valid, and its real answers validate against it.
func TestEchoV5(t *testing.T) {
	openapi3filter.RegisterBodyDecoder("text/html", openapi3filter.PlainBodyDecoder)
	e := appV5()
	doc := openapi.New("test", "1.0.0", echoerr5.Describe(e))
	require.NoError(t, doc.Validate(context.Background()))

	router, err := gorillamux.NewRouter(doc)
	require.NoError(t, err)
	for _, tc := range []struct{ method, path, accept string }{
		{"GET", "/a/b/c/items/missing", ""},
		{"GET", "/a/b/c/items/missing", "application/problem+json"},
		{"GET", "/a/b/c/items/gone", ""},
		{"GET", "/a/b/c/items/gone", "application/problem+json"},
		{"GET", "/a/b/c/items/quota", ""},
		{"GET", "/a/b/c/items/busy", ""},
		{"GET", "/a/b/c/items/other", ""},
		{"DELETE", "/a/b/c/items/1", ""},
		{"GET", "/problems/files/x", ""},
		{"GET", "/problems/files/x", "application/json"},
		{"GET", "/pages/hello", "text/html"},
	} {
		req := httptest.NewRequest(tc.method, tc.path, nil)
		if tc.accept != "" {
			req.Header.Set("Accept", tc.accept)
		}
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		route, params, err := router.FindRoute(req)
		require.NoError(t, err, tc.path)
		err = openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
			RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
			Status:                 rec.Code,
			Header:                 rec.Header(),
			Body:                   io.NopCloser(bytes.NewReader(rec.Body.Bytes())),
		})
		assert.NoError(t, err, "%s %s (%s): %d %s", tc.method, tc.path, tc.accept, rec.Code, strings.TrimSpace(rec.Body.String()))
	}
}
