// Package core is echoerr without Echo: resolution, the rule index, the walk
// of error trees, encoding, negotiation, logging and reporting. Each Echo
// version has an adapter (the root package for Echo v4, v5/ for Echo v5)
// that holds the public API, routing and namespaces, and implements [Echo]:
// the few things the core needs to read and write a request.
//
// The core is generic over the adapter's context type C (echo.Context for
// v4, *echo.Context for v5), so that a rule's handler receives the user's
// context typed, with no conversion on the error path. The core never
// imports Echo: the v5 module compiles it without Echo v4.
//
// An error's path: the adapter's error handler finds the request's level
// (route, namespace) and calls [Core.Serve]; the core resolves the error
// against the levels, runs handlers, writes the answer through the adapter,
// logs it and reports it.
package core

import (
	"io"
	"log/slog"
	"net/http"
	"sync/atomic"
	"unsafe"
)

// Echo is what the core needs from one Echo version. Its methods take the
// request's context; an adapter implements it once, on a value it keeps.
type Echo[C any] interface {
	// Request returns the request.
	Request(c C) *http.Request
	// Header returns the response's header map.
	Header(c C) http.Header
	// Committed reports whether the status line was written, and the
	// status written or to be written.
	Committed(c C) (bool, int)
	// WriteHeader and Write write through Echo's response (its hooks run).
	WriteHeader(c C, code int)
	Write(c C, b []byte) (int, error)
	// WriteRaw writes status and body (nil for HEAD) straight to the
	// underlying http.ResponseWriter, past Echo's hooks, and marks the
	// response committed; false when there is no writer.
	WriteRaw(c C, code int, body []byte) bool
	// Hijacked reports whether the handler took over the connection.
	Hijacked(c C) bool
	// Get and Set read and write the context's store.
	Get(c C, key string) any
	Set(c C, key string, v any)
	// Route returns the matched route's path, "" when none matched.
	Route(c C) string
	// Debug reports whether 5xx bodies may carry the error's text.
	Debug(c C) bool
	// Start returns the innermost level of the request: its route's, its
	// namespace's, or nil for the app.
	Start(c C, err error) *Level[C]
	// Logger returns the Echo's own *slog.Logger (Echo v5's e.Logger), the
	// default of Config.Logger; nil when the Echo has none (Echo v4's is not
	// an slog.Logger): then slog.Default().
	Logger(c C) *slog.Logger
	// Render renders an HTML template with Echo's Renderer; ok is false
	// when there is none.
	Render(c C, w io.Writer, name string, data any) (ok bool, err error)
}

// kinds are the registered Kinds of every adapter in the program.
var kinds []Kinds

// unwrapKey and unwrapIdx: the first registered Kinds' Unwrap, which the
// walk switches on beside fmt's wrappers.
var (
	unwrapKey = unsafe.Pointer(new(byte)) // matches no type until set
	unwrapIdx int
)

// Register adds what an adapter knows of Echo's error types. Adapters call
// it from init, before any request.
func Register(k Kinds) {
	if k.Status == nil || k.Draft == nil {
		panic("echoerr: core.Register: Kinds.Status and Kinds.Draft are required")
	}
	kinds = append(kinds, k)
	genericTypes = append(genericTypes, k.Generic...)
	if k.UnwrapKey != nil && k.Unwrap != nil && len(kinds) == 1 {
		unwrapKey, unwrapIdx = k.UnwrapKey, 0
	}
}

// genericTypes are the generic status-carrying types: *AbortError and
// every adapter's Kinds.Generic.
var genericTypes = []unsafe.Pointer{typeKey(&AbortError{})}

// genericStatus reports whether the type whose descriptor is k is a generic
// status-carrying type.
func genericStatus(k unsafe.Pointer) bool {
	for _, g := range genericTypes {
		if g == k {
			return true
		}
	}
	return false
}

// unwrapKnown unwraps x through a registered Unwrap when its type has one,
// else through a guard.
func unwrapKnown(x interface{ Unwrap() error }) error {
	if len(kinds) > 1 {
		k := typeKey(x)
		for i := range kinds {
			if kinds[i].UnwrapKey == k && kinds[i].Unwrap != nil {
				return kinds[i].Unwrap(x.(error))
			}
		}
	}
	return unwrapOne(x)
}

// Kinds is what an adapter knows of its Echo's own error types.
type Kinds struct {
	// Status returns the status an element of one of Echo's error types
	// carries; ok is false for any other type.
	Status func(x error) (code int, ok bool)
	// Draft fills the default answer for an element of Echo's types whose
	// status is code (400-599); false for any other type.
	// It gets the answer so far and returns it completed (by value: a
	// pointer would make the answer escape to the heap).
	Draft func(x error, code int, a Draft) (Draft, bool)
	// Unwrap, for the type whose descriptor is UnwrapKey, is its Unwrap
	// method, known not to panic: the walk calls it without a guard.
	UnwrapKey unsafe.Pointer
	Unwrap    func(error) error
	// Stack returns the stack of a recovered panic that one of Echo's
	// error types carries, for the log line; optional.
	Stack func(x error) ([]byte, bool)
	// NoHeaders reports an element known to carry no headers and no
	// children: the common default answers skip the tree walk.
	NoHeaders func(x error) bool
	// Static reports an element of Echo's generic status types (Generic)
	// whose default answer is its status and message alone (an HTTPError with a string message and no
	// internal error): its answer is encoded once per status and message,
	// and reused. Optional.
	Static func(x error) (code int, msg string, ok bool)
	// Text returns an element's Error() text without calling it, for
	// Echo's error types whose text is known (fmt.Sprintf is most of a
	// log line's cost); ok is false for any other element. Optional.
	Text func(x error) (text string, ok bool)
	// Generic are the descriptors of Echo's generic status-carrying types
	// (its HTTPError, its status sentinels' type): a rule for an element's
	// status beats a rule for its type.
	Generic []unsafe.Pointer
}

// Config configures a [Core].
type Config[C any] struct {
	Echo             Echo[C]
	Rules            []Rule[C]
	Logger           *slog.Logger
	ClientErrorLevel slog.Level
	Report           func(c C, ev Event)
	ReportIf         func(ev Event) bool
	Format           Format
	// Where names the adapter function registering Rules, for messages.
	Where string
}

// Core is the state behind one error handler: the app's level and what
// answers, logs and reports.
type Core[C any] struct {
	ad          Echo[C]
	app         Level[C]
	logger      *slog.Logger
	format      Format
	errLevel    slog.Level
	clientLevel slog.Level
	report      func(C, Event)
	reportIf    func(Event) bool
	// busy counts this handler's functions and Renderers that run now, in
	// every request: while it is zero, no call of this error handler can
	// come from inside one, and Serve skips looking for a re-entrant call.
	busy atomic.Int64
	// running holds the requests whose handler functions and Renderers
	// run now, for a call from inside one.
	running running[C]
}

// New returns a core configured by cfg. It panics with an "echoerr: "
// message if a rule is invalid.
func New[C any](cfg Config[C]) *Core[C] {
	h := &Core[C]{
		ad:          cfg.Echo,
		logger:      cfg.Logger,
		format:      cfg.Format,
		errLevel:    slog.LevelError,
		clientLevel: cfg.ClientErrorLevel,
		report:      cfg.Report,
		reportIf:    cfg.ReportIf,
	}
	if h.reportIf == nil {
		h.reportIf = DefaultReportIf
	}
	h.app.Add(cfg.Rules, cfg.Where)
	return h
}

// App returns the app's level.
func (h *Core[C]) App() *Level[C] { return &h.app }

// Format returns the app's format.
func (h *Core[C]) Format() *Format { return &h.format }

func (h *Core[C]) log(c C) *slog.Logger {
	if h.logger != nil {
		return h.logger
	}
	if lg := h.ad.Logger(c); lg != nil {
		return lg
	}
	return slog.Default()
}

func (h *Core[C]) committed(c C) bool {
	done, _ := h.ad.Committed(c)
	return done
}
