package echoerr_test

import (
	"errors"
	"net/http"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/echoerr/echoerr"
	"github.com/echoerr/echoerr/answer"
)

type reachTaken struct{}

func (*reachTaken) Error() string { return "taken" }

type reachCode struct{ code string }

func (e *reachCode) Error() string { return e.code }

var errReachGone = errors.New("gone for good")

// reachApp has three routes under one namespace whose rules each answer
// one route's errors only.
func reachApp() *echo.Echo {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New(echoerr.DeclareStatus(http.StatusInternalServerError, echoerr.Entry{Message: "oops"}))
	api := echoerr.Group(e, "/api")
	api.Handle(
		echoerr.Declare[*reachTaken](echoerr.Entry{Status: http.StatusConflict, Message: "taken"}),
		echoerr.DeclareError(errReachGone, echoerr.Entry{Status: http.StatusGone}),
		echoerr.DeclareIf(func(e *reachCode) bool { return e.code == "busy" }, echoerr.Entry{Status: http.StatusServiceUnavailable}),
		echoerr.DeclareStatus(http.StatusTeapot, echoerr.Entry{Message: "teapot"}),
	)
	ok := func(c echo.Context) error { return nil }
	api.POST("/items", ok)
	api.GET("/items/:id", ok)
	api.GET("/other", ok)
	api.GET("/unknown", ok)
	return e
}

func statusesOf(d answer.Description, route string) map[int]bool {
	out := map[int]bool{}
	for _, r := range d.Routes {
		if r.Method+" "+r.Path == route {
			for _, a := range r.Answers {
				out[a.Status] = a.Possible
			}
		}
	}
	return out
}

// TestReachable: each route keeps the answers of the rules its errors
// trigger (Keys), marks those only a guarded rule gives (MayKeys), keeps
// echoerr's 500; a route the sets do not name, and an incomplete one,
// keep everything.
func TestReachable(t *testing.T) {
	desc := echoerr.Describe(reachApp())
	keys := map[string]bool{}
	for _, r := range desc.Routes {
		for _, a := range r.Answers {
			keys[a.Key] = true
		}
	}
	// The keys, as echoerr-vet writes them.
	for _, k := range []string{
		"type *github.com/echoerr/echoerr_test.reachTaken",
		"sentinel *errors.errorString:gone for good",
		"type *github.com/echoerr/echoerr_test.reachCode",
		"status 418",
		"status 500",
	} {
		assert.True(t, keys[k], "no answer with key %q in %v", k, keys)
	}
	sets, err := answer.ParseRouteErrors([]byte(`[
	  {"method": "POST", "path": "/api/items", "keys": ["type *github.com/echoerr/echoerr_test.reachTaken"],
	   "may_keys": ["type *github.com/echoerr/echoerr_test.reachCode"], "errors": ["*app.reachTaken"]},
	  {"method": "GET", "path": "/api/items/:id", "keys": ["sentinel *errors.errorString:gone for good"], "statuses": [418]},
	  {"method": "GET", "path": "/api/unknown", "keys": [], "incomplete": true}
	]`))
	require.NoError(t, err)
	reach := desc.Reachable(sets)

	assert.Equal(t, map[int]bool{409: false, 503: true, 500: false}, statusesOf(reach, "POST /api/items"))
	assert.Equal(t, map[int]bool{410: false, 418: false, 500: false}, statusesOf(reach, "GET /api/items/:id"))
	assert.Equal(t, statusesOf(desc, "GET /api/other"), statusesOf(reach, "GET /api/other"), "a route without a set is left as it is")
	assert.Equal(t, map[int]bool{409: true, 410: true, 503: true, 418: true, 500: false}, statusesOf(reach, "GET /api/unknown"),
		"an incomplete set keeps every rule, as possible")
	assert.Equal(t, desc.Prefixes, reach.Prefixes, "the router's 404 and 405 stay")
	assert.Len(t, statusesOf(desc, "POST /api/items"), 5, "Reachable returns a copy")

	_, err = answer.ParseRouteErrors([]byte(`{"not": "a list"}`))
	assert.Error(t, err)
}
