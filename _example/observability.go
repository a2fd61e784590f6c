package main

import (
	"net/http"
	"strconv"

	"github.com/getsentry/sentry-go"
	sentryecho "github.com/getsentry/sentry-go/echo"
	"github.com/labstack/echo/v4"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/echoerr/echoerr"
)

// reportToSentry sends an error answer to Sentry through the request's hub,
// which sentryecho put on the context, tagged with what echoerr knows.
// echoerr calls it once per 5xx answer (Config.ReportIf's default).
func reportToSentry(c echo.Context, ev echoerr.Event) {
	hub := sentryecho.GetHubFromContext(c)
	if hub == nil {
		hub = sentry.CurrentHub()
	}
	hub.WithScope(func(scope *sentry.Scope) {
		scope.SetTag("http.status_code", strconv.Itoa(ev.Status))
		scope.SetTag("echoerr.rule", ev.Rule)
		if ev.Namespace != "" {
			scope.SetTag("echoerr.namespace", ev.Namespace)
		}
		hub.CaptureException(ev.Err)
	})
}

// reportToSpan records an error answer on the request's span, which otelecho
// started: an exception event and status Error, for 5xx answers only.
func reportToSpan(c echo.Context, ev echoerr.Event) {
	span := trace.SpanFromContext(c.Request().Context())
	if !span.IsRecording() {
		return
	}
	span.RecordError(ev.Err, trace.WithAttributes(
		attribute.String("echoerr.rule", ev.Rule),
		attribute.String("echoerr.namespace", ev.Namespace),
	))
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
