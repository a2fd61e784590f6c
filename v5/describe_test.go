package echoerr_test

import (
	"bytes"
	"errors"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/echoerr/echoerr/internal/scenario"
	"github.com/echoerr/echoerr/v5"
	"github.com/labstack/echo/v5"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata")

var errNoRows = errors.New("sql: no rows in result set")

// describedApp is the Echo v4 package's describedApp for Echo v5 (without
// a host router: v5 has none): every kind of rule at every level.
func describedApp() *echo.Echo {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New(
		echoerr.DeclareStatus(http.StatusInternalServerError, echoerr.Entry{Message: "Something went wrong"}),
		echoerr.DeclareError(errNoRows, echoerr.Entry{Status: 404, Message: "app: no row"}),
		echoerr.OnStatus(http.StatusUnauthorized, func(c *echo.Context, err error) error { return err }).
			Answers("ask for a token", http.StatusUnauthorized),
	)
	api := echoerr.Group(e, "/api")
	api.SetFormat(echoerr.Format{HTML: true})
	api.Handle(
		echoerr.DeclareError(errNoRows, echoerr.Entry{Status: 404, Message: "api: no row", Fields: echoerr.Fields{"hint": "check the id"}}),
		echoerr.DeclareIf(func(e *scenario.DBError) bool { return e.Code == "23505" }, echoerr.Entry{Status: 409, Message: "already exists"}),
		echoerr.DeclareStatus(http.StatusNotFound, echoerr.Entry{Message: "no such endpoint"}),
	)
	v1 := api.Group("/v1")
	v1.Handle(echoerr.On(func(c *echo.Context, err *scenario.Again) error { return nil }))
	v1.GET("/movies/:id", returning(nil))
	v1.HandleRoute(http.MethodPut, "/movies/:id",
		echoerr.DeclareError(errNoRows, echoerr.Entry{Status: 403, Message: "not yours", Headers: http.Header{"X-Owner": {"other"}}}))
	v1.PUT("/movies/:id", returning(nil))
	e.GET("/health", returning(nil))
	admin := echoerr.Group(e, "/admin")
	admin.Handle(echoerr.CatchAll(func(c *echo.Context, err error) error { return err }))
	admin.GET("/stats", returning(nil))
	return e
}

// TestDescribeTable pins the table of what answers what, where: the same
// rows as the Echo v4 package's testdata/describe.golden, host aside.
func TestDescribeTable(t *testing.T) {
	var b bytes.Buffer
	if err := echoerr.Describe(describedApp()).WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "describe.golden")
	if *update {
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("table:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestDescribe(t *testing.T) {
	d := echoerr.Describe(describedApp())
	if !d.AppRules {
		t.Fatal("the app's rules are not found from e.HTTPErrorHandler")
	}
	var get, put echoerr.RouteAnswers
	for _, r := range d.Routes {
		switch r.Method + " " + r.Path {
		case "GET /api/v1/movies/:id":
			get = r
		case "PUT /api/v1/movies/:id":
			put = r
		}
	}
	if get.Namespace != "/api/v1" {
		t.Errorf("namespace %q", get.Namespace)
	}
	if !slices.Equal(get.Formats, echoerr.Formats{"application/json", "application/problem+json", "text/html"}) {
		t.Errorf("formats %v", get.Formats)
	}
	var statuses []int
	for _, a := range get.Answers {
		statuses = append(statuses, a.Status)
	}
	// Innermost first; the app's entry for the same sentinel is hidden.
	if !slices.Equal(statuses, []int{0, 404, 409, 500, 401}) {
		t.Errorf("statuses %v", statuses)
	}
	if get.Answers[0].Kind != echoerr.Handled || get.Answers[4].Description != "ask for a token" {
		t.Errorf("answers %+v", get.Answers)
	}
	if put.Answers[0].Status != 403 || put.Answers[0].Level != "PUT /api/v1/movies/:id" || put.Answers[0].Headers.Get("X-Owner") != "other" {
		t.Errorf("route rule %+v", put.Answers[0])
	}
	var prefixes []string
	for _, p := range d.Prefixes {
		prefixes = append(prefixes, p.Prefix)
	}
	if !slices.Equal(prefixes, []string{"/admin", "/api", "/api/v1"}) {
		t.Errorf("prefixes %v", prefixes)
	}

	t.Run("a wrapped handler: the app's rules are unknown", func(t *testing.T) {
		e := describedApp()
		h := e.HTTPErrorHandler
		e.HTTPErrorHandler = func(c *echo.Context, err error) { h(c, err) }
		d := echoerr.Describe(e)
		var b bytes.Buffer
		if err := d.WriteTable(&b); err != nil {
			t.Fatal(err)
		}
		if d.AppRules || !strings.Contains(b.String(), "the app's rules are unknown") {
			t.Errorf("AppRules %v, table:\n%s", d.AppRules, b.String())
		}
	})
	t.Run("Echo's own handler, no namespaces", func(t *testing.T) {
		e := echo.New()
		e.GET("/x", returning(nil))
		d := echoerr.Describe(e)
		if d.AppRules || len(d.Routes) != 1 || len(d.Prefixes) != 0 {
			t.Errorf("%+v", d)
		}
	})
}

// Describe and rules registered while requests are served: no data race.
func TestDescribeWhileServing(t *testing.T) {
	e := describedApp()
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for j := range 50 {
				switch i {
				case 0:
					_ = echoerr.Describe(e)
				case 1:
					echoerr.HandleRoute(e, http.MethodGet, "/health", echoerr.DeclareStatus(500+j%10, echoerr.Entry{Message: "x"}))
				default:
					a := serve(e, http.MethodGet, "/api/v1/movies/1")
					if a.Status != http.StatusOK {
						t.Errorf("%+v", a)
					}
				}
			}
		})
	}
	wg.Wait()
}

// An Any route is described as one row per method it serves, as Echo v4's
// Any registers them, never under Echo v5's internal method name; a
// method's own route at the path keeps its own row, and the Any route's
// namespace rules describe the others.
func TestDescribeAnyRoute(t *testing.T) {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New()
	api := echoerr.Group(e, "/api")
	api.Handle(echoerr.DeclareError(errNoRows, echoerr.Entry{Status: 404, Message: "api: no row"}))
	api.Any("/things", func(*echo.Context) error { return nil })
	e.POST("/api/things", func(*echo.Context) error { return nil })
	d := echoerr.Describe(e)
	var methods []string
	for _, r := range d.Routes {
		if r.Method == echo.RouteAny {
			t.Fatalf("row with Echo's internal method name: %+v", r)
		}
		methods = append(methods, r.Method)
		wantNS := "/api"
		if r.Method == http.MethodPost {
			wantNS = "" // the app's own route
		}
		if r.Namespace != wantNS {
			t.Errorf("%s %s: namespace %q, want %q", r.Method, r.Path, r.Namespace, wantNS)
		}
	}
	for _, m := range []string{http.MethodGet, http.MethodPut, http.MethodDelete, http.MethodPost, "PROPFIND"} {
		if !slices.Contains(methods, m) {
			t.Errorf("no row for %s: %v", m, methods)
		}
	}
	if n := len(methods); n != 11 {
		t.Errorf("%d rows, want 11 (Echo v4's Any methods): %v", n, methods)
	}
}
