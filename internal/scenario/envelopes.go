package scenario

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"

	"github.com/echoerr/echoerr/internal/core"
)

// Envelope is an API's own error envelope: a Format whose Body writes it,
// and the body it must give for a status, a message and items.
type Envelope struct {
	Name   string
	Format core.Format
	Type   string // Content-Type
	Want   func(status int, msg string, items []core.ErrorItem) string
}

// itemField is the field an item is about.
func itemField(it core.ErrorItem) string {
	if it.Field != "" {
		return it.Field
	}
	return "body"
}

func encode(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b) + "\n"
}

// Envelopes are the three shapes of issue 20: RealWorld's, JSON:API's (with
// its media type) and Google's JSON style.
var Envelopes = []Envelope{
	{
		Name: "RealWorld", Type: "application/json",
		Format: core.Format{Body: func(r *http.Request, a core.Answer) any {
			return map[string]any{"errors": realWorld(a.Message, a.Items)}
		}},
		Want: func(status int, msg string, items []core.ErrorItem) string {
			return encode(map[string]any{"errors": realWorld(msg, items)})
		},
	},
	{
		Name: "JSON:API", Type: "application/vnd.api+json",
		Format: core.Format{BodyType: "application/vnd.api+json", Body: func(r *http.Request, a core.Answer) any {
			return jsonAPI(a.Status, a.Message, a.Items)
		}},
		Want: func(status int, msg string, items []core.ErrorItem) string {
			return encode(jsonAPI(status, msg, items))
		},
	},
	{
		Name: "Google", Type: "application/json",
		Format: core.Format{Body: func(r *http.Request, a core.Answer) any {
			return google(a.Status, a.Message, a.Items)
		}},
		Want: func(status int, msg string, items []core.ErrorItem) string { return encode(google(status, msg, items)) },
	},
}

func realWorld(msg string, items []core.ErrorItem) map[string][]string {
	errs := map[string][]string{}
	for _, it := range items {
		errs[itemField(it)] = append(errs[itemField(it)], it.Message)
	}
	if len(errs) == 0 {
		errs["body"] = []string{msg}
	}
	return errs
}

func jsonAPI(status int, msg string, items []core.ErrorItem) map[string]any {
	var errs []map[string]any
	for _, it := range items {
		errs = append(errs, map[string]any{"status": fmt.Sprint(status), "code": it.Code, "title": msg, "detail": it.Message,
			"source": map[string]string{"pointer": "/data/attributes/" + itemField(it)}})
	}
	if len(errs) == 0 {
		errs = append(errs, map[string]any{"status": fmt.Sprint(status), "title": msg})
	}
	return map[string]any{"errors": errs}
}

func google(status int, msg string, items []core.ErrorItem) map[string]any {
	e := map[string]any{"code": status, "message": msg}
	if len(items) > 0 {
		var errs []map[string]string
		for _, it := range items {
			errs = append(errs, map[string]string{"reason": it.Code, "message": it.Message, "location": itemField(it)})
		}
		sort.SliceStable(errs, func(i, j int) bool { return errs[i]["location"] < errs[j]["location"] })
		e["errors"] = errs
	}
	return map[string]any{"error": e}
}

// envelopeItems are the items of the several-errors class.
var envelopeItems = []core.ErrorItem{
	{Code: "blank", Message: "can't be blank", Field: "body"},
	{Code: "invalid", Message: "is invalid", Field: "email"},
}

// EnvelopeScenarios answers every class of answer echoerr writes itself
// through each envelope's Body alone: a default answer, a declared entry,
// an Abort, several errors, the router's 404 and 405 under a namespace, a
// recovered panic, 413, 499 and 503; HEAD gets no body.
func EnvelopeScenarios() []Scenario {
	var out []Scenario
	for _, env := range Envelopes {
		f := env.Format
		type class struct {
			name         string
			err          func(h Harness) error
			method, path string
			status       int
			msg          string
			items        []core.ErrorItem
			allow        []string
			app          Rules
		}
		classes := []class{
			{name: "a plain error", err: ret(errors.New("pq: secret")), status: 500, msg: "Internal Server Error"},
			{name: "a declared entry", err: ret(&NotFound{ID: "7"}), status: 404, msg: "no such thing", app: Rules{DeclareNotFound}},
			{name: "an Abort", err: func(h Harness) error { return h.Abort(403, "not yours", nil) }, status: 403, msg: "not yours"},
			{name: "several errors", err: ret(core.NewErrors(422, envelopeItems...)), status: 422, msg: "Unprocessable Entity", items: envelopeItems},
			{name: "the router's 404", method: "GET", path: "/api/nope", status: 404, msg: "Not Found"},
			{name: "the router's 405", method: "DELETE", path: "/api/x", status: 405, msg: "Method Not Allowed", allow: []string{"GET"}},
			{name: "a recovered panic", err: ret(&core.PanicError{Value: "boom secret"}), status: 500, msg: "Internal Server Error"},
			{name: "a body over the limit", err: ret(fmt.Errorf("bind: %w", &http.MaxBytesError{Limit: 10})), status: 413, msg: "Request Entity Too Large"},
			{name: "a client that went away", err: ret(fmt.Errorf("query: %w", context.Canceled)), status: 499, msg: "Client Closed Request"},
			{name: "a deadline", err: ret(fmt.Errorf("query: %w", context.DeadlineExceeded)), status: 503, msg: "Service Unavailable"},
		}
		for _, cl := range classes {
			s := Scenario{
				Name: env.Name + " envelope: " + cl.name, App: cl.app,
				Namespaces: []Namespace{{Prefix: "/api", Parent: -1, Format: &f}},
				Routes:     []Route{{NS: 0, Method: "GET", Path: "/x", Err: cl.err}},
				Method:     cl.method, Path: cl.path,
				Want: Want{Status: cl.status, Body: env.Want(cl.status, cl.msg, cl.items),
					Header: map[string]string{"Content-Type": env.Type}, Allow: cl.allow},
			}
			if cl.err == nil {
				s.Routes[0].Err = ret(nil)
			}
			out = append(out, s)
		}
		out = append(out, Scenario{
			Name: env.Name + " envelope: HEAD gets no body", Method: "HEAD", Path: "/api/x",
			Namespaces: []Namespace{{Prefix: "/api", Parent: -1, Format: &f}},
			Routes:     []Route{{NS: 0, Method: "HEAD", Path: "/x", Err: func(h Harness) error { return h.HTTPError(409, "taken") }}},
			Want:       Want{Status: 409, Body: "", Header: map[string]string{"Content-Type": env.Type}},
		})
	}
	return out
}
