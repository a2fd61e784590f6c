package echoerr_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/echoerr/echoerr"
	"github.com/echoerr/echoerr/answer"
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

// PgError stands for a database driver's error: one type for every code,
// like pgx's *pgconn.PgError.
type PgError struct{ Code, ConstraintName string }

func (e *PgError) Error() string { return "ERROR: SQLSTATE " + e.Code }

func ExampleOnIf() {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New(
		// One rule per code: a UNIQUE violation is the client's, anything
		// else of the driver is the server's.
		echoerr.OnIf(func(err *PgError) bool { return err.Code == "23505" },
			func(c echo.Context, err *PgError) error {
				return c.JSON(http.StatusConflict, map[string]string{"message": "already exists", "constraint": err.ConstraintName})
			}),
		echoerr.Declare[*PgError](echoerr.Entry{Status: http.StatusServiceUnavailable, Message: "database unavailable"}),
	)
	e.POST("/users", func(c echo.Context) error {
		return fmt.Errorf("insert user: %w", &PgError{Code: "23505", ConstraintName: "users_email_key"})
	})
	e.GET("/users", func(c echo.Context) error {
		return fmt.Errorf("list users: %w", &PgError{Code: "08006"})
	})

	show(e, http.MethodPost, "/users")
	show(e, http.MethodGet, "/users")
	// Output:
	// 409 {"constraint":"users_email_key","message":"already exists"}
	// 503 {"message":"database unavailable"}
}

func ExampleDeclareIf() {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New(
		echoerr.DeclareIf(func(err *PgError) bool { return err.Code == "23505" },
			echoerr.Entry{Status: http.StatusBadRequest, Message: "Email address already exists"}),
		// An interface type works too: any error that says it timed out.
		echoerr.DeclareIf(func(err interface{ Timeout() bool }) bool { return err.Timeout() },
			echoerr.Entry{Status: http.StatusGatewayTimeout, Message: "the database took too long"}),
	)
	e.POST("/signup", func(c echo.Context) error {
		return fmt.Errorf("insert: %w", &PgError{Code: "23505"})
	})
	e.GET("/slow", func(c echo.Context) error {
		return fmt.Errorf("query: %w", timeoutErr{timeout: true})
	})

	show(e, http.MethodPost, "/signup")
	show(e, http.MethodGet, "/slow")
	// Output:
	// 400 {"message":"Email address already exists"}
	// 504 {"message":"the database took too long"}
}

func ExampleDeclareStatus() {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New(
		// The seed table's InternalServerError, for every unexpected error.
		echoerr.DeclareStatus(http.StatusInternalServerError, echoerr.Entry{Message: "Something went wrong"}),
	)
	e.GET("/movies", func(c echo.Context) error {
		return errors.New("database is locked") // logged, never shown
	})

	show(e, http.MethodGet, "/movies")
	// Output:
	// 500 {"message":"Something went wrong"}
}

// ErrNoRows stands for sql.ErrNoRows.
var ErrNoRows = errors.New("sql: no rows in result set")

func ExampleNamespace_HandleRoute() {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New()
	api := echoerr.Group(e, "/api")

	// One error, three meanings: each route says what a missing row is.
	api.HandleRoute(http.MethodGet, "/movies/:id", echoerr.DeclareError(ErrNoRows,
		echoerr.Entry{Status: http.StatusBadRequest, Message: "Movie with given id doesn't exists"}))
	api.HandleRoute(http.MethodPut, "/movies/:id", echoerr.DeclareError(ErrNoRows,
		echoerr.Entry{Status: http.StatusForbidden, Message: "Updating movie added by other is forbidden"}))
	api.HandleRoute(http.MethodDelete, "/movies/:id", echoerr.DeclareError(ErrNoRows,
		echoerr.Entry{Status: http.StatusForbidden, Message: "Deleting movie added by other is forbidden"}))

	movie := func(c echo.Context) error { return fmt.Errorf("movie %s: %w", c.Param("id"), ErrNoRows) }
	api.GET("/movies/:id", movie)
	api.PUT("/movies/:id", movie)
	api.DELETE("/movies/:id", movie)

	show(e, http.MethodGet, "/api/movies/7")
	show(e, http.MethodPut, "/api/movies/7")
	show(e, http.MethodDelete, "/api/movies/7")
	// Output:
	// 400 {"message":"Movie with given id doesn't exists"}
	// 403 {"message":"Updating movie added by other is forbidden"}
	// 403 {"message":"Deleting movie added by other is forbidden"}
}

func ExampleAbortCause() {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{
		Report: func(c echo.Context, ev echoerr.Event) {
			fmt.Println("reported:", ev.Cause()) // what Sentry gets
		},
	})
	e.GET("/movies/:id", func(c echo.Context) error {
		err := errors.New("database is locked")
		return echoerr.AbortCause(c, err, http.StatusServiceUnavailable, "try again", nil)
	})

	show(e, http.MethodGet, "/movies/7")
	// Output:
	// reported: database is locked
	// 503 {"message":"try again"}
}

// RateLimited carries its own headers.
type RateLimited struct{ RetryAfter int }

func (e *RateLimited) Error() string   { return "rate limited" }
func (e *RateLimited) StatusCode() int { return http.StatusTooManyRequests }
func (e *RateLimited) Headers() http.Header {
	return http.Header{"Retry-After": {fmt.Sprint(e.RetryAfter)}}
}

func ExampleHeaderCarrier() {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New()
	e.GET("/search", func(c echo.Context) error {
		return fmt.Errorf("search: %w", &RateLimited{RetryAfter: 30})
	})

	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/search", nil))
	fmt.Println(rec.Code, rec.Header().Get("Retry-After"), strings.TrimSpace(rec.Body.String()))
	// Output:
	// 429 30 {"message":"Too Many Requests"}
}

// Surprise (a): at one level, the outermost matching element decides. Echo's
// bind error is an *echo.HTTPError 400 wrapping a *json.SyntaxError, so an
// OnStatus(400) of the same level answers before the entry for the syntax
// error. Remedy: a guarded rule for the HTTPError whose cause is a syntax
// error, which is tried first at that element.
func Example_outermostElementDecides() {
	syntax := echoerr.Entry{Status: http.StatusBadRequest, Message: "malformed JSON"}
	bind := func(c echo.Context) error {
		var body struct{ Name string }
		return c.Bind(&body)
	}

	surprised := echo.New()
	surprised.HTTPErrorHandler = echoerr.New(
		echoerr.OnStatus(http.StatusBadRequest, func(c echo.Context, err error) error {
			return c.JSON(http.StatusBadRequest, map[string]string{"message": "bad request"})
		}),
		echoerr.Declare[*json.SyntaxError](syntax), // never reached: the HTTPError matched first
	)
	surprised.POST("/movies", bind)

	fixed := echo.New()
	fixed.HTTPErrorHandler = echoerr.New(
		echoerr.OnStatus(http.StatusBadRequest, func(c echo.Context, err error) error {
			if se := new(json.SyntaxError); errors.As(err, &se) {
				return err // pass it on: the entry for the syntax error answers
			}
			return c.JSON(http.StatusBadRequest, map[string]string{"message": "bad request"})
		}),
		echoerr.Declare[*json.SyntaxError](syntax),
	)
	fixed.POST("/movies", bind)

	for _, e := range []*echo.Echo{surprised, fixed} {
		req := httptest.NewRequest(http.MethodPost, "/movies", strings.NewReader(`{"name": x}`))
		req.Header.Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		fmt.Println(rec.Code, strings.TrimSpace(rec.Body.String()))
	}
	// Output:
	// 400 {"message":"bad request"}
	// 400 {"message":"malformed JSON"}
}

// ErrMaintenance is a sentinel the app declares.
var ErrMaintenance = errors.New("down for maintenance")

// Surprise (b): an error passed on is resolved again from the innermost
// level. A route's rule that translates ErrReadOnly into ErrMaintenance, but
// wraps the cause with %w, hands the namespace's entry for the cause the new
// error: it matches the cause inside it before the app's entry for
// ErrMaintenance is asked. Remedy: pass on the new error alone; the cause
// stays in the log line and in Event.Passed all the same.
func Example_passedOnErrorsStartInnermost() {
	for _, wrap := range []bool{true, false} {
		e := echo.New()
		e.HTTPErrorHandler = echoerr.New(
			echoerr.DeclareError(ErrMaintenance, echoerr.Entry{Status: http.StatusServiceUnavailable, Message: "maintenance"}),
		)
		api := echoerr.Group(e, "/api")
		api.Handle(echoerr.DeclareError(ErrReadOnly, echoerr.Entry{Status: http.StatusConflict, Message: "read-only"}))
		api.HandleRoute(http.MethodPost, "/movies", echoerr.OnError(ErrReadOnly, func(c echo.Context, err error) error {
			if wrap {
				return fmt.Errorf("%w: %w", ErrMaintenance, err)
			}
			return ErrMaintenance
		}))
		api.POST("/movies", func(c echo.Context) error { return ErrReadOnly })
		show(e, http.MethodPost, "/api/movies")
	}
	// Output:
	// 409 {"message":"read-only"}
	// 503 {"message":"maintenance"}
}

func ExampleDescribe() {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New(
		echoerr.DeclareStatus(http.StatusInternalServerError, echoerr.Entry{Message: "Something went wrong"}),
	)
	api := echoerr.Group(e, "/api")
	api.Handle(echoerr.On(func(c echo.Context, err *UserNotFound) error {
		return c.JSON(http.StatusNotFound, map[string]string{"missing": err.ID})
	}).Answers("the user does not exist", http.StatusNotFound))
	api.HandleRoute(http.MethodPost, "/users", echoerr.DeclareError(ErrReadOnly,
		echoerr.Entry{Status: http.StatusServiceUnavailable, Message: "read-only, try later"}))
	api.GET("/users/:id", func(c echo.Context) error { return &UserNotFound{ID: c.Param("id")} })
	api.POST("/users", func(c echo.Context) error { return ErrReadOnly })

	// At start-up: which rule answers what, where.
	_ = echoerr.Describe(e).WriteTable(os.Stdout)
	// Output:
	// ROUTE               STATUS  ANSWER                   LEVEL            RULE                                                FORMATS
	// POST /api/users     503     read-only, try later     POST /api/users  sentinel *errors.errorString("store is read-only")  application/json, application/problem+json
	//                     404     the user does not exist  /api             type *echoerr_test.UserNotFound
	//                     500     Something went wrong     app              status 500
	// GET /api/users/:id  404     the user does not exist  /api             type *echoerr_test.UserNotFound                     application/json, application/problem+json
	//                     500     Something went wrong     app              status 500
	// * /api (404, 405)   404     Not Found                app              default                                             application/json, application/problem+json
	//                     405     Method Not Allowed       app              default
}

// Porting an app: the hand-written handler's switch becomes a table, the
// app's envelope a Format.Body, and a unit test that calls the error
// handler on a context from e.NewContext gets the rules of the namespace
// that owns the request path, as a real request would.
func Example_porting() {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New(
		echoerr.DeclareStatus(http.StatusInternalServerError, echoerr.Entry{Message: "Something went wrong"}),
	)
	api := echoerr.Group(e, "/api")
	api.SetFormat(echoerr.Format{Body: func(r *http.Request, a echoerr.Answer) any {
		return map[string]any{"errors": map[string][]string{"body": {a.Message}}}
	}})
	api.Handle(echoerr.Declare[*UserNotFound](echoerr.Entry{Status: http.StatusNotFound, Message: "no such user"}))

	// In a test: no route, no server, the path decides the namespace.
	rec := httptest.NewRecorder()
	c := e.NewContext(httptest.NewRequest(http.MethodGet, "/api/users/7", nil), rec)
	e.HTTPErrorHandler(&UserNotFound{ID: "7"}, c)
	fmt.Println(rec.Code, strings.TrimSpace(rec.Body.String()))
	// Output:
	// 404 {"errors":{"body":["no such user"]}}
}

// PaymentError is a payment provider's error, for ExampleKit.
type PaymentError struct{ Code, Param string }

func (e *PaymentError) Error() string { return "payment: " + e.Code + " (" + e.Param + ")" }

// ExampleKit writes a small kit: declared rules of no Echo version
// (package answer), which Kit turns into rules of this Echo's adapter.
func ExampleKit() {
	kit := []answer.Decl{
		answer.DeclareForIf(func(e *PaymentError) bool { return e.Code == "card_declined" },
			answer.Entry{Status: http.StatusPaymentRequired, Message: "the card was declined"}).
			Named("payments declined").
			WithCode(func(x error) string { return x.(*PaymentError).Code }).
			WithDetail(func(m answer.Match) answer.Detail {
				return answer.Detail{Fields: answer.Fields{"field": m.Matched.(*PaymentError).Param}}
			}),
		answer.DeclareForError(io.ErrUnexpectedEOF, answer.Entry{Status: 503, Message: "try again"}).YieldToStatus(),
	}
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New(echoerr.Kit(kit...)...)
	e.POST("/pay", func(c echo.Context) error {
		return fmt.Errorf("charge: %w", &PaymentError{Code: "card_declined", Param: "card.number"})
	})
	e.POST("/upload", func(c echo.Context) error {
		return echo.NewHTTPError(http.StatusBadRequest, "truncated body").SetInternal(io.ErrUnexpectedEOF)
	})
	show(e, http.MethodPost, "/pay")
	show(e, http.MethodPost, "/upload")
	// Output:
	// 402 {"message":"the card was declined","field":"card.number"}
	// 400 {"message":"truncated body"}
}
