package kittest

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// TB is what a database server's helpers need of a test, or of TestMain
// (MainT), which starts a server that the whole package shares.
type TB interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
	Skip(args ...any)
	Cleanup(func())
}

// MainT is a TB for TestMain: Fatal and Skip panic (TestMain recovers and
// fails), cleanups run at Close.
type MainT struct{ cleanups []func() }

func (*MainT) Helper()                      {}
func (*MainT) Fatal(args ...any)            { panic(fmt.Sprint(args...)) }
func (*MainT) Fatalf(f string, args ...any) { panic(fmt.Sprintf(f, args...)) }
func (*MainT) Skip(args ...any)             { panic(fmt.Sprint(args...)) }
func (m *MainT) Cleanup(f func())           { m.cleanups = append(m.cleanups, f) }

// Close runs the cleanups, the last registered first.
func (m *MainT) Close() {
	for i := len(m.cleanups) - 1; i >= 0; i-- {
		m.cleanups[i]()
	}
}

// FreePort returns a port of 127.0.0.1 that nothing listens on now.
func FreePort(t TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// Both runs two sessions' statements at once (the two sides of a deadlock),
// waits for both, and returns the error of whichever failed.
func Both(a, b func() error) error {
	errs := make(chan error, 2)
	go func() { errs <- a() }()
	go func() { errs <- b() }()
	var first error
	for range 2 {
		if err := <-errs; err != nil && first == nil {
			first = err
		}
	}
	if first == nil {
		return errors.New("neither failed")
	}
	return first
}

// StopUnderLoad serves h on a real server on 127.0.0.1 to 8 clients that
// GET /api/x over and over, calls stop 400 ms in, and goes on 800 ms more.
// Every answer must be a 200, or a 503 whose body holds one of messages
// and none of leaks; it returns the count of each status, and fails the
// test unless there were 200s before the stop and 503s after it.
func StopUnderLoad(t *testing.T, h http.Handler, stop func(), messages, leaks []string) map[int]int {
	t.Helper()
	hs := httptest.NewServer(h)
	defer hs.Close()
	client := &http.Client{Timeout: 10 * time.Second}
	var mu sync.Mutex
	counts := map[int]int{}
	var wg sync.WaitGroup
	stopAt := time.Now().Add(400 * time.Millisecond)
	end := stopAt.Add(800 * time.Millisecond)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 500 && time.Now().Before(end); i++ {
				status, body, _ := Get(t, client, hs.URL+"/api/x")
				mu.Lock()
				counts[status]++
				mu.Unlock()
				if status != http.StatusOK && (status != http.StatusServiceUnavailable || !containsAny(body, messages)) {
					t.Errorf("%d %s", status, body)
				}
				for _, leak := range leaks {
					if strings.Contains(body, leak) {
						t.Errorf("the body %s holds the server's text %q", body, leak)
					}
				}
			}
		}()
	}
	time.Sleep(time.Until(stopAt))
	stop()
	wg.Wait()
	if counts[http.StatusOK] == 0 || counts[http.StatusServiceUnavailable] == 0 {
		t.Errorf("answers %v, want 200s before the stop and 503s after", counts)
	}
	return counts
}

func containsAny(body string, messages []string) bool {
	for _, m := range messages {
		if strings.Contains(body, `"message":"`+m+`"`) {
			return true
		}
	}
	return false
}
