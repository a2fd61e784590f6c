package echoerr

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/echoerr/echoerr/internal/scenario"
	"github.com/labstack/echo/v5"
)

// BenchmarkLevelOf is the cost of finding the level of a router 404 (one
// a namespace owns, one outside every prefix) in the GitHub route set.
func BenchmarkLevelOf(b *testing.B) {
	e := echo.New()
	fn := NewWithConfig(Config{Logger: slog.New(slog.DiscardHandler)})
	e.HTTPErrorHandler = fn
	h := handlerOf(fn)
	nss := map[string]*Namespace{}
	for _, p := range []string{"/repos", "/user", "/users", "/orgs"} {
		nss[p] = Group(e, p)
	}
	for _, r := range scenario.GitHubAPI {
		prefix := "/" + strings.SplitN(r[1], "/", 3)[1]
		if n := nss[prefix]; n != nil {
			n.Add(r[0], strings.TrimPrefix(r[1], prefix), func(*echo.Context) error { return nil })
		} else {
			e.Add(r[0], r[1], func(*echo.Context) error { return nil })
		}
	}
	for _, path := range []string{"/orgs/x/nope/a/b", "/nope/deeper"} {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		c := e.NewContext(req, httptest.NewRecorder())
		b.Run(path, func(b *testing.B) {
			for b.Loop() {
				h.levelOf(c, echo.ErrNotFound)
			}
		})

	}
}
