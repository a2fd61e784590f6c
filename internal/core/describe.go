package core

import (
	"cmp"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strings"
)

// CompareRoutes orders routes as REST tables list them: by path, then GET,
// HEAD, POST, PUT, PATCH, DELETE, OPTIONS, then other methods by name.
func CompareRoutes(pathA, methodA, pathB, methodB string) int {
	return cmp.Or(strings.Compare(pathA, pathB), methodOrder(methodA)-methodOrder(methodB), strings.Compare(methodA, methodB))
}

// RouteOf describes one route whose innermost level is start (nil when no
// namespace or route rule covers it: the app's rules only).
func (h *Core[C]) RouteOf(host, method, path string, start *Level[C], routing Routing) RouteAnswers {
	chain := chainOf(start)
	ra := RouteAnswers{Host: host, Method: method, Path: path, Formats: h.formatsOf(chain)}
	for _, l := range chain {
		if !l.IsRoute() {
			ra.Namespace = l.name
			break
		}
	}
	ra.Answers = h.answersOf(chain, false, routing)
	h.examples(chain, method, path, ra.Answers)
	return ra
}

// examples fills the Example of each answer whose body echoerr writes,
// when the format of the chain has a Body: what Body builds for it, for a
// request of the route (a panicking Body gives none).
func (h *Core[C]) examples(chain []*Level[C], method, path string, answers []Answer) {
	f := h.formatOfChain(chain)
	if f.Body == nil {
		if f.OmitMessage {
			// The JSON body has no message: document what it has, the
			// fields (an envelope kept in Fields), not "message".
			for i := range answers {
				if answers[i].Kind != Handled && answers[i].Status != 0 {
					body := map[string]any{}
					for k, v := range answers[i].Fields {
						if k != "message" {
							body[k] = v
						}
					}
					answers[i].Example = body
				}
			}
		}
		return
	}
	req, err := http.NewRequest(method, "http://example.invalid"+NormalizePath(path), nil)
	if err != nil {
		req = &http.Request{Method: method, Header: http.Header{}}
	}
	for i := range answers {
		if answers[i].Kind == Handled || answers[i].Status == 0 {
			continue
		}
		a := answers[i]
		if f.OmitMessage {
			a.Message = ""
		}
		answers[i].Example = callBody(f.Body, req, a)
	}
}

// callBody calls a Format's Body, a panic giving nil.
func callBody(body func(*http.Request, Answer) any, r *http.Request, a Answer) (v any) {
	defer func() {
		if p := recover(); p != nil {
			rethrowAbort(p)
			v = nil
		}
	}()
	return body(r, a)
}

// formatOfChain is the format that applies to a chain of levels.
func (h *Core[C]) formatOfChain(chain []*Level[C]) *Format {
	for _, l := range chain {
		if f := l.format.Load(); f != nil {
			return f
		}
	}
	if h != nil {
		return &h.format
	}
	return &Format{}
}

// PrefixOf describes the answers of the namespace lv to the router's 404
// and 405 under its prefix.
func (h *Core[C]) PrefixOf(host string, lv *Level[C], routing Routing) PrefixAnswers {
	chain := chainOf(lv)
	pa := PrefixAnswers{Host: host, Prefix: lv.name, Formats: h.formatsOf(chain), Answers: h.answersOf(chain, true, routing)}
	h.examples(chain, http.MethodGet, NormalizePath(lv.name)+"/", pa.Answers)
	return pa
}

// methodOrder sorts methods as REST tables list them.
func methodOrder(m string) int {
	if i := slices.Index([]string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}, m); i >= 0 {
		return i
	}
	return 100
}

// chainOf returns the levels from start outward, the app left out.
func chainOf[C any](start *Level[C]) []*Level[C] {
	var chain []*Level[C]
	for l := start; l != nil; l = l.parent {
		chain = append(chain, l)
	}
	return chain
}

// rulesCopy returns a copy of a level's rules.
func (l *Level[C]) rulesCopy() []*rule[C] {
	if l.rulesOf != nil {
		l = l.rulesOf
	}
	l.ix.mu.Lock()
	defer l.ix.mu.Unlock()
	return slices.Clone(l.rules)
}

// formatsOf returns the media types the innermost level's format writes.
func (h *Core[C]) formatsOf(chain []*Level[C]) Formats {
	f := h.formatOfChain(chain)
	json := "application/json"
	if f.Body != nil && f.BodyType != "" {
		json = f.BodyType
	}
	first := json
	other := mimeProblemJSON
	if f.Problem {
		first, other = other, json
	}
	out := Formats{first}
	if !f.NoNegotiation {
		out = append(out, other)
		if f.HTML {
			out = append(out, "text/html")
		}
	}
	return out
}

// ruleKey identifies what a rule matches, so that an inner level's rule
// hides an outer one's; guarded rules hide nothing.
func ruleKey[C any](r *rule[C]) any {
	switch {
	case r.guard != nil:
		return r
	case r.kind == kindType:
		return r.typ
	case r.kind == kindSentinel:
		if strictlyComparable(reflect.TypeOf(r.target)) {
			return r.target
		}
		return r
	case r.kind == kindStatus:
		return r.code
	case r.kind == kindCatchAll:
		return "catch-all"
	}
	return r
}

// AnswersOf lists the answers of the levels of chain, then the app's:
// innermost first, each level's rules in registration order, hidden rules
// left out; then echoerr's default 500 (or, for a prefix, its 404 and 405)
// unless a rule takes those.
//
// routing reports whether an error of the router's 404 or 405 matches a
// type (t, an interface when iface) or a sentinel (target); h may be nil
// when the app's rules are unknown.
func (h *Core[C]) answersOf(chain []*Level[C], prefix bool, routing Routing) []Answer {
	type levelRules struct {
		name  string
		route bool // a route's own rules
		rules []*rule[C]
	}
	var levels []levelRules
	for _, l := range chain {
		levels = append(levels, levelRules{l.name, l.rulesOf != nil, l.rulesCopy()})
	}
	if h != nil {
		levels = append(levels, levelRules{"app", false, h.app.rulesCopy()})
	}
	seen := map[any]bool{}
	var out []Answer
	taken := map[int]bool{}
	catchAll := false
	for _, lv := range levels {
		// A later rule of one level replaces an earlier one for the same key.
		last := map[any]*rule[C]{}
		for _, r := range lv.rules {
			last[ruleKey(r)] = r
		}
		for _, r := range lv.rules {
			k := ruleKey(r)
			if last[k] != r || seen[k] {
				continue
			}
			seen[k] = true
			if prefix && !answersRouting(r, routing) {
				continue
			}
			if !prefix && r.kind == kindStatus && (r.code == http.StatusNotFound || r.code == http.StatusMethodNotAllowed) && !lv.route {
				// A namespace's or the app's rule for the router's own
				// statuses: listed with the prefixes, not with every route.
				continue
			}
			if r.kind == kindCatchAll {
				catchAll = true
			}
			if r.kind == kindStatus {
				taken[r.code] = true
			}
			out = append(out, answersOfRule(r, lv.name)...)
		}
	}
	var defaults []Answer
	if prefix {
		defaults = []Answer{
			{Status: http.StatusNotFound, Message: statusText(http.StatusNotFound)},
			{Status: http.StatusMethodNotAllowed, Message: statusText(http.StatusMethodNotAllowed),
				Headers: http.Header{"Allow": {"the path's methods"}}},
		}
	} else {
		defaults = []Answer{{Status: http.StatusInternalServerError, Message: statusText(http.StatusInternalServerError)}}
	}
	for _, a := range defaults {
		if taken[a.Status] || catchAll {
			continue
		}
		a.Kind, a.Level, a.Rule = Default, "app", "default"
		switch a.Status {
		case http.StatusInternalServerError:
			a.Description = "an unexpected error"
		case http.StatusNotFound:
			a.Description = "no route for the path"
		default:
			a.Description = "no route for the method; Allow lists the path's methods"
		}
		out = append(out, a)
	}
	return out
}

// answersRouting reports whether r can answer the router's 404 or 405: a
// rule for those statuses, or one that takes any error.
func answersRouting[C any](r *rule[C], routing Routing) bool {
	switch r.kind {
	case kindStatus:
		return r.code == http.StatusNotFound || r.code == http.StatusMethodNotAllowed
	case kindCatchAll:
		return true
	case kindType:
		for _, e := range routing.Errors {
			if t := reflect.TypeOf(e); r.typ == t || (r.iface && t.Implements(r.typ)) {
				return true
			}
		}
	case kindSentinel:
		for _, e := range routing.Errors {
			if equalTarget(r.target, e) {
				return true
			}
		}
	}
	return false
}

// Routing names the errors an adapter's router answers 404 and 405 with.
type Routing struct {
	Errors []error
}

func answersOfRule[C any](r *rule[C], levelName string) []Answer {
	if levelName == "" {
		levelName = "app"
	}
	base := Answer{Level: levelName, Rule: r.desc, Name: r.name, Key: r.reachKey()}
	if r.doc != nil {
		base.Description = r.doc.description
	}
	if r.entry != nil {
		a := base
		a.Kind = Declared
		a.Status, a.Message = r.entry.ans.status, r.entry.ans.Msg
		a.Fields = maps.Clone(r.entry.ans.fields)
		if len(r.entry.headers) > 0 {
			a.Headers = r.entry.headers.Clone()
		}
		if a.Description == "" {
			a.Description = a.Message
		}
		return []Answer{a}
	}
	base.Kind = Handled
	if r.doc == nil || len(r.doc.statuses) == 0 {
		if base.Description == "" {
			base.Description = "handler rule, answers undocumented"
		}
		return []Answer{base}
	}
	out := make([]Answer, 0, len(r.doc.statuses))
	for _, s := range r.doc.statuses {
		a := base
		a.Status = s
		out = append(out, a)
	}
	return out
}

// IsRoute reports whether l is a route's own level.
func (l *Level[C]) IsRoute() bool { return l.rulesOf != nil }

// Route is one route of an Echo as an adapter lists it for Describe.
type Route struct {
	Host, Method, Path string
	// Any: the route serves every method (Echo v5's RouteAny), and rows
	// for Method are described from its level.
	Any string
}

// DescribeApp builds the description of an app: routes (RouteNotFound
// routes left out by the adapter) in the order CompareRoutes gives within
// each host, hosts in the given order; h is nil when the app's handler is
// not echoerr's.
func DescribeApp[C any](h *Core[C], o *Owners[C], routes []Route, routing Routing) Description {
	d := Description{AppRules: h != nil}
	slices.SortStableFunc(routes, func(a, b Route) int {
		if a.Host != b.Host {
			return 0 // keep the adapter's host order
		}
		return CompareRoutes(a.Path, a.Method, b.Path, b.Method)
	})
	for _, rt := range routes {
		var start *Level[C]
		if o != nil {
			start = o.RouteStart(rt.Host, rt.Method, rt.Path)
			if start == nil && rt.Any != "" {
				start = o.RouteStart(rt.Host, rt.Any, rt.Path)
			}
		}
		d.Routes = append(d.Routes, h.RouteOf(rt.Host, rt.Method, rt.Path, start, routing))
	}
	if o != nil {
		hosts, levels := o.Prefixes()
		for i, host := range hosts {
			for _, lv := range levels[i] {
				d.Prefixes = append(d.Prefixes, h.PrefixOf(host, lv, routing))
			}
		}
	}
	return d
}
