package vet

import (
	"go/token"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// routesFact is what an exported function registers on the Echo, group or
// namespace its callers pass: the groups and namespaces it makes under it,
// their rules and middleware's errors, and the routes with their errors.
type routesFact struct {
	Nodes  []regNode
	Routes []regRoute
}

func (*routesFact) AFact() {}

func (f *routesFact) String() string {
	var s []string
	for _, r := range f.Routes {
		s = append(s, r.Method+" "+r.Path)
	}
	return "routes " + strings.Join(s, ", ")
}

// regNode is a node of a routesFact: a parameter (Parent -1), or a group
// or namespace made under another node.
type regNode struct {
	Parent     int
	Param      int    // a root's parameter index
	Prefix     string // relative to the parent
	NS         bool
	Rules      []Rule
	RouteRules []regRules // relative to the root
	MwErrs     []Origin
}

type regRules struct {
	Method, Path string // Path relative to the root
	Rules        []Rule
}

// regRoute is a route of a routesFact, its path relative to its root.
type regRoute struct {
	Node         int
	Method, Path string
	Errs         []Origin
}

// exportRegistrations exports, for each function whose parameters stand
// for the nodes its callers pass, what it registers on them.
func (s *state) exportRegistrations(routes []*route) {
	byFn := map[*ssa.Function]*routesFact{}
	index := map[*node]int{}
	var order []*ssa.Function
	var add func(n *node) (int, *routesFact)
	add = func(n *node) (int, *routesFact) {
		root := n.root()
		if root.param == nil {
			return -1, nil
		}
		fn := root.param.Parent()
		f := byFn[fn]
		if f == nil {
			f = &routesFact{}
			byFn[fn] = f
			order = append(order, fn)
		}
		if i, ok := index[n]; ok {
			return i, f
		}
		rn := regNode{Parent: -1, Prefix: n.prefix, NS: n.ns, Rules: s.portableRules(n.rules)}
		if n.param != nil {
			rn.Param = paramIndex(n.param)
		} else {
			pi, _ := add(n.parent)
			rn.Parent = pi
			rn.Prefix = strings.TrimPrefix(n.prefix, n.parent.prefix)
		}
		for key, rs := range n.routeRules {
			method, path, _ := strings.Cut(key, " ")
			rn.RouteRules = append(rn.RouteRules, regRules{Method: method, Path: path, Rules: s.portableRules(rs)})
		}
		var mw []Origin
		for _, m := range n.mw {
			mw = append(mw, s.middlewareErrs(m, token.NoPos)...)
		}
		rn.MwErrs = s.portable(append(mw, n.mwErrs...))
		f.Nodes = append(f.Nodes, rn)
		index[n] = len(f.Nodes) - 1
		return index[n], f
	}
	for _, n := range s.allNodes {
		add(n)
	}
	for _, r := range routes {
		i, f := add(r.node)
		if f == nil {
			continue
		}
		errs := append([]Origin(nil), r.pre...)
		if r.handler != nil {
			errs = append(errs, s.handlerErrs(r.handler, r.pos)...)
		}
		for _, m := range r.mw {
			errs = append(errs, s.middlewareErrs(m, r.pos)...)
		}
		var kept []Origin
		for _, o := range s.portable(dedup(errs)) {
			if o.Param == 0 {
				kept = append(kept, o)
			}
		}
		f.Routes = append(f.Routes, regRoute{Node: i, Method: r.method, Path: r.path, Errs: kept})
	}
	for _, fn := range order {
		if obj := fn.Object(); obj != nil && obj.Pkg() == s.pass.Pkg {
			s.pass.ExportObjectFact(obj, byFn[fn])
		}
	}
}

// graft adds what a call of an imported function registers (its
// routesFact) under the nodes the call passes.
func (s *state) graft(routes []*route, c callSite, fn *ssa.Function, args []ssa.Value) []*route {
	f := fn
	if o := fn.Origin(); o != nil {
		f = o
	}
	obj := f.Object()
	if obj == nil {
		return routes
	}
	var fact routesFact
	if !s.pass.ImportObjectFact(obj, &fact) {
		return routes
	}
	if !flagTests && s.inTest(c.pos) {
		return routes
	}
	// Each root may be several nodes (a parameter passed on): graft the
	// fact once per root node.
	var roots [][]*node
	for _, rn := range fact.Nodes {
		if rn.Parent == -1 && rn.Param < len(args) {
			roots = append(roots, s.nodesOf(args[rn.Param]))
		}
	}
	if len(roots) == 0 {
		return routes
	}
	for _, target := range roots[0] {
		mapped := make([]*node, len(fact.Nodes))
		base := map[int]*node{}
		for i, rn := range fact.Nodes {
			var n *node
			switch {
			case rn.Parent == -1:
				n = target
				base[i] = target
			case mapped[rn.Parent] != nil:
				p := mapped[rn.Parent]
				n = &node{parent: p, prefix: p.prefix + rn.Prefix, ns: rn.NS, routeRules: map[string][]Rule{}}
				s.allNodes = append(s.allNodes, n)
				base[i] = base[rn.Parent]
			default:
				continue
			}
			mapped[i] = n
			n.rules = append(n.rules, s.imported(rn.Rules, c.pos)...)
			for _, rr := range rn.RouteRules {
				key := rr.Method + " " + base[i].prefix + rr.Path
				n.routeRules[key] = append(n.routeRules[key], s.imported(rr.Rules, c.pos)...)
			}
			n.mwErrs = append(n.mwErrs, rn.MwErrs...)
		}
		for _, rr := range fact.Routes {
			n := mapped[rr.Node]
			if n == nil {
				continue
			}
			routes = append(routes, &route{method: rr.Method, path: base[rr.Node].prefix + rr.Path, node: n, pos: c.pos, pre: rr.Errs})
		}
	}
	return routes
}

// imported gives rules from a fact ids and the position where the app
// takes them.
func (s *state) imported(rs []Rule, pos token.Pos) []Rule {
	out := make([]Rule, len(rs))
	for i, r := range rs {
		r.pos = pos
		s.nextRule++
		r.id = s.nextRule
		out[i] = r
	}
	return out
}
