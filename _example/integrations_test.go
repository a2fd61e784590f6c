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
	"github.com/golang-jwt/jwt/v5"
	echojwt "github.com/labstack/echo-jwt/v4"
	"github.com/labstack/echo/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/contrib/instrumentation/github.com/labstack/echo/otelecho"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/echoerr/echoerr"
)

var testKey = []byte("test-key")

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

// sentryApp builds the example with sentryecho and a recording transport.
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
	cfg := appConfig{JWTKey: testKey, Report: reportToSentry,
		Middleware: []echo.MiddlewareFunc{withHub, sentryecho.New(sentryecho.Options{})}}
	e := newServer(cfg)
	if !respond {
		// What sentryecho alone does: build the same app, but without
		// echoerr.Respond inside sentryecho.
		e = echo.New()
		e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Report: reportToSentry})
		e.Use(withHub, sentryecho.New(sentryecho.Options{}))
		e.GET("/blog/posts/:slug", func(c echo.Context) error { return errors.New("template missing") })
	}
	return e, rt
}

func TestSentry(t *testing.T) {
	t.Run("ok, a 5xx is captured once, through the request's hub, with the right transaction status", func(t *testing.T) {
		e, rt := sentryApp(t, true)
		srv := httptest.NewServer(e)
		defer srv.Close()
		res, err := http.Get(srv.URL + "/blog/posts/draft")
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
	t.Run("ok, a 4xx is not captured; its transaction has the 4xx status", func(t *testing.T) {
		e, rt := sentryApp(t, true)
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/movies/abc", nil))
		require.Equal(t, 400, rec.Code)
		assert.Empty(t, rt.byType(""))
		txs := rt.byType("transaction")
		require.Len(t, txs, 1)
		assert.Equal(t, "invalid_argument", txs[0].Contexts["trace"]["status"].(sentry.SpanStatus).String())
	})
	t.Run("nok, sentryecho alone records the failed request as ok", func(t *testing.T) {
		e, rt := sentryApp(t, false)
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/blog/posts/draft", nil))
		require.Equal(t, 500, rec.Code)
		assert.Len(t, rt.byType(""), 1, "echoerr still reports it")
		txs := rt.byType("transaction")
		require.Len(t, txs, 1)
		assert.Equal(t, "ok", txs[0].Contexts["trace"]["status"].(sentry.SpanStatus).String(),
			"the pitfall that echoerr.Respond fixes")
	})
}

func TestOpenTelemetry(t *testing.T) {
	sr := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sr))
	defer func() { _ = tp.Shutdown(context.Background()) }()
	e := newServer(appConfig{
		JWTKey:     testKey,
		Middleware: []echo.MiddlewareFunc{otelecho.Middleware("movies", otelecho.WithTracerProvider(tp))},
		Report:     reportToSpan,
	})
	srv := httptest.NewServer(e)
	defer srv.Close()
	for _, p := range []string{"/blog/posts/draft", "/api/movies/99", "/api/movies/1"} {
		res, err := http.Get(srv.URL + p)
		require.NoError(t, err)
		res.Body.Close()
	}
	spans := sr.Ended()
	require.Len(t, spans, 3)
	byRoute := map[string]sdktrace.ReadOnlySpan{}
	for _, s := range spans {
		byRoute[s.Name()] = s
	}

	failed := byRoute["GET /blog/posts/:slug"]
	require.NotNil(t, failed)
	assert.Equal(t, codes.Error, failed.Status().Code)
	require.Len(t, failed.Events(), 1, "one exception event")
	assert.Equal(t, "exception", failed.Events()[0].Name)
	var msg string
	for _, a := range failed.Events()[0].Attributes {
		if a.Key == "exception.message" {
			msg = a.Value.AsString()
		}
	}
	assert.Equal(t, "render draft: template missing", msg)

	notFound := byRoute["GET /api/movies/:id"]
	require.NotNil(t, notFound)
	assert.NotEqual(t, codes.Error, notFound.Status().Code, "a 4xx is not a span error")
	for _, s := range spans {
		if s.Name() == "GET /api/movies/:id" {
			assert.Empty(t, s.Events(), "no exception event for a 4xx or a success")
		}
	}
}

func TestJWT(t *testing.T) {
	sign := func(key []byte, exp time.Time) string {
		s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.RegisteredClaims{
			Subject: "ripley", ExpiresAt: jwt.NewNumericDate(exp),
		}).SignedString(key)
		require.NoError(t, err)
		return s
	}
	e := newServer(appConfig{JWTKey: testKey})
	srv := httptest.NewServer(e)
	defer srv.Close()
	cases := []struct {
		name, auth string
		status     int
		body       string
	}{
		{"nok, missing token", "", 401, `{"message":"missing or malformed jwt"}`},
		{"nok, not a bearer", "Basic abc", 401, `{"message":"missing or malformed jwt"}`},
		{"nok, wrong key", "Bearer " + sign([]byte("other"), time.Now().Add(time.Hour)), 401, `{"message":"invalid or expired jwt"}`},
		{"nok, expired", "Bearer " + sign(testKey, time.Now().Add(-time.Hour)), 401, `{"message":"invalid or expired jwt"}`},
		{"ok, valid", "Bearer " + sign(testKey, time.Now().Add(time.Hour)), 200, `{"user":"ripley"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodGet, srv.URL+"/api/account/me", nil)
			require.NoError(t, err)
			if tc.auth != "" {
				req.Header.Set("Authorization", tc.auth)
			}
			res, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			defer res.Body.Close()
			var body [512]byte
			n, _ := res.Body.Read(body[:])
			assert.Equal(t, tc.status, res.StatusCode)
			assert.JSONEq(t, tc.body, string(body[:n]))
			if tc.status == 401 {
				assert.Equal(t, `Bearer realm="movies"`, res.Header.Get("WWW-Authenticate"))
			}
		})
	}

	t.Run("nok, Echo's default handler answers the same errors 500", func(t *testing.T) {
		plain := echo.New()
		plain.GET("/me", func(c echo.Context) error { return c.NoContent(200) }, echojwt.WithConfig(echojwt.Config{
			SigningKey:   testKey,
			ErrorHandler: func(c echo.Context, err error) error { return errors.Join(errors.New("authenticate"), err) },
		}))
		rec := httptest.NewRecorder()
		plain.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/me", nil))
		assert.Equal(t, 500, rec.Code)
	})
}
