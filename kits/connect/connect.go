// Package connect is echoerr's kit for connect-go's errors
// (connectrpc.com/connect): a *connect.Error (what a Connect client's call
// returns) answered with the HTTP status grpc-gateway gives its code, as
// declared rules of no Echo version (package answer), for Echo v4
// (echoerr.Kit) and Echo v5 (the v5 package's Kit) alike.
//
//	api.Handle(echoerr.Kit(connectkit.Rules()...)...)
//
// | Connect code | answer |
// |---|---|
// | canceled | 499 "Client Closed Request" |
// | unknown | 500 "Internal Server Error" |
// | invalid_argument | 400, the error's message |
// | deadline_exceeded | 504 "Gateway Timeout" |
// | not_found | 404, the error's message |
// | already_exists | 409, the error's message |
// | permission_denied | 403, the error's message |
// | resource_exhausted | 429, the error's message |
// | failed_precondition | 400, the error's message |
// | aborted | 409, the error's message |
// | out_of_range | 400, the error's message |
// | unimplemented | 501 "Not Implemented" |
// | internal | 500 "Internal Server Error" |
// | unavailable | 503 "Service Unavailable" |
// | data_loss | 500 "Internal Server Error" |
// | unauthenticated | 401, the error's message |
//
// A 4xx answers with the error's message, which the service already sent
// its client; a 5xx with its status text, never the service's message. The
// code goes to the log line (error_code, "not_found").
package connect

import (
	"net/http"

	"connectrpc.com/connect"

	"github.com/echoerr/echoerr/answer"
)

// Statuses are the HTTP statuses of the Connect codes, as grpc-gateway
// gives them to the same gRPC codes.
var Statuses = map[connect.Code]int{
	connect.CodeCanceled:           answer.StatusClientClosedRequest,
	connect.CodeUnknown:            http.StatusInternalServerError,
	connect.CodeInvalidArgument:    http.StatusBadRequest,
	connect.CodeDeadlineExceeded:   http.StatusGatewayTimeout,
	connect.CodeNotFound:           http.StatusNotFound,
	connect.CodeAlreadyExists:      http.StatusConflict,
	connect.CodePermissionDenied:   http.StatusForbidden,
	connect.CodeResourceExhausted:  http.StatusTooManyRequests,
	connect.CodeFailedPrecondition: http.StatusBadRequest,
	connect.CodeAborted:            http.StatusConflict,
	connect.CodeOutOfRange:         http.StatusBadRequest,
	connect.CodeUnimplemented:      http.StatusNotImplemented,
	connect.CodeInternal:           http.StatusInternalServerError,
	connect.CodeUnavailable:        http.StatusServiceUnavailable,
	connect.CodeDataLoss:           http.StatusInternalServerError,
	connect.CodeUnauthenticated:    http.StatusUnauthorized,
}

// Rules returns one rule per code of the table, in code order; each puts
// the code in the log line (error_code).
func Rules() []answer.Decl {
	var out []answer.Decl
	for c := connect.CodeCanceled; c <= connect.CodeUnauthenticated; c++ {
		st := Statuses[c]
		d := answer.DeclareForIf(func(e *connect.Error) bool { return e.Code() == c },
			answer.Entry{Status: st, Message: answer.StatusText(st)}).
			Named("connect " + c.String()).
			WithCode(func(error) string { return c.String() })
		if st < 500 && c != connect.CodeCanceled {
			d = d.WithDetail(func(m answer.Match) answer.Detail {
				return answer.Detail{Message: m.Matched.(*connect.Error).Message()}
			})
		}
		out = append(out, d)
	}
	return out
}
