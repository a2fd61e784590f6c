package main

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/echoerr/echoerr/_example/internal/moviestore"
	"github.com/echoerr/echoerr/_example/internal/moviestory"
)

// TestTutorialStory replays the seed tutorial over real HTTP against the
// server on a free loopback port, with a temporary SQLite database.
func TestTutorialStory(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "movies.db")
	db, err := moviestore.Open(dbPath)
	require.NoError(t, err)
	var logs moviestory.SyncBuffer
	logger := slog.New(slog.NewJSONHandler(&logs, nil))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := &http.Server{Handler: newApp(db, []byte(moviestory.Key), logger)}
	go srv.Serve(ln)
	defer srv.Close()
	c := &moviestory.Client{T: t, Base: "http://" + ln.Addr().String(), HTTP: &http.Client{Timeout: 10 * time.Second}}
	moviestory.Story(t, c, db, &logs)
}

// TestRunServesAndShutsDown starts the command's run on a free port with a
// new database file, checks that it serves and creates the schema, and that
// it stops cleanly when its context ends, as on SIGINT or SIGTERM.
func TestRunServesAndShutsDown(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "new.db")
	var logs moviestory.SyncBuffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- run(ctx, "127.0.0.1:0", dbPath, "", logger, func(a string) { addrc <- a }) }()
	var addr string
	select {
	case addr = <-addrc:
	case err := <-done:
		t.Fatalf("run ended: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("run did not start")
	}
	c := &moviestory.Client{T: t, Base: "http://" + addr, HTTP: &http.Client{Timeout: 5 * time.Second}}
	r := c.Do("POST", "/api/auth/signup", "", `{"email":"a@example.com","password":"pw"}`)
	assert.Equal(t, 200, r.Status, r.Body)
	assert.Contains(t, logs.String(), "development key, for development only")
	cancel()
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(15 * time.Second):
		t.Fatal("run did not stop")
	}
	assert.Contains(t, logs.String(), "moviebag stopped")
	db, err := moviestore.Open(dbPath)
	require.NoError(t, err)
	defer db.Close()
	var n int
	require.NoError(t, db.QueryRow(`SELECT COUNT(*) FROM users`).Scan(&n))
	assert.Equal(t, 1, n, "the user was stored in the file")
}

// TestPrintRoutes checks the -routes table: each route with its errors.
func TestPrintRoutes(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, printRoutes(&b))
	out := b.String()
	for _, want := range []string{
		"POST /api/auth/signup", "400     User with given email address already exists",
		"GET /api/movies/:id     400     Movie with given id doesn't exists",
		"DELETE /api/movies/:id", "403     Deleting movie added by other is forbidden",
		"* /api (404, 405)       404     Not Found",
	} {
		assert.Contains(t, out, want)
	}
}
