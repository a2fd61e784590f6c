package echoerr_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/echoerr/echoerr/internal/scenario"
	"github.com/echoerr/echoerr/v5"
	"github.com/labstack/echo/v5"
	"github.com/labstack/echo/v5/middleware"
)

// Wrapped and NilHTTPError make the v5 harness a scenario.Maker.
func (v5) Wrapped(code int, msg string, inner error) error {
	return echo.NewHTTPError(code, msg).Wrap(inner)
}

func (v5) NilHTTPError() error {
	var he *echo.HTTPError
	return he
}

// v5Shape builds the fuzzed error: the shared shapes, then Echo v5's own
// error types (ProblemError, a ProblemErrorer, BindingError, Recover's
// PanicStackError), each with internal text where Echo puts it.
func v5Shape(kind, depth uint8, join bool, code int, msg, key, val string) error {
	k := int(kind) % (scenario.Shapes + 4)
	var err error
	switch k - scenario.Shapes {
	case 0:
		err = &echo.ProblemError{Type: "https://example.com/" + key, Title: msg, Status: code, Detail: val, Instance: key}
	case 1:
		err = fuzzProblemer{code: code, msg: msg}
	case 2:
		err = echo.NewBindingError(key, []string{val}, msg, errors.New(scenario.Secret))
	case 3:
		err = &middleware.PanicStackError{Stack: []byte("goroutine 1 [running]:\n" + scenario.Secret), Err: errors.New(scenario.Secret)}
	default:
		return scenario.Shape(v5{}, kind, depth, join, code, msg, key, val)
	}
	for i := 0; i < int(depth%32); i++ {
		err = fmt.Errorf("layer %d %s: %w", i, scenario.Secret, err)
	}
	return err
}

type fuzzProblemer struct {
	code int
	msg  string
}

func (fuzzProblemer) Error() string { return scenario.Secret }
func (p fuzzProblemer) ProblemError() *echo.ProblemError {
	if p.code%7 == 0 {
		return nil
	}
	return &echo.ProblemError{Title: p.msg, Status: p.code}
}

// FuzzAnswer is the v4 FuzzAnswer's target for Echo v5: broken and deep
// error trees, Echo v5's error types, committed responses, Echo's
// RequestLogger calling the error handler itself, and every Accept. It
// checks that every request gets one answer in 400-599 with a well-formed
// body for its content type (none for HEAD), no internal text in a 5xx
// unless Debug is on, one answer line, and no panic. A kind of 128 or more
// commits a response before returning: then it stays as the route wrote it.
func FuzzAnswer(f *testing.F) {
	for k := range scenario.Shapes + 4 {
		f.Add(uint8(k), uint8(k%5), k%2 == 0, 400+k, "message "+fmt.Sprint(k), "field", "value", k%3 == 0, k%4 == 0, uint8(k))
	}
	f.Add(uint8(0), uint8(0), false, 1000, "thousand", "message", "other", true, false, uint8(0))
	f.Add(uint8(5), uint8(1), false, 599, "\xff\xfe invalid utf-8 \xc3", "\xff", "\x00", false, false, uint8(5))
	f.Add(uint8(1), uint8(31), true, 500, strings.Repeat("huge ", 1000), "k", "v", false, false, uint8(6))
	f.Add(uint8(21), uint8(2), false, -1, "<script>alert(1)</script>", "<b>", "</html>", false, true, uint8(2))
	f.Add(uint8(128+11), uint8(1), false, 0, "committed, Error panics", "k", "v", false, false, uint8(4))
	f.Add(uint8(128+13), uint8(4), true, 404, "committed", "k", "v", false, true, uint8(2))

	f.Fuzz(func(t *testing.T, kind, depth uint8, join bool, code int, msg, key, val string, head, debug bool, accept uint8) {
		if strings.Contains(msg+key+val, scenario.Secret) {
			t.Skip()
		}
		commit := kind >= 128
		err := v5Shape(kind%128, depth, join, code, msg, key, val)

		logs := &scenario.Logs{}
		e := echo.New()
		e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{
			Logger: logs.Logger(),
			Debug:  debug,
			Format: echoerr.Format{HTML: true},
			// Handlers that pass errors on, handle without writing, or
			// turn an error into another, so that the chain is fuzzed too.
			Rules: []echoerr.Rule{
				echoerr.On(func(c *echo.Context, err *scenario.Again) error {
					return fmt.Errorf("again %s: %w", scenario.Secret, &scenario.Again{N: err.N + 1})
				}),
				echoerr.On(func(c *echo.Context, err scenario.Uncomparable) error {
					return scenario.Uncomparable{Fields: []string{scenario.Secret}}
				}),
				echoerr.OnStatus(http.StatusNotFound, func(c *echo.Context, err error) error { return nil }),
				echoerr.OnStatus(http.StatusConflict, func(c *echo.Context, err error) error {
					return echoerr.Abort(c, http.StatusConflict, msg, echoerr.Fields{key: val})
				}),
				echoerr.CatchAll(func(c *echo.Context, err error) error { return err }),
			},
		})
		if accept&4 != 0 {
			// Echo's RequestLogger calls the error handler itself, then
			// returns the error to Echo, which calls it again.
			e.Use(middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
				HandleError:   true,
				LogStatus:     true,
				LogValuesFunc: func(*echo.Context, middleware.RequestLoggerValues) error { return nil },
			}))
		}
		ns := echoerr.Group(e, "/ns")
		route := func(c *echo.Context) error {
			if commit {
				_ = c.String(http.StatusAccepted, "partial")
			}
			return err
		}
		ns.Any("/x", route)
		method := http.MethodGet
		if head {
			method = http.MethodHead
		}
		req := httptest.NewRequest(method, "/ns/x", nil)
		req.Header.Set(echo.HeaderAccept, []string{"", "application/problem+json", "text/html", "application/json"}[accept%4])
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)

		if n := len(logs.Answered()); n != 1 {
			t.Fatalf("%d answer lines, want 1", n)
		}
		body := rec.Body.String()
		if commit {
			if rec.Code != http.StatusAccepted || (!head && body != "partial") {
				t.Fatalf("the committed response changed: %d %q", rec.Code, body)
			}
			return
		}
		if rec.Code < 400 || rec.Code > 599 {
			t.Fatalf("status %d outside 400-599 for %T", rec.Code, err)
		}
		if head {
			if body != "" {
				t.Fatalf("HEAD answered with a body: %q", body)
			}
			return
		}
		switch ct := rec.Header().Get(echo.HeaderContentType); ct {
		case "application/json", "application/problem+json":
			if !json.Valid(rec.Body.Bytes()) {
				t.Fatalf("%s body is not JSON: %q", ct, body)
			}
		case "text/html; charset=UTF-8":
			if !strings.HasPrefix(body, "<!DOCTYPE html>") || !strings.HasSuffix(body, "</html>\n") {
				t.Fatalf("HTML body is not a page: %q", body)
			}
		default:
			t.Fatalf("unexpected content type %q", ct)
		}
		if rec.Code >= 500 && !debug && strings.Contains(body, scenario.Secret) {
			t.Fatalf("a %d body shows internal text: %q", rec.Code, body)
		}
		if debug && strings.Contains(body, "goroutine 1 [running]") {
			t.Fatalf("a debug body shows a panic's stack: %q", body)
		}
	})
}
