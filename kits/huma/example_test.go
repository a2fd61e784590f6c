package huma_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/danielgtaylor/huma/v2"
	"github.com/labstack/echo/v4"

	"github.com/echoerr/echoerr"
	humakit "github.com/echoerr/echoerr/kits/huma"
	"github.com/echoerr/echoerr/kits/kittest"
)

// Example answers Huma's 404; README's snippet is this one.
func Example() {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New()
	api := echoerr.Group(e, "/api")
	api.Handle(echoerr.Kit(humakit.Rules()...)...)
	api.GET("/users/:id", func(c echo.Context) error { return huma.Error404NotFound("no such user") })

	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/users/7", nil))
	fmt.Print(rec.Code, " ", rec.Body.String())
	// Output:
	// 404 {"message":"no such user"}
}

// README's Go snippets stand in this file.
func TestReadmeSnippets(t *testing.T) { kittest.ReadmeSnippets(t) }
