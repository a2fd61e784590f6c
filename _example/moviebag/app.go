package main

import (
	"database/sql"
	"log/slog"
	"net/http"
	"time"

	"github.com/go-playground/validator/v10"
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
	e.Validator = &requestValidator{validator.New()}
	e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Logger: logger, Rules: appRules()})
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{LogErrorFunc: echoerr.RecoverLogErrorFunc}))

	api := echoerr.Group(e, "/api")
	routeRules(api)
	auth := echojwt.WithConfig(echojwt.Config{SigningKey: key})

	api.POST("/auth/signup", func(c echo.Context) error {
		var body credentials
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
		var body credentials
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
		var body movieBody
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
		var body movieUpdate
		if err := c.Bind(&body); err != nil {
			return err
		}
		body.apply(&movie)
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
	spec, err := openapi.New("movie-bag", "1.0.0", echoerr.Describe(e)).MarshalJSON()
	if err != nil {
		panic(err) // a document of strings and numbers always encodes
	}
	e.GET("/openapi.json", func(c echo.Context) error {
		return c.JSONBlob(http.StatusOK, spec)
	})
	return e
}

// credentials is the body of signup and login.
type credentials struct {
	Email    string `json:"email" validate:"required"`
	Password string `json:"password" validate:"required"`
}

// movieBody is the body of POST /api/movies.
type movieBody struct {
	Name   string   `json:"name" validate:"required"`
	Casts  []string `json:"casts" validate:"required"`
	Genres []string `json:"genres" validate:"required"`
}

// movieUpdate is the body of PUT /api/movies/:id: the fields to change.
type movieUpdate struct {
	Name   *string  `json:"name"`
	Casts  []string `json:"casts"`
	Genres []string `json:"genres"`
}

func (u movieUpdate) apply(m *moviestore.Movie) {
	if u.Name != nil {
		m.Name = *u.Name
	}
	if u.Casts != nil {
		m.Casts = u.Casts
	}
	if u.Genres != nil {
		m.Genres = u.Genres
	}
}

// bindValid binds the JSON body into v and validates it.
func bindValid(c echo.Context, v any) error {
	if err := c.Bind(v); err != nil {
		return err
	}
	return c.Validate(v)
}

// requestValidator is an echo.Validator over go-playground/validator. Its
// error, validator.ValidationErrors, is the table's SchemaValidationError.
type requestValidator struct{ v *validator.Validate }

func (r *requestValidator) Validate(i any) error { return r.v.Struct(i) }

// userID is the authenticated user, from the token echo-jwt verified.
func userID(c echo.Context) string {
	token, _ := c.Get("user").(*jwt.Token)
	if token == nil {
		return ""
	}
	sub, _ := token.Claims.GetSubject()
	return sub
}
