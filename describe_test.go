package echoerr_test

import (
	"bytes"
	"errors"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/echoerr/echoerr"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata")

// describedApp has every kind of rule at every level.
func describedApp() *echo.Echo {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New(
		echoerr.DeclareStatus(http.StatusInternalServerError, echoerr.Entry{Message: "Something went wrong"}),
		echoerr.DeclareError(errNoRows, echoerr.Entry{Status: 404, Message: "app: no row"}),
		echoerr.OnStatus(http.StatusUnauthorized, func(c echo.Context, err error) error { return err }).
			Answers("ask for a token", http.StatusUnauthorized),
	)
	api := echoerr.Group(e, "/api")
	api.SetFormat(echoerr.Format{HTML: true})
	api.Handle(
		echoerr.DeclareError(errNoRows, echoerr.Entry{Status: 404, Message: "api: no row", Fields: echoerr.Fields{"hint": "check the id"}}),
		echoerr.DeclareIf(code("23505"), echoerr.Entry{Status: 409, Message: "already exists"}),
		echoerr.DeclareStatus(http.StatusNotFound, echoerr.Entry{Message: "no such endpoint"}),
	)
	v1 := api.Group("/v1")
	v1.Handle(echoerr.On(func(c echo.Context, err *E) error { return nil }))
	v1.GET("/movies/:id", returning(nil))
	v1.HandleRoute(http.MethodPut, "/movies/:id",
		echoerr.DeclareError(errNoRows, echoerr.Entry{Status: 403, Message: "not yours", Headers: http.Header{"X-Owner": {"other"}}}))
	v1.PUT("/movies/:id", returning(nil))
	e.GET("/health", returning(nil))
	admin := echoerr.Group(e.Host("admin.example"), "/admin")
	admin.Handle(echoerr.CatchAll(func(c echo.Context, err error) error { return err }))
	admin.GET("/stats", returning(nil))
	return e
}

// TestDescribeTable pins the table of what answers what, where.
func TestDescribeTable(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, echoerr.Describe(describedApp()).WriteTable(&b))
	golden := filepath.Join("testdata", "describe.golden")
	if *update {
		require.NoError(t, os.WriteFile(golden, b.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	assert.Equal(t, string(want), b.String())
}

func TestDescribe(t *testing.T) {
	d := echoerr.Describe(describedApp())
	require.True(t, d.AppRules)
	var get, put echoerr.RouteAnswers
	for _, r := range d.Routes {
		switch r.Method + " " + r.Path {
		case "GET /api/v1/movies/:id":
			get = r
		case "PUT /api/v1/movies/:id":
			put = r
		}
	}
	assert.Equal(t, "/api/v1", get.Namespace)
	assert.Equal(t, echoerr.Formats{"application/json", "application/problem+json", "text/html"}, get.Formats)
	// Innermost first; the app's entry for the same sentinel is hidden.
	var statuses []int
	for _, a := range get.Answers {
		statuses = append(statuses, a.Status)
	}
	assert.Equal(t, []int{0, 404, 409, 500, 401}, statuses, "the namespace's status 404 rule is listed with its prefix")
	assert.Equal(t, echoerr.Handled, get.Answers[0].Kind)
	assert.Equal(t, "handler rule, answers undocumented", get.Answers[0].Description)
	assert.Equal(t, echoerr.Fields{"hint": "check the id"}, get.Answers[1].Fields)
	assert.Equal(t, "ask for a token", get.Answers[4].Description)
	assert.Equal(t, 403, put.Answers[0].Status)
	assert.Equal(t, "PUT /api/v1/movies/:id", put.Answers[0].Level)
	assert.Equal(t, "other", put.Answers[0].Headers.Get("X-Owner"))

	t.Run("a wrapped handler: the app's rules are unknown", func(t *testing.T) {
		e := describedApp()
		h := e.HTTPErrorHandler
		e.HTTPErrorHandler = func(err error, c echo.Context) { h(err, c) }
		d := echoerr.Describe(e)
		assert.False(t, d.AppRules)
		var b bytes.Buffer
		require.NoError(t, d.WriteTable(&b))
		assert.Contains(t, b.String(), "the app's rules are unknown")
	})
	t.Run("Answers checks its statuses and copies the rule", func(t *testing.T) {
		r := echoerr.OnError(errors.New("x"), func(c echo.Context, err error) error { return nil })
		assert.PanicsWithValue(t, "echoerr: Rule.Answers: status 302 is outside 400-599", func() { r.Answers("", 302) })
		assert.PanicsWithValue(t, "echoerr: Rule.Answers: zero Rule (build rules with On, OnIf, OnError, OnStatus, CatchAll, Declare, DeclareIf, DeclareError or DeclareStatus)",
			func() { echoerr.Rule{}.Answers("x") })
	})
}

// Describe, per-route rules and rules registered while requests are served:
// no data race, and every answer stays one of the possible ones.
func TestDescribeAndRegisterWhileServing(t *testing.T) {
	e := describedApp()
	api := echoerr.Group(e, "/live")
	api.GET("/x/:id", returning(errNoRows))
	done := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				rec := serve(e, http.MethodGet, "/live/x/1")
				if rec.Code != 404 && rec.Code != 409 && rec.Code != 410 {
					t.Errorf("unexpected %d %s", rec.Code, rec.Body.String())
					return
				}
			}
		}()
	}
	for i := 0; i < 50; i++ {
		_ = echoerr.Describe(e)
		api.Handle(echoerr.DeclareError(errNoRows, echoerr.Entry{Status: 409}))
		api.HandleRoute(http.MethodGet, "/x/:id", echoerr.DeclareError(errNoRows, echoerr.Entry{Status: 410}))
	}
	close(done)
	wg.Wait()
	assert.Equal(t, 410, serve(e, http.MethodGet, "/live/x/1").Code, "the route's rule, once registered")
}
