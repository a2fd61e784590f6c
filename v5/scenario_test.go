package echoerr_test

import (
	"cmp"
	"errors"
	"net/http"
	"runtime"
	"testing"

	"github.com/echoerr/echoerr/internal/scenario"
	"github.com/echoerr/echoerr/v5"
	"github.com/labstack/echo/v5"
)

// v5 is the scenario table's harness for Echo v5.
type v5 struct{}

func (v5) HTTPError(code int, msg string) error { return echo.NewHTTPError(code, msg) }
func (v5) Forbidden() error                     { return echo.ErrForbidden }
func (v5) NotFound() error                      { return echo.ErrNotFound }
func (v5) AbortCause(cause error, code int, msg string) error {
	return echoerr.AbortCause(nil, cause, code, msg, nil)
}
func (v5) Abort(code int, msg string, f map[string]any) error {
	return echoerr.Abort(nil, code, msg, f)
}

// v5Rules builds the rules the table names, for Echo v5.
func v5Rules(names scenario.Rules, ns string) []echoerr.Rule {
	var out []echoerr.Rule
	for _, n := range names {
		switch n {
		case scenario.DeclareNotFound:
			out = append(out, echoerr.Declare[*scenario.NotFound](scenario.NotFoundEntry))
		case scenario.DeclareBase:
			out = append(out, echoerr.Declare[*scenario.Base](scenario.BaseEntry))
		case scenario.DeclareSub:
			out = append(out, echoerr.Declare[*scenario.Sub](scenario.SubEntry))
		case scenario.DeclareReadOnly:
			out = append(out, echoerr.DeclareError(scenario.ErrReadOnly, scenario.ReadOnlyEntry))
		case scenario.Declare405:
			out = append(out, echoerr.DeclareStatus(405, scenario.Entry405))
		case scenario.DeclareGone:
			out = append(out, echoerr.Declare[*scenario.NotFound](scenario.GoneEntry))
		case scenario.Declare500:
			out = append(out, echoerr.DeclareStatus(500, scenario.Entry500))
		case scenario.DeclareDBError:
			out = append(out, echoerr.Declare[*scenario.DBError](scenario.DBEntry))
		case scenario.GuardUnique:
			out = append(out, echoerr.DeclareIf(func(e *scenario.DBError) bool { return e.Code == "23505" }, scenario.UniqueEntry))
		case scenario.OnNotFoundJSON:
			out = append(out, echoerr.On(func(c *echo.Context, err *scenario.NotFound) error {
				return c.JSON(http.StatusNotFound, map[string]string{"id": err.ID})
			}))
		case scenario.OnBasePassOn:
			out = append(out, echoerr.On(func(c *echo.Context, err *scenario.Base) error { return err }))
		case scenario.OnSubPanics:
			out = append(out, echoerr.On(func(c *echo.Context, err *scenario.Sub) error { panic("handler panics") }))
		case scenario.OnStatus404Teapot:
			out = append(out, echoerr.OnStatus(404, func(c *echo.Context, err error) error {
				return c.NoContent(http.StatusTeapot)
			}))
		case scenario.CatchAllWrites:
			out = append(out, echoerr.CatchAll(func(c *echo.Context, err error) error {
				return c.JSON(http.StatusBadGateway, map[string]string{"ns": ns})
			}))
		case scenario.CatchAllParam:
			out = append(out, echoerr.CatchAll(func(c *echo.Context, err error) error {
				return c.JSON(http.StatusNotFound, map[string]string{"tid": c.Param("tid")})
			}))
		case scenario.DeclareLimited:
			out = append(out, echoerr.Declare[*scenario.Limited](scenario.LimitedEntry))
		case scenario.DeclareNoStore:
			out = append(out, echoerr.DeclareStatus(500, scenario.NoStoreEntry))
		case scenario.DeclareDupHeaders:
			out = append(out, echoerr.Declare[*scenario.DBError](scenario.DupHeadersEntry))
		case scenario.OnStatus503New:
			out = append(out, echoerr.OnStatus(503, func(c *echo.Context, err error) error { return errors.New("translated") }))
		case scenario.GuardPanics:
			out = append(out, echoerr.DeclareIf(func(e *scenario.DBError) bool { panic("guard bug") }, scenario.UniqueEntry))
		case scenario.OnHTTPErrorType:
			out = append(out, echoerr.On(func(c *echo.Context, err echo.HTTPStatusCoder) error {
				return c.JSON(http.StatusTeapot, map[string]string{"by": "type"})
			}))
		case scenario.OnForbidden:
			out = append(out, echoerr.OnError(echo.ErrForbidden, func(c *echo.Context, err error) error {
				return c.JSON(http.StatusForbidden, map[string]string{"by": "sentinel"})
			}))
		case scenario.OnStatus403:
			out = append(out, echoerr.OnStatus(403, func(c *echo.Context, err error) error {
				return c.JSON(http.StatusForbidden, map[string]string{"by": "status"})
			}))
		case scenario.DeclareDeref410:
			out = append(out, echoerr.Declare[*scenario.Deref](echoerr.Entry{Status: 410}))
		case scenario.DeclareAbort418:
			out = append(out, echoerr.Declare[*echoerr.AbortError](echoerr.Entry{Status: 418}))
		case scenario.CatchAllDefault:
			out = append(out, echoerr.CatchAll(func(c *echo.Context, err error) error {
				a := echoerr.DefaultAnswer(c, err)
				return c.String(a.Status, a.Message+"|"+a.Error)
			}))
		case scenario.KitRules:
			out = append(out, echoerr.Kit(scenario.Kit...)...)
		case scenario.CatchAllNil:
			out = append(out, echoerr.CatchAll(func(c *echo.Context, err error) error { return nil }))
		case scenario.AbortFromRule:
			out = append(out, echoerr.OnError(scenario.ErrReadOnly, func(c *echo.Context, err error) error {
				return echoerr.Abort(c, 423, "locked", nil)
			}))
		default:
			panic("unknown rule " + n)
		}
	}
	return out
}

// TestSharedScenarios runs the table shared with the Echo v4 adapter.
func TestSharedScenarios(t *testing.T) {
	scenario.Run(t, func(s scenario.Scenario, logs *scenario.Logs) http.Handler {
		h := v5{}
		e := echo.New()
		e.HTTPErrorHandler = echoerr.NewWithConfig(echoerr.Config{Rules: v5Rules(s.App, ""), Format: s.Format, Logger: logs.Logger(),
			Report: func(*echo.Context, echoerr.Event) { logs.Reported() }, Debug: s.Debug})
		if s.Outer != nil {
			e.Use(func(next echo.HandlerFunc) echo.HandlerFunc {
				return func(c *echo.Context) error {
					if err := next(c); err != nil {
						return err
					}
					return s.Outer(h)
				}
			})
		}
		if s.Respond {
			e.Use(echoerr.Respond())
		}
		if s.MwHeaders != nil {
			e.Use(func(next echo.HandlerFunc) echo.HandlerFunc {
				return func(c *echo.Context) error {
					for k, vs := range s.MwHeaders {
						for _, v := range vs {
							c.Response().Header().Add(k, v)
						}
					}
					return next(c)
				}
			})
		}
		if s.Use != nil {
			e.Use(func(next echo.HandlerFunc) echo.HandlerFunc {
				return func(c *echo.Context) error { return s.Use(h) }
			})
		}
		var nss []*echoerr.Namespace
		for _, n := range s.Namespaces {
			var mw []echo.MiddlewareFunc
			if n.Mw {
				mw = append(mw, func(next echo.HandlerFunc) echo.HandlerFunc { return next })
			}
			var ns *echoerr.Namespace
			if n.Parent < 0 {
				ns = echoerr.Group(e, n.Prefix, mw...)
			} else {
				ns = nss[n.Parent].Group(n.Prefix, mw...)
			}
			ns.Handle(v5Rules(n.Rules, ns.Prefix())...)
			if n.Format != nil {
				ns.SetFormat(*n.Format)
			}
			nss = append(nss, ns)
		}
		for _, r := range s.Routes {
			handler := func(c *echo.Context) error {
				if r.Hijack != "" {
					if err := scenario.TakeOver(c.Response(), r.Hijack); err != nil {
						return err
					}
				}
				if err := r.Err(h); err != nil {
					return err
				}
				return c.NoContent(http.StatusNoContent)
			}
			if r.NS < 0 {
				e.Add(r.Method, r.Path, handler)
				if len(r.Rules) > 0 {
					echoerr.HandleRoute(e, cmp.Or(r.RulesFor, r.Method), r.Path, v5Rules(r.Rules, "")...)
				}
				continue
			}
			nss[r.NS].Add(r.Method, r.Path, handler)
			if len(r.Rules) > 0 {
				nss[r.NS].HandleRoute(cmp.Or(r.RulesFor, r.Method), r.Path, v5Rules(r.Rules, nss[r.NS].Prefix())...)
			}
		}
		if s.Readd > 0 {
			r := s.Routes[s.Readd-1]
			full := nss[r.NS].Prefix() + r.Path
			if err := e.Router().Remove(r.Method, full); err != nil {
				panic(err)
			}
			e.Add(r.Method, full, func(c *echo.Context) error { return r.Err(h) })
		}
		if s.UserHook {
			e.OnAddRoute = func(echo.Route) error { return nil }
			runtime.GC()
			runtime.GC()
			e.GET("/late", func(c *echo.Context) error { return nil })
		}
		if s.Direct != nil {
			return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
				c := e.NewContext(req, w)
				if s.DirectPath != "" {
					c.SetPath(s.DirectPath)
				}
				e.HTTPErrorHandler(c, s.Direct(h))
			})
		}
		return e
	})
}
