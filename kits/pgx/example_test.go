package pgx_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/echoerr/echoerr"
	"github.com/echoerr/echoerr/kits/kittest"
	pgxkit "github.com/echoerr/echoerr/kits/pgx"
)

// Example registers the kit for a namespace, with the request field of one
// constraint named, and pgx.ErrNoRows as 404 on one route; README's snippet
// is this one.
func Example() {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New()
	api := echoerr.Group(e, "/api")
	getUser := api.GET("/users/:id", func(c echo.Context) error {
		return lookUp(c.Request().Context(), c.Param("id"))
	})
	api.Handle(echoerr.Kit(pgxkit.Rules(pgxkit.Field("users_email_key", "email"))...)...)
	api.HandleRouteOf(getUser, echoerr.Kit(pgxkit.NotFound(echoerr.Entry{Status: 404, Message: "no such user"}))...)

	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/users/7", nil))
	fmt.Print(rec.Code, " ", rec.Body.String())
	// Output:
	// 404 {"message":"no such user"}
}

// lookUp stands for a query that found no row.
func lookUp(context.Context, string) error { return fmt.Errorf("user: %w", pgxNoRows) }

// README's Go snippets stand in this file.
func TestReadmeSnippets(t *testing.T) { kittest.ReadmeSnippets(t) }
