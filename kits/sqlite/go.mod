module github.com/echoerr/echoerr/kits/sqlite

go 1.26.0

require (
	github.com/echoerr/echoerr v0.0.0
	github.com/labstack/echo/v4 v4.16.0
	modernc.org/sqlite v1.62.0
)

require (
	github.com/echoerr/echoerr/v5 v5.0.0-00010101000000-000000000000 // indirect
	github.com/labstack/echo/v5 v5.4.6 // indirect
)

require (
	github.com/dustin/go-humanize v1.1.0 // indirect
	github.com/echoerr/echoerr/kits/kittest v0.0.0
	github.com/google/uuid v1.6.0 // indirect
	github.com/labstack/gommon v0.5.0 // indirect
	github.com/mattn/go-colorable v0.1.15 // indirect
	github.com/mattn/go-isatty v0.0.24 // indirect
	github.com/ncruces/go-strftime v1.1.0 // indirect
	github.com/remyoudompheng/bigfft v0.0.0-20230129092748-24d4a6f8daec // indirect
	github.com/valyala/bytebufferpool v1.0.0 // indirect
	github.com/valyala/fasttemplate v1.2.2 // indirect
	golang.org/x/crypto v0.57.0 // indirect
	golang.org/x/net v0.60.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
	golang.org/x/text v0.42.0 // indirect
	golang.org/x/time v0.15.0 // indirect
	modernc.org/libc v1.80.1 // indirect
	modernc.org/mathutil v1.7.1 // indirect
	modernc.org/memory v1.12.1 // indirect
)

replace github.com/echoerr/echoerr => ../..

replace github.com/echoerr/echoerr/v5 => ../../v5

replace github.com/echoerr/echoerr/kits/kittest => ../kittest
