package core

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/echoerr/echoerr/answer"
)

// Header names the core writes or reads.
const (
	headerContentType = "Content-Type"
	headerVary        = "Vary"
	headerAccept      = "Accept"
	headerRequestID   = "X-Request-Id"
)

// Reply is what echoerr says for an error, before it is written in a
// format. An adapter's Kinds.Reply sets the exported fields for Echo's own
// error types.
type Reply struct {
	status int
	// Msg is the public message.
	Msg    string
	fields Fields // extra members (Abort, declared entries)
	// Items are several errors (an ErrorLister, Echo's BindingError).
	Items []ErrorItem
	// Raw, when HasRaw, is a message that is not a string: JSON writes it
	// as the body, problem details as a "message" member.
	Raw    any
	HasRaw bool
	// Problem are RFC 9457 members (type, title, instance) that an error
	// of Echo's sets, written in problem details only.
	Problem map[string]string
	// NoDebug: Echo's default handler adds no debug member to this answer.
	NoDebug bool
	debug   bool   // add the error's text
	errText string //
	headers error  // a default answer's error, whose HeaderCarrier sets headers
}

// internalAnswer is the Reply when nothing better can be said or encoded.
func internalAnswer() Reply {
	return Reply{status: http.StatusInternalServerError, Msg: statusText(http.StatusInternalServerError)}
}

// describe returns the default Reply for err: the status of the first
// element of the tree that carries one, else 500, and what that element says.
// With debug, the Reply carries err.Error().
func describe(err error, debug bool) Reply {
	a := describeCarrier(err)
	if debug && !a.NoDebug {
		a.debug, a.errText = true, debugText(err)
	}
	return a
}

func describeCarrier(err error) Reply {
	x := carrier(err)
	if x == nil {
		a := internalAnswer()
		if pm, ok := findPublic(err); ok {
			a.Msg = pm
		}
		return a
	}
	code := statusOf(x)
	if validStatus(code) != code {
		a := internalAnswer()
		if v, ok := x.(*AbortError); ok {
			// Abort's message and fields are public whatever the code.
			a.fields = v.Fields
			if v.Message != "" {
				a.Msg = v.Message
			}
		}
		return a
	}
	a := Reply{status: code, Msg: statusText(code)}
	for i := range kinds {
		if b, ok := kinds[i].Reply(x, code, a); ok {
			return b
		}
	}
	switch v := x.(type) {
	case *AbortError:
		a.Msg, a.fields = abortMessage(v), v.Fields
	case ErrorLister:
		if items, ok := errorList(v); ok {
			a.Items = items
		}
	case PublicMessager:
		if msg, ok := publicMessage(v); ok {
			a.Msg = msg
		}
	}
	return a
}

// findPublic returns the PublicMessage of the first element that has one.
func findPublic(err error) (string, bool) {
	x := firstInTree(err, func(x error) bool { _, ok := x.(PublicMessager); return ok })
	if x == nil {
		return "", false
	}
	return publicMessage(x.(PublicMessager))
}

// carrier returns the first element of err's tree that carries a status.
func carrier(err error) error {
	return firstInTree(err, func(x error) bool { return statusOf(x) != 0 })
}

// writeDefault writes the default response for err. handled is true when a
// handler returned nil without writing: then Debug adds nothing, since a
// handled error answers the same with Debug on or off.
func (h *Core[C]) writeDefault(c C, start *Level[C], err error, handled bool) {
	debug := !handled && h.ad.Debug(c)
	a := describe(err, debug)
	a.headers = err
	h.writeAnswer(c, start, &a, nil)
}

// writeEntry writes a declared entry.
func (h *Core[C]) writeEntry(c C, start *Level[C], en *entry) {
	h.writeAnswer(c, start, &en.ans, en)
}

// Content-Type values, shared: writeAnswer assigns these slices, so that a
// second call of the error handler in the same request can tell an Reply of
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
	return &v[0] == &ctJSON[0] || &v[0] == &ctProblem[0] || &v[0] == &ctHTML[0]
}

// bufPool holds encoding buffers, so that an Reply encoded per request
// allocates nothing once the pool is warm.
var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

// writeAnswer writes a in the format the request's namespace and its Accept
// header select; en, when not nil, has the JSON bodies encoded at setup.
func (h *Core[C]) writeAnswer(c C, start *Level[C], a *Reply, en *entry) {
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
	if en != nil && len(en.headers) > 0 {
		for k, v := range en.headers {
			hdr[k] = v // clipped at setup: an Add reallocates
		}
	}
	if a.headers != nil {
		errorHeaders(hdr, a.headers)
	}
	hdr[headerContentType] = ctOf[m]
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
	case m == mediaJSON && en != nil && f.OmitMessage:
		body = en.jsonNoMsg
	case m == mediaJSON && en != nil:
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
		h.log().ErrorContext(req.Context(), "echoerr: cannot encode the error response; answering 500",
			"status", a.status, "encode_error", err.Error())
		fallback := internalAnswer()
		fallback.debug, fallback.errText = a.debug, a.errText
		a = &fallback
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
		h.log().ErrorContext(req.Context(), "echoerr: writing the error response failed",
			"status", a.status, "error", err.Error())
	}
	if buf != nil && cap(body) <= 64<<10 {
		*buf = body[:0]
		bufPool.Put(buf)
	}
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

// appendJSON appends an Reply as Echo's default handler would: the raw
// message as is, or {"message": ..., fields..., "error": ...} with the message
// first, fields in key order and the debug member last, or {"errors": [...]}.
// The trailing newline is the one Echo's JSON serializer writes.
func appendJSON(b []byte, a *Reply, omitMsg bool) ([]byte, error) {
	if a.HasRaw {
		raw, err := marshal(a.Raw)
		return append(append(b, raw...), '\n'), err
	}
	b = append(b, '{')
	if len(a.Items) > 0 {
		var err error
		if b, err = appendMember(b, "errors", a.Items); err != nil {
			return nil, err
		}
	} else if !omitMsg {
		b = appendString(append(b, `"message":`...), a.Msg)
	}
	b, err := appendFields(b, a.fields, func(k string) bool { return k == "message" || (a.debug && k == "error") })
	if err != nil {
		return nil, err
	}
	if a.debug {
		b = appendString(appendComma(b, `"error":`), a.errText)
	}
	return append(b, '}', '\n'), nil
}

// problemMembers are the members RFC 9457 defines; fields may set all but
// status, which is always the answer's.
var problemMembers = []string{"type", "title", "status", "detail", "instance"}

// appendProblem appends an Reply as RFC 9457 problem details: type
// (about:blank), title (the status text), status, detail (the message, unless
// it only repeats the title), instance (the request path), then fields,
// "errors" and the debug "error" as extension members.
func appendProblem(b []byte, a *Reply, omitMsg bool, instance string) ([]byte, error) {
	var err error
	// std appends a standard string member, which a field of the same name
	// replaces; an empty value leaves the member out.
	std := func(name, v string) {
		if err != nil {
			return
		}
		if fv, ok := a.fields[name]; ok {
			b, err = appendMember(appendSep(b), name, fv)
			return
		}
		if pv := a.Problem[name]; pv != "" {
			v = pv
		}
		if v != "" {
			b = appendString(append(appendString(appendSep(b), name), ':'), v)
		}
	}
	b = append(b, '{')
	title := statusText(a.status)
	detail := ""
	if !omitMsg && a.Msg != title {
		detail = a.Msg
	}
	std("type", "about:blank")
	std("title", title)
	b = strconv.AppendInt(append(appendSep(b), `"status":`...), int64(a.status), 10)
	std("detail", detail)
	std("instance", instance)
	if err != nil {
		return nil, err
	}
	if b, err = appendFields(b, a.fields, func(k string) bool {
		return slices.Contains(problemMembers, k) || k == "errors" || (a.debug && k == "error")
	}); err != nil {
		return nil, err
	}
	if a.HasRaw {
		if b, err = appendMember(appendSep(b), "message", a.Raw); err != nil {
			return nil, err
		}
	}
	if len(a.Items) > 0 {
		if b, err = appendMember(appendSep(b), "errors", a.Items); err != nil {
			return nil, err
		}
	}
	if a.debug {
		b = appendString(appendComma(b, `"error":`), a.errText)
	}
	return append(b, '}', '\n'), nil
}

// renderHTML renders an HTML page with e.Renderer and f.HTMLTemplate, or the
// built-in page.
func (h *Core[C]) renderHTML(c C, a *Reply, f *Format) ([]byte, error) {
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
		prev := h.ad.Get(c, doneKey)
		h.ad.Set(c, doneKey, writingMark)
		busy.Add(1)
		ok, err := h.render(c, &buf, f.HTMLTemplate, p)
		busy.Add(-1)
		h.ad.Set(c, doneKey, prev)
		if ok && err == nil {
			return buf.Bytes(), nil
		}
		if ok {
			h.log().ErrorContext(h.ad.Request(c).Context(), "echoerr: rendering the error page failed; using the built-in page",
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

// appendFields appends the fields not skipped, in key order.
func appendFields(b []byte, fields Fields, skip func(string) bool) ([]byte, error) {
	if len(fields) == 0 {
		return b, nil
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		if !skip(k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var err error
	for _, k := range keys {
		if b, err = appendMember(appendSep(b), k, fields[k]); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// appendMember appends "name":value; strings without encoding/json.
func appendMember(b []byte, name string, v any) ([]byte, error) {
	if s, ok := v.(string); ok {
		return appendString(append(appendString(b, name), ':'), s), nil
	}
	enc, err := marshal(v)
	if err != nil {
		return nil, errors.New("member " + name + ": " + err.Error())
	}
	b = appendString(b, name)
	b = append(b, ':')
	return append(b, enc...), nil
}

// appendSep appends a comma unless b is just the opening brace.
func appendSep(b []byte) []byte {
	if len(b) > 0 && b[len(b)-1] != '{' {
		b = append(b, ',')
	}
	return b
}

func appendComma(b []byte, s string) []byte {
	return append(appendSep(b), s...)
}

// appendString appends s as a JSON string, escaped exactly as encoding/json
// escapes it (HTML characters too, invalid UTF-8 as U+FFFD), without
// allocating.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// statusText is http.StatusText, with 499 (Client Closed Request) and a
// class name for codes it does not know.
func statusText(code int) string { return answer.StatusText(code) }

// fallbackBody is the Reply when writing the real one panicked.
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

// ReplyMessage sets a's message from an Echo HTTPError's message m, as
// Echo's default handler writes it: a string as is, nil as the status text,
// a value that marshals itself or is not an error as the raw body, an error
// as its text (without a debug member). A 5xx never shows a value that is
// not a string: it may hold internal detail, and only debug mode shows the
// error's text.
func ReplyMessage(a Reply, code int, m any) Reply {
	switch m := m.(type) {
	case string:
		a.Msg = m
	case nil:
	default:
		if code >= 500 {
			return a
		}
		if mj, ok := m.(json.Marshaler); ok {
			a.Raw, a.HasRaw = mj, true // formats itself, as in Echo's default handler
		} else if me, ok := m.(error); ok {
			a.Msg, a.NoDebug = errText(me), true
		} else {
			a.Raw, a.HasRaw = m, true
		}
	}
	return a
}

// StatusText is http.StatusText, with 499 (Client Closed Request) and a
// class name for codes it does not know.
func StatusText(code int) string { return statusText(code) }

// FirstInTree returns the first element of err's tree, in errors.As order,
// for which match is true, or nil; it looks at no more than 1,000 elements.
func FirstInTree(err error, match func(error) bool) error { return firstInTree(err, match) }

// debugText is the error's text for a debug body, without the stack of a
// recovered panic that an error of Echo's writes into its text (v5's
// PanicStackError): the stack goes to the log, never to a body.
func debugText(err error) string {
	text := errText(err)
	if stack := stackOf(err); len(stack) > 0 {
		text = strings.TrimSpace(strings.Replace(text, string(stack), "", 1))
	}
	return text
}
