package sqlite3_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"

	"github.com/mattn/go-sqlite3"

	echoerr4 "github.com/echoerr/echoerr"
	"github.com/echoerr/echoerr/kits/kittest"
	sqlitekit "github.com/echoerr/echoerr/kits/sqlite3"
)

// open opens a SQLite file with foreign keys on and no busy timeout.
func open(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_foreign_keys=1&_busy_timeout=0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// The failures really produce the codes of the kit's table.
func TestFailuresAreReal(t *testing.T) {
	for name, f := range kittest.SQLiteFailures(t, open) {
		var se sqlite3.Error
		want := kittest.SQLiteWant[name].Code
		if err := f(context.Background()); !errors.As(err, &se) {
			t.Errorf("%s: %v is not a sqlite3.Error", name, err)
		} else if code := int(se.ExtendedCode); code&0xff != want&0xff || want > 255 && code != want {
			t.Errorf("%s: code %d, want %d", name, code, want)
		}
	}
}

// Each code is answered as the table says, over a real server on 127.0.0.1,
// on Echo v4 and on Echo v5, with no driver text in the body and SQLite's
// code in the log line.
func TestAnswersOverRealHTTP(t *testing.T) {
	kittest.SQLiteAnswers(t, open, sqlitekit.Rules(sqlitekit.Field("users.email", "email")))
}

// The README's table says what the kit answers, row for row, with the
// kit's own codes.
func TestReadmeTable(t *testing.T) {
	kittest.SQLiteReadmeTable(t)
	if sqlitekit.Busy != kittest.SQLiteWant["busy"].Code || sqlitekit.ConstraintUnique != kittest.SQLiteWant["unique"].Code ||
		sqlitekit.Full != kittest.SQLiteWant["full"].Code || sqlitekit.ConstraintCheck != kittest.SQLiteWant["check"].Code {
		t.Error("the kit's constants are not the table's codes")
	}
}

// Answer gives one constraint the app's own answer; the others keep the
// kit's; on Echo v4 and v5.
func TestAnswerOption(t *testing.T) {
	own := echoerr4.Entry{Status: 400, Message: "User with given email address already exists"}
	kittest.SQLiteAnswerOption(t, open, sqlitekit.Rules(sqlitekit.Answer("users.email", own)), own)
	if u := sqlitekit.Unique("users.email", own); u.Spec().Entry.Message != own.Message {
		t.Errorf("Unique answers %+v", u.Spec().Entry)
	}
}
