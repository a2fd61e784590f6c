// Package sqlite3 is echoerr's kit for github.com/mattn/go-sqlite3 (SQLite
// through cgo): the answers of SQLite's errors, as declared rules of no Echo
// version (package answer), for Echo v4 (echoerr.Kit) and Echo v5 (the v5
// package's Kit) alike. Its table is kits/sqlite's, for the other driver.
//
//	api.Handle(echoerr.Kit(sqlite3.Rules(sqlite3.Field("users.email", "email"))...)...)
//
// | SQLite result code | answer |
// |---|---|
// | 2067 SQLITE_CONSTRAINT_UNIQUE, 1555 SQLITE_CONSTRAINT_PRIMARYKEY | 409 "already exists" |
// | 787 SQLITE_CONSTRAINT_FOREIGNKEY | 422 "refers to a missing record" |
// | 1299 SQLITE_CONSTRAINT_NOTNULL | 422 "a required value is missing" |
// | 275 SQLITE_CONSTRAINT_CHECK | 422 "a value is not allowed" |
// | 5 SQLITE_BUSY, 6 SQLITE_LOCKED (and their extended codes) | 503 "try again", Retry-After: 1 |
// | 13 SQLITE_FULL | 507 "storage is full" |
//
// SQLITE_FULL answers 507 Insufficient Storage rather than 503: the database
// (or its disk) is full, which no retry soon will change, so no Retry-After
// invites one. The driver's text (which holds the failing values) never
// reaches a body; SQLite's extended code goes to the log line (error_code).
package sqlite3

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/mattn/go-sqlite3"

	"github.com/echoerr/echoerr/answer"
)

// SQLite result codes the kit answers.
const (
	ConstraintUnique     = 2067
	ConstraintPrimaryKey = 1555
	ConstraintForeignKey = 787
	ConstraintNotNull    = 1299
	ConstraintCheck      = 275
	Busy                 = 5
	Locked               = 6
	Full                 = 13
)

// Entries are the kit's answers, one per row of the table above.
var (
	Exists     = answer.Entry{Status: http.StatusConflict, Message: "already exists"}
	MissingRef = answer.Entry{Status: http.StatusUnprocessableEntity, Message: "refers to a missing record"}
	Required   = answer.Entry{Status: http.StatusUnprocessableEntity, Message: "a required value is missing"}
	NotAllowed = answer.Entry{Status: http.StatusUnprocessableEntity, Message: "a value is not allowed"}
	TryAgain   = answer.Entry{Status: http.StatusServiceUnavailable, Message: "try again", Headers: http.Header{"Retry-After": {"1"}}}
	StoreFull  = answer.Entry{Status: http.StatusInsufficientStorage, Message: "storage is full"}
)

// Option adjusts the kit's rules.
type Option func(*config)

type config struct {
	fields  [][2]string
	answers []constraintAnswer
}

type constraintAnswer struct {
	constraint string
	entry      answer.Entry
}

// Answer gives a UNIQUE (or PRIMARY KEY) constraint on "table.column" the
// app's own answer, in place of the kit's 409: the words of an app's
// existing API ("User with given email address already exists", 400).
func Answer(constraint string, e answer.Entry) Option {
	return func(c *config) { c.answers = append(c.answers, constraintAnswer{constraint, e}) }
}

// Field names the request field a UNIQUE (or PRIMARY KEY) constraint on
// "table.column" is about: its 409 gets {"field": field}.
func Field(constraint, field string) Option {
	return func(c *config) { c.fields = append(c.fields, [2]string{constraint, field}) }
}

// is reports whether e has one of the extended codes, or (below 256) one of
// the primary codes.
func is(e sqlite3.Error, codes ...int) bool {
	for _, want := range codes {
		if int(e.ExtendedCode) == want || (want < 256 && int(e.Code) == want) {
			return true
		}
	}
	return false
}

// errorCode is the extended result code of a matched sqlite3.Error, for the
// log line's error_code.
func errorCode(x error) string {
	if e, ok := x.(sqlite3.Error); ok {
		return strconv.Itoa(int(e.ExtendedCode))
	}
	return ""
}

// Unique is the rule that answers a UNIQUE (or PRIMARY KEY) constraint on
// "table.column" with e: the Answer option's rule, alone, for the routes
// that can break that constraint.
func Unique(constraint string, e answer.Entry) answer.Decl {
	return answer.DeclareForIf(func(err sqlite3.Error) bool {
		return is(err, ConstraintUnique, ConstraintPrimaryKey) && strings.Contains(err.Error(), constraint)
	}, e).Named("sqlite3 unique " + constraint).WithCode(errorCode)
}

// Rules returns the kit's rules, the constraints named by Answer and Field
// first.
func Rules(opts ...Option) []answer.Decl {
	var c config
	for _, o := range opts {
		o(&c)
	}
	rule := func(name string, e answer.Entry, match func(sqlite3.Error) bool) answer.Decl {
		return answer.DeclareForIf(match, e).Named("sqlite3 " + name).WithCode(errorCode)
	}
	var out []answer.Decl
	for _, a := range c.answers {
		out = append(out, Unique(a.constraint, a.entry))
	}
	for _, f := range c.fields {
		constraint, field := f[0], f[1]
		e := Exists
		e.Fields = answer.Fields{"field": field}
		out = append(out, rule("unique "+constraint, e, func(err sqlite3.Error) bool {
			return is(err, ConstraintUnique, ConstraintPrimaryKey) && strings.Contains(err.Error(), constraint)
		}))
	}
	return append(out,
		rule("unique", Exists, func(err sqlite3.Error) bool { return is(err, ConstraintUnique, ConstraintPrimaryKey) }),
		rule("foreign key", MissingRef, func(err sqlite3.Error) bool { return is(err, ConstraintForeignKey) }),
		rule("not null", Required, func(err sqlite3.Error) bool { return is(err, ConstraintNotNull) }),
		rule("check", NotAllowed, func(err sqlite3.Error) bool { return is(err, ConstraintCheck) }),
		rule("busy", TryAgain, func(err sqlite3.Error) bool { return is(err, Busy, Locked) }),
		rule("full", StoreFull, func(err sqlite3.Error) bool { return is(err, Full) }),
	)
}
