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

// The errors dict of the flask-restful tutorial, all eight entries, declared
// once by type and used by handlers that only return errors.
func ExampleDeclare_table() {
	type (
		InternalServerError     struct{ error }
		SchemaValidationError   struct{ error }
		MovieAlreadyExistsError struct{ error }
		UpdatingMovieError      struct{ error }
		DeletingMovieError      struct{ error }
		MovieNotExistsError     struct{ error }
		EmailAlreadyExistsError struct{ error }
		UnauthorizedError       struct{ error }
	)
	errorsTable := []echoerr.Rule{
		echoerr.Declare[*InternalServerError](echoerr.Entry{Status: 500, Message: "Something went wrong"}),
		echoerr.Declare[*SchemaValidationError](echoerr.Entry{Status: 400, Message: "Request is missing required fields"}),
		echoerr.Declare[*MovieAlreadyExistsError](echoerr.Entry{Status: 400, Message: "Movie with given name already exists"}),
		echoerr.Declare[*UpdatingMovieError](echoerr.Entry{Status: 403, Message: "Updating movie added by other is forbidden"}),
		echoerr.Declare[*DeletingMovieError](echoerr.Entry{Status: 403, Message: "Deleting movie added by other is forbidden"}),
		echoerr.Declare[*MovieNotExistsError](echoerr.Entry{Status: 400, Message: "Movie with given id doesn't exists"}),
		echoerr.Declare[*EmailAlreadyExistsError](echoerr.Entry{Status: 400, Message: "User with given email address already exists"}),
		echoerr.Declare[*UnauthorizedError](echoerr.Entry{Status: 401, Message: "Invalid username or password",
			Headers: http.Header{"WWW-Authenticate": {`Bearer realm="movies"`}}}),
	}

	e := echo.New()
	e.HTTPErrorHandler = echoerr.New()
	api := echoerr.Group(e, "/api")
	api.Handle(errorsTable...)

	cause := errors.New("from the store")
	views := map[string]error{
		"/api/internal":     &InternalServerError{cause},
		"/api/schema":       &SchemaValidationError{cause},
		"/api/movie-exists": fmt.Errorf("insert: %w", &MovieAlreadyExistsError{cause}),
		"/api/updating":     &UpdatingMovieError{cause},
		"/api/deleting":     &DeletingMovieError{cause},
		"/api/no-movie":     fmt.Errorf("get: %w", &MovieNotExistsError{cause}),
		"/api/email-exists": &EmailAlreadyExistsError{cause},
		"/api/login":        &UnauthorizedError{cause},
	}
	paths := []string{"/api/internal", "/api/schema", "/api/movie-exists", "/api/updating",
		"/api/deleting", "/api/no-movie", "/api/email-exists", "/api/login"}
	for _, p := range paths {
		err := views[p]
		api.GET(strings.TrimPrefix(p, "/api"), func(c echo.Context) error { return err })
	}
	for _, p := range paths {
		show(e, http.MethodGet, p)
	}
	// Output:
	// 500 {"message":"Something went wrong"}
	// 400 {"message":"Request is missing required fields"}
	// 400 {"message":"Movie with given name already exists"}
	// 403 {"message":"Updating movie added by other is forbidden"}
	// 403 {"message":"Deleting movie added by other is forbidden"}
	// 400 {"message":"Movie with given id doesn't exists"}
	// 400 {"message":"User with given email address already exists"}
	// 401 {"message":"Invalid username or password"}
}

func ExampleErrors() {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New()
	e.POST("/contacts", func(c echo.Context) error {
		return echoerr.NewErrors(http.StatusBadRequest).
			Add("invalid-data", "The address provided is invalid.", nil).
			Add("invalid-data", "The phone number does not exist.", map[string]string{"area_code": "555"})
	})

	show(e, http.MethodPost, "/contacts")
	// Output:
	// 400 {"errors":[{"code":"invalid-data","message":"The address provided is invalid.","info":null},{"code":"invalid-data","message":"The phone number does not exist.","info":{"area_code":"555"}}]}
}

func ExampleFormat_problem() {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{
		Format: echoerr.Format{Problem: true}, // RFC 9457 for every client
	})
	e.GET("/account", func(c echo.Context) error {
		return echoerr.Abort(c, http.StatusForbidden, "You do not have enough credit.",
			echoerr.Fields{"type": "https://example.com/probs/out-of-credit", "balance": 30})
	})

	show(e, http.MethodGet, "/account")
	// Output:
	// 403 {"type":"https://example.com/probs/out-of-credit","title":"Forbidden","status":403,"detail":"You do not have enough credit.","instance":"/account","balance":30}
}

func ExampleFormat_negotiation() {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New() // JSON by default
	e.GET("/movies/:id", func(c echo.Context) error {
		return echoerr.Abort(c, http.StatusNotFound, "no movie "+c.Param("id"), nil)
	})

	for _, accept := range []string{"application/json", "application/problem+json", "image/png"} {
		req := httptest.NewRequest(http.MethodGet, "/movies/7", nil)
		req.Header.Set(echo.HeaderAccept, accept)
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		fmt.Println(rec.Code, rec.Header().Get(echo.HeaderContentType), strings.TrimSpace(rec.Body.String()))
	}
	// Output:
	// 404 application/json {"message":"no movie 7"}
	// 404 application/problem+json {"type":"about:blank","title":"Not Found","status":404,"detail":"no movie 7","instance":"/movies/7"}
	// 404 application/json {"message":"no movie 7"}
}
