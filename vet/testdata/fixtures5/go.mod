module example.com/fixtures5

go 1.26.0

require (
	github.com/echoerr/echoerr/v5 v5.0.0
	github.com/labstack/echo/v5 v5.4.4
)

require (
	github.com/echoerr/echoerr v0.0.0 // indirect
	golang.org/x/time v0.15.0 // indirect
)

replace github.com/echoerr/echoerr => ../../..

replace github.com/echoerr/echoerr/v5 => ../../../v5
