package core

import (
	"log/slog"
	"maps"
	"runtime/debug"
	"slices"
	"strings"
	"sync"

	"github.com/echoerr/echoerr/answer"
)

// Serve answers err for the request of c: the adapter's error handler
// calls it for every error (err is not nil).
func (h *Core[C]) Serve(c C, err error) {
	ad := h.ad
	panics0 := methodPanics.Load()
	var (
		inner   *reqState[C]
		writing bool
	)
	if h.busy.Load() > 0 {
		// Some request runs a handler function or a Renderer: this call
		// may come from inside it.
		inner, writing = h.running.of(c)
	}
	committed, sent := ad.Committed(c)
	if inner != nil && inner.running != nil && !committed {
		// A handler of this request called c.Error itself.
		h.reenter(c, inner, err)
		return
	}
	if writing && !committed {
		// Called while echoerr writes the answer (a Renderer that calls
		// c.Error): the answer under way stands.
		return
	}
	var mark any
	if committed {
		// A second call in the same request (middleware that calls
		// c.Error and returns the error too) finds echoerr's own answer:
		// by its Content-Type slice, or by doneKey when a handler function
		// wrote it. Anything else was answered before the error reached
		// echoerr, and gets its one log line.
		if mark == nil {
			mark = ad.Get(c, doneKey)
		}
		if answeredHere(ad.Header(c)) || mark != nil {
			// Most often the same error again. After Respond answered, an
			// outer middleware may return another one (a session store
			// failing): it cannot change the answer, but it is logged and
			// reported.
			if prev, ok := ad.Get(c, AnsweredKey).(error); ok && !sameError(err, prev) {
				ad.Set(c, AnsweredKey, err)
				h.finish(c, &Event{Err: err, Status: h.errStatus(err), SentStatus: sent, Rule: "none", Committed: true}, panics0)
			}
			return
		}
		ad.Set(c, doneKey, true)
		h.finish(c, &Event{Err: err, Status: h.errStatus(err), SentStatus: sent, Rule: "none", Committed: true}, panics0)
		return
	}
	if ad.Hijacked(c) {
		// The connection belongs to the handler now (a websocket): nothing
		// can be written, and trying makes net/http log its own complaints.
		ad.Set(c, doneKey, true)
		h.finish(c, &Event{Err: err, Status: h.errStatus(err), Rule: "none", Committed: true, Hijacked: true}, panics0)
		return
	}
	start := ad.Start(c, err)
	ev := Event{Err: err, Rule: "default"}
	var st *reqState[C]
	defer func() {
		if p := recover(); p != nil {
			// Resolution survives broken error values (see tree.go) and
			// handler panics (see call); what is left is a panic while
			// writing: a Before hook of user middleware, a Renderer, a
			// ResponseWriter. The fallback answer bypasses them.
			rethrowAbort(p)
			h.logError(c, "echoerr: panic while writing an error answer; answering 500",
				"panic", panicText(p), "stack", string(debug.Stack()))
			h.writeFallback(c)
			if !strings.HasSuffix(ev.Rule, "(panicked)") {
				ev.Rule += " (panicked)"
			}
			_, ev.Status = ad.Committed(c)
			ev.SentStatus = ev.Status
			if st != nil && len(st.passed) > 0 {
				ev.Passed = slices.Clone(st.passed)
			}
			h.finish(c, &ev, panics0)
		}
		if st != nil {
			h.releaseState(c, st)
		}
	}()
	st = h.resolve(c, st, start, err, &ev)
	_, ev.Status = ad.Committed(c)
	ev.SentStatus = ev.Status
	if st != nil && len(st.passed) > 0 {
		ev.Passed = slices.Clone(st.passed) // Report may keep it; st goes back to its pool
	}
	h.finish(c, &ev, panics0)
}

// reqState is the state of one request's resolution once a handler function
// runs: the rules already used, and what a re-entrant c.Error needs.
type reqState[C any] struct {
	u         used[C]
	start     *Level[C]
	passed    []Step   // errors handlers passed on, in order
	running   *rule[C] // the handler running now
	runningNS string   // its level's name
	err       error    // the error it was called with
	matched   error    // the element it matched
	ev        Event    // what a re-entrant resolution answered
	inner     bool     // a re-entrant resolution answered
}

// AnsweredKey is the context key under which Respond (each adapter's)
// keeps the error it had answered, so that a different error returned
// later in the same request, by middleware outside Respond, is logged and
// reported instead of dropped.
const AnsweredKey = "echoerr.answered"

// sameError reports whether err is prev, or wraps it: a middleware
// returning the error it had passed to the error handler.
func sameError(err, prev error) bool {
	return equalValues(err, prev) || firstInTree(err, func(x error) bool { return equalValues(x, prev) }) != nil
}

// statePool holds reqStates of every context type: Get checks the type.
var statePool sync.Pool

func newState[C any]() *reqState[C] {
	if st, ok := statePool.Get().(*reqState[C]); ok {
		return st
	}
	return new(reqState[C])
}

func (h *Core[C]) releaseState(c C, st *reqState[C]) {
	h.markDone(c)
	passed := st.passed[:0]
	clear(st.passed)
	*st = reqState[C]{passed: passed}
	statePool.Put(st)
}

// reenter resolves an error that a running handler passed to c.Error, as if
// the handler had returned it: from the innermost level, with the handlers
// that already ran (the calling one included) left out. The answer it writes
// is the request's answer; the outer resolution logs it, once.
func (h *Core[C]) reenter(c C, st *reqState[C], err error) {
	st.u.add(st.running)
	if !equalValues(err, st.err) && equalValues(err, st.matched) {
		err = st.err // the typed handler passed on the value it received
	}
	st.passed = append(st.passed, Step{Err: st.err, Level: st.runningNS, Rule: st.running.desc})
	saved, savedErr, savedMatched := st.running, st.err, st.matched
	st.running = nil
	var ev Event
	h.resolve(c, st, st.start, err, &ev)
	st.ev, st.inner = ev, true
	st.running, st.err, st.matched = saved, savedErr, savedMatched
}

// resolve answers err: runs handlers and passes errors on until one is
// handled, or writes the default answer. It records in ev what answered, and
// returns the request's state, made when a handler function first runs.
func (h *Core[C]) resolve(c C, st *reqState[C], start *Level[C], err error, ev *Event) *reqState[C] {
	for {
		ev.Err = err
		var u *used[C]
		if st != nil {
			u = &st.u
		}
		r, lv, fault, matched := h.find(start, err, u)
		if r == nil {
			ev.Level, ev.Rule, ev.RuleName = "", "default", ""
			h.writeDefault(c, start, err, false, origin{kind: Default, rule: "default"})
			return st
		}
		ev.Level, ev.Rule, ev.RuleName = h.levelName(lv), r.desc, r.name
		if f := fault; f != nil {
			// Recovered like a handler's panic: logged, and resolved as a
			// 500 through the levels without the rule (a DeclareStatus(500)
			// answers it, as it answers a panic Recover caught).
			h.logError(c, "echoerr: guard panicked", "rule", r.desc, "panic", panicText(f.value),
				"error", clip(errText(err), maxErrorText), "stack", string(f.stack))
			st = h.state(c, st, start)
			st.u.add(r)
			st.passed = append(st.passed, Step{Err: err, Level: h.levelName(lv), Rule: r.desc + " (guard panicked)"})
			err = &PanicError{Value: "echoerr: " + r.desc + " guard panicked: " + panicText(f.value)}
			continue
		}
		if r.entry != nil {
			if r.codeOf != nil {
				ev.Code = callCode(r.codeOf, matched)
			}
			from := origin{Declared, h.levelName(lv), r.desc, r.name}
			if r.detail != nil {
				ev.Attrs = h.writeDetailed(c, start, r, err, matched, from)
				return st
			}
			h.writeEntry(c, start, r.entry, err, from)
			return st
		}
		st = h.state(c, st, start)
		st.running, st.runningNS, st.err, st.matched, st.inner = r, h.levelName(lv), err, matched, false
		next, panicked := h.call(c, st, r, err, matched)
		st.running = nil
		if st.inner {
			// The handler called c.Error: that resolution answered.
			ev.Err, ev.Level, ev.Rule, ev.RuleName = st.ev.Err, st.ev.Level, st.ev.Rule, st.ev.RuleName
		}
		switch {
		case panicked && h.committed(c):
			ev.Rule += " (panicked)"
			return st
		case panicked:
			// Resolved as a 500 through the levels, without the rule.
			st.u.add(r)
			st.passed = append(st.passed, Step{Err: err, Level: h.levelName(lv), Rule: r.desc + " (panicked)"})
			err = next
			continue
		case next == nil:
			// Handled. A handler that wrote nothing still must not leave
			// the client with an empty 200.
			if done, _ := h.ad.Committed(c); !done {
				h.writeDefault(c, start, err, true, origin{Handled, h.levelName(lv), r.desc, r.name})
			}
			return st
		case h.committed(c):
			h.logAt(c, slog.LevelWarn, "echoerr: error handler wrote a response and returned an error; the error is dropped",
				"handler", r.desc, "error", clip(errText(next), maxErrorText))
			return st
		}
		if !equalValues(next, err) && equalValues(next, matched) {
			// A typed handler returned the value it received: it passes on
			// the whole error it came from, not the bare element.
			next = err
		}
		st.u.add(r)
		st.passed = append(st.passed, Step{Err: err, Level: h.levelName(lv), Rule: r.desc})
		err = next
	}
}

// levelName is how the log line and the Event name a level: "app", a
// namespace's prefix, a route's "METHOD path".
func (h *Core[C]) levelName(lv *Level[C]) string {
	if lv == &h.app {
		return "app"
	}
	return lv.name
}

// state returns the request's state, making it at the first handler
// function (or panicking guard).
func (h *Core[C]) state(c C, st *reqState[C], start *Level[C]) *reqState[C] {
	if st == nil {
		st = newState[C]()
		st.start = start
	}
	return st
}

// markDone marks a request that a handler function may have answered, for
// a second call of the error handler in the same request (middleware that
// calls c.Error and returns the error too): echoerr's own answers are known
// by their Content-Type slice, and so is a handler's once its Content-Type
// is interned here. Only an answer without one takes a mark in the
// context's store, which Echo v4 allocates at its first Set.
func (h *Core[C]) markDone(c C) {
	hdr := h.ad.Header(c)
	if v := hdr[headerContentType]; len(v) == 1 {
		if &v[0] == &ctJSON[0] || &v[0] == &ctProblem[0] || &v[0] == &ctHTML[0] {
			return // echoerr's own answer
		}
		if done, _ := h.ad.Committed(c); done {
			if t := internType(v[0]); t != nil {
				if &t[0] != &v[0] {
					hdr[headerContentType] = t // the same value: the wire has it already
				}
				return
			}
		}
	}
	h.ad.Set(c, doneKey, true)
}

// guardFault is a guard's recovered panic.
type guardFault struct {
	value any
	stack []byte
}

// find returns the rule that answers err, its level, and the element of
// err's tree it matched: levels first (the route's, the innermost namespace,
// its parents, the app), then the first element of the tree that a rule of
// the level matches; and a guard's panic, which ends the search.
func (h *Core[C]) find(start *Level[C], err error, u *used[C]) (*rule[C], *Level[C], *guardFault, error) {
	for l := start; l != nil; l = l.parent {
		if r, f, x := l.index().find(err, u); r != nil {
			return r, l, f, x
		}
	}
	r, f, x := h.app.index().find(err, u)
	return r, &h.app, f, x
}

// call runs a handler rule. A panic is recovered and logged; next is then
// a *PanicError to resolve as a 500 (its text names the rule, and it wraps
// nothing: the panic's value does not match rules).
func (h *Core[C]) call(c C, st *reqState[C], r *rule[C], err, matched error) (next error, panicked bool) {
	h.running.push(c, st, false)
	h.busy.Add(1)
	defer func() {
		h.busy.Add(-1)
		h.running.pop(c)
		if p := recover(); p != nil {
			rethrowAbort(p)
			panicked = true
			h.logError(c, "echoerr: error handler panicked",
				"handler", r.desc, "panic", panicText(p), "error", clip(errText(err), maxErrorText), "stack", string(debug.Stack()))
			next = &PanicError{Value: "echoerr: " + r.desc + " handler panicked: " + panicText(p)}
		}
	}()
	return r.call(c, err, matched), false
}

// formatOf returns the format of the innermost level from start that has
// one, else the app's.
func (h *Core[C]) formatOf(start *Level[C]) *Format {
	for l := start; l != nil; l = l.parent {
		if f := l.format.Load(); f != nil {
			return f
		}
	}
	return &h.format
}

// used is the set of rules that already ran in one request.
type used[C any] struct {
	n     int
	fixed [8]*rule[C]
	more  []*rule[C]
}

func (u *used[C]) add(r *rule[C]) {
	if u.n < len(u.fixed) {
		u.fixed[u.n] = r
		u.n++
		return
	}
	u.more = append(u.more, r)
}

func (u *used[C]) has(r *rule[C]) bool {
	if u == nil {
		return false
	}
	for i := 0; i < u.n; i++ {
		if u.fixed[i] == r {
			return true
		}
	}
	for _, m := range u.more {
		if m == r {
			return true
		}
	}
	return false
}

// callCode runs a kit's code func on the matched element; a panic gives "".
// writeDetailed writes r's entry adjusted by its detail function for this
// answer; if detail panics, the entry as declared.
func (h *Core[C]) writeDetailed(c C, start *Level[C], r *rule[C], err, matched error, from origin) []slog.Attr {
	d, ok := callDetail(r.detail, answer.Match{Matched: matched, Err: err, Request: h.ad.Request(c)})
	if !ok {
		h.writeEntry(c, start, r.entry, err, from)
		return nil
	}
	a := r.entry.ans
	if d.Status >= 400 && d.Status <= 599 {
		a.status = d.Status
	}
	if d.Message != "" {
		a.Msg = d.Message
	}
	if len(d.Fields) > 0 {
		f := make(Fields, len(a.fields)+len(d.Fields))
		maps.Copy(f, a.fields)
		maps.Copy(f, d.Fields)
		a.fields = f
	}
	if len(d.Items) > 0 {
		a.Items = d.Items
	}
	h.writeAnswerFor(c, start, &a, &entry{headers: r.entry.headers}, err, from)
	return d.Log
}

func callDetail(detail func(answer.Match) answer.Detail, m answer.Match) (d answer.Detail, ok bool) {
	defer func() {
		if p := recover(); p != nil {
			rethrowAbort(p)
			methodPanics.Add(1)
			ok = false
		}
	}()
	return detail(m), true
}

func callCode(code func(error) string, x error) (s string) {
	defer func() {
		if p := recover(); p != nil {
			rethrowAbort(p)
			methodPanics.Add(1)
			s = ""
		}
	}()
	return code(x)
}
