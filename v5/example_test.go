package echoerr_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/echoerr/echoerr/v5"
	"github.com/labstack/echo/v5"
)

type UserNotFound struct{ ID string }

func (e *UserNotFound) Error() string { return "user " + e.ID + " not found" }

// Example is README's quick start for Echo v5.
func Example() {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New(
		echoerr.Declare[*UserNotFound](echoerr.Entry{Status: http.StatusNotFound, Message: "no such user"}),
	)

	api := echoerr.Group(e, "/api")
	api.Handle(echoerr.OnStatus(http.StatusMethodNotAllowed, func(c *echo.Context, err error) error {
		return c.JSON(http.StatusMethodNotAllowed, map[string]string{"message": "try GET"})
	}))
	api.GET("/users/:id", func(c *echo.Context) error {
		return fmt.Errorf("load user: %w", &UserNotFound{ID: c.Param("id")})
	})

	for _, r := range []struct{ method, path string }{{"GET", "/api/users/7"}, {"DELETE", "/api/users/7"}} {
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, httptest.NewRequest(r.method, r.path, nil))
		fmt.Print(rec.Code, " ", rec.Header().Get("Allow"), " ", rec.Body.String())
	}
	// Output:
	// 404  {"message":"no such user"}
	// 405 OPTIONS, GET {"message":"try GET"}
}
