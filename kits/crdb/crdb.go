// Package crdb is echoerr's kit for github.com/cockroachdb/errors: an error
// that exthttp.WrapWithHTTPCode gave an HTTP code answers with that code,
// its hints and details (the library's user-facing texts) in the body and
// its safe details (its PII-free texts) in the log line; as declared rules
// of no Echo version (package answer), for Echo v4 (echoerr.Kit) and Echo
// v5 (the v5 package's Kit) alike.
//
//	api.Handle(echoerr.Kit(crdb.Rules()...)...)
//
// | error | answer |
// |---|---|
// | exthttp.WrapWithHTTPCode(err, 400-499) | that status and its status text, {"hints": [...], "details": [...]} |
// | exthttp.WrapWithHTTPCode(err, 500-599) | that status and its status text |
// | an error without an HTTP code | not the kit's |
//
// The error's own text never reaches a body: cockroachdb/errors keeps what
// a user may read in hints (errors.WithHint) and details
// (errors.WithDetail), the rest for the operator. A 5xx shows neither. The
// log line gets the safe details (errors.WithSafeDetails, redactable
// messages' safe parts) as "safe_details". Hints and details are read from
// the whole error, those added outside the HTTP code too.
package crdb

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"

	crdberrors "github.com/cockroachdb/errors"
	"github.com/cockroachdb/errors/exthttp"

	"github.com/echoerr/echoerr/answer"
)

// coded reports whether x is the wrapper that exthttp.WrapWithHTTPCode
// made: x has a code and what it wraps has none (or another one).
func coded(x error) bool {
	code := exthttp.GetHTTPCode(x, 0)
	if code < 400 || code > 599 {
		return false
	}
	inner := errors.Unwrap(x)
	return inner == nil || exthttp.GetHTTPCode(inner, 0) != code
}

const maxSafe = 2 << 10

// Rules returns the kit's rule.
func Rules() []answer.Decl {
	return []answer.Decl{
		answer.DeclareForIf(coded, answer.Entry{Status: http.StatusInternalServerError}).
			Named("cockroachdb/errors http code").WithDetail(detail),
	}
}

func detail(m answer.Match) answer.Detail {
	code := exthttp.GetHTTPCode(m.Matched, http.StatusInternalServerError)
	d := answer.Detail{Status: code, Message: answer.StatusText(code)}
	if code < 500 {
		d.Fields = answer.Fields{}
		if h := crdberrors.GetAllHints(m.Err); len(h) > 0 {
			d.Fields["hints"] = h
		}
		if dt := crdberrors.GetAllDetails(m.Err); len(dt) > 0 {
			d.Fields["details"] = dt
		}
	}
	// The safe details, less the stack traces the library records among
	// them (the log line has its own), within maxSafe bytes.
	var safe strings.Builder
	for _, p := range crdberrors.GetAllSafeDetails(m.Err) {
		for _, s := range p.SafeDetails {
			if s == "" || strings.Contains(s, "\n") || safe.Len()+len(s) > maxSafe {
				continue
			}
			if safe.Len() > 0 {
				safe.WriteString("; ")
			}
			safe.WriteString(s)
		}
	}
	if safe.Len() > 0 {
		d.Log = []slog.Attr{slog.String("safe_details", safe.String())}
	}
	return d
}
