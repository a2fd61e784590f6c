package grpc_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"

	grpckit "github.com/echoerr/echoerr/kits/grpc"
	"github.com/echoerr/echoerr/kits/kittest"
)

// failing is a gRPC health service whose Check fails with the code its
// service name gives ("5" is NotFound), with a message that holds a secret.
type failing struct {
	healthpb.UnimplementedHealthServer
}

func (failing) Check(_ context.Context, req *healthpb.HealthCheckRequest) (*healthpb.HealthCheckResponse, error) {
	n, err := strconv.Atoi(req.Service)
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, "service must be a code")
	}
	return nil, status.Errorf(codes.Code(n), "message of %s (secret-%d)", codes.Code(n), n)
}

// server starts a real gRPC server on 127.0.0.1 and returns a client of it.
func server(t *testing.T) healthpb.HealthClient {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := grpc.NewServer()
	healthpb.RegisterHealthServer(s, failing{})
	go s.Serve(l)
	t.Cleanup(s.Stop)
	conn, err := grpc.NewClient(l.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return healthpb.NewHealthClient(conn)
}

// Every code of the table, returned by a real gRPC server and wrapped by
// the app, is answered with grpc-gateway's status over a real HTTP server,
// on Echo v4 and v5: a 4xx with the service's message, a 5xx without it.
func TestCodesOverRealHTTP(t *testing.T) {
	client := server(t)
	call := func(ctx context.Context, code string) error {
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		_, err := client.Check(ctx, &healthpb.HealthCheckRequest{Service: code})
		return fmt.Errorf("check: %w", err)
	}
	kittest.RPCCodes(t, grpckit.Rules(), call, func(c int) int { return grpckit.Statuses[codes.Code(c)] })
}

// The README's table is the kit's.
func TestReadmeTable(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for c := codes.Canceled; c <= codes.Unauthenticated; c++ {
		row := fmt.Sprintf("| %d %s | %d", c, c, grpckit.Statuses[c])
		if !strings.Contains(string(b), row) {
			t.Errorf("README has no row %q", row)
		}
	}
}
