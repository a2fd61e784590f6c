// Package oops is echoerr's kit for github.com/samber/oops: an oops error's
// public message (Public) is the answer's message, its code (Code) a field
// and the log line's error_code, its hint (Hint) a field of a 4xx; its
// status the one Status gives its code, else 500; as declared rules of no
// Echo version (package answer), for Echo v4 (echoerr.Kit) and Echo v5 (the
// v5 package's Kit) alike.
//
//	api.Handle(echoerr.Kit(oopskit.Rules(oopskit.Status("user_not_found", 404))...)...)
//
// | error | answer |
// |---|---|
// | an oops error whose code Status names | that status, Public() or the status text, {"code": ..., "hint": ...} |
// | an oops error with a code or a public message | 500, Public() or "Internal Server Error", {"code": ...} |
// | an oops error with neither | not the kit's: what it wraps answers |
//
// The error's own text (oops.Errorf's, what it wraps) never reaches a body:
// only Public() does, which oops keeps for that. A hint ("check the id")
// helps a client fix a 4xx; on a 5xx it is for the operator, and stays in
// the error (the log line's "error"). An oops error that wraps another
// without a code or a public message of its own is a wrapper: the kit
// passes, and the error it wraps answers by the app's other rules.
package oops

import (
	"fmt"
	"net/http"

	"github.com/samber/oops"

	"github.com/echoerr/echoerr/answer"
)

// Option adjusts the kit's rules.
type Option func(*config)

type config struct {
	statuses []codeStatus
}

type codeStatus struct {
	code   any
	status int
}

// Status answers the oops errors whose Code() is code with status (400-599;
// Status panics otherwise). code must be comparable (a string, a number).
func Status(code any, status int) Option {
	if status < 400 || status > 599 {
		panic(fmt.Sprintf("echoerr/kits/oops: Status(%v, %d): not an error status", code, status))
	}
	return func(c *config) { c.statuses = append(c.statuses, codeStatus{code, status}) }
}

// errorCode is the oops code, for the log line's error_code.
func errorCode(x error) string {
	if e, ok := x.(oops.OopsError); ok && e.Code() != nil {
		return fmt.Sprint(e.Code())
	}
	return ""
}

// Rules returns a rule per Status, then the rule for the other oops errors
// with a code or a public message.
func Rules(opts ...Option) []answer.Decl {
	var c config
	for _, o := range opts {
		o(&c)
	}
	var out []answer.Decl
	for _, cs := range c.statuses {
		out = append(out, answer.DeclareForIf(func(e oops.OopsError) bool { return e.Code() == cs.code },
			answer.Entry{Status: cs.status, Message: answer.StatusText(cs.status)}).
			Named(fmt.Sprintf("oops %v", cs.code)).WithCode(errorCode).WithDetail(detail(cs.status)))
	}
	return append(out, answer.DeclareForIf(func(e oops.OopsError) bool { return e.Code() != nil || e.Public() != "" },
		answer.Entry{Status: http.StatusInternalServerError}).Named("oops").WithCode(errorCode).
		WithDetail(detail(http.StatusInternalServerError)))
}

func detail(status int) func(answer.Match) answer.Detail {
	return func(m answer.Match) answer.Detail {
		e := m.Matched.(oops.OopsError)
		d := answer.Detail{Message: e.Public(), Fields: answer.Fields{}}
		if code := e.Code(); code != nil {
			d.Fields["code"] = code
		}
		if h := e.Hint(); h != "" && status < 500 {
			d.Fields["hint"] = h
		}
		return d
	}
}
