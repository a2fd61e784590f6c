// Package vet is echoerr-vet's analyzer: it finds an app's Echo routes and,
// for each, the errors that can reach echoerr (through helpers, packages,
// wrapping, joins, interface calls, closures, named results set in defer,
// generics and middleware), reads the app's echoerr rules, and reports what
// no rule maps.
//
// Findings, one per line, in vet's style:
//
//	file:line: KIND: METHOD PATH: ERROR (via ...)
//
// where KIND is unmapped (reachable, no rule maps it: it answers 500),
// conditional (only when a library condition holds), may (only a guarded
// rule may match), never-matches (a rule no route can trigger) or opaque (a
// source outside the library table, never silently dropped).
//
// What library functions return comes from a versioned table (Table,
// Middleware, Drivers, SentinelTexts); an app adds entries with a directive
// in any file of the package whose calls it concerns:
//
//	//echoerr:returns example.com/lib.Func *example.com/lib.Error =example.com/lib.ErrGone
//
// Run it with the command echoerr-vet (github.com/echoerr/echoerr/vet/cmd/echoerr-vet)
// inside the app's module, or as go vet's tool.
package vet

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// Analyzer is echoerr-vet's analyzer.
var Analyzer = &analysis.Analyzer{
	Name:      "echoerr",
	Doc:       "report the errors an Echo app's routes can return that no echoerr rule maps",
	URL:       "https://pkg.go.dev/github.com/echoerr/echoerr/vet",
	Run:       run,
	FactTypes: []analysis.Fact{new(returnsFact), new(rulesFact), new(driversFact), new(sentinelFact), new(routesFact)},
}

var (
	flagKinds  = "unmapped"
	flagFaults bool
	flagSets   bool
	flagTests  bool
)

func init() {
	Analyzer.Flags.StringVar(&flagKinds, "kinds", flagKinds, "comma-separated kinds of finding to report (unmapped, conditional, may, never-matches, opaque), or all")
	Analyzer.Flags.BoolVar(&flagFaults, "faults", false, "also report internal failures (a closed database, a scan error) that answer 500 by design")
	Analyzer.Flags.BoolVar(&flagTests, "tests", false, "also report the routes of apps made in _test.go files")
	Analyzer.Flags.BoolVar(&flagSets, "sets", false, "also report each route's error set as a finding of kind sets, in JSON (what echoerr-vet -sets collects for echoerr.Describe(e).Reachable)")
}

// state is one package's analysis.
type state struct {
	pass  *analysis.Pass
	prog  *ssa.Program
	pkg   *ssa.Package
	files map[string]bool

	fns        []*ssa.Function
	stores     map[ssa.Value][]*ssa.Store
	capturedAs map[ssa.Value][]*ssa.FreeVar
	closures   map[*ssa.Function][]*ssa.MakeClosure
	callers    map[*ssa.Function][]callSite
	calls      []callSite
	directives map[string][]string

	memo         map[ssa.Value][]Origin
	sums         map[*ssa.Function][]Origin
	ruleMemo     map[ssa.Value][]Rule
	ruleSums     map[*ssa.Function][]Rule
	nodes        map[ssa.Value]*node
	placeholders map[*ssa.Parameter]*node
	methodSeen   map[*ssa.Phi]bool
	busy         map[*ssa.Function]bool
	prevSums     map[*ssa.Function][]Origin
	recursed     bool
	lastTotal    int
	allNodes     []*node
	pkgs         map[string]*types.Package // every package the analyzed one imports, itself included
	nextRule     int
	converted    map[string][]types.Type // concrete types converted to each interface, by the interface's type string
	driverPkgs   []string

	validator bool // the app sets an Echo's Validator
	renderer  bool
}

type callSite struct {
	call *ssa.CallCommon
	pos  token.Pos
	val  ssa.Value // the call's value, nil for go and defer
}

func run(pass *analysis.Pass) (_ any, err error) {
	if !analyzed(pass) {
		return nil, nil
	}
	defer func() {
		// Whatever code it reads, the analyzer fails with an error naming
		// the package, never a crash of go vet.
		if r := recover(); r != nil {
			err = fmt.Errorf("echoerr-vet: internal error in %s: %v", pass.Pkg.Path(), r)
		}
	}()
	s := newState(pass)
	s.findDrivers()
	s.fixpoint()
	s.exportFacts()
	s.report()
	return nil, nil
}

// analyzed reports whether the analyzer reads a package: the app's own
// (its main module's, or a module it replaces with a directory: not from
// the module cache nor vendored) and the echoerr kits. Other packages are
// libraries: Table says what they return.
func analyzed(pass *analysis.Pass) bool {
	path := pass.Pkg.Path()
	if len(pass.Files) == 0 {
		return false
	}
	for _, p := range ownModules {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	if isLibrary(path) {
		return false
	}
	file := pass.Fset.File(pass.Files[0].Pos()).Name()
	return !strings.HasPrefix(file, modCache) && !strings.Contains(filepath.ToSlash(file), "/vendor/")
}

// modCache is the module cache's directory, with a trailing separator.
var modCache = func() string {
	dir := os.Getenv("GOMODCACHE")
	if dir == "" {
		gopath := os.Getenv("GOPATH")
		if gopath == "" {
			home, _ := os.UserHomeDir()
			gopath = filepath.Join(home, "go")
		}
		dir = filepath.Join(strings.Split(gopath, string(os.PathListSeparator))[0], "pkg", "mod")
	}
	return filepath.Clean(dir) + string(filepath.Separator)
}()

// inTest reports whether pos is in a _test.go file: go vet analyzes a
// package with its tests, whose apps are not the app's.
func (s *state) inTest(pos token.Pos) bool {
	f := s.pass.Fset.File(pos)
	return f != nil && strings.HasSuffix(f.Name(), "_test.go")
}

func newState(pass *analysis.Pass) *state {
	prog := ssa.NewProgram(pass.Fset, ssa.InstantiateGenerics)
	created := map[*types.Package]bool{}
	var create func([]*types.Package)
	create = func(ps []*types.Package) {
		for _, p := range ps {
			if !created[p] {
				created[p] = true
				prog.CreatePackage(p, nil, nil, true)
				create(p.Imports())
			}
		}
	}
	create(pass.Pkg.Imports())
	pkg := prog.CreatePackage(pass.Pkg, pass.Files, pass.TypesInfo, false)
	pkg.Build()
	s := &state{
		pass: pass, prog: prog, pkg: pkg, files: map[string]bool{},
		stores: map[ssa.Value][]*ssa.Store{}, capturedAs: map[ssa.Value][]*ssa.FreeVar{},
		closures: map[*ssa.Function][]*ssa.MakeClosure{}, callers: map[*ssa.Function][]callSite{},
		directives: map[string][]string{}, converted: map[string][]types.Type{},
		memo: map[ssa.Value][]Origin{}, sums: map[*ssa.Function][]Origin{},
		ruleMemo: map[ssa.Value][]Rule{}, ruleSums: map[*ssa.Function][]Rule{},
		nodes: map[ssa.Value]*node{}, pkgs: map[string]*types.Package{}, placeholders: map[*ssa.Parameter]*node{}, methodSeen: map[*ssa.Phi]bool{}, busy: map[*ssa.Function]bool{},
	}
	for _, f := range pass.Files {
		s.files[pass.Fset.File(f.Pos()).Name()] = true
		s.readDirectives(f)
	}
	var all func(*types.Package)
	all = func(p *types.Package) {
		if s.pkgs[p.Path()] != nil {
			return
		}
		s.pkgs[p.Path()] = p
		for _, q := range p.Imports() {
			all(q)
		}
	}
	all(pass.Pkg)
	s.collect()
	return s
}

// readDirectives reads //echoerr:returns lines.
func (s *state) readDirectives(f *ast.File) {
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			text, ok := strings.CutPrefix(c.Text, "//echoerr:returns ")
			if !ok {
				continue
			}
			fields := strings.Fields(text)
			if len(fields) == 0 {
				continue
			}
			// Items are space separated; an option (status=, if=, fault)
			// belongs to the item before it.
			var items []string
			for _, fl := range fields[1:] {
				if len(items) > 0 && (strings.Contains(fl, "=") && !strings.HasPrefix(fl, "=") || fl == "fault") {
					items[len(items)-1] += " " + fl
					continue
				}
				items = append(items, fl)
			}
			s.directives[fields[0]] = append(s.directives[fields[0]], items...)
		}
	}
}

// collect indexes the package's functions: stores, closures, calls.
func (s *state) collect() {
	seen := map[*ssa.Function]bool{}
	var add func(fn *ssa.Function)
	add = func(fn *ssa.Function) {
		if fn == nil || seen[fn] || len(fn.Blocks) == 0 {
			return
		}
		seen[fn] = true
		s.fns = append(s.fns, fn)
		for _, a := range fn.AnonFuncs {
			add(a)
		}
	}
	for _, m := range s.pkg.Members {
		switch m := m.(type) {
		case *ssa.Function:
			add(m)
		case *ssa.Type:
			for _, t := range []types.Type{m.Type(), types.NewPointer(m.Type())} {
				ms := s.prog.MethodSets.MethodSet(t)
				for i := 0; i < ms.Len(); i++ {
					add(s.prog.MethodValue(ms.At(i)))
				}
			}
		}
	}
	for i := 0; i < len(s.fns); i++ {
		fn := s.fns[i]
		for _, b := range fn.Blocks {
			for _, ins := range b.Instrs {
				switch ins := ins.(type) {
				case *ssa.Store:
					s.stores[ins.Addr] = append(s.stores[ins.Addr], ins)
					if fa, ok := ins.Addr.(*ssa.FieldAddr); ok && isEchoType(fa.X.Type()) {
						switch fieldName(fa.X.Type(), fa.Field) {
						case "Validator":
							s.validator = true
						case "Renderer":
							s.renderer = true
						}
					}
				case *ssa.MakeInterface:
					if types.IsInterface(ins.Type()) && !types.IsInterface(ins.X.Type()) {
						k := typeString(ins.Type())
						s.converted[k] = append(s.converted[k], ins.X.Type())
					}
				case *ssa.MakeClosure:
					fnc := ins.Fn.(*ssa.Function)
					s.closures[fnc] = append(s.closures[fnc], ins)
					for j, b := range ins.Bindings {
						if j < len(fnc.FreeVars) {
							s.capturedAs[b] = append(s.capturedAs[b], fnc.FreeVars[j])
						}
					}
					add(fnc)
				case ssa.CallInstruction:
					c := ins.Common()
					var v ssa.Value
					if call, ok := ins.(*ssa.Call); ok {
						v = call
					}
					s.calls = append(s.calls, callSite{c, ins.Pos(), v})
					if callee := c.StaticCallee(); callee != nil {
						s.callers[callee] = append(s.callers[callee], callSite{c, ins.Pos(), v})
						if len(callee.Blocks) > 0 && callee.Pkg == s.pkg {
							add(callee)
						}
					}
					for _, a := range c.Args {
						if f, ok := a.(*ssa.Function); ok && f.Pkg == s.pkg {
							add(f)
						}
					}
				}
			}
		}
	}
}

func isEchoType(t types.Type) bool { return recvKindOf(t) == kEcho }

// exportFacts exports what the package's exported functions and methods
// return, and the rules its exported functions and variables make.
func (s *state) exportFacts() {
	for _, fn := range s.fns {
		obj, ok := fn.Object().(*types.Func)
		if !ok || fn.Parent() != nil || fn.Origin() != nil || fn.Synthetic != "" || obj.Pkg() != s.pass.Pkg {
			continue
		}
		if sig := fn.Signature; resultIndex(sig) >= 0 {
			sum := s.summary(fn)
			if len(sum) > 0 {
				s.pass.ExportObjectFact(obj, &returnsFact{Origins: s.portable(sum)})
			}
		}
		if returnsRules(fn.Signature) {
			if rs := s.ruleSummary(fn); len(rs) > 0 {
				s.pass.ExportObjectFact(obj, &rulesFact{Rules: s.portableRules(rs)})
			}
		}
	}
	for _, m := range s.pkg.Members {
		g, ok := m.(*ssa.Global)
		if !ok {
			continue
		}
		if key := s.localSentinelKey(g); key != "" && g.Object() != nil {
			s.pass.ExportObjectFact(g.Object(), &sentinelFact{Key: key})
		}
		if !isRulesType(g.Type().(*types.Pointer).Elem()) {
			continue
		}
		var rs []Rule
		for _, st := range s.stores[g] {
			rs = append(rs, s.rules(st.Val)...)
		}
		if len(rs) > 0 {
			s.pass.ExportObjectFact(g.Object(), &rulesFact{Rules: s.portableRules(rs)})
		}
	}
}

// localSentinelKey returns the key of a package-level error variable of
// this package made by errors.New or fmt.Errorf with a constant, or "".
func (s *state) localSentinelKey(g *ssa.Global) string {
	for _, st := range s.stores[g] {
		c, ok := underlyingArg(st.Val).(*ssa.Call)
		if !ok {
			if mi, ok := st.Val.(*ssa.MakeInterface); ok {
				c, ok = mi.X.(*ssa.Call)
				if !ok {
					continue
				}
			} else {
				continue
			}
		}
		fn := c.Common().StaticCallee()
		if fn == nil {
			continue
		}
		switch fnKey(fn) {
		case "errors.New":
			if text, ok := constString(c.Common().Args[0]); ok {
				return "*errors.errorString:" + text
			}
		case "fmt.Errorf":
			if text, ok := constString(c.Common().Args[0]); ok && !strings.Contains(text, "%") {
				return "*errors.errorString:" + text
			}
		}
	}
	return ""
}

// sentinelKey returns the key of the sentinel "pkg.Var", or "".
func (s *state) sentinelKey(name string) string {
	if k, ok := SentinelTexts[name]; ok {
		return k
	}
	dot := strings.LastIndexByte(name, '.')
	if dot < 0 {
		return ""
	}
	if name[:dot] == s.pass.Pkg.Path() {
		if g, ok := s.pkg.Members[name[dot+1:]].(*ssa.Global); ok {
			return s.localSentinelKey(g)
		}
		return ""
	}
	if p := s.pkgs[name[:dot]]; p != nil {
		if obj := p.Scope().Lookup(name[dot+1:]); obj != nil {
			var f sentinelFact
			if s.pass.ImportObjectFact(obj, &f) {
				return f.Key
			}
		}
	}
	return ""
}

// portable readies origins for a fact: placeholders of a closure's
// parameters, which importers cannot fill, are left out.
func (s *state) portable(os []Origin) []Origin {
	out := make([]Origin, 0, len(os))
	for _, o := range os {
		if o.Param > 0 && o.paramOf != nil && o.paramOf.Object() != nil && o.paramOf.Parent() != nil {
			continue // a closure's: not expressible to importers
		}
		o.paramOf, o.args = nil, nil
		out = append(out, o)
	}
	return out
}

func (s *state) portableRules(rs []Rule) []Rule {
	out := make([]Rule, len(rs))
	for i, r := range rs {
		r.pos = token.NoPos
		out[i] = r
	}
	return out
}

// lookupType finds a named type "pkg.Name" among the packages the analyzed
// one imports.
func (s *state) lookupType(name string) types.Type {
	dot := strings.LastIndexByte(name, '.')
	if dot < 0 {
		return nil
	}
	p := s.pkgs[name[:dot]]
	if p == nil {
		return nil
	}
	obj, ok := p.Scope().Lookup(name[dot+1:]).(*types.TypeName)
	if !ok {
		return nil
	}
	return obj.Type()
}

// implementations returns the methods named name of the app's types (the
// analyzed package and the packages it imports that are not libraries)
// that implement the interface t.
func (s *state) implementations(t types.Type, name string) []*ssa.Function {
	iface, ok := t.Underlying().(*types.Interface)
	if !ok {
		return nil
	}
	var paths []string
	for p := range s.pkgs {
		if !isLibrary(p) {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	var out []*ssa.Function
	for _, path := range paths {
		p := s.pkgs[path]
		for _, n := range p.Scope().Names() {
			tn, ok := p.Scope().Lookup(n).(*types.TypeName)
			if !ok || tn.IsAlias() || types.IsInterface(tn.Type()) {
				continue
			}
			if nt, ok := tn.Type().(*types.Named); ok && nt.TypeParams().Len() > 0 {
				continue
			}
			for _, typ := range []types.Type{tn.Type(), types.NewPointer(tn.Type())} {
				if !types.Implements(typ, iface) {
					continue
				}
				sel := s.prog.MethodSets.MethodSet(typ).Lookup(p, name)
				if sel == nil {
					for i := 0; i < s.prog.MethodSets.MethodSet(typ).Len(); i++ {
						if m := s.prog.MethodSets.MethodSet(typ).At(i); m.Obj().Name() == name {
							sel = m
						}
					}
				}
				if sel != nil {
					if fn := s.prog.MethodValue(sel); fn != nil {
						out = append(out, fn)
					}
				}
				break
			}
		}
	}
	return out
}

// findDrivers finds the database/sql drivers the package's program
// imports: its own files' imports (a driver's blank import), and what the
// packages it imports found; and exports them for its importers.
func (s *state) findDrivers() {
	found := map[string]bool{}
	for _, f := range s.pass.Files {
		for _, imp := range f.Imports {
			if path := strings.Trim(imp.Path.Value, `"`); Drivers[path] != nil {
				found[path] = true
			}
		}
	}
	for _, pf := range s.pass.AllPackageFacts() {
		if f, ok := pf.Fact.(*driversFact); ok {
			for _, d := range f.Drivers {
				found[d] = true
			}
		}
	}
	for d := range found {
		s.driverPkgs = append(s.driverPkgs, d)
	}
	sort.Strings(s.driverPkgs)
	if len(s.driverPkgs) > 0 {
		s.pass.ExportPackageFact(&driversFact{Drivers: s.driverPkgs})
	}
}

// drivers returns the errors of the database/sql drivers the package's
// program imports.
func (s *state) drivers() []Elem {
	var out []Elem
	for _, p := range s.driverPkgs {
		for _, raw := range Drivers[p] {
			out = append(out, parseItem(raw).elem)
		}
	}
	return out
}
