package echoerr

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"
)

// genericBody is the answer when nothing better can be encoded.
var genericBody = []byte(`{"message":"Internal Server Error"}` + "\n")

// writeDefault writes the default response for err. handled is true when a
// handler returned nil without writing: then Debug adds nothing, since a
// handled error answers the same with Debug on or off.
func (h *handler) writeDefault(c echo.Context, err error, handled bool) {
	debug := !handled && c.Echo() != nil && c.Echo().Debug
	code, body, encErr := defaultBody(err, debug)
	if encErr != nil {
		h.log().ErrorContext(c.Request().Context(), "echoerr: cannot encode the error response; answering 500",
			"error", err.Error(), "encode_error", encErr.Error())
		code, body = http.StatusInternalServerError, genericBody
	}
	h.write(c, code, body)
}

func (h *handler) writeEntry(c echo.Context, en *entry) {
	h.write(c, en.status, en.body)
}

// write sends a JSON body, or only the status for HEAD.
func (h *handler) write(c echo.Context, code int, body []byte) {
	res := c.Response()
	var err error
	if c.Request().Method == http.MethodHead {
		res.WriteHeader(code)
	} else {
		res.Header().Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
		res.WriteHeader(code)
		_, err = res.Write(body)
	}
	if err != nil {
		h.log().ErrorContext(c.Request().Context(), "echoerr: writing the error response failed",
			"status", code, "error", err.Error())
	}
}

// defaultBody returns the status and JSON body of the default response: the
// status of the first *echo.HTTPError, *AbortError or StatusCode() int in the
// tree, else 500, and a {"message": ...} body as Echo's default handler writes
// it. With debug, an "error" member carries err.Error().
func defaultBody(err error, debug bool) (int, []byte, error) {
	errText := ""
	if debug {
		errText = err.Error()
	}
	x := carrier(err)
	code := http.StatusInternalServerError
	if x != nil {
		code = statusOf(x)
	}
	if code != validStatus(code) || x == nil {
		return http.StatusInternalServerError, mustBody(http.StatusText(http.StatusInternalServerError), nil, debug, errText), nil
	}
	switch v := x.(type) {
	case *echo.HTTPError:
		if in, ok := v.Internal.(*echo.HTTPError); ok && in != nil {
			v = in
		}
		switch m := v.Message.(type) {
		case string:
			return code, mustBody(m, nil, debug, errText), nil
		case nil:
			return code, mustBody(http.StatusText(code), nil, debug, errText), nil
		case json.Marshaler:
			// The value formats itself, as in Echo's default handler.
			b, err := json.Marshal(m)
			return code, append(b, '\n'), err
		case error:
			if code >= 500 {
				// echo.NewHTTPError(500, err) would leak err's text.
				return code, mustBody(http.StatusText(code), nil, debug, errText), nil
			}
			// Echo's default handler adds no debug member here either.
			return code, mustBody(m.Error(), nil, false, ""), nil
		default:
			b, err := json.Marshal(m)
			return code, append(b, '\n'), err
		}
	case *AbortError:
		b, err := encodeBody(v.publicMessage(), v.Fields, debug, errText)
		return code, b, err
	default:
		return code, mustBody(http.StatusText(code), nil, debug, errText), nil
	}
}

// carrier returns the first element of err's tree that carries a status.
func carrier(err error) error {
	for err != nil {
		if statusOf(err) != 0 {
			return err
		}
		switch x := err.(type) {
		case interface{ Unwrap() error }:
			err = x.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range x.Unwrap() {
				if c := carrier(e); c != nil {
					return c
				}
			}
			return nil
		default:
			return nil
		}
	}
	return nil
}

func mustBody(msg string, fields Fields, debug bool, errText string) []byte {
	b, err := encodeBody(msg, fields, debug, errText)
	if err != nil {
		return genericBody // strings always encode; kept for safety
	}
	return b
}

// encodeBody encodes {"message": msg, fields..., "error": errText} with the
// message first, fields in key order, the debug member last, and the trailing
// newline Echo's JSON serializer writes.
func encodeBody(msg string, fields Fields, debug bool, errText string) ([]byte, error) {
	b := make([]byte, 0, 64+len(msg)+len(errText))
	b = append(b, `{"message":`...)
	b = appendString(b, msg)
	if len(fields) > 0 {
		keys := make([]string, 0, len(fields))
		for k := range fields {
			if k == "message" || (debug && k == "error") {
				continue
			}
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			v, err := json.Marshal(fields[k])
			if err != nil {
				return nil, errors.New("echoerr: field " + k + ": " + err.Error())
			}
			b = append(b, ',')
			b = appendString(b, k)
			b = append(b, ':')
			b = append(b, v...)
		}
	}
	if debug {
		b = append(b, `,"error":`...)
		b = appendString(b, errText)
	}
	return append(b, '}', '\n'), nil
}

func appendString(b []byte, s string) []byte {
	q, _ := json.Marshal(s) // a string always encodes
	return append(b, q...)
}
