package core

import (
	"sync/atomic"
)

// Level is one place where rules are registered: the app, a namespace or a
// route. Registration appends rules and drops the index; the request path
// reads the index, built once after each change, without locking.
type Level[C any] struct {
	parent *Level[C]
	name   string // the namespace's prefix; "" for the app

	rules  []*rule[C] // guarded by ix's lock
	ix     Snapshot[index[C]]
	format atomic.Pointer[Format] // nil: the parent's

	// rulesOf, for the level of one route as a route table places it
	// under the route's namespace, is the level that holds its rules.
	rulesOf *Level[C]
}

// NewLevel returns a level named name (a namespace's prefix, a route's
// "METHOD path") under parent (nil: directly under the app).
func NewLevel[C any](parent *Level[C], name string) *Level[C] {
	return &Level[C]{parent: parent, name: name}
}

// Under returns a level for the same rules as l, placed under parent: a
// route's level as a route table places it under the route's namespace.
func (l *Level[C]) Under(parent *Level[C]) *Level[C] {
	return &Level[C]{parent: parent, name: l.name, rulesOf: l}
}

// Name returns the level's name; "" for the app.
func (l *Level[C]) Name() string { return l.name }

// Parent returns the enclosing level; nil under the app.
func (l *Level[C]) Parent() *Level[C] { return l.parent }

// Own returns the level that holds l's rules.
func (l *Level[C]) Own() *Level[C] {
	if l.rulesOf != nil {
		return l.rulesOf
	}
	return l
}

// SetFormat sets the level's format.
func (l *Level[C]) SetFormat(f Format) { l.format.Store(&f) }

// FormatOf returns the level's own format, nil when it has none.
func (l *Level[C]) FormatOf() *Format { return l.format.Load() }

// Add registers rules; where names the adapter's function, for messages. It
// panics for a zero Rule, before registering any.
func (l *Level[C]) Add(rules []Rule[C], where string) {
	rs := make([]*rule[C], len(rules))
	for i, r := range rules {
		rs[i] = r.get(where) // check them all before registering any
	}
	l.ix.Update(func() { l.rules = append(l.rules, rs...) })
}

// Empty reports whether no rule is registered at l.
func (l *Level[C]) Empty() bool { return l.Own().index().empty }

func (l *Level[C]) index() *index[C] {
	if l.rulesOf != nil {
		l = l.rulesOf
	}
	if ix := l.ix.Load(); ix != nil {
		return ix // built: no closure, no call
	}
	return l.ix.Get(func() *index[C] { return buildIndex(l.rules) })
}
