module github.com/echoerr/echoerr/kits/crdb

go 1.26.0

replace github.com/echoerr/echoerr => ../..

replace github.com/echoerr/echoerr/v5 => ../../v5

require (
	github.com/cockroachdb/errors v1.14.0
	github.com/echoerr/echoerr v0.0.0
	github.com/labstack/echo/v4 v4.16.0
)

require (
	github.com/echoerr/echoerr/v5 v5.0.0-00010101000000-000000000000 // indirect
	github.com/labstack/echo/v5 v5.4.6 // indirect
)

require (
	github.com/cockroachdb/logtags v0.0.0-20230118201751-21c54148d20b // indirect
	github.com/cockroachdb/redact v1.1.5 // indirect
	github.com/echoerr/echoerr/kits/kittest v0.0.0
	github.com/getsentry/sentry-go v0.46.0 // indirect
	github.com/gogo/protobuf v1.3.2 // indirect
	github.com/kr/pretty v0.3.1 // indirect
	github.com/kr/text v0.2.0 // indirect
	github.com/labstack/gommon v0.5.0 // indirect
	github.com/mattn/go-colorable v0.1.15 // indirect
	github.com/mattn/go-isatty v0.0.22 // indirect
	github.com/pkg/errors v0.9.1 // indirect
	github.com/rogpeppe/go-internal v1.9.0 // indirect
	github.com/valyala/bytebufferpool v1.0.0 // indirect
	github.com/valyala/fasttemplate v1.2.2 // indirect
	golang.org/x/crypto v0.57.0 // indirect
	golang.org/x/net v0.60.0 // indirect
	golang.org/x/sys v0.48.0 // indirect
	golang.org/x/text v0.42.0 // indirect
	golang.org/x/time v0.15.0 // indirect
)

replace github.com/echoerr/echoerr/kits/kittest => ../kittest
