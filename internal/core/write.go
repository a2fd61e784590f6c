package core

import (
	"bytes"
	"errors"
	"maps"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
)

// Header names the core writes or reads.
const (
	headerContentType = "Content-Type"
	headerVary        = "Vary"
	headerAccept      = "Accept"
	headerRequestID   = "X-Request-Id"
)

// writeDefault writes the default response for err. handled is true when a
// handler returned nil without writing: then Debug adds nothing, since a
// handled error answers the same with Debug on or off.
func (h *Core[C]) writeDefault(c C, start *Level[C], err error, handled bool, from origin) {
	debug := !handled && h.ad.Debug(c)
	if !debug {
		// Through fmt's wrappers, which carry nothing of an answer's,
		// to the element whose answer it is.
		x := err
		for n := 0; n < maxTreeVisits && x != nil && typeKey(x) == fmtWrapError; n++ {
			x = unwrapFmt(x)
		}
		// The wrappers passed carry no headers either: the headers are
		// looked for from x, which tells at once when it has none.
		if en := staticEntry(x); en != nil {
			h.writeAnswerFor(c, start, &en.ans, en, x, from)
			return
		}
		if plainString(x) {
			// errors.New's, through fmt's wrappers: the plain 500.
			h.writeAnswerFor(c, start, &internalEntry.ans, internalEntry, x, from)
			return
		}
	}
	a := draftOf(err, debug)
	if !debug && a.status == http.StatusInternalServerError && a.Msg == internalEntry.ans.Msg &&
		a.fields == nil && a.Items == nil && !a.HasRaw && a.Problem == nil {
		// A plain error's answer, the same for all: encoded once.
		h.writeAnswerFor(c, start, &internalEntry.ans, internalEntry, err, from)
		return
	}
	h.writeAnswerFor(c, start, &a, nil, err, from)
}

// internalEntry is the default answer of an error that carries no status
// and no public message, encoded at start.
var internalEntry = func() *entry {
	en := &entry{ans: internalDraft()}
	en.json, _ = appendJSON(nil, &en.ans, false)
	en.jsonNoMsg, _ = appendJSON(nil, &en.ans, true)
	return en
}()

// staticEntry returns the answer of one of Echo's errors whose default
// answer is its status and message alone (Kinds.Static), encoded at its
// first use and kept in a bounded cache: the router's 404 and 405 and a
// handler's echo.NewHTTPError(code, "msg") answer without building or
// encoding anything. nil for any other error.
func staticEntry(err error) *entry {
	if err == nil || !genericStatus(typeKey(err)) {
		return nil // not one of Echo's generic status types: none is static
	}
	for i := range kinds {
		if kinds[i].Static == nil {
			continue
		}
		code, msg, ok := kinds[i].Static(err)
		if !ok || validStatus(code) != code {
			continue
		}
		// A direct-mapped slot by status and message length first: no
		// hashing of the message for the answers a service gives most.
		slot := &staticSlots[(code^len(msg)*31)&(len(staticSlots)-1)]
		if sl := slot.Load(); sl != nil && sl.code == code && sl.msg == msg {
			return sl.en
		}
		k := codeMsg{code, msg}
		if m := statics.m.Load(); m != nil {
			if en, ok := (*m)[k]; ok {
				slot.Store(&staticSlot{code, msg, en})
				return en
			}
		}
		if len(msg) > 256 {
			return nil // a message made per request: not worth a place
		}
		return newStatic(err, slot, k)
	}
	return nil
}

// newStatic encodes the static answer of err (status and message k) once,
// and keeps it in statics and in its slot; nil when err answers more than
// its status and message. Apart from staticEntry so that the lookup's
// frame holds no defer.
//
//go:noinline
func newStatic(err error, slot *atomic.Pointer[staticSlot], k codeMsg) *entry {
	code, msg := k.code, k.msg
	a := draftOf(err, false)
	if a.status != code || a.Msg != msg || a.fields != nil || a.Items != nil || a.HasRaw || a.Problem != nil {
		return nil // not status and message alone after all
	}
	en := &entry{ans: a}
	var e1, e2 error
	en.json, e1 = appendJSON(nil, &en.ans, false)
	en.jsonNoMsg, e2 = appendJSON(nil, &en.ans, true)
	if e1 != nil || e2 != nil {
		return nil
	}
	statics.mu.Lock()
	defer statics.mu.Unlock()
	old := statics.m.Load()
	if old != nil && len(*old) >= maxStatics {
		return en
	}
	m := make(map[codeMsg]*entry, 1)
	if old != nil {
		maps.Copy(m, *old)
	}
	m[k] = en
	statics.m.Store(&m)
	slot.Store(&staticSlot{code, msg, en})
	return en
}

// staticSlots is a direct-mapped cache in front of statics: a slot holds
// the last answer whose status and message length fell on it.
var staticSlots [64]atomic.Pointer[staticSlot]

type staticSlot struct {
	code int
	msg  string
	en   *entry
}

// statics caches staticEntry's answers: copy-on-write, read on every
// default answer of Echo's errors.
var statics struct {
	m  atomic.Pointer[map[codeMsg]*entry]
	mu sync.Mutex
}

const maxStatics = 256

// writeEntry writes a declared entry for err, whose headers (HeaderCarrier)
// it carries too.
func (h *Core[C]) writeEntry(c C, start *Level[C], en *entry, err error, from origin) {
	h.writeAnswerFor(c, start, &en.ans, en, err, from)
}

// origin says where an answer comes from, for a Format's Body.
type origin struct {
	kind        AnswerKind
	level, rule string
	name        string
}

// Content-Type values, shared: writeAnswerFor assigns these slices, so that a
// second call of the error handler in the same request can tell a Draft of
// echoerr's by the identity of the slice (answeredHere). Their capacity is
// their length, so that a Header().Add copies instead of writing into them.
var (
	ctJSON    = []string{"application/json"}
	ctProblem = []string{mimeProblemJSON}
	ctHTML    = []string{mimeHTML}
	ctOf      = [...][]string{mediaJSON: ctJSON, mediaProblem: ctProblem, mediaHTML: ctHTML}
)

// answeredHere reports whether echoerr wrote the response whose headers are h.
func answeredHere(h http.Header) bool {
	v := h[headerContentType]
	if len(v) != 1 {
		return false
	}
	if &v[0] == &ctJSON[0] || &v[0] == &ctProblem[0] || &v[0] == &ctHTML[0] {
		return true
	}
	if t := loadType(v[0]); t != nil {
		return &v[0] == &t[0]
	}
	return false
}

// bufPool holds encoding buffers, so that a Draft encoded per request
// allocates nothing once the pool is warm.
var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

// writeAnswerFor writes a in the format the request's namespace and its
// Accept header select; en, when not nil, has the JSON bodies encoded at
// setup. errHdr is the error whose HeaderCarrier headers
// go on the answer (nil: none); an entry's own headers win over them.
func (h *Core[C]) writeAnswerFor(c C, start *Level[C], a *Draft, en *entry, errHdr error, from origin) {
	ad := h.ad
	req := ad.Request(c)
	f := h.formatOf(start)
	m := negotiate(accept(req), f)
	hdr := ad.Header(c)
	if len(hdr) == 0 {
		// Nothing to drop, no Vary to merge with.
		if !f.NoNegotiation {
			hdr[headerVary] = varyAccept
		}
	} else {
		prepareHeaders(hdr)
		if !f.NoNegotiation {
			addVaryAccept(hdr)
		}
	}
	if errHdr != nil {
		errorHeaders(hdr, errHdr)
	}
	if en != nil && len(en.headers) > 0 {
		for k, v := range en.headers {
			if listHeaders[k] || k == headerVary {
				setHeader(hdr, k, v) // clipped at setup: an append copies
				continue
			}
			hdr[k] = v // the entry's own headers win over the error's
		}
	}
	custom := m == mediaJSON && f.Body != nil
	if custom {
		hdr[headerContentType] = bodyType(f.BodyType)
	} else {
		hdr[headerContentType] = ctOf[m]
	}
	if req.Method == http.MethodHead {
		ad.WriteHeader(c, a.status)
		return
	}
	var (
		body []byte
		buf  *[]byte
		err  error
	)
	switch {
	case custom:
		body, err = h.customBody(req, a, f, from)
	case m == mediaJSON && en != nil && en.json != nil && f.OmitMessage:
		body = en.jsonNoMsg
	case m == mediaJSON && en != nil && en.json != nil:
		body = en.json
	case m == mediaHTML:
		body, err = h.renderHTML(c, a, f)
	default:
		buf = bufPool.Get().(*[]byte)
		if m == mediaJSON {
			body, err = appendJSON((*buf)[:0], a, f.OmitMessage)
		} else {
			body, err = appendProblem((*buf)[:0], a, f.OmitMessage, req.URL.Path)
		}
	}
	if err != nil {
		h.log(c).ErrorContext(req.Context(), "echoerr: cannot encode the error response; answering 500",
			"status", a.status, "encode_error", err.Error())
		fallback := internalDraft()
		fallback.debug, fallback.errText = a.debug, a.errText
		a = &fallback
		if custom {
			// The built-in JSON, well-formed whatever Body does.
			hdr[headerContentType] = ctJSON
		}
		switch m {
		case mediaProblem:
			body, _ = appendProblem(nil, a, f.OmitMessage, req.URL.Path)
		case mediaHTML:
			body, _ = h.renderHTML(c, a, &Format{})
		default:
			body, _ = appendJSON(nil, a, f.OmitMessage)
		}
	}
	ad.WriteHeader(c, a.status)
	if _, err := ad.Write(c, body); err != nil {
		h.log(c).ErrorContext(req.Context(), "echoerr: writing the error response failed",
			"status", a.status, "error", err.Error())
	}
	if buf != nil && cap(body) <= 64<<10 {
		*buf = body[:0]
		bufPool.Put(buf)
	}
}

// customBody encodes what the Format's Body builds for a, as JSON; a panic
// in Body is an error (the caller answers a well-formed 500).
func (h *Core[C]) customBody(req *http.Request, a *Draft, f *Format, from origin) (b []byte, err error) {
	ans := a.toAnswer(f.OmitMessage, from)
	defer func() {
		if p := recover(); p != nil {
			rethrowAbort(p)
			b, err = nil, errors.New("Format.Body panicked: "+panicText(p))
		}
	}()
	v := f.Body(req, ans)
	b, err = marshal(v)
	if err == nil {
		b = append(b, '\n')
	}
	return b, err
}

// types interns Content-Type values: of Body answers (bodyType), and of
// handlers' answers (internType), so that a second call of the error
// handler can tell an answer of this request's resolution by the slice
// (answeredHere). A copy-on-write map: read on every answer, written once
// per new type.
var types struct {
	m      atomic.Pointer[map[string][]string]
	mu     sync.Mutex // writers
	byHand int        // types interned for handlers' answers, under mu
}

func loadType(t string) []string {
	if m := types.m.Load(); m != nil {
		return (*m)[t]
	}
	return nil
}

// storeType interns t; forHandler counts it against maxInternedTypes and
// gives up (nil) beyond it.
func storeType(t string, forHandler bool) []string {
	types.mu.Lock()
	defer types.mu.Unlock()
	old := types.m.Load()
	if old != nil {
		if v, ok := (*old)[t]; ok {
			return v
		}
	}
	if forHandler {
		if types.byHand >= maxInternedTypes {
			return nil
		}
		types.byHand++
	}
	m := make(map[string][]string, 1)
	if old != nil {
		maps.Copy(m, *old)
	}
	v := []string{t}
	m[t] = v
	types.m.Store(&m)
	return v
}

// internType returns t's interned slice for a handler's answer (markDone),
// or nil when too many types are interned already: a handler that writes a
// new type per request (a multipart boundary) gets a context mark instead.
func internType(t string) []string {
	if v := loadType(t); v != nil {
		return v
	}
	return storeType(t, true)
}

const maxInternedTypes = 256

func bodyType(t string) []string {
	if t == "" {
		return ctJSON
	}
	if v := loadType(t); v != nil {
		return v
	}
	return storeType(t, false)
}

// accept returns the request's Accept header without canonicalizing its name.
func accept(req *http.Request) string {
	switch v := req.Header[headerAccept]; len(v) {
	case 0:
		return ""
	case 1:
		return v[0]
	default:
		return strings.Join(v, ",")
	}
}

// renderHTML renders an HTML page with e.Renderer and f.HTMLTemplate, or the
// built-in page.
func (h *Core[C]) renderHTML(c C, a *Draft, f *Format) ([]byte, error) {
	p := Page{Status: a.status, Title: statusText(a.status), Fields: a.fields}
	if !f.OmitMessage && a.Msg != p.Title {
		p.Message = strings.ToValidUTF8(a.Msg, "\uFFFD")
	}
	if a.debug {
		p.Error = strings.ToValidUTF8(a.errText, "\uFFFD")
	}
	if len(a.Items) > 0 {
		p.Errors = make([]ErrorItem, len(a.Items))
		for i, it := range a.Items {
			it.Code = strings.ToValidUTF8(it.Code, "\uFFFD")
			it.Message = strings.ToValidUTF8(it.Message, "\uFFFD")
			p.Errors[i] = it
		}
	}
	var buf bytes.Buffer
	if f.HTMLTemplate != "" {
		h.running.push(c, nil, true)
		h.busy.Add(1)
		ok, err := h.render(c, &buf, f.HTMLTemplate, p)
		h.busy.Add(-1)
		h.running.pop(c)
		if ok && err == nil {
			return buf.Bytes(), nil
		}
		if ok {
			h.log(c).ErrorContext(h.ad.Request(c).Context(), "echoerr: rendering the error page failed; using the built-in page",
				"template", f.HTMLTemplate, "error", err.Error())
		}
		buf.Reset()
	}
	err := builtinPage.Execute(&buf, p)
	return buf.Bytes(), err
}

// render runs a Renderer, turning a panic into an error.
func (h *Core[C]) render(c C, buf *bytes.Buffer, name string, p Page) (ok bool, err error) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			ok, err = true, errors.New("renderer panicked: "+panicText(v))
		}
	}()
	return h.ad.Render(c, buf, name, p)
}

// fallbackBody is the Draft when writing the real one panicked.
var fallbackBody = []byte(`{"message":"Internal Server Error"}` + "\n")

// writeFallback answers 500 after a panic while writing an answer: straight
// to the underlying ResponseWriter, past Echo's Before and After hooks (one of
// which may be what panicked). A panic here ends the attempt: the writer
// itself is broken, and nothing can be written.
func (h *Core[C]) writeFallback(c C) {
	if h.committed(c) {
		return
	}
	defer func() {
		if p := recover(); p != nil {
			rethrowAbort(p)
			h.logError(c, "echoerr: the response cannot be written", "panic", panicText(p))
		}
	}()
	hdr := h.ad.Header(c)
	prepareHeaders(hdr)
	hdr[headerContentType] = ctJSON
	body := fallbackBody
	if h.ad.Request(c).Method == http.MethodHead {
		body = nil
	}
	h.ad.WriteRaw(c, http.StatusInternalServerError, body)
}
