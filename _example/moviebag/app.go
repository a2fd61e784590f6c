package main

import (
	"database/sql"
	"log/slog"
	"net/http"
	"time"

	"github.com/golang-jwt/jwt/v5"
	echojwt "github.com/labstack/echo-jwt/v4"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/crypto/bcrypt"

	"github.com/echoerr/echoerr"
	"github.com/echoerr/echoerr/openapi"

	"github.com/echoerr/echoerr/_example/internal/moviestore"
)

// newApp builds the movie-bag API on db, signing tokens with key. The
// handlers below contain no error mapping: they return what they get.
func newApp(db *sql.DB, key []byte, logger *slog.Logger) *echo.Echo {
	st := &moviestore.Store{DB: db}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.Validator = Validation
	e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Logger: logger, Format: Tutorial, Rules: appRules()})
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{LogErrorFunc: echoerr.RecoverLogErrorFunc}))

	api := echoerr.Group(e, "/api")
	api.Handle(apiRules()...)
	routeRules(api)
	auth := echojwt.WithConfig(echojwt.Config{SigningKey: key})

	api.POST("/auth/signup", func(c echo.Context) error {
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
	api.POST("/auth/login", func(c echo.Context) error {
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

	api.GET("/movies", func(c echo.Context) error {
		movies, err := st.Movies(c.Request().Context())
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, movies)
	})
	api.POST("/movies", func(c echo.Context) error {
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
	api.GET("/movies/:id", func(c echo.Context) error {
		movie, err := st.Movie(c.Request().Context(), c.Param("id"))
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, movie)
	})
	api.PUT("/movies/:id", func(c echo.Context) error {
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
	api.DELETE("/movies/:id", func(c echo.Context) error {
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
	// them, generated once at start-up.
	spec, err := openapi.New("movie-bag", "1.0.0", echoerr.Describe(e).Reachable(errorSets)).MarshalJSON()
	if err != nil {
		panic(err) // a document of strings and numbers always encodes
	}
	e.GET("/openapi.json", func(c echo.Context) error {
		return c.JSONBlob(http.StatusOK, spec)
	})
	return e
}

// bindValid binds the JSON body into v and validates it.
func bindValid(c echo.Context, v any) error {
	if err := c.Bind(v); err != nil {
		return err
	}
	return c.Validate(v)
}

// userID is the authenticated user, from the token echo-jwt verified.
func userID(c echo.Context) string {
	token, _ := c.Get("user").(*jwt.Token)
	if token == nil {
		return ""
	}
	sub, _ := token.Claims.GetSubject()
	return sub
}
