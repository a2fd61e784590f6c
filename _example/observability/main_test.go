package main

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/getsentry/sentry-go"
	sentryecho "github.com/getsentry/sentry-go/echo"
	"github.com/labstack/echo/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/contrib/instrumentation/github.com/labstack/echo/otelecho"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/echoerr/echoerr"
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

// sentryApp builds the example with sentryecho and a recording transport;
// without respond, the pitfall: sentryecho alone, no echoerr.Respond.
func sentryApp(t *testing.T, respond bool) (*echo.Echo, *recordingTransport) {
	t.Helper()
	rt := &recordingTransport{}
	client, err := sentry.NewClient(sentry.ClientOptions{
		Dsn:              "http://public@127.0.0.1:9/1", // never dialed: the transport records
		Transport:        rt,
		EnableTracing:    true,
		TracesSampleRate: 1,
	})
	require.NoError(t, err)
	hub := sentry.NewHub(client, sentry.NewScope())
	// Each request gets a clone of this test's hub, as sentryecho does with
	// the global hub.
	withHub := func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			sentryecho.SetHubOnContext(c, hub.Clone())
			return next(c)
		}
	}
	if respond {
		return newServer(reportToSentry, withHub, sentryecho.New(sentryecho.Options{})), rt
	}
	e := echo.New()
	e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Report: reportToSentry})
	e.Use(withHub, sentryecho.New(sentryecho.Options{}))
	e.GET("/posts/:slug", func(c echo.Context) error { return errors.New("template missing") })
	return e, rt
}

func TestSentry(t *testing.T) {
	t.Run("ok, a 5xx is captured once, through the request's hub, with the right transaction status", func(t *testing.T) {
		e, rt := sentryApp(t, true)
		srv := httptest.NewServer(e)
		defer srv.Close()
		res, err := http.Get(srv.URL + "/posts/draft")
		require.NoError(t, err)
		res.Body.Close()
		require.Equal(t, 500, res.StatusCode)

		errs := rt.byType("")
		require.Len(t, errs, 1, "one error event")
		require.NotEmpty(t, errs[0].Exception)
		assert.Equal(t, "render draft: template missing", errs[0].Exception[len(errs[0].Exception)-1].Value)
		assert.Equal(t, "500", errs[0].Tags["http.status_code"])
		assert.Equal(t, "default", errs[0].Tags["echoerr.rule"])

		txs := rt.byType("transaction")
		require.Len(t, txs, 1)
		assert.Equal(t, "internal_error", txs[0].Contexts["trace"]["status"].(sentry.SpanStatus).String())
	})
	t.Run("ok, a translated error is captured as its cause", func(t *testing.T) {
		e, rt := sentryApp(t, true)
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/stats", nil))
		require.Equal(t, 503, rec.Code)
		assert.JSONEq(t, `{"message":"try again"}`, rec.Body.String())
		errs := rt.byType("")
		require.Len(t, errs, 1)
		assert.Equal(t, "count movies: database is locked", errs[0].Exception[len(errs[0].Exception)-1].Value)
	})
	t.Run("ok, a 4xx is not captured; its transaction has the 4xx status", func(t *testing.T) {
		e, rt := sentryApp(t, true)
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/movies/abc", nil))
		require.Equal(t, 400, rec.Code)
		assert.Empty(t, rt.byType(""))
		txs := rt.byType("transaction")
		require.Len(t, txs, 1)
		assert.Equal(t, "invalid_argument", txs[0].Contexts["trace"]["status"].(sentry.SpanStatus).String())
	})
	t.Run("nok, sentryecho alone records the failed request as ok", func(t *testing.T) {
		e, rt := sentryApp(t, false)
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/posts/draft", nil))
		require.Equal(t, 500, rec.Code)
		assert.Len(t, rt.byType(""), 1, "echoerr still reports it")
		txs := rt.byType("transaction")
		require.Len(t, txs, 1)
		assert.Equal(t, "ok", txs[0].Contexts["trace"]["status"].(sentry.SpanStatus).String(),
			"the pitfall that echoerr.Respond fixes")
	})
}

// TestOpenTelemetry checks the spans as the HTTP semantic conventions ask:
// status Error and error.type for a 5xx, nothing for a 4xx, and no exception
// span events.
func TestOpenTelemetry(t *testing.T) {
	sr := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sr))
	defer func() { _ = tp.Shutdown(context.Background()) }()
	e := newServer(reportToSpan, otelecho.Middleware("movies", otelecho.WithTracerProvider(tp)))
	srv := httptest.NewServer(e)
	defer srv.Close()
	for _, p := range []string{"/posts/draft", "/movies/abc", "/movies/1", "/stats"} {
		res, err := http.Get(srv.URL + p)
		require.NoError(t, err)
		res.Body.Close()
	}
	spans := sr.Ended()
	require.Len(t, spans, 4)
	byRoute := map[string][]sdktrace.ReadOnlySpan{}
	for _, s := range spans {
		byRoute[s.Name()] = append(byRoute[s.Name()], s)
		assert.Empty(t, s.Events(), "no exception span events")
	}
	attr := func(s sdktrace.ReadOnlySpan, key string) string {
		for _, a := range s.Attributes() {
			if string(a.Key) == key {
				return a.Value.AsString()
			}
		}
		return ""
	}

	failed := byRoute["GET /posts/:slug"][0]
	assert.Equal(t, codes.Error, failed.Status().Code)
	assert.Equal(t, "500", attr(failed, "error.type"), "a default answer: its status")

	translated := byRoute["GET /stats"][0]
	assert.Equal(t, codes.Error, translated.Status().Code)
	assert.Equal(t, "503", attr(translated, "error.type"), "the translation's default answer: its status")

	for _, s := range byRoute["GET /movies/:id"] {
		assert.Equal(t, codes.Unset, s.Status().Code, "a 4xx or a success leaves the status unset")
		assert.Empty(t, attr(s, "error.type"))
	}
}
