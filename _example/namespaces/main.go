// Command namespaces is a small in-memory movie API that shows echoerr's
// levels: app rules, a namespace that answers before the app, a nested
// namespace whose middleware errors are its own, a namespace catch-all that
// passes on, Abort, declared sentinels, problem details, and echo-jwt's
// errors declared 401.
//
//	go run ./namespaces                   # listens on 127.0.0.1:8080
//
// Try:
//
//	curl -i localhost:8080/api/movies/1          # 200
//	curl -i localhost:8080/api/movies/99         # 404 from /api's typed handler
//	curl -i -X POST localhost:8080/api/movies    # 400 from Abort, with the field
//	curl -i -X POST -d name=Alien localhost:8080/api/movies   # 409 declared at /api
//	curl -i localhost:8080/api/admin/stats       # 403 from /api/admin's status handler
//	curl -i localhost:8080/api/nope              # /api's own 404
//	curl -i -H 'Accept: application/problem+json' localhost:8080/api/movies/abc  # RFC 9457
//	curl -i -X PUT localhost:8080/api/movies/1   # 503 with Retry-After, app sentinel
//	curl -i localhost:8080/api/account/me        # 401 from echo-jwt, with WWW-Authenticate
package main

import (
	"errors"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"strconv"
	"sync"

	"github.com/golang-jwt/jwt/v5"
	echojwt "github.com/labstack/echo-jwt/v4"
	"github.com/labstack/echo/v4"

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

func (s *store) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.movies)
}

// newServer builds the application; jwtKey signs /api/account's tokens.
func newServer(jwtKey []byte) *echo.Echo {
	s := &store{movies: map[int]string{1: "Alien", 2: "Heat"}}

	e := echo.New()
	e.HideBanner = true

	// App level: what every route gets unless a namespace answers first.
	e.HTTPErrorHandler = echoerr.New(
		echoerr.Declare[*MovieNotFoundError](echoerr.Entry{
			Status:  http.StatusNotFound,
			Message: "Movie with given id doesn't exists",
		}),
		echoerr.OnError(ErrReadOnly, func(c echo.Context, err error) error {
			c.Response().Header().Set("Retry-After", "120")
			return c.JSON(http.StatusServiceUnavailable, map[string]string{"message": "read-only, try again later"})
		}),
	)

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
	e.GET("/movies/:id", getMovie) // *MovieNotFoundError here: the app's declared entry

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
		return c.JSON(http.StatusOK, map[string]int{"movies": s.count()})
	})

	// Namespace /api/account: echo-jwt authentication. Its ErrorHandler wraps
	// echo-jwt's own error types, which are not *echo.HTTPError: Echo's default
	// handler answers them 500 (flask-jwt-extended's complaint); the
	// namespace declares them 401 with a WWW-Authenticate header.
	account := api.Group("/account", echojwt.WithConfig(echojwt.Config{
		SigningKey: jwtKey,
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
	return e
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "listen address")
	flag.Parse()
	key := []byte(os.Getenv("JWT_KEY"))
	if len(key) == 0 {
		key = []byte("example-only-key")
	}
	log.Printf("echoerr namespaces example on http://%s", *addr)
	if err := newServer(key).Start(*addr); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}
