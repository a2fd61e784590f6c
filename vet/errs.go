package vet

import (
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// maxVia bounds how many functions a finding names.
const maxVia = 4

// errs returns the errors value v can hold.
func (s *state) errs(v ssa.Value) []Origin {
	if r, ok := s.memo[v]; ok {
		return r
	}
	s.memo[v] = nil // a cycle (a phi of a loop) adds nothing
	r := s.errs1(v)
	s.memo[v] = r
	return r
}

func (s *state) opaque(what string, pos token.Pos) []Origin {
	return []Origin{{Opaque: what, pos: pos}}
}

func (s *state) errs1(v ssa.Value) []Origin {
	switch v := v.(type) {
	case *ssa.Const:
		if v.IsNil() {
			return nil
		}
		return s.opaque("a constant error", v.Pos())
	case *ssa.MakeInterface:
		return s.concrete(v.X, v.Pos())
	case *ssa.ChangeInterface:
		return s.errs(v.X)
	case *ssa.ChangeType:
		return s.errs(v.X)
	case *ssa.TypeAssert:
		return s.errs(v.X)
	case *ssa.Phi:
		var out []Origin
		for _, e := range v.Edges {
			out = append(out, s.errs(e)...)
		}
		return out
	case *ssa.Call:
		return s.callErrs(v.Common(), v.Pos(), -1)
	case *ssa.Extract:
		switch t := v.Tuple.(type) {
		case *ssa.Call:
			return s.callErrs(t.Common(), t.Pos(), v.Index)
		case *ssa.TypeAssert:
			if v.Index == 0 {
				return s.errs(t.X)
			}
			return nil
		case *ssa.UnOp:
			return s.opaque("a channel receive", t.Pos())
		}
		return s.opaque("a map or tuple value", v.Pos())
	case *ssa.UnOp:
		switch v.Op {
		case token.MUL:
			return s.load(v.X, v.Pos())
		case token.ARROW:
			return s.opaque("a channel receive", v.Pos())
		}
	case *ssa.Parameter:
		fn := v.Parent()
		for i, p := range fn.Params {
			if p == v {
				return []Origin{{Param: i + 1, paramOf: fn}}
			}
		}
	case *ssa.FreeVar:
		var out []Origin
		for _, b := range s.bindings(v) {
			out = append(out, s.errs(b)...)
		}
		return out
	case *ssa.Field:
		return s.opaque("field "+v.X.Type().Underlying().(*types.Struct).Field(v.Field).Name(), v.Pos())
	case *ssa.Index, *ssa.Lookup:
		return s.opaque("a slice or map element", v.Pos())
	}
	return s.opaque(fmt.Sprintf("a %T", v), v.Pos())
}

// load returns the errors a load from addr can give.
func (s *state) load(addr ssa.Value, pos token.Pos) []Origin {
	switch a := addr.(type) {
	case *ssa.Global:
		if a.Pkg != nil {
			return []Origin{{Chain: []Elem{{Sentinel: a.Pkg.Pkg.Path() + "." + a.Name(), Status: sentinelStatus(a.Pkg.Pkg.Path() + "." + a.Name())}}, pos: pos}}
		}
	case *ssa.Alloc, *ssa.FreeVar:
		var out []Origin
		for _, st := range s.storesTo(a) {
			out = append(out, s.errs(st.Val)...)
		}
		return out
	case *ssa.FieldAddr:
		return s.opaque("field "+fieldName(a.X.Type(), a.Field), pos)
	}
	return s.opaque("a value read through a pointer", pos)
}

// storesTo returns the stores to an address, including those made
// through the free variables of closures that capture it.
func (s *state) storesTo(addr ssa.Value) []*ssa.Store {
	out := append([]*ssa.Store(nil), s.stores[addr]...)
	if fv, ok := addr.(*ssa.FreeVar); ok {
		for _, b := range s.bindings(fv) {
			out = append(out, s.storesTo(b)...)
		}
		return out
	}
	for _, fv := range s.capturedAs[addr] {
		out = append(out, s.stores[fv]...)
	}
	return out
}

// bindings returns the values a closure's free variable is bound to.
func (s *state) bindings(fv *ssa.FreeVar) []ssa.Value {
	fn := fv.Parent()
	idx := -1
	for i, f := range fn.FreeVars {
		if f == fv {
			idx = i
		}
	}
	var out []ssa.Value
	for _, mc := range s.closures[fn] {
		if idx >= 0 && idx < len(mc.Bindings) {
			out = append(out, mc.Bindings[idx])
		}
	}
	return out
}

func fieldName(t types.Type, i int) string {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if st, ok := t.Underlying().(*types.Struct); ok && i < st.NumFields() {
		return st.Field(i).Name()
	}
	return "?"
}

// concrete returns the error a value of concrete type x makes when it
// becomes an error.
func (s *state) concrete(x ssa.Value, pos token.Pos) []Origin {
	t := x.Type()
	if types.IsInterface(t) {
		return s.errs(x)
	}
	e := Elem{Type: typeString(t)}
	if c, ok := x.(*ssa.Call); ok {
		if fn := c.Common().StaticCallee(); fn != nil && isNewHTTPError(fnKey(fn)) {
			e.Status = constInt(c.Common().Args[0])
		}
	}
	o := Origin{Chain: []Elem{e}, pos: pos}
	// A composite literal of the app's: its Code-like constant and, for a
	// wrapper (an Unwrap method), what it wraps.
	alloc, _ := x.(*ssa.Alloc)
	if alloc == nil {
		return []Origin{o}
	}
	var inner []Origin
	for _, ref := range *alloc.Referrers() {
		fa, ok := ref.(*ssa.FieldAddr)
		if !ok {
			continue
		}
		for _, st := range s.stores[fa] {
			if isHTTPErrorType(e.Type) && fieldName(fa.X.Type(), fa.Field) == "Code" {
				o.Chain[0].Status = constInt(st.Val)
			}
			if hasUnwrap(t) && types.Implements(st.Val.Type(), errorType) {
				inner = append(inner, s.errs(st.Val)...)
			}
		}
	}
	if len(inner) == 0 {
		return []Origin{o}
	}
	var out []Origin
	for _, in := range inner {
		w := in
		w.Chain = append([]Elem{o.Chain[0]}, in.Chain...)
		if w.pos == token.NoPos {
			w.pos = pos
		}
		out = append(out, w)
	}
	return out
}

var errorType = types.Universe.Lookup("error").Type().Underlying().(*types.Interface)

func hasUnwrap(t types.Type) bool {
	ms := types.NewMethodSet(t)
	for i := 0; i < ms.Len(); i++ {
		if ms.At(i).Obj().Name() == "Unwrap" {
			return true
		}
	}
	return false
}

func constInt(v ssa.Value) int {
	if c, ok := v.(*ssa.Const); ok && c.Value != nil && c.Value.Kind() == constant.Int {
		if n, ok := constant.Int64Val(c.Value); ok {
			return int(n)
		}
	}
	return 0
}

func constString(v ssa.Value) (string, bool) {
	if c, ok := v.(*ssa.Const); ok && c.Value != nil && c.Value.Kind() == constant.String {
		return constant.StringVal(c.Value), true
	}
	return "", false
}

func isNewHTTPError(key string) bool {
	return key == "github.com/labstack/echo/v4.NewHTTPError" || key == "github.com/labstack/echo/v5.NewHTTPError"
}

func isHTTPErrorType(t string) bool {
	return t == "*github.com/labstack/echo/v4.HTTPError" || t == "*github.com/labstack/echo/v5.HTTPError"
}

// sentinelStatus is the status of Echo's predefined errors.
func sentinelStatus(name string) int {
	switch name {
	case "context.Canceled":
		return 499
	case "context.DeadlineExceeded":
		return 503
	}
	for _, p := range []string{"github.com/labstack/echo/v4.", "github.com/labstack/echo/v5."} {
		if n, ok := strings.CutPrefix(name, p); ok {
			return echoSentinels[n]
		}
	}
	return 0
}

var echoSentinels = map[string]int{
	"ErrBadRequest": 400, "ErrUnauthorized": 401, "ErrPaymentRequired": 402, "ErrForbidden": 403,
	"ErrNotFound": 404, "ErrMethodNotAllowed": 405, "ErrNotAcceptable": 406, "ErrRequestTimeout": 408,
	"ErrConflict": 409, "ErrGone": 410, "ErrStatusRequestEntityTooLarge": 413, "ErrUnsupportedMediaType": 415,
	"ErrTooManyRequests": 429, "ErrInternalServerError": 500, "ErrNotImplemented": 501,
	"ErrBadGateway": 502, "ErrServiceUnavailable": 503, "ErrGatewayTimeout": 504,
	"ErrValidatorNotRegistered": 500, "ErrRendererNotRegistered": 500, "ErrInvalidRedirectCode": 500,
	"ErrCookieNotFound": 400, "ErrInvalidCertOrKeyType": 500, "ErrInvalidListenerNetwork": 500,
	"ErrUnprocessableEntity": 422, "ErrRequestEntityTooLarge": 413, "ErrLocked": 423, "ErrPreconditionFailed": 412,
}

// typeString writes t with full package paths.
func typeString(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string { return p.Path() })
}

// fnKey names a function as Table does.
func fnKey(fn *ssa.Function) string {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if obj, ok := fn.Object().(*types.Func); ok {
		return obj.FullName()
	}
	return fn.String()
}

// resultIndex returns the index of fn's error result, or -1.
func resultIndex(sig *types.Signature) int {
	r := sig.Results()
	for i := r.Len() - 1; i >= 0; i-- {
		if types.Implements(r.At(i).Type(), errorType) {
			return i
		}
	}
	return -1
}

// callErrs returns the errors of a call's error result (index is the
// result's index, -1 for a single result).
func (s *state) callErrs(call *ssa.CallCommon, pos token.Pos, index int) []Origin {
	sig := call.Signature()
	if ri := resultIndex(sig); ri < 0 || index >= 0 && index != ri {
		if index < 0 && sig.Results().Len() == 1 {
			// A single result that is no error type: nothing.
			return nil
		}
		return nil
	}
	if call.IsInvoke() {
		key := "(" + typeString(call.Value.Type()) + ")." + call.Method.Name()
		if items, ok := s.items(key); ok {
			return s.fromItems(items, call, pos, key)
		}
		if p, ok := call.Value.(*ssa.Parameter); ok {
			// A method of a parameter: what the argument's method returns,
			// decided at each call.
			if i := paramIndex(p); i >= 0 {
				return []Origin{{Param: i + 1, Method: call.Method.Name(), pos: pos, args: call.Args, paramOf: p.Parent()}}
			}
		}
		impls := s.implementations(call.Value.Type(), call.Method.Name())
		var out []Origin
		for _, m := range impls {
			out = append(out, s.applyImpl(m, call, pos)...)
		}
		// Library types the package converts to the interface: what
		// Table says their method returns.
		for _, t := range s.converted[typeString(call.Value.Type())] {
			sel := s.prog.MethodSets.MethodSet(t).Lookup(call.Method.Pkg(), call.Method.Name())
			if sel == nil {
				continue
			}
			fn := s.prog.MethodValue(sel)
			if fn == nil || slices.Contains(impls, fn) {
				continue
			}
			impls = append(impls, fn)
			if items, ok := s.items(fnKey(fn)); ok {
				out = append(out, s.fromItems(items, call, pos, fnKey(fn))...)
			} else {
				out = append(out, s.applyImpl(fn, call, pos)...)
			}
		}
		if len(impls) == 0 {
			return s.opaque(shortKey(key), pos)
		}
		return out
	}
	callee := call.StaticCallee()
	if callee == nil {
		return s.dynamic(call, pos)
	}
	key := fnKey(callee)
	switch key {
	case "fmt.Errorf":
		return s.errorf(call, pos)
	case "errors.New":
		text, _ := constString(call.Args[0])
		return []Origin{{Chain: []Elem{{Type: "*errors.errorString", Text: text}}, pos: pos}}
	case "errors.Join":
		var out []Origin
		for _, a := range s.elems(call.Args[0]) {
			out = append(out, s.errs(a)...)
		}
		return out
	}
	if isNewHTTPError(key) {
		return []Origin{{Chain: []Elem{{Type: "*" + strings.TrimSuffix(key, "NewHTTPError") + "HTTPError", Status: constInt(call.Args[0])}}, pos: pos}}
	}
	if items, ok := s.items(key); ok {
		return s.fromItems(items, call, pos, key)
	}
	return s.apply(callee, call.Args, pos)
}

// apply returns what calling fn with args returns.
func (s *state) apply(fn *ssa.Function, args []ssa.Value, pos token.Pos) []Origin {
	var sum []Origin
	switch {
	case len(fn.Blocks) > 0:
		sum = s.summary(fn)
	default:
		f := fn
		if o := fn.Origin(); o != nil {
			f = o
		}
		obj := f.Object()
		var fact returnsFact
		switch {
		case obj != nil && s.pass.ImportObjectFact(obj, &fact):
			sum = fact.Origins
		case obj != nil && obj.Pkg() != nil && isLibrary(obj.Pkg().Path()):
			return s.opaque(shortKey(fnKey(fn)), pos)
		case obj != nil:
			return nil // read, returns no error
		default:
			return s.opaque(fn.String(), pos)
		}
	}
	name := fn.Name()
	if fn.Parent() != nil {
		name = fn.Parent().Name()
	}
	if sig := fn.Signature; sig.Recv() != nil {
		name = typeName(sig.Recv().Type()) + "." + name
	}
	out := s.substitute(sum, fn, args, pos, len(fn.Blocks) == 0)
	for i, o := range out {
		if o.Param > 0 {
			continue // an enclosing function's parameter
		}
		if o.pos == token.NoPos || !s.local(o.pos) {
			o.pos = pos
		}
		if len(o.Via) < maxVia && fn.Parent() == nil && !strings.Contains(fn.Name(), "$") {
			o.Via = append(append([]string(nil), o.Via...), name)
		}
		out[i] = o
	}
	return out
}

// substitute replaces the placeholders of fn's parameters in os with what
// args carry (fact: the summary came from a fact, whose placeholders are
// fn's own). Placeholders of other functions' parameters stay.
func (s *state) substitute(os []Origin, fn *ssa.Function, args []ssa.Value, pos token.Pos, fact bool) []Origin {
	var out []Origin
	for _, o := range os {
		if o.Param == 0 || !(o.paramOf == fn || fact && o.paramOf == nil) {
			out = append(out, o)
			continue
		}
		if o.Param-1 >= len(args) || args[o.Param-1] == nil {
			continue
		}
		if o.Method != "" {
			out = append(out, s.methodErrs(args[o.Param-1], o, pos)...)
		} else {
			out = append(out, s.errs(args[o.Param-1])...)
		}
	}
	return out
}

func paramIndex(p *ssa.Parameter) int {
	for i, q := range p.Parent().Params {
		if q == p {
			return i
		}
	}
	return -1
}

// methodErrs returns what method o.Method of the value v returns: by v's
// concrete type when v is converted here, else by v's interface.
func (s *state) methodErrs(v ssa.Value, o Origin, pos token.Pos) []Origin {
	switch x := v.(type) {
	case *ssa.MakeInterface:
		t := x.X.Type()
		sel := s.prog.MethodSets.MethodSet(t).Lookup(nil, o.Method)
		if sel == nil {
			ms := s.prog.MethodSets.MethodSet(t)
			for i := 0; i < ms.Len(); i++ {
				if ms.At(i).Obj().Name() == o.Method {
					sel = ms.At(i)
				}
			}
		}
		if sel == nil {
			return s.opaque(typeString(t)+"."+o.Method, pos)
		}
		fn := s.prog.MethodValue(sel)
		key := fnKey(fn)
		if items, ok := s.items(key); ok {
			return s.fromItems(items, &ssa.CallCommon{Args: o.args}, pos, key)
		}
		return s.apply(fn, append([]ssa.Value{x.X}, o.args...), pos)
	case *ssa.Parameter:
		if i := paramIndex(x); i >= 0 {
			return []Origin{{Param: i + 1, Method: o.Method, pos: pos, args: o.args, paramOf: x.Parent()}}
		}
	case *ssa.ChangeInterface:
		return s.methodErrs(x.X, o, pos)
	case *ssa.Phi:
		if s.methodSeen[x] {
			return nil
		}
		s.methodSeen[x] = true
		defer delete(s.methodSeen, x)
		var out []Origin
		for _, e := range x.Edges {
			out = append(out, s.methodErrs(e, o, pos)...)
		}
		return out
	}
	key := "(" + typeString(v.Type()) + ")." + o.Method
	if items, ok := s.items(key); ok {
		return s.fromItems(items, &ssa.CallCommon{Args: o.args}, pos, key)
	}
	return s.opaque(shortKey(key), pos)
}

func typeName(t types.Type) string {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := t.(*types.Named); ok {
		return n.Obj().Name()
	}
	return t.String()
}

// applyImpl returns what an interface call returns when the method is m.
func (s *state) applyImpl(m *ssa.Function, call *ssa.CallCommon, pos token.Pos) []Origin {
	args := append([]ssa.Value{call.Value}, call.Args...)
	return s.apply(m, args, pos)
}

// local reports whether pos is in the analyzed package's files.
func (s *state) local(pos token.Pos) bool {
	if !pos.IsValid() {
		return false
	}
	f := s.pass.Fset.File(pos)
	return f != nil && s.files[f.Name()]
}

// dynamic returns what a call of a func value returns.
func (s *state) dynamic(call *ssa.CallCommon, pos token.Pos) []Origin {
	if isNext(call.Value) {
		return nil // a middleware's next handler: the route's own errors
	}
	fns := s.funcs(call.Value)
	if len(fns) == 0 {
		return s.opaque("a call of a func value", pos)
	}
	var out []Origin
	for _, fn := range fns {
		out = append(out, s.apply(fn, call.Args, pos)...)
	}
	return out
}

// isNext reports whether v is a handler a middleware was given: a
// parameter or captured variable of a handler func type.
func isNext(v ssa.Value) bool {
	switch x := v.(type) {
	case *ssa.Parameter, *ssa.FreeVar:
		return isHandlerType(v.Type())
	case *ssa.UnOp:
		// A captured variable, read.
		switch x.X.(type) {
		case *ssa.FreeVar, *ssa.Alloc:
			return x.Op == token.MUL && isHandlerType(v.Type())
		}
	}
	return false
}

func isHandlerType(t types.Type) bool {
	s := typeString(t)
	return s == "github.com/labstack/echo/v4.HandlerFunc" || s == "github.com/labstack/echo/v5.HandlerFunc"
}

// funcs resolves a func value to the functions it can be.
func (s *state) funcs(v ssa.Value) []*ssa.Function {
	return s.funcs1(v, map[ssa.Value]bool{})
}

func (s *state) funcs1(v ssa.Value, seen map[ssa.Value]bool) []*ssa.Function {
	if seen[v] {
		return nil
	}
	seen[v] = true
	switch v := v.(type) {
	case *ssa.Function:
		return []*ssa.Function{v}
	case *ssa.MakeClosure:
		return []*ssa.Function{v.Fn.(*ssa.Function)}
	case *ssa.ChangeType:
		return s.funcs1(v.X, seen)
	case *ssa.MakeInterface:
		return s.funcs1(v.X, seen)
	case *ssa.Phi:
		var out []*ssa.Function
		for _, e := range v.Edges {
			out = append(out, s.funcs1(e, seen)...)
		}
		return out
	case *ssa.FreeVar:
		var out []*ssa.Function
		for _, b := range s.bindings(v) {
			out = append(out, s.funcs1(b, seen)...)
		}
		return out
	case *ssa.Parameter:
		var out []*ssa.Function
		for _, a := range s.argsFor(v) {
			out = append(out, s.funcs1(a, seen)...)
		}
		return out
	case *ssa.UnOp:
		if v.Op == token.MUL {
			var out []*ssa.Function
			for _, st := range s.storesTo(v.X) {
				out = append(out, s.funcs1(st.Val, seen)...)
			}
			if g, ok := v.X.(*ssa.Global); ok {
				for _, st := range s.stores[g] {
					out = append(out, s.funcs1(st.Val, seen)...)
				}
			}
			return out
		}
	case *ssa.Call:
		// A factory: what the function called returns.
		if fn := v.Common().StaticCallee(); fn != nil && len(fn.Blocks) > 0 {
			var out []*ssa.Function
			for _, r := range returns(fn) {
				if len(r.Results) > 0 {
					out = append(out, s.funcs1(r.Results[0], seen)...)
				}
			}
			return out
		}
	}
	return nil
}

// argsFor returns the arguments the package's calls pass for parameter p.
func (s *state) argsFor(p *ssa.Parameter) []ssa.Value {
	fn := p.Parent()
	idx := -1
	for i, q := range fn.Params {
		if q == p {
			idx = i
		}
	}
	var out []ssa.Value
	for _, c := range s.callers[fn] {
		if idx < len(c.call.Args) && (flagTests || !s.inTest(c.pos)) {
			out = append(out, c.call.Args[idx])
		}
	}
	return out
}

func returns(fn *ssa.Function) []*ssa.Return {
	var out []*ssa.Return
	for _, b := range fn.Blocks {
		if r, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			out = append(out, r)
		}
	}
	return out
}

// summary returns the errors fn returns, with parameters as placeholders.
func (s *state) summary(fn *ssa.Function) []Origin {
	if r, ok := s.sums[fn]; ok {
		if s.busy[fn] {
			// Recursion: what the previous round found (fixpoint).
			s.recursed = true
			return s.prevSums[fn]
		}
		return r
	}
	s.sums[fn] = nil
	s.busy[fn] = true
	defer delete(s.busy, fn)
	ri := resultIndex(fn.Signature)
	var out []Origin
	if ri >= 0 {
		for _, r := range returns(fn) {
			out = append(out, s.narrow(r.Results[ri], r.Block(), s.errs(r.Results[ri]))...)
		}
	}
	out = dedup(out)
	s.sums[fn] = out
	return out
}

// narrow removes from os what a returned value cannot be in block b: the
// branches where errors.As(v, &T), errors.Is(v, X) or v == X was false.
func (s *state) narrow(v ssa.Value, b *ssa.BasicBlock, os []Origin) []Origin {
	for d := b.Idom(); d != nil; d = d.Idom() {
		ifi, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
		if !ok || len(d.Succs) != 2 || !d.Succs[1].Dominates(b) || d.Succs[0].Dominates(b) {
			continue
		}
		typ, sentinel := s.guardOf(ifi.Cond, v)
		if typ == "" && sentinel == "" {
			continue
		}
		var kept []Origin
		for _, o := range os {
			drop := false
			for _, e := range o.Chain {
				if typ != "" && e.Type == typ || sentinel != "" && e.Sentinel == sentinel {
					drop = true
				}
			}
			if !drop {
				kept = append(kept, o)
			}
		}
		os = kept
	}
	return os
}

// guardOf returns the type or sentinel a condition tests v for:
// errors.As(v, &T), errors.Is(v, X), v == X.
func (s *state) guardOf(cond, v ssa.Value) (string, string) {
	wrapped := s.wrapped(v, nil)
	same := func(x ssa.Value) bool {
		for {
			switch y := x.(type) {
			case *ssa.MakeInterface:
				x = y.X
				continue
			case *ssa.ChangeInterface:
				x = y.X
				continue
			}
			return slices.Contains(wrapped, x)
		}
	}
	switch c := cond.(type) {
	case *ssa.Call:
		fn := c.Common().StaticCallee()
		if fn == nil || len(c.Common().Args) != 2 || !same(c.Common().Args[0]) {
			return "", ""
		}
		switch fnKey(fn) {
		case "errors.As":
			if alloc, ok := underlyingArg(c.Common().Args[1]).(*ssa.Alloc); ok {
				return typeString(alloc.Type().(*types.Pointer).Elem()), ""
			}
		case "errors.Is":
			for _, o := range s.errs(c.Common().Args[1]) {
				if len(o.Chain) == 1 && o.Chain[0].Sentinel != "" {
					return "", o.Chain[0].Sentinel
				}
			}
		}
	case *ssa.BinOp:
		if c.Op == token.EQL {
			for _, pair := range [][2]ssa.Value{{c.X, c.Y}, {c.Y, c.X}} {
				if same(pair[0]) {
					for _, o := range s.errs(pair[1]) {
						if len(o.Chain) == 1 && o.Chain[0].Sentinel != "" {
							return "", o.Chain[0].Sentinel
						}
					}
				}
			}
		}
	}
	return "", ""
}

// wrapped returns v and the values v wraps as it is built here: through
// interface conversions, fmt.Errorf's %w operands (any operand, to keep it
// simple) and errors.Join's.
func (s *state) wrapped(v ssa.Value, out []ssa.Value) []ssa.Value {
	if v == nil || slices.Contains(out, v) || len(out) > 32 {
		return out
	}
	out = append(out, v)
	switch x := v.(type) {
	case *ssa.MakeInterface:
		return s.wrapped(x.X, out)
	case *ssa.ChangeInterface:
		return s.wrapped(x.X, out)
	case *ssa.Call:
		if fn := x.Common().StaticCallee(); fn != nil {
			switch fnKey(fn) {
			case "fmt.Errorf":
				for _, a := range s.elems(x.Common().Args[1]) {
					out = s.wrapped(a, out)
				}
			case "errors.Join":
				for _, a := range s.elems(x.Common().Args[0]) {
					out = s.wrapped(a, out)
				}
			}
		}
	}
	return out
}

// fixpoint summarizes every function of the package, in rounds while a
// recursion (a function reached again while being summarized) finds more:
// each round starts recursive calls from the previous round's summaries.
func (s *state) fixpoint() {
	for round := 0; round < 8; round++ {
		s.recursed = false
		total := 0
		for _, fn := range s.fns {
			total += len(s.summary(fn))
		}
		if !s.recursed || round > 0 && total == s.lastTotal {
			return
		}
		s.lastTotal = total
		s.prevSums = s.sums
		s.sums = map[*ssa.Function][]Origin{}
		s.memo = map[ssa.Value][]Origin{}
	}
}

// errorf returns what fmt.Errorf returns: what its %w operands carry, or
// an unnamed error.
func (s *state) errorf(call *ssa.CallCommon, pos token.Pos) []Origin {
	format, known := constString(call.Args[0])
	args := s.elems(call.Args[1])
	var out []Origin
	n := 0
	wrapped := false
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		for i < len(format) && strings.IndexByte("+-# 0123456789.[]*", format[i]) >= 0 {
			i++
		}
		if i >= len(format) {
			break
		}
		switch format[i] {
		case '%':
			continue
		case 'w':
			if n < len(args) {
				out = append(out, s.errs(args[n])...)
				wrapped = true
			}
		}
		n++
	}
	if !known {
		for _, a := range args {
			if types.Implements(underlyingArg(a).Type(), errorType) {
				out = append(out, s.errs(a)...)
			}
		}
	}
	if !wrapped && known {
		text := format
		if i := strings.IndexByte(text, '%'); i >= 0 {
			text = strings.TrimSpace(strings.TrimRight(text[:i], ": "))
		}
		out = append(out, Origin{Chain: []Elem{{Type: "*errors.errorString", Text: text}}, pos: pos})
	}
	return out
}

func underlyingArg(v ssa.Value) ssa.Value {
	if mi, ok := v.(*ssa.MakeInterface); ok {
		return mi.X
	}
	if ci, ok := v.(*ssa.ChangeInterface); ok {
		return ci.X
	}
	return v
}

// elems returns the values stored in a variadic slice argument.
func (s *state) elems(v ssa.Value) []ssa.Value {
	return s.elems1(v, map[ssa.Value]bool{})
}

// elems1 is elems, with the values on the way (a phi of a loop's append
// leads back to itself).
func (s *state) elems1(v ssa.Value, seen map[ssa.Value]bool) []ssa.Value {
	if seen[v] {
		return nil
	}
	seen[v] = true
	switch x := v.(type) {
	case *ssa.Parameter:
		// A variadic parameter passed on: what the package's calls pass.
		var out []ssa.Value
		for _, a := range s.argsFor(x) {
			out = append(out, s.elems1(a, seen)...)
		}
		return out
	case *ssa.Phi:
		var out []ssa.Value
		for _, e := range x.Edges {
			out = append(out, s.elems1(e, seen)...)
		}
		return out
	case *ssa.Call:
		if b, ok := x.Call.Value.(*ssa.Builtin); ok && b.Name() == "append" {
			return append(s.elems1(x.Call.Args[0], seen), s.elems1(x.Call.Args[1], seen)...)
		}
	case *ssa.UnOp:
		if x.Op == token.MUL {
			// A captured slice variable, read: what was stored in it.
			var out []ssa.Value
			for _, st := range s.storesTo(x.X) {
				out = append(out, s.elems1(st.Val, seen)...)
			}
			if len(out) > 0 {
				return out
			}
		}
	}
	sl, ok := v.(*ssa.Slice)
	if !ok {
		if c, ok := v.(*ssa.Const); ok && c.IsNil() {
			return nil
		}
		return []ssa.Value{v}
	}
	alloc, ok := sl.X.(*ssa.Alloc)
	if !ok {
		return []ssa.Value{v}
	}
	var out []ssa.Value
	for _, ref := range *alloc.Referrers() {
		if ia, ok := ref.(*ssa.IndexAddr); ok {
			for _, st := range s.stores[ia] {
				out = append(out, st.Val)
			}
		}
	}
	return out
}

// items returns the table's items for a function key: the app's
// directives first.
func (s *state) items(key string) ([]string, bool) {
	if it, ok := s.directives[key]; ok {
		return it, true
	}
	it, ok := Table[key]
	return it, ok
}

// fromItems turns table items into origins at a call.
func (s *state) fromItems(items []string, call *ssa.CallCommon, pos token.Pos, key string) []Origin {
	var out []Origin
	for _, raw := range items {
		it := parseItem(raw)
		if it.cond != "" && !s.condHolds(it.cond, call) {
			continue
		}
		switch {
		case it.ctx:
			out = append(out,
				Origin{Chain: []Elem{{Sentinel: "context.Canceled"}}, pos: pos, Via: []string{shortKey(key)}},
				Origin{Chain: []Elem{{Sentinel: "context.DeadlineExceeded"}}, pos: pos, Via: []string{shortKey(key)}})
			continue
		case it.driver:
			out = append(out, Origin{Driver: true, Fault: it.fault, pos: pos, Via: []string{shortKey(key)}})
			continue
		case it.impl != "":
			close := strings.Index(it.impl, ").")
			iface := s.lookupType(it.impl[1:close])
			if iface == nil {
				continue
			}
			for _, m := range s.implementations(iface, it.impl[close+2:]) {
				// The receiver is the library's (the Context): unknown here.
				out = append(out, s.apply(m, append([]ssa.Value{nil}, call.Args...), pos)...)
			}
			continue
		}
		o := Origin{Chain: []Elem{it.elem}, Cond: it.cond, Fault: it.fault, pos: pos, Via: []string{shortKey(key)}}
		if o.Chain[0].Sentinel != "" && o.Chain[0].Status == 0 {
			o.Chain[0].Status = sentinelStatus(o.Chain[0].Sentinel)
		}
		out = append(out, o)
	}
	return out
}

// condHolds reports whether a table condition may hold at a call; a
// condition it cannot decide may.
func (s *state) condHolds(cond string, call *ssa.CallCommon) bool {
	switch cond {
	case "bcrypt-cost":
		if len(call.Args) > 1 {
			if c, ok := call.Args[1].(*ssa.Const); ok {
				n := constInt(c)
				return n != 0 && (n < 4 || n > 31)
			}
		}
	}
	return true
}

func dedup(os []Origin) []Origin {
	seen := map[string]bool{}
	var out []Origin
	for _, o := range os {
		k := fmt.Sprint(o.Chain, o.Driver, o.Param, o.Opaque, o.Cond, o.Fault)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, o)
	}
	return out
}
