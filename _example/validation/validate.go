package main

import (
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"

	"github.com/go-playground/validator/v10"

	"github.com/echoerr/echoerr"
)

// requestValidator plugs go-playground/validator into Echo (e.Validator) and
// into echoerr: a failed validation is an echoerr.ErrorLister, answered 422
// with one item per failing field.
type requestValidator struct{ v *validator.Validate }

func newValidator() *requestValidator {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			return f.Name
		}
		return name
	})
	return &requestValidator{v: v}
}

// Validate implements echo.Validator.
func (r *requestValidator) Validate(i any) error {
	err := r.v.Struct(i)
	var fields validator.ValidationErrors
	if errors.As(err, &fields) {
		return &validationError{fields: fields}
	}
	return err
}

// validationError implements echoerr.ErrorLister.
type validationError struct{ fields validator.ValidationErrors }

func (e *validationError) Error() string   { return e.fields.Error() }
func (e *validationError) Unwrap() error   { return e.fields }
func (e *validationError) StatusCode() int { return http.StatusUnprocessableEntity }

// ErrorList returns one item per failing field.
func (e *validationError) ErrorList() []echoerr.ErrorItem {
	items := make([]echoerr.ErrorItem, 0, len(e.fields))
	for _, f := range e.fields {
		info := map[string]any{"field": f.Field(), "rule": f.Tag()}
		if f.Param() != "" {
			info["param"] = f.Param()
		}
		items = append(items, echoerr.ErrorItem{
			Code:    "invalid-data",
			Message: fmt.Sprintf("%s fails the %q rule", f.Field(), f.Tag()),
			Info:    info,
			// The full path with the JSON names: "items[0].name", not the
			// leaf "name" (Namespace starts with the struct's own name).
			Field: fieldPath(f.Namespace()),
		})
	}
	return items
}

// fieldPath drops the struct's own name from a validator Namespace:
// "movie.items[0].name" is "items[0].name".
func fieldPath(ns string) string {
	if _, rest, ok := strings.Cut(ns, "."); ok {
		return rest
	}
	return ns
}
