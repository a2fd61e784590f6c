package crdb_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/cockroachdb/errors"
	"github.com/cockroachdb/errors/exthttp"
	"github.com/labstack/echo/v4"

	"github.com/echoerr/echoerr"
	crdbkit "github.com/echoerr/echoerr/kits/crdb"
	"github.com/echoerr/echoerr/kits/kittest"
)

// Example answers an error with an HTTP code and a hint; README's snippet
// is this one.
func Example() {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New()
	api := echoerr.Group(e, "/api")
	api.Handle(echoerr.Kit(crdbkit.Rules()...)...)
	api.GET("/users/:id", func(c echo.Context) error {
		err := exthttp.WrapWithHTTPCode(errors.Newf("user %s: no row", c.Param("id")), http.StatusNotFound)
		return errors.WithHint(err, "check the user's id")
	})

	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/users/7", nil))
	fmt.Print(rec.Code, " ", rec.Body.String())
	// Output:
	// 404 {"message":"Not Found","hints":["check the user's id"]}
}

// README's Go snippets stand in this file.
func TestReadmeSnippets(t *testing.T) { kittest.ReadmeSnippets(t) }
