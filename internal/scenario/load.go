package scenario

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// LoadCase is one kind of request of a load mix, with its expected answer.
type LoadCase struct {
	Method, Path string
	Header       [2]string // a request header, or none
	Status       int
	CType        string
	Body         string    // JSON compared as JSON; for HTML, a part of the page
	Want         [2]string // a response header, or none
}

// LoadConfig bounds a load run.
type LoadConfig struct {
	Requests int
	Clients  int
	Timeout  time.Duration
}

// Load drives a real server on 127.0.0.1 serving h from cfg.Clients
// concurrent clients, for cfg.Requests requests (the mix in turn) within
// cfg.Timeout, and checks every answer. It logs the totals and fails on a
// wrong or malformed answer, on a request not sent in time, on goroutines
// left behind, and on a heap grown by more than 8 MB.
func Load(t *testing.T, h http.Handler, mix []LoadCase, cfg LoadConfig) {
	t.Helper()
	heapBefore := heapInUse()
	before := runtime.NumGoroutine()
	srv := httptest.NewServer(h) // listens on 127.0.0.1 only
	transport := &http.Transport{MaxIdleConnsPerHost: cfg.Clients}
	client := &http.Client{Timeout: 10 * time.Second, Transport: transport}

	ctx, cancel := context.WithTimeout(context.Background(), cfg.Timeout)
	defer cancel()
	var sent, wrong atomic.Int64
	var first sync.Once
	var firstMsg string
	fail := func(format string, args ...any) {
		wrong.Add(1)
		first.Do(func() { firstMsg = fmt.Sprintf(format, args...) })
	}

	jobs := make(chan int)
	var wg sync.WaitGroup
	for range cfg.Clients {
		wg.Go(func() {
			for i := range jobs {
				lc := mix[i%len(mix)]
				req, err := http.NewRequestWithContext(ctx, lc.Method, srv.URL+lc.Path, nil)
				if err != nil {
					fail("new request: %v", err)
					continue
				}
				if lc.Header[0] != "" {
					req.Header.Set(lc.Header[0], lc.Header[1])
				}
				res, err := client.Do(req)
				sent.Add(1)
				if err != nil {
					fail("%s %s: %v", lc.Method, lc.Path, err)
					continue
				}
				body, err := io.ReadAll(res.Body)
				_ = res.Body.Close()
				if err != nil {
					fail("%s %s: reading body: %v", lc.Method, lc.Path, err)
					continue
				}
				if msg := CheckAnswer(lc, res.StatusCode, res.Header, body); msg != "" {
					fail("%s", msg)
				}
			}
		})
	}
	start := time.Now()
send:
	for n := 0; n < cfg.Requests; n++ {
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
	t.Logf("load: requests=%d clients=%d wrong=%d goroutines before=%d after=%d heap before=%.1fMB after=%.1fMB elapsed=%s (%.0f req/s)",
		sent.Load(), cfg.Clients, wrong.Load(), before, after,
		float64(heapBefore)/(1<<20), float64(heapAfter)/(1<<20), elapsed.Round(time.Millisecond),
		float64(sent.Load())/elapsed.Seconds())
	if firstMsg != "" {
		t.Errorf("first problem: %s", firstMsg)
	}
	if n := wrong.Load(); n != 0 {
		t.Errorf("%d wrong or malformed answers", n)
	}
	if n := sent.Load(); n != int64(cfg.Requests) {
		t.Errorf("%d of %d requests sent within %s", n, cfg.Requests, cfg.Timeout)
	}
	if after > before {
		t.Errorf("goroutines left behind: %d before, %d after", before, after)
	}
	if heapAfter > heapBefore+8<<20 {
		t.Errorf("heap grew by more than 8 MB: %d -> %d", heapBefore, heapAfter)
	}
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

// CheckAnswer returns what is wrong with an answer to lc, or "".
func CheckAnswer(lc LoadCase, status int, h http.Header, body []byte) string {
	where := lc.Method + " " + lc.Path
	if status != lc.Status {
		return fmt.Sprintf("%s: status %d, want %d (%s)", where, status, lc.Status, body)
	}
	if lc.Want[0] != "" && h.Get(lc.Want[0]) != lc.Want[1] {
		return fmt.Sprintf("%s: %s %q, want %q", where, lc.Want[0], h.Get(lc.Want[0]), lc.Want[1])
	}
	if strings.Contains(string(body), Secret) {
		return where + ": internal text in the body"
	}
	if lc.Method == http.MethodHead {
		if len(body) != 0 {
			return fmt.Sprintf("%s: HEAD body %q", where, body)
		}
		return ""
	}
	if ct := h.Get("Content-Type"); ct != lc.CType {
		return fmt.Sprintf("%s: content type %q, want %q", where, ct, lc.CType)
	}
	switch {
	case strings.Contains(lc.CType, "json"):
		var got, want any
		if err := json.Unmarshal(body, &got); err != nil {
			return fmt.Sprintf("%s: %v in %q", where, err, body)
		}
		if err := json.Unmarshal([]byte(lc.Body), &want); err != nil {
			return fmt.Sprintf("%s: the expected body is not JSON: %v", where, err)
		}
		ja, _ := json.Marshal(got)
		jb, _ := json.Marshal(want)
		if string(ja) != string(jb) {
			return fmt.Sprintf("%s: body %s, want %s", where, body, lc.Body)
		}
	case strings.HasPrefix(lc.CType, "text/html"):
		if !strings.HasSuffix(string(body), "</html>\n") {
			return fmt.Sprintf("%s: not a page: %q", where, body)
		}
		if !strings.Contains(string(body), lc.Body) {
			return fmt.Sprintf("%s: page without %q", where, lc.Body)
		}
	default:
		if string(body) != lc.Body {
			return fmt.Sprintf("%s: body %q, want %q", where, body, lc.Body)
		}
	}
	return ""
}

// P99Ratio measures, for BenchmarkLoadP99 of each adapter, a real server's
// tail latency with echoerr against Echo's default handler: each b.Loop
// iteration serves a round of 1,280 requests (paths in turn, from 32
// keep-alive clients) on reference, then on echoerr (servers on 127.0.0.1),
// and it reports the median over the rounds of echoerr's p99 over the
// reference's as the p99-ratio metric.
func P99Ratio(b *testing.B, reference, echoerr string, paths []string) {
	round := func(base string) time.Duration {
		const clients, each = 32, 40
		lat := make([]time.Duration, clients*each)
		var wg sync.WaitGroup
		for i := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1}, Timeout: 10 * time.Second}
				defer client.CloseIdleConnections()
				for j := range each {
					start := time.Now()
					res, err := client.Get(base + paths[(i+j)%len(paths)])
					if err != nil {
						b.Error(err)
						return
					}
					_, _ = io.Copy(io.Discard, res.Body)
					res.Body.Close()
					lat[i*each+j] = time.Since(start)
				}
			}()
		}
		wg.Wait()
		slices.Sort(lat)
		return lat[len(lat)*99/100]
	}
	var ratios []float64
	for b.Loop() {
		ref := round(reference)
		x := round(echoerr)
		ratios = append(ratios, float64(x)/float64(ref))
	}
	slices.Sort(ratios)
	b.ReportMetric(ratios[len(ratios)/2], "p99-ratio")
}
