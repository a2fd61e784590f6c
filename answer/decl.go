package answer

import (
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
)

// Decl is a declared rule that depends on no Echo version: what it matches
// (an error type, a guarded type, a sentinel or a status) and the [Entry]
// it answers with. A package that only declares answers (a kit of rules
// for a database driver or a validation library) builds Decls and imports
// neither Echo; an app turns them into rules of its adapter with
// echoerr.Kit (Echo v4) or the v5 package's Kit, and registers them per app,
// per namespace or per route like any rule, before or after its own, which
// override them.
type Decl struct {
	spec DeclSpec
}

// DeclSpec is what a Decl holds, for echoerr's adapters.
type DeclSpec struct {
	// Type is the matched error type (Kind "type"); Zero a zero value of
	// it (nil for an interface type).
	Type reflect.Type
	Zero any
	// As reports whether an element claims to be of Type through an
	// As(any) bool method; Guard, when set, whether the rule takes an
	// element of Type (DeclareIf).
	As    func(x error) bool
	Guard func(x error) bool
	// Target is the sentinel (Kind "sentinel"); Status the status (Kind
	// "status").
	Target error
	Status int
	Kind   string // "type", "sentinel" or "status"
	Entry  Entry
	// Name is the rule's name (Decl.Named); At is where the Decl was built
	// ("sqlite.go:42"), the name when none was given.
	Name, At string
	// Code, when set, returns the driver's own code of the element the
	// rule matched (SQLSTATE, MySQL number, SQLite code), for the log
	// line's error_code and Event.Code (Decl.WithCode).
	Code func(x error) string
	// Detail, when set, adjusts the Entry for one answer from the match
	// (Decl.WithDetail).
	Detail func(m Match) Detail
	// YieldToStatus: the sentinel rule does not take an element beneath
	// one that carries a status of its own (Decl.YieldToStatus).
	YieldToStatus bool
}

// Detail is what a Decl's detail function adds to its Entry for one answer:
// what only the matched error and the request can say (the field a unique
// constraint is about, one item per invalid field, a message in the
// request's language). A zero member keeps the Entry's: Status 0 its status
// (a status outside 400-599 is ignored), Message "" its message; Fields are
// added to the Entry's; Items are the answer's items.
type Detail struct {
	Status  int
	Message string
	Fields  Fields
	Items   []ErrorItem
	// Log are attributes for the answer's log line (and Event.Attrs), after
	// error_code: what an operator needs and a client must not see.
	Log []slog.Attr
}

// at names the caller's caller: where a Decl constructor was called.
func at(skip int) string {
	if _, file, line, ok := runtime.Caller(skip + 1); ok {
		return filepath.Base(file) + ":" + strconv.Itoa(line)
	}
	return ""
}

// Spec returns d's parts.
func (d Decl) Spec() DeclSpec { return d.spec }

// Named returns a copy of d with a name, as an adapter's Rule.Named.
func (d Decl) Named(name string) Decl {
	d.spec.Name = name
	return d
}

// WithCode returns a copy of d that tells the driver's code of the element
// it matched, for the log line (error_code) and Event.Code: a kit keeps the
// code it answers in the log, never in the body.
func (d Decl) WithCode(code func(x error) string) Decl {
	d.spec.Code = code
	return d
}

// Match is what a Decl's detail function gets: the element of the error
// tree the rule matched (of the rule's type), the whole error, and the
// request.
type Match struct {
	Matched error
	Err     error
	Request *http.Request
}

// WithDetail returns a copy of d whose answer detail adjusts, per answer,
// from the match. Describe and OpenAPI show the Entry. If detail panics,
// the Entry answers as declared.
func (d Decl) WithDetail(detail func(m Match) Detail) Decl {
	d.spec.Detail = detail
	return d
}

// YieldToStatus returns a copy of d, a sentinel rule, that does not take
// the sentinel once the walk of the error tree (errors.As order) passed an
// element that carries a status of its own, one that wraps it or comes
// before it in a join: for a value that other code returns too. A kit answers a bare io.ErrUnexpectedEOF
// from its driver 503, but Echo's binder wraps the one of a truncated JSON
// body in a 400 *echo.HTTPError, which must stay a 400. It panics if d is
// not a sentinel rule.
func (d Decl) YieldToStatus() Decl {
	if d.spec.Kind != "sentinel" {
		panic("echoerr: answer.Decl.YieldToStatus: not a sentinel rule (DeclareForError)")
	}
	d.spec.YieldToStatus = true
	return d
}

var errorType = reflect.TypeFor[error]()

// DeclareFor declares e for errors of type T, matched like errors.As, as an
// adapter's Declare. It panics if T is neither an interface type nor an
// error type.
func DeclareFor[T any](e Entry) Decl {
	s := typeSpec[T]("answer.DeclareFor", nil, e)
	s.At = at(1)
	return Decl{s}
}

// DeclareForIf declares e for errors of type T that match accepts, as an
// adapter's DeclareIf. It panics if match is nil or T is neither an
// interface type nor an error type.
func DeclareForIf[T any](match func(T) bool, e Entry) Decl {
	if match == nil {
		panic("echoerr: answer.DeclareForIf: nil match")
	}
	guard := func(x error) bool {
		v, ok := any(x).(T)
		if !ok {
			if a, isAs := x.(interface{ As(any) bool }); !isAs || !a.As(&v) {
				return false
			}
		}
		return match(v)
	}
	s := typeSpec[T]("answer.DeclareForIf", guard, e)
	s.At = at(1)
	return Decl{s}
}

func typeSpec[T any](where string, guard func(error) bool, e Entry) DeclSpec {
	t := reflect.TypeFor[T]()
	if t.Kind() != reflect.Interface && !t.Implements(errorType) {
		panic(fmt.Sprintf("echoerr: %s: type %s is not an interface and does not implement error", where, t))
	}
	var zero T
	return DeclSpec{
		Kind: "type", Type: t, Zero: zero, Guard: guard, Entry: e,
		As: func(x error) bool {
			var target T
			a, ok := x.(interface{ As(any) bool })
			return ok && a.As(&target)
		},
	}
}

// DeclareForError declares e for errors that match target like errors.Is,
// as an adapter's DeclareError. It panics if target is nil.
func DeclareForError(target error, e Entry) Decl {
	if target == nil {
		panic("echoerr: answer.DeclareForError: nil target")
	}
	return Decl{DeclSpec{Kind: "sentinel", Target: target, Entry: e, At: at(1)}}
}

// DeclareForStatus declares e for errors whose status is code, as an
// adapter's DeclareStatus. It panics if code is outside 400-599.
func DeclareForStatus(code int, e Entry) Decl {
	if code < 400 || code > 599 {
		panic(fmt.Sprintf("echoerr: answer.DeclareForStatus: status %d is outside 400-599", code))
	}
	return Decl{DeclSpec{Kind: "status", Status: code, Entry: e, At: at(1)}}
}
