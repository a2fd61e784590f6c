package echoerr_test

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/echoerr/echoerr/v5"
	"github.com/labstack/echo/v5"
)

// echoerr/v5 logs through the Echo's own *slog.Logger unless Config.Logger
// says otherwise: one app, one log format.
func TestLogsThroughEchosLogger(t *testing.T) {
	for _, tc := range []struct {
		name           string
		cfg            func(*bytes.Buffer) echoerr.Config
		echoSees, cfgs bool
	}{
		{"ok, the Echo's logger by default", func(*bytes.Buffer) echoerr.Config { return echoerr.Config{} }, true, false},
		{"ok, Config.Logger wins", func(b *bytes.Buffer) echoerr.Config {
			return echoerr.Config{Logger: slog.New(slog.NewJSONHandler(b, nil))}
		}, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var echoLog, cfgLog bytes.Buffer
			e := echo.New()
			e.Logger = slog.New(slog.NewJSONHandler(&echoLog, nil))
			e.HTTPErrorHandler = echoerr.NewWithConfig(tc.cfg(&cfgLog))
			e.GET("/x", func(*echo.Context) error { return errors.New("pq: secret") })
			rec := httptest.NewRecorder()
			e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/x", nil))
			if rec.Code != http.StatusInternalServerError {
				t.Fatalf("status %d", rec.Code)
			}
			if got := strings.Contains(echoLog.String(), `"msg":"echoerr: error answered"`); got != tc.echoSees {
				t.Errorf("the Echo's logger has the line: %v, want %v (%q)", got, tc.echoSees, echoLog.String())
			}
			if got := strings.Contains(cfgLog.String(), `"msg":"echoerr: error answered"`); got != tc.cfgs {
				t.Errorf("Config.Logger has the line: %v, want %v", got, tc.cfgs)
			}
		})
	}
}
