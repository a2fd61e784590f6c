package core

import (
	"context"
	"log/slog"
	"runtime/debug"
	"strings"
)

// doneKey marks a request whose error echoerr already answered, so that
// middleware that calls the error handler itself (RequestLogger with
// HandleError, Logger, BodyDump, otelecho) leads to one answer, one log line
// and one report.
const doneKey = "echoerr.done"

// DefaultReportIf reports server errors, but not a failure that is the
// client going away (context.Canceled in the error tree).
func DefaultReportIf(ev Event) bool {
	return ev.Status >= 500 && !ev.Canceled
}

// Bounds of what the log line carries from user values.
const (
	maxErrorText = 8 << 10 // the "error" attribute, in bytes
	maxRequestID = 128     // the "request_id" attribute, in bytes
)

// finish logs and reports one answer. Neither a Logger's handler nor the
// Report or ReportIf hooks can break it: their panics are recovered.
func (h *Core[C]) finish(c C, ev *Event, panics0 uint64) {
	req := h.ad.Request(c)
	ctx := req.Context()
	ev.ClientGone = ev.ClientGone || ctx.Err() == context.Canceled
	if ev.Status >= 500 && !ev.Canceled {
		// The class is the error tree's, not the connection's: a genuine
		// 5xx after the client went away is still the server's.
		ev.Canceled = firstInTree(ev.Err, func(x error) bool { return x == context.Canceled }) != nil
	}
	level := h.errLevel
	if ev.Status < 500 || ev.Canceled {
		level = h.clientLevel
	}
	if lg := h.log(c); lg.Enabled(ctx, level) {
		attrs := make([]slog.Attr, 0, 17)
		attrs = append(attrs,
			slog.String("method", req.Method),
			slog.String("path", req.URL.Path),
			slog.String("route", h.ad.Route(c)),
			slog.Int("status", ev.Status),
		)
		if id := h.requestID(c); id != "" {
			attrs = append(attrs, slog.String("request_id", clip(id, maxRequestID)))
		}
		attrs = append(attrs,
			slog.String("error", clip(errText(ev.Err), maxErrorText)),
			slog.String("error_chain", errorChain(ev.Err)),
			slog.String("rule_level", ev.Level),
			slog.String("rule", ev.Rule),
		)
		if ev.RuleName != "" {
			attrs = append(attrs, slog.String("rule_name", ev.RuleName))
		}
		if ev.Code != "" {
			attrs = append(attrs, slog.String("error_code", ev.Code))
		}
		attrs = append(attrs, ev.Attrs...)
		if cause := ev.Cause(); cause != nil {
			attrs = append(attrs,
				slog.String("cause", clip(errText(cause), maxErrorText)),
				slog.String("cause_chain", errorChain(cause)))
		}
		if len(ev.Passed) > 0 {
			attrs = append(attrs, slog.String("passed_by", passedBy(ev.Passed)))
		}
		if ev.Committed {
			attrs = append(attrs, slog.Bool("committed", true), slog.Int("sent_status", ev.SentStatus))
		}
		if ev.Hijacked {
			attrs = append(attrs, slog.Bool("hijacked", true))
		}
		if ev.ClientGone {
			attrs = append(attrs, slog.Bool("client_gone", true))
		}
		if methodPanics.Load() != panics0 {
			// A method of the error panicked while echoerr read it: the
			// answer stands as if it were absent, and the line says which.
			if m := panickedMethods(ev.Err); m != "" {
				attrs = append(attrs, slog.String("method_panicked", m))
			}
		}
		if stack := stackOf(ev.Err); len(stack) > 0 {
			attrs = append(attrs, slog.String("stack", string(stack)))
		}
		safeLog(lg, ctx, level, "echoerr: error answered", attrs)
	}
	if h.report != nil {
		h.callReport(c, *ev)
	}
}

// passedBy lists the rules that passed errors on, each with its level when
// it has one and the error it received: "/api: type *app.NotFound (not
// found: 7) > sentinel ... (...)". Each error's text is cut at 200 bytes, the
// whole at about errorChainBytes.
func passedBy(steps []Step) string {
	var b strings.Builder
	for i, s := range steps {
		if i > 0 {
			b.WriteString(" > ")
		}
		if s.Level != "" {
			b.WriteString(s.Level)
			b.WriteString(": ")
		}
		b.WriteString(s.Rule)
		b.WriteString(" (")
		b.WriteString(clip(errText(s.Err), 200))
		b.WriteString(")")
		if b.Len() > errorChainBytes {
			b.WriteString(" ...")
			break
		}
	}
	return b.String()
}

// safeLog logs a record; a Handler that panics loses the record, not the
// request.
func safeLog(lg *slog.Logger, ctx context.Context, level slog.Level, msg string, attrs []slog.Attr) {
	defer func() {
		if p := recover(); p != nil {
			rethrowAbort(p)
		}
	}()
	lg.LogAttrs(ctx, level, msg, attrs...)
}

// logAt logs what goes wrong inside the error path itself.
func (h *Core[C]) logAt(c C, level slog.Level, msg string, args ...any) {
	lg := h.log(c)
	ctx := h.ad.Request(c).Context()
	if !lg.Enabled(ctx, level) {
		return
	}
	var r slog.Record
	r.Add(args...)
	attrs := make([]slog.Attr, 0, r.NumAttrs())
	r.Attrs(func(a slog.Attr) bool { attrs = append(attrs, a); return true })
	safeLog(lg, ctx, level, msg, attrs)
}

func (h *Core[C]) logError(c C, msg string, args ...any) {
	h.logAt(c, slog.LevelError, msg, args...)
}

func (h *Core[C]) callReport(c C, ev Event) {
	defer func() {
		if p := recover(); p != nil {
			rethrowAbort(p)
			h.logError(c, "echoerr: Report or ReportIf panicked",
				"panic", panicText(p), "stack", string(debug.Stack()))
		}
	}()
	if h.reportIf(ev) {
		h.report(c, ev)
	}
}

// requestID returns the request's X-Request-ID, from the request or, as
// Echo's RequestID middleware sets it, from the response.
func (h *Core[C]) requestID(c C) string {
	// headerRequestID is in canonical form: the map is read directly, as
	// Header.Get would after canonicalizing it again.
	if v := h.ad.Request(c).Header[headerRequestID]; len(v) > 0 && v[0] != "" {
		return v[0]
	}
	if v := h.ad.Header(c)[headerRequestID]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// stackOf returns the stack of the first recovered panic in err's tree: a
// *PanicError, or a type of Echo's that an adapter's Kinds.Stack knows.
func stackOf(err error) []byte {
	var stack []byte
	firstInTree(err, func(x error) bool {
		if p, ok := x.(*PanicError); ok && p != nil {
			stack = p.Stack
			return true
		}
		for i := range kinds {
			if kinds[i].Stack != nil {
				if s, ok := kinds[i].Stack(x); ok {
					stack = s
					return true
				}
			}
		}
		return false
	})
	return stack
}
