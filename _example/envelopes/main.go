// Command envelopes serves one small article API three times, each in the
// error envelope of a public API style, written by echoerr's Format.Body
// alone: RealWorld's {"errors": {"field": ["..."]}}, JSON:API's
// {"errors": [{"status", "title", "detail", "source": {"pointer"}}]} (as
// application/vnd.api+json) and Google's {"error": {"code", "message",
// "errors"}}. Every answer echoerr writes itself comes out in the
// namespace's envelope: declared entries, Abort, per-field validation
// errors, the router's 404 and 405, a recovered panic, a body over the
// limit, and anything unexpected (500, no internal text).
//
//	go run ./envelopes                  # listens on 127.0.0.1:8080
//
// Try:
//
//	curl -i localhost:8080/realworld/articles/nope
//	curl -i -X POST -H 'Content-Type: application/json' -d '{"title":""}' localhost:8080/jsonapi/articles
//	curl -i -X DELETE localhost:8080/google/articles/hello
package main

import (
	"errors"
	"flag"
	"fmt"
	"log"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/echoerr/echoerr"
)

// errNoArticle is the store's "no such row".
var errNoArticle = errors.New("article: no such row")

// realWorld is the RealWorld (Conduit) API's envelope: one key per invalid
// field, "body" for anything else.
var realWorld = echoerr.Format{Body: func(r *http.Request, a echoerr.Answer) any {
	errs := map[string][]string{}
	for _, it := range a.Items {
		key := it.Field
		if key == "" {
			key = "body"
		}
		errs[key] = append(errs[key], it.Message)
	}
	if len(errs) == 0 {
		errs["body"] = []string{a.Message}
	}
	return map[string]any{"errors": errs}
}}

// jsonAPI is JSON:API's error document, with its media type.
var jsonAPI = echoerr.Format{BodyType: "application/vnd.api+json", Body: func(r *http.Request, a echoerr.Answer) any {
	type source struct {
		Pointer string `json:"pointer"`
	}
	type item struct {
		Status string  `json:"status"`
		Code   string  `json:"code,omitempty"`
		Title  string  `json:"title"`
		Detail string  `json:"detail,omitempty"`
		Source *source `json:"source,omitempty"`
	}
	var errs []item
	for _, it := range a.Items {
		errs = append(errs, item{Status: fmt.Sprint(a.Status), Code: it.Code, Title: a.Message, Detail: it.Message,
			Source: &source{Pointer: "/data/attributes/" + it.Field}})
	}
	if len(errs) == 0 {
		errs = append(errs, item{Status: fmt.Sprint(a.Status), Title: a.Message})
	}
	return map[string]any{"errors": errs}
}}

// google is Google's JSON style guide's error object.
var google = echoerr.Format{Body: func(r *http.Request, a echoerr.Answer) any {
	type reason struct {
		Reason   string `json:"reason"`
		Message  string `json:"message"`
		Location string `json:"location,omitempty"`
	}
	e := map[string]any{"code": a.Status, "message": a.Message}
	if len(a.Items) > 0 {
		var rs []reason
		for _, it := range a.Items {
			rs = append(rs, reason{Reason: it.Code, Message: it.Message, Location: it.Field})
		}
		e["errors"] = rs
	}
	return map[string]any{"error": e}
}}

// article is the request body of POST /articles.
type article struct {
	Title string `json:"title"`
	Body  string `json:"body"`
}

// validate returns one item per invalid field.
func (a article) validate() error {
	errs := echoerr.NewErrors(http.StatusUnprocessableEntity)
	if strings.TrimSpace(a.Title) == "" {
		errs.Items = append(errs.Items, echoerr.ErrorItem{Code: "blank", Message: "can't be blank", Field: "title"})
	}
	if len(a.Body) > 200 {
		errs.Items = append(errs.Items, echoerr.ErrorItem{Code: "too-long", Message: "is too long (200 characters at most)", Field: "body"})
	}
	if len(errs.Items) > 0 {
		return errs
	}
	return nil
}

func newServer() *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = echoerr.New(
		echoerr.DeclareStatus(http.StatusInternalServerError, echoerr.Entry{Message: "Something went wrong"}),
	)
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{LogErrorFunc: echoerr.RecoverLogErrorFunc}))
	for prefix, f := range map[string]echoerr.Format{"/realworld": realWorld, "/jsonapi": jsonAPI, "/google": google} {
		api := echoerr.Group(e, prefix, middleware.BodyLimit("1K"))
		api.SetFormat(f)
		api.Handle(echoerr.DeclareError(errNoArticle, echoerr.Entry{Status: http.StatusNotFound, Message: "article not found"}))
		api.GET("/articles/:slug", func(c echo.Context) error {
			if c.Param("slug") == "hello" {
				return c.JSON(http.StatusOK, article{Title: "Hello"})
			}
			return fmt.Errorf("load %q: %w", c.Param("slug"), errNoArticle)
		})
		api.POST("/articles", func(c echo.Context) error {
			var a article
			if err := c.Bind(&a); err != nil {
				return err
			}
			if err := a.validate(); err != nil {
				return err
			}
			return c.JSON(http.StatusCreated, a)
		})
		api.DELETE("/articles/:slug", func(c echo.Context) error {
			return echoerr.Abort(c, http.StatusForbidden, "only the author may delete it", nil)
		})
		api.GET("/boom", func(echo.Context) error { return errors.New("pq: connection refused (secret)") })
		api.GET("/panic", func(echo.Context) error { panic("nil map (secret)") })
	}
	return e
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "listen address")
	flag.Parse()
	log.Printf("echoerr envelopes example on http://%s", *addr)
	log.Fatal(newServer().Start(*addr))
}
