package echoerr_test

import (
	"fmt"
	"log/slog"
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

	e.Logger = slog.New(slog.DiscardHandler) // echoerr logs through e.Logger: quiet in this example
	for _, r := range []struct{ method, path string }{{"GET", "/api/users/7"}, {"DELETE", "/api/users/7"}} {
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, httptest.NewRequest(r.method, r.path, nil))
		fmt.Print(rec.Code, " ", rec.Header().Get("Allow"), " ", rec.Body.String())
	}
	// Output:
	// 404  {"message":"no such user"}
	// 405 OPTIONS, GET {"message":"try GET"}
}

// Describe lists what echoerr answers on each route and under each
// namespace, as the Echo v4 package's; openapi.New turns it into an
// OpenAPI document.
func ExampleDescribe() {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New(
		echoerr.DeclareStatus(http.StatusInternalServerError, echoerr.Entry{Message: "Something went wrong"}),
	)
	api := echoerr.Group(e, "/api")
	api.Handle(echoerr.Declare[*UserNotFound](echoerr.Entry{Status: http.StatusNotFound, Message: "no such user"}))
	api.GET("/users/:id", func(*echo.Context) error { return nil })

	d := echoerr.Describe(e)
	for _, r := range d.Routes {
		for _, a := range r.Answers {
			fmt.Println(r.Method, r.Path, a.Status, a.Description, "from", a.Level)
		}
	}
	// Output:
	// GET /api/users/:id 404 no such user from /api
	// GET /api/users/:id 500 Something went wrong from app
}

// Respond answers an error where it stands in the chain, so that the
// middleware around it (echo-opentelemetry, sentryecho, an access log) sees
// the answer's status instead of guessing it from the error.
func ExampleRespond() {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New(
		echoerr.Declare[*UserNotFound](echoerr.Entry{Status: http.StatusNotFound, Message: "no such user"}),
	)
	e.Use(func(next echo.HandlerFunc) echo.HandlerFunc { // an access log
		return func(c *echo.Context) error {
			err := next(c)
			resp, status := echo.ResolveResponseStatus(c.Response(), err)
			fmt.Println("logged:", status, resp != nil)
			return err
		}
	})
	e.Use(echoerr.Respond())
	e.GET("/users/:id", func(c *echo.Context) error { return &UserNotFound{ID: c.Param("id")} })

	rec := httptest.NewRecorder()
	e.Logger = slog.New(slog.DiscardHandler) // echoerr logs through e.Logger: quiet in this example
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/users/7", nil))
	fmt.Print(rec.Code, " ", rec.Body.String())
	// Output:
	// logged: 404 true
	// 404 {"message":"no such user"}
}
