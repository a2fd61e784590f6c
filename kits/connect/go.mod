module github.com/echoerr/echoerr/kits/connect

go 1.26.0

replace github.com/echoerr/echoerr => ../..

replace github.com/echoerr/echoerr/v5 => ../../v5

require (
	connectrpc.com/connect v1.21.1
	github.com/echoerr/echoerr v0.0.0
	github.com/labstack/echo/v4 v4.16.0
)

require (
	github.com/echoerr/echoerr/v5 v5.0.0-00010101000000-000000000000 // indirect
	github.com/labstack/echo/v5 v5.4.6 // indirect
)

require (
	github.com/echoerr/echoerr/kits/kittest v0.0.0
	github.com/labstack/gommon v0.5.0 // indirect
	github.com/mattn/go-colorable v0.1.15 // indirect
	github.com/mattn/go-isatty v0.0.22 // indirect
	github.com/valyala/bytebufferpool v1.0.0 // indirect
	github.com/valyala/fasttemplate v1.2.2 // indirect
	golang.org/x/crypto v0.57.0 // indirect
	golang.org/x/net v0.60.0 // indirect
	golang.org/x/sys v0.48.0 // indirect
	golang.org/x/text v0.42.0 // indirect
	golang.org/x/time v0.15.0 // indirect
	google.golang.org/protobuf v1.36.11
)

replace github.com/echoerr/echoerr/kits/kittest => ../kittest
