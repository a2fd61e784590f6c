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
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/echoerr/echoerr"
)

// devKey signs tokens when MOVIEBAG_JWT_KEY is not set.
const devKey = "moviebag-development-only-key"

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
	app := newApp(nil, []byte(devKey), slog.New(slog.DiscardHandler)) // serves nothing: no database
	return echoerr.Describe(app).WriteTable(w)
}

// run serves the API on addr until ctx is done, then shuts down gracefully.
// ready, when not nil, gets the address listened on.
func run(ctx context.Context, addr, dbPath, key string, logger *slog.Logger, ready func(string)) error {
	db, err := openDB(dbPath)
	if err != nil {
		return fmt.Errorf("open %s: %w", dbPath, err)
	}
	defer db.Close()
	if key == "" {
		key = devKey
		logger.Warn("MOVIEBAG_JWT_KEY is not set: tokens are signed with a development key, for development only")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: newApp(db, []byte(key), logger), ReadHeaderTimeout: 10 * time.Second}
	logger.Info("moviebag listening", "addr", "http://"+ln.Addr().String(), "db", dbPath)
	if ready != nil {
		ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Info("moviebag stopped")
	return nil
}
