package vet

import (
	"strconv"
	"strings"
)

// TableVersion names the library table below; it changes whenever an entry
// does, and echoerr-vet -version prints it.
const TableVersion = "2026-11.1"

// Library packages the analyzer does not read: what their functions return
// comes from Table. A call into one of them that Table does not list is an
// opaque source. The standard library is always such a package.
var libraryPrefixes = []string{
	"github.com/labstack/",
	"github.com/golang-jwt/",
	"github.com/go-playground/",
	"github.com/jackc/",
	"github.com/go-sql-driver/",
	"github.com/mattn/",
	"modernc.org/",
	"golang.org/x/",
	"google.golang.org/",
	"connectrpc.com/",
	"github.com/samber/",
	"github.com/cockroachdb/",
	"github.com/danielgtaylor/",
	"github.com/getsentry/",
	"go.opentelemetry.io/",
	"github.com/getkin/",
	"github.com/stretchr/",
}

// echoerrPackages are echoerr itself: its error constructors are in Table,
// and its rule constructors are read by the analyzer.
var echoerrPackages = []string{
	"github.com/echoerr/echoerr",
	"github.com/echoerr/echoerr/v5",
	"github.com/echoerr/echoerr/answer",
	"github.com/echoerr/echoerr/openapi",
	"github.com/echoerr/echoerr/internal/",
	"github.com/echoerr/echoerr/v5/internal/",
}

// ownModules are the echoerr modules the analyzer does read: the kits,
// whose rule tables and echo.Validator implementations it summarizes.
var ownModules = []string{
	"github.com/echoerr/echoerr/kits/",
}

// Table says what library functions return, by function: "pkg.Func",
// "(*pkg.T).Method", or "(pkg.Interface).Method" for a call through an
// interface. Each item is one error, written as
//
//	*pkg.Type | pkg.Type    an error of that type
//	=pkg.Var                that sentinel value
//	driver                  the errors of the database/sql driver the app
//	                        imports (by its blank import, see Drivers)
//	ctx                     context.Canceled and context.DeadlineExceeded
//	impl                    what the app's own implementations of the
//	                        interface method return
//	text:"..."              an unnamed error (errors.New, fmt.Errorf)
//
// followed by options: status=N (the status it answers by default),
// if=COND (only possible when COND holds, see conditions), fault (an
// internal failure that rightly answers 500; reported only with -faults).
//
// An app adds entries with a comment directive in any of its files:
//
//	//echoerr:returns pkg.Func *pkg.Type =pkg.Var ...
var Table = map[string][]string{
	// Echo v4.
	"(github.com/labstack/echo/v4.Context).Bind": {
		"*github.com/labstack/echo/v4.HTTPError status=400",
		"=github.com/labstack/echo/v4.ErrUnsupportedMediaType status=415",
		"*github.com/labstack/echo/v4.BindingError status=400",
	},
	"(*github.com/labstack/echo/v4.DefaultBinder).Bind": {
		"*github.com/labstack/echo/v4.HTTPError status=400",
		"=github.com/labstack/echo/v4.ErrUnsupportedMediaType status=415",
		"*github.com/labstack/echo/v4.BindingError status=400",
	},
	"(github.com/labstack/echo/v4.Context).Validate": {
		"=github.com/labstack/echo/v4.ErrValidatorNotRegistered status=500 if=no-validator",
		"impl (github.com/labstack/echo/v4.Validator).Validate",
	},
	"(github.com/labstack/echo/v4.Context).FormFile":      {"*github.com/labstack/echo/v4.HTTPError status=400", "=net/http.ErrMissingFile"},
	"(github.com/labstack/echo/v4.Context).MultipartForm": {"=net/http.ErrNotMultipart", "*net/http.MaxBytesError"},
	"(github.com/labstack/echo/v4.Context).FormParams":    {"=net/http.ErrNotMultipart"},
	"(github.com/labstack/echo/v4.Context).Render":        {"=github.com/labstack/echo/v4.ErrRendererNotRegistered status=500 if=no-renderer", "impl (github.com/labstack/echo/v4.Renderer).Render"},
	"(github.com/labstack/echo/v4.Context).File":          {"=github.com/labstack/echo/v4.ErrNotFound status=404"},
	"(github.com/labstack/echo/v4.Context).Attachment":    {"=github.com/labstack/echo/v4.ErrNotFound status=404"},
	"(github.com/labstack/echo/v4.Context).Inline":        {"=github.com/labstack/echo/v4.ErrNotFound status=404"},
	// Writing the answer: only a connection's failure.
	"(github.com/labstack/echo/v4.Context).JSON":        {`text:"write to the client" fault`},
	"(*github.com/labstack/echo/v5.Context).JSON":       {`text:"write to the client" fault`},
	"(github.com/labstack/echo/v4.Context).JSONPretty":  {`text:"write to the client" fault`},
	"(*github.com/labstack/echo/v5.Context).JSONPretty": {`text:"write to the client" fault`},
	"(github.com/labstack/echo/v4.Context).JSONBlob":    {`text:"write to the client" fault`},
	"(*github.com/labstack/echo/v5.Context).JSONBlob":   {`text:"write to the client" fault`},
	"(github.com/labstack/echo/v4.Context).JSONP":       {`text:"write to the client" fault`},
	"(*github.com/labstack/echo/v5.Context).JSONP":      {`text:"write to the client" fault`},
	"(github.com/labstack/echo/v4.Context).XML":         {`text:"write to the client" fault`},
	"(*github.com/labstack/echo/v5.Context).XML":        {`text:"write to the client" fault`},
	"(github.com/labstack/echo/v4.Context).XMLBlob":     {`text:"write to the client" fault`},
	"(*github.com/labstack/echo/v5.Context).XMLBlob":    {`text:"write to the client" fault`},
	"(github.com/labstack/echo/v4.Context).String":      {`text:"write to the client" fault`},
	"(*github.com/labstack/echo/v5.Context).String":     {`text:"write to the client" fault`},
	"(github.com/labstack/echo/v4.Context).HTML":        {`text:"write to the client" fault`},
	"(*github.com/labstack/echo/v5.Context).HTML":       {`text:"write to the client" fault`},
	"(github.com/labstack/echo/v4.Context).HTMLBlob":    {`text:"write to the client" fault`},
	"(*github.com/labstack/echo/v5.Context).HTMLBlob":   {`text:"write to the client" fault`},
	"(github.com/labstack/echo/v4.Context).Blob":        {`text:"write to the client" fault`},
	"(*github.com/labstack/echo/v5.Context).Blob":       {`text:"write to the client" fault`},
	"(github.com/labstack/echo/v4.Context).Stream":      {`text:"write to the client" fault`},
	"(*github.com/labstack/echo/v5.Context).Stream":     {`text:"write to the client" fault`},
	"(github.com/labstack/echo/v4.Context).NoContent":   {`text:"write to the client" fault`},
	"(*github.com/labstack/echo/v5.Context).NoContent":  {`text:"write to the client" fault`},
	"(github.com/labstack/echo/v4.Context).Redirect":    {`text:"write to the client" fault`},
	"(*github.com/labstack/echo/v5.Context).Redirect":   {`text:"write to the client" fault`},
	// Echo v5.
	"(*github.com/labstack/echo/v5.Context).Bind": {
		"*github.com/labstack/echo/v5.HTTPError status=400",
		"=github.com/labstack/echo/v5.ErrUnsupportedMediaType status=415",
		"*github.com/labstack/echo/v5.BindingError status=400",
	},
	"github.com/labstack/echo/v5.BindBody": {
		"*github.com/labstack/echo/v5.HTTPError status=400",
		"=github.com/labstack/echo/v5.ErrUnsupportedMediaType status=415",
	},
	"(*github.com/labstack/echo/v5.Context).Validate": {
		"=github.com/labstack/echo/v5.ErrValidatorNotRegistered status=500 if=no-validator",
		"impl (github.com/labstack/echo/v5.Validator).Validate",
	},
	"(*github.com/labstack/echo/v5.Context).File": {"=github.com/labstack/echo/v5.ErrNotFound status=404"},

	// echoerr's own error constructors (v4 and v5).
	"github.com/echoerr/echoerr.Abort":         {"*github.com/echoerr/echoerr/answer.AbortError"},
	"github.com/echoerr/echoerr.AbortCause":    {"*github.com/echoerr/echoerr/answer.AbortError"},
	"github.com/echoerr/echoerr/v5.Abort":      {"*github.com/echoerr/echoerr/answer.AbortError"},
	"github.com/echoerr/echoerr/v5.AbortCause": {"*github.com/echoerr/echoerr/answer.AbortError"},

	// The standard library.
	"encoding/json.Unmarshal":                {"*encoding/json.SyntaxError", "*encoding/json.UnmarshalTypeError", "*encoding/json.InvalidUnmarshalError fault"},
	"(*encoding/json.Decoder).Decode":        {"*encoding/json.SyntaxError", "*encoding/json.UnmarshalTypeError", "=io.EOF", "=io.ErrUnexpectedEOF", "*encoding/json.InvalidUnmarshalError fault"},
	"encoding/json.Marshal":                  {"*encoding/json.UnsupportedTypeError fault", "*encoding/json.UnsupportedValueError fault", "*encoding/json.MarshalerError fault"},
	"encoding/json.MarshalIndent":            {"*encoding/json.UnsupportedTypeError fault", "*encoding/json.UnsupportedValueError fault", "*encoding/json.MarshalerError fault"},
	"strconv.Atoi":                           {"*strconv.NumError"},
	"strconv.ParseInt":                       {"*strconv.NumError"},
	"strconv.ParseUint":                      {"*strconv.NumError"},
	"strconv.ParseFloat":                     {"*strconv.NumError"},
	"strconv.ParseBool":                      {"*strconv.NumError"},
	"time.Parse":                             {"*time.ParseError"},
	"time.ParseDuration":                     {`text:"time: invalid duration"`},
	"os.Open":                                {"*io/fs.PathError fault"},
	"os.ReadFile":                            {"*io/fs.PathError fault"},
	"(context.Context).Err":                  {"ctx"},
	"(io.Reader).Read":                       {"=io.EOF", "impl (io.Reader).Read"},
	"io.ReadAll":                             {"*net/http.MaxBytesError", `text:"reading failed" fault`},
	"(*database/sql.DB).ExecContext":         {"driver", "ctx", `text:"sql: database is closed" fault`},
	"(*database/sql.DB).Exec":                {"driver", `text:"sql: database is closed" fault`},
	"(*database/sql.DB).QueryContext":        {"driver", "ctx", `text:"sql: database is closed" fault`},
	"(*database/sql.DB).Query":               {"driver", `text:"sql: database is closed" fault`},
	"(*database/sql.DB).BeginTx":             {"driver", "ctx", `text:"sql: database is closed" fault`},
	"(*database/sql.DB).Begin":               {"driver", `text:"sql: database is closed" fault`},
	"(*database/sql.DB).PingContext":         {"driver", "ctx", `text:"sql: database is closed" fault`},
	"(*database/sql.DB).Ping":                {"driver", `text:"sql: database is closed" fault`},
	"(*database/sql.DB).PrepareContext":      {"driver", "ctx", `text:"sql: database is closed" fault`},
	"(*database/sql.Row).Scan":               {"=database/sql.ErrNoRows", "driver", "ctx", `text:"sql: Scan error" fault`},
	"(*database/sql.Row).Err":                {"driver", "ctx"},
	"(*database/sql.Rows).Scan":              {"driver", `text:"sql: Scan error" fault`},
	"(*database/sql.Rows).Err":               {"driver", "ctx"},
	"(*database/sql.Rows).Close":             {"driver"},
	"(database/sql.Result).LastInsertId":     {"driver"},
	"(database/sql.Result).RowsAffected":     {"driver"},
	"(*database/sql.Tx).ExecContext":         {"driver", "ctx", "=database/sql.ErrTxDone fault"},
	"(*database/sql.Tx).QueryContext":        {"driver", "ctx", "=database/sql.ErrTxDone fault"},
	"(*database/sql.Tx).Commit":              {"driver", "=database/sql.ErrTxDone fault"},
	"(*database/sql.Tx).Rollback":            {"driver", "=database/sql.ErrTxDone fault"},
	"(*database/sql.Stmt).ExecContext":       {"driver", "ctx", `text:"sql: statement is closed" fault`},
	"(*database/sql.Stmt).QueryRowContext":   {},
	"database/sql.Open":                      {`text:"sql: unknown driver" fault`},
	"(*database/sql.DB).Close":               {"driver fault"},
	"(*net/http.Request).FormFile":           {"=net/http.ErrMissingFile", "=net/http.ErrNotMultipart"},
	"(*net/http.Request).ParseMultipartForm": {"=net/http.ErrNotMultipart", "*net/http.MaxBytesError"},

	// golang.org/x/crypto/bcrypt.
	"golang.org/x/crypto/bcrypt.GenerateFromPassword": {
		"=golang.org/x/crypto/bcrypt.ErrPasswordTooLong",
		"golang.org/x/crypto/bcrypt.InvalidCostError if=bcrypt-cost",
		`text:"crypto/rand" fault`,
	},
	"golang.org/x/crypto/bcrypt.CompareHashAndPassword": {
		"=golang.org/x/crypto/bcrypt.ErrMismatchedHashAndPassword",
		"=golang.org/x/crypto/bcrypt.ErrPasswordTooLong",
		"=golang.org/x/crypto/bcrypt.ErrHashTooShort fault",
		"golang.org/x/crypto/bcrypt.HashVersionTooNewError fault",
		"golang.org/x/crypto/bcrypt.InvalidHashPrefixError fault",
		"golang.org/x/crypto/bcrypt.InvalidCostError fault",
	},

	// golang-jwt and echo-jwt.
	"(*github.com/golang-jwt/jwt/v5.Token).SignedString": {"=github.com/golang-jwt/jwt/v5.ErrInvalidKey fault", "=github.com/golang-jwt/jwt/v5.ErrInvalidKeyType fault"},
	"github.com/golang-jwt/jwt/v5.Parse": {
		"=github.com/golang-jwt/jwt/v5.ErrTokenMalformed", "=github.com/golang-jwt/jwt/v5.ErrTokenSignatureInvalid",
		"=github.com/golang-jwt/jwt/v5.ErrTokenExpired", "=github.com/golang-jwt/jwt/v5.ErrTokenNotValidYet",
		"=github.com/golang-jwt/jwt/v5.ErrTokenUnverifiable",
	},
	"github.com/golang-jwt/jwt/v5.ParseWithClaims": {
		"=github.com/golang-jwt/jwt/v5.ErrTokenMalformed", "=github.com/golang-jwt/jwt/v5.ErrTokenSignatureInvalid",
		"=github.com/golang-jwt/jwt/v5.ErrTokenExpired", "=github.com/golang-jwt/jwt/v5.ErrTokenNotValidYet",
		"=github.com/golang-jwt/jwt/v5.ErrTokenUnverifiable",
	},
	"(*github.com/golang-jwt/jwt/v5.RegisteredClaims).GetSubject": {},
	"(github.com/golang-jwt/jwt/v5.RegisteredClaims).GetSubject":  {},
	"(github.com/golang-jwt/jwt/v5.Claims).GetSubject":            {},

	// go-playground/validator.
	"(*github.com/go-playground/validator/v10.Validate).Struct":    {"github.com/go-playground/validator/v10.ValidationErrors", "*github.com/go-playground/validator/v10.InvalidValidationError fault"},
	"(*github.com/go-playground/validator/v10.Validate).StructCtx": {"github.com/go-playground/validator/v10.ValidationErrors", "*github.com/go-playground/validator/v10.InvalidValidationError fault"},
	"(*github.com/go-playground/validator/v10.Validate).Var":       {"github.com/go-playground/validator/v10.ValidationErrors", "*github.com/go-playground/validator/v10.InvalidValidationError fault"},

	// pgx v5.
	"(*github.com/jackc/pgx/v5/pgxpool.Pool).Exec":  {"*github.com/jackc/pgx/v5/pgconn.PgError", "ctx", "*github.com/jackc/pgx/v5/pgconn.ConnectError", "*net.OpError"},
	"(*github.com/jackc/pgx/v5/pgxpool.Pool).Query": {"*github.com/jackc/pgx/v5/pgconn.PgError", "ctx", "*github.com/jackc/pgx/v5/pgconn.ConnectError", "*net.OpError"},
	"(*github.com/jackc/pgx/v5/pgxpool.Pool).Begin": {"*github.com/jackc/pgx/v5/pgconn.PgError", "ctx", "*github.com/jackc/pgx/v5/pgconn.ConnectError", "*net.OpError"},
	"(*github.com/jackc/pgx/v5.Conn).Exec":          {"*github.com/jackc/pgx/v5/pgconn.PgError", "ctx", "*net.OpError"},
	"(github.com/jackc/pgx/v5.Row).Scan":            {"=github.com/jackc/pgx/v5.ErrNoRows", "*github.com/jackc/pgx/v5/pgconn.PgError", "ctx", "*net.OpError"},
	"(github.com/jackc/pgx/v5.Rows).Err":            {"*github.com/jackc/pgx/v5/pgconn.PgError", "ctx", "*net.OpError"},
	"(github.com/jackc/pgx/v5.Tx).Commit":           {"*github.com/jackc/pgx/v5/pgconn.PgError", "=github.com/jackc/pgx/v5.ErrTxClosed fault", "ctx"},
}

// Middleware lists library middleware by the function that makes it: the
// errors the middleware itself returns (not its handler's).
var Middleware = map[string][]string{
	"github.com/labstack/echo-jwt/v4.WithConfig":       {"*github.com/labstack/echo-jwt/v4.TokenExtractionError", "*github.com/labstack/echo-jwt/v4.TokenParsingError"},
	"github.com/labstack/echo-jwt/v4.JWT":              {"*github.com/labstack/echo-jwt/v4.TokenExtractionError", "*github.com/labstack/echo-jwt/v4.TokenParsingError"},
	"github.com/labstack/echo-jwt/v5.WithConfig":       {"*github.com/labstack/echo-jwt/v5.TokenExtractionError", "*github.com/labstack/echo-jwt/v5.TokenParsingError"},
	"github.com/labstack/echo-jwt/v5.JWT":              {"*github.com/labstack/echo-jwt/v5.TokenExtractionError", "*github.com/labstack/echo-jwt/v5.TokenParsingError"},
	"github.com/labstack/echo/v4/middleware.BodyLimit": {"=github.com/labstack/echo/v4.ErrStatusRequestEntityTooLarge status=413"},
	"github.com/labstack/echo/v4/middleware.KeyAuth":   {"*github.com/labstack/echo/v4.HTTPError status=401", "*github.com/labstack/echo/v4.HTTPError status=400"},
	"github.com/labstack/echo/v4/middleware.CSRF":      {"*github.com/labstack/echo/v4.HTTPError status=403", "*github.com/labstack/echo/v4.HTTPError status=400"},
	"github.com/labstack/echo/v4/middleware.Timeout":   {"*github.com/labstack/echo/v4.HTTPError status=503"},
	"github.com/labstack/echo/v4/middleware.RateLimiter": {
		"=github.com/labstack/echo/v4.ErrTooManyRequests status=429", "=github.com/labstack/echo/v4.ErrForbidden status=403",
	},
	// Middleware that returns no error of its own (what its handler returns
	// passes through).
	"github.com/labstack/echo/v4/middleware.Recover":                                           {},
	"github.com/labstack/echo/v4/middleware.RecoverWithConfig":                                 {},
	"github.com/labstack/echo/v4/middleware.Logger":                                            {},
	"github.com/labstack/echo/v4/middleware.LoggerWithConfig":                                  {},
	"github.com/labstack/echo/v4/middleware.RequestLoggerWithConfig":                           {},
	"github.com/labstack/echo/v4/middleware.RequestID":                                         {},
	"github.com/labstack/echo/v4/middleware.CORS":                                              {},
	"github.com/labstack/echo/v4/middleware.CORSWithConfig":                                    {},
	"github.com/labstack/echo/v4/middleware.Secure":                                            {},
	"github.com/labstack/echo/v4/middleware.Gzip":                                              {},
	"github.com/labstack/echo/v5/middleware.Recover":                                           {},
	"github.com/labstack/echo/v5/middleware.RecoverWithConfig":                                 {},
	"github.com/labstack/echo/v5/middleware.RequestLogger":                                     {},
	"github.com/labstack/echo/v5/middleware.RequestID":                                         {},
	"github.com/labstack/echo/v5/middleware.CORS":                                              {},
	"github.com/getsentry/sentry-go/echo.New":                                                  {},
	"github.com/labstack/echo-opentelemetry.NewMiddleware":                                     {},
	"github.com/labstack/echo-opentelemetry.NewMiddlewareWithConfig":                           {},
	"go.opentelemetry.io/contrib/instrumentation/github.com/labstack/echo/otelecho.Middleware": {},
	"github.com/echoerr/echoerr.Respond":                                                       {},
	"github.com/echoerr/echoerr/v5.Respond":                                                    {},
}

// Drivers are the errors of database/sql drivers, by the package an app
// imports to register one.
var Drivers = map[string][]string{
	"modernc.org/sqlite":                 {"*modernc.org/sqlite.Error"},
	"github.com/mattn/go-sqlite3":        {"github.com/mattn/go-sqlite3.Error"},
	"github.com/jackc/pgx/v5/stdlib":     {"*github.com/jackc/pgx/v5/pgconn.PgError", "*net.OpError"},
	"github.com/lib/pq":                  {"*github.com/lib/pq.Error"},
	"github.com/go-sql-driver/mysql":     {"*github.com/go-sql-driver/mysql.MySQLError", "=github.com/go-sql-driver/mysql.ErrInvalidConn"},
	"github.com/microsoft/go-mssqldb":    {"github.com/microsoft/go-mssqldb.Error"},
	"github.com/jackc/pgx/v4/stdlib":     {"*github.com/jackc/pgconn.PgError"},
	"github.com/ncruces/go-sqlite3":      {"*github.com/ncruces/go-sqlite3.Error"},
	"github.com/tursodatabase/go-libsql": {"*github.com/tursodatabase/go-libsql.Error"},
}

// Defaults are the errors echoerr answers without any rule (with their own
// status): Echo's error types, echoerr's AbortError, context.Canceled (499)
// and DeadlineExceeded (503), *http.MaxBytesError (413); any type with a
// StatusCode() int method is also answered with its status.
var Defaults = []string{
	"*github.com/labstack/echo/v4.HTTPError",
	"*github.com/labstack/echo/v4.BindingError",
	"*github.com/labstack/echo/v5.HTTPError",
	"*github.com/labstack/echo/v5.BindingError",
	"*github.com/echoerr/echoerr/answer.AbortError",
	"=context.Canceled",
	"=context.DeadlineExceeded",
	"*net/http.MaxBytesError",
}

// SentinelTexts are library sentinels' dynamic types and texts, as
// echoerr's answer.Answer.Key writes a sentinel rule's target.
var SentinelTexts = map[string]string{
	"database/sql.ErrNoRows":   "*errors.errorString:sql: no rows in result set",
	"database/sql.ErrTxDone":   "*errors.errorString:sql: transaction has already been committed or rolled back",
	"database/sql.ErrConnDone": "*errors.errorString:sql: connection is already closed",
	"context.Canceled":         "*errors.errorString:context canceled",
	"context.DeadlineExceeded": "context.deadlineExceededError:context deadline exceeded",
	"io.EOF":                   "*errors.errorString:EOF",
	"io.ErrUnexpectedEOF":      "*errors.errorString:unexpected EOF",
	"golang.org/x/crypto/bcrypt.ErrMismatchedHashAndPassword": "*errors.errorString:crypto/bcrypt: hashedPassword is not the hash of the given password",
	"golang.org/x/crypto/bcrypt.ErrPasswordTooLong":           "*errors.errorString:bcrypt: password length exceeds 72 bytes",
	"golang.org/x/crypto/bcrypt.ErrHashTooShort":              "*errors.errorString:crypto/bcrypt: hashedSecret too short to be a bcrypted password",
	"github.com/jackc/pgx/v5.ErrNoRows":                       "*errors.errorString:no rows in result set",
	"net/http.ErrMissingFile":                                 "*errors.errorString:http: no such file",
}

// item is one parsed table item.
type item struct {
	elem   Elem
	driver bool
	ctx    bool
	impl   string // "(pkg.Iface).Method"
	cond   string
	fault  bool
}

func parseItem(s string) item {
	var it item
	rest := s
	if strings.HasPrefix(rest, `text:"`) {
		end := strings.Index(rest[6:], `"`)
		if end < 0 {
			end = len(rest) - 6
		}
		it.elem = Elem{Type: "*errors.errorString", Text: rest[6 : 6+end]}
		rest = rest[min(len(rest), 7+end):]
	}
	for i, f := range strings.Fields(rest) {
		switch {
		case i == 0 && it.elem.Text == "" && f == "driver":
			it.driver = true
		case i == 0 && it.elem.Text == "" && f == "ctx":
			it.ctx = true
		case i == 0 && it.elem.Text == "" && f == "impl":
			// the next field is the method
		case i == 0 && it.elem.Text == "" && strings.HasPrefix(f, "="):
			it.elem.Sentinel = f[1:]
		case i == 0 && it.elem.Text == "":
			it.elem.Type = f
		case strings.HasPrefix(f, "(") && strings.Contains(f, ")."):
			it.impl = f
		case strings.HasPrefix(f, "status="):
			it.elem.Status, _ = strconv.Atoi(f[7:])
		case strings.HasPrefix(f, "if="):
			it.cond = f[3:]
		case f == "fault":
			it.fault = true
		}
	}
	return it
}

// isLibrary reports whether the analyzer takes what pkg's functions return
// from Table rather than reading them.
func isLibrary(path string) bool {
	for _, p := range ownModules {
		if strings.HasPrefix(path, p) {
			return false
		}
	}
	first, _, _ := strings.Cut(path, "/")
	if !strings.Contains(first, ".") {
		return true // the standard library
	}
	for _, p := range libraryPrefixes {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	for _, p := range echoerrPackages {
		if path == p || strings.HasSuffix(p, "/") && strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}
