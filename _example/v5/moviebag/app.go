package main

import (
	"database/sql"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/labstack/echo/v5"
	"github.com/labstack/echo/v5/middleware"
	"golang.org/x/crypto/bcrypt"

	"github.com/echoerr/echoerr/openapi"
	"github.com/echoerr/echoerr/v5"

	"github.com/echoerr/echoerr/_example/internal/moviestore"
)

// newApp builds the movie-bag API on db for Echo v5, signing tokens with
// key, with mw (instrumentation: echo-opentelemetry, sentryecho) around
// every route and report as Config.Report. The handlers below contain no
// error mapping: they return what they get.
func newApp(db *sql.DB, key []byte, logger *slog.Logger, report func(*echo.Context, echoerr.Event), mw ...echo.MiddlewareFunc) *echo.Echo {
	st := &moviestore.Store{DB: db}
	e := echo.New()
	e.Logger = logger
	e.Validator = Validation
	e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Logger: logger, Format: Tutorial, Rules: appRules(), Report: report})
	e.Use(middleware.Recover())
	e.Use(mw...)
	// Answer inside the instrumentation, so that it sees the real status.
	e.Use(echoerr.Respond())

	api := echoerr.Group(e, "/api")
	api.Handle(apiRules()...)
	routeRules(api)
	auth := requireToken(key)

	api.POST("/auth/signup", func(c *echo.Context) error {
		var body moviestore.Credentials
		if err := bindValid(c, &body); err != nil {
			return err
		}
		hash, err := bcrypt.GenerateFromPassword([]byte(body.Password), bcrypt.DefaultCost)
		if err != nil {
			return err
		}
		id, err := st.AddUser(c.Request().Context(), body.Email, hash)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, map[string]string{"id": id})
	})
	api.POST("/auth/login", func(c *echo.Context) error {
		var body moviestore.Credentials
		if err := bindValid(c, &body); err != nil {
			return err
		}
		id, hash, err := st.UserByEmail(c.Request().Context(), body.Email)
		if err != nil {
			return err
		}
		if err := bcrypt.CompareHashAndPassword(hash, []byte(body.Password)); err != nil {
			return err
		}
		token, err := moviestore.NewToken(key, id, 7*24*time.Hour)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, map[string]string{"token": token})
	})

	api.GET("/movies", func(c *echo.Context) error {
		movies, err := st.Movies(c.Request().Context())
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, movies)
	})
	api.POST("/movies", func(c *echo.Context) error {
		var body moviestore.MovieBody
		if err := bindValid(c, &body); err != nil {
			return err
		}
		id, err := st.AddMovie(c.Request().Context(), moviestore.Movie{Name: body.Name, Casts: body.Casts, Genres: body.Genres, AddedBy: userID(c)})
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, map[string]string{"id": id})
	}, auth)
	api.GET("/movies/:id", func(c *echo.Context) error {
		movie, err := st.Movie(c.Request().Context(), c.Param("id"))
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, movie)
	})
	api.PUT("/movies/:id", func(c *echo.Context) error {
		movie, err := st.OwnMovie(c.Request().Context(), c.Param("id"), userID(c))
		if err != nil {
			return err
		}
		var body moviestore.MovieUpdate
		if err := c.Bind(&body); err != nil {
			return err
		}
		body.Apply(&movie)
		if err := st.UpdateMovie(c.Request().Context(), movie); err != nil {
			return err
		}
		return c.NoContent(http.StatusOK)
	}, auth)
	api.DELETE("/movies/:id", func(c *echo.Context) error {
		movie, err := st.OwnMovie(c.Request().Context(), c.Param("id"), userID(c))
		if err != nil {
			return err
		}
		if err := st.DeleteMovie(c.Request().Context(), movie.ID); err != nil {
			return err
		}
		return c.NoContent(http.StatusOK)
	}, auth)

	// The API's error responses, documented from the rules that answer
	// them, generated once at start-up: the same document as the Echo v4
	// app's.
	spec, err := openapi.New("movie-bag", "1.0.0", echoerr.Describe(e).Reachable(errorSets)).MarshalJSON()
	if err != nil {
		panic(err) // a document of strings and numbers always encodes
	}
	e.GET("/openapi.json", func(c *echo.Context) error {
		return c.JSONBlob(http.StatusOK, spec)
	})
	return e
}

// bindValid binds the JSON body into v and validates it.
func bindValid(c *echo.Context, v any) error {
	if err := c.Bind(v); err != nil {
		return err
	}
	return c.Validate(v)
}

// requireToken verifies the request's bearer token (HS256, signed with key,
// not expired) and puts its subject on the context as "user". It returns a
// *tokenError otherwise: errors.go says what that means. (echo-jwt has no
// Echo v5 release on the module proxy; this is what its v4 middleware does
// for this app.)
func requireToken(key []byte) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c *echo.Context) error {
			raw, ok := strings.CutPrefix(c.Request().Header.Get(echo.HeaderAuthorization), "Bearer ")
			if !ok || raw == "" {
				return &tokenError{errNoToken}
			}
			var claims jwt.RegisteredClaims
			if _, err := jwt.ParseWithClaims(raw, &claims, func(*jwt.Token) (any, error) { return key, nil },
				jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()})); err != nil {
				return &tokenError{err}
			}
			c.Set("user", claims.Subject)
			return next(c)
		}
	}
}

// errNoToken is a request without a bearer token.
var errNoToken = errors.New("no bearer token")

// userID is the authenticated user, from the token requireToken verified.
func userID(c *echo.Context) string {
	id, _ := c.Get("user").(string)
	return id
}
