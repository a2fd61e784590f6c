// Package mysql is echoerr's kit for MySQL and MariaDB through
// go-sql-driver/mysql: the answers of the server's error numbers and of the
// driver's connection errors, as declared rules of no Echo version (package
// answer), for Echo v4 (echoerr.Kit) and Echo v5 (the v5 package's Kit)
// alike.
//
//	api.Handle(echoerr.Kit(mysql.Rules(mysql.Field("users.email", "email"))...)...)
//
// | error | answer |
// |---|---|
// | 1062 ER_DUP_ENTRY | 409 "already exists", {"field": ...} |
// | 1452 ER_NO_REFERENCED_ROW_2 | 422 "refers to a missing record" |
// | 1451 ER_ROW_IS_REFERENCED_2 | 409 "is still referenced" |
// | 1048 ER_BAD_NULL_ERROR | 422 "a required value is missing", {"field": ...} |
// | 3819 ER_CHECK_CONSTRAINT_VIOLATED (MySQL), 4025 ER_CONSTRAINT_FAILED (MariaDB) | 422 "a value is not allowed" |
// | 1406 ER_DATA_TOO_LONG | 422 "a value is too long", {"field": ...} |
// | 1213 ER_LOCK_DEADLOCK, 1205 ER_LOCK_WAIT_TIMEOUT | 503 "try again", Retry-After: 1 |
// | 1040 ER_CON_COUNT_ERROR, mysql.ErrInvalidConn, driver.ErrBadConn | 503 "temporarily unavailable", Retry-After: 5 |
// | *net.OpError, io.ErrUnexpectedEOF (the server gone) | 503 "temporarily unavailable", Retry-After: 5 |
//
// The server's text never reaches a body (a 1062's message holds the
// duplicate value): the messages are the kit's own, the only names a body
// gets are a key's or a column's as "field" (renamed by Field), and the
// error number goes to the log line (error_code).
package mysql

import (
	"database/sql/driver"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/go-sql-driver/mysql"

	"github.com/echoerr/echoerr/answer"
)

// Error numbers the kit answers.
const (
	DupEntry              = 1062
	NoReferencedRow       = 1452
	RowIsReferenced       = 1451
	BadNull               = 1048
	CheckViolated         = 3819 // MySQL 8
	ConstraintFailed      = 4025 // MariaDB's CHECK
	DataTooLong           = 1406
	LockDeadlock          = 1213
	LockWaitTimeout       = 1205
	TooManyConnections    = 1040
	noReferencedRowLegacy = 1216
	rowIsReferencedLegacy = 1217
)

// Entries are the kit's answers, one per row of the table above.
var (
	Exists      = answer.Entry{Status: http.StatusConflict, Message: "already exists"}
	MissingRef  = answer.Entry{Status: http.StatusUnprocessableEntity, Message: "refers to a missing record"}
	StillRef    = answer.Entry{Status: http.StatusConflict, Message: "is still referenced"}
	Required    = answer.Entry{Status: http.StatusUnprocessableEntity, Message: "a required value is missing"}
	NotAllowed  = answer.Entry{Status: http.StatusUnprocessableEntity, Message: "a value is not allowed"}
	TooLong     = answer.Entry{Status: http.StatusUnprocessableEntity, Message: "a value is too long"}
	TryAgain    = answer.Entry{Status: http.StatusServiceUnavailable, Message: "try again", Headers: http.Header{"Retry-After": {"1"}}}
	Unavailable = answer.Entry{Status: http.StatusServiceUnavailable, Message: "temporarily unavailable", Headers: http.Header{"Retry-After": {"5"}}}
)

// Option adjusts the kit's rules.
type Option func(*config)

type config struct{ fields map[string]string }

// Field names the request field of a key or a column, as "table.name"
// ("users.email", which MySQL 8 reports as is and MariaDB as "email") or
// "name": its answer gets {"field": field} in place of the key's or
// column's own name.
func Field(key, field string) Option {
	return func(c *config) {
		if c.fields == nil {
			c.fields = map[string]string{}
		}
		c.fields[key] = field
	}
}

func number(nums ...uint16) func(*mysql.MySQLError) bool {
	return func(e *mysql.MySQLError) bool {
		for _, n := range nums {
			if e.Number == n {
				return true
			}
		}
		return false
	}
}

// code is a matched MySQLError's number, for the log line's error_code.
func code(x error) string {
	if e, ok := x.(*mysql.MySQLError); ok && e != nil {
		return strconv.Itoa(int(e.Number))
	}
	return ""
}

// Rules returns the kit's rules; each puts the error number in the log line
// (error_code), never in the body.
func Rules(opts ...Option) []answer.Decl {
	var c config
	for _, o := range opts {
		o(&c)
	}
	my := func(name string, e answer.Entry, nums ...uint16) answer.Decl {
		return answer.DeclareForIf(number(nums...), e).Named("mysql " + name).WithCode(code)
	}
	withField := func(d answer.Decl) answer.Decl {
		return d.WithDetail(func(m answer.Match) answer.Detail {
			if f := c.field(m.Matched.(*mysql.MySQLError)); f != "" {
				return answer.Detail{Fields: answer.Fields{"field": f}}
			}
			return answer.Detail{}
		})
	}
	return []answer.Decl{
		withField(my("duplicate", Exists, DupEntry)),
		my("foreign key", MissingRef, NoReferencedRow, noReferencedRowLegacy),
		my("foreign key (still referenced)", StillRef, RowIsReferenced, rowIsReferencedLegacy),
		withField(my("not null", Required, BadNull)),
		my("check", NotAllowed, CheckViolated, ConstraintFailed),
		withField(my("too long", TooLong, DataTooLong)),
		my("retry", TryAgain, LockDeadlock, LockWaitTimeout),
		my("too many connections", Unavailable, TooManyConnections),
		answer.DeclareForError(mysql.ErrInvalidConn, Unavailable).Named("mysql invalid connection"),
		answer.DeclareForError(driver.ErrBadConn, Unavailable).Named("mysql bad connection"),
		// The server gone: a refused dial or a reset is a *net.OpError, a
		// cut reply a bare io.ErrUnexpectedEOF (not beneath a status: Echo's
		// binder wraps a truncated JSON body's in a 400, which stays).
		answer.DeclareFor[*net.OpError](Unavailable).Named("mysql network"),
		answer.DeclareForError(io.ErrUnexpectedEOF, Unavailable).Named("mysql unexpected EOF").YieldToStatus(),
	}
}

// field is the request field of a MySQLError: the name Field gives its key
// or column, else the column's own name (the key's, for a duplicate, whose
// name is its column's unless the schema named it): a name, never a value.
func (c *config) field(e *mysql.MySQLError) string {
	var name string
	switch e.Number {
	case DupEntry:
		// "Duplicate entry 'x' for key 'users.email'": the key is last.
		name = lastQuoted(e.Message, " for key '")
	case BadNull:
		// "Column 'email' cannot be null"
		name = quotedAfter(e.Message, "Column '")
	case DataTooLong:
		// "Data too long for column 'nick' at row 1"
		name = quotedAfter(e.Message, "for column '")
	}
	if name == "" {
		return ""
	}
	if f, ok := c.fields[name]; ok {
		return f
	}
	if _, col, ok := strings.Cut(name, "."); ok {
		if f, ok := c.fields[col]; ok {
			return f
		}
		name = col
	} else {
		// MariaDB names a key, and both a column, without its table:
		// "users.email" given to Field matches "email".
		var keys []string
		for k := range c.fields {
			if strings.HasSuffix(k, "."+name) {
				keys = append(keys, k)
			}
		}
		if len(keys) > 0 {
			slices.Sort(keys) // the same answer every time
			return c.fields[keys[0]]
		}
	}
	if name == "PRIMARY" {
		return ""
	}
	return name
}

// lastQuoted is the quoted name after the last marker in s.
func lastQuoted(s, marker string) string {
	i := strings.LastIndex(s, marker)
	if i < 0 {
		return ""
	}
	return plain(strings.TrimSuffix(s[i+len(marker):], "'"))
}

// quotedAfter is the quoted name after the first marker in s.
func quotedAfter(s, marker string) string {
	_, rest, ok := strings.Cut(s, marker)
	if !ok {
		return ""
	}
	name, _, ok := strings.Cut(rest, "'")
	if !ok {
		return ""
	}
	return plain(name)
}

// plain returns name if it is an identifier (with one dot at most), else "".
func plain(name string) string {
	if name == "" || strings.Count(name, ".") > 1 {
		return ""
	}
	for _, r := range name {
		if !(r == '_' || r == '.' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return ""
		}
	}
	return name
}
