// Command moviebag is the seed tutorial's movie-bag API, a Flask REST API
// rebuilt on Echo and echoerr: SQLite through database/sql and
// modernc.org/sqlite, bcrypt passwords, JWT with echo-jwt. Its handlers
// contain no error mapping; errors.go maps every error, as the tutorial's
// errors.py does.
//
//	go run ./moviebag                          # 127.0.0.1:8080, ./moviebag.db
//	go run ./moviebag -addr 127.0.0.1:9000 -db /tmp/movies.db
//	go run ./moviebag -routes                  # which rule answers what, where
//
// MOVIEBAG_JWT_KEY signs the tokens; without it a development key is used,
// and the start-up log line says so.
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

	"github.com/echoerr/echoerr"

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
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *addr, *dbPath, os.Getenv("MOVIEBAG_JWT_KEY"), logger, nil); err != nil {
		logger.Error("moviebag stopped", "error", err)
		os.Exit(1)
	}
}

// printRoutes writes which rule answers what error on which route, like
// `flask routes` for errors: the same data as /openapi.json.
func printRoutes(w io.Writer) error {
	app := newApp(nil, []byte(moviestore.DevKey), slog.New(slog.DiscardHandler)) // serves nothing: no database
	return echoerr.Describe(app).WriteTable(w)
}

// run serves the API on addr until ctx is done, then shuts down gracefully.
// ready, when not nil, gets the address listened on.
func run(ctx context.Context, addr, dbPath, key string, logger *slog.Logger, ready func(string)) error {
	return moviestore.Run(ctx, addr, dbPath, key, logger, ready, func(db *sql.DB, key []byte) http.Handler {
		return newApp(db, key, logger)
	})
}
