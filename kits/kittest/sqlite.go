package kittest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/echoerr/echoerr/answer"
)

// SQLiteSchema is the tables of SQLiteFailures.
const SQLiteSchema = `
CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, age INTEGER CHECK (age >= 0));
CREATE TABLE IF NOT EXISTS posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id));
CREATE TABLE IF NOT EXISTS blobs (b BLOB);
INSERT OR IGNORE INTO users (id, email, age) VALUES (1, 'a@example.com', 30);`

// SQLiteWant is each failure's answer in the SQLite kits' table, with the
// result code it carries.
var SQLiteWant = map[string]struct {
	Status     int
	Message    string
	RetryAfter string
	Code       int
}{
	"unique":     {409, "already exists", "", 2067},
	"primarykey": {409, "already exists", "", 1555},
	"foreignkey": {422, "refers to a missing record", "", 787},
	"notnull":    {422, "a required value is missing", "", 1299},
	"check":      {422, "a value is not allowed", "", 275},
	"busy":       {503, "try again", "1", 5},
	"locked":     {503, "try again", "1", 6},
	"full":       {507, "storage is full", "", 13},
}

// SQLiteFailures produce each code of the SQLite kits' table for real, on
// SQLite files in a temporary directory, through open (a driver's
// database/sql handle of path with foreign keys on and no busy timeout).
func SQLiteFailures(t *testing.T, open func(t *testing.T, path string) *sql.DB) map[string]func(ctx context.Context) error {
	dir := t.TempDir()
	main := filepath.Join(dir, "main.db")
	db := open(t, main)
	if _, err := db.Exec(SQLiteSchema); err != nil {
		t.Fatal(err)
	}
	exec := func(q string) func(ctx context.Context) error {
		return func(ctx context.Context) error {
			_, err := db.ExecContext(ctx, q)
			return err
		}
	}
	return map[string]func(ctx context.Context) error{
		"unique": func(ctx context.Context) error {
			_, err := db.ExecContext(ctx, `INSERT INTO users (email) VALUES ('a@example.com')`)
			return fmt.Errorf("insert user: %w", err)
		},
		"primarykey": exec(`INSERT INTO users (id, email) VALUES (1, 'b@example.com')`),
		"foreignkey": exec(`INSERT INTO posts (user_id) VALUES (999)`),
		"notnull":    exec(`INSERT INTO users (email) VALUES (NULL)`),
		"check":      exec(`INSERT INTO users (email, age) VALUES ('c@example.com', -1)`),
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

// SQLiteAnswers checks an SQLite kit's answers over a real server on
// 127.0.0.1, on Echo v4 and v5: each failure of SQLiteFailures (through
// open) answers as SQLiteWant says, with no driver text in its body, the
// field Field named ("users.email" as "email") in the unique one's, and
// SQLite's code in the log line. kit is the kit's rules with that Field.
func SQLiteAnswers(t *testing.T, open func(t *testing.T, path string) *sql.DB, kit []answer.Decl) {
	fs := SQLiteFailures(t, open)
	var logs Buffer
	apps := Apps(kit, func(ctx context.Context, name string) error { return fs[name](ctx) }, &logs)
	for version, h := range apps {
		srv := httptest.NewServer(h)
		client := &http.Client{Timeout: 10 * time.Second}
		for name, w := range SQLiteWant {
			status, body, hdr := Get(t, client, srv.URL+"/api/"+name)
			if status != w.Status || !strings.Contains(body, `"message":"`+w.Message+`"`) {
				t.Errorf("%s %s: %d %s, want %d %q", version, name, status, body, w.Status, w.Message)
			}
			if got := hdr.Get("Retry-After"); got != w.RetryAfter {
				t.Errorf("%s %s: Retry-After %q, want %q", version, name, got, w.RetryAfter)
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
	for _, w := range SQLiteWant {
		if !strings.Contains(logs.String(), fmt.Sprintf(`"error_code":"%d"`, w.Code)) {
			t.Errorf("no log line has SQLite's code %d as error_code", w.Code)
		}
	}
}

// SQLiteReadmeTable checks that an SQLite kit's README has a row per code
// of SQLiteWant, saying its status, message and Retry-After.
func SQLiteReadmeTable(t *testing.T) {
	rows := map[int]string{}
	for _, line := range ReadmeRows(t) {
		var code int
		if _, err := fmt.Sscanf(line, "| %d ", &code); err == nil {
			rows[code] = line
		}
	}
	for name, w := range SQLiteWant {
		row, ok := rows[w.Code]
		if !ok {
			t.Errorf("%s: no row for code %d", name, w.Code)
			continue
		}
		if !strings.Contains(row, fmt.Sprintf(`| %d "%s"`, w.Status, w.Message)) {
			t.Errorf("%s: row %q does not say %d %q", name, row, w.Status, w.Message)
		}
		if w.RetryAfter != "" && !strings.Contains(row, "Retry-After: "+w.RetryAfter) {
			t.Errorf("%s: row %q does not say Retry-After", name, row)
		}
	}
	if len(rows) != len(SQLiteWant) {
		t.Errorf("%d rows, %d answers tested", len(rows), len(SQLiteWant))
	}
}

// SQLiteAnswerOption checks that kit, an SQLite kit's rules with
// Answer("users.email", own), answers the unique failure with own and the
// primary key one with the kit's 409, on Echo v4 and v5.
func SQLiteAnswerOption(t *testing.T, open func(t *testing.T, path string) *sql.DB, kit []answer.Decl, own answer.Entry) {
	fs := SQLiteFailures(t, open)
	apps := Apps(kit, func(ctx context.Context, name string) error { return fs[name](ctx) }, nil)
	for version, h := range apps {
		for path, want := range map[string]string{
			"/api/unique":     fmt.Sprintf(`%d {"message":%q}`, own.Status, own.Message),
			"/api/primarykey": `409 {"message":"already exists"}`,
		} {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
			if got := fmt.Sprint(rec.Code, " ", strings.TrimSpace(rec.Body.String())); got != want {
				t.Errorf("%s %s: %s, want %s", version, path, got, want)
			}
		}
	}
}
