package echoerr

import "github.com/labstack/echo/v4"

// RecoverLogErrorFunc is a LogErrorFunc for Echo's middleware.RecoverConfig:
// instead of printing the stack with Echo's logger, it hands the panic and its
// stack to the error handler as a [*PanicError], which echoerr logs once with
// the request's other attributes.
//
//	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{LogErrorFunc: echoerr.RecoverLogErrorFunc}))
func RecoverLogErrorFunc(c echo.Context, err error, stack []byte) error {
	return &PanicError{Value: err, Stack: stack}
}
