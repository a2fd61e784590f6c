package echoerr

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func registryCount() int { return registries.Len() }

// The per-Echo registry must not keep its Echo alive: tests and multi-tenant
// programs make many Echo instances.
func TestRegistryDoesNotKeepEchoAlive(t *testing.T) {
	before := registryCount()
	for i := 0; i < 20; i++ {
		e := echo.New()
		e.HTTPErrorHandler = New()
		api := Group(e, "/api")
		api.ErrorHandler(func(c echo.Context, err error) error { return c.NoContent(http.StatusTeapot) })
		api.GET("/x", func(echo.Context) error { return errors.New("x") })
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/x", nil))
		require.Equal(t, http.StatusTeapot, rec.Code)
	}
	assert.GreaterOrEqual(t, registryCount(), before+20)
	assert.Eventually(t, func() bool {
		runtime.GC()
		return registryCount() <= before
	}, 10*time.Second, 20*time.Millisecond, "registries of collected Echo instances are dropped")
}

// Group reads the unexported fields of *echo.Group; this pins that it still
// can with the Echo version in go.mod.
func TestGroupInternals(t *testing.T) {
	e := echo.New()
	g := e.Host("h.example").Group("/p")
	got, host, prefix := groupInternals(g)
	assert.Same(t, e, got)
	assert.Equal(t, "h.example", host)
	assert.Equal(t, "/p", prefix)
}
