// Package scenario is the table of behaviours that echoerr has for every
// Echo version: each scenario describes an app (rules, namespaces, routes)
// without Echo's types, a request and the answer it must get. Each adapter's
// tests supply a Harness that builds the app with its Echo and serves the
// request through e.ServeHTTP, so that one table proves the same behaviour
// for Echo v4 and Echo v5.
package scenario

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"

	"github.com/echoerr/echoerr/answer"

	"github.com/echoerr/echoerr/internal/core"
)

// NotFound is a typed error of the scenarios' app.
type NotFound struct{ ID string }

func (e *NotFound) Error() string { return "not found: " + e.ID }

// Base and Sub: a *Sub wraps a *Base.
type Base struct{ Msg string }

func (e *Base) Error() string { return "base: " + e.Msg }

// Sub wraps a *Base.
type Sub struct{ B *Base }

func (e *Sub) Error() string { return "sub: " + e.B.Error() }
func (e *Sub) Unwrap() error { return e.B }

// DBError is a driver error with one type for every code.
type DBError struct{ Code string }

func (e *DBError) Error() string { return "db: " + e.Code }

// Panicky is an error whose methods panic.
type Panicky struct{}

func (*Panicky) Error() string         { panic("Error panics") }
func (*Panicky) StatusCode() int       { panic("StatusCode panics") }
func (*Panicky) Unwrap() error         { panic("Unwrap panics") }
func (*Panicky) Is(error) bool         { panic("Is panics") }
func (*Panicky) PublicMessage() string { panic("PublicMessage panics") }

// PanickyMessage carries a status; its PublicMessage panics.
type PanickyMessage struct{ Code int }

func (e *PanickyMessage) Error() string         { return "panicky message" }
func (e *PanickyMessage) StatusCode() int       { return e.Code }
func (e *PanickyMessage) PublicMessage() string { panic("no message") }

// SliceErr is uncomparable: == on two of them panics.
type SliceErr []string

func (e SliceErr) Error() string { return fmt.Sprint([]string(e)) }

// Loop unwraps to itself.
type Loop struct{}

func (l *Loop) Error() string { return "loop" }
func (l *Loop) Unwrap() error { return l }

// ErrReadOnly is a sentinel.
var ErrReadOnly = errors.New("store is read-only")

// Rule kinds a scenario can register.
const (
	DeclareNotFound   = "declare *NotFound 404"
	DeclareBase       = "declare *Base 400"
	DeclareSub        = "declare *Sub 409"
	DeclareReadOnly   = "declare ErrReadOnly 503"
	Declare500        = "declare status 500"
	OnNotFoundJSON    = "on *NotFound writes 404 {id}"
	OnBasePassOn      = "on *Base passes it on"
	OnSubPanics       = "on *Sub panics"
	OnStatus404Teapot = "on status 404 writes 418"
	CatchAllWrites    = "catch-all writes 599->502 {ns}"
	CatchAllNil       = "catch-all returns nil, writes nothing"
	GuardUnique       = "if *DBError code 23505: 409"
	DeclareDBError    = "declare *DBError 503"
	AbortFromRule     = "on ErrReadOnly aborts 423"
	Declare405        = "declare status 405"
	DeclareGone       = "declare *NotFound 410"
	CatchAllParam     = "catch-all writes 404 {tid: c.Param(tid)}"
	DeclareLimited    = "declare *Limited 429 with Retry-After, Set-Cookie and Vary"
	DeclareNoStore    = "declare status 500 with Cache-Control: no-store"
	DeclareDupHeaders = "declare *DBError 503 with retry-after and Retry-After"
	OnStatus503New    = "on status 503 passes on a new error"
	GuardPanics       = "if *DBError: the guard panics"
	OnHTTPErrorType   = "on Echo's HTTP error type writes 418 {by: type}"
	OnForbidden       = "on sentinel Echo's ErrForbidden writes 403 {by: sentinel}"
	OnStatus403       = "on status 403 writes 403 {by: status}"
	DeclareDeref410   = "declare *Deref 410"
	DeclareAbort418   = "declare *AbortError 418"
	CatchAllDefault   = "catch-all writes DefaultAnswer as message|error"
	KitRules          = "a kit: *NotFound 404, *DBError 23505 409, ErrReadOnly 503, status 418"
)

// Limited is a rate limiter's error: it carries response headers.
type Limited struct{}

func (*Limited) Error() string { return "rate limited" }

// Headers returns a Retry-After (twice, in two cases of its name), a cookie
// and a Link.
func (*Limited) Headers() http.Header {
	return http.Header{"Retry-After": {"30"}, "retry-after": {"31"}, "Set-Cookie": {"limited=1"}, "Link": {"</quota>; rel=help"}}
}
func (*Limited) StatusCode() int { return http.StatusTooManyRequests }

// RouteNotFound is the method name of Echo's RouteNotFound routes (the same
// in Echo v4 and v5).
const RouteNotFound = "echo_route_not_found"

// NilWrap is a wrapper whose methods dereference the receiver: a typed nil
// panics in Error and Unwrap.
type NilWrap struct{ Err error }

func (w *NilWrap) Error() string { return "wrap: " + w.Err.Error() }
func (w *NilWrap) Unwrap() error { return w.Err }

// Rules is a list of rule kinds.
type Rules []string

// Namespace is one namespace of the scenario's app.
type Namespace struct {
	Prefix string
	Parent int // index of the parent namespace, -1 for the app
	Rules  Rules
	Format *core.Format
	Mw     bool // with a middleware (that lets everything through)
}

// Route is one route: it returns Err (built per request).
type Route struct {
	NS     int // index of its namespace, -1 for the app
	Method string
	Path   string // relative to the namespace's prefix
	Err    func(h Harness) error
	Rules  Rules // its own rules (HandleRoute)
	// RulesFor is the method HandleRoute names for Rules; "" is Method.
	RulesFor string
	// Hijack, when set, makes the handler take over the connection
	// (http.NewResponseController(w).Hijack), write Hijack on it and close
	// it before it returns Err: the scenario is served by a real server on
	// 127.0.0.1, and the client must read Hijack alone.
	Hijack string
}

// Want is the answer a scenario must get.
type Want struct {
	Status     int
	Body       string              // exact body, "" to skip
	Header     map[string]string   // headers that must be equal
	Allow      []string            // methods the Allow header must list
	Values     map[string][]string // headers whose every value must be equal, in order
	Lines      int                 // "error answered" log lines; 0 means 1
	Panicked   string              // text the log line\'s method_panicked attribute must hold
	Level      string              // the log line\'s level, "" to skip
	ClientGone bool                // the log line says client_gone
	Cause      string              // the log line\'s cause attribute, "" to skip
	Reports    int                 // reports; 0 means the default (one for a 5xx, else none), -1 too
	Rule       string              // the log line's rule attribute, "" to skip
	NS         *string             // the log line's namespace attribute, nil to skip
	Attrs      map[string]string   // log line attributes that must be equal (as fmt.Sprint prints them)
}

// Scenario is one behaviour.
type Scenario struct {
	Name       string
	App        Rules
	Format     core.Format
	Debug      bool
	Namespaces []Namespace
	Routes     []Route
	Method     string
	Path       string
	Accept     string
	Want       Want

	// Use, when set, is an app middleware (e.Use) that fails every
	// request with its error.
	Use func(h Harness) error
	// Respond puts echoerr.Respond() in the app's middleware, and Outer,
	// when set, is an app middleware outside it that returns its error
	// after the request was answered.
	Respond bool
	Outer   func(h Harness) error
	// MwHeaders are response headers an app middleware (e.Use) adds
	// before the handler runs, as a CSRF or cache middleware does.
	MwHeaders http.Header
	// Direct, when set, serves the request by calling e.HTTPErrorHandler
	// with its error on a context from e.NewContext, as a unit test does.
	Direct func(h Harness) error
	// DirectPath, with Direct, is set on that context (c.SetPath) first,
	// as a test that names the route it stands for does.
	DirectPath string
	// UserHook: after setup, the app sets its own route hook (not chaining
	// echoerr's), the garbage collector runs, and the app adds a route.
	UserHook bool
	// Readd, when not 0, re-registers route Readd-1 on the Echo itself
	// after setup (removing it first where Echo requires).
	Readd int
	// Gone cancels the request's context before it is served: the client
	// went away.
	Gone bool
	// Repeat builds and serves the app this many times (default once): an
	// answer that depends on map order shows.
	Repeat int
}

// Harness is an Echo version, as the table needs it.
type Harness interface {
	// HTTPError returns Echo's HTTPError with code and message.
	HTTPError(code int, msg string) error
	// NotFound returns Echo's ErrNotFound.
	NotFound() error
	// Forbidden returns Echo's ErrForbidden.
	Forbidden() error
	// Abort returns echoerr.Abort(c, code, msg, fields).
	Abort(code int, msg string, fields map[string]any) error
	// AbortCause returns echoerr.AbortCause(c, cause, code, msg, nil).
	AbortCause(cause error, code int, msg string) error
}

func ns(s string) *string { return &s }

func ret(err error) func(Harness) error { return func(Harness) error { return err } }

// All returns the table.
func All() []Scenario {
	return []Scenario{
		{
			Name: "plain error answers 500 without its text", Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: ret(errors.New("pq: secret"))}},
			Want: Want{Status: 500, Body: `{"message":"Internal Server Error"}` + "\n", Rule: "default"},
		},
		{
			Name: "debug shows the text", Debug: true, Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: ret(errors.New("pq: secret"))}},
			Want: Want{Status: 500, Body: `{"message":"Internal Server Error","error":"pq: secret"}` + "\n"},
		},
		{
			Name:   "wrapped HTTPError keeps its status and message",
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: func(h Harness) error { return fmt.Errorf("load: %w", h.HTTPError(403, "nope")) }}},
			Want:   Want{Status: 403, Body: `{"message":"nope"}` + "\n"},
		},
		{
			Name: "router 404 outside namespaces", Method: "GET", Path: "/nothing",
			Want: Want{Status: 404, Body: `{"message":"Not Found"}` + "\n", Rule: "default", NS: ns("")},
		},
		{
			Name: "declared type, wrapped", App: Rules{DeclareNotFound},
			Routes: []Route{{NS: -1, Method: "GET", Path: "/m/:id", Err: ret(fmt.Errorf("get: %w", &NotFound{ID: "7"}))}},
			Path:   "/m/7", Want: Want{Status: 404, Body: `{"message":"no such thing"}` + "\n", Rule: "type *scenario.NotFound"},
		},
		{
			Name: "declared sentinel in a join", App: Rules{DeclareReadOnly},
			Routes: []Route{{NS: -1, Method: "POST", Path: "/m", Err: ret(errors.Join(errors.New("a"), fmt.Errorf("b: %w", ErrReadOnly)))}},
			Method: "POST", Want: Want{Status: 503, Body: `{"message":"read-only"}` + "\n"},
		},
		{
			Name: "handler writes its own answer", App: Rules{OnNotFoundJSON},
			Routes: []Route{{NS: -1, Method: "GET", Path: "/m", Err: ret(&NotFound{ID: "9"})}},
			Want:   Want{Status: 404, Body: `{"id":"9"}` + "\n"},
		},
		{
			Name: "outermost element decides within a level", App: Rules{DeclareBase, DeclareSub},
			Routes: []Route{{NS: -1, Method: "GET", Path: "/m", Err: ret(&Sub{B: &Base{Msg: "x"}})}},
			Want:   Want{Status: 409, Rule: "type *scenario.Sub"},
		},
		{
			Name: "the namespace decides before the app's more specific rule", App: Rules{DeclareSub},
			Namespaces: []Namespace{{Prefix: "/api", Parent: -1, Rules: Rules{DeclareBase}}},
			Routes:     []Route{{NS: 0, Method: "GET", Path: "/m", Err: ret(fmt.Errorf("save: %w", &Sub{B: &Base{Msg: "x"}}))}},
			Path:       "/api/m", Want: Want{Status: 400, NS: ns("/api")},
		},
		{
			Name: "passed on from the namespace to the app", App: Rules{DeclareSub},
			Namespaces: []Namespace{{Prefix: "/api", Parent: -1, Rules: Rules{OnBasePassOn}}},
			Routes:     []Route{{NS: 0, Method: "GET", Path: "/m", Err: ret(&Sub{B: &Base{Msg: "x"}})}},
			Path:       "/api/m", Want: Want{Status: 409, NS: ns("app")},
		},
		{
			Name:       "namespace catch-all gets the router's 404 under its prefix",
			Namespaces: []Namespace{{Prefix: "/api", Parent: -1, Rules: Rules{CatchAllWrites}}},
			Routes:     []Route{{NS: 0, Method: "GET", Path: "/m", Err: ret(nil)}},
			Path:       "/api/nope", Want: Want{Status: 502, Body: `{"ns":"/api"}` + "\n", NS: ns("/api")},
		},
		{
			Name:       "nested namespace: innermost first, then the parent",
			Namespaces: []Namespace{{Prefix: "/api", Parent: -1, Rules: Rules{DeclareNotFound}}, {Prefix: "/admin", Parent: 0, Rules: Rules{DeclareBase}, Mw: true}},
			Routes:     []Route{{NS: 1, Method: "GET", Path: "/m", Err: ret(&NotFound{ID: "1"})}},
			Path:       "/api/admin/m", Want: Want{Status: 404, NS: ns("/api")},
		},
		{
			Name: "405 with Allow under a namespace", Method: "DELETE",
			Namespaces: []Namespace{{Prefix: "/api", Parent: -1}},
			Routes:     []Route{{NS: 0, Method: "GET", Path: "/m", Err: ret(nil)}, {NS: 0, Method: "POST", Path: "/m", Err: ret(nil)}},
			Path:       "/api/m", Want: Want{Status: 405, Body: `{"message":"Method Not Allowed"}` + "\n", Allow: []string{"GET", "POST"}},
		},
		{
			Name: "the router's 405 is the namespace's", Method: "DELETE",
			Namespaces: []Namespace{{Prefix: "/api", Parent: -1, Rules: Rules{Declare405}}},
			Routes:     []Route{{NS: 0, Method: "GET", Path: "/m/:id", Err: ret(nil)}},
			Path:       "/api/m/1", Want: Want{Status: 405, Body: `{"message":"wrong method"}` + "\n", Allow: []string{"GET"}, NS: ns("/api")},
		},
		{
			Name: "the router's 404 is the namespace's, with middleware too", Method: "GET",
			Namespaces: []Namespace{{Prefix: "/api", Parent: -1, Rules: Rules{OnStatus404Teapot}, Mw: true}},
			Routes:     []Route{{NS: 0, Method: "GET", Path: "/m", Err: ret(nil)}},
			Path:       "/api/none", Want: Want{Status: 418, NS: ns("/api")},
		},
		{
			Name: "nested namespaces with middleware: the router's 404 is the innermost's", Method: "GET",
			Namespaces: []Namespace{{Prefix: "/api", Parent: -1, Rules: Rules{OnStatus404Teapot}, Mw: true},
				{Prefix: "/admin", Parent: 0, Rules: Rules{CatchAllWrites}, Mw: true}},
			Routes: []Route{{NS: 1, Method: "GET", Path: "/m", Err: ret(nil)}},
			Path:   "/api/admin/none/deeper", Want: Want{Status: 502, Body: `{"ns":"/api/admin"}` + "\n", NS: ns("/api/admin")},
		},
		{
			Name: "nested namespaces with middleware: the parent's 404 beside the nested one", Method: "GET",
			Namespaces: []Namespace{{Prefix: "/api", Parent: -1, Rules: Rules{OnStatus404Teapot}, Mw: true},
				{Prefix: "/admin", Parent: 0, Rules: Rules{CatchAllWrites}, Mw: true}},
			Routes: []Route{{NS: 1, Method: "GET", Path: "/m", Err: ret(nil)}},
			Path:   "/api/administrator", Want: Want{Status: 418, NS: ns("/api")},
		},
		{
			Name: "status rule takes the router's 404", App: Rules{OnStatus404Teapot}, Path: "/nope",
			Want: Want{Status: 418},
		},
		{
			Name: "guard picks one code of a driver type", App: Rules{GuardUnique, DeclareDBError},
			Routes: []Route{{NS: -1, Method: "POST", Path: "/u", Err: ret(fmt.Errorf("insert: %w", &DBError{Code: "23505"}))}},
			Method: "POST", Path: "/u", Want: Want{Status: 409, Rule: "type *scenario.DBError (if)"},
		},
		{
			Name: "guard says no: the plain rule", App: Rules{GuardUnique, DeclareDBError},
			Routes: []Route{{NS: -1, Method: "POST", Path: "/u", Err: ret(&DBError{Code: "08006"})}},
			Method: "POST", Path: "/u", Want: Want{Status: 503, Rule: "type *scenario.DBError"},
		},
		{
			Name:       "per-route rule before the namespace's",
			Namespaces: []Namespace{{Prefix: "/api", Parent: -1, Rules: Rules{DeclareNotFound}}},
			Routes:     []Route{{NS: 0, Method: "GET", Path: "/m/:id", Err: ret(&NotFound{ID: "1"}), Rules: Rules{DeclareBase, DeclareGone}}},
			Path:       "/api/m/1", Want: Want{Status: 410, NS: ns("GET /api/m/:id")},
		},
		{
			Name:   "Abort answers its status, message and fields",
			Routes: []Route{{NS: -1, Method: "POST", Path: "/m", Err: func(h Harness) error { return h.Abort(400, "name is required", map[string]any{"field": "name"}) }}},
			Method: "POST", Path: "/m", Want: Want{Status: 400, Body: `{"message":"name is required","field":"name"}` + "\n"},
		},
		{
			Name: "rule aborts: the abort answers", App: Rules{AbortFromRule},
			Routes: []Route{{NS: -1, Method: "PUT", Path: "/m", Err: ret(ErrReadOnly)}},
			Method: "PUT", Path: "/m", Want: Want{Status: 423, Body: `{"message":"locked"}` + "\n"},
		},
		{
			Name: "problem details by Accept", Accept: "application/problem+json",
			Routes: []Route{{NS: -1, Method: "GET", Path: "/m", Err: func(h Harness) error { return h.HTTPError(404, "no movie") }}},
			Path:   "/m", Want: Want{Status: 404, Body: `{"type":"about:blank","title":"Not Found","status":404,"detail":"no movie","instance":"/m"}` + "\n",
				Header: map[string]string{"Content-Type": "application/problem+json", "Vary": "Accept"}},
		},
		{
			Name:       "namespace format: problem details by default",
			Namespaces: []Namespace{{Prefix: "/api", Parent: -1, Format: &core.Format{Problem: true}}},
			Routes:     []Route{{NS: 0, Method: "GET", Path: "/m", Err: ret(errors.New("x"))}},
			Path:       "/api/m", Want: Want{Status: 500, Body: `{"type":"about:blank","title":"Internal Server Error","status":500,"instance":"/api/m"}` + "\n"},
		},
		{
			Name: "context canceled answers 499", Routes: []Route{{NS: -1, Method: "GET", Path: "/m", Err: ret(fmt.Errorf("q: %w", context.Canceled))}},
			Path: "/m", Want: Want{Status: 499},
		},
		{
			// The plain 500's fast path (errors.New's type) leaves out
			// context.Canceled, an *errors.errorString too.
			Name: "a bare context.Canceled answers 499", Routes: []Route{{NS: -1, Method: "GET", Path: "/m", Err: ret(context.Canceled)}},
			Path: "/m", Want: Want{Status: 499},
		},
		{
			Name:   "errors.New under fmt's wrappers: the plain 500, its text kept out",
			Routes: []Route{{NS: -1, Method: "GET", Path: "/m", Err: ret(fmt.Errorf("a: %w", fmt.Errorf("b: %w", errors.New("pq: secret"))))}},
			Path:   "/m", Want: Want{Status: 500, Body: `{"message":"Internal Server Error"}` + "\n"},
		},
		{
			Name: "deadline answers 503", Routes: []Route{{NS: -1, Method: "GET", Path: "/m", Err: ret(context.DeadlineExceeded)}},
			Path: "/m", Want: Want{Status: 503},
		},
		{
			Name: "body too large answers 413", Routes: []Route{{NS: -1, Method: "GET", Path: "/m", Err: ret(&http.MaxBytesError{Limit: 10})}},
			Path: "/m", Want: Want{Status: 413},
		},
		{
			Name: "a value whose methods panic: 500, no crash", App: Rules{DeclareReadOnly},
			Routes: []Route{{NS: -1, Method: "GET", Path: "/m", Err: ret(fmt.Errorf("w: %w", &Panicky{}))}},
			Path:   "/m", Want: Want{Status: 500, Body: `{"message":"Internal Server Error"}` + "\n"},
		},
		{
			Name: "a typed nil: 500", Routes: []Route{{NS: -1, Method: "GET", Path: "/m", Err: ret((*NotFound)(nil))}},
			Path: "/m", Want: Want{Status: 500},
		},
		{
			Name: "uncomparable values beside sentinels", App: Rules{DeclareReadOnly},
			Routes: []Route{{NS: -1, Method: "GET", Path: "/m", Err: ret(errors.Join(SliceErr{"a"}, SliceErr{"b"}))}},
			Path:   "/m", Want: Want{Status: 500},
		},
		{
			Name: "a cycle ends the walk", App: Rules{DeclareReadOnly},
			Routes: []Route{{NS: -1, Method: "GET", Path: "/m", Err: ret(&Loop{})}},
			Path:   "/m", Want: Want{Status: 500},
		},
		{
			Name: "a handler that panics: logged, 500", App: Rules{OnSubPanics},
			Routes: []Route{{NS: -1, Method: "GET", Path: "/m", Err: ret(&Sub{B: &Base{}})}},
			Path:   "/m", Want: Want{Status: 500, Rule: "default"},
		},
		{
			Name: "a handler that panics is resolved as a 500 through the levels: the app's DeclareStatus(500) answers",
			App:  Rules{Declare500}, Namespaces: []Namespace{{Prefix: "/api", Parent: -1, Rules: Rules{OnSubPanics}}},
			Routes: []Route{{NS: 0, Method: "GET", Path: "/m", Err: ret(&Sub{B: &Base{}})}},
			Want:   Want{Status: 500, Body: `{"message":"Something went wrong"}` + "\n", Rule: "status 500"},
		},
		{
			Name:   "a guard that panics is resolved as a 500 through the levels, without its rule",
			App:    Rules{Declare500, GuardPanics, DeclareDBError},
			Routes: []Route{{NS: -1, Method: "GET", Path: "/m", Err: ret(&DBError{Code: "1"})}},
			Want:   Want{Status: 500, Body: `{"message":"Something went wrong"}` + "\n", Rule: "status 500"},
		},
		{
			Name: "a handler that writes nothing: the default answer, never an empty 200", App: Rules{CatchAllNil},
			Routes: []Route{{NS: -1, Method: "GET", Path: "/m", Err: func(h Harness) error { return h.HTTPError(409, "taken") }}},
			Path:   "/m", Want: Want{Status: 409, Body: `{"message":"taken"}` + "\n"},
		},
		{
			Name: "DeclareStatus 500 hides every unexpected error", App: Rules{Declare500},
			Routes: []Route{{NS: -1, Method: "GET", Path: "/m", Err: ret(errors.New("boom"))}},
			Path:   "/m", Want: Want{Status: 500, Body: `{"message":"Something went wrong"}` + "\n"},
		},
		// Ownership: which level owns an error (core.Owners).
		{
			Name: "cyclic Unwrap on an app route, with a namespace: 500", Namespaces: []Namespace{{Prefix: "/api", Parent: -1, Rules: Rules{CatchAllWrites}}},
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: ret(&Loop{})}},
			Want:   Want{Status: 500, Body: `{"message":"Internal Server Error"}` + "\n", NS: ns("")},
		},
		{
			Name: "typed-nil wrapper on an app route, with a namespace: 500", Namespaces: []Namespace{{Prefix: "/api", Parent: -1, Rules: Rules{CatchAllWrites}}},
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: ret((*NilWrap)(nil))}},
			Want:   Want{Status: 500, Body: `{"message":"Internal Server Error"}` + "\n", NS: ns("")},
		},
		{
			Name: "panicking Is on an app route, with a namespace: 500", Namespaces: []Namespace{{Prefix: "/api", Parent: -1, Rules: Rules{CatchAllWrites}}},
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: ret(&Panicky{})}},
			Want: Want{Status: 500, Body: `{"message":"Internal Server Error"}` + "\n", NS: ns(""),
				Panicked: "(*scenario.Panicky).StatusCode: StatusCode panics"},
		},
		{
			Name:       "param prefix with an empty segment: a 404 under the outer one",
			Namespaces: []Namespace{{Prefix: "/:tenant/", Parent: -1, Rules: Rules{CatchAllWrites}}, {Prefix: "/admin", Parent: 0, Rules: Rules{CatchAllWrites}}},
			Path:       "/acme/admin/nope", Want: Want{Status: 502, Body: `{"ns":"/:tenant/"}` + "\n"},
		},
		{
			Name:       "param prefix with an empty segment: a 404 under the inner one",
			Namespaces: []Namespace{{Prefix: "/:tenant/", Parent: -1, Rules: Rules{CatchAllWrites}}, {Prefix: "/admin", Parent: 0, Rules: Rules{CatchAllWrites}}},
			Path:       "/acme//admin/nope", Want: Want{Status: 502, Body: `{"ns":"/:tenant//admin"}` + "\n"},
		},
		{
			Name: "the app's own route hook and a GC: the namespace's rules stay", UserHook: true,
			Namespaces: []Namespace{{Prefix: "/api", Parent: -1, Rules: Rules{CatchAllWrites}}},
			Routes:     []Route{{NS: 0, Method: "GET", Path: "/x", Err: ret(errors.New("secret"))}},
			Want:       Want{Status: 502, Body: `{"ns":"/api"}` + "\n", NS: ns("/api")},
		},
		{
			Name: "a static prefix beats a param prefix of the same length", Repeat: 20,
			Namespaces: []Namespace{{Prefix: "/api/:version", Parent: -1, Rules: Rules{CatchAllWrites}}, {Prefix: "/api/v1", Parent: -1, Rules: Rules{CatchAllWrites}}},
			Path:       "/api/v1/nope", Want: Want{Status: 502, Body: `{"ns":"/api/v1"}` + "\n"},
		},
		{
			Name: "a static prefix beats a param prefix, made the other way round", Repeat: 20,
			Namespaces: []Namespace{{Prefix: "/api/v1", Parent: -1, Rules: Rules{CatchAllWrites}}, {Prefix: "/api/:version", Parent: -1, Rules: Rules{CatchAllWrites}}},
			Path:       "/api/v1/nope", Want: Want{Status: 502, Body: `{"ns":"/api/v1"}` + "\n"},
		},
		{
			Name: "the param prefix owns the other values", Repeat: 5,
			Namespaces: []Namespace{{Prefix: "/api/v1", Parent: -1, Rules: Rules{CatchAllWrites}}, {Prefix: "/api/:version", Parent: -1, Rules: Rules{CatchAllWrites}}},
			Path:       "/api/v2/nope", Want: Want{Status: 502, Body: `{"ns":"/api/:version"}` + "\n"},
		},
		{
			Name: "the router's 405 at a path with routes of two namespaces: the last route's", Repeat: 20, Method: "PUT", Path: "/x/r",
			Namespaces: []Namespace{{Prefix: "/x", Parent: -1, Rules: Rules{CatchAllWrites}}, {Prefix: "/x/r", Parent: -1, Rules: Rules{CatchAllWrites}}},
			Routes: []Route{
				{NS: 0, Method: "GET", Path: "/r", Err: ret(nil)},
				{NS: 1, Method: "POST", Path: "", Err: ret(nil)},
			},
			Want: Want{Status: 502, Body: `{"ns":"/x/r"}` + "\n"},
		},
		{
			Name:       "a prefix without a leading slash owns the router's 404s under it",
			Namespaces: []Namespace{{Prefix: "api", Parent: -1, Rules: Rules{CatchAllWrites}}},
			Path:       "/api/nope", Want: Want{Status: 502, Body: `{"ns":"api"}` + "\n"},
		},
		{
			Name:       "a param prefix owns the router's 404s under it, its params filled",
			Namespaces: []Namespace{{Prefix: "/tenants/:tid", Parent: -1, Rules: Rules{CatchAllParam}}},
			Path:       "/tenants/acme/nope", Want: Want{Status: 404, Body: `{"tid":"acme"}` + "\n", NS: ns("/tenants/:tid")},
		},
		{
			Name:       "a param prefix with middleware: params filled too",
			Namespaces: []Namespace{{Prefix: "/tenants/:tid", Parent: -1, Rules: Rules{CatchAllParam}, Mw: true}},
			Path:       "/tenants/acme/nope", Want: Want{Status: 404, Body: `{"tid":"acme"}` + "\n", NS: ns("/tenants/:tid")},
		},
		{
			Name:       "an app route under a namespace's prefix is the app's, ErrNotFound included",
			Namespaces: []Namespace{{Prefix: "/api", Parent: -1, Rules: Rules{CatchAllWrites}}},
			Routes:     []Route{{NS: -1, Method: "GET", Path: "/api/legacy", Err: func(h Harness) error { return h.NotFound() }}},
			Want:       Want{Status: 404, Body: `{"message":"Not Found"}` + "\n", NS: ns("")},
		},
		{
			Name:       "an error of a namespace's own RouteNotFound route is the namespace's",
			Namespaces: []Namespace{{Prefix: "/api", Parent: -1, Rules: Rules{CatchAllWrites}}},
			Routes:     []Route{{NS: 0, Method: RouteNotFound, Path: "/*", Err: ret(errors.New("secret"))}},
			Path:       "/api/nope", Want: Want{Status: 502, Body: `{"ns":"/api"}` + "\n", NS: ns("/api")},
		},
		{
			Name: "a namespace route registered again on the Echo is the app's", Readd: 1,
			Namespaces: []Namespace{{Prefix: "/api", Parent: -1, Rules: Rules{CatchAllWrites}}},
			Routes:     []Route{{NS: 0, Method: "GET", Path: "/x", Err: ret(errors.New("secret"))}},
			Want:       Want{Status: 500, Body: `{"message":"Internal Server Error"}` + "\n", NS: ns("")},
		},
		{
			Name:       "app middleware failing on a path no route matches: the path's namespace",
			Use:        func(h Harness) error { return h.HTTPError(401, "who are you") },
			Namespaces: []Namespace{{Prefix: "/api", Parent: -1, Rules: Rules{CatchAllWrites}}},
			Path:       "/api/nope", Want: Want{Status: 502, Body: `{"ns":"/api"}` + "\n", NS: ns("/api")},
		},
		{
			Name:       "app middleware failing outside every namespace: the app's",
			Use:        func(h Harness) error { return h.HTTPError(401, "who are you") },
			Namespaces: []Namespace{{Prefix: "/api", Parent: -1, Rules: Rules{CatchAllWrites}}},
			Path:       "/elsewhere", Want: Want{Status: 401, Body: `{"message":"who are you"}` + "\n", NS: ns("")},
		},
		{
			Name:       "a test calling the error handler on e.NewContext: the path's namespace",
			Direct:     ret(errors.New("secret")),
			Namespaces: []Namespace{{Prefix: "/api", Parent: -1, Rules: Rules{CatchAllWrites}}, {Prefix: "/users", Parent: 0, Rules: Rules{CatchAllWrites}}},
			Path:       "/api/users/7", Want: Want{Status: 502, Body: `{"ns":"/api/users"}` + "\n", NS: ns("/api/users")},
		},
		{
			Name:   "a test calling the error handler on a context set to a route's path, for a method the route lacks: no router answered 405, the path's namespace",
			Direct: ret(errors.New("secret")), DirectPath: "/api/things",
			Namespaces: []Namespace{{Prefix: "/api", Parent: -1, Rules: Rules{CatchAllWrites}}},
			Routes:     []Route{{NS: -1, Method: "GET", Path: "/api/things", Err: ret(errors.New("unused"))}},
			Method:     "DELETE", Path: "/api/things", Want: Want{Status: 502, Body: `{"ns":"/api"}` + "\n", NS: ns("/api")},
		},
		// Headers (issue 19): list headers add up, freshness headers go,
		// an error's headers reach every answer, an entry's win.
		{
			Name:      "an entry's Set-Cookie, Link and Vary add to middleware's; the error's headers reach the entry's answer, the entry's win",
			App:       Rules{DeclareLimited},
			MwHeaders: http.Header{"Set-Cookie": {"csrf=abc"}, "Vary": {"Origin"}},
			Routes:    []Route{{NS: -1, Method: "GET", Path: "/x", Err: ret(fmt.Errorf("search: %w", &Limited{}))}},
			Want: Want{Status: 429, Body: `{"message":"slow down"}` + "\n", Values: map[string][]string{
				"Set-Cookie":  {"csrf=abc", "limited=1", "entry=1"},
				"Retry-After": {"60"},
				"Link":        {"</quota>; rel=help"},
				"Vary":        {"Origin", "Accept", "Cookie"},
			}},
		},
		{
			Name: "an error's headers on the default answer, keys that differ in case merged in a fixed order", Repeat: 10,
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: ret(&Limited{})}},
			Want:   Want{Status: 429, Values: map[string][]string{"Retry-After": {"30", "31"}, "Set-Cookie": {"limited=1"}}},
		},
		{
			Name: "an entry's header keys that differ in case are merged in a fixed order", Repeat: 10, App: Rules{DeclareDupHeaders},
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: ret(&DBError{Code: "40001"})}},
			Want:   Want{Status: 503, Values: map[string][]string{"Retry-After": {"20", "10"}}},
		},
		{
			Name:      "a failed handler's freshness headers do not reach the error answer",
			MwHeaders: http.Header{"Cache-Control": {"public, max-age=86400"}, "Expires": {"Thu, 01 Dec 2099 16:00:00 GMT"}, "Etag": {`"v1"`}},
			Routes:    []Route{{NS: -1, Method: "GET", Path: "/x", Err: ret(errors.New("secret"))}},
			Want:      Want{Status: 500, Values: map[string][]string{"Cache-Control": nil, "Expires": nil, "Etag": nil}},
		},
		{
			Name: "a declared entry may set its own Cache-Control", App: Rules{DeclareNoStore},
			MwHeaders: http.Header{"Cache-Control": {"public, max-age=86400"}},
			Routes:    []Route{{NS: -1, Method: "GET", Path: "/x", Err: ret(errors.New("secret"))}},
			Want:      Want{Status: 500, Body: `{"message":"Something went wrong"}` + "\n", Values: map[string][]string{"Cache-Control": {"no-store"}}},
		},
		{
			Name:   "Abort with code 0 is out of range like any other: 500, its fields kept",
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: func(h Harness) error { return h.Abort(0, "", map[string]any{"foo": "bar"}) }}},
			Want:   Want{Status: 500, Body: `{"message":"Internal Server Error","foo":"bar"}` + "\n"},
		},
		{
			Name:   "Abort with code 1000 keeps its fields too",
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: func(h Harness) error { return h.Abort(1000, "", map[string]any{"foo": "bar"}) }}},
			Want:   Want{Status: 500, Body: `{"message":"Internal Server Error","foo":"bar"}` + "\n"},
		},
		{
			Name:    "after Respond answered, a different error of outer middleware is logged and reported",
			Respond: true, Outer: ret(errors.New("session store: redis down")),
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: func(h Harness) error { return h.HTTPError(404, "no such thing") }}},
			Want:   Want{Status: 404, Body: `{"message":"no such thing"}` + "\n", Lines: 2, Reports: 1},
		},
		{
			Name:    "after Respond answered, the same error returned again is not logged twice",
			Respond: true, Outer: func(h Harness) error { return fmt.Errorf("logged by the access log: %w", ErrReadOnly) },
			App:    Rules{DeclareReadOnly},
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: ret(ErrReadOnly)}},
			Want:   Want{Status: 503, Body: `{"message":"read-only"}` + "\n", Reports: -1},
		},
		{
			Name: "an AbortCause's cause survives a rule that translates the abort", App: Rules{OnStatus503New},
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: func(h Harness) error {
				return h.AbortCause(errors.New("pq: deadlock detected"), 503, "try again")
			}}},
			Want: Want{Status: 500, Cause: "pq: deadlock detected"},
		},
		{
			Name: "a handler that hijacked the connection: nothing written, one line, one report",
			Routes: []Route{{NS: -1, Method: "GET", Path: "/ws", Err: ret(errors.New("websocket: read: connection closed")),
				Hijack: "HTTP/1.1 101 Switching Protocols\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\nhello"}},
			Want: Want{Status: 500, Rule: "none", Attrs: map[string]string{"hijacked": "true"}},
		},
		{
			Name: "a genuine 5xx after the client went away is the server's: ERROR, reported, client_gone noted", Gone: true,
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: ret(fmt.Errorf("tx: %w", errors.New("pq: deadlock detected")))}},
			Want:   Want{Status: 500, Level: "ERROR", ClientGone: true},
		},
		{
			Name: "a 5xx whose tree holds context.Canceled is the client's: not ERROR, not reported", Gone: true,
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: func(h Harness) error {
				return fmt.Errorf("query: %w", errors.Join(h.HTTPError(500, "boom"), context.Canceled))
			}}},
			Want: Want{Status: 500, Level: "INFO", ClientGone: true, Reports: -2},
		},
		{
			Name: "context.Canceled answers 499 and is the client's", Gone: true,
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: ret(fmt.Errorf("query: %w", context.Canceled))}},
			Want:   Want{Status: 499, Level: "INFO", ClientGone: true},
		},
		{
			Name: "a PublicMessage that panics: the answer as without it, the log line names the method",
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: func(h Harness) error {
				return fmt.Errorf("x: %w", &PanickyMessage{Code: 409})
			}}},
			Want: Want{Status: 409, Body: `{"message":"Conflict"}` + "\n", Panicked: "(*scenario.PanickyMessage).PublicMessage: no message"},
		},
		// Precedence (issue 19): Flask's test_default_error_handler.
		{
			Name: "a sentinel beats a rule for its type, at the app", App: Rules{OnHTTPErrorType, OnForbidden},
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: func(h Harness) error { return h.Forbidden() }}},
			Want:   Want{Status: 403, Body: `{"by":"sentinel"}` + "\n"},
		},
		{
			Name:       "a sentinel beats a rule for its type, in a namespace",
			Namespaces: []Namespace{{Prefix: "/bp", Parent: -1, Rules: Rules{OnHTTPErrorType, OnForbidden}}},
			App:        Rules{OnHTTPErrorType, OnForbidden},
			Routes:     []Route{{NS: 0, Method: "GET", Path: "/x", Err: func(h Harness) error { return fmt.Errorf("wrapped: %w", h.Forbidden()) }}},
			Want:       Want{Status: 403, Body: `{"by":"sentinel"}` + "\n", NS: ns("/bp")},
		},
		{
			Name: "the generic HTTP error type: a status rule beats the rule for the type", App: Rules{OnHTTPErrorType, OnStatus403},
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: func(h Harness) error { return h.HTTPError(403, "no") }}},
			Want:   Want{Status: 403, Body: `{"by":"status"}` + "\n"},
		},
		{
			Name: "an Abort: a status rule beats the rule for its type", App: Rules{OnStatus403, DeclareAbort418},
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: func(h Harness) error { return h.Abort(403, "no", nil) }}},
			Want:   Want{Status: 403, Body: `{"by":"status"}` + "\n"},
		},
		{
			Name: "a domain type with its own StatusCode still beats a status rule", App: Rules{OnStatus404Teapot, DeclareDeref410},
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: ret(&Deref{Msg: "gone", Code: 404})}},
			Want:   Want{Status: 410},
		},
		{
			Name:       "HandleRoute for a method the path does not have: the router's 405 goes to the route's namespace",
			Namespaces: []Namespace{{Prefix: "/api", Parent: -1, Rules: Rules{Declare405}}},
			Routes:     []Route{{NS: 0, Method: "POST", Path: "/x", Err: ret(nil), Rules: Rules{DeclareGone}, RulesFor: "GET"}},
			Method:     "GET", Path: "/api/x",
			Want: Want{Status: 405, Body: `{"message":"wrong method"}` + "\n", Allow: []string{"POST"}},
		},
		{
			Name:       "HandleRoute(RouteNotFound, ...) gives a RouteNotFound route its own rules",
			Namespaces: []Namespace{{Prefix: "/api", Parent: -1, Rules: Rules{CatchAllWrites}}},
			Routes:     []Route{{NS: 0, Method: RouteNotFound, Path: "/*", Err: ret(&NotFound{ID: "7"}), Rules: Rules{DeclareGone}}},
			Path:       "/api/nope", Want: Want{Status: 410, NS: ns(RouteNotFound + " /api/*")},
		},
		// Format.Body (issue 20): an app's own envelope, every guarantee kept.
		{
			Name: "Body: a plain error's 500 in the app's envelope, no internal text", Format: RealWorld,
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: ret(errors.New("pq: secret"))}},
			Want:   Want{Status: 500, Body: `{"errors":{"body":["Internal Server Error"]}}` + "\n", Header: map[string]string{"Content-Type": "application/json"}},
		},
		{
			Name: "Body: an Abort in the envelope", Format: RealWorld,
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: func(h Harness) error { return h.Abort(403, "not yours", nil) }}},
			Want:   Want{Status: 403, Body: `{"errors":{"body":["not yours"]}}` + "\n"},
		},
		{
			Name:       "Body: a namespace's envelope for the router's 404 under it, its declared entries, the media type",
			Namespaces: []Namespace{{Prefix: "/api", Parent: -1, Format: &JSONAPI, Rules: Rules{DeclareNotFound}}},
			Path:       "/api/nope",
			Want: Want{Status: 404, Body: `{"errors":[{"meta":{"kind":"default","level":""},"status":"404","title":"Not Found"}]}` + "\n",
				Header: map[string]string{"Content-Type": "application/vnd.api+json", "Vary": "Accept"}},
		},
		{
			Name:       "Body: a declared entry says where it came from",
			Namespaces: []Namespace{{Prefix: "/api", Parent: -1, Format: &JSONAPI, Rules: Rules{DeclareNotFound}}},
			Routes:     []Route{{NS: 0, Method: "GET", Path: "/m/:id", Err: ret(&NotFound{ID: "7"})}},
			Path:       "/api/m/7",
			Want:       Want{Status: 404, Body: `{"errors":[{"meta":{"kind":"declared","level":"/api"},"status":"404","title":"no such thing"}]}` + "\n"},
		},
		{
			Name: "Body: the router's 405 keeps Allow", Format: RealWorld, Method: "DELETE", Path: "/x",
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: ret(nil)}},
			Want:   Want{Status: 405, Body: `{"errors":{"body":["Method Not Allowed"]}}` + "\n", Allow: []string{"GET"}},
		},
		{
			Name: "Body: HEAD gets no body", Format: RealWorld, Method: "HEAD",
			Routes: []Route{{NS: -1, Method: "HEAD", Path: "/x", Err: func(h Harness) error { return h.HTTPError(409, "taken") }}},
			Want:   Want{Status: 409, Body: "", Header: map[string]string{"Content-Type": "application/json"}},
		},
		{
			Name: "Body: problem details stay negotiable", Format: RealWorld, Accept: "application/problem+json",
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: func(h Harness) error { return h.HTTPError(409, "taken") }}},
			Want:   Want{Status: 409, Header: map[string]string{"Content-Type": "application/problem+json"}},
		},
		{
			Name: "Body: several errors reach it as items", Format: RealWorld,
			Routes: []Route{{NS: -1, Method: "POST", Path: "/x", Err: ret(core.NewErrors(422,
				core.ErrorItem{Code: "invalid", Message: "is invalid", Info: map[string]any{"field": "email"}},
				core.ErrorItem{Code: "blank", Message: "can't be blank", Info: map[string]any{"field": "body"}}))}},
			Method: "POST", Want: Want{Status: 422, Body: `{"errors":{"body":["can't be blank"],"email":["is invalid"]}}` + "\n"},
		},
		{
			Name: "Body that panics: a well-formed 500, one log line", Format: PanickyBody,
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: func(h Harness) error { return h.HTTPError(409, "taken") }}},
			Want:   Want{Status: 500, Body: `{"message":"Internal Server Error"}` + "\n", Header: map[string]string{"Content-Type": "application/json"}},
		},
		{
			Name: "Body whose value JSON cannot encode: a well-formed 500", Format: ChanBody,
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: func(h Harness) error { return h.HTTPError(409, "taken") }}},
			Want:   Want{Status: 500, Body: `{"message":"Internal Server Error"}` + "\n"},
		},
		{
			Name: "DefaultAnswer of a 5xx: the public message, no error text without debug", App: Rules{CatchAllDefault},
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: ret(fmt.Errorf("tx: %w", errors.New("pq: secret")))}},
			Want:   Want{Status: 500, Body: "Internal Server Error|"},
		},
		{
			Name: "DefaultAnswer of a 5xx with debug: the error's text", App: Rules{CatchAllDefault}, Debug: true,
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: ret(fmt.Errorf("tx: %w", errors.New("pq: secret")))}},
			Want:   Want{Status: 500, Body: "Internal Server Error|tx: pq: secret"},
		},
		{
			Name: "DefaultAnswer of a 4xx: its status and message", App: Rules{CatchAllDefault},
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: func(h Harness) error { return fmt.Errorf("x: %w", h.HTTPError(409, "taken")) }}},
			Want:   Want{Status: 409, Body: "taken|"},
		},
		// Kits (issue 21): declared rules of no Echo version, accepted by both adapters.
		{
			Name: "a kit's type rule", App: Rules{KitRules},
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: ret(fmt.Errorf("get: %w", &NotFound{ID: "1"}))}},
			Want:   Want{Status: 404, Body: `{"message":"no such thing"}` + "\n", Rule: "type *scenario.NotFound"},
		},
		{
			Name: "a kit's guarded rule, named", App: Rules{KitRules},
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: ret(&DBError{Code: "23505"})}},
			Want:   Want{Status: 409, Body: `{"message":"already exists"}` + "\n", Rule: "type *scenario.DBError (if)"},
		},
		{
			Name: "a kit's sentinel and status rules", App: Rules{KitRules},
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: func(h Harness) error { return h.HTTPError(418, "x") }}},
			Want:   Want{Status: 418, Body: `{"message":"short and stout"}` + "\n", Rule: "status 418"},
		},
		{
			Name: "an app's later rule for the same type overrides the kit's", App: Rules{KitRules, DeclareGone},
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: ret(&NotFound{ID: "1"})}},
			Want:   Want{Status: 410},
		},
		{
			Name: "a namespace's rule is asked before the app's kit", App: Rules{KitRules},
			Namespaces: []Namespace{{Prefix: "/api", Parent: -1, Rules: Rules{DeclareGone}}},
			Routes:     []Route{{NS: 0, Method: "GET", Path: "/x", Err: ret(&NotFound{ID: "1"})}},
			Want:       Want{Status: 410, NS: ns("/api")},
		},
		{
			Name: "a kit's detail: fields and items of the matched error, the message the request asks", App: Rules{KitRules},
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: ret(fmt.Errorf("insert: %w", &DBError{Code: "23502"}))}},
			Path:   "/x?lang=fr",
			Want: Want{Status: 422, Body: `{"message":"valeur manquante","code":"23502"}` + "\n",
				Rule: "type *scenario.DBError (if)", Header: map[string]string{"Retry-After": "5"}},
		},
		{
			Name:   "a kit's detail: the entry's message without the request's language",
			App:    Rules{KitRules},
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: ret(&DBError{Code: "23502"})}},
			Want: Want{Status: 422, Body: `{"message":"missing value","code":"23502"}` + "\n",
				Attrs: map[string]string{"constraint": "users_name_nn", "attempt": "2"}},
		},
		{
			Name: "a kit's detail: items, as an ErrorLister's", App: Rules{KitRules},
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: ret(&DBError{Code: "23502"})}},
			Path:   "/x?items=1",
			Want:   Want{Status: 422, Body: `{"errors":[{"code":"required","message":"name is required","info":null,"field":"name"}],"code":"23502"}` + "\n"},
		},
		{
			Name: "a kit's detail: 499 when the client went away", App: Rules{KitRules}, Gone: true,
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: ret(&DBError{Code: "57014"})}},
			Want:   Want{Status: 499, ClientGone: true},
		},
		{
			Name: "a kit's detail: 503 when the client is there", App: Rules{KitRules},
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: ret(&DBError{Code: "57014"})}},
			Want:   Want{Status: 503, Body: `{"message":"canceled"}` + "\n"},
		},
		{
			Name: "a kit's detail that panics: the entry as declared", App: Rules{KitRules},
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: ret(&DBError{Code: "99999"})}},
			Want:   Want{Status: 400, Body: `{"message":"odd"}` + "\n"},
		},
		{
			Name: "a kit's sentinel that yields to a status: bare, it answers", App: Rules{KitRules},
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: ret(fmt.Errorf("read rows: %w", io.ErrUnexpectedEOF))}},
			Want:   Want{Status: 503, Body: `{"message":"connection lost"}` + "\n"},
		},
		{
			Name: "a kit's sentinel that yields to a status: beneath an Abort's 400, the 400", App: Rules{KitRules},
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: func(h Harness) error { return h.AbortCause(io.ErrUnexpectedEOF, 400, "bad body") }}},
			Want:   Want{Status: 400, Body: `{"message":"bad body"}` + "\n"},
		},
		{
			Name: "a kit's sentinel that yields to a status: beneath an HTTPError in a join, the HTTPError's", App: Rules{KitRules},
			Routes: []Route{{NS: -1, Method: "GET", Path: "/x", Err: func(h Harness) error {
				return fmt.Errorf("bind: %w", errors.Join(h.HTTPError(400, "truncated"), io.ErrUnexpectedEOF))
			}}},
			Want: Want{Status: 400},
		},
		{
			Name: "HEAD: status and headers, no body", Method: "HEAD",
			Routes: []Route{{NS: -1, Method: "HEAD", Path: "/m", Err: func(h Harness) error { return h.NotFound() }}},
			Path:   "/m", Want: Want{Status: 404, Body: "", Header: map[string]string{"Content-Type": "application/json"}},
		},
	}
}

// Kit is a kit of declared rules that depends on no Echo version.
var Kit = []answer.Decl{
	answer.DeclareFor[*NotFound](NotFoundEntry),
	answer.DeclareForIf(func(e *DBError) bool { return e.Code == "23505" }, UniqueEntry).Named("unique"),
	answer.DeclareForError(ErrReadOnly, ReadOnlyEntry),
	answer.DeclareForStatus(http.StatusTeapot, core.Entry{Message: "short and stout"}),
	answer.DeclareForIf(func(e *DBError) bool { return e.Code == "23502" },
		core.Entry{Status: 422, Message: "missing value", Headers: http.Header{"Retry-After": {"5"}}}).
		WithDetail(func(m answer.Match) answer.Detail {
			d := answer.Detail{Fields: answer.Fields{"code": m.Matched.(*DBError).Code},
				Log: []slog.Attr{slog.String("constraint", "users_name_nn"), slog.Int("attempt", 2)}}
			if m.Request.URL.Query().Get("items") == "1" {
				d.Items = []answer.ErrorItem{{Code: "required", Message: "name is required", Field: "name"}}
			}
			if m.Request.URL.Query().Get("lang") == "fr" {
				d.Message = "valeur manquante"
			}
			return d
		}),
	answer.DeclareForIf(func(e *DBError) bool { return e.Code == "57014" }, core.Entry{Status: 503, Message: "canceled"}).
		WithDetail(func(m answer.Match) answer.Detail {
			if m.Request.Context().Err() != nil {
				return answer.Detail{Status: answer.StatusClientClosedRequest, Message: "client closed request"}
			}
			return answer.Detail{}
		}),
	answer.DeclareForError(io.ErrUnexpectedEOF, core.Entry{Status: 503, Message: "connection lost"}).YieldToStatus(),
	answer.DeclareForIf(func(e *DBError) bool { return e.Code == "99999" }, core.Entry{Status: 400, Message: "odd"}).
		WithDetail(func(answer.Match) answer.Detail { panic("detail bug") }),
}

// Envelopes of the Body scenarios: RealWorld's {"errors": {"body": [...]}}
// (one key per item's field), and JSON:API's with its media type.
var (
	RealWorld = core.Format{Body: func(r *http.Request, a core.Answer) any {
		errs := map[string][]string{}
		for _, it := range a.Items {
			f, _ := it.Info.(map[string]any)["field"].(string)
			errs[f] = append(errs[f], it.Message)
		}
		if len(errs) == 0 {
			errs["body"] = []string{a.Message}
		}
		return map[string]any{"errors": errs}
	}}
	JSONAPI = core.Format{BodyType: "application/vnd.api+json", Body: func(r *http.Request, a core.Answer) any {
		return map[string]any{"errors": []map[string]any{{"status": fmt.Sprint(a.Status), "title": a.Message, "meta": map[string]any{"kind": a.Kind, "level": a.Level}}}}
	}}
	PanickyBody = core.Format{Body: func(*http.Request, core.Answer) any { panic("envelope bug") }}
	ChanBody    = core.Format{Body: func(*http.Request, core.Answer) any { return map[string]any{"c": make(chan int)} }}
)

// Entries of the declared rules.
var (
	LimitedEntry = core.Entry{Status: 429, Message: "slow down", Headers: http.Header{
		"Retry-After": {"60"}, "Set-Cookie": {"entry=1"}, "Vary": {"Cookie, accept"}}}
	NoStoreEntry    = core.Entry{Message: "Something went wrong", Headers: http.Header{"Cache-Control": {"no-store"}}}
	DupHeadersEntry = core.Entry{Status: 503, Headers: http.Header{"retry-after": {"10"}, "Retry-After": {"20"}}}
	NotFoundEntry   = core.Entry{Status: 404, Message: "no such thing"}
	BaseEntry       = core.Entry{Status: 400}
	SubEntry        = core.Entry{Status: 409}
	ReadOnlyEntry   = core.Entry{Status: 503, Message: "read-only"}
	Entry500        = core.Entry{Message: "Something went wrong"}
	Entry405        = core.Entry{Message: "wrong method"}
	GoneEntry       = core.Entry{Status: 410}
	DBEntry         = core.Entry{Status: 503}
	UniqueEntry     = core.Entry{Status: 409, Message: "already exists"}
)
