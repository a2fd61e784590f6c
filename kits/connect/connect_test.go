package connect_test

import (
	"context"
	"fmt"
	"io"
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
	apps := kittest.Apps(connectkit.Rules(), call, nil)
	for version, h := range apps {
		srv := httptest.NewServer(h)
		for c := connect.CodeCanceled; c <= connect.CodeUnauthenticated; c++ {
			res, err := http.Get(srv.URL + "/api/" + strconv.Itoa(int(c)))
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			want := connectkit.Statuses[c]
			if res.StatusCode != want {
				t.Errorf("%s %s: %d %s, want %d", version, c, res.StatusCode, b, want)
			}
			secret := fmt.Sprintf("secret-%d", c)
			if public := want < 500 && c != connect.CodeCanceled; public != strings.Contains(string(b), secret) {
				t.Errorf("%s %s: %s; the service's message in it: %v, want %v", version, c, b, !public, public)
			}
		}
		srv.Close()
	}
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
