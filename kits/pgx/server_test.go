package pgx_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/echoerr/echoerr/kits/kittest"

	"github.com/jackc/pgx/v5"
)

// server is a PostgreSQL server that a test started from Debian's
// packages, on a free 127.0.0.1 port, with a temporary data directory.
type server struct {
	bin, dir, log string
	port          int
	asUser        []string // runuser -u postgres -- (when root)
}

// postgresBin finds the directory of initdb and pg_ctl: on PATH, or under
// /usr/lib/postgresql/N/bin (Debian's layout), the newest.
func postgresBin() string {
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		if _, err := exec.LookPath("initdb"); err == nil {
			return filepath.Dir(p)
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool {
		a, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[i])))
		b, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[j])))
		return a > b
	})
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "pg_ctl")); err == nil {
			return d
		}
	}
	return ""
}

// need skips the test when PostgreSQL's server is not installed, except
// under CI, where nothing counts as tested that did not run.
func need(t kittest.TB) {
	t.Helper()
	if postgresBin() != "" {
		return
	}
	const msg = "PostgreSQL's server is not installed: apt-get install postgresql"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// startServer runs initdb and pg_ctl start; settings are extra server
// settings ("max_connections=20"). The server stops when the test ends.
func startServer(t kittest.TB, settings ...string) *server {
	t.Helper()
	need(t)
	s := &server{bin: postgresBin(), port: kittest.FreePort(t)}
	dir, err := os.MkdirTemp("", "echoerr-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	s.dir, s.log = filepath.Join(dir, "data"), filepath.Join(dir, "server.log")
	if os.Geteuid() == 0 {
		// initdb refuses root: run the server as Debian's postgres user.
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("running as root and there is no postgres user: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chmod(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
		s.asUser = []string{"runuser", "-u", "postgres", "--"}
	}
	s.run(t, filepath.Join(s.bin, "initdb"), "-D", s.dir, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale", "C")
	opts := []string{"-p " + strconv.Itoa(s.port), "-c listen_addresses=127.0.0.1", "-c unix_socket_directories=''",
		"-c fsync=off", "-c deadlock_timeout=50ms", "-c lc_messages=C"}
	for _, set := range settings {
		opts = append(opts, "-c "+set)
	}
	s.run(t, filepath.Join(s.bin, "pg_ctl"), "-D", s.dir, "-l", s.log, "-w", "-t", "60", "-o", strings.Join(opts, " "), "start")
	t.Cleanup(func() { s.stop(t, "immediate") })
	return s
}

func (s *server) run(t kittest.TB, args ...string) {
	t.Helper()
	args = append(append([]string{}, s.asUser...), args...)
	out, err := exec.Command(args[0], args[1:]...).CombinedOutput()
	if err != nil {
		log, _ := os.ReadFile(s.log)
		t.Fatalf("%s: %v\n%s\n%s", strings.Join(args, " "), err, out, log)
	}
}

// stop stops the server with pg_ctl's mode ("fast", "immediate"); a
// stopped server stops again without complaint.
func (s *server) stop(t kittest.TB, mode string) {
	args := append(append([]string{}, s.asUser...), filepath.Join(s.bin, "pg_ctl"), "-D", s.dir, "-m", mode, "-w", "stop")
	_ = exec.Command(args[0], args[1:]...).Run()
}

// dsn is the server's address for pgx.
func (s *server) dsn() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", s.port)
}

// conn opens a connection that closes when the test ends.
func (s *server) conn(t kittest.TB) *pgx.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, s.dsn())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}
