package answer_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/echoerr/echoerr/answer"
	"github.com/stretchr/testify/assert"
)

type loop struct{}

func (l *loop) Error() string { return "loop" }
func (l *loop) Unwrap() error { return l }

type panics struct{}

func (panics) Error() string   { return "panics" }
func (panics) Unwrap() []error { panic("Unwrap panics") }

func TestEventCause(t *testing.T) {
	dbErr := errors.New("pq: deadlock detected")
	abort := &answer.AbortError{Code: 503, Cause: dbErr}
	for _, tc := range []struct {
		name string
		ev   answer.Event
		want error
	}{
		{"ok, the route's error when handlers passed it on", answer.Event{Err: abort, Passed: []answer.Step{{Err: dbErr}}}, dbErr},
		{"ok, an abort's cause survives a handler that translated the abort", answer.Event{Err: errors.New("translated"), Passed: []answer.Step{{Err: abort}}}, dbErr},
		{"ok, an abort's cause, wrapped and joined", answer.Event{Err: errors.Join(errors.New("a"), fmt.Errorf("b: %w", abort))}, dbErr},
		{"ok, nothing behind it", answer.Event{Err: errors.New("x")}, nil},
		{"nok, a cycle ends the walk", answer.Event{Err: &loop{}}, nil},
		{"nok, a panicking Unwrap is absent", answer.Event{Err: errors.Join(panics{}, abort)}, dbErr},
		{"nok, a typed nil abort", answer.Event{Err: (*answer.AbortError)(nil)}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.ev.Cause())
		})
	}
}

func TestStatusText(t *testing.T) {
	assert.Equal(t, "Not Found", answer.StatusText(404))
	assert.Equal(t, "Client Closed Request", answer.StatusText(answer.StatusClientClosedRequest))
	assert.Equal(t, "Client Error", answer.StatusText(470))
	assert.Equal(t, "Server Error", answer.StatusText(590))
}

func TestAbortAndErrors(t *testing.T) {
	assert.Equal(t, "echoerr: abort 409: Conflict", (&answer.AbortError{Code: 409}).Error())
	assert.Equal(t, 409, (&answer.AbortError{Code: 409}).StatusCode())
	e := answer.NewErrors(0).Add("invalid-data", "bad email", nil).Add("invalid-data", "bad phone", nil)
	assert.Equal(t, 400, e.StatusCode())
	assert.Equal(t, "echoerr: 2 errors: invalid-data: bad email; invalid-data: bad phone", e.Error())
	var lister answer.ErrorLister = e
	assert.Len(t, lister.ErrorList(), 2)
}

func TestDescriptionWriteTable(t *testing.T) {
	d := answer.Description{
		Routes: []answer.RouteAnswers{{Method: "GET", Path: "/m/:id", Formats: answer.Formats{"application/json"},
			Answers: []answer.Answer{{Status: 404, Message: "no movie", Kind: answer.Declared, Level: "app", Rule: "type *app.NotFound"}}}},
		Prefixes: []answer.PrefixAnswers{{Prefix: "api", Answers: []answer.Answer{{Status: 404, Description: "Not Found", Kind: answer.Default, Level: "api", Rule: "default"}}}},
	}
	var b strings.Builder
	assert.NoError(t, d.WriteTable(&b))
	assert.Regexp(t, `GET /m/:id +404 +no movie +app +type \*app.NotFound +application/json`, b.String())
	assert.Contains(t, b.String(), "* /api (404, 405)")
	assert.Contains(t, b.String(), "the app's rules are unknown")
}

func TestEventErrorType(t *testing.T) {
	base := errors.New("pq: deadlock detected")
	for _, tc := range []struct {
		ev   answer.Event
		want string
	}{
		{answer.Event{Err: base, Status: 500, Rule: "default"}, "500"},
		{answer.Event{Err: base, Status: 503, Rule: "type *pgconn.PgError (if)"}, "type *pgconn.PgError (if)"},
		{answer.Event{Err: base, Status: 502, Rule: "none", Committed: true}, "502"},
	} {
		assert.Equal(t, tc.want, tc.ev.ErrorType())
		typed := tc.ev.Typed()
		et, ok := typed.(interface{ ErrorType() string })
		assert.True(t, ok)
		assert.Equal(t, tc.want, et.ErrorType())
		assert.ErrorIs(t, typed, base, "errors.Is sees the error through it")
		assert.Equal(t, base.Error(), typed.Error())
	}
}

func TestDecl(t *testing.T) {
	d := answer.DeclareForIf(func(e *answer.AbortError) bool { return e.Code == 409 }, answer.Entry{Status: 409}).Named("conflict")
	s := d.Spec()
	assert.Equal(t, "type", s.Kind)
	assert.Equal(t, "conflict", s.Name)
	assert.Regexp(t, `^answer_test\.go:\d+$`, s.At)
	assert.True(t, s.Guard(fmt.Errorf("x: %w", &answer.AbortError{Code: 409})) == false, "the guard takes the element, not the wrapper")
	assert.True(t, s.Guard(&answer.AbortError{Code: 409}))
	assert.False(t, s.Guard(&answer.AbortError{Code: 400}))
	assert.Equal(t, "sentinel", answer.DeclareForError(errors.New("x"), answer.Entry{}).Spec().Kind)
	assert.Equal(t, 418, answer.DeclareForStatus(418, answer.Entry{}).Spec().Status)
	assert.PanicsWithValue(t, "echoerr: answer.DeclareForStatus: status 200 is outside 400-599", func() { answer.DeclareForStatus(200, answer.Entry{}) })
	assert.Panics(t, func() { answer.DeclareFor[string](answer.Entry{}) }, "not an error type")
	assert.Panics(t, func() { answer.DeclareForError(nil, answer.Entry{}) })
}
