// Package grpc is echoerr's kit for gRPC's status errors (google.golang.org/grpc):
// an error that carries a gRPC status (status.Error, what a gRPC client's
// call returns) answered with the HTTP status grpc-gateway gives its code,
// as declared rules of no Echo version (package answer), for Echo v4
// (echoerr.Kit) and Echo v5 (the v5 package's Kit) alike: an Echo app that
// calls gRPC services answers their errors as a gateway would.
//
//	api.Handle(echoerr.Kit(grpckit.Rules()...)...)
//
// | gRPC code | answer |
// |---|---|
// | 1 Canceled | 499 "Client Closed Request" |
// | 2 Unknown | 500 "Internal Server Error" |
// | 3 InvalidArgument | 400, the status's message |
// | 4 DeadlineExceeded | 504 "Gateway Timeout" |
// | 5 NotFound | 404, the status's message |
// | 6 AlreadyExists | 409, the status's message |
// | 7 PermissionDenied | 403, the status's message |
// | 8 ResourceExhausted | 429, the status's message |
// | 9 FailedPrecondition | 400, the status's message |
// | 10 Aborted | 409, the status's message |
// | 11 OutOfRange | 400, the status's message |
// | 12 Unimplemented | 501 "Not Implemented" |
// | 13 Internal | 500 "Internal Server Error" |
// | 14 Unavailable | 503 "Service Unavailable" |
// | 15 DataLoss | 500 "Internal Server Error" |
// | 16 Unauthenticated | 401, the status's message |
//
// A 4xx answers with the status's message, which the service already sent
// its client; a 5xx with its status text, never the service's message. The
// code goes to the log line (error_code, "NotFound").
package grpc

import (
	"net/http"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/echoerr/echoerr/answer"
)

// Statuses are the HTTP statuses of the gRPC codes, as grpc-gateway's
// HTTPStatusFromCode gives them (OK, not an error, is left out).
var Statuses = map[codes.Code]int{
	codes.Canceled:           answer.StatusClientClosedRequest,
	codes.Unknown:            http.StatusInternalServerError,
	codes.InvalidArgument:    http.StatusBadRequest,
	codes.DeadlineExceeded:   http.StatusGatewayTimeout,
	codes.NotFound:           http.StatusNotFound,
	codes.AlreadyExists:      http.StatusConflict,
	codes.PermissionDenied:   http.StatusForbidden,
	codes.ResourceExhausted:  http.StatusTooManyRequests,
	codes.FailedPrecondition: http.StatusBadRequest,
	codes.Aborted:            http.StatusConflict,
	codes.OutOfRange:         http.StatusBadRequest,
	codes.Unimplemented:      http.StatusNotImplemented,
	codes.Internal:           http.StatusInternalServerError,
	codes.Unavailable:        http.StatusServiceUnavailable,
	codes.DataLoss:           http.StatusInternalServerError,
	codes.Unauthenticated:    http.StatusUnauthorized,
}

// StatusError is what a gRPC status error implements.
type StatusError interface {
	error
	GRPCStatus() *status.Status
}

func codeOf(e StatusError) codes.Code {
	if s := e.GRPCStatus(); s != nil {
		return s.Code()
	}
	return codes.Unknown
}

// Rules returns one rule per code of the table, in code order; each puts
// the code's name in the log line (error_code).
func Rules() []answer.Decl {
	var out []answer.Decl
	for c := codes.Canceled; c <= codes.Unauthenticated; c++ {
		st := Statuses[c]
		d := answer.DeclareForIf(func(e StatusError) bool { return codeOf(e) == c },
			answer.Entry{Status: st, Message: answer.StatusText(st)}).
			Named("grpc " + c.String()).
			WithCode(func(error) string { return c.String() })
		if st < 500 && c != codes.Canceled {
			d = d.WithDetail(func(m answer.Match) answer.Detail {
				if s := m.Matched.(StatusError).GRPCStatus(); s != nil && s.Message() != "" {
					return answer.Detail{Message: s.Message()}
				}
				return answer.Detail{}
			})
		}
		out = append(out, d)
	}
	return out
}
