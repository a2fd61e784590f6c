package echoerr

import (
	"net/http"
	"reflect"
	"strings"

	"github.com/labstack/echo/v4"
)

// A shadowTree is a read-only copy of one shadow router's tree (Echo v4's
// router without the namespaces' catch-alls), walked the way Echo's
// Router.Find walks it, for one answer only: the Allow value Find would
// store, that is whether the router answers 405. It needs no context, no
// pool and no allocation, where a Find on a pooled context costs about as
// much as the rest of the 405 answer.
//
// Echo v4 does not export its tree: newShadowTree reads it by reflection,
// once per shadow set, and returns nil when the fields are not the ones it
// knows (another Echo version); the caller then asks the shadow router
// itself. TestShadowTreeAgreesWithFind compares the two on random tables.
type shadowTree struct {
	root      *tnode
	maxParams int
}

// tnode is one node of a shadowTree, with what Find reads of Echo's node.
type tnode struct {
	kind     uint8 // tStatic, tParam or tAny, as Echo's node kinds
	label    byte
	leaf     bool // no child routes: a :param here takes the rest of the path
	handler  bool // some method has a handler here
	notFound bool // a RouteNotFound route is here
	nparams  int  // parameters of the routes here (the path's :params and *)
	// final: once a path has matched here, Find tries nothing else (no *
	// child here, no :param or * left to try above), so a first match
	// here ends the walk.
	final   bool
	methods uint16
	prefix  string
	parent  *tnode
	statics []*tnode
	param   *tnode
	any     *tnode
	other   map[string]bool // methods outside methodBits
	allow   any             // the Allow value Find stores: the node's allow header
}

// Echo v4's node kinds, in the order of its routing priority.
const (
	tStatic uint8 = iota
	tParam
	tAny
)

// maxTreeParams bounds the parameters a shadowTree walk records; a tree
// with routes of more parameters is left to the shadow router.
const maxTreeParams = 16

// methodNames are the methods Echo's routeMethods holds in fields of their
// own, by field name; bit i of tnode.methods is methodNames[i].
var methodNames = [...]string{
	"connect", "delete", "get", "head", "options", "patch",
	"post", "propfind", "put", "trace", "report",
}

// methodBit returns the bit of method in tnode.methods; 0 for a method
// Echo keeps in its map of other methods.
func methodBit(method string) uint16 {
	switch method {
	case http.MethodGet:
		return 1 << 2
	case http.MethodPost:
		return 1 << 6
	case http.MethodPut:
		return 1 << 8
	case http.MethodDelete:
		return 1 << 1
	case http.MethodPatch:
		return 1 << 5
	case http.MethodHead:
		return 1 << 3
	case http.MethodOptions:
		return 1 << 4
	case http.MethodConnect:
		return 1 << 0
	case http.MethodTrace:
		return 1 << 9
	case echo.PROPFIND:
		return 1 << 7
	case echo.REPORT:
		return 1 << 10
	}
	return 0
}

// has reports whether the node has a handler for method (bit is
// methodBit(method)).
func (n *tnode) has(bit uint16, method string) bool {
	if bit != 0 {
		return n.methods&bit != 0
	}
	return n.other[method]
}

// newShadowTree copies r's tree; nil when r is not the Echo v4 router it
// knows.
func newShadowTree(r *echo.Router) *shadowTree {
	rv := reflect.ValueOf(r).Elem()
	f := rv.FieldByName("tree")
	if !f.IsValid() || f.Kind() != reflect.Pointer || f.IsNil() {
		return nil
	}
	t := &shadowTree{}
	root, ok := t.copy(f.Elem(), nil, 0, 0)
	if !ok || t.maxParams > maxTreeParams {
		return nil
	}
	markFinal(root, false)
	t.root = root
	return t
}

// markFinal sets final on n and below; alt says whether Find, backing out
// of n, still has a :param or * child of some node above to try.
func markFinal(n *tnode, alt bool) {
	n.final = n.kind == tAny || (!alt && n.any == nil)
	for _, c := range n.statics {
		markFinal(c, alt || n.param != nil || n.any != nil)
	}
	if n.param != nil {
		markFinal(n.param, alt || n.any != nil)
	}
	if n.any != nil {
		markFinal(n.any, false) // Find tries nothing after a * node
	}
}

// copy copies the node nv and its children; false when a field is not as
// expected.
func (t *shadowTree) copy(nv reflect.Value, parent *tnode, depth, params int) (*tnode, bool) {
	if nv.Kind() != reflect.Struct || depth > 10000 {
		return nil, false
	}
	if !knownFields(nv, nodeFields) {
		return nil, false
	}
	if f := nv.FieldByName("hasColonChild"); f.IsValid() && (f.Kind() != reflect.Bool || f.Bool()) {
		// An inline verb (Echo v4.16.5's /:name\:verb): Find splits the
		// :param's value at a colon, which this walk does not.
		return nil, false
	}
	field := func(name string, k reflect.Kind) (reflect.Value, bool) {
		v := nv.FieldByName(name)
		return v, v.IsValid() && v.Kind() == k
	}
	methods, ok1 := field("methods", reflect.Pointer)
	_, ok2 := field("parent", reflect.Pointer)
	paramF, ok3 := field("paramChild", reflect.Pointer)
	anyF, ok4 := field("anyChild", reflect.Pointer)
	nf, ok5 := field("notFoundHandler", reflect.Pointer)
	prefix, ok6 := field("prefix", reflect.String)
	statics, ok7 := field("staticChildren", reflect.Slice)
	nparams, ok8 := field("paramsCount", reflect.Int)
	label, ok9 := field("label", reflect.Uint8)
	kind, ok10 := field("kind", reflect.Uint8)
	leaf, ok11 := field("isLeaf", reflect.Bool)
	handler, ok12 := field("isHandler", reflect.Bool)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7 && ok8 && ok9 && ok10 && ok11 && ok12) ||
		methods.IsNil() || kind.Uint() > uint64(tAny) {
		return nil, false
	}
	n := &tnode{
		kind:     uint8(kind.Uint()),
		label:    uint8(label.Uint()),
		leaf:     leaf.Bool(),
		handler:  handler.Bool(),
		notFound: !nf.IsNil(),
		nparams:  int(nparams.Int()),
		prefix:   prefix.String(),
		parent:   parent,
	}
	if n.kind != tStatic {
		params++ // the :params and * on the way to n
		if n.kind == tAny && n.nparams < 1 {
			return nil, false
		}
	}
	t.maxParams = max(t.maxParams, n.nparams, params)
	if !n.readMethods(methods.Elem()) {
		return nil, false
	}
	for i := range statics.Len() {
		c := statics.Index(i)
		if c.Kind() != reflect.Pointer || c.IsNil() {
			return nil, false
		}
		k, ok := t.copy(c.Elem(), n, depth+1, params)
		if !ok {
			return nil, false
		}
		n.statics = append(n.statics, k)
	}
	for _, c := range []struct {
		v  reflect.Value
		to **tnode
	}{{paramF, &n.param}, {anyF, &n.any}} {
		if c.v.IsNil() {
			continue
		}
		k, ok := t.copy(c.v.Elem(), n, depth+1, params)
		if !ok {
			return nil, false
		}
		*c.to = k
	}
	return n, true
}

// The fields of Echo v4's node and routeMethods that the walk reads or
// knows to be without effect on it; a field outside these (a later Echo
// routing on something new) leaves the catch-alls to the shadow router.
var (
	nodeFields = map[string]bool{
		"methods": true, "parent": true, "paramChild": true, "anyChild": true,
		"notFoundHandler": true, "prefix": true, "originalPath": true, "staticChildren": true,
		"paramsCount": true, "label": true, "kind": true, "isLeaf": true, "isHandler": true,
		"hasColonChild": true, // Echo v4.16.5; newShadowTree gives up when one is set
	}
	methodsFields = map[string]bool{
		"connect": true, "delete": true, "get": true, "head": true, "options": true, "patch": true,
		"post": true, "propfind": true, "put": true, "trace": true, "report": true,
		"anyOther": true, "allowHeader": true,
	}
)

// knownFields reports whether every field of the struct v is in known.
func knownFields(v reflect.Value, known map[string]bool) bool {
	t := v.Type()
	for i := range t.NumField() {
		if !known[t.Field(i).Name] {
			return false
		}
	}
	return true
}

// readMethods reads Echo's routeMethods mv: which methods have a handler,
// and the allow header.
func (n *tnode) readMethods(mv reflect.Value) bool {
	if mv.Kind() != reflect.Struct || !knownFields(mv, methodsFields) {
		return false
	}
	for i, name := range methodNames {
		f := mv.FieldByName(name)
		if !f.IsValid() || f.Kind() != reflect.Pointer {
			return false
		}
		if !f.IsNil() {
			if methodBit(strings.ToUpper(name)) != 1<<i {
				return false
			}
			n.methods |= 1 << i
		}
	}
	other, allow := mv.FieldByName("anyOther"), mv.FieldByName("allowHeader")
	if !other.IsValid() || other.Kind() != reflect.Map || !allow.IsValid() || allow.Kind() != reflect.String {
		return false
	}
	if other.Len() > 0 {
		n.other = map[string]bool{}
		for it := other.MapRange(); it.Next(); {
			if !it.Value().IsNil() {
				n.other[it.Key().String()] = true
			}
		}
	}
	if n.handler {
		n.allow = allow.String()
	}
	return true
}

// allow returns the Allow value Echo's Router.Find stores for method and
// path on the tree's router: non-nil when the path has routes for other
// methods only (the router's 405), nil otherwise. It walks the tree as
// Find does (static, then :param, then *, backtracking on a dead end),
// keeping only the lengths of the parameter values, which backtracking
// needs.
func (t *shadowTree) allow(method, path string) any {
	return allowFrom(t.root, 0, methodBit(method), method, path)
}

// allowFrom is allow walking from start, whose parent's path is path[:at],
// and ending when it backs out of start: Find's walk when no node above
// start has a :param or * child (startAt); bit is methodBit(method).
func allowFrom(start *tnode, at int, bit uint16, method, path string) any {
	var (
		cur    = start
		stop   = start.parent
		best   *tnode // the first node whose path matched, for a 405
		search = path[at:]
		np     int // parameters taken
		plen   [maxTreeParams + 1]int
		from   uint8 // the kind of node the walk backs out of
	)
	for {
		if cur.kind == tStatic {
			p := cur.prefix
			if len(search) < len(p) || search[:len(p)] != p {
				from = tStatic
				goto back
			}
			search, at = search[len(p):], at+len(p)
		}
		if search == "" {
			if cur.handler {
				if best == nil {
					best = cur
				}
				if cur.has(bit, method) {
					return nil // a route matched
				}
				if cur.final {
					break
				}
			} else if cur.notFound {
				return nil // the RouteNotFound route matched
			}
		} else if c := cur.staticChild(search[0]); c != nil {
			cur = c
			continue
		}
	param:
		if c := cur.param; c != nil && search != "" {
			i := len(search)
			if !c.leaf {
				i = strings.IndexByte(search, '/')
				if i < 0 {
					i = len(search)
				}
			}
			cur = c
			plen[np] = i
			np++
			search, at = search[i:], at+i
			continue
		}
	anyKind:
		if c := cur.any; c != nil {
			cur = c
			plen[c.nparams-1] = len(search)
			np++
			at += len(search)
			search = ""
			if c.has(bit, method) {
				return nil
			}
			if best == nil {
				best = c
			}
			if c.notFound {
				return nil
			}
		}
		from = tAny
	back:
		// Back out of cur to its parent, and go on with the parent's next
		// kind of child after cur's.
		prev := cur
		cur = prev.parent
		if cur == stop {
			if cur == nil && from == tStatic {
				return nil // Find returns before looking at best
			}
			break
		}
		next := prev.kind + 1
		if prev.kind == tAny {
			next = tStatic
		}
		if from != tStatic {
			if prev.kind == tStatic {
				at -= len(prev.prefix)
			} else {
				np--
				at -= plen[np]
			}
			search = path[at:]
		}
		switch {
		case next == tParam:
			goto param
		case next == tAny:
			goto anyKind
		}
		break
	}
	if best == nil || best.notFound || !best.handler {
		return nil
	}
	return best.allow
}

// onAll returns the methods that every route of the tree able to match a
// path starting with prefix has (bits of tnode.methods): for such a method
// Find never answers 405 under prefix, as whichever route's path matches
// has the method. Routes are counted in a node's whole subtree where the
// prefix ends, and under every :param and * that Find may try on the way
// to it; the part of prefix from its first :param or * on is not read.
func (t *shadowTree) onAll(prefix string) uint16 {
	if i := strings.IndexAny(prefix, ":*"); i >= 0 {
		prefix = prefix[:i]
	}
	mask := uint16(1)<<len(methodNames) - 1
	var all func(n *tnode)
	all = func(n *tnode) {
		if n.handler {
			mask &= n.methods
		}
		for _, c := range n.statics {
			all(c)
		}
		for _, c := range []*tnode{n.param, n.any} {
			if c != nil {
				all(c)
			}
		}
	}
	for n, rest := t.root, prefix; n != nil; {
		p := n.prefix
		if n.kind != tStatic || len(rest) <= len(p) {
			if n.kind != tStatic || strings.HasPrefix(p, rest) {
				all(n)
			}
			break
		}
		if !strings.HasPrefix(rest, p) {
			break // no path under prefix gets past n
		}
		if n.handler {
			mask &= n.methods
		}
		for _, c := range []*tnode{n.param, n.any} {
			if c != nil {
				all(c)
			}
		}
		rest = rest[len(p):]
		n = n.staticChild(rest[0])
	}
	return mask
}

// startAt returns where a walk for a path that starts with prefix may
// begin (allowFrom): the deepest node whose path prefix covers, with the
// length of its parent's path, when no node above it has a :param or *
// child (Find would try them only after it, and they may match); else the
// root. The part of prefix from its first :param or * on is not read.
func (t *shadowTree) startAt(prefix string) (*tnode, int) {
	if i := strings.IndexAny(prefix, ":*"); i >= 0 {
		prefix = prefix[:i]
	}
	start, at := t.root, 0
	for n, done := t.root, 0; n != nil && n.kind == tStatic; {
		end := done + len(n.prefix)
		if end > len(prefix) || prefix[done:end] != n.prefix {
			break
		}
		start, at = n, done
		if n.param != nil || n.any != nil || end == len(prefix) {
			break // below n, Find would back out into these first
		}
		n, done = n.staticChild(prefix[end]), end
	}
	return start, at
}

// staticChild returns the static child whose prefix starts with label.
func (n *tnode) staticChild(label byte) *tnode {
	for _, c := range n.statics {
		if c.label == label {
			return c
		}
	}
	return nil
}
