package crdb_test

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/cockroachdb/errors"
	"github.com/cockroachdb/errors/exthttp"
	echov4 "github.com/labstack/echo/v4"
	echov5 "github.com/labstack/echo/v5"

	echoerr4 "github.com/echoerr/echoerr"
	crdbkit "github.com/echoerr/echoerr/kits/crdb"
	echoerr5 "github.com/echoerr/echoerr/v5"
)

var cases = map[string]struct {
	err    error
	status int
	body   string
	safe   string // the log line's safe_details must hold it
}{
	"notfound": {
		errors.WithHint(exthttp.WrapWithHTTPCode(errors.Newf("user %s: no row", "secret-1"), 404), "check the user's id"),
		404, `{"message":"Not Found","hints":["check the user's id"]}`, "user ×: no row"},
	"detail and wrap": {
		fmt.Errorf("handler: %w", errors.Wrap(errors.WithDetail(exthttp.WrapWithHTTPCode(errors.New("conflict"), 409), "the name is taken"), "save secret-2")),
		409, `{"message":"Conflict","details":["the name is taken"]}`, ""},
	"server": {
		errors.WithHint(exthttp.WrapWithHTTPCode(errors.Newf("dial %s", "secret-3"), 503), "retry in a minute"),
		503, `{"message":"Service Unavailable"}`, "dial ×"},
	"safe details": {
		errors.WithSafeDetails(exthttp.WrapWithHTTPCode(errors.New("quota"), 429), "tenant %d over %s", errors.Safe(42), "secret-5"),
		429, `{"message":"Too Many Requests"}`, "tenant 42 over ×"},
	"no code": {errors.Newf("plain %s", "secret-4"), 500, `{"message":"Internal Server Error"}`, ""},
}

// Each error is answered with its HTTP code over a real HTTP server, on
// Echo v4 and v5: hints and details in a 4xx's body, never the error's
// text, and the safe details in the log line.
func TestAnswersOverRealHTTP(t *testing.T) {
	var logs syncBuffer
	lg := slog.New(slog.NewJSONHandler(&logs, nil))
	e4 := echov4.New()
	e4.HTTPErrorHandler = echoerr4.NewWithConfig(echoerr4.Config{Logger: lg, Rules: echoerr4.Kit(crdbkit.Rules()...)})
	e4.GET("/:case", func(c echov4.Context) error { return cases[c.Param("case")].err })
	e5 := echov5.New()
	e5.HTTPErrorHandler = echoerr5.NewWithConfig(echoerr5.Config{Logger: lg})
	api := echoerr5.Group(e5, "")
	api.Handle(echoerr5.Kit(crdbkit.Rules()...)...)
	api.GET("/:case", func(c *echov5.Context) error { return cases[c.Param("case")].err })
	for version, h := range map[string]http.Handler{"v4": e4, "v5": e5} {
		srv := httptest.NewServer(h)
		for name, w := range cases {
			logs.Reset()
			res, err := http.Get(srv.URL + "/" + strings.ReplaceAll(name, " ", "%20"))
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != w.status || strings.TrimSpace(string(b)) != w.body {
				t.Errorf("%s %s: %d %s, want %d %s", version, name, res.StatusCode, b, w.status, w.body)
			}
			if w.safe != "" && !strings.Contains(logs.String(), w.safe) {
				t.Errorf("%s %s: the log line %s has no safe detail %q", version, name, logs.String(), w.safe)
			}
			if strings.Contains(logs.String(), `"safe_details":"`) && strings.Contains(logs.String(), `"safe_details":"\n`) {
				t.Errorf("%s %s: a stack trace in safe_details: %s", version, name, logs.String())
			}
		}
		srv.Close()
	}
}

// The README's table is the kit's.
func TestReadmeTable(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range []string{
		"| `exthttp.WrapWithHTTPCode(err, 400-499)` | that status and its status text, `{\"hints\": [...], \"details\": [...]}` |",
		"| `exthttp.WrapWithHTTPCode(err, 500-599)` | that status and its status text |",
		"| an error without an HTTP code | not the kit's |",
	} {
		if !strings.Contains(string(b), row) {
			t.Errorf("README has no row %q", row)
		}
	}
}

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

func (s *syncBuffer) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b.Reset()
}
