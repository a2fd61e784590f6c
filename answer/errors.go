package answer

import (
	"fmt"
	"net/http"
	"strings"
)

// ErrorItem is one of several errors in one answer, like Flask-ApiExceptions'
// ApiError: Code identifies the kind of error ("invalid-data", "not-found"),
// Message describes it, and Info carries any JSON-encodable details. A nil
// Info is written as null.
type ErrorItem struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Info    any    `json:"info"`
	// Field is the input the item is about, when it is about one: a field
	// path with the names the client sent ("items[0].name") or a JSON
	// pointer ("/data/attributes/email"), so that an envelope can write one
	// entry per invalid field (RealWorld's {"errors": {"email": [...]}},
	// JSON:API's source.pointer). Left out of the JSON when empty.
	Field string `json:"field,omitempty"`
}

// ErrorLister is implemented by errors that answer with several errors: their
// body is {"errors": [{"code": ..., "message": ..., "info": ...}, ...]} in
// JSON, an "errors" member in problem details. Validation libraries plug in
// by returning an error that implements it (see _example for
// go-playground/validator).
type ErrorLister interface {
	error
	StatusCode() int
	ErrorList() []ErrorItem
}

// PublicMessager is implemented by errors that carry a message meant for
// clients. When such an error decides the answer (it carries the status, or
// nothing in the tree does), its PublicMessage is the body's message, also
// for a 5xx. Without one, the message is the status text: an error's own
// Error() text is never sent, but in debug mode.
type PublicMessager interface {
	PublicMessage() string
}

// Errors is an error that carries several errors for one answer, like
// Flask-ApiExceptions' ApiException. Build it in one call with [NewErrors] or
// add to it with [Errors.Add].
//
//	return echoerr.NewErrors(http.StatusBadRequest).
//		Add("invalid-data", "The address provided is invalid.", nil).
//		Add("invalid-data", "The phone number does not exist.", map[string]string{"area_code": "555"})
type Errors struct {
	// Status is the answer's status. Zero means 400.
	Status int
	// Items are the errors, in order.
	Items []ErrorItem
}

// NewErrors returns an [*Errors] with status and items.
func NewErrors(status int, items ...ErrorItem) *Errors {
	return &Errors{Status: status, Items: items}
}

// Add appends an item and returns e, so that calls chain.
func (e *Errors) Add(code, message string, info any) *Errors {
	e.Items = append(e.Items, ErrorItem{Code: code, Message: message, Info: info})
	return e
}

// Error lists the items: "echoerr: 2 errors: invalid-data: ...; invalid-data: ...".
func (e *Errors) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "echoerr: %d errors", len(e.Items))
	for i, it := range e.Items {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(it.Code)
		b.WriteString(": ")
		b.WriteString(it.Message)
	}
	return b.String()
}

// StatusCode returns e.Status, or 400 when it is zero.
func (e *Errors) StatusCode() int {
	if e.Status == 0 {
		return http.StatusBadRequest
	}
	return e.Status
}

// ErrorList returns e.Items.
func (e *Errors) ErrorList() []ErrorItem { return e.Items }
