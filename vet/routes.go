package vet

import (
	"encoding/json"
	"fmt"
	"go/token"
	"go/types"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// node is an Echo, an Echo group or an echoerr namespace.
type node struct {
	parent     *node
	prefix     string // the full path prefix
	ns         bool   // an echoerr namespace
	mw         []ssa.Value
	rules      []Rule
	routeRules map[string][]Rule // by "METHOD /full/path"
	appRules   []Rule            // the Echo's: from its HTTPErrorHandler
	echoerr    bool              // the Echo's HTTPErrorHandler is echoerr's
	test       bool              // made in a _test.go file
	param      *ssa.Parameter    // a function's parameter, whose callers are in other packages
	mwErrs     []Origin          // its middleware's errors, when grafted from a fact
}

func (n *node) root() *node {
	for n.parent != nil {
		n = n.parent
	}
	return n
}

// route is one route registration.
type route struct {
	method, path string
	node         *node
	handler      ssa.Value
	mw           []ssa.Value
	pos          token.Pos
	call         ssa.Value
	pre          []Origin // errors known from a fact (a route another package registers)
}

// RouteSet is what one route can answer, as echoerr-vet -sets writes it:
// the rules its errors can trigger, and the errors no rule maps.
type RouteSet struct {
	Method   string   `json:"method"`
	Path     string   `json:"path"`
	Rules    []string `json:"rules"`              // rules its errors trigger ("Declare[*pkg.T]")
	May      []string `json:"may,omitempty"`      // rules that only may match (guarded)
	Unmapped []string `json:"unmapped,omitempty"` // errors that answer 500
	Statuses []int    `json:"statuses,omitempty"` // statuses of errors answered by default
	Errors   []string `json:"errors"`             // every error that can reach echoerr, but faults
	Opaque   []string `json:"opaque,omitempty"`   // sources outside the table

	// What echoerr's answer.Description.Reachable reads (answer.RouteErrors).
	Keys       []string `json:"keys"`                 // the triggered rules' keys (answer.Answer.Key)
	MayKeys    []string `json:"may_keys,omitempty"`   // the keys of rules that only may match
	Incomplete bool     `json:"incomplete,omitempty"` // some error's identity is unknown
}

// receiver kinds of the registration methods.
const (
	kEcho = iota + 1
	kGroup
	kNamespace
)

func recvKind(fn *ssa.Function) int {
	recv := fn.Signature.Recv()
	if recv == nil {
		return 0
	}
	return recvKindOf(recv.Type())
}

var httpMethods = map[string]bool{
	"GET": true, "POST": true, "PUT": true, "DELETE": true, "PATCH": true, "HEAD": true,
	"OPTIONS": true, "CONNECT": true, "TRACE": true, "PROPFIND": true, "REPORT": true, "QUERY": true,
}

// nodeOf returns the Echo, group or namespace a value is.
func (s *state) nodeOf(v ssa.Value) *node {
	return memo(s.nodes, v, func() *node { return s.nodeOf1(v) })
}

func (s *state) nodeOf1(v ssa.Value) *node {
	n := s.nodeOf2(v)
	if n != nil {
		if c, ok := v.(*ssa.Call); ok && s.inTest(c.Pos()) {
			n.test = true
		}
	}
	return n
}

func (s *state) nodeOf2(v ssa.Value) *node {
	switch v := v.(type) {
	case *ssa.Call:
		fn := v.Common().StaticCallee()
		if fn == nil {
			return nil
		}
		args := v.Common().Args
		key := fnKey(fn)
		switch {
		case key == "github.com/labstack/echo/v4.New" || key == "github.com/labstack/echo/v5.New" || key == "github.com/labstack/echo/v5.NewWithConfig":
			return &node{routeRules: map[string][]Rule{}}
		case echoerrFunc(fn) == "Group" && len(args) >= 2:
			parent := s.nodeOf(args[0])
			return s.child(parent, args[1], true, args[2:])
		case fn.Name() == "Group" && recvKind(fn) != 0 && len(args) >= 2:
			parent := s.nodeOf(args[0])
			return s.child(parent, args[1], recvKind(fn) == kNamespace, args[2:])
		case fn.Name() == "Host" && recvKind(fn) == kEcho:
			parent := s.nodeOf(args[0])
			n := s.child(parent, nil, false, args[2:])
			return n
		case len(fn.Blocks) > 0:
			// A function of the app's that returns a group.
			for _, r := range returns(fn) {
				for _, res := range r.Results {
					if n := s.nodeOf(res); n != nil {
						return n
					}
				}
			}
		}
	case *ssa.Phi:
		for _, e := range v.Edges {
			if n := s.nodeOf(e); n != nil {
				return n
			}
		}
	case *ssa.UnOp:
		if v.Op == token.MUL {
			for _, st := range s.storesTo(v.X) {
				if n := s.nodeOf(st.Val); n != nil {
					return n
				}
			}
			if g, ok := v.X.(*ssa.Global); ok {
				for _, st := range s.stores[g] {
					if n := s.nodeOf(st.Val); n != nil {
						return n
					}
				}
			}
		}
	case *ssa.Parameter:
		for _, a := range s.argsFor(v) {
			if n := s.nodeOf(a); n != nil {
				return n
			}
		}
		return s.placeholder(v)
	case *ssa.FreeVar:
		for _, b := range s.bindings(v) {
			if n := s.nodeOf(b); n != nil {
				return n
			}
		}
	case *ssa.ChangeType:
		return s.nodeOf(v.X)
	case *ssa.MakeInterface:
		return s.nodeOf(v.X)
	}
	return nil
}

// nodesOf returns every Echo, group or namespace a value can be: a
// parameter is what each call passes. Those made in _test.go files are left
// out unless -tests.
func (s *state) nodesOf(v ssa.Value) []*node {
	var out []*node
	if p, ok := v.(*ssa.Parameter); ok {
		for _, a := range s.argsFor(p) {
			for _, n := range s.nodesOf(a) {
				if !slices.Contains(out, n) {
					out = append(out, n)
				}
			}
		}
		if len(out) == 0 {
			if n := s.placeholder(p); n != nil {
				out = append(out, n)
			}
		}
		return out
	}
	if n := s.nodeOf(v); n != nil && (flagTests || !n.test) {
		out = append(out, n)
	}
	return out
}

// placeholder returns the node a parameter of an Echo, group or namespace
// type stands for when the package has no call that gives it one: the
// routes registered on it go into the function's fact, for the packages
// that call it.
func (s *state) placeholder(p *ssa.Parameter) *node {
	if !isNodeType(p.Type()) || p.Parent().Object() == nil || p.Parent().Parent() != nil {
		return nil
	}
	if n := s.placeholders[p]; n != nil {
		return n
	}
	n := &node{param: p, routeRules: map[string][]Rule{}, ns: recvKindOf(p.Type()) == kNamespace}
	s.placeholders[p] = n
	s.allNodes = append(s.allNodes, n)
	return n
}

func isNodeType(t types.Type) bool { return recvKindOf(t) != 0 }

func recvKindOf(t types.Type) int {
	switch typeString(t) {
	case "*github.com/labstack/echo/v4.Echo", "*github.com/labstack/echo/v5.Echo":
		return kEcho
	case "*github.com/labstack/echo/v4.Group", "*github.com/labstack/echo/v5.Group":
		return kGroup
	case "*" + pkgV4 + ".Namespace", "*" + pkgV5 + ".Namespace":
		return kNamespace
	}
	return 0
}

func (s *state) child(parent *node, prefix ssa.Value, ns bool, mw []ssa.Value) *node {
	if parent == nil {
		parent = &node{routeRules: map[string][]Rule{}}
	}
	p := ""
	if prefix != nil {
		var ok bool
		if p, ok = constString(prefix); !ok {
			p = "/{?}"
		}
	}
	n := &node{parent: parent, prefix: parent.prefix + p, ns: ns, routeRules: map[string][]Rule{}}
	s.allNodes = append(s.allNodes, n)
	if len(mw) > 0 {
		n.mw = append(n.mw, s.elems(mw[0])...)
	}
	return n
}

// scan finds the package's routes and attaches rules and middleware.
func (s *state) scan() []*route {
	var routes []*route
	byCall := map[ssa.Value]*route{}
	for _, c := range s.calls {
		fn := c.call.StaticCallee()
		if fn == nil {
			continue
		}
		args := c.call.Args
		name := fn.Name()
		if o := fn.Origin(); o != nil {
			name = o.Name()
		}
		switch echoerrFunc(fn) {
		case "HandleRoute":
			for _, n := range s.nodesOf(args[0]) {
				if len(args) >= 4 {
					s.addRouteRules(n, args[1], args[2], args[3])
				}
			}
			continue
		case "HandleRouteOf":
			if len(args) >= 3 {
				if r := byCall[args[1]]; r != nil {
					key := r.method + " " + r.path
					r.node.routeRules[key] = append(r.node.routeRules[key], s.rules(args[2])...)
				}
			}
			continue
		case "New", "NewWithConfig":
			continue
		}
		if len(fn.Blocks) == 0 {
			routes = s.graft(routes, c, fn, args)
		}
		k := recvKind(fn)
		if k == 0 || len(args) == 0 {
			continue
		}
		for _, n := range s.nodesOf(args[0]) {
			routes = s.register(routes, byCall, c, n, k, name, args)
		}
	}
	// The Echos' error handlers.
	for addr, sts := range s.stores {
		fa, ok := addr.(*ssa.FieldAddr)
		if !ok || !isEchoType(fa.X.Type()) || fieldName(fa.X.Type(), fa.Field) != "HTTPErrorHandler" {
			continue
		}
		for _, n := range s.nodesOf(fa.X) {
			for _, st := range sts {
				rs, isEchoerr := s.handlerRules(st.Val)
				n.appRules = append(n.appRules, rs...)
				n.echoerr = n.echoerr || isEchoerr
			}
		}
	}
	return routes
}

// register records what one call on a node does: a route, middleware, or
// rules.
func (s *state) register(routes []*route, byCall map[ssa.Value]*route, c callSite, n *node, k int, name string, args []ssa.Value) []*route {
	{
		var methods []string
		var path, h, m ssa.Value
		switch {
		case httpMethods[name] && len(args) >= 3:
			methods, path, h = []string{name}, args[1], args[2]
			if len(args) > 3 {
				m = args[3]
			}
		case name == "Add" && len(args) >= 4:
			meth, _ := constString(args[1])
			methods, path, h = []string{meth}, args[2], args[3]
			if len(args) > 4 {
				m = args[4]
			}
		case name == "Any" && len(args) >= 3:
			methods, path, h = []string{"ANY"}, args[1], args[2]
			if len(args) > 3 {
				m = args[3]
			}
		case name == "Match" && len(args) >= 4:
			for _, e := range s.elems(args[1]) {
				if meth, ok := constString(e); ok {
					methods = append(methods, meth)
				}
			}
			path, h = args[2], args[3]
			if len(args) > 4 {
				m = args[4]
			}
		case name == "Use" || name == "Pre" && k == kEcho:
			if len(args) > 1 {
				n.mw = append(n.mw, s.elems(args[1])...)
			}
			return routes
		case name == "Handle" && k == kNamespace:
			if len(args) > 1 {
				n.rules = append(n.rules, s.rules(args[1])...)
			}
			return routes
		case name == "HandleRoute" && k == kNamespace && len(args) >= 4:
			s.addRouteRules(n, args[1], args[2], args[3])
			return routes
		case name == "ErrorHandler" && k == kNamespace:
			n.rules = append(n.rules, s.newRule(Rule{Kind: "all", Guarded: true, Name: "ErrorHandler"}, c.pos))
			return routes
		default:
			return routes
		}
		if !flagTests && s.inTest(c.pos) {
			return routes
		}
		p, ok := constString(path)
		if !ok {
			p = "{?}"
		}
		var mws []ssa.Value
		if m != nil {
			mws = s.elems(m)
		}
		for _, meth := range methods {
			r := &route{method: meth, path: n.prefix + p, node: n, handler: h, mw: mws, pos: c.pos, call: c.val}
			routes = append(routes, r)
			if c.val != nil {
				byCall[c.val] = r
			}
			for _, ref := range referrersOf(c.val) {
				if ex, ok := ref.(*ssa.Extract); ok {
					byCall[ex] = r
				}
			}
		}
	}
	return routes
}

func referrersOf(v ssa.Value) []ssa.Instruction {
	if v == nil || v.Referrers() == nil {
		return nil
	}
	return *v.Referrers()
}

func (s *state) addRouteRules(n *node, method, path, rules ssa.Value) {
	m, _ := constString(method)
	p, ok := constString(path)
	if !ok {
		p = "{?}"
	}
	key := m + " " + n.prefix + p
	n.routeRules[key] = append(n.routeRules[key], s.rules(rules)...)
}

// handlerRules returns the rules of an echoerr error handler value.
func (s *state) handlerRules(v ssa.Value) ([]Rule, bool) {
	switch v := v.(type) {
	case *ssa.Call:
		fn := v.Common().StaticCallee()
		if fn == nil {
			return nil, false
		}
		switch echoerrFunc(fn) {
		case "New":
			return s.rules(v.Common().Args[0]), true
		case "NewWithConfig":
			return s.configRules(v.Common().Args[0]), true
		}
	case *ssa.MakeClosure:
		// A method value (h.serveError) or a closure: not echoerr's.
	case *ssa.Phi:
		var out []Rule
		any := false
		for _, e := range v.Edges {
			rs, ok := s.handlerRules(e)
			out, any = append(out, rs...), any || ok
		}
		return out, any
	}
	return nil, false
}

// configRules reads the Rules field of an echoerr.Config value.
func (s *state) configRules(v ssa.Value) []Rule {
	ld, ok := v.(*ssa.UnOp)
	if !ok || ld.Op != token.MUL {
		return nil
	}
	var out []Rule
	for _, ref := range referrersOf(ld.X) {
		fa, ok := ref.(*ssa.FieldAddr)
		if !ok || fieldName(fa.X.Type(), fa.Field) != "Rules" {
			continue
		}
		for _, st := range s.stores[fa] {
			out = append(out, s.rules(st.Val)...)
		}
	}
	return out
}

// routeErrs returns the errors a route can give echoerr: its handler's and
// its middleware's (its own, its groups', the Echo's).
func (s *state) routeErrs(r *route) []Origin {
	out := append([]Origin(nil), r.pre...)
	if r.handler != nil {
		out = append(out, s.handlerErrs(r.handler, r.pos)...)
	}
	mws := append([]ssa.Value(nil), r.mw...)
	for n := r.node; n != nil; n = n.parent {
		mws = append(mws, n.mw...)
		for _, o := range n.mwErrs {
			o.pos = r.pos
			out = append(out, o)
		}
	}
	for _, m := range mws {
		out = append(out, s.middlewareErrs(m, r.pos)...)
	}
	return out
}

func (s *state) handlerErrs(h ssa.Value, pos token.Pos) []Origin {
	if c, ok := h.(*ssa.Call); ok {
		// A factory's handler: its parameters are the call's arguments.
		if f := c.Common().StaticCallee(); f != nil && len(f.Blocks) > 0 {
			var out []Origin
			for _, fn := range s.funcs(h) {
				out = append(out, s.substitute(s.apply(fn, nil, pos), f, c.Common().Args, pos, false)...)
			}
			return out
		}
	}
	fns := s.funcs(h)
	if len(fns) == 0 {
		return s.opaque("a handler value", pos)
	}
	var out []Origin
	for _, fn := range fns {
		out = append(out, s.apply(fn, nil, pos)...)
	}
	return out
}

// middlewareErrs returns what a middleware returns of its own: its
// handler's errors (a call of next) are the route's.
func (s *state) middlewareErrs(m ssa.Value, pos token.Pos) []Origin {
	if c, ok := m.(*ssa.Call); ok {
		if fn := c.Common().StaticCallee(); fn != nil {
			if items, ok := Middleware[fnKey(fn)]; ok {
				return s.fromItems(items, c.Common(), c.Pos(), fnKey(fn))
			}
			if fn.Pkg == nil || len(fn.Blocks) == 0 {
				if obj := fn.Object(); obj != nil && obj.Pkg() != nil && isLibrary(obj.Pkg().Path()) {
					return s.opaque("middleware "+shortKey(fnKey(fn)), c.Pos())
				}
			}
		}
	}
	var out []Origin
	mfns := s.funcs(m)
	if len(mfns) == 0 {
		return s.opaque("a middleware value", pos)
	}
	for _, mf := range mfns {
		if len(mf.Blocks) == 0 {
			out = append(out, s.opaque("middleware "+shortKey(fnKey(mf)), pos)...)
			continue
		}
		for _, ret := range returns(mf) {
			for _, res := range ret.Results {
				for _, hf := range s.funcs(res) {
					out = append(out, s.apply(hf, nil, pos)...)
				}
			}
		}
	}
	return out
}

// finding is one line of output.
type finding struct {
	pos  token.Pos
	kind string
	msg  string
}

// report computes every route's findings and reports them.
func (s *state) report() {
	all := s.scan()
	var routes []*route
	for _, r := range all {
		if r.node.root().param == nil {
			routes = append(routes, r)
		}
	}
	s.exportRegistrations(all)
	if len(routes) == 0 {
		return
	}
	drivers := s.drivers()
	hit := map[string]bool{}
	scopes := map[int]string{}
	var rules []Rule
	var findings []finding
	var sets []RouteSet
	for _, r := range routes {
		levels, names := s.levels(r)
		for i, lv := range levels {
			for _, rule := range lv {
				if _, ok := scopes[rule.id]; !ok {
					scopes[rule.id] = names[i]
					rules = append(rules, rule)
				}
			}
		}
		set := RouteSet{Method: r.method, Path: r.path}
		for _, o := range s.expand(s.routeErrs(r), drivers) {
			kind, rs, may := s.classify(o, levels, hit)
			switch {
			case o.Opaque != "":
				set.Opaque = append(set.Opaque, o.String())
				set.Incomplete = true
			case !o.Fault && !(o.Cond == "no-validator" && s.validator) && !(o.Cond == "no-renderer" && s.renderer):
				set.Errors = append(set.Errors, o.String())
			}
			for _, r := range rs {
				set.Rules, set.Keys = append(set.Rules, r.Name), append(set.Keys, r.Key)
				set.Incomplete = set.Incomplete || r.Key == ""
			}
			for _, r := range may {
				set.May, set.MayKeys = append(set.May, r.Name), append(set.MayKeys, r.Key)
				set.Incomplete = set.Incomplete || r.Key == ""
			}
			live := !o.Fault && !(o.Cond == "no-validator" && s.validator) && !(o.Cond == "no-renderer" && s.renderer)
			for _, e := range o.Chain {
				switch {
				case !live:
				case e.Status != 0:
					set.Statuses = append(set.Statuses, e.Status)
				case isHTTPErrorType(e.Type):
					set.Incomplete = true // a status known at run time only
				}
			}
			if kind == "" {
				continue
			}
			if kind == "unmapped" {
				set.Unmapped = append(set.Unmapped, o.String())
			}
			msg := fmt.Sprintf("%s: %s %s: %s", kind, r.method, r.path, o.String())
			if o.Cond != "" {
				msg += " if " + o.Cond
			}
			if len(o.Via) > 0 {
				msg += " (via " + strings.Join(o.Via, ", ") + ")"
			}
			pos := o.pos
			if !s.local(pos) {
				pos = r.pos
			}
			findings = append(findings, finding{pos, kind, msg})
		}
		set.Rules, set.May = uniq(set.Rules), uniq(set.May)
		set.Keys, set.MayKeys = uniq(set.Keys), uniq(set.MayKeys)
		set.Unmapped, set.Errors, set.Opaque = uniq(set.Unmapped), uniq(set.Errors), uniq(set.Opaque)
		sort.Ints(set.Statuses)
		set.Statuses = uniqInts(set.Statuses)
		sets = append(sets, set)
	}
	for _, rule := range rules {
		if hit[ruleSite(rule)] || !s.local(rule.pos) || rule.Kind == "all" || rule.Kind == "status" && routerStatus[rule.Status] {
			continue
		}
		if rule.Kind == "status" && s.anyStatus(routes, drivers, rule.Status) {
			continue
		}
		findings = append(findings, finding{rule.pos, "never-matches", fmt.Sprintf("never-matches: %s: %s", scopes[rule.id], rule.Name)})
	}
	kinds := map[string]bool{}
	for _, k := range strings.Split(flagKinds, ",") {
		kinds[strings.TrimSpace(k)] = true
	}
	seen := map[string]bool{}
	for _, f := range findings {
		if !kinds["all"] && !kinds[f.kind] {
			continue
		}
		key := fmt.Sprint(s.pass.Fset.Position(f.pos).Line, f.msg)
		if seen[key] {
			continue
		}
		seen[key] = true
		s.pass.Report(analysis.Diagnostic{Pos: f.pos, Category: f.kind, Message: f.msg})
	}
	if flagSets {
		// As findings, so that go vet's cache replays them with the rest.
		for i, set := range sets {
			b, err := json.Marshal(set)
			if err == nil {
				s.pass.Report(analysis.Diagnostic{Pos: routes[i].pos, Category: "sets", Message: "sets: " + string(b)})
			}
		}
	}
}

// ruleSite names a rule by what it is and where the app makes or takes
// it: a kit's alternatives (one per return path) are one rule.
func ruleSite(r Rule) string { return fmt.Sprint(r.Name, r.pos) }

// routerStatus are the statuses Echo's router and echoerr's fallback
// answer whatever the handlers return: a rule for one always can match.
var routerStatus = map[int]bool{404: true, 405: true, 500: true}

func (s *state) anyStatus(routes []*route, drivers []Elem, status int) bool {
	for _, r := range routes {
		for _, o := range s.expand(s.routeErrs(r), drivers) {
			for _, e := range o.Chain {
				if e.Status == status || e.Status == 0 && isHTTPErrorType(e.Type) {
					return true
				}
			}
		}
	}
	return false
}

// levels returns the rules that apply to a route, innermost level first,
// and each level's name.
func (s *state) levels(r *route) ([][]Rule, []string) {
	var levels [][]Rule
	var names []string
	key := r.method + " " + r.path
	for n := r.node; n != nil; n = n.parent {
		if rs := n.routeRules[key]; len(rs) > 0 {
			levels, names = append(levels, rs), append(names, key)
		}
	}
	for n := r.node; n != nil; n = n.parent {
		if n.ns {
			levels, names = append(levels, n.rules), append(names, n.prefix)
		}
	}
	levels, names = append(levels, r.node.root().appRules), append(names, "app")
	return levels, names
}

// expand replaces driver placeholders with the drivers' errors.
func (s *state) expand(os []Origin, drivers []Elem) []Origin {
	var out []Origin
	for _, o := range os {
		if o.Param > 0 {
			continue
		}
		if !o.Driver {
			out = append(out, o)
			continue
		}
		if len(drivers) == 0 {
			o.Driver = false
			o.Opaque = "the errors of a database/sql driver this package does not import"
			out = append(out, o)
			continue
		}
		for _, d := range drivers {
			c := o
			c.Driver = false
			c.Chain = []Elem{d}
			out = append(out, c)
		}
	}
	return dedup(out)
}

// classify returns an error's kind of finding ("" when a rule or
// echoerr's defaults answer it), and the rules it triggers.
func (s *state) classify(o Origin, levels [][]Rule, hit map[string]bool) (string, []Rule, []Rule) {
	if o.Opaque != "" {
		return "opaque", nil, nil
	}
	if o.Cond == "no-validator" && s.validator || o.Cond == "no-renderer" && s.renderer || o.Fault && !flagFaults {
		return "", nil, nil
	}
	var may []Rule
	for _, lv := range levels {
		for _, r := range lv {
			for _, e := range o.Chain {
				switch s.matches(r, e) {
				case "yes":
					hit[ruleSite(r)] = true
					return "", []Rule{r}, may
				case "may":
					hit[ruleSite(r)] = true
					may = append(may, r)
				}
			}
		}
	}
	for _, e := range o.Chain {
		if s.defaultStatus(e) != 0 {
			return "", nil, may
		}
	}
	switch {
	case len(may) > 0:
		return "may", nil, may
	case o.Cond != "":
		return "conditional", nil, nil
	case o.Fault && !flagFaults:
		return "", nil, nil
	}
	return "unmapped", nil, nil
}

// defaultStatus returns the status echoerr answers an element with
// without any rule, or 0.
func (s *state) defaultStatus(e Elem) int {
	if e.Sentinel != "" {
		if st := sentinelStatus(e.Sentinel); st != 0 {
			return st
		}
	}
	for _, d := range Defaults {
		if d == e.Type || d == "="+e.Sentinel {
			if e.Status != 0 {
				return e.Status
			}
			return 500 // a status known at run time only
		}
	}
	if e.Type != "" {
		if t := s.resolve(e.Type); t != nil {
			ms := types.NewMethodSet(t)
			for i := 0; i < ms.Len(); i++ {
				if ms.At(i).Obj().Name() == "StatusCode" {
					return 500
				}
			}
		}
	}
	return 0
}

func uniq(ss []string) []string {
	sort.Strings(ss)
	out := ss[:0]
	for i, s := range ss {
		if i == 0 || s != ss[i-1] {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func uniqInts(ns []int) []int {
	out := ns[:0]
	for i, n := range ns {
		if i == 0 || n != ns[i-1] {
			out = append(out, n)
		}
	}
	return out
}
