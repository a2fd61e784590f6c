package sqlite3_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/echoerr/echoerr"
	"github.com/echoerr/echoerr/kits/kittest"
	"github.com/echoerr/echoerr/kits/sqlite3"
)

// Example registers the kit for a namespace, with the field of one UNIQUE
// constraint named; README's snippet is this one.
func Example() {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New()
	api := echoerr.Group(e, "/api")
	api.Handle(echoerr.Kit(sqlite3.Rules(sqlite3.Field("users.email", "email"))...)...)
	d := echoerr.Describe(e)
	for _, p := range d.Prefixes {
		fmt.Println(p.Prefix, len(p.Answers) > 0)
	}
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/nope", nil))
	fmt.Println(rec.Code)
	// Output:
	// /api true
	// 404
}

// README's Go snippets stand in this file.
func TestReadmeSnippets(t *testing.T) { kittest.ReadmeSnippets(t) }
