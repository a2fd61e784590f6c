package core

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
	"unsafe"
)

// This file holds everything that walks an error tree or calls a method of a
// user's error value. User values may be broken the way real Go code breaks
// them: a nil pointer whose methods dereference it, a method that panics, an
// Unwrap that loops, a value == cannot compare. Every call here survives them.

// maxTreeVisits bounds every walk of an error tree: no walk looks at more than
// this many elements, so an Unwrap that returns its receiver, or a cycle, ends
// the walk instead of spinning. Elements past the bound are not seen.
const maxTreeVisits = 1000

// children returns what one element unwraps to: next for Unwrap() error, kids
// for Unwrap() []error (kids is nil for a leaf or a method that panicked).
func children(err error) (kids []error, multi bool, next error) {
	// The standard library's wrappers cannot panic: no guard for them.
	switch typeKey(err) {
	case fmtWrapError:
		return nil, false, unwrapFmt(err)
	case unwrapKey:
		return nil, false, kinds[unwrapIdx].Unwrap(err)
	case fmtWrapErrors, joinError:
		return err.(interface{ Unwrap() []error }).Unwrap(), true, nil
	}
	switch x := err.(type) {
	case interface{ Unwrap() error }:
		return nil, false, unwrapKnown(x)
	case interface{ Unwrap() []error }:
		return unwrapMany(x), true, nil
	}
	return nil, false, nil
}

// Type keys of the wrappers fmt.Errorf and errors.Join make.
var (
	fmtWrapError  = typeKey(fmt.Errorf("%w", errors.New("")))
	fmtWrapErrors = typeKey(fmt.Errorf("%w%w", errors.New(""), errors.New("")))
	joinError     = typeKey(errors.Join(errors.New("")))
)

// stdWrapper reports whether k is the type key of a wrapper of fmt's or
// errors.Join's: they carry no status, no headers, no public message, so
// that the walks pass them without asking.
func stdWrapper(k unsafe.Pointer) bool {
	return k == fmtWrapError || k == fmtWrapErrors || k == joinError
}

// wrapErrorLayout is fmt's *wrapError as it is laid out, checked at start
// (fmtLayoutKnown): the walk reads its wrapped error without an interface
// call, the commonest step of a chain.
type wrapErrorLayout struct {
	msg string
	err error
}

var fmtLayoutKnown = func() bool {
	inner := errors.New("inner")
	w := fmt.Errorf("outer: %w", inner)
	p := (*wrapErrorLayout)((*[2]unsafe.Pointer)(unsafe.Pointer(&w))[1])
	return typeKey(w) == fmtWrapError && p.err == inner && p.msg == "outer: inner"
}()

// unwrapFmt unwraps an error of fmt's *wrapError type (type key
// fmtWrapError).
func unwrapFmt(err error) error {
	if fmtLayoutKnown {
		return (*wrapErrorLayout)((*[2]unsafe.Pointer)(unsafe.Pointer(&err))[1]).err
	}
	return err.(interface{ Unwrap() error }).Unwrap()
}

// methodPanics counts the panics of user methods that the guarded calls
// below recovered, in every request: when it moved while a request was
// answered, its log line names the methods that panic (panickedMethods).
var methodPanics atomic.Uint64

func unwrapOne(x interface{ Unwrap() error }) (next error) {
	defer func() {
		if p := recover(); p != nil {
			rethrowAbort(p)
			methodPanics.Add(1)
			next = nil
		}
	}()
	return x.Unwrap()
}

func unwrapMany(x interface{ Unwrap() []error }) (kids []error) {
	defer func() {
		if p := recover(); p != nil {
			rethrowAbort(p)
			methodPanics.Add(1)
			kids = nil
		}
	}()
	return x.Unwrap()
}

// rethrowAbort lets http.ErrAbortHandler through: a panic with it is how a
// handler asks net/http to abort the response, and echoerr honours it.
func rethrowAbort(p any) {
	if p == http.ErrAbortHandler {
		panic(p)
	}
}

// firstInTree returns the first element of err's tree, in errors.As order
// (pre-order, depth first, through Unwrap() error and Unwrap() []error),
// for which match is true, or nil. It looks at no more than maxTreeVisits
// elements. Every walk of an error tree in echoerr goes through it, but for
// walker.walk, which has the same loop inlined.
func firstInTree(err error, match func(error) bool) error {
	n := 0
	return firstIn(err, match, &n)
}

func firstIn(err error, match func(error) bool, visits *int) error {
	for err != nil {
		if *visits >= maxTreeVisits {
			return nil
		}
		*visits++
		if match(err) {
			return err
		}
		kids, multi, next := children(err)
		if !multi {
			err = next
			continue
		}
		for _, k := range kids {
			if m := firstIn(k, match, visits); m != nil {
				return m
			}
		}
		return nil
	}
	return nil
}

// errText returns err.Error(), or, when that panics, a text that says so in
// fmt's words ("<nil>" for a nil pointer receiver, as fmt prints it).
func errText(err error) (s string) {
	for i := range kinds {
		if kinds[i].Text != nil {
			if t, ok := kinds[i].Text(err); ok {
				return t
			}
		}
	}
	defer func() {
		if p := recover(); p != nil {
			rethrowAbort(p)
			methodPanics.Add(1)
			if v := reflect.ValueOf(err); v.Kind() == reflect.Pointer && v.IsNil() {
				s = "<nil>"
				return
			}
			s = fmt.Sprintf("%%!v(PANIC=Error method: %s)", panicText(p))
		}
	}()
	return err.Error()
}

// panicText describes a panic value without calling methods that may panic
// again.
func panicText(p any) (s string) {
	defer func() {
		if recover() != nil {
			s = fmt.Sprintf("panic of type %T", p)
		}
	}()
	switch v := p.(type) {
	case string:
		return v
	case error:
		return v.Error()
	}
	return fmt.Sprint(p)
}

// statusCode calls StatusCode(); a method that panics carries no status.
func statusCode(v interface{ StatusCode() int }) (code int) {
	defer func() {
		if p := recover(); p != nil {
			rethrowAbort(p)
			methodPanics.Add(1)
			code = 0
		}
	}()
	return v.StatusCode()
}

// publicMessage calls PublicMessage(); ok is false when it panics.
func publicMessage(v PublicMessager) (msg string, ok bool) {
	defer func() {
		if p := recover(); p != nil {
			rethrowAbort(p)
			methodPanics.Add(1)
			msg, ok = "", false
		}
	}()
	return v.PublicMessage(), true
}

// errorList calls ErrorList(); ok is false when it panics.
func errorList(v ErrorLister) (items []ErrorItem, ok bool) {
	defer func() {
		if p := recover(); p != nil {
			rethrowAbort(p)
			methodPanics.Add(1)
			items, ok = nil, false
		}
	}()
	return v.ErrorList(), true
}

// callIs calls an Is method; a method that panics says no.
func callIs(x interface{ Is(error) bool }, target error) (yes bool) {
	defer func() {
		if p := recover(); p != nil {
			rethrowAbort(p)
			methodPanics.Add(1)
			yes = false
		}
	}()
	return x.Is(target)
}

// callAs runs a rule's As probe; a method that panics says no.
func callAs(as func(error) bool, x error) (yes bool) {
	defer func() {
		if p := recover(); p != nil {
			rethrowAbort(p)
			methodPanics.Add(1)
			yes = false
		}
	}()
	return as(x)
}

// marshal is json.Marshal, with a panic in a MarshalJSON method (which
// encoding/json passes on) turned into an error.
func marshal(v any) (b []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			rethrowAbort(p)
			methodPanics.Add(1)
			b, err = nil, errors.New("json: MarshalJSON panicked: "+panicText(p))
		}
	}()
	return json.Marshal(v)
}

// equalValues reports whether a and b, two elements of error trees, are the
// same value: of one dynamic type and equal by ==, without the panic that ==
// gives for uncomparable dynamic values. For values == cannot compare (a
// slice, or a struct whose interface field holds a map), it compares
// identity: the same slice (pointer and length), map, function or pointer,
// field by field.
func equalValues(a, b error) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	if typeKey(a) != typeKey(b) {
		return false
	}
	if strictlyComparable(reflect.TypeOf(a)) {
		return a == b
	}
	return identical(reflect.ValueOf(a), reflect.ValueOf(b), 0)
}

// identical compares two values of one type by identity where == cannot
// compare them.
func identical(a, b reflect.Value, depth int) bool {
	if depth > 16 {
		return false
	}
	switch a.Kind() {
	case reflect.Slice:
		return a.Len() == b.Len() && (a.Len() == 0 || a.Pointer() == b.Pointer()) && a.IsNil() == b.IsNil()
	case reflect.Map, reflect.Func, reflect.Pointer, reflect.UnsafePointer, reflect.Chan:
		return a.Pointer() == b.Pointer()
	case reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		ea, eb := a.Elem(), b.Elem()
		return ea.Type() == eb.Type() && identical(ea, eb, depth+1)
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if !identical(a.Field(i), b.Field(i), depth+1) {
				return false
			}
		}
		return true
	case reflect.Array:
		for i := 0; i < a.Len(); i++ {
			if !identical(a.Index(i), b.Index(i), depth+1) {
				return false
			}
		}
		return true
	case reflect.Float32, reflect.Float64:
		return a.Float() == b.Float()
	case reflect.Complex64, reflect.Complex128:
		return a.Complex() == b.Complex()
	case reflect.String:
		return a.String() == b.String()
	case reflect.Bool:
		return a.Bool() == b.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return a.Int() == b.Int()
	default: // unsigned integers, uintptr
		return a.Uint() == b.Uint()
	}
}

// strictlyComparable reports whether == on values of t can never panic: t is
// comparable and holds no interface (whose dynamic value might not be).
func strictlyComparable(t reflect.Type) bool {
	if !t.Comparable() {
		return false
	}
	switch t.Kind() {
	case reflect.Interface:
		return false
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if !strictlyComparable(t.Field(i).Type) {
				return false
			}
		}
	case reflect.Array:
		return strictlyComparable(t.Elem())
	}
	return true
}

// equalTarget is x == target for a sentinel whose type is not strictly
// comparable: a comparison that would panic is false, as the two values
// cannot be the same sentinel.
func equalTarget(x, target error) (eq bool) {
	defer func() {
		if recover() != nil {
			eq = false
		}
	}()
	return x == target
}

// errorChainMax bounds the error_chain log attribute.
const (
	errorChainTypes = 32
	errorChainBytes = 1024
)

// errorChain lists the types of an error tree in errors.As order:
// "*fmt.wrapError > *app.NotFound". Join trees are bracketed. It names at
// most errorChainTypes types in at most about errorChainBytes bytes, and ends
// with " ..." when it left some out.
func errorChain(err error) string {
	if _, multi, next := children(err); !multi && next == nil {
		return typeNameOf(err) // one element, the commonest: no builder
	}
	var b strings.Builder
	n, visits, cut := 0, 0, false
	var walk func(error)
	walk = func(err error) {
		first := true
		for err != nil && !cut {
			if n >= errorChainTypes || b.Len() >= errorChainBytes || visits >= maxTreeVisits {
				cut = true
				return
			}
			visits++
			if !first {
				b.WriteString(" > ")
			}
			first = false
			b.WriteString(typeNameOf(err))
			n++
			kids, multi, next := children(err)
			if !multi {
				err = next
				continue
			}
			b.WriteString(" [")
			for i, k := range kids {
				if cut {
					break
				}
				if i > 0 {
					b.WriteString(" | ")
				}
				walk(k)
			}
			if !cut {
				b.WriteString("]")
			}
			return
		}
	}
	walk(err)
	if cut {
		b.WriteString(" ...")
	}
	return b.String()
}

// clip cuts s to at most max bytes, at a rune boundary, marking the cut.
func clip(s string, max int) string {
	if len(s) <= max {
		return s
	}
	i := max
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + fmt.Sprintf("... (%d bytes)", len(s))
}

// answerPkg is the import path of the package that defines echoerr's own
// error types (AbortError, Errors, PanicError).
var answerPkg = reflect.TypeFor[AbortError]().PkgPath()

// typeName is t.String(), with the core's own types named as the adapters
// export them: *echoerr.AbortError, not *core.AbortError.
// typeNameOf is typeName of x's dynamic type, from a bounded cache: the log
// line names the types of every error's chain.
func typeNameOf(x error) string {
	k := typeKey(x)
	if m := typeNames.m.Load(); m != nil {
		if s, ok := (*m)[k]; ok {
			return s
		}
	}
	s := typeName(reflect.TypeOf(x))
	typeNames.mu.Lock()
	defer typeNames.mu.Unlock()
	old := typeNames.m.Load()
	if old != nil && len(*old) >= maxTypeNames {
		return s
	}
	m := make(map[unsafe.Pointer]string, 1)
	if old != nil {
		maps.Copy(m, *old)
	}
	m[k] = s
	typeNames.m.Store(&m)
	return s
}

// typeNames caches type names by type descriptor: copy-on-write, read on
// every logged answer.
var typeNames struct {
	m  atomic.Pointer[map[unsafe.Pointer]string]
	mu sync.Mutex
}

const maxTypeNames = 1024

// CodeMessageText is "code=N, message=M", the text of Echo's HTTPError
// without an internal error, from a bounded cache of the texts seen: what
// HTTPError.Error returns, without fmt.Sprintf.
func CodeMessageText(code int, msg string) string {
	k := codeMsg{code, msg}
	if m := codeTexts.m.Load(); m != nil {
		if s, ok := (*m)[k]; ok {
			return s
		}
	}
	s := "code=" + strconv.Itoa(code) + ", message=" + msg
	if len(msg) > 256 {
		return s // a message made per request: not worth a place
	}
	codeTexts.mu.Lock()
	defer codeTexts.mu.Unlock()
	old := codeTexts.m.Load()
	if old != nil && len(*old) >= maxCodeTexts {
		return s
	}
	m := make(map[codeMsg]string, 1)
	if old != nil {
		maps.Copy(m, *old)
	}
	m[k] = s
	codeTexts.m.Store(&m)
	return s
}

type codeMsg struct {
	code int
	msg  string
}

var codeTexts struct {
	m  atomic.Pointer[map[codeMsg]string]
	mu sync.Mutex
}

const maxCodeTexts = 256

func typeName(t reflect.Type) string {
	s := t.String()
	b := t
	for b.Kind() == reflect.Pointer || b.Kind() == reflect.Slice || b.Kind() == reflect.Array {
		b = b.Elem()
	}
	if b.PkgPath() == answerPkg {
		// Users know them by the adapter's names: *echoerr.AbortError.
		return strings.Replace(s, "answer.", "echoerr.", 1)
	}
	return s
}

// panickedMethods names the methods of err's tree that panic when called:
// "(*app.Err).StatusCode: boom". It calls them again, guarded, so that the
// log line tells which method of which type failed; at most a few.
func panickedMethods(err error) string {
	var out []string
	probe := func(x error, method string, call func()) {
		if len(out) >= 4 {
			return
		}
		defer func() {
			if p := recover(); p != nil {
				rethrowAbort(p)
				out = append(out, fmt.Sprintf("(%s).%s: %s", typeName(reflect.TypeOf(x)), method, clip(panicText(p), 200)))
			}
		}()
		call()
	}
	visits := 0
	var walk func(x error)
	walk = func(x error) {
		for x != nil && visits < maxTreeVisits && len(out) < 4 {
			visits++
			probe(x, "Error", func() { _ = x.Error() })
			if v, ok := x.(interface{ StatusCode() int }); ok {
				probe(x, "StatusCode", func() { v.StatusCode() })
			}
			if v, ok := x.(PublicMessager); ok {
				probe(x, "PublicMessage", func() { v.PublicMessage() })
			}
			if v, ok := x.(ErrorLister); ok {
				probe(x, "ErrorList", func() { v.ErrorList() })
			}
			if v, ok := x.(HeaderCarrier); ok {
				probe(x, "Headers", func() { v.Headers() })
			}
			if v, ok := x.(interface{ Is(error) bool }); ok {
				probe(x, "Is", func() { v.Is(errProbe) })
			}
			if v, ok := x.(interface{ As(any) bool }); ok {
				probe(x, "As", func() { var target *AbortError; v.As(&target) })
			}
			switch v := x.(type) {
			case interface{ Unwrap() error }:
				var next error
				probe(x, "Unwrap", func() { next = v.Unwrap() })
				x = next
			case interface{ Unwrap() []error }:
				var kids []error
				probe(x, "Unwrap", func() { kids = v.Unwrap() })
				for _, k := range kids {
					walk(k)
				}
				return
			default:
				return
			}
		}
	}
	walk(err)
	return strings.Join(out, "; ")
}

// errProbe is the target panickedMethods gives an Is method.
var errProbe = errors.New("echoerr: probe")
