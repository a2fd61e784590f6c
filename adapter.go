package echoerr

import (
	"io"
	"log/slog"
	"net/http"
	"unsafe"

	"github.com/echoerr/echoerr/internal/core"
	"github.com/labstack/echo/v4"
)

// adapter is Echo v4 as the core sees it: how to read and write one
// request, for one handler made by NewWithConfig.
type adapter struct{ h *handler }

func (adapter) Request(c echo.Context) *http.Request { return c.Request() }

func (adapter) Header(c echo.Context) http.Header { return c.Response().Header() }

func (adapter) Committed(c echo.Context) (bool, int) {
	res := c.Response()
	return res.Committed, res.Status
}

func (adapter) WriteHeader(c echo.Context, code int) { c.Response().WriteHeader(code) }

func (adapter) Write(c echo.Context, b []byte) (int, error) { return c.Response().Write(b) }

func (adapter) WriteRaw(c echo.Context, code int, body []byte) bool {
	res := c.Response()
	if res.Writer == nil {
		return false
	}
	res.Status, res.Committed = code, true
	res.Writer.WriteHeader(code)
	if body != nil {
		n, _ := res.Writer.Write(body)
		res.Size += int64(n)
	}
	return true
}

func (adapter) Hijacked(c echo.Context) bool { return core.Hijacked(c.Response().Writer) }

func (adapter) Get(c echo.Context, key string) any { return c.Get(key) }

func (adapter) Set(c echo.Context, key string, v any) { c.Set(key, v) }

func (adapter) Route(c echo.Context) string { return c.Path() }

// Logger: Echo v4's e.Logger is not an *slog.Logger; Config.Logger's
// default is slog.Default().
func (adapter) Logger(echo.Context) *slog.Logger { return nil }

func (adapter) Debug(c echo.Context) bool {
	e := c.Echo()
	return e != nil && e.Debug
}

func (adapter) Render(c echo.Context, w io.Writer, name string, data any) (bool, error) {
	e := c.Echo()
	if e == nil || e.Renderer == nil {
		return false, nil
	}
	return true, e.Renderer.Render(w, name, data, c)
}

func (a adapter) Start(c echo.Context, err error) *level { return a.h.levelOf(c, err) }

func init() {
	core.Register(core.Kinds{
		Status:    status,
		Draft:     draft,
		UnwrapKey: typeKey(&echo.HTTPError{}),
		Unwrap:    httpErrorInternal,
		NoHeaders: func(x error) bool {
			he, ok := x.(*echo.HTTPError)
			return ok && he != nil && he.Internal == nil
		},
		Generic: []unsafe.Pointer{typeKey(&echo.HTTPError{})},
		Static: func(x error) (int, string, bool) {
			he, ok := x.(*echo.HTTPError)
			if !ok || he == nil || he.Internal != nil {
				return 0, "", false
			}
			m, ok := he.Message.(string)
			return he.Code, m, ok
		},
		Text: func(x error) (string, bool) {
			he, ok := x.(*echo.HTTPError)
			if !ok || he == nil || he.Internal != nil {
				return "", false
			}
			m, ok := he.Message.(string) // %v of a string is the string
			if !ok {
				return "", false
			}
			return core.CodeMessageText(he.Code, m), true
		},
	})
}

// typeKey returns the address of x's dynamic type descriptor.
func typeKey(x any) unsafe.Pointer {
	return (*[2]unsafe.Pointer)(unsafe.Pointer(&x))[0]
}

// httpErrorInternal is (*echo.HTTPError).Unwrap, nil receiver included.
func httpErrorInternal(err error) error {
	if he := err.(*echo.HTTPError); he != nil {
		return he.Internal
	}
	return nil
}

// status returns the status of Echo v4's error types: an *echo.HTTPError's
// code (its Internal's, when that is an *echo.HTTPError, as Echo's default
// handler does) and an *echo.BindingError's.
func status(x error) (int, bool) {
	switch v := x.(type) {
	case *echo.HTTPError:
		if v == nil {
			return 0, true
		}
		if in, ok := v.Internal.(*echo.HTTPError); ok && in != nil {
			return in.Code, true
		}
		if v.Code == http.StatusBadRequest && v.Internal != nil {
			// Echo's binder answers a body over http.MaxBytesReader's limit
			// 400; it is a 413.
			if core.FirstInTree(v.Internal, isMaxBytes) != nil {
				return http.StatusRequestEntityTooLarge, true
			}
		}
		return v.Code, true
	case *echo.BindingError:
		// Echo answers it 500: it embeds an HTTPError instead of wrapping one.
		if v == nil || v.HTTPError == nil {
			return 0, true
		}
		return v.Code, true
	}
	return 0, false
}

func isMaxBytes(x error) bool {
	_, ok := x.(*http.MaxBytesError)
	return ok
}

// draft says what Echo v4's error types answer, as Echo's default handler
// does: an HTTPError's message, a BindingError's field.
func draft(x error, code int, a core.Draft) (core.Draft, bool) {
	switch v := x.(type) {
	case *echo.BindingError:
		msg := core.StatusText(code)
		if m, ok := v.Message.(string); ok && m != "" {
			msg = m
		}
		a.Items = []ErrorItem{{Code: "invalid-data", Message: msg, Info: map[string]any{"field": v.Field, "values": v.Values}}}
		return a, true
	case *echo.HTTPError:
		if in, ok := v.Internal.(*echo.HTTPError); ok && in != nil {
			v = in
		}
		return core.DraftMessage(a, code, v.Message), true
	}
	return a, false
}
