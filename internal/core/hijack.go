package core

import (
	"net/http"
	"reflect"
	"sync/atomic"
	"unsafe"
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
		if p != nil && t == p.t {
			return p.read(w)
		}
		o := otherWriter.Load()
		if o == nil || o.t != t {
			if p == nil && isNetHTTPResponse(t) {
				p = newHijackProbe(t)
				hijack.Store(p)
				return p.read(w)
			}
			o = &writerType{t: t, unwraps: t.Implements(unwrapperType)}
			otherWriter.Store(o)
		}
		if !o.unwraps {
			return false // the common case of a test's writer: no assertion
		}
		w = w.(interface{ Unwrap() http.ResponseWriter }).Unwrap()
	}
	return false
}

var unwrapperType = reflect.TypeFor[interface{ Unwrap() http.ResponseWriter }]()

// hijackProbe is the path from net/http's *response to its hijacked flag.
type hijackProbe struct {
	t        reflect.Type
	found    bool    // the fields below were found
	connOff  uintptr // offset of response.conn (a pointer)
	fieldOff uintptr // offset of conn.hijackedv (a bool)
}

var (
	hijack      atomic.Pointer[hijackProbe]
	otherWriter atomic.Pointer[writerType] // the last writer type that is not net/http's
)

type writerType struct {
	t       reflect.Type
	unwraps bool // t has Unwrap() http.ResponseWriter
}

func isNetHTTPResponse(t reflect.Type) bool {
	return t.Kind() == reflect.Pointer && t.Elem().Name() == "response" && t.Elem().PkgPath() == "net/http"
}

func newHijackProbe(t reflect.Type) *hijackProbe {
	p := &hijackProbe{t: t}
	cf, ok := t.Elem().FieldByName("conn")
	if !ok || len(cf.Index) != 1 || cf.Type.Kind() != reflect.Pointer || cf.Type.Elem().Kind() != reflect.Struct {
		return p
	}
	hf, ok := cf.Type.Elem().FieldByName("hijackedv")
	if !ok || len(hf.Index) != 1 || hf.Type.Kind() != reflect.Bool {
		return p
	}
	p.found, p.connOff, p.fieldOff = true, cf.Offset, hf.Offset
	return p
}

// read reads the flag of w, whose type is p.t (a pointer to net/http's
// response struct): the field offsets were checked against their types
// once, in newHijackProbe.
func (p *hijackProbe) read(w http.ResponseWriter) bool {
	if !p.found {
		return false
	}
	resp := (*[2]unsafe.Pointer)(unsafe.Pointer(&w))[1]
	if resp == nil {
		return false
	}
	conn := *(*unsafe.Pointer)(unsafe.Add(resp, p.connOff))
	if conn == nil {
		return false
	}
	return *(*bool)(unsafe.Add(conn, p.fieldOff))
}
