package echoerr_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/echoerr/echoerr"
)

// logSink collects JSON log records.
type logSink struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *logSink) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *logSink) logger(level slog.Level) *slog.Logger {
	return slog.New(slog.NewJSONHandler(s, &slog.HandlerOptions{Level: level}))
}

// records returns the records whose msg is msg.
func (s *logSink) records(t *testing.T, msg string) []map[string]any {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(s.buf.String()), "\n") {
		if line == "" {
			continue
		}
		var r map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &r), line)
		if r["msg"] == msg {
			out = append(out, r)
		}
	}
	return out
}

func (s *logSink) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

const answered = "echoerr: error answered"

// reports records Report calls.
type reports struct {
	mu     sync.Mutex
	events []echoerr.Event
}

func (r *reports) report(c echo.Context, ev echoerr.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, ev)
}

func (r *reports) list() []echoerr.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]echoerr.Event(nil), r.events...)
}

func TestLogLinePerAnswer(t *testing.T) {
	var sink logSink
	var rep reports
	e := echo.New()
	e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{
		Logger: sink.logger(slog.LevelDebug),
		Report: rep.report,
	})
	api := echoerr.Group(e, "/api")
	api.Handle(echoerr.OnStatus(http.StatusConflict, func(c echo.Context, err error) error {
		return c.JSON(http.StatusConflict, map[string]string{"m": "conflict"})
	}))
	api.POST("/users/:id", func(c echo.Context) error {
		return fmt.Errorf("save user: %w", echo.NewHTTPError(http.StatusConflict, "taken"))
	})
	api.GET("/boom", func(c echo.Context) error {
		return fmt.Errorf("query: %w", errors.New("pq: password authentication failed"))
	})

	req := httptest.NewRequest(http.MethodPost, "/api/users/7", strings.NewReader(`{"password":"hunter2"}`))
	req.Header.Set(echo.HeaderAuthorization, "Bearer secret-token")
	req.Header.Set(echo.HeaderXRequestID, "req-1")
	req.Header.Set("Cookie", "session=secret-cookie")
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	require.Equal(t, http.StatusConflict, rec.Code)

	recs := sink.records(t, answered)
	require.Len(t, recs, 1)
	r := recs[0]
	assert.Equal(t, "INFO", r["level"])
	assert.Equal(t, "POST", r["method"])
	assert.Equal(t, "/api/users/7", r["path"])
	assert.Equal(t, "/api/users/:id", r["route"])
	assert.Equal(t, float64(409), r["status"])
	assert.Equal(t, "req-1", r["request_id"])
	assert.Equal(t, "save user: code=409, message=taken", r["error"])
	assert.Equal(t, "*fmt.wrapError > *echo.HTTPError", r["error_chain"])
	assert.Equal(t, "/api", r["rule_level"])
	assert.Equal(t, "status 409", r["rule"])
	for _, secret := range []string{"hunter2", "secret-token", "secret-cookie"} {
		assert.NotContains(t, sink.String(), secret)
	}
	assert.Empty(t, rep.list(), "4xx answers are not reported by default")

	rec = serve(e, http.MethodGet, "/api/boom")
	require.Equal(t, http.StatusInternalServerError, rec.Code)
	recs = sink.records(t, answered)
	require.Len(t, recs, 2)
	assert.Equal(t, "ERROR", recs[1]["level"])
	assert.Equal(t, "default", recs[1]["rule"])
	assert.Equal(t, "", recs[1]["rule_level"])
	evs := rep.list()
	require.Len(t, evs, 1)
	assert.Equal(t, 500, evs[0].Status)
	assert.EqualError(t, evs[0].Err, "query: pq: password authentication failed")
	assert.Equal(t, "default", evs[0].Rule)
}

func TestClientErrorLevelAndRequestIDMiddleware(t *testing.T) {
	var sink logSink
	e := echo.New()
	e.Use(middleware.RequestID())
	e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{
		Logger:           sink.logger(slog.LevelDebug),
		ClientErrorLevel: slog.LevelDebug,
	})
	e.GET("/x", returning(echo.ErrNotFound))
	rec := serve(e, http.MethodGet, "/x")
	recs := sink.records(t, answered)
	require.Len(t, recs, 1)
	assert.Equal(t, "DEBUG", recs[0]["level"])
	assert.Equal(t, rec.Header().Get(echo.HeaderXRequestID), recs[0]["request_id"])
	assert.NotEmpty(t, recs[0]["request_id"])
}

func TestMiddlewareThatCallsTheErrorHandlerToo(t *testing.T) {
	cases := []struct {
		name string
		mw   echo.MiddlewareFunc
	}{
		{"RequestLogger with HandleError", middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
			HandleError: true, LogStatus: true,
			LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error { return nil },
		})},
		//lint:ignore SA1019 deprecated, but still what many Echo apps use
		{"Logger", middleware.LoggerWithConfig(middleware.LoggerConfig{Output: io.Discard})},
		{"BodyDump", middleware.BodyDump(func(echo.Context, []byte, []byte) {})},
		{"Recover", middleware.Recover()},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var sink logSink
			var rep reports
			calls := 0
			e := echo.New()
			e.Use(tc.mw)
			e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{
				Logger: sink.logger(slog.LevelDebug),
				Report: rep.report,
				Rules: []echoerr.Rule{echoerr.CatchAll(func(c echo.Context, err error) error {
					calls++
					return nil
				})},
			})
			e.GET("/x", func(c echo.Context) error {
				if tc.name == "Recover" {
					c.Error(errors.New("handled early")) // a handler may call c.Error itself
				}
				return errors.New("boom")
			})
			rec := serve(e, http.MethodGet, "/x")
			assertJSON(t, rec, 500, `{"message":"Internal Server Error"}`)
			assert.Equal(t, 1, calls, "one resolution")
			assert.Len(t, sink.records(t, answered), 1, "one log line")
			assert.Len(t, rep.list(), 1, "one report")
		})
	}
}

func TestReportHook(t *testing.T) {
	t.Run("ok, ReportIf selects 4xx too", func(t *testing.T) {
		var rep reports
		e := echo.New()
		e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{
			Logger:   slog.New(slog.DiscardHandler),
			Report:   rep.report,
			ReportIf: func(ev echoerr.Event) bool { return ev.Status >= 400 },
		})
		ns := echoerr.Group(e, "/ns")
		ns.Handle(echoerr.Declare[*E](echoerr.Entry{Status: http.StatusTeapot}))
		ns.GET("/x", returning(&E{}))
		serve(e, http.MethodGet, "/ns/x")
		evs := rep.list()
		require.Len(t, evs, 1)
		assert.Regexp(t, `^report_test\.go:\d+$`, evs[0].RuleName, "an unnamed rule is named where it was registered")
		evs[0].RuleName = ""
		assert.Equal(t, echoerr.Event{Err: &E{}, Status: 418, SentStatus: 418, Level: "/ns", Rule: "type *echoerr_test.E"}, evs[0])
	})
	t.Run("ok, a panicking Report is recovered and logged", func(t *testing.T) {
		var sink logSink
		e := echo.New()
		e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{
			Logger: sink.logger(slog.LevelInfo),
			Report: func(echo.Context, echoerr.Event) { panic("reporter down") },
		})
		e.GET("/x", returning(errors.New("x")))
		assert.Equal(t, 500, serve(e, http.MethodGet, "/x").Code)
		assert.Contains(t, sink.String(), "reporter down")
		assert.Equal(t, 500, serve(e, http.MethodGet, "/x").Code, "still serving")
	})
}

func TestFailureClasses(t *testing.T) {
	type want struct {
		status   int
		level    string
		reported bool
	}
	cases := []struct {
		name  string
		setup func(e *echo.Echo)
		req   func() *http.Request
		want  want
	}{
		{
			name: "ok, client went away: 499, below error, not reported",
			setup: func(e *echo.Echo) {
				e.GET("/x", func(c echo.Context) error {
					<-c.Request().Context().Done()
					return fmt.Errorf("query: %w", c.Request().Context().Err())
				})
			},
			req: func() *http.Request {
				ctx, cancel := context.WithCancel(context.Background())
				cancel()
				return httptest.NewRequest(http.MethodGet, "/x", nil).WithContext(ctx)
			},
			want: want{499, "INFO", false},
		},
		{
			name: "ok, ContextTimeout passes context.Canceled through",
			setup: func(e *echo.Echo) {
				e.GET("/x", func(c echo.Context) error { return context.Canceled },
					middleware.ContextTimeoutWithConfig(middleware.ContextTimeoutConfig{Timeout: time.Second}))
			},
			want: want{499, "INFO", false},
		},
		{
			name: "ok, a deadline from ContextTimeout: 503, reported",
			setup: func(e *echo.Echo) {
				e.GET("/x", func(c echo.Context) error {
					<-c.Request().Context().Done()
					return c.Request().Context().Err()
				}, middleware.ContextTimeoutWithConfig(middleware.ContextTimeoutConfig{Timeout: 5 * time.Millisecond}))
			},
			want: want{503, "ERROR", true},
		},
		{
			name:  "ok, a bare deadline: 503",
			setup: func(e *echo.Echo) { e.GET("/x", returning(fmt.Errorf("call: %w", context.DeadlineExceeded))) },
			want:  want{503, "ERROR", true},
		},
		{
			name: "ok, BodyLimit: 413",
			setup: func(e *echo.Echo) {
				e.POST("/x", func(c echo.Context) error { return c.NoContent(http.StatusOK) }, middleware.BodyLimit("1K"))
			},
			req: func() *http.Request {
				return httptest.NewRequest(http.MethodPost, "/x", strings.NewReader(strings.Repeat("a", 4096)))
			},
			want: want{413, "INFO", false},
		},
		{
			name: "ok, MaxBytesReader under Bind: 413, not Echo's 400",
			setup: func(e *echo.Echo) {
				e.POST("/x", func(c echo.Context) error {
					c.Request().Body = http.MaxBytesReader(c.Response(), c.Request().Body, 16)
					var v map[string]string
					return c.Bind(&v)
				})
			},
			req: func() *http.Request {
				r := httptest.NewRequest(http.MethodPost, "/x", strings.NewReader(`{"a":"`+strings.Repeat("b", 100)+`"}`))
				r.Header.Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
				return r
			},
			want: want{413, "INFO", false},
		},
		{
			name:  "ok, a bare MaxBytesError: 413",
			setup: func(e *echo.Echo) { e.GET("/x", returning(fmt.Errorf("read: %w", &http.MaxBytesError{Limit: 1}))) },
			want:  want{413, "INFO", false},
		},
		{
			name: "ok, panic recovered by middleware.Recover: 500",
			setup: func(e *echo.Echo) {
				e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{LogErrorFunc: echoerr.RecoverLogErrorFunc}))
				e.GET("/x", func(c echo.Context) error {
					var m map[string]int
					//lint:ignore SA5000 the panic is the point
					m["boom"]++ // a library bug
					return nil
				})
			},
			want: want{500, "ERROR", true},
		},
	}
	for _, tc := range cases {
		for _, debug := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s, debug %v", tc.name, debug), func(t *testing.T) {
				var sink logSink
				var rep reports
				e := echo.New()
				e.Debug = debug
				e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Logger: sink.logger(slog.LevelDebug), Report: rep.report})
				tc.setup(e)
				req := httptest.NewRequest(http.MethodGet, "/x", nil)
				if tc.req != nil {
					req = tc.req()
				}
				rec := httptest.NewRecorder()
				e.ServeHTTP(rec, req)
				assert.Equal(t, tc.want.status, rec.Code)
				var body map[string]any
				require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body), rec.Body.String())
				assert.NotContains(t, rec.Body.String(), "goroutine", "no stack in a body, even in debug")
				recs := sink.records(t, answered)
				require.Len(t, recs, 1)
				assert.Equal(t, tc.want.level, recs[0]["level"])
				assert.Len(t, rep.list(), map[bool]int{true: 1, false: 0}[tc.want.reported])
				if strings.Contains(tc.name, "panic") {
					assert.Contains(t, recs[0]["stack"], "goroutine", "the stack is in the log")
					assert.Contains(t, recs[0]["error"], "assignment to entry in nil map")
				}
			})
		}
	}
}

// failingWriter fails every write.
type failingWriter struct {
	h      http.Header
	status int
}

func (w *failingWriter) Header() http.Header       { return w.h }
func (w *failingWriter) WriteHeader(code int)      { w.status = code }
func (w *failingWriter) Write([]byte) (int, error) { return 0, errors.New("write: broken pipe") }

func TestFaultsInTheErrorPath(t *testing.T) {
	t.Run("nok, the response writer fails: logged, still serving", func(t *testing.T) {
		var sink logSink
		e := echo.New()
		e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Logger: sink.logger(slog.LevelInfo)})
		e.GET("/x", returning(echo.ErrNotFound))
		w := &failingWriter{h: http.Header{}}
		require.NotPanics(t, func() { e.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/x", nil)) })
		assert.Equal(t, 404, w.status)
		assert.Contains(t, sink.String(), "writing the error response failed")
		assert.Contains(t, sink.String(), "broken pipe")
		assert.Equal(t, 404, serve(e, http.MethodGet, "/x").Code)
	})
	t.Run("nok, NaN and channels in fields: a well-formed 500", func(t *testing.T) {
		for _, v := range []any{math.NaN(), make(chan int), math.Inf(1), func() {}} {
			e := echo.New()
			e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Logger: slog.New(slog.DiscardHandler)})
			e.GET("/x", func(c echo.Context) error { return echoerr.Abort(c, 400, "m", echoerr.Fields{"v": v}) })
			assertJSON(t, serve(e, http.MethodGet, "/x"), 500, `{"message":"Internal Server Error"}`)
			p := problem(t, request(e, http.MethodGet, "/x", echo.HeaderAccept, "application/problem+json"))
			assert.Equal(t, float64(500), p["status"])
		}
	})
	t.Run("ok, committed response: nothing written, logged once as the error's class", func(t *testing.T) {
		cases := []struct {
			err      error
			status   float64
			level    string
			reported int
		}{
			{errors.New("stream broke"), 500, "ERROR", 1},
			{fmt.Errorf("w: %w", echo.ErrBadRequest), 400, "INFO", 0},
		}
		for _, tc := range cases {
			var sink logSink
			var rep reports
			e := echo.New()
			e.Use(middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{HandleError: true, LogStatus: true,
				LogValuesFunc: func(echo.Context, middleware.RequestLoggerValues) error { return nil }}))
			e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Logger: sink.logger(slog.LevelInfo), Report: rep.report})
			e.GET("/x", func(c echo.Context) error {
				_ = c.String(http.StatusOK, "partial")
				return tc.err
			})
			rec := serve(e, http.MethodGet, "/x")
			assert.Equal(t, "partial", rec.Body.String())
			recs := sink.records(t, answered)
			require.Len(t, recs, 1, "once, though RequestLogger calls the handler too")
			assert.Equal(t, true, recs[0]["committed"])
			assert.Equal(t, "none", recs[0]["rule"])
			assert.Equal(t, tc.status, recs[0]["status"])
			assert.Equal(t, float64(200), recs[0]["sent_status"])
			assert.Equal(t, tc.level, recs[0]["level"])
			assert.Len(t, rep.list(), tc.reported)
		}
	})
}

// TestClientThatGoesAwayOverRealHTTP closes the connection while the handler
// waits: the error path runs against a dead client, logs below Error, and the
// server keeps answering.
func TestClientThatGoesAwayOverRealHTTP(t *testing.T) {
	var sink logSink
	var rep reports
	started := make(chan struct{})
	done := make(chan struct{})
	e := echo.New()
	e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Logger: sink.logger(slog.LevelDebug), Report: rep.report})
	e.GET("/slow", func(c echo.Context) error {
		close(started)
		defer close(done)
		select {
		case <-c.Request().Context().Done():
			return fmt.Errorf("query: %w", c.Request().Context().Err())
		case <-time.After(5 * time.Second):
			return errors.New("client did not go away")
		}
	})
	e.GET("/ok", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	srv := httptest.NewServer(e)
	defer srv.Close()

	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	require.NoError(t, err)
	_, err = fmt.Fprintf(conn, "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
	require.NoError(t, err)
	<-started
	require.NoError(t, conn.Close())
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the handler did not see the client go away")
	}
	require.Eventually(t, func() bool { return len(sink.records(t, answered)) == 1 }, 5*time.Second, 10*time.Millisecond)
	r := sink.records(t, answered)[0]
	assert.Equal(t, float64(499), r["status"])
	assert.Equal(t, "INFO", r["level"], "below error")
	assert.Equal(t, true, r["client_gone"])
	assert.Empty(t, rep.list())

	res, err := http.Get(srv.URL + "/ok")
	require.NoError(t, err)
	defer res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)
}

func TestRespondLetsOuterMiddlewareSeeTheStatus(t *testing.T) {
	for _, withRespond := range []bool{false, true} {
		var seen int
		var logs logSink
		e := echo.New()
		e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Logger: logs.logger(slog.LevelInfo)})
		e.Use(func(next echo.HandlerFunc) echo.HandlerFunc { // reads the status after next, as sentryecho does
			return func(c echo.Context) error {
				err := next(c)
				seen = c.Response().Status
				return err
			}
		})
		if withRespond {
			e.Use(echoerr.Respond())
		}
		e.GET("/x", returning(fmt.Errorf("w: %w", echo.ErrConflict)))
		rec := serve(e, http.MethodGet, "/x")
		assertJSON(t, rec, 409, `{"message":"Conflict"}`)
		assert.Len(t, logs.records(t, answered), 1)
		if withRespond {
			assert.Equal(t, 409, seen)
		} else {
			assert.Equal(t, 200, seen, "without Respond the outer middleware runs before the answer")
		}
	}
}

func TestPanicStackFoundAnywhereInTheTree(t *testing.T) {
	var sink logSink
	e := echo.New()
	e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Logger: sink.logger(slog.LevelInfo)})
	p := &echoerr.PanicError{Value: errors.New("boom"), Stack: []byte("goroutine 7 [running]")}
	e.GET("/x", returning(errors.Join(errors.New("cleanup failed"), fmt.Errorf("handler: %w", p))))
	rec := serve(e, http.MethodGet, "/x")
	assertJSON(t, rec, 500, `{"message":"Internal Server Error"}`)
	recs := sink.records(t, answered)
	require.Len(t, recs, 1)
	assert.Equal(t, "goroutine 7 [running]", recs[0]["stack"])
}

// echoerr's own error types are named as users know them, by the
// adapter's package: *echoerr.AbortError, whichever package defines them.
func TestLogNamesEchoerrTypes(t *testing.T) {
	var sink logSink
	e := echo.New()
	e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Logger: sink.logger(slog.LevelDebug),
		Rules: []echoerr.Rule{echoerr.Declare[*echoerr.Errors](echoerr.Entry{Status: 422})}})
	e.GET("/abort", func(c echo.Context) error {
		return fmt.Errorf("check: %w", echoerr.Abort(c, http.StatusConflict, "taken", nil))
	})
	e.GET("/errors", func(c echo.Context) error { return echoerr.NewErrors(400).Add("x", "y", nil) })
	serve(e, http.MethodGet, "/abort")
	serve(e, http.MethodGet, "/errors")
	recs := sink.records(t, answered)
	require.Len(t, recs, 2)
	assert.Equal(t, "*fmt.wrapError > *echoerr.AbortError", recs[0]["error_chain"])
	assert.Equal(t, "*echoerr.Errors", recs[1]["error_chain"])
	assert.Equal(t, "type *echoerr.Errors", recs[1]["rule"])
}

// Rules that match alike are told apart: by their name (Rule.Named), else
// by where they were registered, in the log line, the Event and Describe.
func TestRuleNames(t *testing.T) {
	var sink logSink
	var rep reports
	code := func(c string) func(*dbErr) bool { return func(e *dbErr) bool { return e.code == c } }
	e := echo.New()
	e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{
		Logger:   sink.logger(slog.LevelDebug),
		Report:   rep.report,
		ReportIf: func(echoerr.Event) bool { return true },
		Rules: []echoerr.Rule{
			echoerr.DeclareIf(code("23505"), echoerr.Entry{Status: http.StatusConflict}).Named("unique-sku"),
			echoerr.DeclareIf(code("40001"), echoerr.Entry{Status: http.StatusServiceUnavailable}),
		},
	})
	api := echoerr.Group(e, "/api")
	api.ErrorHandler(func(c echo.Context, err error) error { return err })
	e.GET("/unique", returning(&dbErr{code: "23505"}))
	e.GET("/retry", returning(&dbErr{code: "40001"}))
	serve(e, http.MethodGet, "/unique")
	serve(e, http.MethodGet, "/retry")
	lines := sink.records(t, answered)
	require.Len(t, lines, 2)
	assert.Equal(t, "unique-sku", lines[0]["rule_name"])
	assert.Regexp(t, `^report_test\.go:\d+$`, lines[1]["rule_name"])
	assert.Equal(t, lines[0]["rule"], lines[1]["rule"], "both match alike")
	evs := rep.list()
	require.Len(t, evs, 2)
	assert.Equal(t, "unique-sku", evs[0].RuleName)
	assert.Equal(t, lines[1]["rule_name"], evs[1].RuleName)

	d := echoerr.Describe(e)
	var names []string
	for _, a := range d.Routes[0].Answers {
		names = append(names, a.Name)
	}
	assert.Contains(t, names, "unique-sku")
	var table strings.Builder
	require.NoError(t, d.WriteTable(&table))
	assert.Contains(t, table.String(), "(unique-sku)")
	assert.Regexp(t, `\(if\) \(report_test\.go:\d+\)`, table.String(), "rules that match alike show where they were registered")
	require.NotEmpty(t, d.Prefixes)
	assert.Regexp(t, `^report_test\.go:\d+$`, d.Prefixes[0].Answers[0].Name, "a namespace's ErrorHandler is named where the app called it, not inside echoerr")
}
