package scenario

import (
	"strings"
	"testing"
)

// RouteRuleCase is a HandleRoute registration, beside a namespace "/api"
// with the route GET /api/things/:id: one that names a route, or one that
// never could (a setup error).
type RouteRuleCase struct {
	Name string
	// App registers on the Echo (the full path) instead of the namespace.
	App          bool
	Method, Path string
	Panics       string // what the panic names; "" when none
}

// RouteRuleCases are the mistakes newcomers made, and what is allowed.
var RouteRuleCases = []RouteRuleCase{
	{Name: "nok, a typo in the path", Method: "GET", Path: "/thnigs/:id", Panics: "GET /api/thnigs/:id (route_rules_test.go:"},
	{Name: "nok, another parameter name", Method: "GET", Path: "/things/:name", Panics: "GET /api/things/:name"},
	{Name: "nok, the full path where the namespace expects its own", Method: "GET", Path: "/api/things/:id", Panics: "GET /api/api/things/:id"},
	{Name: "ok, a method the path does not have (a route behind a feature flag)", Method: "DELETE", Path: "/things/:id"},
	{Name: "ok, the app's HandleRoute with the full path", App: true, Method: "GET", Path: "/api/things/:id"},
}

// RouteRules checks that route rules that can never apply are a setup
// error: a panic at the first request (when Echo makes its first context)
// and in Describe, naming the rule and where it was registered. build makes
// the app of one case and returns how to serve GET /api/things/7 and how to
// describe it.
func RouteRules(t *testing.T, build func(c RouteRuleCase) (serve, describe func())) {
	for _, c := range RouteRuleCases {
		t.Run(c.Name, func(t *testing.T) {
			serve, describe := build(c)
			if c.Panics == "" {
				if msg := PanicMessage(serve) + PanicMessage(describe); msg != "" {
					t.Fatalf("panicked: %s", msg)
				}
				return
			}
			msg := PanicMessage(serve)
			if !strings.Contains(msg, "echoerr: HandleRoute: "+c.Panics) || !strings.Contains(msg, "no route has this path") {
				t.Fatalf("the first request's panic %q, want it to name %q", msg, c.Panics)
			}
			if msg := PanicMessage(describe); !strings.Contains(msg, c.Panics) {
				t.Fatalf("Describe's panic %q, want it to name %q", msg, c.Panics)
			}
		})
	}
}

// PanicMessage runs f and returns the string it panicked with, "" if none.
func PanicMessage(f func()) (msg string) {
	defer func() {
		if p := recover(); p != nil {
			msg, _ = p.(string)
		}
	}()
	f()
	return ""
}
