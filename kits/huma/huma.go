// Package huma is echoerr's kit for errors that carry their HTTP status the
// way Huma's do (github.com/danielgtaylor/huma/v2): any error with a
// GetStatus() int method, huma.Error404NotFound and huma.NewError among
// them, answered with that status; as declared rules of no Echo version
// (package answer), for Echo v4 (echoerr.Kit) and Echo v5 (the v5
// package's Kit) alike.
//
//	api.Handle(echoerr.Kit(humakit.Rules()...)...)
//
// | error | answer |
// |---|---|
// | GetStatus() 400-499 | that status, the error's message, one item per huma.ErrorDetail |
// | GetStatus() 500-599 | that status, its status text |
//
// A 4xx's message is the error's text (a *huma.ErrorModel's Detail), meant
// for the client; its items are the model's errors, each with its message
// and its location as the item's field ("body.items[3].tags"), never its
// value (the client's input, maybe a secret). A 5xx says its status text
// only. A status outside 400-599 is not an error answer: the rule passes.
package huma

import (
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/echoerr/echoerr/answer"
)

// StatusError is what the kit answers: Huma's huma.StatusError.
type StatusError interface {
	error
	GetStatus() int
}

// Rules returns the kit's rule.
func Rules() []answer.Decl {
	return []answer.Decl{
		answer.DeclareForIf(func(e StatusError) bool {
			s := e.GetStatus()
			return s >= 400 && s <= 599
		}, answer.Entry{Status: http.StatusInternalServerError}).Named("huma status").
			WithDetail(detail),
	}
}

func detail(m answer.Match) answer.Detail {
	e := m.Matched.(StatusError)
	s := e.GetStatus()
	if s >= 500 {
		return answer.Detail{Status: s, Message: answer.StatusText(s)}
	}
	d := answer.Detail{Status: s, Message: e.Error()}
	if d.Message == "" {
		d.Message = answer.StatusText(s)
	}
	if em, ok := e.(*huma.ErrorModel); ok {
		for _, ed := range em.Errors {
			if ed != nil {
				d.Items = append(d.Items, answer.ErrorItem{Message: ed.Message, Field: ed.Location})
			}
		}
	}
	return d
}
