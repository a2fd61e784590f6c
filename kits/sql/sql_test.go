package sql_test

import (
	"context"
	stdsql "database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	echov4 "github.com/labstack/echo/v4"
	echov5 "github.com/labstack/echo/v5"
	_ "modernc.org/sqlite"

	echoerr4 "github.com/echoerr/echoerr"
	sqlkit "github.com/echoerr/echoerr/kits/sql"
	echoerr5 "github.com/echoerr/echoerr/v5"
)

// badConnDriver is a driver whose connections are always broken: database/sql
// retries, then returns driver.ErrBadConn (no server can be made to do this
// on purpose, so the driver is constructed).
type badConnDriver struct{}

func (badConnDriver) Open(string) (driver.Conn, error) { return nil, driver.ErrBadConn }

func init() { stdsql.Register("badconn", badConnDriver{}) }

// failures produce each error for real through database/sql.
func failures(t *testing.T) map[string]func(ctx context.Context) error {
	db, err := stdsql.Open("sqlite", filepath.Join(t.TempDir(), "k.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec(`CREATE TABLE movies (id INTEGER PRIMARY KEY, name TEXT)`); err != nil {
		t.Fatal(err)
	}
	bad, _ := stdsql.Open("badconn", "")
	t.Cleanup(func() { bad.Close() })
	return map[string]func(ctx context.Context) error{
		"norows": func(ctx context.Context) error {
			var name string
			return db.QueryRowContext(ctx, `SELECT name FROM movies WHERE id = 42`).Scan(&name)
		},
		"conndone": func(ctx context.Context) error {
			conn, err := db.Conn(ctx)
			if err != nil {
				return err
			}
			conn.Close()
			return conn.PingContext(ctx)
		},
		"txdone": func(ctx context.Context) error {
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				return err
			}
			if err := tx.Commit(); err != nil {
				return err
			}
			return fmt.Errorf("commit again: %w", tx.Commit())
		},
		"badconn": func(ctx context.Context) error { return bad.PingContext(ctx) },
	}
}

var want = map[string]struct {
	err        error
	status     int
	message    string
	retryAfter string
}{
	"norows":   {stdsql.ErrNoRows, 404, "no such movie", ""},
	"conndone": {stdsql.ErrConnDone, 503, "try again", "1"},
	"txdone":   {stdsql.ErrTxDone, 500, "Internal Server Error", ""},
	"badconn":  {driver.ErrBadConn, 503, "try again", "1"},
}

func TestFailuresAreReal(t *testing.T) {
	for name, f := range failures(t) {
		if err := f(context.Background()); !errors.Is(err, want[name].err) {
			t.Errorf("%s: %v, want %v", name, err, want[name].err)
		}
	}
}

// Each error is answered as the table says, over a real server on
// 127.0.0.1, on Echo v4 and Echo v5; sql.ErrNoRows only on the route the
// app gave it to.
func TestAnswersOverRealHTTP(t *testing.T) {
	fs := failures(t)
	noRows := sqlkit.NotFound(echoerr4.Entry{Status: http.StatusNotFound, Message: "no such movie"})
	e4 := echov4.New()
	e4.HTTPErrorHandler = echoerr4.New(echoerr4.Kit(sqlkit.Rules()...)...)
	r4 := e4.GET("/:case", func(c echov4.Context) error { return fs[c.Param("case")](c.Request().Context()) })
	echoerr4.HandleRouteOf(e4, r4, echoerr4.Kit(noRows)...)
	e4.GET("/other/norows", func(c echov4.Context) error { return fs["norows"](c.Request().Context()) })
	e5 := echov5.New()
	e5.HTTPErrorHandler = echoerr5.New(echoerr5.Kit(sqlkit.Rules()...)...)
	r5 := e5.GET("/:case", func(c *echov5.Context) error { return fs[c.Param("case")](c.Request().Context()) })
	echoerr5.HandleRouteOf(e5, r5, echoerr5.Kit(noRows)...)
	e5.GET("/other/norows", func(c *echov5.Context) error { return fs["norows"](c.Request().Context()) })
	for version, h := range map[string]http.Handler{"v4": e4, "v5": e5} {
		srv := httptest.NewServer(h)
		client := &http.Client{Timeout: 10 * time.Second}
		get := func(path string) (int, string, string) {
			res, err := client.Get(srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			return res.StatusCode, string(b), res.Header.Get("Retry-After")
		}
		for name, w := range want {
			status, body, retry := get("/" + name)
			if status != w.status || !strings.Contains(body, `"message":"`+w.message+`"`) || retry != w.retryAfter {
				t.Errorf("%s %s: %d %s (Retry-After %q), want %d %q", version, name, status, body, retry, w.status, w.message)
			}
			if strings.Contains(body, "sql:") || strings.Contains(body, "driver") {
				t.Errorf("%s %s: driver text in %s", version, name, body)
			}
		}
		if status, _, _ := get("/other/norows"); status != 500 {
			t.Errorf("%s: sql.ErrNoRows on a route without NotFound answered %d, want 500", version, status)
		}
		srv.Close()
	}
}

// The README's table says what the kit answers, row for row.
func TestReadmeTable(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	for name, w := range want {
		row := ""
		for _, line := range strings.Split(readme, "\n") {
			for _, n := range []string{"sql.ErrConnDone", "driver.ErrBadConn", "sql.ErrTxDone", "sql.ErrNoRows"} {
				if strings.HasPrefix(line, "| "+n+" ") && errorName(w.err) == n {
					row = line
				}
			}
		}
		if row == "" || !strings.Contains(row, fmt.Sprintf("| %d", w.status)) {
			t.Errorf("%s: the README row %q does not say %d", name, row, w.status)
		}
		if w.retryAfter != "" && !strings.Contains(row, "Retry-After: "+w.retryAfter) {
			t.Errorf("%s: the README row %q does not say Retry-After", name, row)
		}
	}
}

func errorName(err error) string {
	switch err {
	case stdsql.ErrConnDone:
		return "sql.ErrConnDone"
	case driver.ErrBadConn:
		return "driver.ErrBadConn"
	case stdsql.ErrTxDone:
		return "sql.ErrTxDone"
	case stdsql.ErrNoRows:
		return "sql.ErrNoRows"
	}
	return ""
}
