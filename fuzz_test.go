package echoerr_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/echoerr/echoerr"
)

// secret stands for internal error text that a 5xx body must not show.
const secret = "SECRET-internal-detail"

// FuzzAnswer builds error trees (depth, Join, HTTPError codes valid or not,
// messages, fields) and broken error values (typed nils, methods that panic,
// values == cannot compare, cycles, huge joins), returned before or after a
// response was committed, and checks the invariants of every answer: a
// status in 400-599, a body well formed for its content type (empty for
// HEAD), no internal error text in a 5xx unless debug is on, exactly one
// answer line, and no panic. A kind of 128 or more commits a response
// before returning the error: then the response stays as the handler wrote it.
func FuzzAnswer(f *testing.F) {
	f.Add(uint8(0), uint8(0), false, 404, "not here", "field", "value", false, false, uint8(0))
	f.Add(uint8(1), uint8(3), true, 0, "zero", "k", "v", false, false, uint8(1))
	f.Add(uint8(5), uint8(8), true, 99, "ninety-nine", "k", "v", false, true, uint8(2))
	f.Add(uint8(0), uint8(2), false, 1000, "thousand", "message", "other", true, false, uint8(0))
	f.Add(uint8(3), uint8(1), false, 599, "\xff\xfe invalid utf-8 \xc3", "\xff", "\x00", false, false, uint8(1))
	f.Add(uint8(4), uint8(31), true, 500, strings.Repeat("huge ", 1000), "k", "v", false, false, uint8(2))
	f.Add(uint8(5), uint8(2), false, 422, "<script>alert(1)</script>", "<b>", "</html>", false, true, uint8(2))
	f.Add(uint8(6), uint8(4), true, 503, "", "", "", false, false, uint8(1))
	f.Add(uint8(7), uint8(0), false, -1, "negative", "type", "about:x", false, false, uint8(1))
	f.Add(uint8(8), uint8(6), true, 499, "gone", "status", "x", false, true, uint8(0))
	f.Add(uint8(11), uint8(2), false, 0, "typed nil", "k", "v", false, false, uint8(0))
	f.Add(uint8(12), uint8(1), true, 0, "Error panics", "k", "v", false, true, uint8(1))
	f.Add(uint8(13), uint8(0), false, 0, "StatusCode panics", "k", "v", false, false, uint8(2))
	f.Add(uint8(14), uint8(3), false, 0, "uncomparable struct", "k", "v", false, false, uint8(3))
	f.Add(uint8(15), uint8(1), false, 0, "cycle", "k", "v", false, false, uint8(0))
	f.Add(uint8(16), uint8(0), false, 0, "pair", "k", "v", true, false, uint8(1))
	f.Add(uint8(17), uint8(31), true, 0, "huge join", "k", "v", false, false, uint8(0))
	f.Add(uint8(18), uint8(2), false, 0, "Unwrap panics", "k", "v", false, true, uint8(2))
	f.Add(uint8(19), uint8(0), false, 0, "nil HTTPError", "k", "v", false, false, uint8(3))
	f.Add(uint8(20), uint8(1), false, 0, "field MarshalJSON panics", "k", "v", false, false, uint8(1))
	f.Add(uint8(128+12), uint8(1), false, 0, "committed, Error panics", "k", "v", false, false, uint8(0))
	f.Add(uint8(128+14), uint8(4), true, 404, "committed", "k", "v", false, true, uint8(2))

	f.Fuzz(func(t *testing.T, kind, depth uint8, join bool, code int, msg, key, val string, head, debug bool, accept uint8) {
		if strings.Contains(msg+key+val, secret) {
			t.Skip()
		}
		commit := kind >= 128
		var err error
		switch kind % 128 % 21 {
		case 0:
			err = echo.NewHTTPError(code, msg)
		case 1:
			err = echoerr.Abort(nil, code, msg, echoerr.Fields{key: val})
		case 2:
			err = coded{code, secret}
		case 3:
			err = errors.New(secret)
		case 4:
			err = echoerr.NewErrors(code).Add(key, msg, val)
		case 5:
			err = echo.NewHTTPError(code).SetInternal(errors.New(secret))
		case 6:
			err = echo.NewHTTPError(code, errors.New(secret))
		case 7:
			err = &echo.HTTPError{Code: code, Message: map[string]string{key: val}, Internal: errors.New(secret)}
		case 8:
			err = selfDescribing{code, msg}
		case 9:
			err = &E{N: code}
		case 10:
			err = uncomparable{fields: []string{secret, msg}}
		case 11:
			var nilDeref *derefErr
			err = nilDeref
		case 12:
			err = panicking{"Error"}
		case 13:
			err = panicStatus{panicking{msg}}
		case 14:
			err = detailErr{[]string{secret, msg}}
		case 15:
			err = &cycle{}
		case 16:
			err = &pair{}
		case 17:
			kids := make([]error, 100*int(depth%32)+1)
			for i := range kids {
				kids[i] = errors.New(secret)
			}
			err = errors.Join(kids...)
		case 18:
			err = panicUnwrap{panicking{msg}}
		case 19:
			var nilHTTP *echo.HTTPError
			err = nilHTTP
		case 20:
			err = echoerr.Abort(nil, code, msg, echoerr.Fields{key: panicMarshal{}})
		}
		for i := 0; i < int(depth%32); i++ {
			if join && i%2 == 0 {
				err = errors.Join(errors.New(secret), err)
			} else {
				err = fmt.Errorf("layer %d %s: %w", i, secret, err)
			}
		}

		e := echo.New()
		e.Debug = debug
		var lines atomic.Int32
		e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{
			Logger: slog.New(countingHandler{&lines}),
			Format: echoerr.Format{HTML: true},
			// Handlers that pass errors on, handle without writing, or
			// turn an error into another, so that the chain is fuzzed too.
			Rules: []echoerr.Rule{
				echoerr.On(func(c echo.Context, err *E) error { return fmt.Errorf("again %s: %w", secret, err) }),
				echoerr.On(func(c echo.Context, err uncomparable) error { return uncomparable{fields: []string{secret}} }),
				echoerr.OnStatus(http.StatusNotFound, func(c echo.Context, err error) error { return nil }),
				echoerr.OnStatus(http.StatusConflict, func(c echo.Context, err error) error {
					return echoerr.Abort(c, http.StatusConflict, msg, echoerr.Fields{key: val})
				}),
				// A handler that lets "the central handler" do it.
				echoerr.On(func(c echo.Context, err detailErr) error { c.Error(err); return nil }),
				echoerr.CatchAll(func(c echo.Context, err error) error { return err }),
			},
		})
		e.Any("/x", func(c echo.Context) error {
			if commit {
				_ = c.String(http.StatusAccepted, "partial")
			}
			return err
		})
		method := http.MethodGet
		if head {
			method = http.MethodHead
		}
		req := httptest.NewRequest(method, "/x", nil)
		req.Header.Set(echo.HeaderAccept, []string{"", "application/problem+json", "text/html", "application/json"}[accept%4])
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)

		if n := lines.Load(); n != 1 {
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
		if rec.Code >= 500 && !debug && strings.Contains(body, secret) {
			t.Fatalf("a %d body shows internal text: %q", rec.Code, body)
		}
	})
}

// countingHandler counts echoerr's answer lines.
type countingHandler struct{ n *atomic.Int32 }

func (countingHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h countingHandler) Handle(_ context.Context, r slog.Record) error {
	if r.Message == "echoerr: error answered" {
		h.n.Add(1)
	}
	return nil
}
func (h countingHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h countingHandler) WithGroup(string) slog.Handler      { return h }
