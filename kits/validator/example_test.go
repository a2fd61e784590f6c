package validator_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/echoerr/echoerr"
	"github.com/echoerr/echoerr/kits/kittest"
	validatorkit "github.com/echoerr/echoerr/kits/validator"
)

// Example validates a request with the kit, whose rule answers the errors
// in the request's language; README's snippet is this one.
func Example() {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New()
	api := echoerr.Group(e, "/api")
	kit := validatorkit.New(nil) // or New(yourValidate, validatorkit.Status(400))
	e.Validator = kit            // c.Validate(&v) now reports JSON paths
	api.Handle(echoerr.Kit(kit.Rules()...)...)
	api.POST("/orders", func(c echo.Context) error {
		var o struct {
			Email string `json:"email" validate:"required,email"`
		}
		if err := c.Bind(&o); err != nil {
			return err
		}
		return c.Validate(&o)
	})

	req := httptest.NewRequest(http.MethodPost, "/api/orders", strings.NewReader(`{"email": "nope"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept-Language", "fr")
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	fmt.Print(rec.Code, " ", rec.Body.String())
	// Output:
	// 422 {"errors":[{"code":"email","message":"email doit être une adresse email valide","info":null,"field":"email"}]}
}

// README's Go snippets stand in this file.
func TestReadmeSnippets(t *testing.T) { kittest.ReadmeSnippets(t) }
