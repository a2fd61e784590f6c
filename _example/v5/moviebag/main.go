// Command moviebag is the seed tutorial's movie-bag API on Echo v5 and
// echoerr's v5 module: the same API, store, error table and answers as the
// Echo v4 app in ../../moviebag, with Sentry (sentry-go/echo, the release
// for Echo v5) and OpenTelemetry (labstack's echo-opentelemetry) wired to
// echoerr's reports.
//
//	go run ./moviebag                          # 127.0.0.1:8080, ./moviebag.db
//	go run ./moviebag -addr 127.0.0.1:9000 -db /tmp/movies.db
//	go run ./moviebag -routes                  # which rule answers what, where
//
// MOVIEBAG_JWT_KEY signs the tokens; without it a development key is used,
// and the start-up log line says so. SENTRY_DSN, when set, sends 5xx
// answers to Sentry. Spans go to OpenTelemetry's global tracer provider: a
// no-op until the program sets one up.
package main

import (
	"context"
	"database/sql"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/getsentry/sentry-go"
	sentryecho "github.com/getsentry/sentry-go/echo"
	echootel "github.com/labstack/echo-opentelemetry"
	"github.com/labstack/echo/v5"

	"github.com/echoerr/echoerr/v5"

	"github.com/echoerr/echoerr/_example/internal/moviestore"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "listen address")
	dbPath := flag.String("db", "moviebag.db", "SQLite file, created with its schema on first start")
	routes := flag.Bool("routes", false, "print which rule answers what error on which route, and exit")
	flag.Parse()
	if *routes {
		if err := printRoutes(os.Stdout); err != nil {
			os.Exit(1)
		}
		return
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	mw := []echo.MiddlewareFunc{echootel.NewMiddleware(*addr)}
	reports := []func(*echo.Context, echoerr.Event){reportToSpan}
	if dsn := os.Getenv("SENTRY_DSN"); dsn != "" {
		if err := sentry.Init(sentry.ClientOptions{Dsn: dsn, EnableTracing: true, TracesSampleRate: 1}); err != nil {
			logger.Error("sentry", "error", err)
			os.Exit(1)
		}
		defer sentry.Flush(2 * time.Second)
		mw = append(mw, sentryecho.New(sentryecho.Options{}))
		reports = append(reports, reportToSentry)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *addr, *dbPath, os.Getenv("MOVIEBAG_JWT_KEY"), logger, nil, reportAll(reports...), mw...); err != nil {
		logger.Error("moviebag stopped", "error", err)
		os.Exit(1)
	}
}

// printRoutes writes which rule answers what error on which route: the same
// data as /openapi.json.
func printRoutes(w io.Writer) error {
	app := newApp(nil, []byte(moviestore.DevKey), slog.New(slog.DiscardHandler), nil) // serves nothing: no database
	return echoerr.Describe(app).WriteTable(w)
}

// run serves the API on addr until ctx is done, then shuts down gracefully.
// ready, when not nil, gets the address listened on.
func run(ctx context.Context, addr, dbPath, key string, logger *slog.Logger, ready func(string), report func(*echo.Context, echoerr.Event), mw ...echo.MiddlewareFunc) error {
	return moviestore.Run(ctx, addr, dbPath, key, logger, ready, func(db *sql.DB, key []byte) http.Handler {
		return newApp(db, key, logger, report, mw...)
	})
}
