package echoerr_test

import (
	"net/http"
	"testing"

	"slices"

	"github.com/labstack/echo/v5"

	ans "github.com/echoerr/echoerr/answer"
	"github.com/echoerr/echoerr/v5"
)

type reachTaken struct{}

func (*reachTaken) Error() string { return "taken" }

// TestReachable: on Echo v5, answers carry the keys echoerr-vet writes, and
// Reachable narrows a route's answers to them.
func TestReachable(t *testing.T) {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New()
	api := echoerr.Group(e, "/api")
	api.Handle(echoerr.Declare[*reachTaken](echoerr.Entry{Status: http.StatusConflict}),
		echoerr.DeclareStatus(http.StatusTeapot, echoerr.Entry{}))
	api.GET("/a", func(c *echo.Context) error { return nil })
	api.GET("/b", func(c *echo.Context) error { return nil })
	desc := echoerr.Describe(e)
	reach := desc.Reachable([]ans.RouteErrors{
		{Method: "GET", Path: "/api/a", Keys: []string{"type *github.com/echoerr/echoerr/v5_test.reachTaken"}},
		{Method: "GET", Path: "/api/b", Statuses: []int{418}},
	})
	statuses := func(d ans.Description, path string) []int {
		var out []int
		for _, r := range d.Routes {
			if r.Path == path {
				for _, a := range r.Answers {
					out = append(out, a.Status)
				}
			}
		}
		return out
	}
	all := statuses(desc, "/api/a")
	slices.Sort(all)
	if !slices.Equal(all, []int{409, 418, 500}) {
		t.Errorf("Describe: %v", all)
	}
	if got := statuses(reach, "/api/a"); !slices.Equal(got, []int{409, 500}) {
		t.Errorf("Reachable GET /api/a: %v, want [409 500] (echoerr's own 500 stays)", got)
	}
	if got := statuses(reach, "/api/b"); !slices.Equal(got, []int{418, 500}) {
		t.Errorf("Reachable GET /api/b: %v, want [418 500]", got)
	}
}
