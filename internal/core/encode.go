package core

import (
	"errors"
	"slices"
	"strconv"
	"unicode/utf8"
)

// appendJSON appends a Draft as Echo's default handler would: the raw
// message as is, or {"message": ..., fields..., "error": ...} with the message
// first, fields in key order and the debug member last, or {"errors": [...]}.
// The trailing newline is the one Echo's JSON serializer writes.
func appendJSON(b []byte, a *Draft, omitMsg bool) ([]byte, error) {
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

// appendProblem appends a Draft as RFC 9457 problem details: type
// (about:blank), title (the status text), status, detail (the message, unless
// it only repeats the title), instance (the request path), then fields,
// "errors" and the debug "error" as extension members.
func appendProblem(b []byte, a *Draft, omitMsg bool, instance string) ([]byte, error) {
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
