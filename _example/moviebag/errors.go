package main

// This file is the movie-bag's whole error handling: the seed tutorial's
// errors.py as echoerr rules. The handlers return what the store, the binder
// and the authentication return; the table says what each of those errors
// means, once, with the SQLite and validator kits for what every app has.
// Each answer is {"message": ..., "status": ...}, as flask-restful writes
// the tutorial's errors dict.

import (
	"database/sql"
	"encoding/json"
	"io"
	"net/http"
	"slices"

	sqlitekit "github.com/echoerr/echoerr/kits/sqlite"
	validatorkit "github.com/echoerr/echoerr/kits/validator"
	echojwt "github.com/labstack/echo-jwt/v4"
	"github.com/labstack/echo/v4"
	"golang.org/x/crypto/bcrypt"

	"github.com/echoerr/echoerr"
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
	PasswordTooLongError    = entry(http.StatusBadRequest, "Password is longer than 72 bytes")
)

// TokenError answers a missing, malformed, expired or foreign token (the
// tutorial's readers got a 500 there).
var TokenError = echoerr.Entry{
	Status:  http.StatusUnauthorized,
	Message: "Missing, malformed or expired token",
	Headers: http.Header{"WWW-Authenticate": {`Bearer realm="movie-bag"`}},
}

func entry(status int, message string) echoerr.Entry {
	return echoerr.Entry{Status: status, Message: message}
}

// Tutorial is the answers' shape, flask-restful's: {"message": ...,
// "status": ...} for every answer, the kits' included.
var Tutorial = echoerr.Format{Body: func(_ *http.Request, a echoerr.Answer) any {
	return tutorialBody{Message: a.Message, Status: a.Status}
}}

type tutorialBody struct {
	Message string `json:"message"`
	Status  int    `json:"status"`
}

// What each kind of failure means, wherever it happens.
var (
	// The kits' rules in the tutorial's words: SQLite's UNIQUE failures on
	// the two constraints a client can break, go-playground/validator's
	// errors (Validation is the app's echo.Validator).
	emailExists   = echoerr.Kit(sqlitekit.Unique("users.email", EmailAlreadyExistsError))
	movieExists   = echoerr.Kit(sqlitekit.Unique("movies.name", MovieAlreadyExistsError))
	Validation    = validatorkit.New(nil, validatorkit.Entry(SchemaValidationError))
	missingFields = echoerr.Kit(Validation.Rules()...)
	wrongTypes    = echoerr.DeclareIf(wrongType, SchemaValidationError)
	malformed     = echoerr.DeclareIf(notJSON, entry(http.StatusBadRequest, "Request body is not valid JSON"))
	noToken       = echoerr.Declare[*echojwt.TokenExtractionError](TokenError)
	badToken      = echoerr.Declare[*echojwt.TokenParsingError](TokenError)
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

// apiRules are what any /api route's database failure means: the SQLite
// kit's table (a busy database 503 with Retry-After, a full one 507, ...).
func apiRules() []echoerr.Rule {
	return echoerr.Kit(sqlitekit.Rules()...)
}

// routeRules are the tutorial's except clauses, declared: what each route's
// errors mean. They also document each route's error responses in
// /openapi.json.
func routeRules(api *echoerr.Namespace) {
	body := slices.Concat(missingFields, []echoerr.Rule{wrongTypes, malformed})
	auth := []echoerr.Rule{noToken, badToken}
	tooLong := echoerr.DeclareError(bcrypt.ErrPasswordTooLong, PasswordTooLongError) // bcrypt's 72 bytes
	api.HandleRoute(http.MethodPost, "/auth/signup", slices.Concat(body, emailExists, []echoerr.Rule{tooLong})...)
	api.HandleRoute(http.MethodPost, "/auth/login", slices.Concat(body, []echoerr.Rule{
		echoerr.DeclareError(sql.ErrNoRows, UnauthorizedError), // unknown email
		echoerr.DeclareError(bcrypt.ErrMismatchedHashAndPassword, UnauthorizedError),
		// No stored password is longer than 72 bytes (signup refuses
		// them): a longer one is wrong, not a server error.
		echoerr.DeclareError(bcrypt.ErrPasswordTooLong, UnauthorizedError),
	})...)
	api.HandleRoute(http.MethodPost, "/movies", slices.Concat(body, auth, movieExists)...)
	api.HandleRoute(http.MethodGet, "/movies/:id", echoerr.DeclareError(sql.ErrNoRows, MovieNotExistsError))
	api.HandleRoute(http.MethodPut, "/movies/:id", slices.Concat(body, auth, movieExists, []echoerr.Rule{
		echoerr.DeclareError(sql.ErrNoRows, UpdatingMovieError),
	})...)
	api.HandleRoute(http.MethodDelete, "/movies/:id", slices.Concat(auth, []echoerr.Rule{
		echoerr.DeclareError(sql.ErrNoRows, DeletingMovieError),
	})...)
}

// notJSON says yes to Echo's bind error for a body that is not JSON: a 400
// whose internal error is the decoder's own (not any JSON error deeper in
// some other error's tree, such as a malformed token's).
func notJSON(he *echo.HTTPError) bool {
	_, syntax := he.Internal.(*json.SyntaxError)
	return he.Code == http.StatusBadRequest && (syntax || he.Internal == io.ErrUnexpectedEOF)
}

// wrongType says yes to Echo's bind error for a field of the wrong type.
func wrongType(he *echo.HTTPError) bool {
	_, wrong := he.Internal.(*json.UnmarshalTypeError)
	return he.Code == http.StatusBadRequest && wrong
}
