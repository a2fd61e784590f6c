// Package moviestory is the seed tutorial's story, step by step, as a test
// of a movie-bag server over real HTTP: the same story for the Echo v4 and
// the Echo v5 app, so that both answer every step alike.
package moviestory

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/echoerr/echoerr/answer"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/echoerr/echoerr/_example/internal/moviestore"
)

// Key is the key the story's server signs tokens with.
const Key = "story-test-key"

// SyncBuffer is a log sink safe for the server's goroutines.
type SyncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Client talks to the server under test; check, when set, sees every
// request and its Reply.
type Client struct {
	T     *testing.T
	Base  string
	HTTP  *http.Client
	check func(*http.Request, Reply)
}

// Reply is a response as the story reads it.
type Reply struct {
	Status int
	Header http.Header
	Body   string
}

// Do sends a request with a JSON body (when not "") and a bearer token
// (when not ""), and header's name-value pairs.
func (c *Client) Do(method, path, token, body string, header ...string) Reply {
	c.T.Helper()
	req, err := http.NewRequest(method, c.Base+path, strings.NewReader(body))
	require.NoError(c.T, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := c.HTTP.Do(req)
	require.NoError(c.T, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(c.T, err)
	r := Reply{res.StatusCode, res.Header, string(b)}
	if c.check != nil {
		c.check(req, r)
	}
	return r
}

// field returns a string member of a JSON object body.
func (r Reply) field(t *testing.T, name string) string {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.Body), &m), r.Body)
	s, _ := m[name].(string)
	return s
}

// assertError checks one of the table's answers: {"message", "status"}.
func assertError(t *testing.T, r Reply, status int, message string) {
	t.Helper()
	assert.Equal(t, status, r.Status, r.Body)
	assert.JSONEq(t, `{"message":`+strconvQuote(message)+`,"status":`+itoa(status)+`}`, r.Body)
}

func strconvQuote(s string) string { b, _ := json.Marshal(s); return string(b) }
func itoa(n int) string            { b, _ := json.Marshal(n); return string(b) }

// Serve replays the seed tutorial (Story) over real HTTP against the
// handler newApp builds on a temporary SQLite database, served on a free
// loopback port, signing tokens with Key and logging JSON to logger.
func Serve(t *testing.T, newApp func(db *sql.DB, key []byte, logger *slog.Logger) http.Handler) {
	db, err := moviestore.Open(filepath.Join(t.TempDir(), "movies.db"))
	require.NoError(t, err)
	var logs SyncBuffer
	logger := slog.New(slog.NewJSONHandler(&logs, nil))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := &http.Server{Handler: newApp(db, []byte(Key), logger)}
	go srv.Serve(ln)
	defer srv.Close()
	c := &Client{T: t, Base: "http://" + ln.Addr().String(), HTTP: &http.Client{Timeout: 10 * time.Second}}
	Story(t, c, db, &logs)
}

// Story replays the seed tutorial against the server c talks to, which
// serves the movie-bag on db (a new database) and logs to logs.
func Story(t *testing.T, c *Client, db *sql.DB, logs fmt.Stringer) {
	// The served OpenAPI document is valid, lists each route's errors, and
	// every error answer below validates against it.
	spec := c.Do("GET", "/openapi.json", "", "")
	require.Equal(t, 200, spec.Status)
	doc, err := openapi3.NewLoader().LoadFromData([]byte(spec.Body))
	require.NoError(t, err)
	require.NoError(t, doc.Validate(context.Background()))
	documented := func(method, path string) []string {
		op := doc.Paths.Value(path).GetOperation(method)
		require.NotNil(t, op, "%s %s", method, path)
		var out []string
		for status, res := range op.Responses.Map() {
			for _, ex := range res.Value.Content["application/json"].Examples {
				out = append(out, status+" "+ex.Value.Value.(map[string]any)["message"].(string))
			}
		}
		return out
	}
	// Each route documents its own answers and the SQLite kit's (a busy
	// database can fail any of them), not another route's.
	assert.Subset(t, documented("POST", "/api/auth/signup"), []string{"400 User with given email address already exists", "400 Request is missing required fields",
		"400 Request body is not valid JSON", "500 Something went wrong", "503 try again", "507 storage is full"})
	assert.NotContains(t, documented("POST", "/api/auth/signup"), "400 Movie with given name already exists")
	assert.Subset(t, documented("POST", "/api/auth/login"), []string{"401 Invalid username or password"})
	assert.Subset(t, documented("POST", "/api/movies"), []string{"400 Movie with given name already exists",
		"400 Request is missing required fields", "401 Missing, malformed or expired token"})
	assert.Subset(t, documented("GET", "/api/movies/{id}"), []string{"400 Movie with given id doesn't exists", "500 Something went wrong", "503 try again"})
	assert.NotContains(t, documented("GET", "/api/movies/{id}"), "400 User with given email address already exists")
	assert.Subset(t, documented("PUT", "/api/movies/{id}"), []string{"403 Updating movie added by other is forbidden", "401 Missing, malformed or expired token"})
	assert.Subset(t, documented("DELETE", "/api/movies/{id}"), []string{"403 Deleting movie added by other is forbidden", "401 Missing, malformed or expired token",
		"500 Something went wrong", "503 try again"})
	router, err := gorillamux.NewRouter(doc)
	require.NoError(t, err)
	validated := 0
	var unrouted []string
	c.check = func(req *http.Request, r Reply) {
		if r.Status < 400 {
			return
		}
		route, params, err := router.FindRoute(req)
		if err != nil {
			unrouted = append(unrouted, req.Method+" "+req.URL.Path)
			return
		}
		err = openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
			RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
			Status:                 r.Status,
			Header:                 r.Header,
			Body:                   io.NopCloser(strings.NewReader(r.Body)),
		})
		assert.NoError(t, err, "%s %s: %d %s", req.Method, req.URL.Path, r.Status, r.Body)
		validated++
	}

	// Signup, twice.
	alice := `{"email":"alice@example.com","password":"s3cret"}`
	r := c.Do("POST", "/api/auth/signup", "", alice)
	require.Equal(t, 200, r.Status, r.Body)
	assert.Equal(t, "1", r.field(t, "id"))
	assertError(t, c.Do("POST", "/api/auth/signup", "", alice), 400, "User with given email address already exists")
	require.Equal(t, 200, c.Do("POST", "/api/auth/signup", "", `{"email":"bob@example.com","password":"hunter2"}`).Status)

	// Missing fields, malformed JSON, wrong types.
	assertError(t, c.Do("POST", "/api/auth/signup", "", `{"email":"carol@example.com"}`), 400, "Request is missing required fields")
	assertError(t, c.Do("POST", "/api/auth/signup", "", `{"email": "carol@`), 400, "Request body is not valid JSON")
	assertError(t, c.Do("POST", "/api/auth/signup", "", `{"email": 7, "password": "x"}`), 400, "Request is missing required fields")
	// bcrypt takes 72 bytes at most: a longer password is the client's to
	// shorten, not a 500 (found by issue 23's analysis).
	long := `{"email":"dave@example.com","password":"` + strings.Repeat("é", 37) + `"}`
	assertError(t, c.Do("POST", "/api/auth/signup", "", long), 400, "Password is longer than 72 bytes")

	// Login: wrong password, unknown user, then right.
	assertError(t, c.Do("POST", "/api/auth/login", "", `{"email":"alice@example.com","password":"wrong"}`), 401, "Invalid username or password")
	assertError(t, c.Do("POST", "/api/auth/login", "", `{"email":"nobody@example.com","password":"s3cret"}`), 401, "Invalid username or password")
	// A known user with a password over 72 bytes: wrong, not a 500 (found
	// by echoerr-vet: bcrypt.CompareHashAndPassword returns ErrPasswordTooLong).
	longLogin := `{"email":"alice@example.com","password":"` + strings.Repeat("é", 37) + `"}`
	assertError(t, c.Do("POST", "/api/auth/login", "", longLogin), 401, "Invalid username or password")
	r = c.Do("POST", "/api/auth/login", "", alice)
	require.Equal(t, 200, r.Status, r.Body)
	aliceToken := r.field(t, "token")
	r = c.Do("POST", "/api/auth/login", "", `{"email":"bob@example.com","password":"hunter2"}`)
	require.Equal(t, 200, r.Status)
	bobToken := r.field(t, "token")

	// Tokens: none, garbage, another key, expired.
	expired := Signed(t, []byte(Key), "1", -time.Hour)
	foreign := Signed(t, []byte("another-key"), "1", time.Hour)
	movie := `{"name":"Alien","casts":["Sigourney Weaver"],"genres":["Sci-Fi","Horror"]}`
	for name, token := range map[string]string{"none": "", "garbage": "not.a.jwt", "another key": foreign, "expired": expired} {
		r := c.Do("POST", "/api/movies", token, movie)
		assertError(t, r, 401, "Missing, malformed or expired token")
		assert.Equal(t, `Bearer realm="movie-bag"`, r.Header.Get("WWW-Authenticate"), name)
	}

	// Movies: add, the same twice, missing fields, list, get, a missing id.
	r = c.Do("POST", "/api/movies", aliceToken, movie)
	require.Equal(t, 200, r.Status, r.Body)
	id := r.field(t, "id")
	assertError(t, c.Do("POST", "/api/movies", aliceToken, movie), 400, "Movie with given name already exists")
	assertError(t, c.Do("POST", "/api/movies", aliceToken, `{"name":"Heat"}`), 400, "Request is missing required fields")
	r = c.Do("GET", "/api/movies", "", "")
	assert.Equal(t, 200, r.Status)
	assert.JSONEq(t, `[{"id":"1","name":"Alien","casts":["Sigourney Weaver"],"genres":["Sci-Fi","Horror"],"added_by":"1"}]`, r.Body)
	assert.Equal(t, 200, c.Do("GET", "/api/movies/"+id, "", "").Status)
	assertError(t, c.Do("GET", "/api/movies/999", "", ""), 400, "Movie with given id doesn't exists")

	// Another user's PUT and DELETE, then the owner's.
	assertError(t, c.Do("PUT", "/api/movies/"+id, bobToken, `{"name":"Aliens"}`), 403, "Updating movie added by other is forbidden")
	assertError(t, c.Do("DELETE", "/api/movies/"+id, bobToken, ""), 403, "Deleting movie added by other is forbidden")
	r = c.Do("PUT", "/api/movies/"+id, aliceToken, `{"name":"Aliens"}`)
	assert.Equal(t, 200, r.Status, r.Body)
	assert.Equal(t, "Aliens", c.Do("GET", "/api/movies/"+id, "", "").field(t, "name"))
	assert.Equal(t, 200, c.Do("DELETE", "/api/movies/"+id, aliceToken, "").Status)
	assertError(t, c.Do("GET", "/api/movies/"+id, "", ""), 400, "Movie with given id doesn't exists")

	// Echo's own answers keep the table's shape.
	assertError(t, c.Do("GET", "/api/nope", "", ""), 404, "Not Found")
	r = c.Do("PATCH", "/api/movies/1", "", "")
	assertError(t, r, 405, "Method Not Allowed")
	assert.Equal(t, "OPTIONS, DELETE, GET, PUT", r.Header.Get("Allow"))

	// The database closed under the server: 500, the driver's error in the
	// log line and not in the body, also as problem details.
	require.NoError(t, db.Close())
	r = c.Do("GET", "/api/movies", "", "")
	assertError(t, r, 500, "Something went wrong")
	assert.NotContains(t, r.Body, "closed")
	r = c.Do("GET", "/api/movies", "", "", "Accept", "application/problem+json")
	assert.Equal(t, 500, r.Status)
	assert.Equal(t, "application/problem+json", r.Header.Get("Content-Type"))
	assert.JSONEq(t, `{"type":"about:blank","title":"Internal Server Error","status":500,"detail":"Something went wrong","instance":"/api/movies"}`, r.Body)
	assert.Contains(t, logs.String(), `"error":"sql: database is closed"`)
	assert.Contains(t, logs.String(), `"status":500`)

	assert.Equal(t, 20, validated, "error answers validated against /openapi.json")
	// The router's 404 and 405 are no operation's: OpenAPI has no place for them.
	assert.Equal(t, []string{"GET /api/nope", "PATCH /api/movies/1"}, unrouted)
}

// Signed makes a token for user, signed with key, expiring after ttl.
func Signed(t *testing.T, key []byte, user string, ttl time.Duration) string {
	t.Helper()
	claims := jwt.RegisteredClaims{Subject: user, ExpiresAt: jwt.NewNumericDate(time.Now().Add(ttl))}
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(key)
	require.NoError(t, err)
	return s
}

// RunServesAndShutsDown starts run (a movie-bag command's run, started
// with a ready callback) on a free loopback port with a new database file,
// checks that it serves and stores in the file, and that it stops cleanly
// when its context ends, as on SIGINT or SIGTERM.
func RunServesAndShutsDown(t *testing.T, run func(ctx context.Context, addr, dbPath string, logger *slog.Logger, ready func(string)) error) {
	dbPath := filepath.Join(t.TempDir(), "new.db")
	var logs SyncBuffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- run(ctx, "127.0.0.1:0", dbPath, logger, func(a string) { addrc <- a }) }()
	var addr string
	select {
	case addr = <-addrc:
	case err := <-done:
		t.Fatalf("run ended: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("run did not start")
	}
	c := &Client{T: t, Base: "http://" + addr, HTTP: &http.Client{Timeout: 5 * time.Second}}
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

// RoutesTable checks a movie-bag's -routes table: each route with its
// errors.
func RoutesTable(t *testing.T, out string) {
	for _, want := range []string{
		"POST /api/auth/signup", "400     User with given email address already exists",
		"GET /api/movies/:id     400     Movie with given id doesn't exists",
		"DELETE /api/movies/:id", "403     Deleting movie added by other is forbidden",
		"* /api (404, 405)       404     Not Found",
	} {
		assert.Contains(t, out, want)
	}
}

// ReachableKeys checks that every rule key echoerr-vet wrote for a route
// (sets, the app's errorsets.json) names one of the answers Describe finds
// for that route (desc): the analyzer and echoerr name rules alike, so that
// Description.Reachable keeps what a route can answer. And that Reachable
// drops, from GET /api/movies, the route rules of other routes.
func ReachableKeys(t *testing.T, desc answer.Description, sets []answer.RouteErrors) {
	t.Helper()
	require.NotEmpty(t, sets)
	// The file's fields are the ones answer.RouteErrors reads: a renamed
	// field would leave them empty and the checks below vacuous.
	var keys, mayKeys, codes int
	for _, s := range sets {
		keys, mayKeys, codes = keys+len(s.Keys), mayKeys+len(s.MayKeys), codes+len(s.Statuses)
	}
	require.Positive(t, keys, "no route's keys parsed")
	require.Positive(t, mayKeys, "no route's may_keys parsed (the SQLite kit's rules are guarded)")
	require.Positive(t, codes, "no route's statuses parsed (the binder's 400 and 415)")
	keysOf := map[string][]string{}
	for _, r := range desc.Routes {
		for _, a := range r.Answers {
			keysOf[r.Method+" "+r.Path] = append(keysOf[r.Method+" "+r.Path], a.Key)
		}
	}
	for _, s := range sets {
		for _, k := range append(append([]string(nil), s.Keys...), s.MayKeys...) {
			assert.Contains(t, keysOf[s.Method+" "+s.Path], k, "%s %s", s.Method, s.Path)
		}
	}
	statuses := func(d answer.Description, route string) []int {
		var out []int
		for _, r := range d.Routes {
			if r.Method+" "+r.Path == route {
				for _, a := range r.Answers {
					out = append(out, a.Status)
				}
			}
		}
		return out
	}
	reach := desc.Reachable(sets)
	assert.NotContains(t, statuses(reach, "GET /api/movies"), http.StatusBadRequest, "GET /api/movies has no body to validate")
	assert.NotContains(t, statuses(reach, "GET /api/movies"), http.StatusUnauthorized)
	assert.Contains(t, statuses(reach, "GET /api/movies/:id"), http.StatusBadRequest, "the tutorial's MovieNotExistsError")
	assert.Contains(t, statuses(reach, "POST /api/auth/login"), http.StatusUnauthorized)
}
