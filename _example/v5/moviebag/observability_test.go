package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/getsentry/sentry-go"
	sentryecho "github.com/getsentry/sentry-go/echo"
	echootel "github.com/labstack/echo-opentelemetry"
	"github.com/labstack/echo/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/echoerr/echoerr/v5"

	"github.com/echoerr/echoerr/_example/internal/moviestore"
)

// recordingTransport is a sentry.Transport that keeps the events.
type recordingTransport struct {
	mu     sync.Mutex
	events []*sentry.Event
}

func (t *recordingTransport) Configure(sentry.ClientOptions)        {}
func (t *recordingTransport) Flush(time.Duration) bool              { return true }
func (t *recordingTransport) FlushWithContext(context.Context) bool { return true }
func (t *recordingTransport) Close()                                {}
func (t *recordingTransport) SendEvent(e *sentry.Event) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.events = append(t.events, e)
}

func (t *recordingTransport) byType(typ string) []*sentry.Event {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []*sentry.Event
	for _, e := range t.events {
		if e.Type == typ {
			out = append(out, e)
		}
	}
	return out
}

// TestObservability serves the movie-bag over real HTTP with
// echo-opentelemetry (a recording tracer provider) and sentryecho (a
// recording transport) wired as main wires them, and checks what each
// records: a 4xx leaves the span status unset and sends no Sentry event; a
// 5xx (the database closed under the server) sets the span status Error
// with error.type, sends one Sentry event with the driver's error, and
// sentryecho's transaction gets the answer's status, not 200 or Echo's.
func TestObservability(t *testing.T) {
	sr := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sr))
	defer func() { _ = tp.Shutdown(context.Background()) }()
	rt := &recordingTransport{}
	client, err := sentry.NewClient(sentry.ClientOptions{
		Dsn:              "http://public@127.0.0.1:9/1", // never dialed: the transport records
		Transport:        rt,
		EnableTracing:    true,
		TracesSampleRate: 1,
	})
	require.NoError(t, err)
	hub := sentry.NewHub(client, sentry.NewScope())
	withHub := func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c *echo.Context) error {
			sentryecho.SetHubOnContext(c, hub.Clone())
			return next(c)
		}
	}

	db, err := moviestore.Open(filepath.Join(t.TempDir(), "movies.db"))
	require.NoError(t, err)
	e := newApp(db, []byte("k"), slog.New(slog.DiscardHandler), reportAll(reportToSpan, reportToSentry),
		echootel.NewMiddlewareWithConfig(echootel.Config{ServerName: "127.0.0.1:8080", TracerProvider: tp}),
		withHub, sentryecho.New(sentryecho.Options{}))
	srv := httptest.NewServer(e)
	defer srv.Close()
	get := func(path string) int {
		res, err := http.Get(srv.URL + path)
		require.NoError(t, err)
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.StatusCode
	}

	require.Equal(t, 400, get("/api/movies/999"), "a declared sql.ErrNoRows")
	require.Empty(t, rt.byType(""), "a 4xx is not sent to Sentry")
	require.NoError(t, db.Close())
	require.Equal(t, 500, get("/api/movies"))

	spans := sr.Ended()
	require.Len(t, spans, 2)
	attr := func(s sdktrace.ReadOnlySpan, key string) string {
		for _, a := range s.Attributes() {
			if string(a.Key) == key {
				return a.Value.String()
			}
		}
		return ""
	}
	client4xx, server5xx := spans[0], spans[1]
	assert.Equal(t, "400", attr(client4xx, "http.response.status_code"))
	assert.Equal(t, codes.Unset, client4xx.Status().Code, "a 4xx leaves the span status unset")
	assert.Empty(t, attr(client4xx, "error.type"))
	assert.Equal(t, "500", attr(server5xx, "http.response.status_code"))
	assert.Equal(t, codes.Error, server5xx.Status().Code)
	assert.Equal(t, "status 500", attr(server5xx, "error.type"), "echoerr's error type: the answering rule (the app's DeclareStatus(500))")
	for _, s := range spans {
		assert.Empty(t, s.Events(), "no exception span events")
	}

	errs := rt.byType("")
	require.Len(t, errs, 1, "one Sentry event, for the 5xx")
	require.NotEmpty(t, errs[0].Exception)
	assert.Equal(t, "sql: database is closed", errs[0].Exception[len(errs[0].Exception)-1].Value)
	assert.Equal(t, "500", errs[0].Tags["http.status_code"])
	assert.Equal(t, "status 500", errs[0].Tags["echoerr.rule"], "the app's entry answered")
	txs := rt.byType("transaction")
	require.Len(t, txs, 2)
	statuses := []string{txs[0].Contexts["trace"]["status"].(sentry.SpanStatus).String(), txs[1].Contexts["trace"]["status"].(sentry.SpanStatus).String()}
	assert.ElementsMatch(t, []string{"invalid_argument", "internal_error"}, statuses)
}

// Without echoerr.Respond inside it, echo-opentelemetry judges the error by
// Echo's own rules: a declared sql.ErrNoRows (400) looks like a 500 to it.
// This is what Respond fixes.
func TestWithoutRespondTheSpanIsWrong(t *testing.T) {
	sr := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sr))
	defer func() { _ = tp.Shutdown(context.Background()) }()
	db, err := moviestore.Open(filepath.Join(t.TempDir(), "movies.db"))
	require.NoError(t, err)
	defer db.Close()
	e := echo.New()
	e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Logger: slog.New(slog.DiscardHandler), Rules: appRules()})
	e.Use(echootel.NewMiddlewareWithConfig(echootel.Config{ServerName: "127.0.0.1:8080", TracerProvider: tp}))
	api := echoerr.Group(e, "/api")
	routeRules(api)
	st := &moviestore.Store{DB: db}
	api.GET("/movies/:id", func(c *echo.Context) error {
		_, err := st.Movie(c.Request().Context(), c.Param("id"))
		return err
	})
	for _, p := range []string{"/auth/signup", "/auth/login", "/movies"} {
		api.POST(p, func(*echo.Context) error { return nil }) // the paths routeRules names, so that its rules apply
	}
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/movies/999", nil))
	require.Equal(t, 400, rec.Code)
	spans := sr.Ended()
	require.Len(t, spans, 1)
	assert.Equal(t, codes.Error, spans[0].Status().Code, "the pitfall: a 400 recorded as a server error")
}
