package validator_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	govalidator "github.com/go-playground/validator/v10"
	echov4 "github.com/labstack/echo/v4"
	echov5 "github.com/labstack/echo/v5"

	echoerr4 "github.com/echoerr/echoerr"
	validatorkit "github.com/echoerr/echoerr/kits/validator"
	echoerr5 "github.com/echoerr/echoerr/v5"
)

type Order struct {
	Email string `json:"email" validate:"required,email"`
	Items []Item `json:"items" validate:"required,min=1,dive"`
	Note  string `validate:"max=5"` // no json tag: its Go name
}

type Item struct {
	Name string `json:"name" validate:"required,max=10"`
	Qty  int    `json:"qty,omitempty" validate:"gte=1"`
}

// apps bind and validate an Order at POST /api/orders on Echo v4 (the kit
// for the app) and Echo v5 (the kit for the /api namespace).
func apps(kit *validatorkit.Kit) map[string]http.Handler {
	e4 := echov4.New()
	e4.Validator = kit
	quiet := slog.New(slog.DiscardHandler)
	e4.HTTPErrorHandler = echoerr4.NewWithConfig(echoerr4.Config{Logger: quiet, Rules: echoerr4.Kit(kit.Rules()...)})
	echoerr4.Group(e4, "/api").POST("/orders", func(c echov4.Context) error {
		var o Order
		if err := c.Bind(&o); err != nil {
			return err
		}
		if err := c.Validate(&o); err != nil {
			return err
		}
		return c.NoContent(http.StatusCreated)
	})
	e5 := echov5.New()
	e5.Validator = kit
	e5.HTTPErrorHandler = echoerr5.NewWithConfig(echoerr5.Config{Logger: quiet})
	api5 := echoerr5.Group(e5, "/api")
	api5.Handle(echoerr5.Kit(kit.Rules()...)...)
	api5.POST("/orders", func(c *echov5.Context) error {
		var o Order
		if err := c.Bind(&o); err != nil {
			return err
		}
		if err := c.Validate(&o); err != nil {
			return err
		}
		return c.NoContent(http.StatusCreated)
	})
	return map[string]http.Handler{"v4": e4, "v5": e5}
}

type item struct {
	Code    string         `json:"code"`
	Message string         `json:"message"`
	Info    map[string]any `json:"info"`
	Field   string         `json:"field"`
}

// post sends body over a real server on 127.0.0.1 and returns the status
// and the items of the answer.
func post(t *testing.T, url, body, lang string) (int, []item, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url+"/api/orders", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if lang != "" {
		req.Header.Set("Accept-Language", lang)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var out struct{ Errors []item }
	_ = json.Unmarshal(b, &out)
	return res.StatusCode, out.Errors, string(b)
}

const bad = `{"email": "nope", "items": [{"name": "", "qty": 0}, {"name": "a-name-far-too-long", "qty": 2}], "Note": "too long"}`

// One item per invalid field, with the path in the JSON names the client
// sent, the rule and its parameter; English by default; on both Echos.
func TestItemsOverRealHTTP(t *testing.T) {
	for version, h := range apps(validatorkit.New(nil)) {
		srv := httptest.NewServer(h)
		status, items, body := post(t, srv.URL, bad, "")
		if status != 422 {
			t.Errorf("%s: %d %s, want 422", version, status, body)
		}
		want := []item{
			{"email", "email must be a valid email address", nil, "email"},
			{"required", "name is a required field", nil, "items[0].name"},
			{"gte", "qty must be 1 or greater", map[string]any{"param": "1"}, "items[0].qty"},
			{"max", "name must be a maximum of 10 characters in length", map[string]any{"param": "10"}, "items[1].name"},
			{"max", "Note must be a maximum of 5 characters in length", map[string]any{"param": "5"}, "Note"},
		}
		if len(items) != len(want) {
			t.Fatalf("%s: %d items in %s, want %d", version, len(items), body, len(want))
		}
		for i, w := range want {
			got := items[i]
			if got.Code != w.Code || got.Message != w.Message || got.Field != w.Field || (w.Info != nil && got.Info["param"] != w.Info["param"]) {
				t.Errorf("%s: item %d is %+v, want %+v", version, i, got, w)
			}
		}
		if status, _, _ := post(t, srv.URL, `{"email": "a@example.com", "items": [{"name": "pen", "qty": 1}]}`, ""); status != 201 {
			t.Errorf("%s: a valid order answered %d", version, status)
		}
		srv.Close()
	}
}

// The messages are in the language Accept-Language prefers among those the
// kit knows, by q-value; English when it knows none.
func TestAcceptLanguage(t *testing.T) {
	h := apps(validatorkit.New(nil))
	for version, h := range h {
		srv := httptest.NewServer(h)
		for _, c := range []struct{ lang, want string }{
			{"", "name is a required field"},
			{"fr-CH, fr;q=0.9, en;q=0.8", "name est un champ obligatoire"},
			{"en;q=0.5, de;q=0.9", "name ist ein Pflichtfeld"},
			{"xx, es", "name es un campo requerido"},
			{"pt-BR", "name é um campo obrigatório"},
			{"pt-PT, pt;q=0.9", "name é obrigatório"},
			{"tlh, *", "name is a required field"},
			{"de;q=0, xx", "name is a required field"},
			{strings.Repeat("de,", 400), "name is a required field"},
		} {
			_, items, body := post(t, srv.URL, bad, c.lang)
			if len(items) < 2 || items[1].Message != c.want {
				t.Errorf("%s Accept-Language %q: %s, want item 1 %q", version, c.lang, body, c.want)
			}
		}
		srv.Close()
	}
}

// Status(400) answers 400; a status outside 4xx is refused at setup.
func TestStatusOption(t *testing.T) {
	for version, h := range apps(validatorkit.New(govalidator.New(), validatorkit.Status(400))) {
		srv := httptest.NewServer(h)
		if status, items, body := post(t, srv.URL, bad, ""); status != 400 || len(items) != 5 {
			t.Errorf("%s: %d %s, want 400 with 5 items", version, status, body)
		}
		srv.Close()
	}
	defer func() {
		if recover() == nil {
			t.Error("Status(500) did not panic")
		}
	}()
	validatorkit.Status(500)
}

// The README's table says what the kit answers.
func TestReadmeTable(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `| validator.ValidationErrors | 422 "validation failed"`) {
		t.Error("README has no row for ValidationErrors saying 422 \"validation failed\"")
	}
	if validatorkit.Invalid.Status != 422 || validatorkit.Invalid.Message != "validation failed" {
		t.Errorf("the kit answers %+v, not what README says", validatorkit.Invalid)
	}
}

// Entry answers in an app's own words, without items.
func TestEntryOption(t *testing.T) {
	own := echoerr4.Entry{Status: 400, Message: "Request is missing required fields"}
	for version, h := range apps(validatorkit.New(nil, validatorkit.Entry(own))) {
		srv := httptest.NewServer(h)
		if status, items, body := post(t, srv.URL, bad, "fr"); status != 400 || len(items) != 0 || strings.TrimSpace(body) != `{"message":"Request is missing required fields"}` {
			t.Errorf("%s: %d %s, want the app's entry", version, status, body)
		}
		srv.Close()
	}
}
