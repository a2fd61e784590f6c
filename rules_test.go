package echoerr_test

import (
	"errors"
	"fmt"
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

// dbErr is shaped like a database driver's error: one type for every code
// (pgx's *pgconn.PgError, modernc's *sqlite.Error).
type dbErr struct{ code string }

func (e *dbErr) Error() string { return "db: " + e.code + " " + secret }
func (e *dbErr) Code() string  { return e.code }

func code(c string) func(*dbErr) bool { return func(e *dbErr) bool { return e.code == c } }

type timeoutErr struct{ timeout bool }

func (e timeoutErr) Error() string { return "i/o" }
func (e timeoutErr) Timeout() bool { return e.timeout }

// asDB claims through its As method to be a *dbErr with code 23505.
type asDB struct{}

func (asDB) Error() string { return "wrapped driver error" }
func (asDB) As(target any) bool {
	if p, ok := target.(**dbErr); ok {
		*p = &dbErr{code: "23505"}
		return true
	}
	return false
}

func TestGuardedRules(t *testing.T) {
	newApp := func() *echo.Echo {
		e := echo.New()
		e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{
			Logger: slog.New(slog.DiscardHandler),
			Rules: []echoerr.Rule{
				// The plain rule first: guarded rules are still tried before it.
				echoerr.Declare[*dbErr](echoerr.Entry{Status: 503, Message: "database unavailable"}),
				echoerr.DeclareIf(code("23505"), echoerr.Entry{Status: 409, Message: "already exists"}),
				echoerr.OnIf(code("23514"), func(c echo.Context, err *dbErr) error {
					return c.JSON(http.StatusUnprocessableEntity, map[string]string{"violated": err.Code()})
				}),
				// Two guards that both say yes: the first registered wins.
				echoerr.DeclareIf(func(e *dbErr) bool { return strings.HasPrefix(e.code, "42") }, echoerr.Entry{Status: 400, Message: "first"}),
				echoerr.DeclareIf(func(e *dbErr) bool { return e.code == "42601" }, echoerr.Entry{Status: 400, Message: "second"}),
				echoerr.DeclareIf(func(t interface{ Timeout() bool }) bool { return t.Timeout() }, echoerr.Entry{Status: 504, Message: "timed out"}),
			},
		})
		api := echoerr.Group(e, "/api")
		api.Handle(
			echoerr.DeclareIf(code("23503"), echoerr.Entry{Status: 400, Message: "no such owner"}),
			// Says no to 23505: the search goes on at the app.
			echoerr.DeclareIf(func(e *dbErr) bool { return e.code == "never" }, echoerr.Entry{Status: 418}),
		)
		for _, c := range []string{"23505", "23503", "08006", "23514", "42601"} {
			err := fmt.Errorf("insert: %w", &dbErr{code: c})
			e.GET("/app/"+c, returning(err))
			api.GET("/"+c, returning(err))
		}
		e.GET("/timeout", returning(fmt.Errorf("read: %w", timeoutErr{true})))
		e.GET("/no-timeout", returning(fmt.Errorf("read: %w", timeoutErr{false})))
		e.GET("/as", returning(fmt.Errorf("w: %w", asDB{})))
		return e
	}
	e := newApp()
	cases := []struct {
		path   string
		status int
		body   string
	}{
		{"/app/23505", 409, `{"message":"already exists"}`},
		{"/app/23503", 503, `{"message":"database unavailable"}`},
		{"/app/08006", 503, `{"message":"database unavailable"}`},
		{"/app/23514", 422, `{"violated":"23514"}`},
		{"/app/42601", 400, `{"message":"first"}`},
		{"/api/23503", 400, `{"message":"no such owner"}`},
		{"/api/23505", 409, `{"message":"already exists"}`}, // the namespace's guards say no
		{"/api/08006", 503, `{"message":"database unavailable"}`},
		{"/timeout", 504, `{"message":"timed out"}`},
		{"/no-timeout", 500, `{"message":"Internal Server Error"}`},
		{"/as", 409, `{"message":"already exists"}`},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			assertJSON(t, serve(e, http.MethodGet, tc.path), tc.status, tc.body)
		})
	}
	t.Run("a guard that panics is recovered like a handler", func(t *testing.T) {
		var sink logSink
		var rep reports
		e := hardApp(&sink, &rep,
			echoerr.DeclareIf(func(e *dbErr) bool { panic("guard bug") }, echoerr.Entry{Status: 409}),
			echoerr.Declare[*dbErr](echoerr.Entry{Status: 503}))
		e.GET("/x", returning(&dbErr{code: "1"}))
		assertOneAnswer(t, serve(e, http.MethodGet, "/x"), &sink, &rep, http.StatusInternalServerError)
		assert.Len(t, sink.records(t, "echoerr: guard panicked"), 1)
		line := sink.records(t, answered)[0]
		assert.Equal(t, "default", line["rule"], "resolved as a 500 through the levels, without the guard's rule")
		assert.Contains(t, line["passed_by"], "type *echoerr_test.dbErr (if) (guard panicked)")
	})
	t.Run("a guarded handler that passes on does not run again", func(t *testing.T) {
		calls := 0
		e := echo.New()
		e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Logger: slog.New(slog.DiscardHandler), Rules: []echoerr.Rule{
			echoerr.OnIf(code("1"), func(c echo.Context, err *dbErr) error { calls++; return err }),
			echoerr.Declare[*dbErr](echoerr.Entry{Status: 503}),
		}})
		e.GET("/x", returning(&dbErr{code: "1"}))
		assertJSON(t, serve(e, http.MethodGet, "/x"), 503, `{"message":"Service Unavailable"}`)
		assert.Equal(t, 1, calls)
	})
	t.Run("setup mistakes", func(t *testing.T) {
		assert.PanicsWithValue(t, "echoerr: OnIf: nil match for *echoerr_test.dbErr", func() {
			echoerr.OnIf[*dbErr](nil, func(echo.Context, *dbErr) error { return nil })
		})
		assert.PanicsWithValue(t, "echoerr: OnIf: nil handler for *echoerr_test.dbErr", func() { echoerr.OnIf(code("1"), nil) })
		assert.PanicsWithValue(t, "echoerr: DeclareIf: nil match for *echoerr_test.dbErr", func() {
			echoerr.DeclareIf[*dbErr](nil, echoerr.Entry{})
		})
		assert.PanicsWithValue(t, "echoerr: DeclareIf: type string is not an interface and does not implement error", func() {
			echoerr.DeclareIf(func(string) bool { return true }, echoerr.Entry{})
		})
	})
}

func TestDeclareStatus(t *testing.T) {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{
		Logger: slog.New(slog.DiscardHandler),
		Format: echoerr.Format{HTML: true},
		Rules: []echoerr.Rule{
			echoerr.DeclareStatus(500, echoerr.Entry{Message: "Something went wrong"}),
			echoerr.DeclareStatus(404, echoerr.Entry{Message: "No such page", Fields: echoerr.Fields{"hint": "see /docs"}}),
			echoerr.DeclareStatus(429, echoerr.Entry{Status: 429, Headers: http.Header{"Retry-After": {"30"}}}),
		},
	})
	e.GET("/plain", returning(errors.New(secret)))
	e.GET("/wrapped", returning(fmt.Errorf("db: %w", &dbErr{code: "08006"})))
	e.GET("/busy", returning(echo.NewHTTPError(http.StatusTooManyRequests)))
	for _, p := range []string{"/plain", "/wrapped"} {
		assertJSON(t, serve(e, http.MethodGet, p), 500, `{"message":"Something went wrong"}`)
		rec := request(e, http.MethodGet, p, echo.HeaderAccept, "application/problem+json")
		assert.Equal(t, 500, rec.Code)
		assert.Equal(t, "Something went wrong", problem(t, rec)["detail"])
		rec = request(e, http.MethodGet, p, echo.HeaderAccept, "text/html")
		assert.Contains(t, rec.Body.String(), "<p>Something went wrong</p>")
		assert.NotContains(t, rec.Body.String(), secret)
	}
	assertJSON(t, serve(e, http.MethodGet, "/nope"), 404, `{"message":"No such page","hint":"see /docs"}`)
	rec := serve(e, http.MethodGet, "/busy")
	assertJSON(t, rec, 429, `{"message":"Too Many Requests"}`)
	assert.Equal(t, "30", rec.Header().Get("Retry-After"))

	assert.PanicsWithValue(t, "echoerr: DeclareStatus: Entry.Status 400 is not the rule's status 404", func() {
		echoerr.DeclareStatus(404, echoerr.Entry{Status: 400})
	})
	assert.PanicsWithValue(t, "echoerr: DeclareStatus: status 200 is outside 400-599", func() {
		echoerr.DeclareStatus(200, echoerr.Entry{})
	})
}

var errNoRows = errors.New("sql: no rows in result set")

func TestPerRouteRules(t *testing.T) {
	movieNotExists := echoerr.Entry{Status: 400, Message: "Movie with given id doesn't exists"}
	updating := echoerr.Entry{Status: 403, Message: "Updating movie added by other is forbidden"}
	deleting := echoerr.Entry{Status: 403, Message: "Deleting movie added by other is forbidden"}
	failing := func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if c.Request().Header.Get("X-Fail") != "" {
				return fmt.Errorf("middleware: %w", errNoRows)
			}
			return next(c)
		}
	}
	build := func(host string) *echo.Echo {
		e := echo.New()
		e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Logger: slog.New(slog.DiscardHandler),
			Rules: []echoerr.Rule{echoerr.DeclareError(errNoRows, echoerr.Entry{Status: 404, Message: "app"})}})
		var api *echoerr.Namespace
		if host != "" {
			api = echoerr.Group(e.Host(host), "/api")
		} else {
			api = echoerr.Group(e, "/api")
		}
		api.Handle(echoerr.DeclareError(errNoRows, echoerr.Entry{Status: 404, Message: "namespace"}))
		// Rules before the routes for GET, after them for PUT and DELETE.
		api.HandleRoute(http.MethodGet, "/movies/:id", echoerr.DeclareError(errNoRows, movieNotExists))
		movie := returning(fmt.Errorf("load movie: %w", errNoRows))
		api.GET("/movies/:id", movie, failing)
		api.PUT("/movies/:id", movie)
		api.DELETE("/movies/:id", movie)
		api.GET("/movies", movie)
		api.HandleRoute(http.MethodPut, "/movies/:id", echoerr.DeclareError(errNoRows, updating))
		api.HandleRoute(http.MethodDelete, "/movies/:id", echoerr.DeclareError(errNoRows, deleting))
		return e
	}
	for _, host := range []string{"", "h.example"} {
		e := build(host)
		ask := func(method, path string, header ...string) *httptest.ResponseRecorder {
			req := httptest.NewRequest(method, path, nil)
			if host != "" {
				req.Host = host
			}
			for i := 0; i+1 < len(header); i += 2 {
				req.Header.Set(header[i], header[i+1])
			}
			rec := httptest.NewRecorder()
			e.ServeHTTP(rec, req)
			return rec
		}
		t.Run("host "+host, func(t *testing.T) {
			assertJSON(t, ask(http.MethodGet, "/api/movies/7"), 400, `{"message":"Movie with given id doesn't exists"}`)
			assertJSON(t, ask(http.MethodPut, "/api/movies/7"), 403, `{"message":"Updating movie added by other is forbidden"}`)
			assertJSON(t, ask(http.MethodDelete, "/api/movies/7"), 403, `{"message":"Deleting movie added by other is forbidden"}`)
			assertJSON(t, ask(http.MethodGet, "/api/movies"), 404, `{"message":"namespace"}`)
			// Route middleware errors are the route's too.
			assertJSON(t, ask(http.MethodGet, "/api/movies/7", "X-Fail", "1"), 400, `{"message":"Movie with given id doesn't exists"}`)
			// The router's 405 at that path is not the route's.
			assertJSON(t, ask(http.MethodPatch, "/api/movies/7"), 405, `{"message":"Method Not Allowed"}`)
		})
	}
	t.Run("a route of the app, and of a plain group", func(t *testing.T) {
		e := echo.New()
		e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Logger: slog.New(slog.DiscardHandler)})
		e.GET("/movies/:id", returning(errNoRows))
		echoerr.HandleRoute(e, http.MethodGet, "/movies/:id", echoerr.DeclareError(errNoRows, movieNotExists))
		g := e.Group("/v2")
		g.GET("/movies/:id", returning(errNoRows))
		echoerr.HandleRoute(g, http.MethodGet, "/movies/:id", echoerr.DeclareError(errNoRows, updating))
		e.GET("/other", returning(errNoRows))
		assertJSON(t, serve(e, http.MethodGet, "/movies/1"), 400, `{"message":"Movie with given id doesn't exists"}`)
		assertJSON(t, serve(e, http.MethodGet, "/v2/movies/1"), 403, `{"message":"Updating movie added by other is forbidden"}`)
		assertJSON(t, serve(e, http.MethodGet, "/other"), 500, `{"message":"Internal Server Error"}`)
	})
	t.Run("a route rule that passes on reaches the namespace, then the app", func(t *testing.T) {
		var sink logSink
		e := echo.New()
		e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Logger: sink.logger(slog.LevelDebug)})
		api := echoerr.Group(e, "/api")
		api.Handle(echoerr.OnError(errNoRows, func(c echo.Context, err error) error { return err }))
		api.GET("/x", returning(errNoRows))
		api.HandleRoute(http.MethodGet, "/x", echoerr.CatchAll(func(c echo.Context, err error) error { return err }))
		assertJSON(t, serve(e, http.MethodGet, "/api/x"), 500, `{"message":"Internal Server Error"}`)
		line := sink.records(t, answered)[0]
		assert.Equal(t, "GET /api/x: catch-all (sql: no rows in result set) > /api: sentinel *errors.errorString(\"sql: no rows in result set\") (sql: no rows in result set)", line["passed_by"])
	})
}

// A translation keeps the cause: the log line and the Report event carry
// the error the route returned, never the body.
func TestCauseIsLoggedAndReported(t *testing.T) {
	t.Run("a handler that translates", func(t *testing.T) {
		var sink logSink
		var rep reports
		e := hardApp(&sink, &rep, echoerr.OnError(errNoRows, func(c echo.Context, err error) error {
			return echoerr.Abort(c, http.StatusInternalServerError, "lookup failed", nil)
		}))
		dbFailure := fmt.Errorf("select movie 7: %w", errNoRows)
		e.GET("/x", returning(dbFailure))
		rec := serve(e, http.MethodGet, "/x")
		assertJSON(t, rec, 500, `{"message":"lookup failed"}`)
		line := sink.records(t, answered)[0]
		assert.Equal(t, "select movie 7: sql: no rows in result set", line["cause"])
		assert.Equal(t, "*fmt.wrapError > *errors.errorString", line["cause_chain"])
		assert.Equal(t, "app: sentinel *errors.errorString(\"sql: no rows in result set\") (select movie 7: sql: no rows in result set)", line["passed_by"])
		require.Len(t, rep.list(), 1)
		ev := rep.list()[0]
		assert.Same(t, dbFailure, ev.Cause())
		require.Len(t, ev.Passed, 1)
		assert.Same(t, dbFailure, ev.Passed[0].Err)
		var ab *echoerr.AbortError
		assert.ErrorAs(t, ev.Err, &ab)
	})
	t.Run("AbortCause in a route handler", func(t *testing.T) {
		var sink logSink
		var rep reports
		e := hardApp(&sink, &rep, echoerr.DeclareError(errNoRows, echoerr.Entry{Status: 404, Message: "must not match the cause"}))
		dbFailure := &dbErr{code: "08006"}
		e.GET("/x", func(c echo.Context) error {
			return echoerr.AbortCause(c, dbFailure, http.StatusServiceUnavailable, "try again", echoerr.Fields{"retry": true})
		})
		rec := serve(e, http.MethodGet, "/x")
		assertJSON(t, rec, 503, `{"message":"try again","retry":true}`)
		assert.NotContains(t, rec.Body.String(), secret)
		line := sink.records(t, answered)[0]
		assert.Contains(t, line["cause"], "db: 08006")
		require.Len(t, rep.list(), 1)
		assert.Same(t, error(dbFailure), rep.list()[0].Cause())
		assert.False(t, errors.Is(echoerr.AbortCause(nil, errNoRows, 500, "", nil), errNoRows), "the cause is not in the tree")
	})
	t.Run("no translation, no cause", func(t *testing.T) {
		var sink logSink
		var rep reports
		e := hardApp(&sink, &rep)
		e.GET("/x", returning(errors.New(secret)))
		serve(e, http.MethodGet, "/x")
		line := sink.records(t, answered)[0]
		assert.NotContains(t, line, "cause")
		assert.Nil(t, rep.list()[0].Cause())
	})
}

// rateLimited carries its own headers, as Werkzeug's exceptions do.
type rateLimited struct{ h http.Header }

func (rateLimited) Error() string          { return "rate limited" }
func (rateLimited) StatusCode() int        { return http.StatusTooManyRequests }
func (r rateLimited) Headers() http.Header { return r.h }
func (rateLimited) PublicMessage() string  { return "Slow down" }
func (panicHeaders) Headers() http.Header  { panic("Headers exploded") }
func (panicHeaders) Error() string         { return "panic headers" }
func (panicHeaders) StatusCode() int       { return 429 }

type panicHeaders struct{}

func TestErrorsThatCarryHeaders(t *testing.T) {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Logger: slog.New(slog.DiscardHandler), Rules: []echoerr.Rule{
		echoerr.OnStatus(http.StatusTeapot, func(c echo.Context, err error) error { return nil }), // handled without writing
	}})
	e.GET("/limited", returning(fmt.Errorf("api: %w", rateLimited{http.Header{
		"Retry-After":      {"30"},
		"x-ratelimit":      {"0"},
		"Content-Type":     {"text/plain"},           // echoerr's
		"Content-Length":   {"1"},                    // echoerr's
		"Bad Name":         {"x"},                    // not a token
		"X-Injected":       {"a\r\nSet-Cookie: x=1"}, // CR LF
		"Www-Authenticate": {`Bearer realm="api"`},
	}})))
	e.GET("/handled", returning(errors.Join(echo.NewHTTPError(http.StatusTeapot), rateLimited{http.Header{"Retry-After": {"5"}}})))
	e.GET("/panics", returning(panicHeaders{}))
	rec := serve(e, http.MethodGet, "/limited")
	assertJSON(t, rec, 429, `{"message":"Slow down"}`)
	assert.Equal(t, "30", rec.Header().Get("Retry-After"))
	assert.Equal(t, "0", rec.Header().Get("X-Ratelimit"))
	assert.Equal(t, `Bearer realm="api"`, rec.Header().Get("Www-Authenticate"))
	assert.Empty(t, rec.Header().Get("X-Injected"))
	assert.Empty(t, rec.Header().Values("Bad Name"))
	assert.Equal(t, echo.MIMEApplicationJSON, rec.Header().Get(echo.HeaderContentType))

	rec = serve(e, http.MethodGet, "/handled")
	assert.Equal(t, http.StatusTeapot, rec.Code)
	assert.Equal(t, "5", rec.Header().Get("Retry-After"))

	assertJSON(t, serve(e, http.MethodGet, "/panics"), 429, `{"message":"Too Many Requests"}`)

	for name, h := range map[string]http.Header{
		`header "Bad Name": invalid header name`:                      {"Bad Name": {"x"}},
		`header "X-A": value holds CR, LF or NUL`:                     {"X-A": {"a\nb"}},
		`header "content-type": set by echoerr for the answer's body`: {"content-type": {"text/plain"}},
	} {
		assert.PanicsWithValue(t, "echoerr: Declare: "+name, func() {
			echoerr.Declare[*E](echoerr.Entry{Status: 400, Headers: h})
		})
	}
}
