package pgx_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/echoerr/echoerr"
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
func TestReadmeSnippets(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile("(?s)```go\n(.*?)```").FindAllSubmatch(readme, -1) {
		for _, line := range strings.Split(strings.TrimSpace(string(m[1])), "\n") {
			if !strings.Contains(string(src), strings.TrimSpace(line)) {
				t.Errorf("README line not in example_test.go:\n%s", line)
			}
		}
	}
}
