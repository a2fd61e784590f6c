// Package answer holds the types that describe echoerr's answers, shared by
// the adapter for Echo v4 (github.com/echoerr/echoerr) and the one for Echo
// v5 (github.com/echoerr/echoerr/v5): a value made for one is the same
// value for the other, and a package that only declares answers (a kit of
// rules for a database driver, say) imports neither Echo.
//
// What an app declares:
//
//   - [Entry]: a declared answer (status, public message, extra body
//     [Fields], headers), registered with the adapter's Declare,
//     DeclareIf, DeclareError or DeclareStatus;
//   - [Format]: how the answers echoerr writes itself look ({"message": ...}
//     JSON, RFC 9457 problem details, HTML pages), per app or namespace.
//
// What errors can carry:
//
//   - [AbortError], the error of the adapter's Abort;
//   - [Errors] and [ErrorLister]: several errors in one answer, each an
//     [ErrorItem];
//   - [PublicMessager]: a message meant for clients;
//   - [HeaderCarrier]: response headers such as Retry-After.
//
// What echoerr tells:
//
//   - [Event]: one error answer, for the log line and for reports;
//   - [Description]: what echoerr answers where, as the adapter's Describe
//     finds it in the routes and rules, for a table or an OpenAPI document.
package answer
