package openapi_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/echoerr/echoerr/answer"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/labstack/echo/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/echoerr/echoerr"
	"github.com/echoerr/echoerr/openapi"
)

var (
	errNoRows = errors.New("sql: no rows in result set")
	errBusy   = errors.New("busy")
)

type notFound struct{ id string }

func (e *notFound) Error() string { return "not found " + e.id }

type quota struct{}

func (quota) Error() string { return "quota" }

// app has three nested namespaces with entries for one error at each level,
// a route's own rules, handler rules with and without Answers, a host
// router, and namespaces with problem details and HTML pages.
func app() *echo.Echo {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New(
		echoerr.DeclareStatus(http.StatusInternalServerError, echoerr.Entry{Message: "Something went wrong"}),
		echoerr.DeclareError(errNoRows, echoerr.Entry{Status: 404, Message: "app: no row"}),
		echoerr.DeclareError(errBusy, echoerr.Entry{Status: 503, Message: "busy", Headers: http.Header{"Retry-After": {"30"}}}),
	)
	a := echoerr.Group(e, "/a")
	b := a.Group("/b")
	c := b.Group("/c")
	a.Handle(echoerr.DeclareError(errNoRows, echoerr.Entry{Status: 404, Message: "a: no row"}))
	b.Handle(echoerr.Declare[*notFound](echoerr.Entry{Status: 404, Message: "b: not found", Fields: echoerr.Fields{"code": 7}}))
	c.Handle(
		echoerr.DeclareError(errNoRows, echoerr.Entry{Status: 404, Message: "c: no row"}),
		echoerr.On(func(c echo.Context, err quota) error {
			return c.JSON(http.StatusTooManyRequests, map[string]string{"quota": "exceeded"})
		}).Answers("the quota is exceeded", http.StatusTooManyRequests),
		echoerr.OnError(errBusy, func(c echo.Context, err error) error { return err }), // undocumented
	)
	c.GET("/items/:id", func(ctx echo.Context) error {
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
	c.HandleRoute(http.MethodDelete, "/items/:id", echoerr.DeclareError(errNoRows, echoerr.Entry{Status: 403, Message: "not yours"}))
	c.DELETE("/items/:id", func(echo.Context) error { return errNoRows })

	p := echoerr.Group(e, "/problems")
	p.SetFormat(echoerr.Format{Problem: true})
	p.GET("/files/*", func(echo.Context) error { return errNoRows })
	h := echoerr.Group(e, "/pages")
	h.SetFormat(echoerr.Format{HTML: true})
	h.GET("/:slug", func(echo.Context) error { return errNoRows })

	admin := echoerr.Group(e.Host("admin.example"), "/admin")
	admin.Handle(echoerr.DeclareError(errNoRows, echoerr.Entry{Status: 410, Message: "admin: gone"}))
	admin.GET("/users/:id", func(echo.Context) error { return errNoRows })
	return e
}

func TestNewDocument(t *testing.T) {
	e := app()
	doc := openapi.New("test", "1.0.0", echoerr.Describe(e))
	require.NoError(t, doc.Validate(context.Background()))

	item := doc.Paths.Value("/a/b/c/items/{id}")
	require.NotNil(t, item, "Echo's :id is {id}")
	get := item.Get
	require.NotNil(t, get)
	require.Len(t, get.Parameters, 1)
	assert.Equal(t, "id", get.Parameters[0].Value.Name)
	assert.Equal(t, "path", get.Parameters[0].Value.In)
	assert.True(t, get.Parameters[0].Value.Required)

	// 404: the innermost level's entry first, as resolution asks; the
	// outer entries for the same sentinel are hidden.
	r404 := get.Responses.Value("404").Value
	assert.Equal(t, "Not Found: c: no row; b: not found", *r404.Description)
	js := r404.Content["application/json"]
	require.NotNil(t, js)
	names := []string{}
	for name := range js.Examples {
		names = append(names, name)
	}
	assert.ElementsMatch(t, []string{"1-c-no-row", "2-b-not-found"}, names)
	assert.Equal(t, map[string]any{"message": "c: no row"}, js.Examples["1-c-no-row"].Value.Value)
	assert.Contains(t, js.Schema.Value.Properties, "code", "a declared field is in the schema")
	require.NotNil(t, r404.Content["application/problem+json"], "negotiation can give problem details")

	// A documented handler rule; an undocumented one is left out.
	r429 := get.Responses.Value("429").Value
	assert.Equal(t, "Too Many Requests: the quota is exceeded", *r429.Description)
	assert.Nil(t, get.Responses.Value("503"), "the namespace's undocumented handler hides the app's entry: its answer is unknown")
	assert.Equal(t, "Internal Server Error: Something went wrong", *get.Responses.Value("500").Value.Description)

	// The route's own rules.
	del := item.Delete
	require.NotNil(t, del)
	assert.Equal(t, "Forbidden: not yours", *del.Responses.Value("403").Value.Description)
	assert.Equal(t, "Not Found: b: not found", *del.Responses.Value("404").Value.Description)

	// Formats per namespace, and a wildcard.
	files := doc.Paths.Value("/problems/files/{wildcard}")
	require.NotNil(t, files)
	content := files.Get.Responses.Value("404").Value.Content
	assert.NotNil(t, content["application/problem+json"])
	assert.NotNil(t, content["application/json"])
	pages := doc.Paths.Value("/pages/{slug}").Get.Responses.Value("404").Value.Content
	assert.NotNil(t, pages["text/html"])

	// Headers declared on an entry.
	busy := doc.Paths.Value("/pages/{slug}").Get.Responses.Value("503").Value
	require.Contains(t, busy.Headers, "Retry-After")

	// The host router's routes are not the default router's.
	assert.Nil(t, doc.Paths.Value("/admin/users/{id}"))
}

func TestHostRouter(t *testing.T) {
	doc := &openapi3.T{OpenAPI: "3.0.3", Info: &openapi3.Info{Title: "admin", Version: "1"}}
	require.NoError(t, openapi.Add(doc, echoerr.Describe(app()), openapi.Options{Host: "admin.example"}))
	require.NoError(t, doc.Validate(context.Background()))
	require.Len(t, doc.Paths.Map(), 1)
	assert.Equal(t, "Gone: admin: gone", *doc.Paths.Value("/admin/users/{id}").Get.Responses.Value("410").Value.Description)
}

func TestMergeRule(t *testing.T) {
	doc := &openapi3.T{OpenAPI: "3.0.3", Info: &openapi3.Info{Title: "t", Version: "1"}, Paths: openapi3.NewPaths()}
	mine := openapi3.NewResponse().WithDescription("written by hand")
	op := openapi3.NewOperation()
	op.OperationID = "getItem"
	op.Responses = openapi3.NewResponses(
		openapi3.WithStatus(200, &openapi3.ResponseRef{Value: openapi3.NewResponse().WithDescription("the item")}),
		openapi3.WithStatus(404, &openapi3.ResponseRef{Value: mine}),
	)
	item := &openapi3.PathItem{Get: op, Parameters: openapi3.Parameters{
		{Value: openapi3.NewPathParameter("id").WithSchema(openapi3.NewStringSchema())},
	}}
	doc.Paths.Set("/a/b/c/items/{id}", item)

	d := echoerr.Describe(app())
	require.NoError(t, openapi.Add(doc, d, openapi.Options{}))
	require.NoError(t, doc.Validate(context.Background()))
	assert.Same(t, mine, op.Responses.Value("404").Value, "an existing response is kept")
	assert.Equal(t, "the item", *op.Responses.Value("200").Value.Description)
	assert.NotNil(t, op.Responses.Value("500"), "the missing ones are added")
	assert.Empty(t, op.Parameters, "a path parameter the path item declares is not declared again")
	assert.Equal(t, "getItem", op.OperationID)

	require.NoError(t, openapi.Add(doc, d, openapi.Options{Overwrite: true}))
	assert.NotSame(t, mine, op.Responses.Value("404").Value, "Overwrite replaces it")
	assert.Equal(t, "the item", *op.Responses.Value("200").Value.Description, "a success response is never touched")
}

func TestPath(t *testing.T) {
	for in, want := range map[string]string{
		"/movies/:id":                "/movies/{id}",
		"/users/:uid/files/:fid":     "/users/{uid}/files/{fid}",
		"/static/*":                  "/static/{wildcard}",
		"/repos/:o/:r/git/refs/*ref": "/repos/{o}/{r}/git/refs/{ref}",
		"/file-:name":                "/file-{name}",
		"/static*":                   "/static{wildcard}",
		"/":                          "/",
	} {
		got, _ := openapi.Path(in)
		assert.Equal(t, want, got, in)
	}
}

// The answers the app really gives validate against the document. (kin's
// validator needs to be told how to read an HTML body.)
func TestAnswersValidateAgainstTheDocument(t *testing.T) {
	openapi3filter.RegisterBodyDecoder("text/html", openapi3filter.PlainBodyDecoder)
	e := app()
	doc := openapi.New("test", "1.0.0", echoerr.Describe(e))
	router, err := gorillamux.NewRouter(doc)
	require.NoError(t, err)
	for _, tc := range []struct{ method, path, accept string }{
		{"GET", "/a/b/c/items/missing", ""},
		{"GET", "/a/b/c/items/missing", "application/problem+json"},
		{"GET", "/a/b/c/items/gone", ""},
		{"GET", "/a/b/c/items/gone", "application/problem+json"},
		{"GET", "/a/b/c/items/quota", ""},
		{"GET", "/a/b/c/items/other", ""},
		{"DELETE", "/a/b/c/items/1", ""},
		{"GET", "/problems/files/x", ""}, // OpenAPI has no multi-segment parameter: one segment
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

// A default answer may be {"errors": [...]}: the schema says so.
func TestDefaultAnswerWithSeveralErrors(t *testing.T) {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New()
	e.GET("/several", func(echo.Context) error {
		return echoerr.NewErrors(http.StatusInternalServerError).Add("a", "first", nil).Add("b", "second", 2)
	})
	e.GET("/plain", func(echo.Context) error { return errors.New("x") })
	doc := openapi.New("t", "1", echoerr.Describe(e))
	require.NoError(t, doc.Validate(context.Background()))
	router, err := gorillamux.NewRouter(doc)
	require.NoError(t, err)
	for _, p := range []string{"/several", "/plain"} {
		req := httptest.NewRequest(http.MethodGet, p, nil)
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		require.Equal(t, 500, rec.Code)
		route, params, err := router.FindRoute(req)
		require.NoError(t, err)
		assert.NoError(t, openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
			RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
			Status:                 rec.Code,
			Header:                 rec.Header(),
			Body:                   io.NopCloser(bytes.NewReader(rec.Body.Bytes())),
		}), rec.Body.String())
	}
}

// An Any route's methods that OpenAPI 3.0 has no operation for are listed
// under x-echoerr-undocumented, Add says which, and no other route is left
// out (routes sorted after them included).
func TestAnyRouteNeverDropsRoutes(t *testing.T) {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New(echoerr.DeclareError(errNoRows, echoerr.Entry{Status: 404, Message: "no row"}))
	e.Any("/anything", func(echo.Context) error { return nil })
	e.GET("/zzz", func(echo.Context) error { return nil })
	d := echoerr.Describe(e)

	doc := openapi.New("t", "1", d)
	require.NoError(t, doc.Validate(context.Background()))
	anyItem := doc.Paths.Value("/anything")
	require.NotNil(t, anyItem)
	for _, m := range []string{http.MethodGet, http.MethodPut, http.MethodPost, http.MethodDelete, http.MethodPatch, http.MethodHead, http.MethodOptions, http.MethodTrace} {
		assert.NotNil(t, anyItem.GetOperation(m), m)
	}
	require.NotNil(t, doc.Paths.Value("/zzz"), "a route sorted after the Any route is documented")
	undoc, _ := doc.Extensions["x-echoerr-undocumented"].(map[string]any)
	for _, m := range []string{"CONNECT", "PROPFIND", "REPORT"} {
		assert.Contains(t, undoc, m+" /anything")
	}

	err := openapi.Add(&openapi3.T{OpenAPI: "3.0.3", Info: &openapi3.Info{Title: "t", Version: "1"}}, d, openapi.Options{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "PROPFIND /anything")
	assert.Contains(t, err.Error(), "CONNECT /anything")
}

// Routes whose paths differ only in their parameters' names are one
// OpenAPI path (Echo allows it; OpenAPI calls it a conflict).
func TestParameterNamesOfOnePath(t *testing.T) {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New(echoerr.DeclareError(errNoRows, echoerr.Entry{Status: 404, Message: "no row"}))
	e.GET("/users/:id", func(echo.Context) error { return nil })
	e.DELETE("/users/:uid", func(echo.Context) error { return nil })
	e.GET("/files/file-:name", func(echo.Context) error { return nil })
	doc := openapi.New("t", "1", echoerr.Describe(e))
	require.NoError(t, doc.Validate(context.Background()))
	item := doc.Paths.Value("/users/{id}")
	require.NotNil(t, item)
	assert.NotNil(t, item.Get)
	assert.NotNil(t, item.Delete)
	assert.Nil(t, doc.Paths.Value("/users/{uid}"))
	require.NotNil(t, item.Delete.Parameters.GetByInAndName("path", "id"))
	file := doc.Paths.Value("/files/file-{name}")
	require.NotNil(t, file, "a mid-segment parameter is a parameter")
	require.NotNil(t, file.Get.Parameters.GetByInAndName("path", "name"))
}

// A Format's Body is documented: the envelope's media type, its schema
// inferred from what Body writes, and Body's own bodies as examples; the
// real answers validate against the document.
func TestEnvelopeIsDocumented(t *testing.T) {
	openapi3filter.RegisterBodyDecoder("application/vnd.api+json", openapi3filter.JSONBodyDecoder)
	jsonAPI := echoerr.Format{BodyType: "application/vnd.api+json", Body: func(r *http.Request, a echoerr.Answer) any {
		return map[string]any{"errors": []map[string]any{{"status": fmt.Sprint(a.Status), "title": a.Message}}}
	}}
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New(echoerr.DeclareStatus(http.StatusInternalServerError, echoerr.Entry{Message: "Something went wrong"}))
	api := echoerr.Group(e, "/api")
	api.SetFormat(jsonAPI)
	api.Handle(echoerr.DeclareError(errNoRows, echoerr.Entry{Status: 404, Message: "no such item"}))
	api.GET("/items/:id", func(c echo.Context) error {
		if c.Param("id") == "missing" {
			return errNoRows
		}
		return errors.New("pq: secret")
	})
	doc := openapi.New("t", "1", echoerr.Describe(e))
	require.NoError(t, doc.Validate(context.Background()))
	op := doc.Paths.Value("/api/items/{id}").Get
	res := op.Responses.Value("404").Value
	mt := res.Content["application/vnd.api+json"]
	require.NotNil(t, mt, "the envelope's media type")
	require.NotNil(t, mt.Schema.Value.Properties["errors"], "the envelope's schema, inferred from Body")
	var examples []any
	for _, ex := range mt.Examples {
		examples = append(examples, ex.Value.Value)
	}
	assert.Contains(t, examples, map[string]any{"errors": []any{map[string]any{"status": "404", "title": "no such item"}}})

	router, err := gorillamux.NewRouter(doc)
	require.NoError(t, err)
	for _, path := range []string{"/api/items/missing", "/api/items/other"} {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		require.Equal(t, "application/vnd.api+json", rec.Header().Get("Content-Type"))
		route, params, err := router.FindRoute(req)
		require.NoError(t, err)
		err = openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
			RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
			Status:                 rec.Code,
			Header:                 rec.Header(),
			Body:                   io.NopCloser(bytes.NewReader(rec.Body.Bytes())),
		})
		assert.NoError(t, err, "%s: %d %s", path, rec.Code, rec.Body.String())
	}
}

// With OmitMessage, the documented JSON body is what is written: the
// entry's fields (an envelope kept in Fields), no "message".
func TestOmitMessageIsDocumented(t *testing.T) {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Format: echoerr.Format{OmitMessage: true},
		Rules: []echoerr.Rule{echoerr.DeclareError(errNoRows, echoerr.Entry{Status: 404,
			Fields: echoerr.Fields{"errors": map[string][]string{"body": {"not found"}}}})}})
	e.GET("/items/:id", func(echo.Context) error { return errNoRows })
	doc := openapi.New("t", "1", echoerr.Describe(e))
	require.NoError(t, doc.Validate(context.Background()))
	mt := doc.Paths.Value("/items/{id}").Get.Responses.Value("404").Value.Content["application/json"]
	require.NotNil(t, mt)
	for _, ex := range mt.Examples {
		assert.Equal(t, map[string]any{"errors": map[string]any{"body": []any{"not found"}}}, ex.Value.Value)
	}
	assert.Nil(t, mt.Schema.Value.Properties["message"], "no message member is documented")

	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/items/1", nil))
	assert.JSONEq(t, `{"errors":{"body":["not found"]}}`, rec.Body.String(), "what the document says")
}

// TestPossibleAnswers: an answer Description.Reachable kept as possible
// is documented as such; once narrowed, a route lists only its own.
func TestPossibleAnswers(t *testing.T) {
	d := answer.Description{Routes: []answer.RouteAnswers{{
		Method: "GET", Path: "/items", Formats: answer.Formats{"application/json"},
		Answers: []answer.Answer{
			{Status: 409, Message: "taken", Kind: answer.Declared, Key: "type *app.Taken", Possible: true},
			{Status: 410, Message: "gone", Kind: answer.Declared, Key: "sentinel *errors.errorString:gone"},
		},
	}}}
	doc := openapi.New("test", "1.0.0", d)
	require.NoError(t, doc.Validate(context.Background()))
	get := doc.Paths.Value("/items").Get
	r409 := get.Responses.Value("409").Value
	assert.Equal(t, "Conflict (possible)", *r409.Description)
	assert.Equal(t, true, r409.Extensions["x-echoerr-possible"])
	r410 := get.Responses.Value("410").Value
	assert.Equal(t, "Gone", *r410.Description)
	assert.NotContains(t, r410.Extensions, "x-echoerr-possible")

	narrowed := openapi.New("test", "1.0.0", d.Reachable([]answer.RouteErrors{{Method: "GET", Path: "/items", Keys: []string{"sentinel *errors.errorString:gone"}}}))
	assert.Nil(t, narrowed.Paths.Value("/items").Get.Responses.Value("409"), "no error of the route is an *app.Taken")
	assert.NotNil(t, narrowed.Paths.Value("/items").Get.Responses.Value("410"))
}
