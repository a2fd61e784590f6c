// Command app is echoerr-vet's Echo v5 fixture.
package main

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v5"

	"github.com/echoerr/echoerr/v5"
)

// ErrMissing is mapped in the namespace; ErrLost is mapped nowhere.
var (
	ErrMissing = errors.New("missing")
	ErrLost    = errors.New("lost")
)

// NotFound is an error type with a status of its own.
type NotFound struct{}

func (NotFound) Error() string   { return "not found" }
func (NotFound) StatusCode() int { return http.StatusNotFound }

func main() {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New()
	api := echoerr.Group(e, "/api")
	api.Handle(echoerr.DeclareError(ErrMissing, echoerr.Entry{Status: http.StatusNotFound}))
	api.GET("/missing", func(c *echo.Context) error { return ErrMissing })
	api.GET("/lost", func(c *echo.Context) error { return lost() })
	api.GET("/status", func(c *echo.Context) error { return NotFound{} })
	api.POST("/bind", func(c *echo.Context) error {
		var v struct{ Name string }
		return c.Bind(&v)
	})
	e.GET("/outside", func(c *echo.Context) error { return ErrMissing })
	_ = e.Start(":8080")
}

func lost() error { return ErrLost }
