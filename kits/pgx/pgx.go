// Package pgx is echoerr's kit for PostgreSQL through pgx v5
// (github.com/jackc/pgx/v5): the answers of the server's SQLSTATE codes and
// of pgx's own connection and timeout errors, as declared rules of no Echo
// version (package answer), for Echo v4 (echoerr.Kit) and Echo v5 (the v5
// package's Kit) alike.
//
//	api.Handle(echoerr.Kit(pgx.Rules(pgx.Field("users_email_key", "email"))...)...)
//
// | error | answer |
// |---|---|
// | 23505 unique_violation | 409 "already exists", {"field": ...} |
// | 23503 foreign_key_violation, on insert or update | 422 "refers to a missing record", {"field": ...} |
// | 23503 foreign_key_violation, on update or delete | 409 "is still referenced" |
// | 23502 not_null_violation | 422 "a required value is missing", {"field": ...} |
// | 23514 check_violation | 422 "a value is not allowed" |
// | 22P02 invalid_text_representation | 400 "a value is malformed" |
// | 22001 string_data_right_truncation | 422 "a value is too long" |
// | 40001 serialization_failure, 40P01 deadlock_detected, 55P03 lock_not_available | 503 "try again", Retry-After: 1 |
// | 57014 query_canceled | 503 "the request took too long" (499 when the client went away) |
// | 57P01-57P03, class 08, 53300 too_many_connections | 503 "temporarily unavailable", Retry-After: 5 |
// | *pgconn.ConnectError, pgconn.ErrConnClosed, io.ErrUnexpectedEOF, *net.OpError, a lost connection | 503 "temporarily unavailable", Retry-After: 5 |
// | pgconn.Timeout | 503 "the request took too long" |
// | pgx.ErrNoRows | 404 "not found", only where the app says so (NotFound) |
//
// The server's text never reaches a body: a PgError's Detail holds the
// failing row's values. Only column names do, as "field" (the column of a
// key or of a NOT NULL, or the name Field gives a constraint), and the
// SQLSTATE goes to the log line (error_code). A request whose client went
// away answers 499 and is logged as the client's, whether pgx reports it as
// context.Canceled (its default) or as the server's 57014 (with
// CancelRequestContextWatcherHandler).
//
// When the server goes away mid-query, pgx returns a bare io.ErrUnexpectedEOF
// or *net.OpError, errors that other code returns too: the kit answers a
// bare io.ErrUnexpectedEOF 503 but not one beneath a status (Echo's binder
// wraps a truncated JSON body's in a 400, which stays a 400), and any
// *net.OpError 503, an upstream service's connection reset included.
package pgx

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/echoerr/echoerr/answer"
)

// SQLSTATE codes the kit answers.
const (
	UniqueViolation      = "23505"
	ForeignKeyViolation  = "23503"
	NotNullViolation     = "23502"
	CheckViolation       = "23514"
	InvalidText          = "22P02"
	StringTooLong        = "22001"
	SerializationFailure = "40001"
	DeadlockDetected     = "40P01"
	LockNotAvailable     = "55P03"
	QueryCanceled        = "57014"
	AdminShutdown        = "57P01"
	CrashShutdown        = "57P02"
	CannotConnectNow     = "57P03"
	TooManyConnections   = "53300"
)

// Entries are the kit's answers, one per row of the table above.
var (
	Exists      = answer.Entry{Status: http.StatusConflict, Message: "already exists"}
	MissingRef  = answer.Entry{Status: http.StatusUnprocessableEntity, Message: "refers to a missing record"}
	StillRef    = answer.Entry{Status: http.StatusConflict, Message: "is still referenced"}
	Required    = answer.Entry{Status: http.StatusUnprocessableEntity, Message: "a required value is missing"}
	NotAllowed  = answer.Entry{Status: http.StatusUnprocessableEntity, Message: "a value is not allowed"}
	Malformed   = answer.Entry{Status: http.StatusBadRequest, Message: "a value is malformed"}
	TooLong     = answer.Entry{Status: http.StatusUnprocessableEntity, Message: "a value is too long"}
	TryAgain    = answer.Entry{Status: http.StatusServiceUnavailable, Message: "try again", Headers: http.Header{"Retry-After": {"1"}}}
	TookTooLong = answer.Entry{Status: http.StatusServiceUnavailable, Message: "the request took too long"}
	Unavailable = answer.Entry{Status: http.StatusServiceUnavailable, Message: "temporarily unavailable", Headers: http.Header{"Retry-After": {"5"}}}
	NoRows      = answer.Entry{Status: http.StatusNotFound, Message: "not found"}
)

// Option adjusts the kit's rules.
type Option func(*config)

type config struct{ fields map[string]string }

// Field names the request field that a constraint is about (by the
// constraint's name, "users_email_key"), or a column ("users.email"): its
// answer gets {"field": field} in place of the column's own name, so that a
// client knows which input to change in the names it sent.
func Field(constraint, field string) Option {
	return func(c *config) {
		if c.fields == nil {
			c.fields = map[string]string{}
		}
		c.fields[constraint] = field
	}
}

// pgCode reports whether a PgError's code is one of codes.
func pgCode(codes ...string) func(*pgconn.PgError) bool {
	return func(e *pgconn.PgError) bool {
		for _, c := range codes {
			if e.Code == c {
				return true
			}
		}
		return false
	}
}

// sqlstate is a matched PgError's code, for the log line's error_code.
func sqlstate(x error) string {
	if e, ok := x.(*pgconn.PgError); ok && e != nil {
		return e.Code
	}
	return ""
}

// innerSQLState is the SQLSTATE of the PgError inside a matched error (a
// *pgconn.ConnectError refused with 53300), for the log line.
func innerSQLState(x error) string {
	var pe *pgconn.PgError
	if errors.As(x, &pe) {
		return pe.Code
	}
	return ""
}

// Rules returns the kit's rules for every route; each puts the SQLSTATE in
// the log line (error_code), never in the body. pgx.ErrNoRows is not among
// them: give NotFound to the routes where no row means 404.
func Rules(opts ...Option) []answer.Decl {
	var c config
	for _, o := range opts {
		o(&c)
	}
	withField := func(d answer.Decl) answer.Decl {
		return d.WithCode(sqlstate).WithDetail(func(m answer.Match) answer.Detail {
			if f := c.field(m.Matched.(*pgconn.PgError)); f != "" {
				return answer.Detail{Fields: answer.Fields{"field": f}}
			}
			return answer.Detail{}
		})
	}
	pg := func(name string, e answer.Entry, codes ...string) answer.Decl {
		return answer.DeclareForIf(pgCode(codes...), e).Named("pgx " + name).WithCode(sqlstate)
	}
	return []answer.Decl{
		withField(pg("unique", Exists, UniqueViolation)),
		answer.DeclareForIf(func(e *pgconn.PgError) bool {
			return e.Code == ForeignKeyViolation && stillReferenced(e)
		}, StillRef).Named("pgx foreign key (still referenced)").WithCode(sqlstate),
		withField(pg("foreign key", MissingRef, ForeignKeyViolation)),
		withField(pg("not null", Required, NotNullViolation)),
		withField(pg("check", NotAllowed, CheckViolation)),
		pg("invalid text", Malformed, InvalidText),
		pg("string too long", TooLong, StringTooLong),
		pg("retry", TryAgain, SerializationFailure, DeadlockDetected, LockNotAvailable),
		pg("query canceled", TookTooLong, QueryCanceled).WithDetail(clientGone),
		answer.DeclareForIf(func(e *pgconn.PgError) bool {
			return e.Code == AdminShutdown || e.Code == CrashShutdown || e.Code == CannotConnectNow ||
				e.Code == TooManyConnections || strings.HasPrefix(e.Code, "08")
		}, Unavailable).Named("pgx unavailable").WithCode(sqlstate),
		answer.DeclareFor[*pgconn.ConnectError](Unavailable).Named("pgx connect").WithCode(innerSQLState),
		answer.DeclareForError(pgconn.ErrConnClosed, Unavailable).Named("pgx conn closed"),
		answer.DeclareForIf(lostConnection, Unavailable).Named("pgx connection lost"),
		// pgx returns a bare io.ErrUnexpectedEOF when the server goes away
		// mid-result; Echo's binder wraps the one of a truncated JSON body
		// in a 400, which stays a 400.
		answer.DeclareForError(io.ErrUnexpectedEOF, Unavailable).Named("pgx unexpected EOF").YieldToStatus(),
		// And a bare *net.OpError when the connection is reset under it.
		answer.DeclareFor[*net.OpError](Unavailable).Named("pgx network"),
		answer.DeclareForIf(timedOut, TookTooLong).Named("pgx timeout"),
	}
}

// stillReferenced tells a 23503 of "update or delete on table X violates
// foreign key constraint C on table Y" from one of "insert or update on
// table Y violates foreign key constraint C": by the English message, else
// by its three quoted names (the server's messages in another language keep
// them).
func stillReferenced(e *pgconn.PgError) bool {
	switch {
	case strings.HasPrefix(e.Message, "update or delete on table "):
		return true
	case strings.HasPrefix(e.Message, "insert or update on table "):
		return false
	}
	return strings.Count(e.Message, `"`) >= 6
}

// field is the request field a PgError is about: the name Field gives its
// constraint or column, else the column of a NOT NULL, else the one column
// of the key in its Detail ("Key (email)=(...) already exists."): a name,
// never a value.
func (c *config) field(e *pgconn.PgError) string {
	if f, ok := c.fields[e.ConstraintName]; ok && e.ConstraintName != "" {
		return f
	}
	col := e.ColumnName
	if col == "" {
		col = keyColumn(e.Detail)
	}
	if col == "" {
		return ""
	}
	if f, ok := c.fields[e.TableName+"."+col]; ok {
		return f
	}
	if e.Code == CheckViolation {
		return "" // a check's column is only named by Field
	}
	return col
}

// keyColumn is the column of "Key (col)=(...)" when the key is one plain
// column (not an expression, not several).
func keyColumn(detail string) string {
	rest, ok := strings.CutPrefix(detail, "Key (")
	if !ok {
		return ""
	}
	col, _, ok := strings.Cut(rest, ")=(")
	if !ok || col == "" {
		return ""
	}
	for _, r := range col {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return ""
		}
	}
	return col
}

// clientGone answers a 57014 499 when the request's client went away: the
// cancellation was the client's, not the server's.
func clientGone(m answer.Match) answer.Detail {
	if errors.Is(m.Request.Context().Err(), context.Canceled) {
		return answer.Detail{Status: answer.StatusClientClosedRequest, Message: answer.StatusText(answer.StatusClientClosedRequest)}
	}
	return answer.Detail{}
}

// retrier is what pgconn's own errors implement; an error of pgx's that
// wraps a network failure is one.
type retrier = interface{ SafeToRetry() bool }

// lostConnection takes an error of pgconn's that wraps the loss of the
// connection (an unexpected EOF, a reset, a refused dial, a network error),
// but not a cancellation or a timeout, which pgx wraps alike.
func lostConnection(e retrier) bool {
	err, ok := e.(error)
	if !ok || pgconn.Timeout(err) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var ne net.Error
	return errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) || errors.Is(err, pgconn.ErrConnClosed) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EPIPE) ||
		errors.As(err, &ne)
}

// timedOut takes pgconn's timeouts: a deadline of the request's context or
// of the connection, not the client's cancellation.
func timedOut(e retrier) bool {
	err, ok := e.(error)
	return ok && pgconn.Timeout(err) && !errors.Is(err, context.Canceled)
}

// NotFound returns the rule that answers pgx.ErrNoRows 404 with e (NoRows
// when e is the zero Entry), for the routes an app registers it on: no row
// means "not found" on GET /users/:id, and a bug elsewhere.
//
//	api.HandleRouteOf(getUser, echoerr.Kit(pgx.NotFound(echoerr.Entry{Status: 404, Message: "no such user"}))...)
func NotFound(e answer.Entry) answer.Decl {
	if e.Status == 0 && e.Message == "" && e.Fields == nil && e.Headers == nil {
		e = NoRows
	}
	return answer.DeclareForError(pgx.ErrNoRows, e).Named("pgx no rows")
}
