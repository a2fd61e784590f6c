package echoerr_test

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/labstack/echo/v5"

	echoerr "github.com/echoerr/echoerr/v5"
)

// Echo's status sentinels and HTTPErrors without a wrapped error answer
// from answers encoded once (per status and message): the same bytes as the
// first answer, which is built as any other, directly and through fmt's
// wrappers, in JSON and problem details.
func TestStaticAnswersAreTheBuiltOnes(t *testing.T) {
	errs := []error{
		echo.ErrNotFound, echo.ErrMethodNotAllowed, echo.ErrTooManyRequests, echo.ErrInternalServerError,
		echo.NewHTTPError(http.StatusConflict, "taken"),
		echo.NewHTTPError(http.StatusConflict, "taken, again"),
		echo.NewHTTPError(http.StatusBadRequest, ""),
		echo.NewHTTPError(http.StatusTeapot, "\"quoted\" <b>é</b>\u2028"),
		echo.NewHTTPError(599, "odd"),
	}
	e := echo.New()
	e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Logger: slog.New(slog.DiscardHandler)})
	for i, he := range errs {
		e.GET("/e"+strconv.Itoa(i), func(*echo.Context) error { return he })
		e.GET("/w"+strconv.Itoa(i), func(*echo.Context) error { return fmt.Errorf("a: %w", fmt.Errorf("b: %w", he)) })
	}
	serve := func(path, accept string) string {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set(echo.HeaderAccept, accept)
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		return fmt.Sprint(rec.Code, " ", rec.Header().Get(echo.HeaderContentType), " ", rec.Body.String())
	}
	for _, accept := range []string{"", "application/problem+json"} {
		for i, he := range errs {
			first := serve("/e"+strconv.Itoa(i), accept)
			if code := he.(echo.HTTPStatusCoder).StatusCode(); !strings.HasPrefix(first, strconv.Itoa(code)+" ") {
				t.Errorf("%v: %s", he, first)
			}
			for range 2 {
				if got := serve("/e"+strconv.Itoa(i), accept); got != first {
					t.Errorf("%s %v: %s, the first %s", accept, he, got, first)
				}
			}
			if got := strings.ReplaceAll(serve("/w"+strconv.Itoa(i), accept), "/w", "/e"); got != first {
				t.Errorf("%s wrapped %v: %s, unwrapped %s", accept, he, got, first)
			}
		}
	}
}
