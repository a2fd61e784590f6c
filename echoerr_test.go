package echoerr_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/echoerr/echoerr"
)

// Error types used across the tests.

type BaseErr struct{ What string }

func (e *BaseErr) Error() string { return "base: " + e.What }

type SubErr struct{ Base *BaseErr }

func (e *SubErr) Error() string { return "sub: " + e.Base.Error() }
func (e *SubErr) Unwrap() error { return e.Base }

type E struct{ N int }

func (e *E) Error() string { return fmt.Sprintf("e%d", e.N) }

type NotFoundErr struct{ ID string }

func (e *NotFoundErr) Error() string { return "not found: " + e.ID }

type coded struct {
	code int
	msg  string
}

func (e coded) Error() string   { return e.msg }
func (e coded) StatusCode() int { return e.code }

type temporary interface{ Temporary() bool }

type tempErr struct{}

func (tempErr) Error() string   { return "temporary" }
func (tempErr) Temporary() bool { return true }

var errSentinel = errors.New("sentinel")

// serve sends one request through e.ServeHTTP and returns the recorder.
func serve(e *echo.Echo, method, target string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	return rec
}

// returning is a handler that returns err.
func returning(err error) echo.HandlerFunc {
	return func(echo.Context) error { return err }
}

// tag answers with a fixed status and {"by": who}, so a test sees which
// handler ran.
func tag(who string, status int) echoerr.HandlerFunc {
	return func(c echo.Context, err error) error {
		return c.JSON(status, map[string]string{"by": who})
	}
}

func assertJSON(t *testing.T, rec *httptest.ResponseRecorder, status int, body string) {
	t.Helper()
	assert.Equal(t, status, rec.Code, "status; body %s", rec.Body.String())
	assert.JSONEq(t, body, rec.Body.String())
	assert.Equal(t, echo.MIMEApplicationJSON, rec.Header().Get(echo.HeaderContentType))
}

func TestDefaultsMatchEchoDefaultHandler(t *testing.T) {
	internalHTTP := echo.NewHTTPError(http.StatusBadRequest, "outer").SetInternal(echo.NewHTTPError(http.StatusConflict, "inner"))
	cases := []struct {
		name string
		err  error
	}{
		{"ok, HTTPError 404", echo.ErrNotFound},
		{"ok, HTTPError with message", echo.NewHTTPError(http.StatusBadRequest, "bad name")},
		{"ok, HTTPError with internal HTTPError", internalHTTP},
		{"ok, HTTPError with internal plain error", echo.NewHTTPError(http.StatusForbidden).SetInternal(errors.New("secret"))},
		{"ok, HTTPError with map message", echo.NewHTTPError(http.StatusUnprocessableEntity, map[string]any{"field": "name"})},
		{"ok, HTTPError with error message, 4xx", echo.NewHTTPError(http.StatusBadRequest, errors.New("bad input"))},
		{"ok, HTTPError 500 with string", echo.NewHTTPError(http.StatusInternalServerError, "public")},
		{"ok, plain error", errors.New("db password=hunter2")},
		{"ok, echo.ErrUnauthorized", echo.ErrUnauthorized},
		{"ok, echo.ErrMethodNotAllowed", echo.ErrMethodNotAllowed},
	}
	for _, debug := range []bool{false, true} {
		for _, tc := range cases {
			t.Run(fmt.Sprintf("%s, debug %v", tc.name, debug), func(t *testing.T) {
				withEcho := echo.New()
				withEcho.Debug = debug
				withEcho.GET("/x", returning(tc.err))
				want := serve(withEcho, http.MethodGet, "/x")

				e := echo.New()
				e.Debug = debug
				e.HTTPErrorHandler = echoerr.New()
				e.GET("/x", returning(tc.err))
				got := serve(e, http.MethodGet, "/x")

				assert.Equal(t, want.Code, got.Code)
				assert.JSONEq(t, want.Body.String(), got.Body.String())
				assert.Equal(t, want.Header().Get(echo.HeaderContentType), got.Header().Get(echo.HeaderContentType))
			})
		}
	}
}

func TestDefaults(t *testing.T) {
	cases := []struct {
		name   string
		method string
		err    error
		debug  bool
		status int
		body   string // "" means an empty body
	}{
		{name: "ok, wrapped HTTPError is found (Echo answers 500)", err: fmt.Errorf("load: %w", echo.NewHTTPError(http.StatusNotFound)),
			status: 404, body: `{"message":"Not Found"}`},
		{name: "ok, wrapped twice", err: fmt.Errorf("a: %w", fmt.Errorf("b: %w", echo.ErrForbidden)),
			status: 403, body: `{"message":"Forbidden"}`},
		{name: "ok, plain error is 500 without its text", err: errors.New("x"),
			status: 500, body: `{"message":"Internal Server Error"}`},
		{name: "ok, debug adds the error text", err: errors.New("x"), debug: true,
			status: 500, body: `{"message":"Internal Server Error","error":"x"}`},
		{name: "ok, StatusCode() gives the status and the status text", err: coded{http.StatusTeapot, "internal detail"},
			status: 418, body: `{"message":"I'm a teapot"}`},
		{name: "ok, 5xx StatusCode() never shows its text", err: coded{http.StatusServiceUnavailable, "pool exhausted"},
			status: 503, body: `{"message":"Service Unavailable"}`},
		{name: "ok, HTTPError(500, err) does not leak err", err: echo.NewHTTPError(http.StatusInternalServerError, errors.New("pq: password")),
			status: 500, body: `{"message":"Internal Server Error"}`},
		{name: "ok, HTTPError without message gets the status text", err: &echo.HTTPError{Code: http.StatusConflict},
			status: 409, body: `{"message":"Conflict"}`},
		{name: "ok, status outside 400-599 answers 500", err: echo.NewHTTPError(http.StatusFound, "moved"),
			status: 500, body: `{"message":"Internal Server Error"}`},
		{name: "ok, status 0 answers 500", err: &echo.HTTPError{Code: 0},
			status: 500, body: `{"message":"Internal Server Error"}`},
		{name: "ok, status in a Join tree", err: errors.Join(errors.New("first"), echo.ErrBadRequest),
			status: 400, body: `{"message":"Bad Request"}`},
		{name: "ok, HEAD gets the status and no body", method: http.MethodHead, err: echo.NewHTTPError(http.StatusConflict, "taken"),
			status: 409},
		{name: "ok, HEAD of a plain error", method: http.MethodHead, err: errors.New("x"), debug: true,
			status: 500},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := echo.New()
			e.Debug = tc.debug
			e.HTTPErrorHandler = echoerr.New()
			e.Add(http.MethodGet, "/x", returning(tc.err))
			e.Add(http.MethodHead, "/x", returning(tc.err))
			method := tc.method
			if method == "" {
				method = http.MethodGet
			}
			rec := serve(e, method, "/x")
			if tc.body == "" {
				assert.Equal(t, tc.status, rec.Code)
				assert.Empty(t, rec.Body.String())
				return
			}
			assertJSON(t, rec, tc.status, tc.body)
		})
	}
}

func TestCommittedResponseIsLeftAlone(t *testing.T) {
	ran := false
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New(echoerr.CatchAll(func(c echo.Context, err error) error {
		ran = true
		return nil
	}))
	e.GET("/x", func(c echo.Context) error {
		_ = c.String(http.StatusAccepted, "partial")
		return errors.New("late")
	})
	rec := serve(e, http.MethodGet, "/x")
	assert.Equal(t, http.StatusAccepted, rec.Code)
	assert.Equal(t, "partial", rec.Body.String())
	assert.False(t, ran, "no handler runs for a committed response")
}

func TestScenarios(t *testing.T) {
	t.Run("1, namespace handler for the base type beats app handler for the subtype", func(t *testing.T) {
		e := echo.New()
		e.HTTPErrorHandler = echoerr.New(echoerr.On(func(c echo.Context, err *SubErr) error {
			return c.JSON(http.StatusTeapot, map[string]string{"by": "app"})
		}))
		api := echoerr.Group(e, "/api")
		api.Handle(echoerr.On(func(c echo.Context, err *BaseErr) error {
			return c.JSON(http.StatusBadRequest, map[string]string{"by": "api", "what": err.What})
		}))
		api.GET("/x", returning(&SubErr{Base: &BaseErr{What: "w"}}))
		e.GET("/y", returning(&SubErr{Base: &BaseErr{What: "w"}}))

		assertJSON(t, serve(e, http.MethodGet, "/api/x"), 400, `{"by":"api","what":"w"}`)
		assertJSON(t, serve(e, http.MethodGet, "/y"), 418, `{"by":"app"}`)
	})

	t.Run("1b, the worked example: passing on reaches the app's more specific handler", func(t *testing.T) {
		var got []string
		e := echo.New()
		e.HTTPErrorHandler = echoerr.New(echoerr.On(func(c echo.Context, err *SubErr) error {
			got = append(got, "app *SubErr")
			return c.JSON(http.StatusTeapot, map[string]string{"by": "app"})
		}))
		api := echoerr.Group(e, "/api")
		api.Handle(echoerr.On(func(c echo.Context, err *BaseErr) error {
			got = append(got, "api *BaseErr")
			return err // pass on: the whole error goes on
		}))
		api.GET("/x", returning(fmt.Errorf("save: %w", &SubErr{Base: &BaseErr{What: "w"}})))
		assertJSON(t, serve(e, http.MethodGet, "/api/x"), 418, `{"by":"app"}`)
		assert.Equal(t, []string{"api *BaseErr", "app *SubErr"}, got)
	})

	t.Run("2, sibling namespaces keep their handlers for the same type", func(t *testing.T) {
		e := echo.New()
		e.HTTPErrorHandler = echoerr.New()
		a := echoerr.Group(e, "/a")
		b := echoerr.Group(e, "/b")
		a.Handle(echoerr.On(func(c echo.Context, err *E) error { return tag("a", 400)(c, err) }))
		b.Handle(echoerr.On(func(c echo.Context, err *E) error { return tag("b", 409)(c, err) }))
		a.GET("/x", returning(&E{}))
		b.GET("/x", returning(&E{}))
		assertJSON(t, serve(e, http.MethodGet, "/a/x"), 400, `{"by":"a"}`)
		assertJSON(t, serve(e, http.MethodGet, "/b/x"), 409, `{"by":"b"}`)
		assertJSON(t, serve(e, http.MethodGet, "/a/missing"), 404, `{"message":"Not Found"}`)
	})

	t.Run("3, nested namespace's 403 goes to the parent's handler", func(t *testing.T) {
		e := echo.New()
		e.HTTPErrorHandler = echoerr.New()
		p := echoerr.Group(e, "/p")
		c := p.Group("/c")
		p.Handle(echoerr.OnStatus(http.StatusForbidden, tag("p", 403)))
		c.GET("/x", returning(echo.ErrForbidden))
		assertJSON(t, serve(e, http.MethodGet, "/p/c/x"), 403, `{"by":"p"}`)
	})

	t.Run("4, typed handler gets the unwrapped value", func(t *testing.T) {
		var got *NotFoundErr
		e := echo.New()
		e.HTTPErrorHandler = echoerr.New(echoerr.On(func(c echo.Context, err *NotFoundErr) error {
			got = err
			return c.JSON(http.StatusNotFound, map[string]string{"id": err.ID})
		}))
		want := &NotFoundErr{ID: "42"}
		e.GET("/x", returning(fmt.Errorf("load: %w", want)))
		assertJSON(t, serve(e, http.MethodGet, "/x"), 404, `{"id":"42"}`)
		assert.Same(t, want, got)
	})

	t.Run("5, handler returning an HTTPError passes it on, no handler twice", func(t *testing.T) {
		calls := map[string]int{}
		e := echo.New()
		e.HTTPErrorHandler = echoerr.New(
			echoerr.On(func(c echo.Context, err *E) error {
				calls["E"]++
				return echo.NewHTTPError(http.StatusBadRequest, "bad")
			}),
			echoerr.CatchAll(func(c echo.Context, err error) error {
				calls["all"]++
				return err // pass on again: nothing is left, so the default answers
			}),
		)
		e.GET("/x", returning(&E{}))
		assertJSON(t, serve(e, http.MethodGet, "/x"), 400, `{"message":"bad"}`)
		assert.Equal(t, map[string]int{"E": 1, "all": 1}, calls)
	})

	t.Run("6, nothing registered", func(t *testing.T) {
		e := echo.New()
		e.HTTPErrorHandler = echoerr.New()
		e.GET("/x", returning(errors.New("x")))
		assertJSON(t, serve(e, http.MethodGet, "/x"), 500, `{"message":"Internal Server Error"}`)
	})

	t.Run("7, debug changes unhandled errors only", func(t *testing.T) {
		e := echo.New()
		e.Debug = true
		e.HTTPErrorHandler = echoerr.New(
			echoerr.On(func(c echo.Context, err *E) error { return nil }), // handled, writes nothing
			echoerr.DeclareError(errSentinel, echoerr.Entry{Status: 409, Message: "taken"}),
			echoerr.OnStatus(http.StatusTeapot, tag("teapot", 418)),
		)
		e.GET("/unhandled", returning(errors.New("boom")))
		e.GET("/handled-nil", returning(&E{N: 1}))
		e.GET("/declared", returning(errSentinel))
		e.GET("/handler", returning(coded{418, "x"}))
		assertJSON(t, serve(e, http.MethodGet, "/unhandled"), 500, `{"message":"Internal Server Error","error":"boom"}`)
		assertJSON(t, serve(e, http.MethodGet, "/handled-nil"), 500, `{"message":"Internal Server Error"}`)
		assertJSON(t, serve(e, http.MethodGet, "/declared"), 409, `{"message":"taken"}`)
		assertJSON(t, serve(e, http.MethodGet, "/handler"), 418, `{"by":"teapot"}`)
	})

	t.Run("8, HEAD on a route that fails with 409", func(t *testing.T) {
		e := echo.New()
		e.HTTPErrorHandler = echoerr.New()
		api := echoerr.Group(e, "/api")
		api.HEAD("/x", returning(echoerr.Abort(nil, http.StatusConflict, "taken", nil)))
		rec := serve(e, http.MethodHead, "/api/x")
		assert.Equal(t, http.StatusConflict, rec.Code)
		assert.Empty(t, rec.Body.String())
	})

	t.Run("9, wrapped HTTPError 404", func(t *testing.T) {
		e := echo.New()
		e.HTTPErrorHandler = echoerr.New()
		e.GET("/x", returning(fmt.Errorf("%w", echo.NewHTTPError(http.StatusNotFound))))
		assertJSON(t, serve(e, http.MethodGet, "/x"), 404, `{"message":"Not Found"}`)
	})

	t.Run("10, unknown path under a prefix reaches the namespace catch-all", func(t *testing.T) {
		e := echo.New()
		e.HTTPErrorHandler = echoerr.New()
		api := echoerr.Group(e, "/api")
		var got error
		api.ErrorHandler(func(c echo.Context, err error) error {
			got = err
			return c.JSON(http.StatusNotFound, map[string]string{"by": "api", "path": c.Request().URL.Path})
		})
		assertJSON(t, serve(e, http.MethodGet, "/api/missing"), 404, `{"by":"api","path":"/api/missing"}`)
		assert.ErrorIs(t, got, echo.ErrNotFound)
		assertJSON(t, serve(e, http.MethodGet, "/api"), 404, `{"by":"api","path":"/api"}`)
		assertJSON(t, serve(e, http.MethodGet, "/elsewhere"), 404, `{"message":"Not Found"}`)
	})

	t.Run("11, Abort bodies", func(t *testing.T) {
		e := echo.New()
		e.HTTPErrorHandler = echoerr.New()
		e.GET("/a", func(c echo.Context) error { return echoerr.Abort(c, http.StatusBadRequest, "", nil) })
		e.GET("/b", func(c echo.Context) error {
			return echoerr.Abort(c, http.StatusBadRequest, "My custom message", echoerr.Fields{"custom": "value"})
		})
		e.GET("/c", func(c echo.Context) error {
			return echoerr.Abort(c, http.StatusConflict, "conflict", echoerr.Fields{"message": "other"})
		})
		assertJSON(t, serve(e, http.MethodGet, "/a"), 400, `{"message":"Bad Request"}`)
		rec := serve(e, http.MethodGet, "/b")
		assertJSON(t, rec, 400, `{"message":"My custom message","custom":"value"}`)
		assert.Equal(t, `{"message":"My custom message","custom":"value"}`+"\n", rec.Body.String(), "message comes first")
		assertJSON(t, serve(e, http.MethodGet, "/c"), 409, `{"message":"conflict"}`)
	})
}

func TestAbort(t *testing.T) {
	t.Run("ok, resolved by a namespace status handler", func(t *testing.T) {
		e := echo.New()
		e.HTTPErrorHandler = echoerr.New()
		api := echoerr.Group(e, "/api")
		api.Handle(echoerr.OnStatus(http.StatusBadRequest, func(c echo.Context, err error) error {
			var ab *echoerr.AbortError
			require.ErrorAs(t, err, &ab)
			return c.JSON(http.StatusBadRequest, map[string]any{"by": "api", "field": ab.Fields["field"]})
		}))
		api.GET("/x", func(c echo.Context) error {
			return echoerr.Abort(c, http.StatusBadRequest, "msg", echoerr.Fields{"field": "name"})
		})
		assertJSON(t, serve(e, http.MethodGet, "/api/x"), 400, `{"by":"api","field":"name"}`)
	})
	t.Run("ok, typed handler for *AbortError", func(t *testing.T) {
		e := echo.New()
		e.HTTPErrorHandler = echoerr.New(echoerr.On(func(c echo.Context, err *echoerr.AbortError) error {
			return c.JSON(err.Code, map[string]string{"m": err.Message})
		}))
		e.GET("/x", func(c echo.Context) error { return echoerr.Abort(c, http.StatusGone, "gone", nil) })
		assertJSON(t, serve(e, http.MethodGet, "/x"), 410, `{"m":"gone"}`)
	})
	t.Run("ok, fields are copied", func(t *testing.T) {
		f := echoerr.Fields{"k": "before"}
		err := echoerr.Abort(nil, http.StatusBadRequest, "", f)
		f["k"] = "after"
		e := echo.New()
		e.HTTPErrorHandler = echoerr.New()
		e.GET("/x", returning(err))
		assertJSON(t, serve(e, http.MethodGet, "/x"), 400, `{"message":"Bad Request","k":"before"}`)
	})
	t.Run("ok, debug adds the error member", func(t *testing.T) {
		e := echo.New()
		e.Debug = true
		e.HTTPErrorHandler = echoerr.New()
		e.GET("/x", func(c echo.Context) error {
			return echoerr.Abort(c, http.StatusBadRequest, "m", echoerr.Fields{"error": "field"})
		})
		assertJSON(t, serve(e, http.MethodGet, "/x"), 400, `{"message":"m","error":"echoerr: abort 400: m"}`)
	})
	t.Run("nok, status outside 400-599 answers 500 and keeps message and fields", func(t *testing.T) {
		// As a 5xx Abort does, and as Flask-RESTX keeps abort's data.
		e := echo.New()
		e.HTTPErrorHandler = echoerr.New()
		e.GET("/x", func(c echo.Context) error { return echoerr.Abort(c, http.StatusOK, "fine", echoerr.Fields{"a": 1}) })
		e.GET("/y", func(c echo.Context) error { return echoerr.Abort(c, 1000, "", echoerr.Fields{"b": "x"}) })
		assertJSON(t, serve(e, http.MethodGet, "/x"), 500, `{"message":"fine","a":1}`)
		assertJSON(t, serve(e, http.MethodGet, "/y"), 500, `{"message":"Internal Server Error","b":"x"}`)
	})
	t.Run("nok, a field JSON cannot encode gives a well-formed 500", func(t *testing.T) {
		e := echo.New()
		e.HTTPErrorHandler = echoerr.New()
		e.GET("/x", func(c echo.Context) error {
			return echoerr.Abort(c, http.StatusBadRequest, "m", echoerr.Fields{"ch": make(chan int)})
		})
		assertJSON(t, serve(e, http.MethodGet, "/x"), 500, `{"message":"Internal Server Error"}`)
	})
	t.Run("ok, Error and StatusCode", func(t *testing.T) {
		err := echoerr.Abort(nil, http.StatusNotFound, "", nil)
		assert.Equal(t, "echoerr: abort 404: Not Found", err.Error())
		var sc interface{ StatusCode() int }
		require.ErrorAs(t, err, &sc)
		assert.Equal(t, 404, sc.StatusCode())
	})
}

func TestServedJSONIsWellFormed(t *testing.T) {
	// A message with characters JSON must escape still gives a valid body.
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New()
	e.GET("/x", func(c echo.Context) error {
		return echoerr.Abort(c, http.StatusBadRequest, "quote \" <tag> \xff", echoerr.Fields{"k\"": "v"})
	})
	rec := serve(e, http.MethodGet, "/x")
	var body map[string]any
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body))
	assert.Equal(t, "quote \" <tag> \ufffd", body["message"])
	assert.False(t, strings.Contains(rec.Body.String(), "<tag>"), "HTML is escaped as Echo's serializer does")
}
