// Package kittest holds what the kits' tests share: an app per Echo version
// that answers a kit's errors, requests over a real server, a log buffer
// that requests share, the README checks, and the SQLite failures both
// SQLite kits produce. It is for the kits' tests, not for apps.
package kittest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	echov4 "github.com/labstack/echo/v4"
	echov5 "github.com/labstack/echo/v5"

	echoerr4 "github.com/echoerr/echoerr"
	"github.com/echoerr/echoerr/answer"
	echoerr5 "github.com/echoerr/echoerr/v5"
)

// Buffer is a bytes.Buffer for a logger that requests share.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *Buffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *Buffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func (s *Buffer) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b.Reset()
}

// Apps serves fail(ctx, name) at /api/:name on Echo v4, with the kit's
// rules for the app, and on Echo v5, with them for the /api namespace;
// both log JSON lines to logs (nil: discarded). extra, when set, registers
// more of a test's own on each: the v4 namespace and the v5 one.
func Apps(kit []answer.Decl, fail func(ctx context.Context, name string) error, logs io.Writer,
	extra ...func(api4 *echoerr4.Namespace, api5 *echoerr5.Namespace)) map[string]http.Handler {
	if logs == nil {
		logs = io.Discard
	}
	lg := slog.New(slog.NewJSONHandler(logs, nil))
	e4 := echov4.New()
	e4.HTTPErrorHandler = echoerr4.NewWithConfig(echoerr4.Config{Logger: lg, Rules: echoerr4.Kit(kit...)})
	api4 := echoerr4.Group(e4, "/api")
	api4.GET("/:name", func(c echov4.Context) error { return fail(c.Request().Context(), c.Param("name")) })
	e5 := echov5.New()
	e5.HTTPErrorHandler = echoerr5.NewWithConfig(echoerr5.Config{Logger: lg})
	api5 := echoerr5.Group(e5, "/api")
	api5.Handle(echoerr5.Kit(kit...)...)
	api5.GET("/:name", func(c *echov5.Context) error { return fail(c.Request().Context(), c.Param("name")) })
	for _, x := range extra {
		x(api4, api5)
	}
	return map[string]http.Handler{"v4": e4, "v5": e5}
}

// Get sends GET url with client and returns the answer's status, body and
// headers; a failed request is the test's error (status 0).
func Get(t testing.TB, client *http.Client, url string) (int, string, http.Header) {
	t.Helper()
	res, err := client.Get(url)
	if err != nil {
		t.Error(err)
		return 0, "", nil
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return res.StatusCode, string(b), res.Header
}

// ReadmeSnippets checks that every line of README.md's Go snippets stands
// in example_test.go, whose examples run: README shows code that compiles.
func ReadmeSnippets(t *testing.T) {
	t.Helper()
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```go\n(.*?)```").FindAllSubmatch(readme, -1)
	if len(blocks) == 0 {
		t.Error("README.md has no Go snippet")
	}
	for _, m := range blocks {
		for _, line := range strings.Split(strings.TrimSpace(string(m[1])), "\n") {
			if !strings.Contains(string(src), strings.TrimSpace(line)) {
				t.Errorf("README line not in example_test.go:\n%s", line)
			}
		}
	}
}

// ReadmeRows returns README.md's table rows ("| ... |" lines), for a
// kit's test that each answer of its table has its row.
func ReadmeRows(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "| ") {
			rows = append(rows, line)
		}
	}
	return rows
}

// RPCCodes checks a kit of RPC codes (gRPC's, Connect's) over a real server
// on 127.0.0.1, on Echo v4 and v5: call fails with the code its name gives
// (1 to 16, with a message holding "secret-N"); each answers with
// statuses[code], with the service's message on a 4xx but Canceled's, and
// never on a 5xx.
func RPCCodes(t *testing.T, kit []answer.Decl, call func(ctx context.Context, code string) error, statuses func(code int) int) {
	t.Helper()
	for version, h := range Apps(kit, call, nil) {
		srv := httptest.NewServer(h)
		client := &http.Client{Timeout: 10 * time.Second}
		for c := 1; c <= 16; c++ {
			status, body, _ := Get(t, client, srv.URL+"/api/"+strconv.Itoa(c))
			want := statuses(c)
			if status != want {
				t.Errorf("%s code %d: %d %s, want %d", version, c, status, body, want)
			}
			secret := fmt.Sprintf("secret-%d", c)
			if public := want < 500 && c != 1; public != strings.Contains(body, secret) {
				t.Errorf("%s code %d: %s; the service's message in it: %v, want %v", version, c, body, !public, public)
			}
		}
		srv.Close()
	}
}
