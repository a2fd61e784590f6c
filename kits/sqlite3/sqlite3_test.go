package sqlite3_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	echov4 "github.com/labstack/echo/v4"
	echov5 "github.com/labstack/echo/v5"
	"github.com/mattn/go-sqlite3"

	echoerr4 "github.com/echoerr/echoerr"
	sqlitekit "github.com/echoerr/echoerr/kits/sqlite3"
	echoerr5 "github.com/echoerr/echoerr/v5"
)

// open opens a fresh SQLite file with foreign keys on.
func open(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_foreign_keys=1&_busy_timeout=0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

const schema = `
CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, age INTEGER CHECK (age >= 0));
CREATE TABLE IF NOT EXISTS posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id));
CREATE TABLE IF NOT EXISTS blobs (b BLOB);
INSERT OR IGNORE INTO users (id, email, age) VALUES (1, 'a@example.com', 30);`

// failures produce each code the kit answers, for real, on SQLite files.
func failures(t *testing.T) map[string]func(ctx context.Context) error {
	dir := t.TempDir()
	main := filepath.Join(dir, "main.db")
	db := open(t, main)
	if _, err := db.Exec(schema); err != nil {
		t.Fatal(err)
	}
	return map[string]func(ctx context.Context) error{
		"unique": func(ctx context.Context) error {
			_, err := db.ExecContext(ctx, `INSERT INTO users (email) VALUES ('a@example.com')`)
			return fmt.Errorf("insert user: %w", err)
		},
		"primarykey": func(ctx context.Context) error {
			_, err := db.ExecContext(ctx, `INSERT INTO users (id, email) VALUES (1, 'b@example.com')`)
			return err
		},
		"foreignkey": func(ctx context.Context) error {
			_, err := db.ExecContext(ctx, `INSERT INTO posts (user_id) VALUES (999)`)
			return err
		},
		"notnull": func(ctx context.Context) error {
			_, err := db.ExecContext(ctx, `INSERT INTO users (email) VALUES (NULL)`)
			return err
		},
		"check": func(ctx context.Context) error {
			_, err := db.ExecContext(ctx, `INSERT INTO users (email, age) VALUES ('c@example.com', -1)`)
			return err
		},
		"busy": func(ctx context.Context) error {
			// Another connection holds the write lock; no busy timeout.
			other := open(t, main)
			tx, err := other.BeginTx(ctx, nil)
			if err != nil {
				return err
			}
			defer tx.Rollback()
			if _, err := tx.Exec(`INSERT INTO blobs (b) VALUES (x'00')`); err != nil {
				return err
			}
			_, err = db.ExecContext(ctx, `INSERT INTO blobs (b) VALUES (x'01')`)
			return err
		},
		"locked": func(ctx context.Context) error {
			// One connection drops a table that a statement of its own
			// still reads: SQLITE_LOCKED.
			conn, err := db.Conn(ctx)
			if err != nil {
				return err
			}
			defer conn.Close()
			if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS tmp (x); INSERT INTO tmp VALUES (1), (2)`); err != nil {
				return err
			}
			rows, err := conn.QueryContext(ctx, `SELECT x FROM tmp`)
			if err != nil {
				return err
			}
			defer rows.Close()
			rows.Next()
			_, err = conn.ExecContext(ctx, `DROP TABLE tmp`)
			return err
		},
		"full": func(ctx context.Context) error {
			small := open(t, filepath.Join(dir, "small.db"))
			if _, err := small.Exec(`PRAGMA max_page_count = 8; CREATE TABLE IF NOT EXISTS b (x BLOB)`); err != nil {
				return err
			}
			for range 100 {
				if _, err := small.ExecContext(ctx, `INSERT INTO b VALUES (zeroblob(4096))`); err != nil {
					return err
				}
			}
			return errors.New("the database never filled up")
		},
	}
}

// want is each failure's answer, as the kit's table says.
var want = map[string]struct {
	status     int
	message    string
	retryAfter string
	code       int
}{
	"unique":     {409, "already exists", "", sqlitekit.ConstraintUnique},
	"primarykey": {409, "already exists", "", sqlitekit.ConstraintPrimaryKey},
	"foreignkey": {422, "refers to a missing record", "", sqlitekit.ConstraintForeignKey},
	"notnull":    {422, "a required value is missing", "", sqlitekit.ConstraintNotNull},
	"check":      {422, "a value is not allowed", "", sqlitekit.ConstraintCheck},
	"busy":       {503, "try again", "1", sqlitekit.Busy},
	"locked":     {503, "try again", "1", sqlitekit.Locked},
	"full":       {507, "storage is full", "", sqlitekit.Full},
}

// The failures really produce the codes of the kit's table.
func TestFailuresAreReal(t *testing.T) {
	for name, f := range failures(t) {
		var se sqlite3.Error
		if err := f(context.Background()); !errors.As(err, &se) {
			t.Errorf("%s: %v is not a sqlite3.Error", name, err)
		} else if int(se.ExtendedCode)&0xff != want[name].code&0xff || want[name].code > 255 && int(se.ExtendedCode) != want[name].code {
			t.Errorf("%s: code %d, want %d", name, se.ExtendedCode, want[name].code)
		}
	}
}

// Each code is answered as the table says, over a real server on 127.0.0.1,
// on Echo v4 and on Echo v5, with no driver text in the body.
func TestAnswersOverRealHTTP(t *testing.T) {
	fs := failures(t)
	var logs syncBuffer
	e4 := echov4.New()
	e4.HTTPErrorHandler = echoerr4.NewWithConfig(echoerr4.Config{Logger: slog.New(slog.NewJSONHandler(&logs, nil)),
		Rules: echoerr4.Kit(sqlitekit.Rules(sqlitekit.Field("users.email", "email"))...)})
	e4.GET("/:case", func(c echov4.Context) error { return fs[c.Param("case")](c.Request().Context()) })
	e5 := echov5.New()
	e5.HTTPErrorHandler = echoerr5.New(echoerr5.Kit(sqlitekit.Rules(sqlitekit.Field("users.email", "email"))...)...)
	e5.GET("/:case", func(c *echov5.Context) error { return fs[c.Param("case")](c.Request().Context()) })
	for version, h := range map[string]http.Handler{"v4": e4, "v5": e5} {
		srv := httptest.NewServer(h)
		client := &http.Client{Timeout: 10 * time.Second}
		for name, w := range want {
			res, err := client.Get(srv.URL + "/" + name)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			body := string(b)
			if res.StatusCode != w.status || !strings.Contains(body, `"message":"`+w.message+`"`) {
				t.Errorf("%s %s: %d %s, want %d %q", version, name, res.StatusCode, body, w.status, w.message)
			}
			if got := res.Header.Get("Retry-After"); got != w.retryAfter {
				t.Errorf("%s %s: Retry-After %q, want %q", version, name, got, w.retryAfter)
			}
			for _, leak := range []string{"constraint", "UNIQUE", "a@example.com", "locked", "SQL"} {
				if strings.Contains(body, leak) {
					t.Errorf("%s %s: the body %s holds the driver's text %q", version, name, body, leak)
				}
			}
			if name == "unique" && !strings.Contains(body, `"field":"email"`) {
				t.Errorf("%s unique: no field in %s", version, body)
			}
		}
		srv.Close()
	}
	for _, code := range []string{"2067", "1555", "787", "1299", "275", "5", "6", "13"} {
		if !strings.Contains(logs.String(), `"error_code":"`+code+`"`) {
			t.Errorf("no log line has SQLite's code %s as error_code", code)
		}
	}
}

// syncBuffer is a bytes.Buffer for a logger that requests share.
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

// The README's table says what the kit answers, row for row.
func TestReadmeTable(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[int]string{}
	for _, line := range strings.Split(string(b), "\n") {
		var code int
		if _, err := fmt.Sscanf(line, "| %d ", &code); err == nil {
			rows[code] = line
		}
	}
	for name, w := range want {
		row, ok := rows[w.code]
		if !ok {
			t.Errorf("%s: no row for code %d", name, w.code)
			continue
		}
		if !strings.Contains(row, fmt.Sprintf(`| %d "%s"`, w.status, w.message)) {
			t.Errorf("%s: row %q does not say %d %q", name, row, w.status, w.message)
		}
		if w.retryAfter != "" && !strings.Contains(row, "Retry-After: "+w.retryAfter) {
			t.Errorf("%s: row %q does not say Retry-After", name, row)
		}
	}
	if len(rows) != len(want) {
		t.Errorf("%d rows, %d answers tested", len(rows), len(want))
	}
}

// Answer gives one constraint the app's own answer; the others keep the
// kit's; on Echo v4 and v5.
func TestAnswerOption(t *testing.T) {
	fs := failures(t)
	own := echoerr4.Entry{Status: 400, Message: "User with given email address already exists"}
	rules := sqlitekit.Rules(sqlitekit.Answer("users.email", own))
	if u := sqlitekit.Unique("users.email", own); u.Spec().Entry.Message != own.Message || u.Spec().Guard == nil {
		t.Errorf("Unique: %+v", u.Spec())
	}
	e4 := echov4.New()
	e4.HTTPErrorHandler = echoerr4.New(echoerr4.Kit(rules...)...)
	e4.GET("/:case", func(c echov4.Context) error { return fs[c.Param("case")](c.Request().Context()) })
	e5 := echov5.New()
	e5.HTTPErrorHandler = echoerr5.New(echoerr5.Kit(rules...)...)
	e5.GET("/:case", func(c *echov5.Context) error { return fs[c.Param("case")](c.Request().Context()) })
	for version, h := range map[string]http.Handler{"v4": e4, "v5": e5} {
		for path, want := range map[string]string{
			"/unique":     `400 {"message":"User with given email address already exists"}`,
			"/primarykey": `409 {"message":"already exists"}`,
		} {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
			if got := fmt.Sprint(rec.Code, " ", strings.TrimSpace(rec.Body.String())); got != want {
				t.Errorf("%s %s: %s, want %s", version, path, got, want)
			}
		}
	}
}
