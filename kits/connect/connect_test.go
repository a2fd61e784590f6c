package connect_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	connectkit "github.com/echoerr/echoerr/kits/connect"
	"github.com/echoerr/echoerr/kits/kittest"
)

const procedure = "/test.v1.Failing/Fail"

// service starts a real Connect service on 127.0.0.1 whose one procedure
// fails with the code its request names, with a message that holds a
// secret, and returns a client of it.
func service(t *testing.T) *connect.Client[wrapperspb.StringValue, emptypb.Empty] {
	mux := http.NewServeMux()
	mux.Handle(procedure, connect.NewUnaryHandler(procedure,
		func(_ context.Context, req *connect.Request[wrapperspb.StringValue]) (*connect.Response[emptypb.Empty], error) {
			n, _ := strconv.Atoi(req.Msg.Value)
			c := connect.Code(n)
			return nil, connect.NewError(c, fmt.Errorf("message of %s (secret-%d)", c, n))
		}))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return connect.NewClient[wrapperspb.StringValue, emptypb.Empty](srv.Client(), srv.URL+procedure)
}

// Every code of the table, returned by a real Connect service and wrapped
// by the app, is answered with grpc-gateway's status over a real HTTP
// server, on Echo v4 and v5: a 4xx with the service's message, a 5xx
// without it.
func TestCodesOverRealHTTP(t *testing.T) {
	client := service(t)
	call := func(ctx context.Context, code string) error {
		_, err := client.CallUnary(ctx, connect.NewRequest(wrapperspb.String(code)))
		return fmt.Errorf("fail: %w", err)
	}
	kittest.RPCCodes(t, connectkit.Rules(), call, func(c int) int { return connectkit.Statuses[connect.Code(c)] })
}

// The README's table is the kit's.
func TestReadmeTable(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for c := connect.CodeCanceled; c <= connect.CodeUnauthenticated; c++ {
		row := fmt.Sprintf("| %s | %d", c, connectkit.Statuses[c])
		if !strings.Contains(string(b), row) {
			t.Errorf("README has no row %q", row)
		}
	}
}
