// Package sql is echoerr's kit for database/sql's own errors, whatever the
// driver: as declared rules of no Echo version (package answer), for Echo
// v4 (echoerr.Kit) and Echo v5 (the v5 package's Kit) alike.
//
// | error | answer |
// |---|---|
// | sql.ErrConnDone | 503 "try again", Retry-After: 1 |
// | driver.ErrBadConn | 503 "try again", Retry-After: 1 |
// | sql.ErrTxDone | 500 "Internal Server Error" |
// | sql.ErrNoRows | 404 "not found", only where the app says so (NotFound) |
//
// sql.ErrNoRows means "not found" on GET /movies/:id and a bug elsewhere:
// the kit declares it only for the routes an app gives it to, with
// HandleRoute. sql.ErrTxDone is a bug of the app's (a transaction used after
// Commit or Rollback): a 500, logged and reported, never a client's fault.
package sql

import (
	"database/sql"
	"database/sql/driver"
	"net/http"

	"github.com/echoerr/echoerr/answer"
)

// Entries are the kit's answers.
var (
	TryAgain = answer.Entry{Status: http.StatusServiceUnavailable, Message: "try again", Headers: http.Header{"Retry-After": {"1"}}}
	TxDone   = answer.Entry{Status: http.StatusInternalServerError}
	NoRows   = answer.Entry{Status: http.StatusNotFound, Message: "not found"}
)

// Rules returns the kit's rules for every route: the connection failures
// (503) and sql.ErrTxDone (500).
func Rules() []answer.Decl {
	return []answer.Decl{
		answer.DeclareForError(sql.ErrConnDone, TryAgain).Named("sql conn done"),
		answer.DeclareForError(driver.ErrBadConn, TryAgain).Named("sql bad conn"),
		answer.DeclareForError(sql.ErrTxDone, TxDone).Named("sql tx done"),
	}
}

// NotFound returns the rule that answers sql.ErrNoRows 404 with e (NoRows
// when e is the zero Entry), for the routes an app registers it on:
//
//	api.HandleRouteOf(getMovie, echoerr.Kit(sqlkit.NotFound(echoerr.Entry{Status: 404, Message: "no such movie"}))...)
func NotFound(e answer.Entry) answer.Decl {
	if e.Status == 0 && e.Message == "" && e.Fields == nil && e.Headers == nil {
		e = NoRows
	}
	return answer.DeclareForError(sql.ErrNoRows, e).Named("sql no rows")
}
