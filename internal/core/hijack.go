package core

import (
	"net/http"
	"reflect"
	"sync/atomic"
)

// Hijacked reports whether the handler took over the request's connection
// (http.Hijacker, as websocket libraries do). net/http offers no way to ask
// that has no side effect, and writing to a hijacked connection makes it log
// complaints, so echoerr reads net/http's own flag: the hijackedv field of
// the conn behind net/http's ResponseWriter, found through the Unwrap chain
// (middleware.Gzip's writer and others). Only an error answer pays for it.
// TestHijackedConnection pins it with the Go version in use; should the
// fields change, it reports false, and the write fails as it would without it.
func Hijacked(w http.ResponseWriter) bool {
	for i := 0; i < 16 && w != nil; i++ {
		t := reflect.TypeOf(w)
		p := hijack.Load()
		if p == nil {
			if o := otherWriter.Load(); o == nil || o.t != t {
				if isNetHTTPResponse(t) {
					p = newHijackProbe(t)
					hijack.Store(p)
				} else {
					otherWriter.Store(&writerType{t})
				}
			}
		}
		if p != nil && t == p.t {
			return p.read(w)
		}
		u, ok := w.(interface{ Unwrap() http.ResponseWriter })
		if !ok {
			return false
		}
		w = u.Unwrap()
	}
	return false
}

// hijackProbe is the path from net/http's *response to its hijacked flag.
type hijackProbe struct {
	t     reflect.Type
	conn  []int // index of response.conn
	field []int // index of conn.hijackedv; nil when not found
}

var (
	hijack      atomic.Pointer[hijackProbe]
	otherWriter atomic.Pointer[writerType] // the last writer type that is not net/http's
)

type writerType struct{ t reflect.Type }

func isNetHTTPResponse(t reflect.Type) bool {
	return t.Kind() == reflect.Pointer && t.Elem().Name() == "response" && t.Elem().PkgPath() == "net/http"
}

func newHijackProbe(t reflect.Type) *hijackProbe {
	p := &hijackProbe{t: t}
	cf, ok := t.Elem().FieldByName("conn")
	if !ok || cf.Type.Kind() != reflect.Pointer || cf.Type.Elem().Kind() != reflect.Struct {
		return p
	}
	hf, ok := cf.Type.Elem().FieldByName("hijackedv")
	if !ok || hf.Type.Kind() != reflect.Bool {
		return p
	}
	p.conn, p.field = cf.Index, hf.Index
	return p
}

func (p *hijackProbe) read(w http.ResponseWriter) bool {
	if p.field == nil {
		return false
	}
	v := reflect.ValueOf(w)
	if v.IsNil() {
		return false
	}
	conn := v.Elem().FieldByIndex(p.conn)
	if conn.IsNil() {
		return false
	}
	return conn.Elem().FieldByIndex(p.field).Bool()
}
