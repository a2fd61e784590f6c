package scenario

import (
	"errors"
	"fmt"
	"strings"
)

// Secret stands for internal error text that a 5xx body must not show.
const Secret = "SECRET-internal-detail"

// Error values broken the way real Go code breaks them, for the fuzz
// targets of every adapter.

// Coded carries a status through StatusCode().
type Coded struct {
	Code int
	Text string
}

func (e Coded) Error() string   { return e.Text }
func (e Coded) StatusCode() int { return e.Code }

// Public carries a status and a public message.
type Public struct {
	Code int
	Msg  string
}

func (e Public) Error() string         { return "internal detail: " + Secret }
func (e Public) StatusCode() int       { return e.Code }
func (e Public) PublicMessage() string { return e.Msg }

// Again is what a rule turns into another error, again and again.
type Again struct{ N int }

func (e *Again) Error() string { return fmt.Sprintf("again %d", e.N) }

// Uncomparable is an error value type that == cannot compare.
type Uncomparable struct{ Fields []string }

func (e Uncomparable) Error() string { return "uncomparable " + strings.Join(e.Fields, ",") }

// Deref's methods dereference the receiver: a typed nil panics.
type Deref struct {
	Msg  string
	Code int
}

func (e *Deref) Error() string   { return e.Msg }
func (e *Deref) StatusCode() int { return e.Code }

// Panicking's Error panics when Which is "Error".
type Panicking struct{ Which string }

func (p Panicking) Error() string {
	if p.Which == "Error" {
		panic("Error exploded: " + Secret)
	}
	return "panicking " + p.Which + " " + Secret
}

// PanicStatus's StatusCode panics.
type PanicStatus struct{ Panicking }

func (PanicStatus) StatusCode() int { panic("StatusCode exploded") }

// PanicUnwrap's Unwrap panics.
type PanicUnwrap struct{ Panicking }

func (PanicUnwrap) Unwrap() error { panic("Unwrap exploded") }

// PanicMarshal is a field whose MarshalJSON panics.
type PanicMarshal struct{}

func (PanicMarshal) MarshalJSON() ([]byte, error) { panic("MarshalJSON exploded") }

// Detail is comparable as a type, but == panics when D holds a slice.
type Detail struct{ D any }

func (d Detail) Error() string { return fmt.Sprint("detail ", d.D) }

// Pair's children are itself, twice.
type Pair struct{}

func (*Pair) Error() string     { return "pair" }
func (p *Pair) Unwrap() []error { return []error{p, p} }

// Maker makes an Echo version's own error values for [Shape].
type Maker interface {
	Harness
	// Wrapped returns Echo's HTTPError with code and msg, holding inner
	// (v4's Internal, v5's Wrap).
	Wrapped(code int, msg string, inner error) error
	// NilHTTPError returns a nil *echo.HTTPError as an error.
	NilHTTPError() error
}

// Shapes is the number of kinds [Shape] builds.
const Shapes = 21

// Shape builds the error of one fuzzed case: kind picks the innermost value
// (kind % Shapes), depth and join the layers around it. Every internal text
// is [Secret]; msg, key and val are what a client may see.
func Shape(m Maker, kind, depth uint8, join bool, code int, msg, key, val string) error {
	var err error
	switch int(kind) % Shapes {
	case 0:
		err = m.HTTPError(code, msg)
	case 1:
		err = m.Abort(code, msg, map[string]any{key: val})
	case 2:
		err = Coded{code, Secret}
	case 3:
		err = errors.New(Secret)
	case 4:
		err = m.Wrapped(code, "", errors.New(Secret))
	case 5:
		err = m.Wrapped(code, msg, errors.New(Secret))
	case 6:
		err = m.Wrapped(code, msg, &Again{N: code})
	case 7:
		err = Public{code, msg}
	case 8:
		err = &Again{N: code}
	case 9:
		err = Uncomparable{Fields: []string{Secret, msg}}
	case 10:
		var nilDeref *Deref
		err = nilDeref
	case 11:
		err = Panicking{"Error"}
	case 12:
		err = PanicStatus{Panicking{msg}}
	case 13:
		err = Detail{[]string{Secret, msg}}
	case 14:
		err = &Loop{}
	case 15:
		err = &Pair{}
	case 16:
		kids := make([]error, 100*int(depth%32)+1)
		for i := range kids {
			kids[i] = errors.New(Secret)
		}
		err = errors.Join(kids...)
	case 17:
		err = PanicUnwrap{Panicking{msg}}
	case 18:
		err = m.NilHTTPError()
	case 19:
		err = m.Abort(code, msg, map[string]any{key: PanicMarshal{}})
	case 20:
		err = &Panicky{}
	}
	for i := 0; i < int(depth%32); i++ {
		if join && i%2 == 0 {
			err = errors.Join(errors.New(Secret), err)
		} else {
			err = fmt.Errorf("layer %d %s: %w", i, Secret, err)
		}
	}
	return err
}
