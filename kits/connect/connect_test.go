package connect_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"

	"connectrpc.com/connect"
	echov4 "github.com/labstack/echo/v4"
	echov5 "github.com/labstack/echo/v5"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	echoerr4 "github.com/echoerr/echoerr"
	connectkit "github.com/echoerr/echoerr/kits/connect"
	echoerr5 "github.com/echoerr/echoerr/v5"
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
	quiet := slog.New(slog.DiscardHandler)
	e4 := echov4.New()
	e4.HTTPErrorHandler = echoerr4.NewWithConfig(echoerr4.Config{Logger: quiet, Rules: echoerr4.Kit(connectkit.Rules()...)})
	e4.GET("/:code", func(c echov4.Context) error { return call(c.Request().Context(), c.Param("code")) })
	e5 := echov5.New()
	e5.HTTPErrorHandler = echoerr5.NewWithConfig(echoerr5.Config{Logger: quiet})
	api := echoerr5.Group(e5, "")
	api.Handle(echoerr5.Kit(connectkit.Rules()...)...)
	api.GET("/:code", func(c *echov5.Context) error { return call(c.Request().Context(), c.Param("code")) })
	for version, h := range map[string]http.Handler{"v4": e4, "v5": e5} {
		srv := httptest.NewServer(h)
		for c := connect.CodeCanceled; c <= connect.CodeUnauthenticated; c++ {
			res, err := http.Get(srv.URL + "/" + strconv.Itoa(int(c)))
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
