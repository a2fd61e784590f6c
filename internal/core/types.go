package core

import "github.com/echoerr/echoerr/answer"

// The types of answers are defined in the public package answer, so that
// go doc shows them and packages that only declare answers import no Echo;
// the core names them as its own.
type (
	Fields         = answer.Fields
	AbortError     = answer.AbortError
	Entry          = answer.Entry
	HeaderCarrier  = answer.HeaderCarrier
	Format         = answer.Format
	Page           = answer.Page
	ErrorItem      = answer.ErrorItem
	ErrorLister    = answer.ErrorLister
	PublicMessager = answer.PublicMessager
	Errors         = answer.Errors
	Event          = answer.Event
	Step           = answer.Step
	PanicError     = answer.PanicError
	AnswerKind     = answer.AnswerKind
	Answer         = answer.Answer
	Formats        = answer.Formats
	RouteAnswers   = answer.RouteAnswers
	PrefixAnswers  = answer.PrefixAnswers
	Description    = answer.Description
)

// StatusClientClosedRequest is [answer.StatusClientClosedRequest].
const StatusClientClosedRequest = answer.StatusClientClosedRequest

// The kinds of answers.
const (
	Declared = answer.Declared
	Handled  = answer.Handled
	Default  = answer.Default
)

// NewErrors is [answer.NewErrors].
func NewErrors(status int, items ...ErrorItem) *Errors { return answer.NewErrors(status, items...) }
