package echoerr_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
	"weak"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/echoerr/echoerr"
)

// Error values broken the way real Go code breaks them.

// derefErr's methods dereference the receiver: a typed nil panics.
type derefErr struct {
	msg  string
	code int
}

func (e *derefErr) Error() string   { return e.msg }
func (e *derefErr) StatusCode() int { return e.code }

// check is the everyday shape: a helper that returns a typed nil.
func check(echo.Context) *echo.HTTPError { return nil }

// panicking has a method that panics, chosen by which.
type panicking struct{ which string }

func (p panicking) Error() string {
	if p.which == "Error" {
		panic("Error exploded: " + secret)
	}
	return "panicking " + p.which + " " + secret
}

type panicStatus struct{ panicking }

func (panicStatus) StatusCode() int { panic("StatusCode exploded") }

type panicPublic struct{ panicking }

func (panicPublic) PublicMessage() string { panic("PublicMessage exploded") }

type panicList struct{ panicking }

func (panicList) StatusCode() int                { return http.StatusUnprocessableEntity }
func (panicList) ErrorList() []echoerr.ErrorItem { panic("ErrorList exploded") }

type panicIs struct{ panicking }

func (panicIs) Is(error) bool { panic("Is exploded") }

type panicAs struct{ panicking }

func (panicAs) As(any) bool { panic("As exploded") }

type panicUnwrap struct{ panicking }

func (panicUnwrap) Unwrap() error { panic("Unwrap exploded") }

type panicUnwrapMany struct{ panicking }

func (panicUnwrapMany) Unwrap() []error { panic("Unwrap []error exploded") }

// panicMarshal is a field whose MarshalJSON panics.
type panicMarshal struct{}

func (panicMarshal) MarshalJSON() ([]byte, error) { panic("MarshalJSON exploded") }

// hardApp is an app whose every answer is logged to sink and reported to rep.
func hardApp(sink *logSink, rep *reports, rules ...echoerr.Rule) *echo.Echo {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{
		Rules:  rules,
		Logger: sink.logger(slog.LevelDebug),
		Report: rep.report,
	})
	return e
}

// assertOneAnswer checks what every broken value must get: the status, a
// well-formed JSON body without internal text, one answer line, one report
// for a 5xx.
func assertOneAnswer(t *testing.T, rec *httptest.ResponseRecorder, sink *logSink, rep *reports, status int) {
	t.Helper()
	assert.Equal(t, status, rec.Code, "body %s", rec.Body.String())
	assert.True(t, json.Valid(rec.Body.Bytes()), "body is JSON: %q", rec.Body.String())
	if status >= 500 {
		assert.NotContains(t, rec.Body.String(), secret)
	}
	assert.Len(t, sink.records(t, answered), 1, "one answer line; log:\n%s", sink.String())
	if status >= 500 {
		assert.Len(t, rep.list(), 1, "one report")
	}
}

func TestTypedNilErrors(t *testing.T) {
	var nilDeref *derefErr
	var nilHTTP *echo.HTTPError
	var nilAbort *echoerr.AbortError
	var nilErrors *echoerr.Errors
	var nilPanic *echoerr.PanicError
	cases := []struct {
		name string
		h    echo.HandlerFunc
	}{
		{"typed nil whose methods dereference", func(echo.Context) error { return nilDeref }},
		{"helper returning a nil *echo.HTTPError", func(c echo.Context) error {
			if err := check(c); true {
				return err // a non-nil error holding a nil pointer
			}
			return nil
		}},
		{"nil *echo.HTTPError", func(echo.Context) error { return nilHTTP }},
		{"nil *AbortError", func(echo.Context) error { return nilAbort }},
		{"nil *Errors", func(echo.Context) error { return nilErrors }},
		{"nil *PanicError", func(echo.Context) error { return nilPanic }},
		{"typed nil inside a Join", func(echo.Context) error { return errors.Join(errors.New(secret), nilDeref) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var sink logSink
			var rep reports
			e := hardApp(&sink, &rep)
			e.GET("/x", tc.h)
			rec := serve(e, http.MethodGet, "/x")
			assertOneAnswer(t, rec, &sink, &rep, http.StatusInternalServerError)
			assert.JSONEq(t, `{"message":"Internal Server Error"}`, rec.Body.String())
		})
	}
	t.Run("a typed rule still receives the typed nil", func(t *testing.T) {
		var sink logSink
		var rep reports
		e := hardApp(&sink, &rep, echoerr.On(func(c echo.Context, err *derefErr) error {
			return c.JSON(http.StatusTeapot, map[string]bool{"nil": err == nil})
		}))
		e.GET("/x", func(echo.Context) error { return nilDeref })
		rec := serve(e, http.MethodGet, "/x")
		assert.Equal(t, http.StatusTeapot, rec.Code)
		assert.JSONEq(t, `{"nil":true}`, rec.Body.String())
		assert.Len(t, sink.records(t, answered), 1)
	})
}

func TestPanickingMethods(t *testing.T) {
	errs := map[string]error{
		"Error":               panicking{"Error"},
		"StatusCode":          panicStatus{},
		"PublicMessage":       panicPublic{},
		"ErrorList":           panicList{},
		"Is":                  panicIs{},
		"As":                  panicAs{},
		"Unwrap":              panicUnwrap{},
		"Unwrap []error":      panicUnwrapMany{},
		"Error inside a wrap": errors.Join(panicking{"Error"}),
	}
	// Rules that make echoerr call Is and As: a sentinel and typed rules.
	rules := func() []echoerr.Rule {
		return []echoerr.Rule{
			echoerr.DeclareError(errSentinel, echoerr.Entry{Status: http.StatusConflict}),
			echoerr.Declare[*NotFoundErr](echoerr.Entry{Status: http.StatusNotFound}),
			echoerr.Declare[interface{ Timeout() bool }](echoerr.Entry{Status: http.StatusGatewayTimeout}),
		}
	}
	status := func(name string) int {
		if name == "ErrorList" {
			return http.StatusUnprocessableEntity // StatusCode works; the list is left out
		}
		return http.StatusInternalServerError
	}
	for name, err := range errs {
		t.Run(name+", returned", func(t *testing.T) {
			var sink logSink
			var rep reports
			e := hardApp(&sink, &rep, rules()...)
			e.GET("/x", returning(err))
			assertOneAnswer(t, serve(e, http.MethodGet, "/x"), &sink, &rep, status(name))
		})
		t.Run(name+", passed on by a handler", func(t *testing.T) {
			var sink logSink
			var rep reports
			e := hardApp(&sink, &rep, append(rules(),
				echoerr.OnError(io.EOF, func(c echo.Context, _ error) error { return err }))...)
			e.GET("/x", returning(io.EOF))
			assertOneAnswer(t, serve(e, http.MethodGet, "/x"), &sink, &rep, status(name))
		})
		t.Run(name+", after the response was committed", func(t *testing.T) {
			var sink logSink
			var rep reports
			e := hardApp(&sink, &rep, rules()...)
			e.GET("/x", func(c echo.Context) error {
				_ = c.String(http.StatusOK, "partial")
				return err
			})
			rec := serve(e, http.MethodGet, "/x")
			assert.Equal(t, http.StatusOK, rec.Code)
			assert.Equal(t, "partial", rec.Body.String())
			lines := sink.records(t, answered)
			require.Len(t, lines, 1)
			assert.Equal(t, true, lines[0]["committed"])
		})
		t.Run(name+", in debug mode", func(t *testing.T) {
			var sink logSink
			var rep reports
			e := hardApp(&sink, &rep, rules()...)
			e.Debug = true
			e.GET("/x", returning(err))
			rec := serve(e, http.MethodGet, "/x")
			assert.Equal(t, status(name), rec.Code)
			assert.True(t, json.Valid(rec.Body.Bytes()), rec.Body.String())
			assert.Len(t, sink.records(t, answered), 1)
		})
	}
	t.Run("an Error method that panics is named in the log", func(t *testing.T) {
		var sink logSink
		var rep reports
		e := hardApp(&sink, &rep)
		e.GET("/x", returning(panicking{"Error"}))
		serve(e, http.MethodGet, "/x")
		lines := sink.records(t, answered)
		require.Len(t, lines, 1)
		assert.Contains(t, lines[0]["error"], "PANIC=Error method: Error exploded")
	})
	t.Run("a field whose MarshalJSON panics", func(t *testing.T) {
		for _, accept := range []string{"", "application/problem+json"} {
			var sink logSink
			var rep reports
			e := hardApp(&sink, &rep)
			e.GET("/x", func(c echo.Context) error {
				return echoerr.Abort(c, http.StatusBadRequest, "bad", echoerr.Fields{"f": panicMarshal{}})
			})
			rec := request(e, http.MethodGet, "/x", echo.HeaderAccept, accept)
			assertOneAnswer(t, rec, &sink, &rep, http.StatusInternalServerError)
			assert.Len(t, sink.records(t, "echoerr: cannot encode the error response; answering 500"), 1)
		}
	})
	t.Run("an HTTPError message whose MarshalJSON panics", func(t *testing.T) {
		var sink logSink
		var rep reports
		e := hardApp(&sink, &rep)
		e.GET("/x", returning(echo.NewHTTPError(http.StatusBadRequest, panicMarshal{})))
		assertOneAnswer(t, serve(e, http.MethodGet, "/x"), &sink, &rep, http.StatusInternalServerError)
	})
	t.Run("a declared field whose MarshalJSON panics fails at setup", func(t *testing.T) {
		assert.PanicsWithValue(t, "echoerr: Declare: member f: json: MarshalJSON panicked: MarshalJSON exploded", func() {
			echoerr.Declare[*E](echoerr.Entry{Status: 400, Fields: echoerr.Fields{"f": panicMarshal{}}})
		})
	})
}

func TestPanickingHooks(t *testing.T) {
	t.Run("ReportIf that panics", func(t *testing.T) {
		var sink logSink
		reported := 0
		e := echo.New()
		e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{
			Logger:   sink.logger(slog.LevelDebug),
			Report:   func(echo.Context, echoerr.Event) { reported++ },
			ReportIf: func(echoerr.Event) bool { panic("ReportIf exploded") },
		})
		e.GET("/x", returning(errors.New(secret)))
		rec := serve(e, http.MethodGet, "/x")
		assertJSON(t, rec, http.StatusInternalServerError, `{"message":"Internal Server Error"}`)
		assert.Len(t, sink.records(t, answered), 1)
		assert.Len(t, sink.records(t, "echoerr: Report or ReportIf panicked"), 1)
		assert.Zero(t, reported)
	})
	t.Run("a Logger whose handler panics", func(t *testing.T) {
		e := echo.New()
		e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Logger: slog.New(panickingHandler{})})
		e.GET("/x", returning(errors.New(secret)))
		assertJSON(t, serve(e, http.MethodGet, "/x"), http.StatusInternalServerError, `{"message":"Internal Server Error"}`)
	})
}

// panickingHandler is a slog.Handler that panics on every record.
type panickingHandler struct{}

func (panickingHandler) Enabled(context.Context, slog.Level) bool  { return true }
func (panickingHandler) Handle(context.Context, slog.Record) error { panic("log handler exploded") }
func (h panickingHandler) WithAttrs([]slog.Attr) slog.Handler      { return h }
func (h panickingHandler) WithGroup(string) slog.Handler           { return h }

// A Before hook of user middleware that panics while echoerr writes the
// answer: recovered, logged, answered, and the server keeps serving.
func TestBeforeHookThatPanics(t *testing.T) {
	var sink logSink
	var rep reports
	e := hardApp(&sink, &rep)
	e.Use(func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if c.Request().Header.Get("X-Hook") != "" {
				c.Response().Before(func() { panic("hook exploded") })
			}
			return next(c)
		}
	})
	e.GET("/x", returning(echo.NewHTTPError(http.StatusConflict, "taken")))
	e.GET("/ok", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })

	req := httptest.NewRequest(http.MethodGet, "/x", nil)
	req.Header.Set("X-Hook", "1")
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	assertOneAnswer(t, rec, &sink, &rep, http.StatusInternalServerError)
	assert.Len(t, sink.records(t, "echoerr: panic while writing an error answer; answering 500"), 1)

	srv := httptest.NewServer(e)
	defer srv.Close()
	for i := 0; i < 3; i++ {
		r, err := http.NewRequest(http.MethodGet, srv.URL+"/x", nil)
		require.NoError(t, err)
		r.Header.Set("X-Hook", "1")
		res, err := http.DefaultClient.Do(r)
		require.NoError(t, err, "the server answers")
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		assert.Equal(t, http.StatusInternalServerError, res.StatusCode)
		assert.JSONEq(t, `{"message":"Internal Server Error"}`, string(body))
	}
	res, err := http.Get(srv.URL + "/ok")
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode, "still serving")
}

// A rule handler that calls c.Error itself: no recursion, one answer, one
// line; the error is resolved as if the handler had returned it.
func TestReentrantCError(t *testing.T) {
	t.Run("passing on through c.Error", func(t *testing.T) {
		var sink logSink
		var rep reports
		e := hardApp(&sink, &rep, echoerr.Declare[*E](echoerr.Entry{Status: http.StatusConflict, Message: "app"}))
		api := echoerr.Group(e, "/api")
		calls := 0
		api.Handle(echoerr.On(func(c echo.Context, err *E) error {
			calls++
			c.Error(fmt.Errorf("namespace saw it: %w", err))
			return nil
		}))
		api.GET("/x", returning(&E{N: 1}))
		rec := serve(e, http.MethodGet, "/api/x")
		assertJSON(t, rec, http.StatusConflict, `{"message":"app"}`)
		assert.Equal(t, 1, calls)
		lines := sink.records(t, answered)
		require.Len(t, lines, 1)
		assert.Equal(t, "type *echoerr_test.E", lines[0]["rule"])
		assert.Equal(t, "app", lines[0]["rule_level"])
		assert.Equal(t, "namespace saw it: e1", lines[0]["error"])
	})
	t.Run("the same error given back, every handler doing it", func(t *testing.T) {
		var sink logSink
		var rep reports
		calls := 0
		again := func(c echo.Context, err error) error { calls++; c.Error(err); return nil }
		e := hardApp(&sink, &rep, echoerr.CatchAll(again), echoerr.OnStatus(500, again))
		api := echoerr.Group(e, "/api")
		api.ErrorHandler(again)
		api.Handle(echoerr.On(func(c echo.Context, err *E) error { calls++; c.Error(err); return nil }))
		api.GET("/x", returning(fmt.Errorf("w: %w", &E{N: 2})))
		rec := serve(e, http.MethodGet, "/api/x")
		assertOneAnswer(t, rec, &sink, &rep, http.StatusInternalServerError)
		assert.Equal(t, 4, calls, "each handler ran once")
		lines := sink.records(t, answered)
		require.Len(t, lines, 1)
		assert.Equal(t, "default", lines[0]["rule"])
	})
	t.Run("c.Error then writing", func(t *testing.T) {
		var sink logSink
		var rep reports
		e := hardApp(&sink, &rep, echoerr.On(func(c echo.Context, err *E) error {
			c.Error(echo.NewHTTPError(http.StatusGone, "gone"))
			c.Error(errors.New("a second call is ignored"))
			return nil
		}))
		e.GET("/x", returning(&E{N: 3}))
		rec := serve(e, http.MethodGet, "/x")
		assertJSON(t, rec, http.StatusGone, `{"message":"gone"}`)
		assert.Len(t, sink.records(t, answered), 1)
	})
	t.Run("under real HTTP the process survives", func(t *testing.T) {
		var sink logSink
		var rep reports
		e := hardApp(&sink, &rep, echoerr.CatchAll(func(c echo.Context, err error) error {
			c.Error(err)
			return nil
		}))
		e.GET("/x", returning(errors.New(secret)))
		srv := httptest.NewServer(e)
		defer srv.Close()
		res, err := http.Get(srv.URL + "/x")
		require.NoError(t, err)
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		assert.Equal(t, http.StatusInternalServerError, res.StatusCode)
		assert.JSONEq(t, `{"message":"Internal Server Error"}`, string(body))
	})
}

// fieldErrs is shaped like go-playground/validator's ValidationErrors: a
// slice type, which == cannot compare.
type fieldErrs []string

func (f fieldErrs) Error() string { return "invalid: " + strings.Join(f, ",") }

// detailErr is comparable as a type, but == panics when detail holds a
// slice or a map.
type detailErr struct{ detail any }

func (d detailErr) Error() string { return fmt.Sprint("detail ", d.detail) }

func TestUncomparableErrors(t *testing.T) {
	t.Run("a typed handler that returns the slice it received passes on the whole error", func(t *testing.T) {
		var sink logSink
		var rep reports
		e := hardApp(&sink, &rep,
			echoerr.On(func(c echo.Context, err fieldErrs) error { return err }),
			echoerr.CatchAll(func(c echo.Context, err error) error {
				return c.JSON(http.StatusBadRequest, map[string]string{"got": err.Error()})
			}))
		e.GET("/x", returning(fmt.Errorf("bind: %w", fieldErrs{"name", "email"})))
		rec := serve(e, http.MethodGet, "/x")
		assertJSON(t, rec, http.StatusBadRequest, `{"got":"bind: invalid: name,email"}`)
	})
	t.Run("a struct whose interface field holds a map, returned as received", func(t *testing.T) {
		var sink logSink
		var rep reports
		e := hardApp(&sink, &rep,
			echoerr.On(func(c echo.Context, err detailErr) error { return err }),
			echoerr.CatchAll(func(c echo.Context, err error) error {
				return c.JSON(http.StatusBadRequest, map[string]string{"got": fmt.Sprintf("%T", err)})
			}))
		e.GET("/x", returning(fmt.Errorf("w: %w", detailErr{map[string]int{"a": 1}})))
		assertJSON(t, serve(e, http.MethodGet, "/x"), http.StatusBadRequest, `{"got":"*fmt.wrapError"}`)
	})
	for _, n := range []int{1, 8, 9, 40} {
		t.Run(fmt.Sprintf("sentinel lookup with %d sentinels", n), func(t *testing.T) {
			var rules []echoerr.Rule
			for i := 0; i < n-1; i++ {
				rules = append(rules, echoerr.DeclareError(detailErr{i}, echoerr.Entry{Status: 400 + i%100}))
			}
			rules = append(rules,
				echoerr.DeclareError(detailErr{"x"}, echoerr.Entry{Status: http.StatusConflict, Message: "x"}),
				// A target == cannot compare registers, and never matches by ==
				// (errors.Is would panic comparing it to itself).
				echoerr.DeclareError(detailErr{[]int{1}}, echoerr.Entry{Status: http.StatusTeapot}),
			)
			var sink logSink
			var rep reports
			e := hardApp(&sink, &rep, rules...)
			e.GET("/slice", returning(fmt.Errorf("w: %w", detailErr{[]int{1}})))
			e.GET("/map", returning(detailErr{map[string]int{}}))
			e.GET("/x", returning(fmt.Errorf("w: %w", detailErr{"x"})))
			e.GET("/validator", returning(fieldErrs{"a"}))
			assertJSON(t, serve(e, http.MethodGet, "/slice"), http.StatusInternalServerError, `{"message":"Internal Server Error"}`)
			assertJSON(t, serve(e, http.MethodGet, "/map"), http.StatusInternalServerError, `{"message":"Internal Server Error"}`)
			assertJSON(t, serve(e, http.MethodGet, "/x"), http.StatusConflict, `{"message":"x"}`)
			assertJSON(t, serve(e, http.MethodGet, "/validator"), http.StatusInternalServerError, `{"message":"Internal Server Error"}`)
			// errors.Is agrees where it does not panic.
			assert.True(t, errors.Is(fmt.Errorf("w: %w", detailErr{"x"}), detailErr{"x"}))
			assert.False(t, errors.Is(detailErr{map[string]int{}}, detailErr{"x"}))
		})
	}
}

// secretMarshaler is an error that also marshals itself, showing internals.
type secretMarshaler struct{}

func (secretMarshaler) Error() string { return "db: " + secret }
func (secretMarshaler) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]string{"dsn": secret})
}

type secretStringer struct{}

func (secretStringer) String() string { return secret }

func TestNoInternalTextInA5xxBody(t *testing.T) {
	messages := map[string]any{
		"error that marshals itself": secretMarshaler{},
		"Stringer":                   secretStringer{},
		"struct":                     struct{ DSN string }{secret},
		"map":                        map[string]string{"dsn": secret},
		"error":                      errors.New(secret),
	}
	for name, m := range messages {
		for _, accept := range []string{"", "application/problem+json", "text/html"} {
			t.Run(name+" "+accept, func(t *testing.T) {
				e := echo.New()
				e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{
					Logger: slog.New(slog.DiscardHandler), Format: echoerr.Format{HTML: true},
				})
				e.GET("/x", returning(echo.NewHTTPError(http.StatusInternalServerError, m)))
				e.GET("/w", returning(fmt.Errorf("w: %w", echo.NewHTTPError(http.StatusServiceUnavailable, m))))
				for _, p := range []string{"/x", "/w"} {
					rec := request(e, http.MethodGet, p, echo.HeaderAccept, accept)
					assert.GreaterOrEqual(t, rec.Code, 500)
					assert.NotContains(t, rec.Body.String(), secret)
					assert.Contains(t, rec.Body.String(), http.StatusText(rec.Code))
				}
				e.Debug = true
				rec := request(e, http.MethodGet, "/x", echo.HeaderAccept, accept)
				assert.Equal(t, 500, rec.Code, "debug mode may show it")
			})
		}
	}
	t.Run("a 4xx message keeps Echo's behaviour", func(t *testing.T) {
		e := echo.New()
		e.HTTPErrorHandler = echoerr.New()
		e.GET("/m", returning(echo.NewHTTPError(http.StatusBadRequest, map[string]string{"field": "name"})))
		e.GET("/e", returning(echo.NewHTTPError(http.StatusBadRequest, errors.New("name is required"))))
		assertJSON(t, serve(e, http.MethodGet, "/m"), 400, `{"field":"name"}`)
		assertJSON(t, serve(e, http.MethodGet, "/e"), 400, `{"message":"name is required"}`)
	})
}

func TestNamespacePrefixWithASlash(t *testing.T) {
	for _, prefix := range []string{"/api", "/api/"} {
		t.Run(prefix, func(t *testing.T) {
			e := echo.New()
			e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Logger: slog.New(slog.DiscardHandler)})
			api := echoerr.Group(e, prefix)
			api.ErrorHandler(tag("api", http.StatusTeapot))
			api.GET("/users", func(c echo.Context) error { return c.String(http.StatusOK, "users") })
			e.GET("/other", func(c echo.Context) error { return c.String(http.StatusOK, "other") })
			for _, p := range []string{"/api", "/api/", "/api/nope", "/api/a/b/c"} {
				assertJSON(t, serve(e, http.MethodGet, p), http.StatusTeapot, `{"by":"api"}`)
			}
			assertJSON(t, serve(e, http.MethodGet, "/apix"), http.StatusNotFound, `{"message":"Not Found"}`)
			assertJSON(t, serve(e, http.MethodGet, "/nope"), http.StatusNotFound, `{"message":"Not Found"}`)
		})
	}
	for _, prefix := range []string{"", "/"} {
		t.Run("root "+prefix, func(t *testing.T) {
			e := echo.New()
			e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Logger: slog.New(slog.DiscardHandler)})
			root := echoerr.Group(e, prefix)
			root.ErrorHandler(tag("root", http.StatusTeapot))
			root.GET("/users", func(c echo.Context) error { return c.String(http.StatusOK, "users") })
			for _, p := range []string{"/", "/nope", "/a/b/c"} {
				assertJSON(t, serve(e, http.MethodGet, p), http.StatusTeapot, `{"by":"root"}`)
			}
		})
	}
}

// A handler that set headers describing the body it meant to send, then
// failed: the client reads the error answer.
func TestHeadersOfTheFailedBodyAreDropped(t *testing.T) {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Logger: slog.New(slog.DiscardHandler)})
	e.GET("/download", func(c echo.Context) error {
		h := c.Response().Header()
		h.Set(echo.HeaderContentLength, "100000")
		h.Set(echo.HeaderContentEncoding, "br")
		h.Set(echo.HeaderContentDisposition, `attachment; filename="report.csv"`)
		h.Set("Content-Range", "bytes 0-99999/200000")
		h.Set("ETag", `"abc"`)
		h.Set(echo.HeaderLastModified, "Mon, 02 Jan 2006 15:04:05 GMT")
		h.Set("X-Custom", "kept")
		return fmt.Errorf("render report: %w", errors.New(secret))
	})
	srv := httptest.NewServer(e)
	defer srv.Close()
	res, err := http.Get(srv.URL + "/download")
	require.NoError(t, err)
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	require.NoError(t, err, "the body is readable")
	assert.Equal(t, http.StatusInternalServerError, res.StatusCode)
	assert.JSONEq(t, `{"message":"Internal Server Error"}`, string(body))
	for _, h := range []string{echo.HeaderContentEncoding, echo.HeaderContentDisposition, "Content-Range", "ETag", echo.HeaderLastModified} {
		assert.Empty(t, res.Header.Get(h), h)
	}
	assert.Equal(t, int64(len(body)), res.ContentLength)
	assert.Equal(t, "kept", res.Header.Get("X-Custom"))

	t.Run("gzip outside: the answer is plain and readable", func(t *testing.T) {
		e := echo.New()
		e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Logger: slog.New(slog.DiscardHandler)})
		e.Use(middleware.Gzip())
		e.GET("/x", returning(echo.NewHTTPError(http.StatusConflict, "taken")))
		srv := httptest.NewServer(e)
		defer srv.Close()
		res, err := http.Get(srv.URL + "/x") // the transport asks for gzip
		require.NoError(t, err)
		body, err := io.ReadAll(res.Body)
		res.Body.Close()
		require.NoError(t, err)
		assert.Equal(t, http.StatusConflict, res.StatusCode)
		assert.JSONEq(t, `{"message":"taken"}`, string(body))
	})
	t.Run("gzip around Respond: the answer is compressed and says so", func(t *testing.T) {
		e := echo.New()
		e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Logger: slog.New(slog.DiscardHandler)})
		e.Use(middleware.GzipWithConfig(middleware.GzipConfig{MinLength: 1}))
		e.Use(echoerr.Respond())
		e.GET("/x", func(c echo.Context) error {
			c.Response().Header().Set(echo.HeaderContentEncoding, "identity")
			return echo.NewHTTPError(http.StatusConflict, "taken")
		})
		srv := httptest.NewServer(e)
		defer srv.Close()
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/x", nil)
		req.Header.Set(echo.HeaderAcceptEncoding, "gzip") // set by hand: the transport leaves it compressed
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		assert.Equal(t, http.StatusConflict, res.StatusCode)
		assert.Equal(t, "gzip", res.Header.Get(echo.HeaderContentEncoding))
		zr, err := gzip.NewReader(res.Body)
		require.NoError(t, err)
		body, err := io.ReadAll(zr)
		require.NoError(t, err)
		assert.JSONEq(t, `{"message":"taken"}`, string(body))
	})
}

// A handler that hijacked the connection and then returned an error: echoerr
// writes nothing and logs once; net/http has nothing to complain about.
func TestHijackedConnection(t *testing.T) {
	var sink logSink
	var rep reports
	e := hardApp(&sink, &rep)
	e.GET("/ws", func(c echo.Context) error {
		conn, rw, err := c.Response().Hijack()
		if err != nil {
			return err
		}
		_, _ = rw.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\nhello")
		_ = rw.Flush()
		conn.Close()
		return errors.New("websocket: read: connection closed")
	})
	var serverLog bytes.Buffer
	srv := httptest.NewUnstartedServer(e)
	srv.Config.ErrorLog = log.New(&serverLog, "", 0)
	srv.Start()
	defer srv.Close()

	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	require.NoError(t, err)
	defer conn.Close()
	_, err = io.WriteString(conn, "GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: test\r\n\r\n")
	require.NoError(t, err)
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(5*time.Second)))
	got, err := io.ReadAll(bufio.NewReader(conn))
	require.NoError(t, err)
	assert.Equal(t, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\nhello", string(got),
		"only what the handler wrote")
	require.Eventually(t, func() bool { return len(sink.records(t, answered)) == 1 }, 5*time.Second, 10*time.Millisecond)
	line := sink.records(t, answered)[0]
	assert.Equal(t, true, line["hijacked"])
	assert.Equal(t, "none", line["rule"])
	time.Sleep(50 * time.Millisecond)
	assert.Empty(t, serverLog.String(), "net/http logged nothing")
	require.Len(t, rep.list(), 1)
	assert.True(t, rep.list()[0].Hijacked)
}

func TestVaryAccept(t *testing.T) {
	newApp := func(f echoerr.Format, mw echo.MiddlewareFunc) *echo.Echo {
		e := echo.New()
		e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Logger: slog.New(slog.DiscardHandler), Format: f,
			Rules: []echoerr.Rule{echoerr.Declare[*E](echoerr.Entry{Status: http.StatusConflict})}})
		if mw != nil {
			e.Use(mw)
		}
		e.GET("/x", returning(errors.New("x")))
		e.GET("/declared", returning(&E{}))
		return e
	}
	setVary := func(v ...string) echo.MiddlewareFunc {
		return func(next echo.HandlerFunc) echo.HandlerFunc {
			return func(c echo.Context) error {
				for _, s := range v {
					c.Response().Header().Add(echo.HeaderVary, s)
				}
				return next(c)
			}
		}
	}
	for _, p := range []string{"/x", "/declared", "/nope"} {
		rec := serve(newApp(echoerr.Format{}, nil), http.MethodGet, p)
		assert.Equal(t, []string{"Accept"}, rec.Header().Values(echo.HeaderVary), p)
	}
	rec := serve(newApp(echoerr.Format{}, setVary("Origin")), http.MethodGet, "/x")
	assert.Equal(t, []string{"Origin", "Accept"}, rec.Header().Values(echo.HeaderVary))
	rec = serve(newApp(echoerr.Format{}, setVary("Origin, accept")), http.MethodGet, "/x")
	assert.Equal(t, []string{"Origin, accept"}, rec.Header().Values(echo.HeaderVary), "no duplicate")
	rec = serve(newApp(echoerr.Format{}, middleware.Gzip()), http.MethodGet, "/x")
	assert.Equal(t, []string{"Accept-Encoding", "Accept"}, rec.Header().Values(echo.HeaderVary))
	rec = serve(newApp(echoerr.Format{NoNegotiation: true}, nil), http.MethodGet, "/x")
	assert.Empty(t, rec.Header().Values(echo.HeaderVary), "no negotiation, no Vary")
	rec = serve(newApp(echoerr.Format{NoNegotiation: true}, setVary("Origin")), http.MethodGet, "/x")
	assert.Equal(t, []string{"Origin"}, rec.Header().Values(echo.HeaderVary))
}

func TestHTMLPageIsValidUTF8(t *testing.T) {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Logger: slog.New(slog.DiscardHandler), Format: echoerr.Format{HTML: true}})
	e.Debug = true
	e.GET("/abort", func(c echo.Context) error {
		return echoerr.Abort(c, http.StatusBadRequest, "bad \xff\xfe byte \xc3", nil)
	})
	e.GET("/list", returning(echoerr.NewErrors(422).Add("\xff", "x \xc3(", nil)))
	e.GET("/debug", returning(errors.New("raw \xff\xfe")))
	for _, p := range []string{"/abort", "/list", "/debug"} {
		rec := request(e, http.MethodGet, p, echo.HeaderAccept, "text/html")
		assert.Equal(t, "text/html; charset=UTF-8", rec.Header().Get(echo.HeaderContentType), p)
		assert.True(t, utf8.Valid(rec.Body.Bytes()), "%s: %q", p, rec.Body.String())
		assert.Contains(t, rec.Body.String(), "\uFFFD", p)
	}
}

// Dropped Echo instances are collected even when rule closures refer to
// them, and also when they share one error handler.
func TestDroppedEchoIsCollected(t *testing.T) {
	shared := echoerr.NewWithConfig(echoerr.Config{Logger: slog.New(slog.DiscardHandler)})
	var ptrs []weak.Pointer[echo.Echo]
	for i := 0; i < 30; i++ {
		e := echo.New()
		if i%2 == 0 {
			e.HTTPErrorHandler = shared
		} else {
			e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Logger: slog.New(slog.DiscardHandler),
				Rules: []echoerr.Rule{echoerr.CatchAll(func(c echo.Context, err error) error {
					e.Logger.Debug("app saw ", err) // the closure refers to e
					return err
				})}})
		}
		api := echoerr.Group(e, "/api")
		api.ErrorHandler(func(c echo.Context, err error) error {
			e.Logger.Debug("namespace saw ", err) // the closure refers to e
			return c.NoContent(http.StatusTeapot)
		})
		api.GET("/x", returning(errors.New("x")))
		require.Equal(t, http.StatusTeapot, serve(e, http.MethodGet, "/api/x").Code)
		require.Equal(t, http.StatusTeapot, serve(e, http.MethodGet, "/api/nope").Code)
		ptrs = append(ptrs, weak.Make(e))
	}
	assert.Eventually(t, func() bool {
		runtime.GC()
		for _, p := range ptrs {
			if p.Value() != nil {
				return false
			}
		}
		return true
	}, 10*time.Second, 20*time.Millisecond, "every dropped Echo is collected")
	runtime.KeepAlive(shared)
}

// An OnAddRouteHandler set after the namespace was made replaces the user's
// earlier one, as in Echo, and echoerr's hook is chained back in front of it:
// the namespace's routes survive a collection.
func TestOnAddRouteHandlerOfTheUser(t *testing.T) {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Logger: slog.New(slog.DiscardHandler)})
	var before, after []string
	e.OnAddRouteHandler = func(host string, r echo.Route, _ echo.HandlerFunc, _ []echo.MiddlewareFunc) {
		before = append(before, r.Method+" "+r.Path)
	}
	api := echoerr.Group(e, "/api")
	api.GET("/first", returning(errors.New("first")))
	e.OnAddRouteHandler = func(host string, r echo.Route, _ echo.HandlerFunc, _ []echo.MiddlewareFunc) {
		after = append(after, r.Method+" "+r.Path)
	}
	api.ErrorHandler(tag("api", http.StatusTeapot))
	api.GET("/x", returning(errors.New("x")))
	e.GET("/y", returning(errors.New("y")))
	runtime.GC()
	runtime.GC()
	assertJSON(t, serve(e, http.MethodGet, "/api/x"), http.StatusTeapot, `{"by":"api"}`)
	assert.Equal(t, []string{"GET /api/first"}, before, "chained until replaced")
	assert.Contains(t, after, "GET /api/x")
	assert.Contains(t, after, "GET /y")
}

// cycle's Unwrap returns itself; pair's children are itself, twice.
type cycle struct{}

func (*cycle) Error() string   { return "cycle" }
func (c *cycle) Unwrap() error { return c }

type pair struct{}

func (*pair) Error() string     { return "pair" }
func (p *pair) Unwrap() []error { return []error{p, p} }

func TestTreeWalksAreBounded(t *testing.T) {
	var sink logSink
	var rep reports
	e := hardApp(&sink, &rep,
		echoerr.Declare[*NotFoundErr](echoerr.Entry{Status: 404}),
		echoerr.DeclareError(errSentinel, echoerr.Entry{Status: 409}),
		echoerr.Declare[interface{ Timeout() bool }](echoerr.Entry{Status: 504}),
		echoerr.OnStatus(http.StatusBadRequest, tag("400", http.StatusBadRequest)),
	)
	api := echoerr.Group(e, "/api")
	api.Handle(echoerr.Declare[*E](echoerr.Entry{Status: 409}))
	api.GET("/cycle", returning(fmt.Errorf("w: %w", &cycle{})))
	api.GET("/pair", returning(&pair{}))
	kids := make([]error, 10000)
	for i := range kids {
		kids[i] = fmt.Errorf("child %d: %w", i, errors.New(secret))
	}
	api.GET("/join", returning(errors.Join(kids...)))
	for _, p := range []string{"/api/cycle", "/api/pair", "/api/join"} {
		t.Run(p, func(t *testing.T) {
			sink.buf.Reset()
			rep.events = nil
			done := make(chan *httptest.ResponseRecorder)
			go func() { done <- serve(e, http.MethodGet, p) }()
			select {
			case rec := <-done:
				assertOneAnswer(t, rec, &sink, &rep, http.StatusInternalServerError)
				line := sink.records(t, answered)[0]
				assert.Less(t, len(line["error_chain"].(string)), 1200, "error_chain stays small")
				assert.LessOrEqual(t, len(line["error"].(string)), 8<<10+32, "error stays bounded")
			case <-time.After(10 * time.Second):
				t.Fatal("the walk did not end")
			}
		})
	}
}

func TestRequestIDIsCapped(t *testing.T) {
	var sink logSink
	var rep reports
	e := hardApp(&sink, &rep)
	e.GET("/x", returning(echo.ErrBadRequest))
	req := httptest.NewRequest(http.MethodGet, "/x", nil)
	req.Header.Set(echo.HeaderXRequestID, strings.Repeat("é", 5000))
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	require.Equal(t, http.StatusBadRequest, rec.Code)
	id := sink.records(t, answered)[0]["request_id"].(string)
	assert.LessOrEqual(t, len(id), 160)
	assert.True(t, utf8.ValidString(id))
	assert.True(t, strings.HasPrefix(id, "éé"))
}

// reentrantRenderer calls c.Error from inside Render, then fails.
type reentrantRenderer struct{ calls *int }

func (r reentrantRenderer) Render(_ io.Writer, _ string, _ any, c echo.Context) error {
	*r.calls++
	c.Error(errors.New("renderer wants the central handler"))
	return errors.New("no template")
}

// A Renderer that calls c.Error while echoerr writes the page: the answer
// under way stands, written once.
func TestRendererThatCallsCError(t *testing.T) {
	var sink logSink
	e := echo.New()
	calls := 0
	e.Renderer = reentrantRenderer{&calls}
	e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{
		Logger: sink.logger(slog.LevelDebug),
		Format: echoerr.Format{HTML: true, HTMLTemplate: "error.html"},
	})
	e.GET("/x", returning(echo.NewHTTPError(http.StatusConflict, "taken")))
	rec := request(e, http.MethodGet, "/x", echo.HeaderAccept, "text/html")
	assert.Equal(t, http.StatusConflict, rec.Code)
	assert.Equal(t, 1, strings.Count(rec.Body.String(), "<!DOCTYPE html>"), rec.Body.String())
	assert.Contains(t, rec.Body.String(), "taken")
	assert.Equal(t, 1, calls)
	assert.Len(t, sink.records(t, answered), 1)
}
