module github.com/echoerr/echoerr/kits/mysql

go 1.26.0

replace github.com/echoerr/echoerr => ../..

replace github.com/echoerr/echoerr/v5 => ../../v5

require (
	github.com/echoerr/echoerr v0.0.0
	github.com/go-sql-driver/mysql v1.10.1
	github.com/labstack/echo/v4 v4.16.5
)

require (
	github.com/echoerr/echoerr/v5 v5.0.0-00010101000000-000000000000 // indirect
	github.com/labstack/echo/v5 v5.4.6 // indirect
)

require (
	filippo.io/edwards25519 v1.2.0 // indirect
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
)

replace github.com/echoerr/echoerr/kits/kittest => ../kittest
