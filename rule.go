package echoerr

import (
	"github.com/echoerr/echoerr/answer"
	"github.com/echoerr/echoerr/internal/core"
	"github.com/labstack/echo/v4"
)

// Rule is one registration: what it matches (a type, a sentinel, a status or
// anything) and what answers (a handler or a declared [Entry]). Build rules with
// [On], [OnIf], [OnError], [OnStatus], [CatchAll], [Declare], [DeclareIf],
// [DeclareError] and [DeclareStatus]; register them with [New],
// [NewWithConfig], [Namespace.Handle], [Namespace.HandleRoute] or
// [HandleRoute]. The zero Rule is invalid and registering it panics.
//
// Within one level, a later rule for the same type, sentinel, status or
// catch-all replaces the earlier one; guarded rules ([OnIf], [DeclareIf])
// add up, each tried in registration order.
type Rule struct {
	r core.Rule[echo.Context]
}

// Answers documents what a handler rule answers, for [Describe] and the
// OpenAPI documents built from it: the statuses it writes and a description.
// It returns a new Rule; r is unchanged. A declared rule documents itself;
// Answers on it replaces nothing but the description.
//
//	echoerr.On(func(c echo.Context, err *UserNotFound) error { ... }).
//		Answers("the user does not exist", http.StatusNotFound)
//
// It panics for the zero Rule or a status outside 400-599.
func (r Rule) Answers(description string, statuses ...int) Rule {
	return Rule{r.rule("Rule.Answers").Answers(description, statuses...)}
}

// Named returns a copy of r with a name that tells it apart from rules that
// match alike (eleven guarded rules of one driver error type): the log
// line's rule_name, [Event].RuleName and [Describe] carry it. Without a name,
// a rule is named where it was built ("errors.go:42"). It panics for the
// zero Rule.
//
//	echoerr.DeclareIf(isUnique, echoerr.Entry{Status: http.StatusConflict}).Named("unique-sku")
func (r Rule) Named(name string) Rule {
	return Rule{r.rule("Rule.Named").Named(name)}
}

// On registers fn for errors of type T, matched like [errors.As]: anywhere in
// the error tree, concrete or interface type, including elements whose
// As(any) bool method says they are a T. fn receives the matching value.
//
//	echoerr.On(func(c echo.Context, err *ValidationError) error { ... })
//	echoerr.On(func(c echo.Context, err interface{ Timeout() bool }) error { ... })
//
// On panics if fn is nil or if T is neither an interface type nor a type that
// implements error.
func On[T any](fn func(c echo.Context, err T) error) Rule {
	return Rule{core.On("On", fn)}
}

// OnIf registers fn for errors of type T, matched like [On], that match
// accepts: a rule for one error code of a driver that uses one type for every
// code. T is inferred from match:
//
//	echoerr.OnIf(func(err *pgconn.PgError) bool { return err.Code == "23505" },
//		func(c echo.Context, err *pgconn.PgError) error { ... })
//
// At one element of the error tree, the guarded rules for its type are tried
// before the plain rule for that type, in registration order; a guard that
// says no lets the search go on as if the rule were absent: the level's next
// rule, then the next level. A guard that panics is recovered like a handler:
// logged, and resolved as a 500 through the levels without its rule. OnIf
// panics if match or fn is nil, or if T is neither an interface type nor a
// type that implements error.
func OnIf[T any](match func(T) bool, fn func(c echo.Context, err T) error) Rule {
	return Rule{core.OnIf("OnIf", match, fn)}
}

// DeclareIf registers a declared answer for errors of type T that match
// accepts, matched like [OnIf]. T is inferred from match:
//
//	echoerr.DeclareIf(func(err *sqlite.Error) bool { return err.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE },
//		echoerr.Entry{Status: 400, Message: "Email address already exists"})
//
// It panics if match is nil, if T is neither an interface type nor an error
// type, or if the entry is invalid (see [Declare]).
func DeclareIf[T any](match func(T) bool, e Entry) Rule {
	return Rule{core.DeclareIf[echo.Context]("DeclareIf", match, e)}
}

// OnError registers fn for errors that match target like [errors.Is]. fn
// receives the whole error, not only the element equal to target.
// OnError panics if target or fn is nil.
func OnError(target error, fn HandlerFunc) Rule {
	return Rule{core.OnError[echo.Context]("OnError", target, fn)}
}

// OnStatus registers fn for errors whose status is code: the status of an
// [*echo.HTTPError], an [*AbortError] or an error with a StatusCode() int
// method, found anywhere in the error tree. fn receives the whole error.
// OnStatus panics if code is outside 400-599 or fn is nil.
func OnStatus(code int, fn HandlerFunc) Rule {
	return Rule{core.OnStatus[echo.Context]("OnStatus", code, fn)}
}

// DeclareStatus registers a declared answer for errors whose status is code,
// matched like [OnStatus]: 500 also takes errors that carry no status, so
//
//	echoerr.DeclareStatus(500, echoerr.Entry{Message: "Something went wrong"})
//
// answers every unexpected error so, in the negotiated format, never showing
// the error's text. It panics if code is outside 400-599, if e.Status is
// neither 0 nor code, or if the entry is invalid (see [Declare]).
func DeclareStatus(code int, e Entry) Rule {
	return Rule{core.DeclareStatus[echo.Context]("DeclareStatus", code, e)}
}

// CatchAll registers fn for every error that no other rule of the same level
// matches. fn receives the whole error. CatchAll panics if fn is nil.
func CatchAll(fn HandlerFunc) Rule {
	return Rule{core.CatchAll[echo.Context]("CatchAll", fn)}
}

// Declare registers a declared answer for errors of type T, matched like [On].
// It panics if T is neither an interface type nor an error type, if the status
// is outside 400-599, or if a field cannot be encoded as JSON.
//
//	echoerr.Declare[*MovieNotExistsError](echoerr.Entry{Status: 400, Message: "Movie with given id doesn't exists"})
func Declare[T any](e Entry) Rule {
	return Rule{core.Declare[echo.Context, T]("Declare", e)}
}

// DeclareError registers a declared answer for errors that match target like
// [OnError]. It panics if target is nil, if the status is outside 400-599, or
// if a field cannot be encoded as JSON.
//
//	echoerr.DeclareError(sql.ErrNoRows, echoerr.Entry{Status: 404, Message: "no such record"})
func DeclareError(target error, e Entry) Rule {
	return Rule{core.DeclareError[echo.Context]("DeclareError", target, e)}
}

// Kit turns declared rules that depend on no Echo version (a kit's: the
// answers of a database driver's or a validation library's errors, built
// with package answer) into rules of this package, to register like any
// others. An app adjusts them as it adjusts its own rules: a later plain
// rule for the same type, sentinel or status replaces the kit's at that
// level; a rule at an inner level (a namespace, a route) is asked first;
// guarded rules of one type are tried in registration order, so register
// the app's before the kit's:
//
//	api.Handle(echoerr.DeclareIf(isUnique("users.email"), emailTaken)) // this app's words first
//	api.Handle(echoerr.Kit(sqlitekit.Rules()...)...)
//
// It panics for a zero answer.Decl or an invalid entry.
func Kit(decls ...answer.Decl) []Rule {
	out := make([]Rule, len(decls))
	for i, d := range decls {
		out[i] = Rule{core.FromDecl[echo.Context]("Kit", d)}
	}
	return out
}

// rule returns the core's rule behind r, and panics for the zero Rule.
func (r Rule) rule(where string) core.Rule[echo.Context] {
	if !r.r.Valid() {
		panic("echoerr: " + where + ": zero Rule (build rules with On, OnIf, OnError, OnStatus, CatchAll, Declare, DeclareIf, DeclareError or DeclareStatus)")
	}
	return r.r
}

// coreRules converts rules, checking them all first.
func coreRules(rules []Rule, where string) []core.Rule[echo.Context] {
	out := make([]core.Rule[echo.Context], len(rules))
	for i, r := range rules {
		out[i] = r.rule(where)
	}
	return out
}
