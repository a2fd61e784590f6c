package core

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/echoerr/echoerr/answer"
)

// Draft is what echoerr says for an error, before it is written in a
// format. An adapter's Kinds.Draft sets the exported fields for Echo's own
// error types.
type Draft struct {
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
}

// internalDraft is the Draft when nothing better can be said or encoded.
// errorStringType is the type of errors.New's errors, the commonest plain
// error.
var errorStringType = typeKey(errors.New(""))

// plainString reports an error of errors.New's type other than
// context.Canceled (which has that type and answers 499): no status, no
// public message, nothing inside, so its answer is the plain 500.
func plainString(x error) bool {
	return typeKey(x) == errorStringType && x != context.Canceled
}

func internalDraft() Draft {
	return Draft{status: http.StatusInternalServerError, Msg: statusText(http.StatusInternalServerError)}
}

// draftOf returns the default Draft for err: the status of the first
// element of the tree that carries one, else 500, and what that element says.
// With debug, the Draft carries err.Error().
func draftOf(err error, debug bool) Draft {
	a := draftCarrier(err)
	if debug && !a.NoDebug {
		a.debug, a.errText = true, debugText(err)
	}
	return a
}

func draftCarrier(err error) Draft {
	if plainString(err) {
		// errors.New's: no status, no public message, nothing inside.
		return internalDraft()
	}
	// One walk finds the carrier, and the first public message on the way
	// for an error that has none.
	var public PublicMessager
	x := firstInTree(err, func(x error) bool {
		if statusOf(x) != 0 {
			return true
		}
		if public == nil && !stdWrapper(typeKey(x)) {
			public, _ = x.(PublicMessager)
		}
		return false
	})
	if x == nil {
		a := internalDraft()
		if public != nil {
			if pm, ok := publicMessage(public); ok {
				a.Msg = pm
			}
		}
		return a
	}
	code := statusOf(x)
	if validStatus(code) != code {
		a := internalDraft()
		if v, ok := x.(*AbortError); ok {
			// Abort's message and fields are public whatever the code.
			a.fields = v.Fields
			if v.Message != "" {
				a.Msg = v.Message
			}
		}
		return a
	}
	a := Draft{status: code, Msg: statusText(code)}
	for i := range kinds {
		if b, ok := kinds[i].Draft(x, code, a); ok {
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

// carrier returns the first element of err's tree that carries a status.
func carrier(err error) error {
	return firstInTree(err, func(x error) bool { return statusOf(x) != 0 })
}

// statusText is http.StatusText, with 499 (Client Closed Request) and a
// class name for codes it does not know.
func statusText(code int) string { return answer.StatusText(code) }

// DraftMessage sets a's message from an Echo HTTPError's message m, as
// Echo's default handler writes it: a string as is, nil as the status text,
// a value that marshals itself or is not an error as the raw body, an error
// as its text (without a debug member). A 5xx never shows a value that is
// not a string: it may hold internal detail, and only debug mode shows the
// error's text.
func DraftMessage(a Draft, code int, m any) Draft {
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

// abortMessage is the message an abort's answer shows: its Message, else
// the status text.
func abortMessage(e *AbortError) string {
	if e.Message != "" {
		return e.Message
	}
	return statusText(validStatus(e.Code))
}

// toAnswer is the draft as a Format's Body gets it: public message (none with
// omitMsg), fields, items, status, and where it came from.
func (a *Draft) toAnswer(omitMsg bool, from origin) Answer {
	// Copies: a declared entry's fields are shared by every request, and a
	// Body may change what it gets.
	ans := Answer{Status: a.status, Fields: maps.Clone(a.fields), Items: slices.Clone(a.Items),
		Kind: from.kind, Level: from.level, Rule: from.rule, Name: from.name}
	if !omitMsg {
		ans.Message = a.Msg
	}
	if a.debug {
		ans.Error = a.errText
	}
	return ans
}

// DefaultAnswer is what echoerr's default answer for err is: its status
// from the tree, its public message, fields and items, and with debug the
// error's text.
func DefaultAnswer(err error, debug bool) Answer {
	if err == nil {
		err = errors.New("<nil>")
	}
	a := draftOf(err, debug)
	return a.toAnswer(false, origin{kind: Default, rule: "default"})
}
