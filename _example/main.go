// Command _example is a small movie API that shows each echoerr rule. Its
// handlers only return errors; every answer comes from handlers registered
// once, per namespace and per app.
//
//	go run .                      # listens on 127.0.0.1:8080
//	go run . -addr 127.0.0.1:9000
//
// Try:
//
//	curl -i localhost:8080/api/movies/1          # 200
//	curl -i localhost:8080/api/movies/99         # 404 from /api's typed handler
//	curl -i localhost:8080/blog/movies/99        # 404 from the app's declared entry
//	curl -i -X POST localhost:8080/api/movies    # 400 from Abort, with the field
//	curl -i -X POST -d name=Alien localhost:8080/api/movies   # 409 declared at /api
//	curl -i localhost:8080/api/admin/stats       # 403 from /api/admin's status handler
//	curl -i localhost:8080/api/nope              # /api's own 404
//	curl -i -H 'Accept: text/html' localhost:8080/blog/nope   # /blog's HTML 404 page
//	curl -i localhost:8080/blog/posts/draft      # unhandled: 500 without the error's text
//	curl -i -H 'Accept: application/problem+json' localhost:8080/api/movies/abc  # RFC 9457
//	curl -i -H 'Content-Type: application/json' -d '{"stars":9}' localhost:8080/api/reviews  # 422, one item per field
//	curl -i -X PUT localhost:8080/api/movies/1   # 503 with Retry-After, app sentinel
//	curl -i localhost:8080/api/account/me        # 401 from echo-jwt, with WWW-Authenticate
//
// SENTRY_DSN, if set, sends 5xx answers to Sentry; JWT_KEY signs /api/account's
// tokens (default: an example key).
package main

import (
	"errors"
	"flag"
	"fmt"
	"html/template"
	"io"
	"log"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/getsentry/sentry-go"
	sentryecho "github.com/getsentry/sentry-go/echo"
	"github.com/golang-jwt/jwt/v5"
	echojwt "github.com/labstack/echo-jwt/v4"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"go.opentelemetry.io/contrib/instrumentation/github.com/labstack/echo/otelecho"

	"github.com/echoerr/echoerr"
)

// MovieNotFoundError says a movie id is unknown.
type MovieNotFoundError struct{ ID int }

func (e *MovieNotFoundError) Error() string { return fmt.Sprintf("movie %d not found", e.ID) }

// ErrMovieExists says a movie with that name is already stored.
var ErrMovieExists = errors.New("movie already exists")

// ErrReadOnly says the store does not take writes right now.
var ErrReadOnly = errors.New("store is read-only")

// store is an in-memory movie store; its errors are plain Go errors.
type store struct {
	mu     sync.Mutex
	movies map[int]string
}

func (s *store) get(id int) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	name, ok := s.movies[id]
	if !ok {
		return "", &MovieNotFoundError{ID: id}
	}
	return name, nil
}

func (s *store) add(name string) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range s.movies {
		if n == name {
			return 0, fmt.Errorf("add %q: %w", name, ErrMovieExists)
		}
	}
	id := len(s.movies) + 1
	s.movies[id] = name
	return id, nil
}

// appConfig is what differs between main and the tests.
type appConfig struct {
	// Middleware wraps every request, outermost first: sentryecho, otelecho.
	Middleware []echo.MiddlewareFunc
	// Report receives error answers (Config.Report).
	Report func(echo.Context, echoerr.Event)
	// JWTKey signs the tokens of /api/account.
	JWTKey []byte
}

// newServer builds the whole application.
func newServer(cfg appConfig) *echo.Echo {
	s := &store{movies: map[int]string{1: "Alien", 2: "Heat"}}

	e := echo.New()
	e.HideBanner = true
	e.Validator = newValidator()
	e.Renderer = &templates{t: template.Must(template.New("blog_error").Parse(blogErrorPage))}
	// A panic in a handler or a library: 500, the stack in echoerr's log line.
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{LogErrorFunc: echoerr.RecoverLogErrorFunc}))
	e.Use(cfg.Middleware...)
	if len(cfg.Middleware) > 0 {
		// Answer inside the instrumentation, so that it sees the real status.
		e.Use(echoerr.Respond())
	}

	// App level: what every route gets unless a namespace answers first.
	e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Report: cfg.Report, Rules: []echoerr.Rule{
		echoerr.Declare[*MovieNotFoundError](echoerr.Entry{
			Status:  http.StatusNotFound,
			Message: "Movie with given id doesn't exists",
		}),
		echoerr.OnError(ErrReadOnly, func(c echo.Context, err error) error {
			c.Response().Header().Set("Retry-After", "120")
			return c.JSON(http.StatusServiceUnavailable, map[string]string{"message": "read-only, try again later"})
		}),
	}})

	movieID := func(c echo.Context) (int, error) {
		id, err := strconv.Atoi(c.Param("id"))
		if err != nil {
			return 0, echoerr.Abort(c, http.StatusBadRequest, "id must be a number", echoerr.Fields{"field": "id"})
		}
		return id, nil
	}
	getMovie := func(c echo.Context) error {
		id, err := movieID(c)
		if err != nil {
			return err
		}
		name, err := s.get(id)
		if err != nil {
			return fmt.Errorf("get movie: %w", err)
		}
		return c.JSON(http.StatusOK, map[string]any{"id": id, "name": name})
	}

	// Namespace /api: its own answers, which beat the app's even for the
	// same error type (level before specificity).
	api := echoerr.Group(e, "/api")
	api.Handle(
		echoerr.On(func(c echo.Context, err *MovieNotFoundError) error {
			return c.JSON(http.StatusNotFound, map[string]any{"message": "no such movie", "id": err.ID})
		}),
		echoerr.DeclareError(ErrMovieExists, echoerr.Entry{
			Status:  http.StatusConflict,
			Message: "Movie with given name already exists",
		}),
	)
	api.ErrorHandler(func(c echo.Context, err error) error {
		if errors.Is(err, echo.ErrNotFound) {
			return c.JSON(http.StatusNotFound, map[string]string{"message": "no such endpoint", "path": c.Request().URL.Path})
		}
		return err // anything else: pass on to the app
	})
	api.GET("/movies/:id", getMovie)
	api.POST("/movies", func(c echo.Context) error {
		name := c.FormValue("name")
		if name == "" {
			return echoerr.Abort(c, http.StatusBadRequest, "Request is missing required fields", echoerr.Fields{"field": "name"})
		}
		id, err := s.add(name)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusCreated, map[string]any{"id": id, "name": name})
	})
	api.PUT("/movies/:id", func(c echo.Context) error {
		return fmt.Errorf("update: %w", ErrReadOnly)
	})
	// JSON input, validated by go-playground/validator through e.Validator:
	// a failed validation answers 422, one item per failing field.
	api.POST("/reviews", func(c echo.Context) error {
		var r struct {
			Movie int    `json:"movie" validate:"required,gte=1"`
			Stars int    `json:"stars" validate:"required,min=1,max=5"`
			Text  string `json:"text" validate:"max=280"`
		}
		if err := c.Bind(&r); err != nil {
			return err
		}
		if err := c.Validate(&r); err != nil {
			return err
		}
		return c.JSON(http.StatusCreated, r)
	})

	// Namespace /api/admin, nested: its middleware's errors are its own,
	// and what it does not handle goes to /api, then to the app.
	admin := api.Group("/admin", func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if c.Request().Header.Get("X-Admin") != "yes" {
				return echo.ErrForbidden
			}
			return next(c)
		}
	})
	admin.Handle(echoerr.OnStatus(http.StatusForbidden, func(c echo.Context, err error) error {
		return c.JSON(http.StatusForbidden, map[string]string{"message": "admins only", "hint": "send X-Admin: yes"})
	}))
	admin.GET("/stats", func(c echo.Context) error {
		return c.JSON(http.StatusOK, map[string]int{"movies": len(s.movies)})
	})

	// Namespace /api/account: echo-jwt authentication. Its ErrorHandler wraps
	// echo-jwt's own error types, which are not *echo.HTTPError: Echo's default
	// handler answers them 500 (flask-jwt-extended's complaint); the
	// namespace declares them 401 with a WWW-Authenticate header.
	account := api.Group("/account", echojwt.WithConfig(echojwt.Config{
		SigningKey: cfg.JWTKey,
		ErrorHandler: func(c echo.Context, err error) error {
			return fmt.Errorf("authenticate: %w", err)
		},
	}))
	challenge := http.Header{"WWW-Authenticate": {`Bearer realm="movies"`}}
	account.Handle(
		echoerr.Declare[*echojwt.TokenExtractionError](echoerr.Entry{Status: http.StatusUnauthorized, Message: "missing or malformed jwt", Headers: challenge}),
		echoerr.Declare[*echojwt.TokenParsingError](echoerr.Entry{Status: http.StatusUnauthorized, Message: "invalid or expired jwt", Headers: challenge}),
	)
	account.GET("/me", func(c echo.Context) error {
		token, ok := c.Get("user").(*jwt.Token)
		if !ok {
			return errors.New("no token in context")
		}
		sub, err := token.Claims.GetSubject()
		if err != nil {
			return fmt.Errorf("token subject: %w", err)
		}
		return c.JSON(http.StatusOK, map[string]string{"user": sub})
	})

	// Namespace /blog: browsers get HTML pages rendered by e.Renderer (seed
	// 004's custom error pages), API clients JSON; no request.path checks.
	blog := echoerr.Group(e, "/blog")
	blog.SetFormat(echoerr.Format{HTML: true, HTMLTemplate: "blog_error"})
	blog.GET("/movies/:id", getMovie) // *MovieNotFoundError: the app's declared entry
	blog.GET("/posts/:slug", func(c echo.Context) error {
		return fmt.Errorf("render %s: %w", c.Param("slug"), errors.New("template missing"))
	})
	return e
}

// blogErrorPage is the blog's error page; html/template escapes every value.
const blogErrorPage = `<!DOCTYPE html>
<html><head><title>{{.Status}} {{.Title}} - the blog</title></head>
<body><h1>{{.Title}}</h1>{{if .Message}}<p>{{.Message}}</p>{{end}}<p><a href="/blog/">Back to the blog</a></p></body></html>
`

// templates is an echo.Renderer over html/template.
type templates struct{ t *template.Template }

func (r *templates) Render(w io.Writer, name string, data any, c echo.Context) error {
	return r.t.ExecuteTemplate(w, name, data)
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "listen address")
	flag.Parse()
	cfg := appConfig{JWTKey: []byte(os.Getenv("JWT_KEY"))}
	if len(cfg.JWTKey) == 0 {
		cfg.JWTKey = []byte("example-only-key")
	}
	var reports []func(echo.Context, echoerr.Event)
	if dsn := os.Getenv("SENTRY_DSN"); dsn != "" {
		if err := sentry.Init(sentry.ClientOptions{Dsn: dsn, EnableTracing: true, TracesSampleRate: 1}); err != nil {
			log.Fatal(err)
		}
		defer sentry.Flush(2 * time.Second)
		cfg.Middleware = append(cfg.Middleware, sentryecho.New(sentryecho.Options{}))
		reports = append(reports, reportToSentry)
	}
	// Spans go to the global tracer provider: a no-op until one is set up.
	cfg.Middleware = append(cfg.Middleware, otelecho.Middleware("echoerr-example"))
	reports = append(reports, reportToSpan)
	cfg.Report = reportAll(reports...)
	e := newServer(cfg)
	log.Printf("echoerr example on http://%s", *addr)
	if err := e.Start(*addr); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}
