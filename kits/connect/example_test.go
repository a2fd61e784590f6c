package connect_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"connectrpc.com/connect"
	"github.com/labstack/echo/v4"

	"github.com/echoerr/echoerr"
	connectkit "github.com/echoerr/echoerr/kits/connect"
	"github.com/echoerr/echoerr/kits/kittest"
)

// Example answers a Connect service's not_found as a gateway would;
// README's snippet is this one.
func Example() {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New()
	api := echoerr.Group(e, "/api")
	api.Handle(echoerr.Kit(connectkit.Rules()...)...)
	api.GET("/users/:id", func(c echo.Context) error {
		return fmt.Errorf("users service: %w", connect.NewError(connect.CodeNotFound, errors.New("no such user")))
	})

	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/users/7", nil))
	fmt.Print(rec.Code, " ", rec.Body.String())
	// Output:
	// 404 {"message":"no such user"}
}

// README's Go snippets stand in this file.
func TestReadmeSnippets(t *testing.T) { kittest.ReadmeSnippets(t) }
