package oops_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/samber/oops"

	"github.com/echoerr/echoerr"
	"github.com/echoerr/echoerr/kits/kittest"
	oopskit "github.com/echoerr/echoerr/kits/oops"
)

// Example answers an oops error with its public message and code;
// README's snippet is this one.
func Example() {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New()
	api := echoerr.Group(e, "/api")
	api.Handle(echoerr.Kit(oopskit.Rules(oopskit.Status("user_not_found", 404))...)...)
	api.GET("/users/:id", func(c echo.Context) error {
		return oops.Code("user_not_found").Public("no such user").Errorf("select user %s: no rows", c.Param("id"))
	})

	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/users/7", nil))
	fmt.Print(rec.Code, " ", rec.Body.String())
	// Output:
	// 404 {"message":"no such user","code":"user_not_found"}
}

// README's Go snippets stand in this file.
func TestReadmeSnippets(t *testing.T) { kittest.ReadmeSnippets(t) }
