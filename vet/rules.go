package vet

import (
	"fmt"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// The packages whose rule constructors the analyzer reads.
const (
	pkgV4     = "github.com/echoerr/echoerr"
	pkgV5     = "github.com/echoerr/echoerr/v5"
	pkgAnswer = "github.com/echoerr/echoerr/answer"
)

func isRulesType(t types.Type) bool {
	if sl, ok := t.(*types.Slice); ok {
		t = sl.Elem()
	}
	s := typeString(t)
	return s == pkgV4+".Rule" || s == pkgV5+".Rule" || s == pkgAnswer+".Decl"
}

func returnsRules(sig *types.Signature) bool {
	r := sig.Results()
	return r.Len() == 1 && isRulesType(r.At(0).Type())
}

// echoerrFunc returns the name of an echoerr (v4, v5 or answer) function
// or method fn is, or "".
func echoerrFunc(fn *ssa.Function) string {
	key := fnKey(fn)
	for _, p := range []string{pkgAnswer + ".", pkgV5 + ".", pkgV4 + "."} {
		if n, ok := strings.CutPrefix(key, p); ok {
			return n
		}
		for _, recv := range []string{"(" + p, "(*" + p} {
			if n, ok := strings.CutPrefix(key, recv); ok {
				if i := strings.Index(n, ")."); i >= 0 {
					return n[:i] + "." + n[i+2:]
				}
			}
		}
	}
	return ""
}

// rules returns the rules a value of type Rule, []Rule, Decl or []Decl
// holds.
func (s *state) rules(v ssa.Value) []Rule {
	return memo(s.ruleMemo, v, func() []Rule { return s.rules1(v) })
}

// memo returns m[k], computed by f at the first call: while f runs, m[k]
// is the zero value, so that a walk that comes back to k (a cycle in the
// program) finds nothing there instead of recursing.
func memo[K comparable, V any](m map[K]V, k K, f func() V) V {
	if v, ok := m[k]; ok {
		return v
	}
	var zero V
	m[k] = zero
	v := f()
	m[k] = v
	return v
}

func (s *state) rules1(v ssa.Value) []Rule {
	switch v := v.(type) {
	case *ssa.Const:
		return nil
	case *ssa.Call:
		return s.ruleCall(v.Common(), v.Pos())
	case *ssa.Phi:
		var out []Rule
		for _, e := range v.Edges {
			out = append(out, s.rules(e)...)
		}
		return out
	case *ssa.Slice:
		if _, ok := v.X.(*ssa.Alloc); ok {
			var out []Rule
			for _, e := range s.elems(v) {
				out = append(out, s.rules(e)...)
			}
			return out
		}
		return s.rules(v.X)
	case *ssa.UnOp:
		if v.Op != token.MUL {
			return nil
		}
		if g, ok := v.X.(*ssa.Global); ok && g.Pkg != s.pkg {
			var f rulesFact
			if g.Object() != nil && s.pass.ImportObjectFact(g.Object(), &f) {
				return f.Rules
			}
			return nil
		}
		var out []Rule
		for _, st := range s.storesTo(v.X) {
			out = append(out, s.rules(st.Val)...)
		}
		if g, ok := v.X.(*ssa.Global); ok {
			for _, st := range s.stores[g] {
				out = append(out, s.rules(st.Val)...)
			}
		}
		return out
	case *ssa.Parameter:
		var out []Rule
		for _, a := range s.argsFor(v) {
			out = append(out, s.rules(a)...)
		}
		return out
	case *ssa.FreeVar:
		var out []Rule
		for _, b := range s.bindings(v) {
			out = append(out, s.rules(b)...)
		}
		return out
	case *ssa.Extract:
		if c, ok := v.Tuple.(*ssa.Call); ok {
			return s.ruleCall(c.Common(), c.Pos())
		}
	case *ssa.ChangeType:
		return s.rules(v.X)
	}
	return nil
}

// ruleCall returns the rules a call makes or passes on.
func (s *state) ruleCall(call *ssa.CallCommon, pos token.Pos) []Rule {
	if b, ok := call.Value.(*ssa.Builtin); ok {
		if b.Name() == "append" {
			out := s.rules(call.Args[0])
			for _, e := range s.elems(call.Args[1]) {
				out = append(out, s.rules(e)...)
			}
			return out
		}
		return nil
	}
	fn := call.StaticCallee()
	if fn == nil {
		return nil
	}
	switch name := echoerrFunc(fn); name {
	case "On", "Declare", "DeclareFor", "OnIf", "DeclareIf", "DeclareForIf":
		var target string
		if ta := fn.TypeArgs(); len(ta) > 0 {
			target = typeString(ta[0])
		}
		return []Rule{s.newRule(Rule{Kind: "type", Target: target, Guarded: strings.HasSuffix(name, "If"),
			Name: fmt.Sprintf("%s[%s]", name, short(target))}, pos)}
	case "OnError", "DeclareError", "DeclareForError":
		target := "?"
		for _, o := range s.errs(call.Args[0]) {
			if len(o.Chain) > 0 && o.Chain[0].Sentinel != "" {
				target = o.Chain[0].Sentinel
			}
		}
		return []Rule{s.newRule(Rule{Kind: "sentinel", Target: target, Guarded: target == "?",
			Name: fmt.Sprintf("%s(%s)", name, short(target))}, pos)}
	case "OnStatus", "DeclareStatus", "DeclareForStatus":
		code := constInt(call.Args[0])
		return []Rule{s.newRule(Rule{Kind: "status", Status: code, Name: fmt.Sprintf("%s(%d)", name, code)}, pos)}
	case "CatchAll":
		return []Rule{s.newRule(Rule{Kind: "all", Guarded: true, Name: "CatchAll"}, pos)}
	case "Rule.Answers", "Rule.Named", "Decl.Named", "Decl.WithCode", "Decl.WithDetail", "Decl.YieldToStatus":
		return s.rules(call.Args[0])
	case "Kit":
		var out []Rule
		for _, e := range s.elems(call.Args[0]) {
			out = append(out, s.rules(e)...)
		}
		return out
	}
	if fnKey(fn) == "slices.Concat" {
		var out []Rule
		for _, e := range s.elems(call.Args[0]) {
			out = append(out, s.rules(e)...)
		}
		return out
	}
	if len(fn.Blocks) > 0 {
		return s.ruleSummary(fn)
	}
	f := fn
	if o := fn.Origin(); o != nil {
		f = o
	}
	var fact rulesFact
	if obj := f.Object(); obj != nil && s.pass.ImportObjectFact(obj, &fact) {
		out := make([]Rule, len(fact.Rules))
		for i, r := range fact.Rules {
			r.pos = pos // where the app takes them
			s.nextRule++
			r.id = s.nextRule
			out[i] = r
		}
		return out
	}
	return nil
}

// ruleSummary returns the rules fn returns.
func (s *state) ruleSummary(fn *ssa.Function) []Rule {
	return memo(s.ruleSums, fn, func() []Rule {
		var out []Rule
		for _, r := range returns(fn) {
			if len(r.Results) == 1 {
				out = append(out, s.rules(r.Results[0])...)
			}
		}
		return out
	})
}

func (s *state) newRule(r Rule, pos token.Pos) Rule {
	switch r.Kind {
	case "type":
		r.Key = "type " + r.Target
	case "sentinel":
		if k := s.sentinelKey(r.Target); k != "" {
			r.Key = "sentinel " + k
		}
	case "status":
		r.Key = fmt.Sprintf("status %d", r.Status)
	case "all":
		r.Key = "catch-all"
	}
	s.nextRule++
	r.id = s.nextRule
	r.pos = pos
	return r
}

// matches says how rule r matches an error element: "yes", "may" or "".
func (s *state) matches(r Rule, e Elem) string {
	ok := false
	switch r.Kind {
	case "all":
		ok = true
	case "type":
		ok = r.Target == e.Type || s.implementsTarget(e, r.Target)
	case "sentinel":
		ok = r.Target == "?" || r.Target == e.Sentinel
	case "status":
		ok = e.Status == r.Status && r.Status != 0
	}
	switch {
	case !ok:
		return ""
	case r.Guarded:
		return "may"
	}
	return "yes"
}

// implementsTarget reports whether e's type implements the interface a
// rule is written for.
func (s *state) implementsTarget(e Elem, target string) bool {
	if target == "" || e.Type == "" {
		return false
	}
	iface, ok := s.resolve(target).(*types.Interface)
	if !ok {
		if t := s.resolve(target); t != nil {
			iface, ok = t.Underlying().(*types.Interface)
		}
		if !ok {
			return false
		}
	}
	t := s.resolve(e.Type)
	return t != nil && types.Implements(t, iface)
}

// resolve finds a type written as a type string ("*pkg.T", "error").
func (s *state) resolve(name string) types.Type {
	if name == "error" {
		return errorType
	}
	if n, ok := strings.CutPrefix(name, "*"); ok {
		if t := s.lookupType(n); t != nil {
			return types.NewPointer(t)
		}
		return nil
	}
	return s.lookupType(name)
}
