package echoerr_test

import (
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"
	"time"
	"weak"

	"github.com/echoerr/echoerr/v5"
	"github.com/labstack/echo/v5"
)

// An Echo whose rules refer to it is collected once dropped: echoerr's
// per-Echo state keeps nothing alive (tests and multi-tenant programs make
// many Echos). Half of them share one error handler.
func TestDroppedEchosAreCollected(t *testing.T) {
	shared := echoerr.NewWithConfig(echoerr.Config{Logger: slog.New(slog.DiscardHandler)})
	var ptrs []weak.Pointer[echo.Echo]
	for i := 0; i < 20; i++ {
		e := echo.New()
		if i%2 == 0 {
			e.HTTPErrorHandler = shared
		} else {
			e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Logger: slog.New(slog.DiscardHandler),
				Rules: []echoerr.Rule{echoerr.CatchAll(func(c *echo.Context, err error) error {
					e.Logger.Debug("app saw", "err", err) // the closure refers to e
					return err
				})}})
		}
		api := echoerr.Group(e, "/api")
		api.ErrorHandler(func(c *echo.Context, err error) error {
			e.Logger.Debug("namespace saw", "err", err) // the closure refers to e
			return c.NoContent(http.StatusTeapot)
		})
		api.GET("/x", func(*echo.Context) error { return errors.New("x") })
		for _, path := range []string{"/api/x", "/api/nope"} {
			rec := httptest.NewRecorder()
			e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
			if rec.Code != http.StatusTeapot {
				t.Fatalf("%s: status %d, want 418", path, rec.Code)
			}
		}
		ptrs = append(ptrs, weak.Make(e))
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		runtime.GC()
		alive := 0
		for _, p := range ptrs {
			if p.Value() != nil {
				alive++
			}
		}
		if alive == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d dropped Echos are still alive", alive, len(ptrs))
		}
		time.Sleep(20 * time.Millisecond)
	}
	runtime.KeepAlive(shared)
}
