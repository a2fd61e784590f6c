// Command validation validates JSON input with go-playground/validator
// through e.Validator: a failed validation answers 422 with one item per
// failing field ({"errors": [...]}, or an "errors" member in problem
// details), and a body that is not JSON Echo's 400.
//
//	go run ./validation                   # listens on 127.0.0.1:8080
//
// Try:
//
//	curl -i -H 'Content-Type: application/json' -d '{"stars":9}' localhost:8080/reviews
//	curl -i -H 'Content-Type: application/json' -d '{"movie":1,"stars":5}' localhost:8080/reviews
package main

import (
	"errors"
	"flag"
	"log"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/echoerr/echoerr"
)

// review is the body of POST /reviews.
type review struct {
	Movie int    `json:"movie" validate:"required,gte=1"`
	Stars int    `json:"stars" validate:"required,min=1,max=5"`
	Text  string `json:"text" validate:"max=280"`
}

func newServer() *echo.Echo {
	e := echo.New()
	e.HideBanner = true
	e.Validator = newValidator()
	e.HTTPErrorHandler = echoerr.New()
	e.POST("/reviews", func(c echo.Context) error {
		var r review
		if err := c.Bind(&r); err != nil {
			return err
		}
		if err := c.Validate(&r); err != nil {
			return err
		}
		return c.JSON(http.StatusCreated, r)
	})
	return e
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "listen address")
	flag.Parse()
	log.Printf("echoerr validation example on http://%s", *addr)
	if err := newServer().Start(*addr); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}
