package grpc_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/echoerr/echoerr"
	grpckit "github.com/echoerr/echoerr/kits/grpc"
	"github.com/echoerr/echoerr/kits/kittest"
)

// Example answers a gRPC service's NotFound as a gateway would; README's
// snippet is this one.
func Example() {
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New()
	api := echoerr.Group(e, "/api")
	api.Handle(echoerr.Kit(grpckit.Rules()...)...)
	api.GET("/users/:id", func(c echo.Context) error {
		return fmt.Errorf("users service: %w", status.Error(codes.NotFound, "no such user"))
	})

	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/users/7", nil))
	fmt.Print(rec.Code, " ", rec.Body.String())
	// Output:
	// 404 {"message":"no such user"}
}

// README's Go snippets stand in this file.
func TestReadmeSnippets(t *testing.T) { kittest.ReadmeSnippets(t) }
