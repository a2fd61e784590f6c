module github.com/echoerr/echoerr/v5

go 1.25.0

require (
	github.com/echoerr/echoerr v0.0.0
	github.com/labstack/echo/v5 v5.4.4
)

require golang.org/x/time v0.15.0 // indirect

replace github.com/echoerr/echoerr => ../
