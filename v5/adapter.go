package echoerr

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"unsafe"

	"github.com/echoerr/echoerr/internal/core"
	"github.com/labstack/echo/v5"
	"github.com/labstack/echo/v5/middleware"
)

// adapter is Echo v5 as the core sees it: how to read and write one
// request, for one handler made by NewWithConfig.
type adapter struct{ h *handler }

func (adapter) Request(c *echo.Context) *http.Request { return c.Request() }

func (adapter) Header(c *echo.Context) http.Header { return c.Response().Header() }

func (adapter) Committed(c *echo.Context) (bool, int) {
	if r, ok := c.Response().(*echo.Response); ok {
		return r.Committed, r.Status // most often: no middleware wrapped it
	}
	if r, _ := echo.UnwrapResponse(c.Response()); r != nil {
		return r.Committed, r.Status
	}
	return false, 0
}

func (adapter) WriteHeader(c *echo.Context, code int) { c.Response().WriteHeader(code) }

func (adapter) Write(c *echo.Context, b []byte) (int, error) { return c.Response().Write(b) }

func (adapter) WriteRaw(c *echo.Context, code int, body []byte) bool {
	r, _ := echo.UnwrapResponse(c.Response())
	if r == nil || r.ResponseWriter == nil {
		return false
	}
	r.Status, r.Committed = code, true
	r.ResponseWriter.WriteHeader(code)
	if body != nil {
		n, _ := r.ResponseWriter.Write(body)
		r.Size += int64(n)
	}
	return true
}

func (adapter) Hijacked(c *echo.Context) bool {
	if r, ok := c.Response().(*echo.Response); ok {
		return core.Hijacked(r.ResponseWriter)
	}
	if r, _ := echo.UnwrapResponse(c.Response()); r != nil {
		return core.Hijacked(r.ResponseWriter)
	}
	return core.Hijacked(c.Response())
}

func (adapter) Get(c *echo.Context, key string) any { return c.Get(key) }

func (adapter) Set(c *echo.Context, key string, v any) { c.Set(key, v) }

func (adapter) Route(c *echo.Context) string { return c.Path() }

// Logger returns the Echo's e.Logger, Config.Logger's default, so that an
// app writes one log format.
func (adapter) Logger(c *echo.Context) *slog.Logger {
	if e := c.Echo(); e != nil {
		return e.Logger
	}
	return nil
}

func (a adapter) Debug(*echo.Context) bool { return a.h.debug }

func (adapter) Render(c *echo.Context, w io.Writer, name string, data any) (bool, error) {
	e := c.Echo()
	if e == nil || e.Renderer == nil {
		return false, nil
	}
	return true, e.Renderer.Render(c, w, name, data)
}

func (a adapter) Start(c *echo.Context, err error) *level { return a.h.levelOf(c, err) }

func init() {
	core.Register(core.Kinds{
		Status:    status,
		Draft:     draft,
		UnwrapKey: typeKey(&echo.HTTPError{}),
		Unwrap: func(err error) error {
			if he := err.(*echo.HTTPError); he != nil {
				return he.Unwrap()
			}
			return nil
		},
		Stack: func(x error) ([]byte, bool) {
			if p, ok := x.(*middleware.PanicStackError); ok && p != nil {
				return p.Stack, true
			}
			return nil, false
		},
		NoHeaders: func(x error) bool {
			// An HTTPError that wraps nothing, as v4's adapter says of its
			// HTTPError without Internal; Echo's status sentinels.
			if he, ok := x.(*echo.HTTPError); ok {
				return he != nil && he.Unwrap() == nil
			}
			return typeKey(x) == sentinelKey
		},
		// HTTPError and the unexported type of Echo's status sentinels
		// (ErrNotFound, ...).
		Generic: []unsafe.Pointer{typeKey(&echo.HTTPError{}), typeKey(echo.ErrNotFound)},
		Static: func(x error) (int, string, bool) {
			if he, ok := x.(*echo.HTTPError); ok && he != nil && he.Unwrap() == nil {
				msg := he.Message
				if msg == "" {
					msg = http.StatusText(he.Code)
				}
				return he.Code, msg, true
			}
			if typeKey(x) == sentinelKey {
				// Echo's status sentinels (ErrNotFound, the router's 404):
				// their status and its text (staticEntry checks the
				// answer built from them says the same).
				code := x.(echo.HTTPStatusCoder).StatusCode()
				return code, core.StatusText(code), true
			}
			return 0, "", false
		},
		Text: func(x error) (string, bool) {
			he, ok := x.(*echo.HTTPError)
			if !ok || he == nil || he.Unwrap() != nil {
				return "", false
			}
			msg := he.Message
			if msg == "" {
				msg = http.StatusText(he.Code)
			}
			return core.CodeMessageText(he.Code, msg), true
		},
	})
}

// sentinelKey is the type of Echo's status sentinels (echo.ErrNotFound).
var sentinelKey = typeKey(echo.ErrNotFound)

// typeKey returns the address of x's dynamic type descriptor.
func typeKey(x any) unsafe.Pointer {
	return (*[2]unsafe.Pointer)(unsafe.Pointer(&x))[0]
}

// status returns the status of Echo v5's error types that the core does not
// find through StatusCode(): a nil *echo.HTTPError carries none, and a
// *echo.BindingError (which embeds an *echo.HTTPError) carries 400.
func status(x error) (int, bool) {
	switch v := x.(type) {
	case *echo.HTTPError:
		if v == nil {
			return 0, true
		}
		return v.Code, true
	case *echo.BindingError:
		if v == nil || v.HTTPError == nil {
			return 0, true
		}
		return v.Code, true
	case *echo.ProblemError:
		if v == nil {
			return 0, true
		}
		return v.Status, true
	case echo.ProblemErrorer:
		if pe := problemOf(v); pe != nil {
			return pe.Status, true
		}
		return 0, true
	}
	return 0, false
}

// problemOf calls ProblemError(); nil when it panics or returns nil.
func problemOf(v echo.ProblemErrorer) (pe *echo.ProblemError) {
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			pe = nil
		}
	}()
	return v.ProblemError()
}

// draft says what Echo v5's error types answer, as Echo v5's default handler
// does: an HTTPError's message, a BindingError's field, a ProblemError's
// detail, an HTTPStatusCoder that marshals itself.
func draft(x error, code int, a core.Draft) (core.Draft, bool) {
	switch v := x.(type) {
	case *echo.BindingError:
		msg := core.StatusText(code)
		if v.HTTPError != nil && v.Message != "" {
			msg = v.Message
		}
		a.Items = []ErrorItem{{Code: "invalid-data", Message: msg, Info: map[string]any{"field": v.Field, "values": v.Values}}}
		return a, true
	case *echo.HTTPError:
		if v.Message != "" {
			a.Msg = v.Message
		}
		return a, true
	case *echo.ProblemError:
		return problemReply(v, a), true
	case echo.ProblemErrorer:
		return problemReply(problemOf(v), a), true
	case json.Marshaler:
		// An HTTPStatusCoder that marshals itself is written as is, as
		// Echo v5's default handler writes it (in a 4xx only: a 5xx shows
		// its status text, as for any value that may hold internal detail).
		if _, ok := x.(echo.HTTPStatusCoder); ok {
			return core.DraftMessage(a, code, v), true
		}
	}
	return a, false
}

// problemReply honours an *echo.ProblemError: its detail is the message,
// and its type, title and instance are the members of problem details.
func problemReply(pe *echo.ProblemError, a core.Draft) core.Draft {
	if pe == nil {
		return a
	}
	if pe.Detail != "" {
		a.Msg = pe.Detail
	}
	a.Problem = map[string]string{"type": pe.Type, "title": pe.Title, "instance": pe.Instance}
	return a
}
