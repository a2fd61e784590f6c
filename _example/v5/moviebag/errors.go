package main

// This file is the movie-bag's whole error handling, for Echo v5: the same
// table as the Echo v4 app's errors.go (the seed tutorial's errors.py as
// echoerr rules), with Echo v5's context in the rules. Each answer is
// {"message": ..., "status": ...}, as flask-restful writes the tutorial's
// errors dict.

import (
	"database/sql"
	"encoding/json"
	"net/http"
	"slices"

	"github.com/go-playground/validator/v10"
	"github.com/labstack/echo/v5"
	"golang.org/x/crypto/bcrypt"

	"github.com/echoerr/echoerr/v5"

	"github.com/echoerr/echoerr/_example/internal/moviestore"
)

// The tutorial's errors dict.
var (
	InternalServerError     = entry(http.StatusInternalServerError, "Something went wrong")
	SchemaValidationError   = entry(http.StatusBadRequest, "Request is missing required fields")
	MovieAlreadyExistsError = entry(http.StatusBadRequest, "Movie with given name already exists")
	UpdatingMovieError      = entry(http.StatusForbidden, "Updating movie added by other is forbidden")
	DeletingMovieError      = entry(http.StatusForbidden, "Deleting movie added by other is forbidden")
	MovieNotExistsError     = entry(http.StatusBadRequest, "Movie with given id doesn't exists")
	EmailAlreadyExistsError = entry(http.StatusBadRequest, "User with given email address already exists")
	UnauthorizedError       = entry(http.StatusUnauthorized, "Invalid username or password")
)

// TokenError answers a missing, malformed, expired or foreign token.
var TokenError = echoerr.Entry{
	Status:  http.StatusUnauthorized,
	Message: "Missing, malformed or expired token",
	Fields:  echoerr.Fields{"status": http.StatusUnauthorized},
	Headers: http.Header{"WWW-Authenticate": {`Bearer realm="movie-bag"`}},
}

func entry(status int, message string) echoerr.Entry {
	return echoerr.Entry{Status: status, Message: message, Fields: echoerr.Fields{"status": status}}
}

// What each kind of failure means, wherever it happens.
var (
	emailExists   = echoerr.DeclareIf(moviestore.UniqueViolation("users.email"), EmailAlreadyExistsError)
	movieExists   = echoerr.DeclareIf(moviestore.UniqueViolation("movies.name"), MovieAlreadyExistsError)
	missingFields = echoerr.Declare[validator.ValidationErrors](SchemaValidationError)
	wrongTypes    = echoerr.DeclareIf(wrapping[*json.UnmarshalTypeError], SchemaValidationError)
	malformed     = echoerr.DeclareIf(wrapping[*json.SyntaxError], entry(http.StatusBadRequest, "Request body is not valid JSON"))
	badToken      = echoerr.Declare[*tokenError](TokenError)
)

// appRules are what any route's error means.
func appRules() []echoerr.Rule {
	return []echoerr.Rule{
		// Echo's own answers, in the same shape.
		echoerr.DeclareStatus(http.StatusNotFound, entry(http.StatusNotFound, "Not Found")),
		echoerr.DeclareStatus(http.StatusMethodNotAllowed, entry(http.StatusMethodNotAllowed, "Method Not Allowed")),
		// Anything unexpected: the real error goes to the log line only.
		echoerr.DeclareStatus(http.StatusInternalServerError, InternalServerError),
	}
}

// routeRules are the tutorial's except clauses, declared: what each route's
// errors mean. They also document each route's error responses in
// /openapi.json.
func routeRules(api *echoerr.Namespace) {
	body := []echoerr.Rule{missingFields, wrongTypes, malformed}
	auth := []echoerr.Rule{badToken}
	api.HandleRoute(http.MethodPost, "/auth/signup", slices.Concat(body, []echoerr.Rule{emailExists})...)
	api.HandleRoute(http.MethodPost, "/auth/login", slices.Concat(body, []echoerr.Rule{
		echoerr.DeclareError(sql.ErrNoRows, UnauthorizedError), // unknown email
		echoerr.DeclareError(bcrypt.ErrMismatchedHashAndPassword, UnauthorizedError),
	})...)
	api.HandleRoute(http.MethodPost, "/movies", slices.Concat(body, auth, []echoerr.Rule{movieExists})...)
	api.HandleRoute(http.MethodGet, "/movies/:id", echoerr.DeclareError(sql.ErrNoRows, MovieNotExistsError))
	api.HandleRoute(http.MethodPut, "/movies/:id", slices.Concat(body, auth, []echoerr.Rule{
		movieExists, echoerr.DeclareError(sql.ErrNoRows, UpdatingMovieError),
	})...)
	api.HandleRoute(http.MethodDelete, "/movies/:id", slices.Concat(auth, []echoerr.Rule{
		echoerr.DeclareError(sql.ErrNoRows, DeletingMovieError),
	})...)
}

// wrapping says yes to Echo v5's bind error (a 400 HTTPError) that wraps
// the JSON decoder's error of type T: v5 wraps where v4 held an Internal.
func wrapping[T error](he *echo.HTTPError) bool {
	_, ok := he.Unwrap().(T)
	return he.Code == http.StatusBadRequest && ok
}

// tokenError is the authentication's failure: no bearer token, or one that
// does not verify (malformed, expired, signed with another key).
type tokenError struct{ err error }

func (e *tokenError) Error() string { return "token: " + e.err.Error() }
func (e *tokenError) Unwrap() error { return e.err }
