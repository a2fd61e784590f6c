package echoerr_test

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/echoerr/echoerr"
)

var (
	loadRequests = flag.Int("load.requests", 3000, "requests TestLoad sends (try 200000 for a long run)")
	loadClients  = flag.Int("load.clients", 50, "concurrent clients of TestLoad")
	loadTimeout  = flag.Duration("load.timeout", 90*time.Second, "time bound of TestLoad")
)

// loadCase is one kind of request of the load mix, with its expected answer.
type loadCase struct {
	method, path, accept string
	status               int
	ctype                string
	body                 string // JSON compared as JSON; for HTML, a part of the page
	header               [2]string
}

// newLoadApp is an app with namespaces and every kind of error answer.
func newLoadApp() *echo.Echo {
	e := echo.New()
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{LogErrorFunc: echoerr.RecoverLogErrorFunc}))
	e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{
		Logger: slog.New(slog.DiscardHandler),
		Rules: []echoerr.Rule{
			echoerr.DeclareError(ErrMovieNotExists, echoerr.Entry{Status: 404, Message: "no movie"}),
		},
	})
	api := echoerr.Group(e, "/api")
	api.Handle(echoerr.On(func(c echo.Context, err *E) error {
		return c.JSON(http.StatusConflict, map[string]int{"n": err.N})
	}))
	v1 := api.Group("/v1", func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if c.Request().Header.Get("X-Deny") != "" {
				return echo.ErrForbidden
			}
			return next(c)
		}
	})
	v1.Handle(echoerr.OnStatus(http.StatusForbidden, func(c echo.Context, err error) error {
		return c.JSON(http.StatusForbidden, map[string]string{"by": "v1"})
	}))
	v1.GET("/typed/:n", func(c echo.Context) error {
		var n int
		_, _ = fmt.Sscan(c.Param("n"), &n)
		return fmt.Errorf("wrap: %w", &E{N: n})
	})
	v1.Match([]string{http.MethodGet, http.MethodHead}, "/movie", returning(fmt.Errorf("get: %w", ErrMovieNotExists)))
	v1.POST("/abort", func(c echo.Context) error {
		return echoerr.Abort(c, http.StatusBadRequest, "name is required", echoerr.Fields{"field": "name"})
	})
	v1.GET("/multi", returning(echoerr.NewErrors(422).Add("invalid-data", "a", nil).Add("invalid-data", "b", 1)))
	v1.GET("/plain", returning(errors.New(secret)))
	v1.GET("/panic", func(c echo.Context) error { panic(secret) })
	v1.GET("/ok", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	// Broken error values and hostile handlers (see hardening_test.go).
	broken := v1.Group("/broken")
	broken.Handle(echoerr.On(func(c echo.Context, err detailErr) error { c.Error(err); return nil }))
	var nilDeref *derefErr
	broken.GET("/nil", returning(nilDeref))
	broken.GET("/error-panics", returning(fmt.Errorf("w: %w", panicking{"Error"})))
	broken.GET("/status-panics", returning(panicStatus{}))
	broken.GET("/cycle", returning(&cycle{}))
	broken.GET("/pair", returning(&pair{}))
	broken.GET("/uncomparable", returning(detailErr{[]string{secret}}))
	broken.GET("/hook", func(c echo.Context) error {
		c.Response().Before(func() { panic("hook exploded") })
		return echo.NewHTTPError(http.StatusConflict, "taken")
	})
	blog := echoerr.Group(e, "/blog")
	blog.SetFormat(echoerr.Format{HTML: true})
	blog.GET("/post", returning(echo.ErrNotFound))
	return e
}

var loadMix = []loadCase{
	{method: "GET", path: "/api/v1/typed/7", status: 409, ctype: "application/json", body: `{"n":7}`},
	{method: "GET", path: "/api/v1/movie", status: 404, ctype: "application/json", body: `{"message":"no movie"}`},
	{method: "POST", path: "/api/v1/abort", status: 400, ctype: "application/json", body: `{"message":"name is required","field":"name"}`},
	{method: "GET", path: "/api/v1/multi", status: 422, ctype: "application/json",
		body: `{"errors":[{"code":"invalid-data","message":"a","info":null},{"code":"invalid-data","message":"b","info":1}]}`},
	{method: "GET", path: "/api/v1/plain", status: 500, ctype: "application/json", body: `{"message":"Internal Server Error"}`},
	{method: "GET", path: "/api/v1/panic", status: 500, ctype: "application/json", body: `{"message":"Internal Server Error"}`},
	{method: "GET", path: "/api/v1/nope", status: 404, ctype: "application/json", body: `{"message":"Not Found"}`},
	{method: "DELETE", path: "/api/v1/ok", status: 405, ctype: "application/json", body: `{"message":"Method Not Allowed"}`, header: [2]string{"Allow", "OPTIONS, GET"}},
	{method: "GET", path: "/api/v1/ok", status: 200, ctype: "text/plain; charset=UTF-8", body: "ok"},
	{method: "GET", path: "/api/v1/movie", accept: "application/problem+json", status: 404, ctype: "application/problem+json",
		body: `{"type":"about:blank","title":"Not Found","status":404,"detail":"no movie","instance":"/api/v1/movie"}`},
	{method: "GET", path: "/blog/post", accept: "text/html", status: 404, ctype: "text/html; charset=UTF-8", body: "<h1>404 Not Found</h1>"},
	{method: "HEAD", path: "/api/v1/movie", status: 404},
	{method: "GET", path: "/api/v1/typed/1", accept: "X-Deny", status: 403, ctype: "application/json", body: `{"by":"v1"}`},
	{method: "GET", path: "/api/v1/broken/nil", status: 500, ctype: "application/json", body: `{"message":"Internal Server Error"}`},
	{method: "GET", path: "/api/v1/broken/error-panics", status: 500, ctype: "application/json", body: `{"message":"Internal Server Error"}`},
	{method: "GET", path: "/api/v1/broken/status-panics", status: 500, ctype: "application/json", body: `{"message":"Internal Server Error"}`},
	{method: "GET", path: "/api/v1/broken/cycle", status: 500, ctype: "application/json", body: `{"message":"Internal Server Error"}`},
	{method: "GET", path: "/api/v1/broken/pair", accept: "application/problem+json", status: 500, ctype: "application/problem+json",
		body: `{"type":"about:blank","title":"Internal Server Error","status":500,"instance":"/api/v1/broken/pair"}`},
	{method: "GET", path: "/api/v1/broken/uncomparable", status: 500, ctype: "application/json", body: `{"message":"Internal Server Error"}`},
	{method: "GET", path: "/api/v1/broken/hook", status: 500, ctype: "application/json", body: `{"message":"Internal Server Error"}`},
}

// TestLoad drives a real server on 127.0.0.1 from concurrent clients, for a
// bounded count and time, and checks every answer. It prints the totals and
// fails on any wrong answer or on goroutines left behind.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test skipped in -short mode")
	}
	heapBefore := heapInUse()
	before := runtime.NumGoroutine()
	srv := httptest.NewServer(newLoadApp()) // listens on 127.0.0.1 only
	transport := &http.Transport{MaxIdleConnsPerHost: *loadClients}
	client := &http.Client{Timeout: 10 * time.Second, Transport: transport}

	ctx, cancel := context.WithTimeout(context.Background(), *loadTimeout)
	defer cancel()
	var sent, wrong, malformed atomic.Int64
	var firstErr sync.Once
	var firstMsg string
	fail := func(counter *atomic.Int64, format string, args ...any) {
		counter.Add(1)
		firstErr.Do(func() { firstMsg = fmt.Sprintf(format, args...) })
	}

	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < *loadClients; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				lc := loadMix[i%len(loadMix)]
				req, err := http.NewRequestWithContext(ctx, lc.method, srv.URL+lc.path, nil)
				if err != nil {
					fail(&wrong, "new request: %v", err)
					continue
				}
				if lc.accept == "X-Deny" {
					req.Header.Set("X-Deny", "1")
				} else if lc.accept != "" {
					req.Header.Set("Accept", lc.accept)
				}
				res, err := client.Do(req)
				sent.Add(1)
				if err != nil {
					fail(&wrong, "%s %s: %v", lc.method, lc.path, err)
					continue
				}
				body, err := io.ReadAll(res.Body)
				_ = res.Body.Close()
				if err != nil {
					fail(&malformed, "%s %s: reading body: %v", lc.method, lc.path, err)
					continue
				}
				checkLoadAnswer(lc, res, body, fail, &wrong, &malformed)
			}
		}()
	}
	start := time.Now()
	n := 0
send:
	for ; n < *loadRequests; n++ {
		select {
		case jobs <- n:
		case <-ctx.Done():
			break send
		}
	}
	close(jobs)
	wg.Wait()
	elapsed := time.Since(start)

	srv.Close()
	client.CloseIdleConnections()
	after := runtime.NumGoroutine()
	for deadline := time.Now().Add(5 * time.Second); after > before && time.Now().Before(deadline); after = runtime.NumGoroutine() {
		time.Sleep(20 * time.Millisecond)
	}
	heapAfter := heapInUse()
	t.Logf("load: requests=%d clients=%d wrong=%d malformed=%d goroutines before=%d after=%d heap before=%.1fMB after=%.1fMB elapsed=%s (%.0f req/s)",
		sent.Load(), *loadClients, wrong.Load(), malformed.Load(), before, after,
		float64(heapBefore)/(1<<20), float64(heapAfter)/(1<<20), elapsed.Round(time.Millisecond),
		float64(sent.Load())/elapsed.Seconds())
	if firstMsg != "" {
		t.Logf("first problem: %s", firstMsg)
	}
	assert.Zero(t, wrong.Load(), "wrong answers")
	assert.Zero(t, malformed.Load(), "malformed bodies")
	assert.EqualValues(t, *loadRequests, sent.Load(), "every request sent within the time bound")
	assert.LessOrEqual(t, after, before, "goroutines left behind")
	assert.Less(t, heapAfter, heapBefore+8<<20, "heap grew by more than 8 MB")
}

// heapInUse returns the live heap after two collections (the second empties
// what sync.Pools kept through the first).
func heapInUse() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func checkLoadAnswer(lc loadCase, res *http.Response, body []byte, fail func(*atomic.Int64, string, ...any), wrong, malformed *atomic.Int64) {
	where := lc.method + " " + lc.path
	if res.StatusCode != lc.status {
		fail(wrong, "%s: status %d, want %d (%s)", where, res.StatusCode, lc.status, body)
		return
	}
	if lc.header[0] != "" && res.Header.Get(lc.header[0]) != lc.header[1] {
		fail(wrong, "%s: %s %q, want %q", where, lc.header[0], res.Header.Get(lc.header[0]), lc.header[1])
		return
	}
	if lc.method == http.MethodHead {
		if len(body) != 0 {
			fail(malformed, "%s: HEAD body %q", where, body)
		}
		return
	}
	if ct := res.Header.Get("Content-Type"); ct != lc.ctype {
		fail(wrong, "%s: content type %q, want %q", where, ct, lc.ctype)
		return
	}
	switch {
	case strings.Contains(lc.ctype, "json"):
		var got, want any
		if err := json.Unmarshal(body, &got); err != nil {
			fail(malformed, "%s: %v in %q", where, err, body)
			return
		}
		_ = json.Unmarshal([]byte(lc.body), &want)
		if !jsonEqualValues(got, want) {
			fail(wrong, "%s: body %s, want %s", where, body, lc.body)
		}
	case strings.HasPrefix(lc.ctype, "text/html"):
		if !strings.HasSuffix(string(body), "</html>\n") {
			fail(malformed, "%s: not a page: %q", where, body)
		} else if !strings.Contains(string(body), lc.body) {
			fail(wrong, "%s: page without %q", where, lc.body)
		}
	default:
		if string(body) != lc.body {
			fail(wrong, "%s: body %q, want %q", where, body, lc.body)
		}
	}
	if strings.Contains(string(body), secret) {
		fail(wrong, "%s: internal text in the body", where)
	}
}

func jsonEqualValues(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

func TestLoadMixIsRight(t *testing.T) {
	// The load test's expectations, checked once through e.ServeHTTP, so
	// that a wrong expectation shows as itself and not as load failures.
	e := newLoadApp()
	for _, lc := range loadMix {
		req := httptest.NewRequest(lc.method, lc.path, nil)
		if lc.accept == "X-Deny" {
			req.Header.Set("X-Deny", "1")
		} else if lc.accept != "" {
			req.Header.Set("Accept", lc.accept)
		}
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		var wrong, malformed atomic.Int64
		var msgs []string
		checkLoadAnswer(lc, rec.Result(), rec.Body.Bytes(), func(c *atomic.Int64, f string, a ...any) {
			c.Add(1)
			msgs = append(msgs, fmt.Sprintf(f, a...))
		}, &wrong, &malformed)
		require.Empty(t, msgs, "%s %s", lc.method, lc.path)
	}
}
