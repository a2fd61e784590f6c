package huma_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"

	humakit "github.com/echoerr/echoerr/kits/huma"
	"github.com/echoerr/echoerr/kits/kittest"
)

// own is an app's error with Huma's method, not Huma's type.
type own struct{ status int }

func (e *own) Error() string  { return fmt.Sprintf("own %d", e.status) }
func (e *own) GetStatus() int { return e.status }

var cases = map[string]struct {
	err     error
	status  int
	message string
	items   []string // field=message
}{
	"notfound": {fmt.Errorf("get: %w", huma.Error404NotFound("no such thing")), 404, "no such thing", nil},
	"invalid": {huma.Error422UnprocessableEntity("validation failed",
		&huma.ErrorDetail{Message: "expected length >= 3", Location: "body.name", Value: "secret-input"},
		&huma.ErrorDetail{Message: "expected number", Location: "body.items[1].qty", Value: "x"}),
		422, "validation failed", []string{"body.name=expected length >= 3", "body.items[1].qty=expected number"}},
	"conflict": {huma.NewError(409, "taken"), 409, "taken", nil},
	"own":      {&own{status: 418}, 418, "own 418", nil},
	"server":   {huma.Error500InternalServerError("db password is secret-pw", errors.New("secret-cause")), 500, "Internal Server Error", nil},
	"gateway":  {huma.NewError(502, "upstream secret-host down"), 502, "Bad Gateway", nil},
	"notanerr": {&own{status: 200}, 500, "Internal Server Error", nil},
}

// Each error is answered with its status over a real HTTP server on Echo
// v4 and v5: a 4xx with its message and items (never the values), a 5xx
// with its status text.
func TestAnswersOverRealHTTP(t *testing.T) {
	apps := kittest.Apps(humakit.Rules(), func(_ context.Context, name string) error { return cases[name].err }, nil)
	for version, h := range apps {
		srv := httptest.NewServer(h)
		for name, w := range cases {
			res, err := http.Get(srv.URL + "/api/" + name)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			var body struct {
				Message string
				Errors  []struct{ Message, Field string }
			}
			_ = json.Unmarshal(b, &body)
			if res.StatusCode != w.status {
				t.Errorf("%s %s: %d %s, want %d", version, name, res.StatusCode, b, w.status)
			}
			var items []string
			for _, it := range body.Errors {
				items = append(items, it.Field+"="+it.Message)
			}
			if w.items == nil && body.Message != w.message || fmt.Sprint(items) != fmt.Sprint(w.items) && w.items != nil {
				t.Errorf("%s %s: %s, want message %q items %q", version, name, b, w.message, w.items)
			}
			if strings.Contains(string(b), "secret") {
				t.Errorf("%s %s: %s leaks", version, name, b)
			}
		}
		srv.Close()
	}
}

// The README's table says the rule's answers.
func TestReadmeTable(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range []string{"| GetStatus() 400-499 | that status, the error's message", "| GetStatus() 500-599 | that status, its status text |"} {
		if !strings.Contains(string(b), row) {
			t.Errorf("README has no row %q", row)
		}
	}
}
