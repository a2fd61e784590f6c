package main

import (
	"bytes"
	"context"
	"database/sql"
	"log/slog"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/echoerr/echoerr/_example/internal/moviestore"
	"github.com/echoerr/echoerr/_example/internal/moviestory"
	"github.com/echoerr/echoerr/v5"
)

// TestTutorialStory replays the seed tutorial over real HTTP against the
// server on a free loopback port, with a temporary SQLite database.
func TestTutorialStory(t *testing.T) {
	moviestory.Serve(t, func(db *sql.DB, key []byte, logger *slog.Logger) http.Handler {
		return newApp(db, key, logger, nil)
	})
}

// TestRunServesAndShutsDown drives the command's run: it serves on a free
// port with a new database file, and stops cleanly when its context ends.
func TestRunServesAndShutsDown(t *testing.T) {
	moviestory.RunServesAndShutsDown(t, func(ctx context.Context, addr, dbPath string, logger *slog.Logger, ready func(string)) error {
		return run(ctx, addr, dbPath, "", logger, ready, nil)
	})
}

// TestPrintRoutes checks the -routes table: each route with its errors.
func TestPrintRoutes(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, printRoutes(&b))
	moviestory.RoutesTable(t, b.String())
}

// TestReachableKeys checks errorsets.json against Describe: the analyzer's
// rule keys are Describe's, and Reachable narrows each route's answers.
func TestReachableKeys(t *testing.T) {
	db, err := moviestore.Open(t.TempDir() + "/m.db")
	require.NoError(t, err)
	defer db.Close()
	moviestory.ReachableKeys(t, echoerr.Describe(newApp(db, []byte("k"), slog.New(slog.DiscardHandler), nil)), errorSets)
}
