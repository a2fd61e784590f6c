package mysql_test

import (
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/echoerr/echoerr/kits/kittest"

	_ "github.com/go-sql-driver/mysql"
)

// server is a MariaDB server that a test started from Debian's packages,
// on a free 127.0.0.1 port, with a temporary data directory.
type server struct {
	dir  string
	port int
	cmd  *exec.Cmd
}

// binaries finds mariadbd (or mysqld) and mariadb-install-db.
func binaries() (daemon, install string) {
	for _, d := range []string{"mariadbd", "/usr/sbin/mariadbd", "mysqld", "/usr/sbin/mysqld"} {
		if p, err := exec.LookPath(d); err == nil {
			daemon = p
			break
		}
	}
	for _, i := range []string{"mariadb-install-db", "mysql_install_db"} {
		if p, err := exec.LookPath(i); err == nil {
			install = p
			break
		}
	}
	if daemon == "" || install == "" {
		return "", ""
	}
	return daemon, install
}

// need skips the test when MariaDB's server is not installed, except under
// CI, where nothing counts as tested that did not run.
func need(t kittest.TB) {
	t.Helper()
	if d, _ := binaries(); d != "" {
		return
	}
	const msg = "MariaDB's server is not installed: apt-get install mariadb-server"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// startServer installs a data directory and starts mariadbd with extra
// options ("--max-connections=3"), with a database "app" and a user "app"
// (no SUPER privilege, so that max_connections holds for it). The server
// stops when the test ends.
func startServer(t kittest.TB, options ...string) *server {
	t.Helper()
	need(t)
	daemon, install := binaries()
	dir, err := os.MkdirTemp("", "echoerr-mariadb-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	s := &server{dir: dir, port: kittest.FreePort(t)}
	userOpt := []string{}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("mysql")
		if err != nil {
			t.Fatalf("running as root and there is no mysql user: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chmod(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
		userOpt = []string{"--user=mysql"}
	}
	data := filepath.Join(dir, "data")
	args := append([]string{install, "--no-defaults", "--datadir=" + data, "--auth-root-authentication-method=normal", "--skip-test-db"}, userOpt...)
	if out, err := exec.Command(args[0], args[1:]...).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
	}
	args = append([]string{daemon, "--no-defaults", "--datadir=" + data}, userOpt...)
	args = append(args,
		"--port="+strconv.Itoa(s.port), "--bind-address=127.0.0.1", "--socket="+filepath.Join(dir, "sock"),
		"--pid-file="+filepath.Join(dir, "pid"), "--log-error="+filepath.Join(dir, "err.log"),
		"--innodb-lock-wait-timeout=1", "--skip-name-resolve", "--innodb-flush-log-at-trx-commit=0")
	args = append(args, options...)
	s.cmd = exec.Command(args[0], args[1:]...)
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.stop() })
	root, err := sql.Open("mysql", fmt.Sprintf("root@tcp(127.0.0.1:%d)/", s.port))
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if err = root.Ping(); err == nil {
			break
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(dir, "err.log"))
			t.Fatalf("mariadbd did not start: %v\n%s", err, log)
		}
	}
	for _, q := range []string{"CREATE DATABASE app", "CREATE USER app@'127.0.0.1'", "GRANT ALL ON app.* TO app@'127.0.0.1'"} {
		if _, err := root.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return s
}

// stop stops the server: SIGTERM, then SIGKILL after 10 seconds.
func (s *server) stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
	s.cmd = nil
}

// kill stops the server at once (SIGKILL), as a crash does.
func (s *server) kill() {
	if s.cmd != nil && s.cmd.Process != nil {
		_ = s.cmd.Process.Kill()
	}
	s.stop()
}

// dsn is the app user's address for go-sql-driver/mysql.
func (s *server) dsn() string {
	return fmt.Sprintf("app@tcp(127.0.0.1:%d)/app?timeout=5s", s.port)
}

// db opens a pool that closes when the test ends.
func (s *server) db(t kittest.TB) *sql.DB {
	t.Helper()
	db, err := sql.Open("mysql", s.dsn())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
