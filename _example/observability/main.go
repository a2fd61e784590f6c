// Command observability reports error answers to Sentry and to
// OpenTelemetry spans through echoerr's Config.Report, and answers inside
// the instrumentation with echoerr.Respond so that it records the real
// status.
//
//	SENTRY_DSN=... go run ./observability   # listens on 127.0.0.1:8080
//
// Try:
//
//	curl -i localhost:8080/posts/draft      # 500: reported, with its cause
//	curl -i localhost:8080/movies/abc       # 400: not reported, span status unset
package main

import (
	"errors"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/getsentry/sentry-go"
	sentryecho "github.com/getsentry/sentry-go/echo"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"go.opentelemetry.io/contrib/instrumentation/github.com/labstack/echo/otelecho"

	"github.com/echoerr/echoerr"
)

// errTemplateMissing stands for a failure deep in the app.
var errTemplateMissing = errors.New("template missing")

// newServer builds the app with mw as the instrumentation (sentryecho,
// otelecho), outermost first, and report as Config.Report.
func newServer(report func(echo.Context, echoerr.Event), mw ...echo.MiddlewareFunc) *echo.Echo {
	e := echo.New()
	e.HideBanner = true
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{LogErrorFunc: echoerr.RecoverLogErrorFunc}))
	e.Use(mw...)
	// Answer inside the instrumentation, so that it sees the real status.
	e.Use(echoerr.Respond())
	e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Report: report})

	e.GET("/posts/:slug", func(c echo.Context) error {
		return fmt.Errorf("render %s: %w", c.Param("slug"), errTemplateMissing)
	})
	e.GET("/movies/:id", func(c echo.Context) error {
		id, err := strconv.Atoi(c.Param("id"))
		if err != nil {
			return echoerr.Abort(c, http.StatusBadRequest, "id must be a number", echoerr.Fields{"field": "id"})
		}
		return c.JSON(http.StatusOK, map[string]int{"id": id})
	})
	// A handler that translates a failure keeps it as the cause: the client
	// sees "try again", Sentry and the log get the failure.
	e.GET("/stats", func(c echo.Context) error {
		err := fmt.Errorf("count movies: %w", errors.New("database is locked"))
		return echoerr.AbortCause(c, err, http.StatusServiceUnavailable, "try again", nil)
	})
	return e
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "listen address")
	flag.Parse()
	var mw []echo.MiddlewareFunc
	var reports []func(echo.Context, echoerr.Event)
	if dsn := os.Getenv("SENTRY_DSN"); dsn != "" {
		if err := sentry.Init(sentry.ClientOptions{Dsn: dsn, EnableTracing: true, TracesSampleRate: 1}); err != nil {
			log.Fatal(err)
		}
		defer sentry.Flush(2 * time.Second)
		mw = append(mw, sentryecho.New(sentryecho.Options{}))
		reports = append(reports, reportToSentry)
	}
	// Spans go to the global tracer provider: a no-op until one is set up.
	mw = append(mw, otelecho.Middleware("echoerr-example"))
	reports = append(reports, reportToSpan)
	log.Printf("echoerr observability example on http://%s", *addr)
	if err := newServer(reportAll(reports...), mw...).Start(*addr); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}
