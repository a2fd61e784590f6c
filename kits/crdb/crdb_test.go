package crdb_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/cockroachdb/errors"
	"github.com/cockroachdb/errors/exthttp"

	crdbkit "github.com/echoerr/echoerr/kits/crdb"
	"github.com/echoerr/echoerr/kits/kittest"
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
	var logs kittest.Buffer
	apps := kittest.Apps(crdbkit.Rules(), func(_ context.Context, name string) error { return cases[name].err }, &logs)
	for version, h := range apps {
		srv := httptest.NewServer(h)
		for name, w := range cases {
			logs.Reset()
			res, err := http.Get(srv.URL + "/api/" + strings.ReplaceAll(name, " ", "%20"))
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
