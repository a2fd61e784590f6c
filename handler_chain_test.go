package echoerr_test

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/echoerr/echoerr"
)

// isErr matches errSentinel through an Is method, not by identity.
type isErr struct{}

func (isErr) Error() string        { return "is" }
func (isErr) Is(target error) bool { return target == errSentinel }
func (isErr) StatusCode() int      { return http.StatusTeapot }

// asErr claims to be a *NotFoundErr through an As method.
type asErr struct{ id string }

func (e asErr) Error() string { return "as " + e.id }
func (e asErr) As(target any) bool {
	if p, ok := target.(**NotFoundErr); ok {
		*p = &NotFoundErr{ID: e.id}
		return true
	}
	return false
}

func TestResolutionWithinALevel(t *testing.T) {
	onE := echoerr.On(func(c echo.Context, err *E) error { return tag("type", 400)(c, err) })
	onTemp := echoerr.On(func(c echo.Context, err temporary) error { return tag("iface", 400)(c, nil) })
	onSent := echoerr.OnError(errSentinel, tag("sentinel", 400))
	on400 := echoerr.OnStatus(http.StatusBadRequest, tag("status", 400))
	on418 := echoerr.OnStatus(http.StatusTeapot, tag("status418", 400))
	on500 := echoerr.OnStatus(http.StatusInternalServerError, tag("status500", 400))
	all := echoerr.CatchAll(tag("catchall", 400))
	onNF := echoerr.On(func(c echo.Context, err *NotFoundErr) error { return tag("notfound "+err.ID, 400)(c, err) })

	// tempE is an *E-like error that also implements temporary.
	type tempE = tempErr

	cases := []struct {
		name  string
		rules []echoerr.Rule
		err   error
		by    string // "" means the default answer
	}{
		{"ok, exact type beats interface and status", []echoerr.Rule{on400, onTemp, onE},
			echo.NewHTTPError(400).SetInternal(&E{}), "status"}, // HTTPError is the outer element: it decides
		{"ok, exact type beats interface", []echoerr.Rule{onTemp, onE, all},
			fmt.Errorf("w: %w", &E{}), "type"},
		{"ok, interface beats status", []echoerr.Rule{on418, onTemp},
			fmt.Errorf("w: %w", tempE{}), "iface"},
		{"ok, sentinel beats status at the same element", []echoerr.Rule{on418, onSent},
			isErr{}, "sentinel"},
		{"ok, sentinel found by identity, wrapped", []echoerr.Rule{onSent, all},
			fmt.Errorf("ctx: %w", errSentinel), "sentinel"},
		{"ok, sentinel found through an Is method", []echoerr.Rule{onSent},
			isErr{}, "sentinel"},
		{"ok, type found through an As method", []echoerr.Rule{onNF},
			fmt.Errorf("x: %w", asErr{id: "7"}), "notfound 7"},
		{"ok, outer element decides over a more specific inner one", []echoerr.Rule{onE, on400},
			fmt.Errorf("w: %w", echo.NewHTTPError(400).SetInternal(&E{})), "status"},
		{"ok, status of the first carrier only", []echoerr.Rule{on418},
			echo.NewHTTPError(400).SetInternal(coded{418, "x"}), ""},
		{"ok, catch-all when nothing else matches", []echoerr.Rule{onE, on400, all},
			errors.New("plain"), "catchall"},
		{"ok, status 500 gets plain errors, before the catch-all", []echoerr.Rule{all, on500},
			errors.New("plain"), "status500"},
		{"ok, Join tree walked in pre-order", []echoerr.Rule{onE, onNF},
			errors.Join(errors.New("a"), fmt.Errorf("b: %w", &NotFoundErr{ID: "1"}), &E{}), "notfound 1"},
		{"ok, nested Join", []echoerr.Rule{onE},
			errors.Join(errors.Join(errors.New("a"), errors.Join(&E{})), errors.New("b")), "type"},
		{"ok, later rule for the same type replaces the earlier", []echoerr.Rule{onE,
			echoerr.On(func(c echo.Context, err *E) error { return tag("type2", 400)(c, err) })},
			&E{}, "type2"},
		{"ok, nothing matches", []echoerr.Rule{onE, onSent}, errors.New("x"), ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, where := range []string{"app", "namespace"} {
				e := echo.New()
				path := "/x"
				if where == "app" {
					e.HTTPErrorHandler = echoerr.New(tc.rules...)
					e.GET(path, returning(tc.err))
				} else {
					e.HTTPErrorHandler = echoerr.New()
					ns := echoerr.Group(e, "/ns")
					ns.Handle(tc.rules...)
					ns.GET(path, returning(tc.err))
					path = "/ns/x"
				}
				rec := serve(e, http.MethodGet, path)
				if tc.by == "" {
					assert.NotContains(t, rec.Body.String(), `"by"`, where)
					continue
				}
				assertJSON(t, rec, 400, fmt.Sprintf(`{"by":%q}`, tc.by))
			}
		})
	}
}

func TestPassingOn(t *testing.T) {
	t.Run("ok, namespace passes on to the app", func(t *testing.T) {
		var order []string
		e := echo.New()
		e.HTTPErrorHandler = echoerr.New(echoerr.On(func(c echo.Context, err *E) error {
			order = append(order, "app")
			return c.JSON(http.StatusConflict, map[string]int{"n": err.N})
		}))
		api := echoerr.Group(e, "/api")
		api.Handle(echoerr.On(func(c echo.Context, err *E) error {
			order = append(order, "api")
			return fmt.Errorf("api saw it: %w", &E{N: err.N + 1})
		}))
		api.GET("/x", returning(&E{N: 1}))
		assertJSON(t, serve(e, http.MethodGet, "/api/x"), 409, `{"n":2}`)
		assert.Equal(t, []string{"api", "app"}, order)
	})

	t.Run("ok, passing on the same error goes to the next candidate of the level", func(t *testing.T) {
		var order []string
		e := echo.New()
		e.HTTPErrorHandler = echoerr.New(echoerr.CatchAll(func(c echo.Context, err error) error {
			order = append(order, "app")
			return err
		}))
		api := echoerr.Group(e, "/api")
		api.Handle(
			echoerr.On(func(c echo.Context, err *E) error { order = append(order, "type"); return err }),
			echoerr.On(func(c echo.Context, err temporary) error { order = append(order, "iface"); return err.(error) }),
			echoerr.OnStatus(http.StatusBadRequest, func(c echo.Context, err error) error { order = append(order, "status"); return err }),
			echoerr.CatchAll(func(c echo.Context, err error) error { order = append(order, "catchall"); return err }),
		)
		api.GET("/x", returning(echo.NewHTTPError(http.StatusBadRequest).SetInternal(errors.Join(&E{}, tempErr{}))))
		assertJSON(t, serve(e, http.MethodGet, "/api/x"), 400, `{"message":"Bad Request"}`)
		assert.Equal(t, []string{"status", "type", "iface", "catchall", "app"}, order)
	})

	t.Run("ok, a handler that always passes on does not loop", func(t *testing.T) {
		calls := 0
		e := echo.New()
		e.HTTPErrorHandler = echoerr.New(echoerr.CatchAll(func(c echo.Context, err error) error {
			calls++
			return fmt.Errorf("again: %w", err)
		}))
		e.GET("/x", returning(echo.ErrUnauthorized))
		assertJSON(t, serve(e, http.MethodGet, "/x"), 401, `{"message":"Unauthorized"}`)
		assert.Equal(t, 1, calls)
	})

	t.Run("ok, the answer is the default of the last error passed on", func(t *testing.T) {
		e := echo.New()
		e.Debug = true
		e.HTTPErrorHandler = echoerr.New(echoerr.On(func(c echo.Context, err *E) error {
			return errors.New("translated")
		}))
		e.GET("/x", returning(&E{}))
		assertJSON(t, serve(e, http.MethodGet, "/x"), 500, `{"message":"Internal Server Error","error":"translated"}`)
	})

	t.Run("ok, nil without writing gives the default answer of the handled error", func(t *testing.T) {
		e := echo.New()
		e.HTTPErrorHandler = echoerr.New(echoerr.OnStatus(http.StatusNotFound, func(c echo.Context, err error) error {
			c.Response().Header().Set("X-Seen", "yes")
			return nil
		}))
		e.GET("/x", returning(fmt.Errorf("w: %w", echo.ErrNotFound)))
		rec := serve(e, http.MethodGet, "/x")
		assertJSON(t, rec, 404, `{"message":"Not Found"}`)
		assert.Equal(t, "yes", rec.Header().Get("X-Seen"))
	})

	t.Run("ok, a handler that writes and returns an error keeps its answer", func(t *testing.T) {
		var logs bytes.Buffer
		e := echo.New()
		e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{
			Logger: slog.New(slog.NewTextHandler(&logs, nil)),
			Rules: []echoerr.Rule{echoerr.CatchAll(func(c echo.Context, err error) error {
				_ = c.JSON(http.StatusAccepted, map[string]string{"by": "writer"})
				return errors.New("after writing")
			})},
		})
		e.GET("/x", returning(errors.New("x")))
		assertJSON(t, serve(e, http.MethodGet, "/x"), 202, `{"by":"writer"}`)
		assert.Contains(t, logs.String(), "after writing")
	})
}

func TestHandlerPanic(t *testing.T) {
	for _, debug := range []bool{false, true} {
		t.Run(fmt.Sprintf("debug %v", debug), func(t *testing.T) {
			var logs bytes.Buffer
			e := echo.New()
			e.Debug = debug
			e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{
				Logger: slog.New(slog.NewTextHandler(&logs, nil)),
				Rules: []echoerr.Rule{echoerr.On(func(c echo.Context, err *E) error {
					panic("handler bug")
				})},
			})
			e.GET("/x", returning(&E{}))
			e.GET("/ok", func(c echo.Context) error { return c.String(http.StatusOK, "fine") })

			rec := serve(e, http.MethodGet, "/x")
			assert.Equal(t, http.StatusInternalServerError, rec.Code)
			if debug {
				assert.Contains(t, rec.Body.String(), "handler bug")
			} else {
				assertJSON(t, rec, 500, `{"message":"Internal Server Error"}`)
			}
			assert.Contains(t, logs.String(), "handler bug")
			assert.Contains(t, logs.String(), "level=ERROR")
			assert.Contains(t, logs.String(), "goroutine", "the stack is logged")

			ok := serve(e, http.MethodGet, "/ok")
			assert.Equal(t, "fine", ok.Body.String(), "the server keeps serving")
		})
	}
}

func TestSentinelAndStatusHandlersGetTheWholeError(t *testing.T) {
	var gotSentinel, gotStatus error
	wrapped := fmt.Errorf("ctx: %w", errSentinel)
	withStatus := fmt.Errorf("ctx: %w", echo.ErrGone)
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New(
		echoerr.OnError(errSentinel, func(c echo.Context, err error) error { gotSentinel = err; return c.NoContent(http.StatusConflict) }),
		echoerr.OnStatus(http.StatusGone, func(c echo.Context, err error) error { gotStatus = err; return c.NoContent(http.StatusGone) }),
	)
	e.GET("/s", returning(wrapped))
	e.GET("/g", returning(withStatus))
	assert.Equal(t, http.StatusConflict, serve(e, http.MethodGet, "/s").Code)
	assert.Equal(t, http.StatusGone, serve(e, http.MethodGet, "/g").Code)
	assert.Same(t, wrapped, gotSentinel)
	assert.Same(t, withStatus, gotStatus)
}

func TestDeclaredEntries(t *testing.T) {
	e := echo.New()
	e.Debug = true // declared answers are handled: debug adds nothing
	e.HTTPErrorHandler = echoerr.New(
		echoerr.DeclareError(errSentinel, echoerr.Entry{Status: http.StatusConflict, Message: "taken", Fields: echoerr.Fields{"status": 409, "message": "ignored"}}),
		echoerr.Declare[*NotFoundErr](echoerr.Entry{Status: http.StatusNotFound}),
		echoerr.Declare[temporary](echoerr.Entry{Status: http.StatusServiceUnavailable, Message: "try later"}),
		echoerr.Declare[*E](echoerr.Entry{}),
	)
	e.GET("/s", returning(fmt.Errorf("w: %w", errSentinel)))
	e.GET("/t", returning(fmt.Errorf("w: %w", &NotFoundErr{})))
	e.GET("/i", returning(tempErr{}))
	e.GET("/z", returning(&E{}))
	e.HEAD("/s", returning(errSentinel))
	assertJSON(t, serve(e, http.MethodGet, "/s"), 409, `{"message":"taken","status":409}`)
	assertJSON(t, serve(e, http.MethodGet, "/t"), 404, `{"message":"Not Found"}`)
	assertJSON(t, serve(e, http.MethodGet, "/i"), 503, `{"message":"try later"}`)
	assertJSON(t, serve(e, http.MethodGet, "/z"), 500, `{"message":"Internal Server Error"}`)
	head := serve(e, http.MethodHead, "/s")
	assert.Equal(t, http.StatusConflict, head.Code)
	assert.Empty(t, head.Body.String())
}

func TestSetupMistakesPanic(t *testing.T) {
	e := echo.New()
	ns := echoerr.Group(e, "/ns")
	cases := []struct {
		name string
		fn   func()
		msg  string
	}{
		{"nok, On nil handler", func() { echoerr.On[*E](nil) }, "echoerr: On: nil handler for *echoerr_test.E"},
		{"nok, On non-error type", func() { echoerr.On(func(echo.Context, string) error { return nil }) }, "echoerr: On: type string is not an interface and does not implement error"},
		{"nok, OnError nil target", func() { echoerr.OnError(nil, tag("x", 400)) }, "echoerr: OnError: nil target"},
		{"nok, OnError nil handler", func() { echoerr.OnError(errSentinel, nil) }, "echoerr: OnError: nil handler for sentinel"},
		{"nok, OnStatus 200", func() { echoerr.OnStatus(200, tag("x", 400)) }, "echoerr: OnStatus: status 200 is outside 400-599"},
		{"nok, OnStatus 600", func() { echoerr.OnStatus(600, tag("x", 400)) }, "echoerr: OnStatus: status 600 is outside 400-599"},
		{"nok, OnStatus nil handler", func() { echoerr.OnStatus(404, nil) }, "echoerr: OnStatus: nil handler for status 404"},
		{"nok, CatchAll nil", func() { echoerr.CatchAll(nil) }, "echoerr: CatchAll: nil handler"},
		{"nok, Declare status 302", func() { echoerr.Declare[*E](echoerr.Entry{Status: 302}) }, "echoerr: Declare: status 302 is outside 400-599"},
		{"nok, Declare field that cannot encode", func() { echoerr.Declare[*E](echoerr.Entry{Status: 400, Fields: echoerr.Fields{"f": func() {}}}) }, "echoerr: Declare: member f: json: unsupported type: func()"},
		{"nok, DeclareError nil target", func() { echoerr.DeclareError(nil, echoerr.Entry{}) }, "echoerr: DeclareError: nil target"},
		{"nok, zero Rule in New", func() { echoerr.New(echoerr.Rule{}) }, "echoerr: New: zero Rule"},
		{"nok, zero Rule in Handle", func() { ns.Handle(echoerr.Rule{}) }, "echoerr: Namespace.Handle: zero Rule"},
		{"nok, ErrorHandler nil", func() { ns.ErrorHandler(nil) }, "echoerr: Namespace.ErrorHandler: nil handler"},
		{"nok, Group nil echo", func() { echoerr.Group((*echo.Echo)(nil), "/x") }, "echoerr: Group: nil *echo.Echo"},
		{"nok, Group nil group", func() { echoerr.Group((*echo.Group)(nil), "/x") }, "echoerr: Group: nil *echo.Group"},
		{"nok, Group zero echo.Group", func() { echoerr.Group(&echo.Group{}, "/x") }, "echoerr: Group: *echo.Group not made by an *echo.Echo"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				p := recover()
				require.NotNil(t, p, "expected a panic")
				assert.Contains(t, fmt.Sprint(p), tc.msg)
			}()
			tc.fn()
		})
	}

	t.Run("nok, an invalid rule in a batch registers none", func(t *testing.T) {
		e := echo.New()
		e.HTTPErrorHandler = echoerr.New()
		api := echoerr.Group(e, "/api")
		api.GET("/x", returning(&E{}))
		assert.Panics(t, func() {
			api.Handle(echoerr.On(func(c echo.Context, err *E) error { return tag("x", 400)(c, err) }), echoerr.Rule{})
		})
		assertJSON(t, serve(e, http.MethodGet, "/api/x"), 500, `{"message":"Internal Server Error"}`)
	})
}

func TestAbortHandlerPanicIsNotSwallowed(t *testing.T) {
	// http.ErrAbortHandler asks net/http to abort the response; it must get there.
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New(echoerr.CatchAll(func(c echo.Context, err error) error {
		panic(http.ErrAbortHandler)
	}))
	e.GET("/x", returning(errors.New("x")))
	assert.PanicsWithValue(t, http.ErrAbortHandler, func() { serve(e, http.MethodGet, "/x") })
}

// uncomparable is an error value type that == cannot compare.
type uncomparable struct{ fields []string }

func (e uncomparable) Error() string { return "uncomparable " + strings.Join(e.fields, ",") }

func TestUncomparableErrorValues(t *testing.T) {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New(
		echoerr.On(func(c echo.Context, err uncomparable) error {
			return uncomparable{fields: []string{"again"}} // passes on a new value of the same type
		}),
		echoerr.OnError(errSentinel, tag("sentinel", 400)),
		echoerr.CatchAll(tag("catchall", 400)),
	)
	e.GET("/x", returning(fmt.Errorf("w: %w", uncomparable{fields: []string{"a"}})))
	e.GET("/j", returning(errors.Join(uncomparable{fields: []string{"a"}}, errSentinel)))
	assertJSON(t, serve(e, http.MethodGet, "/x"), 400, `{"by":"catchall"}`)
	assertJSON(t, serve(e, http.MethodGet, "/j"), 400, `{"by":"catchall"}`) // the typed rule matched first and passed on
}

func TestManyRegisteredTypes(t *testing.T) {
	// More than a handful of types: the lookup uses its hash table.
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New(manyTypeRules[:50]...)
	e.GET("/in/:i", func(c echo.Context) error {
		var i int
		_, _ = fmt.Sscan(c.Param("i"), &i)
		return fmt.Errorf("w: %w", manyTypeErrors[i])
	})
	for _, i := range []int{0, 7, 8, 31, 49} {
		assertJSON(t, serve(e, http.MethodGet, fmt.Sprintf("/in/%d", i)), 404, `{"message":"no such movie"}`)
	}
	for _, i := range []int{50, 77, 99} {
		assertJSON(t, serve(e, http.MethodGet, fmt.Sprintf("/in/%d", i)), 500, `{"message":"Internal Server Error"}`)
	}
}
