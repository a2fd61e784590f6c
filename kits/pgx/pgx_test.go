package pgx_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
	"github.com/jackc/pgx/v5/pgxpool"
	echov4 "github.com/labstack/echo/v4"
	echov5 "github.com/labstack/echo/v5"

	echoerr4 "github.com/echoerr/echoerr"
	"github.com/echoerr/echoerr/kits/kittest"
	pgxkit "github.com/echoerr/echoerr/kits/pgx"
	echoerr5 "github.com/echoerr/echoerr/v5"
)

const schema = `
DROP TABLE IF EXISTS posts, users, counters;
CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL UNIQUE, age int CHECK (age >= 0), nick varchar(8));
CREATE TABLE posts (id serial PRIMARY KEY, user_id int NOT NULL REFERENCES users(id));
CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL);
INSERT INTO users (id, email, age) VALUES (1, 'a@example.com', 30);
INSERT INTO posts (user_id) VALUES (1);
INSERT INTO counters VALUES (1, 0), (2, 0);`

// failures produce each code of the kit's table for real, against a
// PostgreSQL server the test started; only those a server cannot be made to
// send on cue are constructed.
func failures(t *testing.T, s *server) map[string]func(ctx context.Context) error {
	db := s.conn(t)
	if _, err := db.Exec(context.Background(), schema); err != nil {
		t.Fatal(err)
	}
	// pair opens two sessions for a test of locks; they close with it.
	pair := func(ctx context.Context) (*pgx.Conn, *pgx.Conn, func()) {
		a, errA := pgx.Connect(ctx, s.dsn())
		b, errB := pgx.Connect(ctx, s.dsn())
		if errA != nil || errB != nil {
			t.Errorf("connect: %v %v", errA, errB)
		}
		return a, b, func() { a.Close(context.Background()); b.Close(context.Background()) }
	}
	exec := func(sql string, args ...any) func(ctx context.Context) error {
		return func(ctx context.Context) error {
			_, err := db.Exec(ctx, sql, args...)
			return err
		}
	}
	return map[string]func(ctx context.Context) error{
		"unique":     exec(`INSERT INTO users (id, email) VALUES (2, 'a@example.com')`),
		"primarykey": exec(`INSERT INTO users (id, email) VALUES (1, 'b@example.com')`),
		"missingref": exec(`INSERT INTO posts (user_id) VALUES (999)`),
		"stillref":   exec(`DELETE FROM users WHERE id = 1`),
		"notnull":    exec(`INSERT INTO users (id, email) VALUES (3, NULL)`),
		"check":      exec(`INSERT INTO users (id, email, age) VALUES (4, 'd@example.com', -1)`),
		"invalidtext": func(ctx context.Context) error {
			var n int
			return fmt.Errorf("parse: %w", db.QueryRow(ctx, `SELECT $1::text::int`, "12abc").Scan(&n))
		},
		"toolong": exec(`INSERT INTO users (id, email, nick) VALUES (5, 'e@example.com', 'a-nickname-too-long')`),
		"serialization": func(ctx context.Context) error {
			a, b, done := pair(ctx)
			defer done()
			tx, err := a.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead})
			if err != nil {
				return err
			}
			defer tx.Rollback(ctx)
			var n int
			if err := tx.QueryRow(ctx, `SELECT n FROM counters WHERE id = 1`).Scan(&n); err != nil {
				return err
			}
			if _, err := b.Exec(ctx, `UPDATE counters SET n = n + 1 WHERE id = 1`); err != nil {
				return err
			}
			_, err = tx.Exec(ctx, `UPDATE counters SET n = n + 1 WHERE id = 1`)
			return err
		},
		"deadlock": func(ctx context.Context) error {
			a, b, done := pair(ctx)
			defer done()
			ta, _ := a.Begin(ctx)
			tb, _ := b.Begin(ctx)
			defer ta.Rollback(ctx)
			defer tb.Rollback(ctx)
			if _, err := ta.Exec(ctx, `UPDATE counters SET n = n + 1 WHERE id = 1`); err != nil {
				return err
			}
			if _, err := tb.Exec(ctx, `UPDATE counters SET n = n + 1 WHERE id = 2`); err != nil {
				return err
			}
			// Each now waits for the other's row: the server picks a victim.
			return kittest.Both(
				func() error {
					_, err := ta.Exec(ctx, `UPDATE counters SET n = n + 1 WHERE id = 2`)
					if err != nil {
						return err
					}
					return ta.Rollback(ctx)
				},
				func() error {
					_, err := tb.Exec(ctx, `UPDATE counters SET n = n + 1 WHERE id = 1`)
					if err != nil {
						return err
					}
					return tb.Rollback(ctx)
				})
		},
		"locknotavailable": func(ctx context.Context) error {
			a, b, done := pair(ctx)
			defer done()
			tx, _ := a.Begin(ctx)
			defer tx.Rollback(ctx)
			if _, err := tx.Exec(ctx, `SELECT n FROM counters WHERE id = 1 FOR UPDATE`); err != nil {
				return err
			}
			_, err := b.Exec(ctx, `SELECT n FROM counters WHERE id = 1 FOR UPDATE NOWAIT`)
			return err
		},
		"statementtimeout": func(ctx context.Context) error {
			tx, err := db.Begin(ctx)
			if err != nil {
				return err
			}
			defer tx.Rollback(ctx)
			if _, err := tx.Exec(ctx, `SET LOCAL statement_timeout = 50`); err != nil {
				return err
			}
			_, err = tx.Exec(ctx, `SELECT pg_sleep(5)`)
			return err
		},
		"adminshutdown": func(ctx context.Context) error {
			victim, killer, done := pair(ctx)
			defer done()
			if _, err := killer.Exec(ctx, `SELECT pg_terminate_backend($1)`, victim.PgConn().PID()); err != nil {
				return err
			}
			time.Sleep(100 * time.Millisecond) // the FATAL message is on its way
			_, err := victim.Exec(ctx, `SELECT 1`)
			return err
		},
		"connectrefused": func(ctx context.Context) error {
			_, err := pgx.Connect(ctx, fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable&connect_timeout=5", kittest.FreePort(t)))
			return err
		},
		"connclosed": func(ctx context.Context) error {
			c, err := pgx.Connect(ctx, s.dsn())
			if err != nil {
				return err
			}
			c.Close(ctx)
			_, err = c.Exec(ctx, `SELECT 1`)
			return err
		},
		"timeout": func(ctx context.Context) error {
			ctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
			defer cancel()
			c, err := pgx.Connect(context.Background(), s.dsn())
			if err != nil {
				return err
			}
			defer c.Close(context.Background())
			_, err = c.Exec(ctx, `SELECT pg_sleep(5)`)
			return err
		},
		// The server sends these only as it crashes, starts or loses a
		// connection in ways a test cannot cue: constructed, as pgx
		// returns them.
		"crashshutdown": func(context.Context) error {
			return &pgconn.PgError{Severity: "FATAL", Code: "57P02", Message: "terminating connection because of crash of another server process"}
		},
		"cannotconnect": func(context.Context) error {
			return &pgconn.PgError{Severity: "FATAL", Code: "57P03", Message: "the database system is starting up"}
		},
		"connfailure": func(context.Context) error {
			return &pgconn.PgError{Severity: "FATAL", Code: "08006", Message: "connection failure"}
		},
		"norows": func(ctx context.Context) error {
			var n int
			return db.QueryRow(ctx, `SELECT id FROM users WHERE id = 999`).Scan(&n)
		},
		"tooManyClients": func(context.Context) error { return tooManyClients },
	}
}

// tooManyClients is set by TestMain's server with max_connections = 3.
var tooManyClients error

// want is each failure's answer, as the kit's table says; code is the
// SQLSTATE the failure carries ("" for pgx's own errors).
var want = map[string]struct {
	status     int
	message    string
	retryAfter string
	code       string
	field      string
}{
	"unique":           {409, "already exists", "", "23505", "emailAddress"},
	"primarykey":       {409, "already exists", "", "23505", "id"},
	"missingref":       {422, "refers to a missing record", "", "23503", "user_id"},
	"stillref":         {409, "is still referenced", "", "23503", ""},
	"notnull":          {422, "a required value is missing", "", "23502", "email"},
	"check":            {422, "a value is not allowed", "", "23514", ""},
	"invalidtext":      {400, "a value is malformed", "", "22P02", ""},
	"toolong":          {422, "a value is too long", "", "22001", ""},
	"serialization":    {503, "try again", "1", "40001", ""},
	"deadlock":         {503, "try again", "1", "40P01", ""},
	"locknotavailable": {503, "try again", "1", "55P03", ""},
	"statementtimeout": {503, "the request took too long", "", "57014", ""},
	"adminshutdown":    {503, "temporarily unavailable", "5", "57P01", ""},
	"crashshutdown":    {503, "temporarily unavailable", "5", "57P02", ""},
	"cannotconnect":    {503, "temporarily unavailable", "5", "57P03", ""},
	"connfailure":      {503, "temporarily unavailable", "5", "08006", ""},
	"tooManyClients":   {503, "temporarily unavailable", "5", "53300", ""},
	"connectrefused":   {503, "temporarily unavailable", "5", "", ""},
	"connclosed":       {503, "temporarily unavailable", "5", "", ""},
	"timeout":          {503, "the request took too long", "", "", ""},
	"norows":           {404, "no such user", "", "", ""},
}

var srv *server

func TestMain(m *testing.M) {
	os.Exit(func() (code int) {
		if postgresBin() == "" {
			return m.Run() // each test says what to install
		}
		t := &kittest.MainT{}
		defer t.Close()
		defer func() {
			if p := recover(); p != nil {
				fmt.Fprintln(os.Stderr, "starting PostgreSQL:", p)
				code = 1
			}
		}()
		srv = startServer(t)
		// A second server with room for three connections: the fourth is
		// refused with 53300, for real.
		small := startServer(t, "max_connections=3", "superuser_reserved_connections=0")
		var held []*pgx.Conn
		for {
			c, err := pgx.Connect(context.Background(), small.dsn())
			if err != nil {
				tooManyClients = err
				break
			}
			held = append(held, c)
			if len(held) > 10 {
				t.Fatalf("max_connections=3 let %d connections in", len(held))
			}
		}
		for _, c := range held {
			c.Close(context.Background())
		}
		return m.Run()
	}())
}

// The failures really produce the codes of the kit's table.
func TestFailuresAreReal(t *testing.T) {
	need(t)
	for name, f := range failures(t, srv) {
		err := f(context.Background())
		w := want[name]
		var pe *pgconn.PgError
		switch {
		case err == nil:
			t.Errorf("%s: no error", name)
		case w.code != "" && (!errors.As(err, &pe) || pe.Code != w.code):
			t.Errorf("%s: %v (%T), want SQLSTATE %s", name, err, err, w.code)
		case name == "connectrefused":
			var ce *pgconn.ConnectError
			if !errors.As(err, &ce) {
				t.Errorf("%s: %v is not a *pgconn.ConnectError", name, err)
			}
		case name == "connclosed" && !errors.Is(err, pgconn.ErrConnClosed):
			t.Errorf("%s: %v is not pgconn.ErrConnClosed", name, err)
		case name == "timeout" && !pgconn.Timeout(err):
			t.Errorf("%s: %v is not a pgconn.Timeout", name, err)
		case name == "norows" && !errors.Is(err, pgx.ErrNoRows):
			t.Errorf("%s: %v is not pgx.ErrNoRows", name, err)
		}
	}
	var ce *pgconn.ConnectError
	if !errors.As(tooManyClients, &ce) {
		t.Errorf("53300 came as %T, not in a *pgconn.ConnectError", tooManyClients)
	}
}

// apps serves fail's errors at /api/:name on Echo v4 (the kit for the app)
// and Echo v5 (the kit for the /api namespace); pgx.ErrNoRows answers 404
// on /api/users/:name only.
func apps(fail func(ctx context.Context, name string) error, logs io.Writer) map[string]http.Handler {
	noRows := pgxkit.NotFound(echoerr4.Entry{Status: http.StatusNotFound, Message: "no such user"})
	return kittest.Apps(pgxkit.Rules(pgxkit.Field("users_email_key", "emailAddress")), fail, logs,
		func(api4 *echoerr4.Namespace, api5 *echoerr5.Namespace) {
			api4.HandleRouteOf(api4.GET("/users/:name", func(c echov4.Context) error { return fail(c.Request().Context(), c.Param("name")) }),
				echoerr4.Kit(noRows)...)
			api5.HandleRouteOf(api5.GET("/users/:name", func(c *echov5.Context) error { return fail(c.Request().Context(), c.Param("name")) }),
				echoerr5.Kit(noRows)...)
		})
}

// leaks are bits of the server's text and the row's values that must never
// reach a body.
var leaks = []string{"SQLSTATE", "violates", "a@example.com", "Key (", "pg_", "FATAL", "ERROR", "conn closed", "timeout:", "failed to", "deadlock", "postgres"}

// Each code is answered as the table says, over a real server on 127.0.0.1,
// on Echo v4 and Echo v5, with no server text in the body and the SQLSTATE
// in the log line.
func TestAnswersOverRealHTTP(t *testing.T) {
	need(t)
	fs := failures(t, srv)
	var logs kittest.Buffer
	for version, h := range apps(func(ctx context.Context, name string) error { return fs[name](ctx) }, &logs) {
		hs := httptest.NewServer(h)
		client := &http.Client{Timeout: 20 * time.Second}
		for name, w := range want {
			path := "/api/" + name
			if name == "norows" {
				path = "/api/users/norows"
			}
			status, body, hdr := kittest.Get(t, client, hs.URL+path)
			if status != w.status || !strings.Contains(body, `"message":"`+w.message+`"`) || hdr.Get("Retry-After") != w.retryAfter {
				t.Errorf("%s %s: %d %s (Retry-After %q), want %d %q (Retry-After %q)", version, name, status, body, hdr.Get("Retry-After"), w.status, w.message, w.retryAfter)
			}
			if w.field != "" && !strings.Contains(body, `"field":"`+w.field+`"`) {
				t.Errorf("%s %s: %s does not name the field %q", version, name, body, w.field)
			}
			if w.field == "" && strings.Contains(body, `"field"`) {
				t.Errorf("%s %s: %s names a field", version, name, body)
			}
			for _, leak := range leaks {
				if strings.Contains(body, leak) {
					t.Errorf("%s %s: the body %s holds the server's text %q", version, name, body, leak)
				}
			}
		}
		// No row is a bug where the app did not say it means 404.
		if status, _, _ := kittest.Get(t, client, hs.URL+"/api/norows"); status != 500 {
			t.Errorf("%s: pgx.ErrNoRows on a route without NotFound answered %d, want 500", version, status)
		}
		hs.Close()
	}
	for name, w := range want {
		if w.code != "" && !strings.Contains(logs.String(), `"error_code":"`+w.code+`"`) {
			t.Errorf("%s: no log line has the SQLSTATE %s as error_code", name, w.code)
		}
	}
}

// A client that goes away while its query runs is answered 499 and logged
// as the client's (INFO, not ERROR), whether pgx reports it as
// context.Canceled (its default) or as the server's 57014 (with its
// cancel-request handler); on both Echos.
func TestClientGoneIs499(t *testing.T) {
	need(t)
	for _, mode := range []string{"deadline", "cancel request"} {
		cfg, err := pgxpool.ParseConfig(srv.dsn())
		if err != nil {
			t.Fatal(err)
		}
		if mode == "cancel request" {
			cfg.ConnConfig.BuildContextWatcherHandler = func(c *pgconn.PgConn) ctxwatch.Handler {
				return &pgconn.CancelRequestContextWatcherHandler{Conn: c, DeadlineDelay: 5 * time.Second}
			}
		}
		pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		var logs kittest.Buffer
		errs := make(chan error, 2)
		for version, h := range apps(func(ctx context.Context, _ string) error {
			_, err := pool.Exec(ctx, `SELECT pg_sleep(5)`)
			errs <- err
			return err
		}, &logs) {
			hs := httptest.NewServer(h)
			client := &http.Client{Timeout: 200 * time.Millisecond}
			if _, err := client.Get(hs.URL + "/api/sleep"); err == nil {
				t.Fatalf("%s %s: the request was answered before the client gave up", mode, version)
			}
			select {
			case err := <-errs:
				var pe *pgconn.PgError
				if mode == "cancel request" && (!errors.As(err, &pe) || pe.Code != "57014") {
					t.Errorf("%s %s: pgx returned %v, want the server's 57014", mode, version, err)
				}
				if mode == "deadline" && !errors.Is(err, context.Canceled) {
					t.Errorf("%s %s: pgx returned %v, want context.Canceled", mode, version, err)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("%s %s: the query did not end", mode, version)
			}
			waitFor(t, func() bool { return strings.Count(logs.String(), `"status":499`) > 0 })
			line := lastLine(logs.String())
			if !strings.Contains(line, `"status":499`) || !strings.Contains(line, `"level":"INFO"`) || !strings.Contains(line, `"client_gone":true`) {
				t.Errorf("%s %s: log line %s, want status 499 at INFO with client_gone", mode, version, line)
			}
			logs.Reset()
			hs.Close()
		}
		pool.Close()
	}
}

// Stopping the server under load: every answer is a 200 or a 503 with the
// kit's message, never a 500, never the server's text, on both Echos; the
// requests after the stop are 503 too.
func TestServerStoppedUnderLoad(t *testing.T) {
	need(t)
	for _, mode := range []string{"v4 fast", "v5 immediate"} {
		s := startServer(t)
		pool, err := pgxpool.New(context.Background(), s.dsn()+"&pool_max_conns=8&connect_timeout=2")
		if err != nil {
			t.Fatal(err)
		}
		h := apps(func(ctx context.Context, _ string) error {
			var n int
			return pool.QueryRow(ctx, `SELECT 1 FROM pg_sleep(0.01)`).Scan(&n)
		}, nil)[mode[:2]]
		counts := kittest.StopUnderLoad(t, h, func() { s.stop(t, mode[3:]) }, []string{"temporarily unavailable", "try again"}, leaks)
		t.Logf("stop -m %s on %s: answers %v", mode[3:], mode[:2], counts)
		pool.Close()
	}
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if ok() {
			return
		}
	}
	t.Error("waited 10s in vain")
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

var pgxNoRows = pgx.ErrNoRows

// The README's table says what the kit answers, row for row: each tested
// SQLSTATE has a row with its status, message and Retry-After.
func TestReadmeTable(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "| ") && len(line) > 8 {
			rows[line[2:7]] = line
		}
	}
	named := map[string]string{"connectrefused": "`*pgconn.ConnectError`", "connclosed": "`pgconn.ErrConnClosed`",
		"timeout": "`pgconn.Timeout`", "norows": "`pgx.ErrNoRows`"}
	for name, w := range want {
		row := rows[w.code]
		if w.code == "23503" {
			for _, line := range strings.Split(string(b), "\n") {
				if strings.HasPrefix(line, "| 23503") && strings.Contains(line, fmt.Sprintf("| %d ", w.status)) {
					row = line
				}
			}
		}
		if n, ok := named[name]; ok {
			for _, line := range strings.Split(string(b), "\n") {
				if strings.HasPrefix(line, "| "+n+" ") {
					row = line
				}
			}
		}
		msg := w.message
		if name == "norows" {
			msg = "not found" // the kit's; the test's route gives its own
		}
		if row == "" || !strings.Contains(row, fmt.Sprintf(`| %d "%s"`, w.status, msg)) {
			t.Errorf("%s: README row %q does not say %d %q", name, row, w.status, msg)
		}
		if w.retryAfter != "" && !strings.Contains(row, "Retry-After: "+w.retryAfter) {
			t.Errorf("%s: README row %q does not say Retry-After: %s", name, row, w.retryAfter)
		}
	}
}

// A truncated JSON body that Echo's binder reads is a 400 with the kit
// registered, though the binder's error holds io.ErrUnexpectedEOF, which the
// kit answers 503 when pgx returns it bare; on both Echos.
func TestTruncatedBodyStays400(t *testing.T) {
	rules := pgxkit.Rules()
	e4 := echov4.New()
	e4.HTTPErrorHandler = echoerr4.New(echoerr4.Kit(rules...)...)
	e4.POST("/x", func(c echov4.Context) error {
		var v struct{ Name string }
		return c.Bind(&v)
	})
	e5 := echov5.New()
	e5.HTTPErrorHandler = echoerr5.New(echoerr5.Kit(rules...)...)
	e5.POST("/x", func(c *echov5.Context) error {
		var v struct{ Name string }
		return c.Bind(&v)
	})
	for version, h := range map[string]http.Handler{"v4": e4, "v5": e5} {
		req := httptest.NewRequest(http.MethodPost, "/x", strings.NewReader(`{"name": "ab`))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 400 {
			t.Errorf("%s: a truncated body answered %d %s, want 400", version, rec.Code, rec.Body)
		}
	}
}
