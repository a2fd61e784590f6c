package mysql_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	gomysql "github.com/go-sql-driver/mysql"
	"github.com/labstack/echo/v4"

	"github.com/echoerr/echoerr"
	"github.com/echoerr/echoerr/kits/kittest"
	mysqlkit "github.com/echoerr/echoerr/kits/mysql"
)

// Example registers the kit for a namespace, with the request field of one
// key named; README's snippet is this one.
func Example() {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New()
	api := echoerr.Group(e, "/api")
	api.POST("/users", func(c echo.Context) error {
		return &gomysql.MySQLError{Number: 1062, Message: "Duplicate entry 'a@example.com' for key 'users.email'"}
	})
	api.Handle(echoerr.Kit(mysqlkit.Rules(mysqlkit.Field("users.email", "email"))...)...)

	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/api/users", nil))
	fmt.Print(rec.Code, " ", rec.Body.String())
	// Output:
	// 409 {"message":"already exists","field":"email"}
}

// README's Go snippets stand in this file.
func TestReadmeSnippets(t *testing.T) { kittest.ReadmeSnippets(t) }
