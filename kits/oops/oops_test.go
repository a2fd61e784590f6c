package oops_test

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	echov4 "github.com/labstack/echo/v4"
	echov5 "github.com/labstack/echo/v5"
	"github.com/samber/oops"

	echoerr4 "github.com/echoerr/echoerr"
	"github.com/echoerr/echoerr/kits/kittest"
	oopskit "github.com/echoerr/echoerr/kits/oops"
	echoerr5 "github.com/echoerr/echoerr/v5"
)

// NotFound is an app's error, with a rule of the app's own.
type NotFound struct{ ID int }

func (e *NotFound) Error() string { return fmt.Sprintf("not found: %d", e.ID) }

var cases = map[string]struct {
	err    error
	status int
	body   string
}{
	"coded": {oops.Code("user_not_found").Public("no such user").Hint("check the id").Errorf("user %d: select: secret-1", 7),
		404, `{"message":"no such user","code":"user_not_found","hint":"check the id"}`},
	"wrapped": {fmt.Errorf("handler: %w", oops.Code("user_not_found").Errorf("secret-2")),
		404, `{"message":"Not Found","code":"user_not_found"}`},
	"server": {oops.Code("db_down").Hint("see the runbook").Wrapf(errors.New("dial secret-3"), "query"),
		500, `{"message":"Internal Server Error","code":"db_down"}`},
	"public":        {oops.Public("try again later").Errorf("secret-4"), 500, `{"message":"try again later"}`},
	"plain wrapper": {oops.Wrapf(&NotFound{ID: 9}, "load secret-5"), 404, `{"message":"no such record"}`},
	"numeric code":  {oops.Code(4221).Public("quota exceeded").Errorf("secret-6"), 429, `{"message":"quota exceeded","code":4221}`},
}

// Each oops error is answered as the table says over a real HTTP server, on
// Echo v4 and v5, with no error text in the body and the code in the log.
func TestAnswersOverRealHTTP(t *testing.T) {
	var logs kittest.Buffer
	lg := slog.New(slog.NewJSONHandler(&logs, nil))
	rules := oopskit.Rules(oopskit.Status("user_not_found", 404), oopskit.Status(4221, 429))
	notFound := echoerr4.Entry{Status: 404, Message: "no such record"}
	e4 := echov4.New()
	e4.HTTPErrorHandler = echoerr4.NewWithConfig(echoerr4.Config{Logger: lg,
		Rules: append(echoerr4.Kit(rules...), echoerr4.Declare[*NotFound](notFound))})
	e4.GET("/:case", func(c echov4.Context) error { return cases[c.Param("case")].err })
	e5 := echov5.New()
	e5.HTTPErrorHandler = echoerr5.NewWithConfig(echoerr5.Config{Logger: lg})
	api := echoerr5.Group(e5, "")
	api.Handle(echoerr5.Kit(rules...)...)
	api.Handle(echoerr5.Declare[*NotFound](notFound))
	api.GET("/:case", func(c *echov5.Context) error { return cases[c.Param("case")].err })
	for version, h := range map[string]http.Handler{"v4": e4, "v5": e5} {
		srv := httptest.NewServer(h)
		for name, w := range cases {
			res, err := http.Get(srv.URL + "/" + strings.ReplaceAll(name, " ", "%20"))
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != w.status || strings.TrimSpace(string(b)) != w.body {
				t.Errorf("%s %s: %d %s, want %d %s", version, name, res.StatusCode, b, w.status, w.body)
			}
		}
		srv.Close()
	}
	for _, code := range []string{"user_not_found", "db_down", "4221"} {
		if !strings.Contains(logs.String(), `"error_code":"`+code+`"`) {
			t.Errorf("no log line has error_code %s", code)
		}
	}
}

// Status refuses a status that is not an error's.
func TestStatusRefusesNonErrors(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Status(x, 200) did not panic")
		}
	}()
	oopskit.Status("x", 200)
}

// The README's table is the kit's.
func TestReadmeTable(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range []string{
		"| an oops error whose code `Status` names | that status",
		`| an oops error with a code or a public message | 500, Public() or "Internal Server Error"`,
		"| an oops error with neither | not the kit's",
	} {
		if !strings.Contains(string(b), row) {
			t.Errorf("README has no row %q", row)
		}
	}
}
