package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// client talks to the server under test.
type client struct {
	t    *testing.T
	base string
	http *http.Client
}

type reply struct {
	status int
	header http.Header
	body   string
}

func (c *client) do(method, path, token, body string, header ...string) reply {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, strings.NewReader(body))
	require.NoError(c.t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := c.http.Do(req)
	require.NoError(c.t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(c.t, err)
	return reply{res.StatusCode, res.Header, string(b)}
}

// field returns a string member of a JSON object body.
func (r reply) field(t *testing.T, name string) string {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.body), &m), r.body)
	s, _ := m[name].(string)
	return s
}

// assertError checks one of the table's answers: {"message", "status"}.
func assertError(t *testing.T, r reply, status int, message string) {
	t.Helper()
	assert.Equal(t, status, r.status, r.body)
	assert.JSONEq(t, `{"message":`+strconvQuote(message)+`,"status":`+itoa(status)+`}`, r.body)
}

func strconvQuote(s string) string { b, _ := json.Marshal(s); return string(b) }
func itoa(n int) string            { b, _ := json.Marshal(n); return string(b) }

const testKey = "story-test-key"

// TestTutorialStory replays the seed tutorial over real HTTP against the
// server on a free loopback port, with a temporary SQLite database.
func TestTutorialStory(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "movies.db")
	db, err := openDB(dbPath)
	require.NoError(t, err)
	var logs syncBuffer
	logger := slog.New(slog.NewJSONHandler(&logs, nil))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := &http.Server{Handler: newApp(db, []byte(testKey), logger)}
	go srv.Serve(ln)
	defer srv.Close()
	c := &client{t: t, base: "http://" + ln.Addr().String(), http: &http.Client{Timeout: 10 * time.Second}}

	// Signup, twice.
	alice := `{"email":"alice@example.com","password":"s3cret"}`
	r := c.do("POST", "/api/auth/signup", "", alice)
	require.Equal(t, 200, r.status, r.body)
	assert.Equal(t, "1", r.field(t, "id"))
	assertError(t, c.do("POST", "/api/auth/signup", "", alice), 400, "User with given email address already exists")
	require.Equal(t, 200, c.do("POST", "/api/auth/signup", "", `{"email":"bob@example.com","password":"hunter2"}`).status)

	// Missing fields, malformed JSON, wrong types.
	assertError(t, c.do("POST", "/api/auth/signup", "", `{"email":"carol@example.com"}`), 400, "Request is missing required fields")
	assertError(t, c.do("POST", "/api/auth/signup", "", `{"email": "carol@`), 400, "Request body is not valid JSON")
	assertError(t, c.do("POST", "/api/auth/signup", "", `{"email": 7, "password": "x"}`), 400, "Request is missing required fields")

	// Login: wrong password, unknown user, then right.
	assertError(t, c.do("POST", "/api/auth/login", "", `{"email":"alice@example.com","password":"wrong"}`), 401, "Invalid username or password")
	assertError(t, c.do("POST", "/api/auth/login", "", `{"email":"nobody@example.com","password":"s3cret"}`), 401, "Invalid username or password")
	r = c.do("POST", "/api/auth/login", "", alice)
	require.Equal(t, 200, r.status, r.body)
	aliceToken := r.field(t, "token")
	r = c.do("POST", "/api/auth/login", "", `{"email":"bob@example.com","password":"hunter2"}`)
	require.Equal(t, 200, r.status)
	bobToken := r.field(t, "token")

	// Tokens: none, garbage, another key, expired.
	expired := signed(t, []byte(testKey), "1", -time.Hour)
	foreign := signed(t, []byte("another-key"), "1", time.Hour)
	movie := `{"name":"Alien","casts":["Sigourney Weaver"],"genres":["Sci-Fi","Horror"]}`
	for name, token := range map[string]string{"none": "", "garbage": "not.a.jwt", "another key": foreign, "expired": expired} {
		r := c.do("POST", "/api/movies", token, movie)
		assertError(t, r, 401, "Missing, malformed or expired token")
		assert.Equal(t, `Bearer realm="movie-bag"`, r.header.Get("WWW-Authenticate"), name)
	}

	// Movies: add, the same twice, missing fields, list, get, a missing id.
	r = c.do("POST", "/api/movies", aliceToken, movie)
	require.Equal(t, 200, r.status, r.body)
	id := r.field(t, "id")
	assertError(t, c.do("POST", "/api/movies", aliceToken, movie), 400, "Movie with given name already exists")
	assertError(t, c.do("POST", "/api/movies", aliceToken, `{"name":"Heat"}`), 400, "Request is missing required fields")
	r = c.do("GET", "/api/movies", "", "")
	assert.Equal(t, 200, r.status)
	assert.JSONEq(t, `[{"id":"1","name":"Alien","casts":["Sigourney Weaver"],"genres":["Sci-Fi","Horror"],"added_by":"1"}]`, r.body)
	assert.Equal(t, 200, c.do("GET", "/api/movies/"+id, "", "").status)
	assertError(t, c.do("GET", "/api/movies/999", "", ""), 400, "Movie with given id doesn't exists")

	// Another user's PUT and DELETE, then the owner's.
	assertError(t, c.do("PUT", "/api/movies/"+id, bobToken, `{"name":"Aliens"}`), 403, "Updating movie added by other is forbidden")
	assertError(t, c.do("DELETE", "/api/movies/"+id, bobToken, ""), 403, "Deleting movie added by other is forbidden")
	r = c.do("PUT", "/api/movies/"+id, aliceToken, `{"name":"Aliens"}`)
	assert.Equal(t, 200, r.status, r.body)
	assert.Equal(t, "Aliens", c.do("GET", "/api/movies/"+id, "", "").field(t, "name"))
	assert.Equal(t, 200, c.do("DELETE", "/api/movies/"+id, aliceToken, "").status)
	assertError(t, c.do("GET", "/api/movies/"+id, "", ""), 400, "Movie with given id doesn't exists")

	// Echo's own answers keep the table's shape.
	assertError(t, c.do("GET", "/api/nope", "", ""), 404, "Not Found")
	r = c.do("PATCH", "/api/movies/1", "", "")
	assertError(t, r, 405, "Method Not Allowed")
	assert.Equal(t, "OPTIONS, DELETE, GET, PUT", r.header.Get("Allow"))

	// The database closed under the server: 500, the driver's error in the
	// log line and not in the body, also as problem details.
	require.NoError(t, db.Close())
	r = c.do("GET", "/api/movies", "", "")
	assertError(t, r, 500, "Something went wrong")
	assert.NotContains(t, r.body, "closed")
	r = c.do("GET", "/api/movies", "", "", "Accept", "application/problem+json")
	assert.Equal(t, 500, r.status)
	assert.Equal(t, "application/problem+json", r.header.Get("Content-Type"))
	assert.JSONEq(t, `{"type":"about:blank","title":"Internal Server Error","status":500,"detail":"Something went wrong","instance":"/api/movies"}`, r.body)
	assert.Contains(t, logs.String(), `"error":"sql: database is closed"`)
	assert.Contains(t, logs.String(), `"status":500`)
}

// signed makes a token for user, signed with key, expiring after ttl.
func signed(t *testing.T, key []byte, user string, ttl time.Duration) string {
	t.Helper()
	claims := jwt.RegisteredClaims{Subject: user, ExpiresAt: jwt.NewNumericDate(time.Now().Add(ttl))}
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(key)
	require.NoError(t, err)
	return s
}

// TestRunServesAndShutsDown starts the command's run on a free port with a
// new database file, checks that it serves and creates the schema, and that
// it stops cleanly when its context ends, as on SIGINT or SIGTERM.
func TestRunServesAndShutsDown(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "new.db")
	var logs syncBuffer
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
	c := &client{t: t, base: "http://" + addr, http: &http.Client{Timeout: 5 * time.Second}}
	r := c.do("POST", "/api/auth/signup", "", `{"email":"a@example.com","password":"pw"}`)
	assert.Equal(t, 200, r.status, r.body)
	assert.Contains(t, logs.String(), "development key, for development only")
	cancel()
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(15 * time.Second):
		t.Fatal("run did not stop")
	}
	assert.Contains(t, logs.String(), "moviebag stopped")
	db, err := openDB(dbPath)
	require.NoError(t, err)
	defer db.Close()
	var n int
	require.NoError(t, db.QueryRow(`SELECT COUNT(*) FROM users`).Scan(&n))
	assert.Equal(t, 1, n, "the user was stored in the file")
}
