package mysql_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/echoerr/echoerr/kits/kittest"
	mysqlkit "github.com/echoerr/echoerr/kits/mysql"
)

var schema = []string{
	`DROP TABLE IF EXISTS posts, users, counters`,
	`CREATE TABLE users (id int PRIMARY KEY, email varchar(100) NOT NULL UNIQUE, age int CHECK (age >= 0), nick varchar(8)) ENGINE=InnoDB`,
	`CREATE TABLE posts (id int AUTO_INCREMENT PRIMARY KEY, user_id int NOT NULL, FOREIGN KEY (user_id) REFERENCES users(id)) ENGINE=InnoDB`,
	`CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL) ENGINE=InnoDB`,
	`INSERT INTO users (id, email, age) VALUES (1, 'a@example.com', 30)`,
	`INSERT INTO posts (user_id) VALUES (1)`,
	`INSERT INTO counters VALUES (1, 0), (2, 0)`,
}

// failures produce each number of the kit's table for real, against a
// MariaDB server the test started; 3819 (MySQL's CHECK) is constructed.
func failures(t *testing.T, s *server) map[string]func(ctx context.Context) error {
	db := s.db(t)
	for _, q := range schema {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec := func(q string, args ...any) func(ctx context.Context) error {
		return func(ctx context.Context) error {
			_, err := db.ExecContext(ctx, q, args...)
			return err
		}
	}
	txs := func(ctx context.Context) (*sql.Tx, *sql.Tx, func()) {
		a, errA := db.BeginTx(ctx, nil)
		b, errB := db.BeginTx(ctx, nil)
		if errA != nil || errB != nil {
			t.Errorf("begin: %v %v", errA, errB)
		}
		return a, b, func() { a.Rollback(); b.Rollback() }
	}
	return map[string]func(ctx context.Context) error{
		"duplicate":  exec(`INSERT INTO users (id, email) VALUES (2, 'a@example.com')`),
		"primarykey": exec(`INSERT INTO users (id, email) VALUES (1, 'b@example.com')`),
		"missingref": exec(`INSERT INTO posts (user_id) VALUES (999)`),
		"stillref":   exec(`DELETE FROM users WHERE id = 1`),
		"notnull":    exec(`INSERT INTO users (id, email) VALUES (3, NULL)`),
		"check":      exec(`INSERT INTO users (id, email, age) VALUES (4, 'd@example.com', -1)`),
		"mysqlcheck": func(context.Context) error {
			return &mysql.MySQLError{Number: 3819, Message: "Check constraint 'users_chk_1' is violated."}
		},
		"toolong": exec(`INSERT INTO users (id, email, nick) VALUES (5, 'e@example.com', 'a-nickname-too-long')`),
		"deadlock": func(ctx context.Context) error {
			a, b, done := txs(ctx)
			defer done()
			if _, err := a.ExecContext(ctx, `UPDATE counters SET n = n + 1 WHERE id = 1`); err != nil {
				return err
			}
			if _, err := b.ExecContext(ctx, `UPDATE counters SET n = n + 1 WHERE id = 2`); err != nil {
				return err
			}
			return kittest.Both(
				func() error { _, err := a.ExecContext(ctx, `UPDATE counters SET n = n + 1 WHERE id = 2`); return err },
				func() error { _, err := b.ExecContext(ctx, `UPDATE counters SET n = n + 1 WHERE id = 1`); return err })
		},
		"lockwait": func(ctx context.Context) error {
			a, b, done := txs(ctx)
			defer done()
			if _, err := a.ExecContext(ctx, `UPDATE counters SET n = n + 1 WHERE id = 1`); err != nil {
				return err
			}
			_, err := b.ExecContext(ctx, `UPDATE counters SET n = n + 1 WHERE id = 1`) // innodb_lock_wait_timeout=1
			return err
		},
		"invalidconn": func(ctx context.Context) error {
			// A connection the server killed: the driver finds it gone.
			c, err := db.Conn(ctx)
			if err != nil {
				return err
			}
			defer c.Close()
			var id int64
			if err := c.QueryRowContext(ctx, `SELECT CONNECTION_ID()`).Scan(&id); err != nil {
				return err
			}
			if _, err := db.ExecContext(ctx, fmt.Sprintf(`KILL %d`, id)); err != nil {
				return err
			}
			time.Sleep(50 * time.Millisecond)
			_, err = c.ExecContext(ctx, `SELECT 1`)
			return err
		},
		"badconn":            func(context.Context) error { return fmt.Errorf("exec: %w", driver.ErrBadConn) },
		"toomanyconnections": func(context.Context) error { return tooManyConnections },
	}
}

// tooManyConnections is what the server with max_connections=2 answered
// the third connection of a user without SUPER (TestMain).
var tooManyConnections error

// want is each failure's answer, as the kit's table says; number is the
// MySQL error number it carries (0 for the driver's own errors).
var want = map[string]struct {
	status     int
	message    string
	retryAfter string
	number     int
	field      string
}{
	"duplicate":          {409, "already exists", "", 1062, "emailAddress"},
	"primarykey":         {409, "already exists", "", 1062, ""},
	"missingref":         {422, "refers to a missing record", "", 1452, ""},
	"stillref":           {409, "is still referenced", "", 1451, ""},
	"notnull":            {422, "a required value is missing", "", 1048, "emailAddress"},
	"check":              {422, "a value is not allowed", "", 4025, ""},
	"mysqlcheck":         {422, "a value is not allowed", "", 3819, ""},
	"toolong":            {422, "a value is too long", "", 1406, "nick"},
	"deadlock":           {503, "try again", "1", 1213, ""},
	"lockwait":           {503, "try again", "1", 1205, ""},
	"toomanyconnections": {503, "temporarily unavailable", "5", 1040, ""},
	"invalidconn":        {503, "temporarily unavailable", "5", 0, ""},
	"badconn":            {503, "temporarily unavailable", "5", 0, ""},
}

var srv *server

func TestMain(m *testing.M) {
	os.Exit(func() (code int) {
		if d, _ := binaries(); d == "" {
			return m.Run() // each test says what to install
		}
		t := &kittest.MainT{}
		defer t.Close()
		defer func() {
			if p := recover(); p != nil {
				fmt.Fprintln(os.Stderr, "starting MariaDB:", p)
				code = 1
			}
		}()
		mysql.SetLogger(log4test{}) // the driver's own log lines, quiet
		srv = startServer(t)
		// A second server with room for two connections: the third is
		// refused with 1040, for real.
		small := startServer(t, "--max-connections=2")
		var held []*sql.Conn
		db, err := sql.Open("mysql", small.dsn())
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		for {
			c, err := db.Conn(context.Background())
			if err == nil {
				err = c.PingContext(context.Background())
			}
			if err != nil {
				tooManyConnections = err
				break
			}
			held = append(held, c)
			if len(held) > 10 {
				t.Fatalf("max_connections=2 let %d connections in", len(held))
			}
		}
		for _, c := range held {
			c.Close()
		}
		return m.Run()
	}())
}

type log4test struct{}

func (log4test) Print(...any) {}

// The failures really produce the numbers of the kit's table.
func TestFailuresAreReal(t *testing.T) {
	need(t)
	for name, f := range failures(t, srv) {
		err := f(context.Background())
		w := want[name]
		var me *mysql.MySQLError
		switch {
		case err == nil:
			t.Errorf("%s: no error", name)
		case w.number != 0 && (!errors.As(err, &me) || int(me.Number) != w.number):
			t.Errorf("%s: %v (%T), want error %d", name, err, err, w.number)
		case name == "invalidconn" && !errors.Is(err, mysql.ErrInvalidConn) && !errors.Is(err, driver.ErrBadConn):
			t.Errorf("%s: %v (%T) is neither mysql.ErrInvalidConn nor driver.ErrBadConn", name, err, err)
		}
	}
}

// apps serves fail's errors at /api/:name on Echo v4 (the kit for the app)
// and Echo v5 (the kit for the /api namespace).
func apps(fail func(ctx context.Context, name string) error, logs io.Writer) map[string]http.Handler {
	return kittest.Apps(mysqlkit.Rules(mysqlkit.Field("users.email", "emailAddress")), fail, logs)
}

// leaks are bits of the server's text and the row's values that must never
// reach a body.
var leaks = []string{"Error ", "a@example.com", "Duplicate", "constraint", "foreign key", "invalid connection", "driver", "Deadlock", "Lock wait"}

// Each number is answered as the table says, over a real server on
// 127.0.0.1, on Echo v4 and Echo v5, with no server text in the body and
// the number in the log line.
func TestAnswersOverRealHTTP(t *testing.T) {
	need(t)
	fs := failures(t, srv)
	var logs kittest.Buffer
	for version, h := range apps(func(ctx context.Context, name string) error { return fs[name](ctx) }, &logs) {
		hs := httptest.NewServer(h)
		client := &http.Client{Timeout: 20 * time.Second}
		for name, w := range want {
			status, body, hdr := kittest.Get(t, client, hs.URL+"/api/"+name)
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
		hs.Close()
	}
	for name, w := range want {
		if w.number != 0 && !strings.Contains(logs.String(), fmt.Sprintf(`"error_code":"%d"`, w.number)) {
			t.Errorf("%s: no log line has the error number %d as error_code", name, w.number)
		}
	}
}

// Stopping the server under load (SIGTERM, then a crash with SIGKILL):
// every answer is a 200 or a 503 with the kit's message, never a 500, never
// the server's text, on both Echos.
func TestServerStoppedUnderLoad(t *testing.T) {
	need(t)
	for _, mode := range []string{"v4 stop", "v5 kill"} {
		s := startServer(t)
		db := s.db(t)
		db.SetMaxOpenConns(8)
		h := apps(func(ctx context.Context, _ string) error {
			var n int
			return db.QueryRowContext(ctx, `SELECT 1 FROM DUAL WHERE SLEEP(0.01) = 0`).Scan(&n)
		}, nil)[mode[:2]]
		stop := s.stop
		if strings.HasSuffix(mode, "kill") {
			stop = s.kill
		}
		counts := kittest.StopUnderLoad(t, h, stop, []string{"temporarily unavailable", "try again"}, leaks)
		t.Logf("%s: answers %v", mode, counts)
	}
}

// The README's table says what the kit answers, row for row.
func TestReadmeTable(t *testing.T) {
	rows := map[string]string{}
	for _, line := range kittest.ReadmeRows(t) {
		key, _, _ := strings.Cut(line[2:], " ")
		rows[key] = line
	}
	named := map[string]string{"invalidconn": "`mysql.ErrInvalidConn`", "badconn": "`driver.ErrBadConn`"}
	for name, w := range want {
		key := fmt.Sprint(w.number)
		if n, ok := named[name]; ok {
			key = n
		}
		row := rows[key]
		if row == "" || !strings.Contains(row, fmt.Sprintf(`| %d "%s"`, w.status, w.message)) {
			t.Errorf("%s: README row %q does not say %d %q", name, row, w.status, w.message)
		}
		if w.retryAfter != "" && !strings.Contains(row, "Retry-After: "+w.retryAfter) {
			t.Errorf("%s: README row %q does not say Retry-After: %s", name, row, w.retryAfter)
		}
	}
}
