package scenario

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// Logs collects the JSON log lines and the reports of one app.
type Logs struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	reports int
}

// Reported counts one call of the app's Config.Report.
func (l *Logs) Reported() {
	l.mu.Lock()
	l.reports++
	l.mu.Unlock()
}

func (l *Logs) reportCount() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.reports
}

// Logger returns a logger writing to l, every level.
func (l *Logs) Logger() *slog.Logger {
	return slog.New(slog.NewJSONHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func (l *Logs) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// text returns everything written to l.
func (l *Logs) text() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// Answered returns the "echoerr: error answered" lines.
func (l *Logs) Answered() []map[string]any {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []map[string]any
	for _, line := range strings.Split(l.buf.String(), "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(line), &m) == nil && m["msg"] == "echoerr: error answered" {
			out = append(out, m)
		}
	}
	return out
}

// Run runs every scenario: build makes the app of one scenario with the
// adapter's Echo, its logger writing to logs.
func Run(t *testing.T, build func(s Scenario, logs *Logs) http.Handler) {
	for _, s := range append(All(), EnvelopeScenarios()...) {
		t.Run(s.Name, func(t *testing.T) {
			for range max(s.Repeat, 1) {
				runOne(t, s, build)
			}
		})
	}
}

func runOne(t *testing.T, s Scenario, build func(s Scenario, logs *Logs) http.Handler) {
	t.Helper()
	for _, r := range s.Routes {
		if r.Hijack != "" {
			runHijacked(t, s, r, build)
			return
		}
	}
	{
		{
			logs := &Logs{}
			h := build(s, logs)
			method, path := s.Method, s.Path
			if method == "" {
				method = http.MethodGet
			}
			if path == "" && len(s.Routes) > 0 {
				r := s.Routes[0]
				path = r.Path
				for i := r.NS; i >= 0; i = s.Namespaces[i].Parent {
					path = s.Namespaces[i].Prefix + path
				}
			}
			req := httptest.NewRequest(method, path, nil)
			if s.Gone {
				ctx, cancel := context.WithCancel(req.Context())
				cancel()
				req = req.WithContext(ctx)
			}
			if s.Accept != "" {
				req.Header.Set("Accept", s.Accept)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != s.Want.Status {
				t.Fatalf("status %d, want %d; body %q", rec.Code, s.Want.Status, rec.Body.String())
			}
			if s.Want.Body != "" || method == http.MethodHead {
				if got := rec.Body.String(); got != s.Want.Body {
					t.Errorf("body %q, want %q", got, s.Want.Body)
				}
			}
			for k, v := range s.Want.Header {
				if got := rec.Header().Get(k); got != v {
					t.Errorf("header %s: %q, want %q", k, got, v)
				}
			}
			for k, want := range s.Want.Values {
				if got := rec.Header().Values(k); !slices.Equal(got, want) {
					t.Errorf("header %s: %q, want %q", k, got, want)
				}
			}
			if len(s.Want.Allow) > 0 {
				allow := rec.Header().Get("Allow")
				for _, m := range s.Want.Allow {
					if !strings.Contains(allow, m) {
						t.Errorf("Allow %q does not list %s", allow, m)
					}
				}
			}
			lines := logs.Answered()
			wantLines := max(s.Want.Lines, 1)
			if len(lines) != wantLines {
				t.Fatalf("%d answer lines, want %d: %v", len(lines), wantLines, lines)
			}
			line := lines[0]
			if int(line["status"].(float64)) != s.Want.Status {
				t.Errorf("logged status %v, want %d", line["status"], s.Want.Status)
			}
			if s.Want.Rule != "" && line["rule"] != s.Want.Rule {
				t.Errorf("logged rule %q, want %q", line["rule"], s.Want.Rule)
			}
			if s.Want.Level != "" && line["level"] != s.Want.Level {
				t.Errorf("logged at %v, want %s", line["level"], s.Want.Level)
			}
			if s.Want.ClientGone && line["client_gone"] != true {
				t.Errorf("log line without client_gone: %v", line)
			}
			if mp, _ := line["method_panicked"].(string); s.Want.Panicked != "" && !strings.Contains(mp, s.Want.Panicked) {
				t.Errorf("logged method_panicked %q, want it to hold %q", mp, s.Want.Panicked)
			}
			if s.Want.Cause != "" && line["cause"] != s.Want.Cause {
				t.Errorf("logged cause %q, want %q", line["cause"], s.Want.Cause)
			}
			for k, v := range s.Want.Attrs {
				if fmt.Sprint(line[k]) != v {
					t.Errorf("logged %s %v, want %q", k, line[k], v)
				}
			}
			if s.Want.NS != nil && line["rule_level"] != *s.Want.NS {
				t.Errorf("logged rule_level %q, want %q", line["rule_level"], *s.Want.NS)
			}
			wantReports := s.Want.Reports
			if wantReports == -2 {
				wantReports = 0 // none, whatever the status
			} else if wantReports <= 0 {
				wantReports = 0
				if s.Want.Status >= 500 {
					wantReports = 1 // the default ReportIf: 5xx answers
				}
			}
			if got := logs.reportCount(); got != wantReports {
				t.Errorf("%d reports, want %d", got, wantReports)
			}
			if s.Want.Status >= 500 && !s.Debug && strings.Contains(rec.Body.String(), "secret") {
				t.Errorf("5xx body leaks the error's text: %q", rec.Body.String())
			}
		}
	}
}

// runHijacked serves s, whose route r hijacks the connection, with a real
// server on 127.0.0.1: the client reads what the handler wrote and nothing
// else, net/http logs nothing, and echoerr logs one line (the status the
// error would have had, hijacked) and reports as Want says.
// TakeOver is what a Route with Hijack does before it returns its error:
// it takes over w's connection, writes text on it and closes it.
func TakeOver(w http.ResponseWriter, text string) error {
	conn, rw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return err
	}
	_, _ = rw.WriteString(text)
	_ = rw.Flush()
	_ = conn.Close()
	return nil
}

func runHijacked(t *testing.T, s Scenario, r Route, build func(s Scenario, logs *Logs) http.Handler) {
	t.Helper()
	logs := &Logs{}
	var serverLog Logs // net/http's own complaints
	srv := httptest.NewUnstartedServer(build(s, logs))
	srv.Config.ErrorLog = log.New(&serverLog, "", 0)
	srv.Start()
	defer srv.Close()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, "GET "+r.Path+" HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: test\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	got, err := io.ReadAll(conn)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != r.Hijack {
		t.Errorf("the client read %q, want only what the handler wrote, %q", got, r.Hijack)
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(logs.Answered()) == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond) // a second line, if any, shows
	lines := logs.Answered()
	if len(lines) != 1 {
		t.Fatalf("%d answer lines, want 1: %v", len(lines), lines)
	}
	line := lines[0]
	if int(line["status"].(float64)) != s.Want.Status {
		t.Errorf("logged status %v, want %d", line["status"], s.Want.Status)
	}
	if s.Want.Rule != "" && line["rule"] != s.Want.Rule {
		t.Errorf("logged rule %q, want %q", line["rule"], s.Want.Rule)
	}
	for k, v := range s.Want.Attrs {
		if fmt.Sprint(line[k]) != v {
			t.Errorf("logged %s %v, want %q", k, line[k], v)
		}
	}
	want := 0
	if s.Want.Status >= 500 {
		want = 1
	}
	if got := logs.reportCount(); got != want {
		t.Errorf("%d reports, want %d", got, want)
	}
	if l := serverLog.text(); l != "" {
		t.Errorf("net/http logged %q", l)
	}
}

// SameLogLine checks, for each adapter's TestLoggedFloorLine, that echoerr's
// default log line and the hand-written reference of the Logged benchmarks
// hold the same attributes (but the time; level and msg included, want in
// all) and that both answer the same body. serve serves the benchmark's
// request with the reference (ref) or with echoerr, logging to logger, and
// returns the body.
func SameLogLine(t *testing.T, want int, serve func(ref bool, logger *slog.Logger) string) {
	t.Helper()
	line := func(ref bool) (map[string]any, string) {
		var buf bytes.Buffer
		body := serve(ref, slog.New(slog.NewJSONHandler(&buf, nil)))
		var m map[string]any
		if err := json.Unmarshal(buf.Bytes(), &m); err != nil {
			t.Fatalf("log %q: %v", buf.String(), err)
		}
		delete(m, "time")
		return m, body
	}
	got, gotBody := line(false)
	ref, refBody := line(true)
	if fmt.Sprint(got) != fmt.Sprint(ref) || gotBody != refBody {
		t.Errorf("echoerr logged %v and answered %q; the reference %v and %q", got, gotBody, ref, refBody)
	}
	if len(got) != want {
		t.Errorf("%d fields in echoerr's line, want %d: %v", len(got), want, got)
	}
}
