package main

import (
	"net/http"
	"strconv"

	"github.com/getsentry/sentry-go"
	sentryecho "github.com/getsentry/sentry-go/echo"
	"github.com/labstack/echo/v4"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/echoerr/echoerr"
)

// reportToSentry sends an error answer to Sentry through the request's hub,
// which sentryecho put on the context, tagged with what echoerr knows. It
// captures the cause when a handler translated the error (ev.Cause): the
// failure with its stack, not the translation. echoerr calls it once per 5xx
// answer (Config.ReportIf's default).
func reportToSentry(c echo.Context, ev echoerr.Event) {
	hub := sentryecho.GetHubFromContext(c)
	if hub == nil {
		hub = sentry.CurrentHub()
	}
	err := ev.Err
	if cause := ev.Cause(); cause != nil {
		err = cause
	}
	hub.WithScope(func(scope *sentry.Scope) {
		scope.SetTag("http.status_code", strconv.Itoa(ev.Status))
		scope.SetTag("echoerr.rule", ev.Rule)
		if ev.Level != "" {
			scope.SetTag("echoerr.rule_level", ev.Level)
		}
		hub.CaptureException(err)
	})
}

// reportToSpan marks the request's span as the HTTP semantic conventions
// (1.43) ask of a server: status Error for a 5xx only (a 4xx leaves it
// unset), and error.type of low cardinality: echoerr's (the answering
// rule, or the status of a default answer), which semconv.ErrorType reads
// from ev.Typed()'s ErrorType method. The exception itself is logged as a
// log record, by echoerr's log line; span events for exceptions are
// deprecated.
func reportToSpan(c echo.Context, ev echoerr.Event) {
	span := trace.SpanFromContext(c.Request().Context())
	if !span.IsRecording() || ev.Status < 500 {
		return
	}
	span.SetAttributes(
		semconv.ErrorType(ev.Typed()),
		attribute.String("echoerr.rule", ev.Rule),
	)
	span.SetStatus(codes.Error, http.StatusText(ev.Status))
}

// reportAll calls each report in turn.
func reportAll(reports ...func(echo.Context, echoerr.Event)) func(echo.Context, echoerr.Event) {
	if len(reports) == 0 {
		return nil
	}
	return func(c echo.Context, ev echoerr.Event) {
		for _, r := range reports {
			r(c, ev)
		}
	}
}
