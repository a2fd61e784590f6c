package echoerr

import (
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"unsafe"

	"github.com/labstack/echo/v4"
)

// Rule is one registration: what it matches (a type, a sentinel, a status or
// anything) and what answers (a handler or a declared [Entry]). Build rules with
// [On], [OnIf], [OnError], [OnStatus], [CatchAll], [Declare], [DeclareIf],
// [DeclareError] and [DeclareStatus]; register them with [New],
// [NewWithConfig], [Namespace.Handle], [Namespace.HandleRoute] or
// [HandleRoute]. The zero Rule is invalid and registering it panics.
//
// Within one level, a later rule for the same type, sentinel, status or
// catch-all replaces the earlier one; guarded rules ([OnIf], [DeclareIf])
// add up, each tried in registration order.
type Rule struct {
	r *rule
}

type ruleKind uint8

const (
	kindType ruleKind = iota + 1
	kindSentinel
	kindStatus
	kindCatchAll
	// kindGuards is an index's own entry for a type that has guarded
	// rules: them in registration order, then the plain rule, if any.
	kindGuards
)

// rule is the immutable form of a registration.
type rule struct {
	kind   ruleKind
	typ    reflect.Type   // kindType
	key    unsafe.Pointer // kindType, concrete: typeKey of typ
	iface  bool           // kindType: typ is an interface type
	target error          // kindSentinel
	code   int            // kindStatus

	// call runs a handler; matched is the element of the error tree the rule
	// matched (for kindType, converted to the rule's type by the closure).
	call func(c echo.Context, err, matched error) error
	// as reports whether an element with an As(any) bool method claims to be
	// of the rule's type (kindType only).
	as func(x error) bool
	// guard, for OnIf and DeclareIf, reports whether the rule takes the
	// element (converted to the rule's type by the closure).
	guard func(x error) bool

	// kindGuards: the guarded rules of one type, then its plain rule.
	guards []*rule
	plain  *rule

	entry *entry   // a declared answer instead of call
	desc  string   // for messages and logs
	doc   *ruleDoc // what a handler rule says it answers (Rule.Answers)
}

// ruleDoc is a handler rule's own account of its answers.
type ruleDoc struct {
	description string
	statuses    []int
}

// Answers documents what a handler rule answers, for [Describe] and the
// OpenAPI documents built from it: the statuses it writes and a description.
// It returns a new Rule; r is unchanged. A declared rule documents itself;
// Answers on it replaces nothing but the description.
//
//	echoerr.On(func(c echo.Context, err *UserNotFound) error { ... }).
//		Answers("the user does not exist", http.StatusNotFound)
//
// It panics for the zero Rule or a status outside 400-599.
func (r Rule) Answers(description string, statuses ...int) Rule {
	rr := r.rule("Rule.Answers")
	for _, s := range statuses {
		checkStatus("Rule.Answers", s)
	}
	c := *rr
	c.doc = &ruleDoc{description: description, statuses: slices.Clone(statuses)}
	return Rule{&c}
}

var errorType = reflect.TypeFor[error]()

// On registers fn for errors of type T, matched like [errors.As]: anywhere in
// the error tree, concrete or interface type, including elements whose
// As(any) bool method says they are a T. fn receives the matching value.
//
//	echoerr.On(func(c echo.Context, err *ValidationError) error { ... })
//	echoerr.On(func(c echo.Context, err interface{ Timeout() bool }) error { ... })
//
// On panics if fn is nil or if T is neither an interface type nor a type that
// implements error.
func On[T any](fn func(c echo.Context, err T) error) Rule {
	t := checkType[T]("On")
	if fn == nil {
		panic("echoerr: On: nil handler for " + t.String())
	}
	r := typeRule[T](t)
	r.call = func(c echo.Context, _, matched error) error {
		return fn(c, asType[T](matched))
	}
	return Rule{r}
}

// OnIf registers fn for errors of type T, matched like [On], that match
// accepts: a rule for one error code of a driver that uses one type for every
// code. T is inferred from match:
//
//	echoerr.OnIf(func(err *pgconn.PgError) bool { return err.Code == "23505" },
//		func(c echo.Context, err *pgconn.PgError) error { ... })
//
// At one element of the error tree, the guarded rules for its type are tried
// before the plain rule for that type, in registration order; a guard that
// says no lets the search go on as if the rule were absent: the level's next
// rule, then the next level. A guard that panics is recovered like a handler:
// logged, and answered 500. OnIf panics if match or fn is nil, or if T is
// neither an interface type nor a type that implements error.
func OnIf[T any](match func(T) bool, fn func(c echo.Context, err T) error) Rule {
	t := checkType[T]("OnIf")
	if match == nil {
		panic("echoerr: OnIf: nil match for " + t.String())
	}
	if fn == nil {
		panic("echoerr: OnIf: nil handler for " + t.String())
	}
	r := guardedRule(t, match)
	r.call = func(c echo.Context, _, matched error) error {
		return fn(c, asType[T](matched))
	}
	return Rule{r}
}

// DeclareIf registers a declared answer for errors of type T that match
// accepts, matched like [OnIf]. T is inferred from match:
//
//	echoerr.DeclareIf(func(err *sqlite.Error) bool { return err.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE },
//		echoerr.Entry{Status: 400, Message: "Email address already exists"})
//
// It panics if match is nil, if T is neither an interface type nor an error
// type, or if the entry is invalid (see [Declare]).
func DeclareIf[T any](match func(T) bool, e Entry) Rule {
	t := checkType[T]("DeclareIf")
	if match == nil {
		panic("echoerr: DeclareIf: nil match for " + t.String())
	}
	r := guardedRule(t, match)
	r.entry = newEntry("DeclareIf", e)
	return Rule{r}
}

func guardedRule[T any](t reflect.Type, match func(T) bool) *rule {
	r := typeRule[T](t)
	r.guard = func(x error) bool { return match(asType[T](x)) }
	r.desc = "type " + t.String() + " (if)"
	return r
}

// OnError registers fn for errors that match target like [errors.Is]. fn
// receives the whole error, not only the element equal to target.
// OnError panics if target or fn is nil.
func OnError(target error, fn HandlerFunc) Rule {
	if target == nil {
		panic("echoerr: OnError: nil target")
	}
	if fn == nil {
		panic("echoerr: OnError: nil handler for " + target.Error())
	}
	return Rule{&rule{
		kind: kindSentinel, target: target,
		call: func(c echo.Context, err, _ error) error { return fn(c, err) },
		desc: "sentinel " + describeSentinel(target),
	}}
}

// OnStatus registers fn for errors whose status is code: the status of an
// [*echo.HTTPError], an [*AbortError] or an error with a StatusCode() int
// method, found anywhere in the error tree. fn receives the whole error.
// OnStatus panics if code is outside 400-599 or fn is nil.
func OnStatus(code int, fn HandlerFunc) Rule {
	checkStatus("OnStatus", code)
	if fn == nil {
		panic(fmt.Sprintf("echoerr: OnStatus: nil handler for status %d", code))
	}
	return Rule{&rule{
		kind: kindStatus, code: code,
		call: func(c echo.Context, err, _ error) error { return fn(c, err) },
		desc: fmt.Sprintf("status %d", code),
	}}
}

// DeclareStatus registers a declared answer for errors whose status is code,
// matched like [OnStatus]: 500 also takes errors that carry no status, so
//
//	echoerr.DeclareStatus(500, echoerr.Entry{Message: "Something went wrong"})
//
// answers every unexpected error so, in the negotiated format, never showing
// the error's text. It panics if code is outside 400-599, if e.Status is
// neither 0 nor code, or if the entry is invalid (see [Declare]).
func DeclareStatus(code int, e Entry) Rule {
	checkStatus("DeclareStatus", code)
	if e.Status != 0 && e.Status != code {
		panic(fmt.Sprintf("echoerr: DeclareStatus: Entry.Status %d is not the rule's status %d", e.Status, code))
	}
	e.Status = code
	return Rule{&rule{
		kind: kindStatus, code: code,
		entry: newEntry("DeclareStatus", e),
		desc:  fmt.Sprintf("status %d", code),
	}}
}

// CatchAll registers fn for every error that no other rule of the same level
// matches. fn receives the whole error. CatchAll panics if fn is nil.
func CatchAll(fn HandlerFunc) Rule {
	if fn == nil {
		panic("echoerr: CatchAll: nil handler")
	}
	return Rule{&rule{
		kind: kindCatchAll,
		call: func(c echo.Context, err, _ error) error { return fn(c, err) },
		desc: "catch-all",
	}}
}

// Entry is a declared answer: what an error gets without a handler function,
// like one entry of flask-restful's errors dict. Its JSON body, {"message":
// ..., fields...}, is encoded once, when the rule is built.
type Entry struct {
	// Status is the answer's status, 400-599.
	// Optional. Default value: 500.
	Status int
	// Message is the public message, the body's "message" member.
	// Optional. Default value: the status text, such as "Not Found".
	Message string
	// Fields are extra body members. A "message" field is ignored: Message wins.
	// Optional. Default value: none.
	Fields Fields
	// Headers are set on the response, such as Retry-After or WWW-Authenticate.
	// Names must be valid header names and values may not hold CR, LF or
	// NUL; the headers that describe the body (Content-Type, Content-Length,
	// Content-Encoding, ...) are echoerr's and cannot be set.
	// Optional. Default value: none.
	Headers http.Header
}

// Declare registers a declared answer for errors of type T, matched like [On].
// It panics if T is neither an interface type nor an error type, if the status
// is outside 400-599, or if a field cannot be encoded as JSON.
//
//	echoerr.Declare[*MovieNotExistsError](echoerr.Entry{Status: 400, Message: "Movie with given id doesn't exists"})
func Declare[T any](e Entry) Rule {
	t := checkType[T]("Declare")
	r := typeRule[T](t)
	r.entry = newEntry("Declare", e)
	return Rule{r}
}

// DeclareError registers a declared answer for errors that match target like
// [OnError]. It panics if target is nil, if the status is outside 400-599, or
// if a field cannot be encoded as JSON.
//
//	echoerr.DeclareError(sql.ErrNoRows, echoerr.Entry{Status: 404, Message: "no such record"})
func DeclareError(target error, e Entry) Rule {
	if target == nil {
		panic("echoerr: DeclareError: nil target")
	}
	return Rule{&rule{
		kind: kindSentinel, target: target,
		entry: newEntry("DeclareError", e),
		desc:  "sentinel " + describeSentinel(target),
	}}
}

func checkType[T any](fn string) reflect.Type {
	t := reflect.TypeFor[T]()
	if t.Kind() != reflect.Interface && !t.Implements(errorType) {
		panic(fmt.Sprintf("echoerr: %s: type %s is not an interface and does not implement error", fn, t))
	}
	return t
}

func checkStatus(fn string, code int) {
	if code < 400 || code > 599 {
		panic(fmt.Sprintf("echoerr: %s: status %d is outside 400-599", fn, code))
	}
}

func typeRule[T any](t reflect.Type) *rule {
	var zero T
	return &rule{
		kind:  kindType,
		typ:   t,
		key:   typeKey(zero),
		iface: t.Kind() == reflect.Interface,
		as: func(x error) bool {
			var target T
			a, ok := x.(interface{ As(any) bool })
			return ok && a.As(&target)
		},
		desc: "type " + t.String(),
	}
}

// typeKey returns the address of x's dynamic type descriptor, the word an
// empty interface holds beside its data: equal for values of one type, and a
// cheap map key on the error path, where a reflect.Type key costs an
// interface hash. It is nil for a nil interface, so for an interface T the
// key is unused.
func typeKey(x any) unsafe.Pointer {
	return (*[2]unsafe.Pointer)(unsafe.Pointer(&x))[0]
}

// asType converts a matched element to T: directly, or through its As method
// when the element only claims to be a T.
func asType[T any](x error) T {
	if v, ok := any(x).(T); ok {
		return v
	}
	var v T
	if a, ok := x.(interface{ As(any) bool }); ok {
		a.As(&v)
	}
	return v
}

func describeSentinel(target error) string {
	return fmt.Sprintf("%T(%q)", target, target.Error())
}

// entry is a declared answer with its JSON bodies encoded once.
type entry struct {
	ans       answer
	headers   http.Header // values clipped, so that a later Add copies
	json      []byte      // with the message
	jsonNoMsg []byte      // for Format.OmitMessage
}

func newEntry(fn string, e Entry) *entry {
	status := e.Status
	if status == 0 {
		status = http.StatusInternalServerError
	}
	checkStatus(fn, status)
	msg := e.Message
	if msg == "" {
		msg = statusText(status)
	}
	en := &entry{ans: answer{status: status, msg: msg, fields: maps.Clone(e.Fields)}}
	var err error
	if en.json, err = appendJSON(nil, &en.ans, false); err != nil {
		panic(fmt.Sprintf("echoerr: %s: %v", fn, err))
	}
	en.jsonNoMsg, _ = appendJSON(nil, &en.ans, true)
	if len(e.Headers) > 0 {
		en.headers = make(http.Header, len(e.Headers))
		for k, v := range e.Headers {
			name, why := checkHeader(k, v)
			if why != "" {
				panic(fmt.Sprintf("echoerr: %s: header %q: %s", fn, k, why))
			}
			en.headers[name] = slices.Clip(slices.Clone(v))
		}
	}
	return en
}

// rule returns the registration behind r, and panics for the zero Rule.
func (r Rule) rule(where string) *rule {
	if r.r == nil {
		panic("echoerr: " + where + ": zero Rule (build rules with On, OnIf, OnError, OnStatus, CatchAll, Declare, DeclareIf, DeclareError or DeclareStatus)")
	}
	return r.r
}
