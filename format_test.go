package echoerr_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/echoerr/echoerr"
)

// The errors of the flask-restful tutorial (seed 000), as Go types...
type (
	InternalServerError     struct{}
	SchemaValidationError   struct{}
	MovieAlreadyExistsError struct{}
	UpdatingMovieError      struct{}
	DeletingMovieError      struct{}
	MovieNotExistsError     struct{}
	EmailAlreadyExistsError struct{}
	UnauthorizedError       struct{}
)

func (*InternalServerError) Error() string     { return "internal" }
func (*SchemaValidationError) Error() string   { return "schema" }
func (*MovieAlreadyExistsError) Error() string { return "movie exists" }
func (*UpdatingMovieError) Error() string      { return "updating" }
func (*DeletingMovieError) Error() string      { return "deleting" }
func (*MovieNotExistsError) Error() string     { return "movie not exists" }
func (*EmailAlreadyExistsError) Error() string { return "email exists" }
func (*UnauthorizedError) Error() string       { return "unauthorized" }

// ...and as sentinels.
var (
	ErrInternalServer     = errors.New("internal")
	ErrSchemaValidation   = errors.New("schema")
	ErrMovieAlreadyExists = errors.New("movie exists")
	ErrUpdatingMovie      = errors.New("updating")
	ErrDeletingMovie      = errors.New("deleting")
	ErrMovieNotExists     = errors.New("movie not exists")
	ErrEmailAlreadyExists = errors.New("email exists")
	ErrUnauthorized       = errors.New("unauthorized")
)

// seedTable is the seed's table: error, status, message.
var seedTable = []struct {
	typed    error
	sentinel error
	status   int
	message  string
}{
	{&InternalServerError{}, ErrInternalServer, 500, "Something went wrong"},
	{&SchemaValidationError{}, ErrSchemaValidation, 400, "Request is missing required fields"},
	{&MovieAlreadyExistsError{}, ErrMovieAlreadyExists, 400, "Movie with given name already exists"},
	{&UpdatingMovieError{}, ErrUpdatingMovie, 403, "Updating movie added by other is forbidden"},
	{&DeletingMovieError{}, ErrDeletingMovie, 403, "Deleting movie added by other is forbidden"},
	{&MovieNotExistsError{}, ErrMovieNotExists, 400, "Movie with given id doesn't exists"},
	{&EmailAlreadyExistsError{}, ErrEmailAlreadyExists, 400, "User with given email address already exists"},
	{&UnauthorizedError{}, ErrUnauthorized, 401, "Invalid username or password"},
}

// typedErrors is the seed's errors dict, declared once, by type.
var typedErrors = []echoerr.Rule{
	echoerr.Declare[*InternalServerError](echoerr.Entry{Status: 500, Message: "Something went wrong"}),
	echoerr.Declare[*SchemaValidationError](echoerr.Entry{Status: 400, Message: "Request is missing required fields"}),
	echoerr.Declare[*MovieAlreadyExistsError](echoerr.Entry{Status: 400, Message: "Movie with given name already exists"}),
	echoerr.Declare[*UpdatingMovieError](echoerr.Entry{Status: 403, Message: "Updating movie added by other is forbidden"}),
	echoerr.Declare[*DeletingMovieError](echoerr.Entry{Status: 403, Message: "Deleting movie added by other is forbidden"}),
	echoerr.Declare[*MovieNotExistsError](echoerr.Entry{Status: 400, Message: "Movie with given id doesn't exists"}),
	echoerr.Declare[*EmailAlreadyExistsError](echoerr.Entry{Status: 400, Message: "User with given email address already exists"}),
	echoerr.Declare[*UnauthorizedError](echoerr.Entry{Status: 401, Message: "Invalid username or password",
		Headers: http.Header{"WWW-Authenticate": {`Bearer realm="movies"`}}}),
}

// sentinelErrors is the same dict by sentinel.
var sentinelErrors = []echoerr.Rule{
	echoerr.DeclareError(ErrInternalServer, echoerr.Entry{Status: 500, Message: "Something went wrong"}),
	echoerr.DeclareError(ErrSchemaValidation, echoerr.Entry{Status: 400, Message: "Request is missing required fields"}),
	echoerr.DeclareError(ErrMovieAlreadyExists, echoerr.Entry{Status: 400, Message: "Movie with given name already exists"}),
	echoerr.DeclareError(ErrUpdatingMovie, echoerr.Entry{Status: 403, Message: "Updating movie added by other is forbidden"}),
	echoerr.DeclareError(ErrDeletingMovie, echoerr.Entry{Status: 403, Message: "Deleting movie added by other is forbidden"}),
	echoerr.DeclareError(ErrMovieNotExists, echoerr.Entry{Status: 400, Message: "Movie with given id doesn't exists"}),
	echoerr.DeclareError(ErrEmailAlreadyExists, echoerr.Entry{Status: 400, Message: "User with given email address already exists"}),
	echoerr.DeclareError(ErrUnauthorized, echoerr.Entry{Status: 401, Message: "Invalid username or password",
		Headers: http.Header{"WWW-Authenticate": {`Bearer realm="movies"`}}}),
}

func TestSeedErrorsTable(t *testing.T) {
	for _, kind := range []string{"typed", "sentinel"} {
		for _, level := range []string{"app", "namespace"} {
			e := echo.New()
			rules := typedErrors
			if kind == "sentinel" {
				rules = sentinelErrors
			}
			prefix := ""
			if level == "app" {
				e.HTTPErrorHandler = echoerr.New(rules...)
			} else {
				e.HTTPErrorHandler = echoerr.New()
				api := echoerr.Group(e, "/api")
				api.Handle(rules...)
				prefix = "/api"
				for i, row := range seedTable {
					row := row
					api.GET(fmt.Sprintf("/%d", i), func(c echo.Context) error {
						if kind == "typed" {
							return fmt.Errorf("view: %w", row.typed)
						}
						return fmt.Errorf("view: %w", row.sentinel)
					})
				}
			}
			if level == "app" {
				for i, row := range seedTable {
					row := row
					e.GET(fmt.Sprintf("/%d", i), func(c echo.Context) error {
						if kind == "typed" {
							return row.typed // no try/except: the view just returns the error
						}
						return row.sentinel
					})
				}
			}
			for i, row := range seedTable {
				t.Run(fmt.Sprintf("%s, %s, %s", kind, level, row.message), func(t *testing.T) {
					rec := serve(e, http.MethodGet, fmt.Sprintf("%s/%d", prefix, i))
					assertJSON(t, rec, row.status, fmt.Sprintf(`{"message":%q}`, row.message))
					if row.status == 401 {
						assert.Equal(t, `Bearer realm="movies"`, rec.Header().Get(echo.HeaderWWWAuthenticate))
					}
				})
			}
		}
	}
}

// selfDescribing carries its status and its public message.
type selfDescribing struct {
	code   int
	public string
}

func (e selfDescribing) Error() string         { return "internal detail: pool 7 exhausted" }
func (e selfDescribing) StatusCode() int       { return e.code }
func (e selfDescribing) PublicMessage() string { return e.public }

type publicOnly struct{}

func (publicOnly) Error() string         { return "secret" }
func (publicOnly) PublicMessage() string { return "Try again in a minute" }

func TestSelfDescribingErrors(t *testing.T) {
	cases := []struct {
		name   string
		err    error
		status int
		body   string
	}{
		{"ok, status and public message", fmt.Errorf("w: %w", selfDescribing{409, "Name taken"}), 409, `{"message":"Name taken"}`},
		{"ok, a 5xx with a public message shows it", selfDescribing{503, "Maintenance"}, 503, `{"message":"Maintenance"}`},
		{"ok, a 5xx without one shows the status text", coded{502, "upstream said: secret"}, 502, `{"message":"Bad Gateway"}`},
		{"ok, a 4xx without one shows the status text", coded{422, "field x"}, 422, `{"message":"Unprocessable Entity"}`},
		{"ok, public message with no status is a 500 with that message", fmt.Errorf("w: %w", publicOnly{}), 500, `{"message":"Try again in a minute"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := echo.New()
			e.HTTPErrorHandler = echoerr.New()
			e.GET("/x", returning(tc.err))
			assertJSON(t, serve(e, http.MethodGet, "/x"), tc.status, tc.body)
		})
	}
}

func TestSeveralErrorsInOneAnswer(t *testing.T) {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New()
	e.POST("/addresses", func(c echo.Context) error {
		return echoerr.NewErrors(http.StatusBadRequest).
			Add("invalid-data", "The address provided is invalid.", nil).
			Add("invalid-data", "The phone number does not exist.", map[string]string{"area_code": "555"})
	})
	e.GET("/teapot", func(c echo.Context) error {
		return fmt.Errorf("brew: %w", echoerr.NewErrors(http.StatusTeapot, echoerr.ErrorItem{Code: "teapot", Message: "I am a little teapot."}))
	})
	e.GET("/users/:id", func(c echo.Context) error {
		var id int
		if err := echo.PathParamsBinder(c).MustInt("id", &id).BindError(); err != nil {
			return err // a *echo.BindingError, which Echo's default answers 500
		}
		return c.NoContent(http.StatusOK)
	})
	e.GET("/search", func(c echo.Context) error {
		var ids []int
		return echo.QueryParamsBinder(c).Ints("id", &ids).BindError()
	})

	assertJSON(t, serve(e, http.MethodPost, "/addresses"), 400, `{"errors":[
		{"code":"invalid-data","message":"The address provided is invalid.","info":null},
		{"code":"invalid-data","message":"The phone number does not exist.","info":{"area_code":"555"}}]}`)
	assertJSON(t, serve(e, http.MethodGet, "/teapot"), 418, `{"errors":[{"code":"teapot","message":"I am a little teapot.","info":null}]}`)
	assertJSON(t, serve(e, http.MethodGet, "/users/abc"), 400,
		`{"errors":[{"code":"invalid-data","message":"failed to bind field value to int","info":{"field":"id","values":["abc"]}}]}`)
	assertJSON(t, serve(e, http.MethodGet, "/search?id=1&id=x"), 400,
		`{"errors":[{"code":"invalid-data","message":"failed to bind field value to int","info":{"field":"id","values":["x"]}}]}`)

	plain := echo.New()
	plain.GET("/users/:id", func(c echo.Context) error {
		var id int
		return echo.PathParamsBinder(c).MustInt("id", &id).BindError()
	})
	assert.Equal(t, 500, serve(plain, http.MethodGet, "/users/abc").Code, "what Echo's default handler does")

	err := echoerr.NewErrors(0).Add("a", "first", nil).Add("b", "second", 1)
	assert.Equal(t, "echoerr: 2 errors: a: first; b: second", err.Error())
	assert.Equal(t, 400, err.StatusCode())
}

// problem decodes a problem details body.
func problem(t *testing.T, rec *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	assert.Equal(t, "application/problem+json", rec.Header().Get(echo.HeaderContentType))
	var p map[string]any
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &p), rec.Body.String())
	return p
}

func request(e *echo.Echo, method, target string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	return rec
}

func TestProblemDetails(t *testing.T) {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New(
		echoerr.DeclareError(ErrMovieNotExists, echoerr.Entry{Status: 404, Message: "Movie with given id doesn't exists",
			Fields: echoerr.Fields{"type": "https://example.com/probs/no-movie", "retry": false}}),
	)
	e.GET("/abort", func(c echo.Context) error {
		return echoerr.Abort(c, http.StatusForbidden, "You do not have enough credit.", echoerr.Fields{"balance": 30, "accounts": []string{"/account/12345"}})
	})
	e.GET("/declared", returning(ErrMovieNotExists))
	e.GET("/multi", returning(echoerr.NewErrors(422).Add("invalid-data", "name is required", map[string]string{"field": "name"})))
	e.GET("/plain", returning(errors.New("secret")))
	e.GET("/status", returning(echo.ErrNotFound))

	accept := []string{echo.HeaderAccept, "application/problem+json"}
	t.Run("ok, Abort fields are extension members", func(t *testing.T) {
		rec := request(e, http.MethodGet, "/abort?x=1", accept...)
		assert.Equal(t, 403, rec.Code)
		assert.Equal(t, map[string]any{
			"type": "about:blank", "title": "Forbidden", "status": float64(403),
			"detail": "You do not have enough credit.", "instance": "/abort",
			"balance": float64(30), "accounts": []any{"/account/12345"},
		}, problem(t, rec))
	})
	t.Run("ok, a declared entry, whose fields may set the type", func(t *testing.T) {
		rec := request(e, http.MethodGet, "/declared", accept...)
		assert.Equal(t, map[string]any{
			"type": "https://example.com/probs/no-movie", "title": "Not Found", "status": float64(404),
			"detail": "Movie with given id doesn't exists", "instance": "/declared", "retry": false,
		}, problem(t, rec))
	})
	t.Run("ok, several errors are an errors member", func(t *testing.T) {
		p := problem(t, request(e, http.MethodGet, "/multi", accept...))
		assert.Equal(t, []any{map[string]any{"code": "invalid-data", "message": "name is required", "info": map[string]any{"field": "name"}}}, p["errors"])
		assert.Equal(t, float64(422), p["status"])
	})
	t.Run("ok, no detail when it would repeat the title", func(t *testing.T) {
		p := problem(t, request(e, http.MethodGet, "/status", accept...))
		assert.Equal(t, map[string]any{"type": "about:blank", "title": "Not Found", "status": float64(404), "instance": "/status"}, p)
	})
	t.Run("ok, a 5xx carries no internal text", func(t *testing.T) {
		rec := request(e, http.MethodGet, "/plain", accept...)
		assert.NotContains(t, rec.Body.String(), "secret")
		assert.Equal(t, float64(500), problem(t, rec)["status"])
	})
	t.Run("ok, debug is an extension member, detail unchanged", func(t *testing.T) {
		e.Debug = true
		defer func() { e.Debug = false }()
		p := problem(t, request(e, http.MethodGet, "/abort", accept...))
		assert.Equal(t, "You do not have enough credit.", p["detail"])
		assert.Equal(t, "echoerr: abort 403: You do not have enough credit.", p["error"])
		p = problem(t, request(e, http.MethodGet, "/plain", accept...))
		assert.Equal(t, "secret", p["error"])
		_, hasDetail := p["detail"]
		assert.False(t, hasDetail)
	})
	t.Run("ok, HEAD has no body", func(t *testing.T) {
		e.HEAD("/abort", func(c echo.Context) error { return echoerr.Abort(c, 403, "x", nil) })
		rec := request(e, http.MethodHead, "/abort", accept...)
		assert.Equal(t, 403, rec.Code)
		assert.Empty(t, rec.Body.String())
	})
}

func TestNegotiation(t *testing.T) {
	build := func(f echoerr.Format) *echo.Echo {
		e := echo.New()
		e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Format: f})
		e.GET("/x", func(c echo.Context) error { return echoerr.Abort(c, 409, "taken", nil) })
		return e
	}
	const (
		jsonCT    = "application/json"
		problemCT = "application/problem+json"
		htmlCT    = "text/html; charset=UTF-8"
	)
	cases := []struct {
		name   string
		format echoerr.Format
		accept string
		want   string
	}{
		{"ok, no Accept gets the default", echoerr.Format{}, "", jsonCT},
		{"ok, problem+json preferred over the JSON default", echoerr.Format{}, "application/problem+json", problemCT},
		{"ok, problem+json with parameters and case", echoerr.Format{}, "Application/Problem+JSON; charset=utf-8", problemCT},
		{"ok, JSON preferred by q", echoerr.Format{}, "application/problem+json;q=0.5, application/json", jsonCT},
		{"ok, problem+json preferred by q", echoerr.Format{}, "application/json;q=0.4, application/problem+json;q=0.9", problemCT},
		{"ok, a tie keeps the default", echoerr.Format{}, "application/json, application/problem+json", jsonCT},
		{"ok, a tie keeps the problem default", echoerr.Format{Problem: true}, "application/json, application/problem+json", problemCT},
		{"ok, wildcard keeps the problem default", echoerr.Format{Problem: true}, "application/json, text/plain, */*", problemCT},
		{"ok, only application/json switches from problem", echoerr.Format{Problem: true}, "application/json", jsonCT},
		{"ok, nothing acceptable falls back, no 406", echoerr.Format{}, "image/png", jsonCT},
		{"ok, nothing acceptable falls back to problem", echoerr.Format{Problem: true}, "image/png", problemCT},
		{"ok, q=0 refuses", echoerr.Format{}, "application/json;q=0, application/problem+json;q=0.1", problemCT},
		{"ok, text/html without HTML configured stays JSON", echoerr.Format{}, "text/html", jsonCT},
		{"ok, a browser gets HTML when configured", echoerr.Format{HTML: true}, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", htmlCT},
		{"ok, an API client does not get HTML", echoerr.Format{HTML: true}, "application/json, */*", jsonCT},
		{"ok, garbage Accept falls back", echoerr.Format{HTML: true}, ";;;,,/,q=abc", jsonCT},
		{"ok, NoNegotiation ignores Accept", echoerr.Format{NoNegotiation: true}, "application/problem+json", jsonCT},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := request(build(tc.format), http.MethodGet, "/x", echo.HeaderAccept, tc.accept)
			assert.Equal(t, 409, rec.Code)
			assert.Equal(t, tc.want, rec.Header().Get(echo.HeaderContentType))
			assert.NotEmpty(t, rec.Body.String())
		})
	}
}

func TestFormatPerNamespace(t *testing.T) {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New(echoerr.DeclareError(ErrMovieNotExists, echoerr.Entry{Status: 404, Message: "no movie"}))
	api := echoerr.Group(e, "/api")
	v2 := api.Group("/v2")
	inner := v2.Group("/inner")
	api.SetFormat(echoerr.Format{Problem: true})
	v2.SetFormat(echoerr.Format{}) // back to JSON below /api/v2
	for _, p := range []string{"/x", "/api/x", "/api/v2/x", "/api/v2/inner/x"} {
		e.GET(p, returning(ErrMovieNotExists)) // registered on e: the app's routes
	}
	api.GET("/y", returning(ErrMovieNotExists))
	v2.GET("/y", returning(ErrMovieNotExists))
	inner.GET("/y", returning(ErrMovieNotExists))

	assert.Equal(t, "application/json", serve(e, http.MethodGet, "/x").Header().Get(echo.HeaderContentType))
	p := problem(t, serve(e, http.MethodGet, "/api/y"))
	assert.Equal(t, "no movie", p["detail"], "the app's entry, in the namespace's format")
	assert.Equal(t, "application/problem+json", serve(e, http.MethodGet, "/api/nope").Header().Get(echo.HeaderContentType))
	assertJSON(t, serve(e, http.MethodGet, "/api/v2/y"), 404, `{"message":"no movie"}`)
	assertJSON(t, serve(e, http.MethodGet, "/api/v2/inner/y"), 404, `{"message":"no movie"}`)
}

func TestOmitMessage(t *testing.T) {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{
		Format: echoerr.Format{OmitMessage: true},
		Rules:  []echoerr.Rule{echoerr.DeclareError(ErrMovieNotExists, echoerr.Entry{Status: 404, Message: "no movie", Fields: echoerr.Fields{"id": 1}})},
	})
	e.GET("/abort", func(c echo.Context) error { return echoerr.Abort(c, http.StatusForbidden, "", nil) })
	e.GET("/abort-fields", func(c echo.Context) error {
		return echoerr.Abort(c, http.StatusBadRequest, "m", echoerr.Fields{"field": "name"})
	})
	e.GET("/declared", returning(ErrMovieNotExists))
	e.GET("/http", returning(echo.NewHTTPError(http.StatusConflict, "taken")))

	rec := serve(e, http.MethodGet, "/abort")
	assert.Equal(t, 403, rec.Code)
	assert.Equal(t, "{}\n", rec.Body.String())
	assertJSON(t, serve(e, http.MethodGet, "/abort-fields"), 400, `{"field":"name"}`)
	assertJSON(t, serve(e, http.MethodGet, "/declared"), 404, `{"id":1}`)
	assertJSON(t, serve(e, http.MethodGet, "/http"), 409, `{}`)
	p := problem(t, request(e, http.MethodGet, "/abort-fields", echo.HeaderAccept, "application/problem+json"))
	_, hasDetail := p["detail"]
	assert.False(t, hasDetail)
	assert.Equal(t, "name", p["field"])
}

// templates is an echo.Renderer over html/template.
type templates struct{ t *template.Template }

func (r *templates) Render(w io.Writer, name string, data any, c echo.Context) error {
	return r.t.ExecuteTemplate(w, name, data)
}

func TestHTMLPages(t *testing.T) {
	const browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
	newApp := func(renderer echo.Renderer) *echo.Echo {
		e := echo.New()
		e.Renderer = renderer
		e.HTTPErrorHandler = echoerr.New()
		// Seed 004: /blog gets its own 404 page, the rest of the site JSON,
		// without checking request.path in an app-level handler.
		blog := echoerr.Group(e, "/blog")
		blog.SetFormat(echoerr.Format{HTML: true, HTMLTemplate: "blog_error"})
		blog.GET("/posts/:slug", func(c echo.Context) error {
			return echoerr.Abort(c, http.StatusNotFound, `No post "`+c.Param("slug")+`"`, nil)
		})
		blog.GET("/xss", func(c echo.Context) error {
			return echoerr.Abort(c, http.StatusBadRequest, "<script>alert(1)</script>", echoerr.Fields{"q": "<b>"})
		})
		blog.GET("/debug", returning(errors.New("<img src=x onerror=alert(1)>")))
		blog.HEAD("/h", returning(echo.ErrGone))
		e.GET("/api/x", returning(echo.ErrNotFound))
		return e
	}
	tmpl := template.Must(template.New("blog_error").Parse(`<h1>Blog: {{.Status}} {{.Title}}</h1><p>{{.Message}}</p>`))

	t.Run("ok, Renderer template for the namespace's 404", func(t *testing.T) {
		e := newApp(&templates{tmpl})
		rec := request(e, http.MethodGet, "/blog/nope", echo.HeaderAccept, browser)
		assert.Equal(t, 404, rec.Code)
		assert.Equal(t, "text/html; charset=UTF-8", rec.Header().Get(echo.HeaderContentType))
		assert.Equal(t, `<h1>Blog: 404 Not Found</h1><p></p>`, rec.Body.String())
		rec = request(e, http.MethodGet, "/blog/posts/hello", echo.HeaderAccept, browser)
		assert.Equal(t, `<h1>Blog: 404 Not Found</h1><p>No post &#34;hello&#34;</p>`, rec.Body.String())
	})
	t.Run("ok, the rest of the site stays JSON", func(t *testing.T) {
		e := newApp(&templates{tmpl})
		assertJSON(t, request(e, http.MethodGet, "/api/x", echo.HeaderAccept, browser), 404, `{"message":"Not Found"}`)
		assertJSON(t, request(e, http.MethodGet, "/nope", echo.HeaderAccept, browser), 404, `{"message":"Not Found"}`)
	})
	t.Run("ok, an API client of /blog gets JSON", func(t *testing.T) {
		e := newApp(&templates{tmpl})
		assertJSON(t, request(e, http.MethodGet, "/blog/nope", echo.HeaderAccept, "application/json"), 404, `{"message":"Not Found"}`)
	})
	t.Run("ok, built-in page without a Renderer, escaped", func(t *testing.T) {
		e := newApp(nil)
		rec := request(e, http.MethodGet, "/blog/xss", echo.HeaderAccept, browser)
		assert.Equal(t, 400, rec.Code)
		body := rec.Body.String()
		assert.Contains(t, body, "<title>400 Bad Request</title>")
		assert.Contains(t, body, "&lt;script&gt;alert(1)&lt;/script&gt;")
		assert.NotContains(t, body, "<script>")
	})
	t.Run("ok, a failing Renderer falls back to the built-in page", func(t *testing.T) {
		e := newApp(&templates{template.Must(template.New("other").Parse("x"))})
		rec := request(e, http.MethodGet, "/blog/nope", echo.HeaderAccept, browser)
		assert.Equal(t, 404, rec.Code)
		assert.Contains(t, rec.Body.String(), "<h1>404 Not Found</h1>")
	})
	t.Run("ok, debug text is escaped on the page", func(t *testing.T) {
		e := newApp(nil)
		e.Debug = true
		rec := request(e, http.MethodGet, "/blog/debug", echo.HeaderAccept, browser)
		assert.Equal(t, 500, rec.Code)
		assert.Contains(t, rec.Body.String(), "&lt;img src=x onerror=alert(1)&gt;")
	})
	t.Run("ok, HEAD has no body", func(t *testing.T) {
		e := newApp(nil)
		rec := request(e, http.MethodHead, "/blog/h", echo.HeaderAccept, browser)
		assert.Equal(t, 410, rec.Code)
		assert.Empty(t, rec.Body.String())
		assert.Equal(t, "text/html; charset=UTF-8", rec.Header().Get(echo.HeaderContentType), "the headers a GET would get")
	})
}

func TestHeadersReachTheClient(t *testing.T) {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New(
		echoerr.Declare[*UnauthorizedError](echoerr.Entry{Status: 401, Headers: http.Header{"www-authenticate": {`Bearer realm="api"`}}}),
		echoerr.DeclareError(ErrInternalServer, echoerr.Entry{Status: 503, Headers: http.Header{"Retry-After": {"120"}}}),
		echoerr.OnStatus(http.StatusTooManyRequests, func(c echo.Context, err error) error {
			c.Response().Header().Set("Retry-After", "30")
			return nil
		}),
	)
	e.GET("/401", returning(&UnauthorizedError{}))
	e.GET("/503", returning(ErrInternalServer))
	e.GET("/429", returning(echo.ErrTooManyRequests))
	for _, accept := range []string{"", "application/problem+json"} {
		rec := request(e, http.MethodGet, "/401", echo.HeaderAccept, accept)
		assert.Equal(t, 401, rec.Code)
		assert.Equal(t, `Bearer realm="api"`, rec.Header().Get(echo.HeaderWWWAuthenticate))
		rec = request(e, http.MethodGet, "/503", echo.HeaderAccept, accept)
		assert.Equal(t, 503, rec.Code)
		assert.Equal(t, "120", rec.Header().Get("Retry-After"))
		rec = request(e, http.MethodGet, "/429", echo.HeaderAccept, accept)
		assert.Equal(t, 429, rec.Code)
		assert.Equal(t, "30", rec.Header().Get("Retry-After"))
		assert.True(t, strings.Contains(rec.Body.String(), "Too Many Requests"))
	}

	t.Run("ok, a header added later does not leak into the table", func(t *testing.T) {
		e := echo.New()
		e.HTTPErrorHandler = echoerr.New(echoerr.DeclareError(ErrInternalServer, echoerr.Entry{Status: 503, Headers: http.Header{"Retry-After": {"120"}}}))
		e.Use(func(next echo.HandlerFunc) echo.HandlerFunc {
			return func(c echo.Context) error {
				c.Response().Before(func() { c.Response().Header().Add("Retry-After", "later") })
				return next(c)
			}
		})
		e.GET("/503", returning(ErrInternalServer))
		first := serve(e, http.MethodGet, "/503")
		second := serve(e, http.MethodGet, "/503")
		assert.Equal(t, []string{"120", "later"}, first.Header().Values("Retry-After"))
		assert.Equal(t, []string{"120", "later"}, second.Header().Values("Retry-After"))
	})
}

func TestCommittedResponseInEveryFormat(t *testing.T) {
	for _, accept := range []string{"", "application/problem+json", "text/html"} {
		e := echo.New()
		e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Format: echoerr.Format{HTML: true}})
		e.GET("/x", func(c echo.Context) error {
			_ = c.String(http.StatusOK, "streamed")
			return echoerr.Abort(c, http.StatusConflict, "late", nil)
		})
		rec := request(e, http.MethodGet, "/x", echo.HeaderAccept, accept)
		assert.Equal(t, http.StatusOK, rec.Code, accept)
		assert.Equal(t, "streamed", rec.Body.String(), accept)
	}
}

// panickingRenderer is a Renderer with a bug.
type panickingRenderer struct{}

func (panickingRenderer) Render(io.Writer, string, any, echo.Context) error { panic("template bug") }

func TestPanickingRendererFallsBack(t *testing.T) {
	var logs logSink
	e := echo.New()
	e.Renderer = panickingRenderer{}
	e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{
		Logger: logs.logger(slog.LevelInfo),
		Format: echoerr.Format{HTML: true, HTMLTemplate: "error"},
	})
	e.GET("/x", returning(echo.ErrNotFound))
	rec := request(e, http.MethodGet, "/x", echo.HeaderAccept, "text/html")
	assert.Equal(t, 404, rec.Code)
	assert.Contains(t, rec.Body.String(), "<h1>404 Not Found</h1>")
	assert.Contains(t, logs.String(), "template bug")
}

// A Format's Body gets its own copy of an answer's fields: changing them
// changes nothing of the declared entry's, for the next request.
func TestBodyGetsItsOwnFields(t *testing.T) {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{
		Logger: slog.New(slog.DiscardHandler),
		Format: echoerr.Format{Body: func(r *http.Request, a echoerr.Answer) any {
			a.Fields["seen"] = len(a.Fields) // a Body that writes into what it gets
			return a.Fields
		}},
		Rules: []echoerr.Rule{echoerr.DeclareError(errSentinel, echoerr.Entry{Status: 409, Fields: echoerr.Fields{"code": 7}})},
	})
	e.GET("/x", returning(errSentinel))
	for range 2 {
		assertJSON(t, serve(e, http.MethodGet, "/x"), 409, `{"code":7,"seen":1}`)
	}
}
