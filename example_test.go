package echoerr_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/echoerr/echoerr"
)

// show sends a request through e and prints the status and body.
func show(e *echo.Echo, method, target string) {
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	fmt.Println(rec.Code, strings.TrimSpace(rec.Body.String()))
}

// UserNotFound is an error type of the application.
type UserNotFound struct{ ID string }

func (e *UserNotFound) Error() string { return "user " + e.ID + " not found" }

// ErrReadOnly is a sentinel error of the application.
var ErrReadOnly = errors.New("store is read-only")

func ExampleNew() {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New()

	e.GET("/users/:id", func(c echo.Context) error {
		// Echo's default handler answers 500 for a wrapped HTTPError.
		return fmt.Errorf("load user %s: %w", c.Param("id"), echo.ErrNotFound)
	})
	e.GET("/boom", func(c echo.Context) error {
		return errors.New("pq: connection refused") // never shown to clients
	})

	show(e, http.MethodGet, "/users/7")
	show(e, http.MethodGet, "/boom")
	// Output:
	// 404 {"message":"Not Found"}
	// 500 {"message":"Internal Server Error"}
}

func ExampleOn() {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New(
		echoerr.On(func(c echo.Context, err *UserNotFound) error {
			return c.JSON(http.StatusNotFound, map[string]string{"message": "no such user", "id": err.ID})
		}),
		echoerr.OnError(ErrReadOnly, func(c echo.Context, err error) error {
			c.Response().Header().Set("Retry-After", "60")
			return c.JSON(http.StatusServiceUnavailable, map[string]string{"message": "read-only, try later"})
		}),
	)

	e.GET("/users/:id", func(c echo.Context) error {
		return fmt.Errorf("handler: %w", &UserNotFound{ID: c.Param("id")})
	})
	e.POST("/users", func(c echo.Context) error {
		return fmt.Errorf("insert: %w", ErrReadOnly)
	})

	show(e, http.MethodGet, "/users/42")
	show(e, http.MethodPost, "/users")
	// Output:
	// 404 {"id":"42","message":"no such user"}
	// 503 {"message":"read-only, try later"}
}

func ExampleGroup() {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New(
		echoerr.On(func(c echo.Context, err *UserNotFound) error {
			return c.JSON(http.StatusNotFound, map[string]string{"by": "app"})
		}),
	)

	api := echoerr.Group(e, "/api")
	api.Handle(echoerr.On(func(c echo.Context, err *UserNotFound) error {
		return c.JSON(http.StatusNotFound, map[string]string{"by": "api", "id": err.ID})
	}))
	api.GET("/users/:id", func(c echo.Context) error {
		return &UserNotFound{ID: c.Param("id")}
	})
	e.GET("/users/:id", func(c echo.Context) error {
		return &UserNotFound{ID: c.Param("id")}
	})

	show(e, http.MethodGet, "/api/users/1") // the namespace's handler
	show(e, http.MethodGet, "/users/1")     // the app's handler
	// Output:
	// 404 {"by":"api","id":"1"}
	// 404 {"by":"app"}
}

func ExampleNamespace_ErrorHandler() {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New()

	blog := echoerr.Group(e, "/blog")
	blog.ErrorHandler(func(c echo.Context, err error) error {
		var he *echo.HTTPError
		if errors.As(err, &he) && he.Code == http.StatusNotFound {
			return c.JSON(http.StatusNotFound, map[string]string{"message": "no such post", "path": c.Request().URL.Path})
		}
		return err // pass on: the app answers
	})
	blog.GET("/posts/:slug", func(c echo.Context) error {
		return errors.New("template missing")
	})

	show(e, http.MethodGet, "/blog/nope")         // unknown path under the namespace
	show(e, http.MethodGet, "/blog/posts/hello")  // passed on
	show(e, http.MethodGet, "/elsewhere/missing") // the app's 404
	// Output:
	// 404 {"message":"no such post","path":"/blog/nope"}
	// 500 {"message":"Internal Server Error"}
	// 404 {"message":"Not Found"}
}

func ExampleAbort() {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New()

	e.POST("/movies", func(c echo.Context) error {
		if c.FormValue("name") == "" {
			return echoerr.Abort(c, http.StatusBadRequest, "name is required", echoerr.Fields{"field": "name"})
		}
		return c.NoContent(http.StatusCreated)
	})
	e.DELETE("/movies/:id", func(c echo.Context) error {
		return echoerr.Abort(c, http.StatusForbidden, "", nil)
	})

	show(e, http.MethodPost, "/movies")
	show(e, http.MethodDelete, "/movies/1")
	// Output:
	// 400 {"message":"name is required","field":"name"}
	// 403 {"message":"Forbidden"}
}

func ExampleDeclare() {
	type MovieNotExistsError struct{ error }

	e := echo.New()
	e.HTTPErrorHandler = echoerr.New(
		echoerr.Declare[*MovieNotExistsError](echoerr.Entry{
			Status:  http.StatusBadRequest,
			Message: "Movie with given id doesn't exists",
		}),
		echoerr.DeclareError(ErrReadOnly, echoerr.Entry{
			Status: http.StatusServiceUnavailable,
			Fields: echoerr.Fields{"retry": true},
		}),
	)
	e.GET("/movies/:id", func(c echo.Context) error {
		return fmt.Errorf("get movie: %w", &MovieNotExistsError{errors.New("no rows")})
	})
	e.PUT("/movies/:id", func(c echo.Context) error { return ErrReadOnly })

	show(e, http.MethodGet, "/movies/9")
	show(e, http.MethodPut, "/movies/9")
	// Output:
	// 400 {"message":"Movie with given id doesn't exists"}
	// 503 {"message":"Service Unavailable","retry":true}
}

func ExampleOnStatus() {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New(
		echoerr.OnStatus(http.StatusUnauthorized, func(c echo.Context, err error) error {
			c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="api"`)
			return nil // handled: the default body for the error is written
		}),
	)
	e.GET("/me", func(c echo.Context) error { return echo.ErrUnauthorized })

	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/me", nil))
	fmt.Println(rec.Code, rec.Header().Get(echo.HeaderWWWAuthenticate), strings.TrimSpace(rec.Body.String()))
	// Output:
	// 401 Bearer realm="api" {"message":"Unauthorized"}
}
