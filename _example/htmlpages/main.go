// Command htmlpages serves a blog whose errors are HTML pages for browsers
// and JSON for API clients, from the same rules (seed 004's custom error
// pages, without checking request.path in every handler).
//
//	go run ./htmlpages                    # listens on 127.0.0.1:8080
//
// Try:
//
//	curl -i -H 'Accept: text/html' localhost:8080/blog/nope        # the blog's 404 page
//	curl -i localhost:8080/blog/nope                               # JSON for an API client
//	curl -i -H 'Accept: text/html' localhost:8080/blog/movies/99   # the app's entry, on a page
//	curl -i localhost:8080/blog/posts/draft                        # unhandled: 500 without its text
package main

import (
	"errors"
	"flag"
	"fmt"
	"html/template"
	"io"
	"log"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/echoerr/echoerr"
)

// MovieNotFoundError says a movie id is unknown.
type MovieNotFoundError struct{ ID string }

func (e *MovieNotFoundError) Error() string { return "movie " + e.ID + " not found" }

// newServer builds the blog.
func newServer() *echo.Echo {
	e := echo.New()
	e.HideBanner = true
	e.Renderer = &templates{t: template.Must(template.New("blog_error").Parse(blogErrorPage))}
	e.HTTPErrorHandler = echoerr.New(
		echoerr.Declare[*MovieNotFoundError](echoerr.Entry{Status: http.StatusNotFound, Message: "Movie with given id doesn't exists"}),
	)

	// Namespace /blog: browsers get HTML pages rendered by e.Renderer, API
	// clients JSON; the handlers do not care which.
	blog := echoerr.Group(e, "/blog")
	blog.SetFormat(echoerr.Format{HTML: true, HTMLTemplate: "blog_error"})
	blog.GET("/movies/:id", func(c echo.Context) error {
		return fmt.Errorf("load: %w", &MovieNotFoundError{ID: c.Param("id")})
	})
	blog.GET("/posts/:slug", func(c echo.Context) error {
		return fmt.Errorf("render %s: %w", c.Param("slug"), errors.New("template missing"))
	})
	return e
}

// blogErrorPage is the blog's error page; html/template escapes every value.
const blogErrorPage = `<!DOCTYPE html>
<html><head><title>{{.Status}} {{.Title}} - the blog</title></head>
<body><h1>{{.Title}}</h1>{{if .Message}}<p>{{.Message}}</p>{{end}}<p><a href="/blog/">Back to the blog</a></p></body></html>
`

// templates is an echo.Renderer over html/template.
type templates struct{ t *template.Template }

func (r *templates) Render(w io.Writer, name string, data any, c echo.Context) error {
	return r.t.ExecuteTemplate(w, name, data)
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "listen address")
	flag.Parse()
	log.Printf("echoerr HTML pages example on http://%s", *addr)
	if err := newServer().Start(*addr); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}
