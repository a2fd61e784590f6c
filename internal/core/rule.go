package core

import (
	"cmp"
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"unsafe"

	"github.com/echoerr/echoerr/answer"
)

// Rule is one registration: what it matches (a type, a sentinel, a status or
// anything) and what answers (a handler or a declared entry). Adapters wrap
// it in their own Rule type. The zero Rule is invalid.
type Rule[C any] struct {
	r *rule[C]
}

// Valid reports whether r was built by a constructor.
func (r Rule[C]) Valid() bool { return r.r != nil }

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
type rule[C any] struct {
	kind   ruleKind
	typ    reflect.Type   // kindType
	key    unsafe.Pointer // kindType, concrete: typeKey of typ
	iface  bool           // kindType: typ is an interface type
	target error          // kindSentinel
	code   int            // kindStatus

	// call runs a handler; matched is the element of the error tree the rule
	// matched (for kindType, converted to the rule's type by the closure).
	call func(c C, err, matched error) error
	// as reports whether an element with an As(any) bool method claims to be
	// of the rule's type (kindType only).
	as func(x error) bool
	// guard, for OnIf and DeclareIf, reports whether the rule takes the
	// element (converted to the rule's type by the closure).
	guard func(x error) bool

	// kindGuards: the guarded rules of one type, then its plain rule.
	guards []*rule[C]
	plain  *rule[C]

	entry *entry   // a declared answer instead of call
	desc  string   // what it matches, for messages and logs
	doc   *ruleDoc // what a handler rule says it answers (Rule.Answers)
	// name tells the rule apart from others that match alike: given by
	// Rule.Named, else where the rule was built ("errors.go:42").
	name string
	// codeOf returns the driver's code of the matched element (a kit's).
	codeOf func(x error) string
	// yields: a sentinel rule that passes over an element beneath one that
	// carries a status (answer.Decl.YieldToStatus).
	yields bool
	// detail adjusts a declared entry per answer (a kit's).
	detail func(m answer.Match) answer.Detail
}

// located returns r as a Rule, named by where the user's code built it: the
// first caller outside echoerr (through Namespace.ErrorHandler too).
func located[C any](r *rule[C]) Rule[C] {
	r.name = callerOutside()
	return Rule[C]{r}
}

// Named returns a copy of r named name, for the log line's rule_name, the
// Event and Describe: "unique-sku" rather than "errors.go:42".
func (r Rule[C]) Named(name string) Rule[C] {
	c := *r.get("Rule.Named")
	c.name = name
	return Rule[C]{&c}
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
//	echoerr.On(func(c C, err *UserNotFound) error { ... }).
//		Answers("the user does not exist", http.StatusNotFound)
//
// It panics for the zero Rule or a status outside 400-599.
func (r Rule[C]) Answers(description string, statuses ...int) Rule[C] {
	rr := r.get("Rule.Answers")
	for _, s := range statuses {
		checkStatus("Rule.Answers", s)
	}
	c := *rr
	c.doc = &ruleDoc{description: description, statuses: slices.Clone(statuses)}
	return Rule[C]{&c}
}

var errorType = reflect.TypeFor[error]()

// On builds the rule of the adapter function of the same name (see its
// documentation); where names that function in messages.
func On[C, T any](where string, fn func(c C, err T) error) Rule[C] {
	t := checkType[T](where)
	if fn == nil {
		panic("echoerr: " + where + ": nil handler for " + typeName(t))
	}
	r := typeRule[C, T](t)
	r.call = func(c C, _, matched error) error {
		return fn(c, asType[T](matched))
	}
	return located(r)
}

// OnIf builds the rule of the adapter function of the same name (see its
// documentation); where names that function in messages.
func OnIf[C, T any](where string, match func(T) bool, fn func(c C, err T) error) Rule[C] {
	t := checkType[T](where)
	if match == nil {
		panic("echoerr: " + where + ": nil match for " + typeName(t))
	}
	if fn == nil {
		panic("echoerr: " + where + ": nil handler for " + typeName(t))
	}
	r := guardedRule[C](t, match)
	r.call = func(c C, _, matched error) error {
		return fn(c, asType[T](matched))
	}
	return located(r)
}

// DeclareIf builds the rule of the adapter function of the same name (see its
// documentation); where names that function in messages.
func DeclareIf[C, T any](where string, match func(T) bool, e Entry) Rule[C] {
	t := checkType[T](where)
	if match == nil {
		panic("echoerr: " + where + ": nil match for " + typeName(t))
	}
	r := guardedRule[C](t, match)
	r.entry = newEntry(where, e)
	return located(r)
}

func guardedRule[C, T any](t reflect.Type, match func(T) bool) *rule[C] {
	r := typeRule[C, T](t)
	r.guard = func(x error) bool { return match(asType[T](x)) }
	r.desc = "type " + typeName(t) + " (if)"
	return r
}

// OnError builds the rule of the adapter function of the same name (see its
// documentation); where names that function in messages.
func OnError[C any](where string, target error, fn func(c C, err error) error) Rule[C] {
	if target == nil {
		panic("echoerr: " + where + ": nil target")
	}
	if fn == nil {
		panic("echoerr: " + where + ": nil handler for " + target.Error())
	}
	return located(&rule[C]{
		kind: kindSentinel, target: target,
		call: func(c C, err, _ error) error { return fn(c, err) },
		desc: "sentinel " + describeSentinel(target),
	})
}

// OnStatus builds the rule of the adapter function of the same name (see its
// documentation); where names that function in messages.
func OnStatus[C any](where string, code int, fn func(c C, err error) error) Rule[C] {
	checkStatus(where, code)
	if fn == nil {
		panic(fmt.Sprintf("echoerr: %s: nil handler for status %d", where, code))
	}
	return located(&rule[C]{
		kind: kindStatus, code: code,
		call: func(c C, err, _ error) error { return fn(c, err) },
		desc: fmt.Sprintf("status %d", code),
	})
}

// DeclareStatus builds the rule of the adapter function of the same name (see its
// documentation); where names that function in messages.
func DeclareStatus[C any](where string, code int, e Entry) Rule[C] {
	checkStatus(where, code)
	if e.Status != 0 && e.Status != code {
		panic(fmt.Sprintf("echoerr: %s: Entry.Status %d is not the rule's status %d", where, e.Status, code))
	}
	e.Status = code
	return located(&rule[C]{
		kind: kindStatus, code: code,
		entry: newEntry(where, e),
		desc:  fmt.Sprintf("status %d", code),
	})
}

// CatchAll builds the rule of the adapter function of the same name (see its
// documentation); where names that function in messages.
func CatchAll[C any](where string, fn func(c C, err error) error) Rule[C] {
	if fn == nil {
		panic("echoerr: " + where + ": nil handler")
	}
	return located(&rule[C]{
		kind: kindCatchAll,
		call: func(c C, err, _ error) error { return fn(c, err) },
		desc: "catch-all",
	})
}

// Declare builds the rule of the adapter function of the same name (see its
// documentation); where names that function in messages.
func Declare[C, T any](where string, e Entry) Rule[C] {
	t := checkType[T](where)
	r := typeRule[C, T](t)
	r.entry = newEntry(where, e)
	return located(r)
}

// DeclareError builds the rule of the adapter function of the same name (see its
// documentation); where names that function in messages.
func DeclareError[C any](where string, target error, e Entry) Rule[C] {
	if target == nil {
		panic("echoerr: " + where + ": nil target")
	}
	return located(&rule[C]{
		kind: kindSentinel, target: target,
		entry: newEntry(where, e),
		desc:  "sentinel " + describeSentinel(target),
	})
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

func typeRule[C, T any](t reflect.Type) *rule[C] {
	var zero T
	return &rule[C]{
		kind:  kindType,
		typ:   t,
		key:   typeKey(zero),
		iface: t.Kind() == reflect.Interface,
		as: func(x error) bool {
			var target T
			a, ok := x.(interface{ As(any) bool })
			return ok && a.As(&target)
		},
		desc: "type " + typeName(t),
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

// reachKey is what the rule matches, in full, as echoerr-vet's route sets
// name it (answer.Answer.Key).
func (r *rule[C]) reachKey() string {
	switch r.kind {
	case kindType:
		return "type " + fullTypeName(r.typ)
	case kindSentinel:
		return "sentinel " + fullTypeName(reflect.TypeOf(r.target)) + ":" + errText(r.target)
	case kindStatus:
		return fmt.Sprintf("status %d", r.code)
	}
	return "catch-all"
}

// fullTypeName writes t with its package's path: "*modernc.org/sqlite.Error".
func fullTypeName(t reflect.Type) string {
	if t == nil {
		return "nil"
	}
	if t.Kind() == reflect.Pointer && t.Name() == "" {
		return "*" + fullTypeName(t.Elem())
	}
	if t.Name() != "" && t.PkgPath() != "" {
		return t.PkgPath() + "." + t.Name()
	}
	return t.String()
}

func describeSentinel(target error) string {
	return fmt.Sprintf("%s(%q)", typeName(reflect.TypeOf(target)), errText(target))
}

// entry is a declared answer with its JSON bodies encoded once.
type entry struct {
	ans       Draft
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
	en := &entry{ans: Draft{status: status, Msg: msg, fields: maps.Clone(e.Fields)}}
	var err error
	if en.json, err = appendJSON(nil, &en.ans, false); err != nil {
		panic(fmt.Sprintf("echoerr: %s: %v", fn, err))
	}
	en.jsonNoMsg, _ = appendJSON(nil, &en.ans, true)
	if len(e.Headers) > 0 {
		en.headers = mergeHeaders(e.Headers, func(k string, v []string) string {
			name, why := checkHeader(k, v)
			if why != "" {
				panic(fmt.Sprintf("echoerr: %s: header %q: %s", fn, k, why))
			}
			return name
		})
	}
	return en
}

// get returns the registration behind r, and panics for the zero Rule.
func (r Rule[C]) get(where string) *rule[C] {
	if r.r == nil {
		panic("echoerr: " + where + ": zero Rule (build rules with On, OnIf, OnError, OnStatus, CatchAll, Declare, DeclareIf, DeclareError or DeclareStatus)")
	}
	return r.r
}

// FromDecl builds the rule of a Decl, a declared rule of no Echo version's
// (a kit's); where names the adapter function in messages.
func FromDecl[C any](where string, d answer.Decl) Rule[C] {
	s := d.Spec()
	var r *rule[C]
	switch s.Kind {
	case "type":
		r = &rule[C]{
			kind: kindType, typ: s.Type, key: typeKey(s.Zero), iface: s.Type.Kind() == reflect.Interface,
			as: s.As, guard: s.Guard, desc: "type " + typeName(s.Type),
		}
		if s.Guard != nil {
			r.desc += " (if)"
		}
		r.entry = newEntry(where, s.Entry)
	case "sentinel":
		r = &rule[C]{kind: kindSentinel, target: s.Target, entry: newEntry(where, s.Entry), desc: "sentinel " + describeSentinel(s.Target)}
	case "status":
		e := s.Entry
		if e.Status != 0 && e.Status != s.Status {
			panic(fmt.Sprintf("echoerr: %s: Entry.Status %d is not the rule's status %d", where, e.Status, s.Status))
		}
		e.Status = s.Status
		r = &rule[C]{kind: kindStatus, code: s.Status, entry: newEntry(where, e), desc: fmt.Sprintf("status %d", s.Status)}
	default:
		panic("echoerr: " + where + ": zero answer.Decl (build it with answer.DeclareFor, DeclareForIf, DeclareForError or DeclareForStatus)")
	}
	r.name = cmp.Or(s.Name, s.At)
	r.codeOf = s.Code
	r.detail = s.Detail
	r.yields = s.YieldToStatus
	return Rule[C]{r}
}
