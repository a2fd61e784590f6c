package echoerr

import (
	"weak"

	"github.com/echoerr/echoerr/internal/core"
	"github.com/labstack/echo/v5"
)

// registries holds the owners of each Echo's routes (see core.Owners and
// core.Registries: which level owns an error, and for how long).
var registries = core.Registries[echo.Echo, *echo.Context]{
	Pool: "contextPool",
	Setup: func(e *echo.Echo, o *routes) {
		o.NotFound, o.Any, o.HeadIsGet = echo.RouteNotFound, echo.RouteAny, true
		ew := weak.Make(e)
		o.Alive = func() bool { return ew.Value() != nil }
		o.HasPath = func(_, path string) bool {
			e := ew.Value()
			if e == nil {
				return true
			}
			for _, rt := range e.Router().Routes() {
				if rt.Path == path {
					return true
				}
			}
			return false
		}
		hook(e, o)
	},
}

// routes is the routing state of one Echo.
type routes = core.Owners[*echo.Context]

// hook installs e.OnAddRoute so that every route Echo adds is recorded
// with its owner, calling the hook that was there before.
func hook(e *echo.Echo, o *routes) {
	prev := e.OnAddRoute
	e.OnAddRoute = func(r echo.Route) error {
		if prev != nil {
			if err := prev(r); err != nil {
				return err // Echo does not add the route
			}
		}
		o.Added("", r.Method, r.Path)
		return nil
	}
}

// routedPath is the path Echo v5's router matches: the raw path when it
// differs from the decoded one.
func routedPath(raw, path string) string {
	if raw != "" {
		return raw
	}
	return path
}
