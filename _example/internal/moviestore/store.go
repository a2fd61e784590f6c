// Package moviestore is the movie-bag's data layer, shared by its Echo v4
// and Echo v5 apps: SQLite through database/sql and modernc.org/sqlite. Its
// errors are the driver's and database/sql's, unchanged: each app's
// errors.go says what they mean.
package moviestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/echoerr/echoerr/answer"

	"github.com/golang-jwt/jwt/v5"
	// the database/sql driver "sqlite", pure Go
)

// schema is created on first start. The constraints are the tutorial's
// rules: one user per email, one movie per name, a movie belongs to the
// user who added it.
const schema = `
CREATE TABLE IF NOT EXISTS users (
	id       INTEGER PRIMARY KEY,
	email    TEXT NOT NULL UNIQUE,
	password BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS movies (
	id       INTEGER PRIMARY KEY,
	name     TEXT NOT NULL UNIQUE,
	casts    TEXT NOT NULL,
	genres   TEXT NOT NULL,
	added_by INTEGER NOT NULL REFERENCES users(id)
);`

// Open opens (creating it if needed) the SQLite file at path.
func Open(path string) (*sql.DB, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)")
	if err != nil {
		return nil, err
	}
	if _, err := db.Exec(schema); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Movie is the tutorial's movie document.
type Movie struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Casts   []string `json:"casts"`
	Genres  []string `json:"genres"`
	AddedBy string   `json:"added_by"`
}

// Store reads and writes users and movies.
type Store struct{ DB *sql.DB }

func (s *Store) AddUser(ctx context.Context, email string, hash []byte) (string, error) {
	res, err := s.DB.ExecContext(ctx, `INSERT INTO users (email, password) VALUES (?, ?)`, email, hash)
	if err != nil {
		return "", err
	}
	id, err := res.LastInsertId()
	return strconv.FormatInt(id, 10), err
}

// UserByEmail returns the user's id and password hash, or sql.ErrNoRows.
func (s *Store) UserByEmail(ctx context.Context, email string) (string, []byte, error) {
	var id int64
	var hash []byte
	err := s.DB.QueryRowContext(ctx, `SELECT id, password FROM users WHERE email = ?`, email).Scan(&id, &hash)
	return strconv.FormatInt(id, 10), hash, err
}

func (s *Store) AddMovie(ctx context.Context, m Movie) (string, error) {
	casts, genres := list(m.Casts), list(m.Genres)
	res, err := s.DB.ExecContext(ctx, `INSERT INTO movies (name, casts, genres, added_by) VALUES (?, ?, ?, ?)`,
		m.Name, casts, genres, m.AddedBy)
	if err != nil {
		return "", err
	}
	id, err := res.LastInsertId()
	return strconv.FormatInt(id, 10), err
}

func (s *Store) Movies(ctx context.Context) ([]Movie, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT id, name, casts, genres, added_by FROM movies ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Movie{}
	for rows.Next() {
		m, err := scanMovie(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Movie returns one movie, or sql.ErrNoRows.
func (s *Store) Movie(ctx context.Context, id string) (Movie, error) {
	return scanMovie(s.DB.QueryRowContext(ctx, `SELECT id, name, casts, genres, added_by FROM movies WHERE id = ?`, id))
}

// OwnMovie returns a movie of user, or sql.ErrNoRows when it is someone
// else's or does not exist (the tutorial's Movie.objects.get(id=id,
// added_by=user_id)).
func (s *Store) OwnMovie(ctx context.Context, id, user string) (Movie, error) {
	return scanMovie(s.DB.QueryRowContext(ctx,
		`SELECT id, name, casts, genres, added_by FROM movies WHERE id = ? AND added_by = ?`, id, user))
}

func (s *Store) UpdateMovie(ctx context.Context, m Movie) error {
	_, err := s.DB.ExecContext(ctx, `UPDATE movies SET name = ?, casts = ?, genres = ? WHERE id = ?`,
		m.Name, list(m.Casts), list(m.Genres), m.ID)
	return err
}

func (s *Store) DeleteMovie(ctx context.Context, id string) error {
	_, err := s.DB.ExecContext(ctx, `DELETE FROM movies WHERE id = ?`, id)
	return err
}

type scanner interface{ Scan(dest ...any) error }

// The JSON columns are written by list only: a decoding failure is a
// corrupt database, which rightly answers 500 (echoerr-vet's directive).
//
//echoerr:returns encoding/json.Unmarshal *encoding/json.SyntaxError fault *encoding/json.UnmarshalTypeError fault *encoding/json.InvalidUnmarshalError fault

func scanMovie(row scanner) (Movie, error) {
	var m Movie
	var id, addedBy int64
	var casts, genres string
	if err := row.Scan(&id, &m.Name, &casts, &genres, &addedBy); err != nil {
		return Movie{}, err
	}
	m.ID, m.AddedBy = strconv.FormatInt(id, 10), strconv.FormatInt(addedBy, 10)
	if err := json.Unmarshal([]byte(casts), &m.Casts); err != nil {
		return Movie{}, err
	}
	if err := json.Unmarshal([]byte(genres), &m.Genres); err != nil {
		return Movie{}, err
	}
	return m, nil
}

// list encodes a string list as a JSON column.
func list(v []string) string {
	if v == nil {
		v = []string{}
	}
	b, _ := json.Marshal(v) // a []string always encodes
	return string(b)
}

// Credentials is the body of signup and login.
type Credentials struct {
	Email    string `json:"email" validate:"required"`
	Password string `json:"password" validate:"required"`
}

// MovieBody is the body of POST /api/movies.
type MovieBody struct {
	Name   string   `json:"name" validate:"required"`
	Casts  []string `json:"casts" validate:"required"`
	Genres []string `json:"genres" validate:"required"`
}

// MovieUpdate is the body of PUT /api/movies/:id: the fields to change.
type MovieUpdate struct {
	Name   *string  `json:"name"`
	Casts  []string `json:"casts"`
	Genres []string `json:"genres"`
}

// Apply changes m as u says.
func (u MovieUpdate) Apply(m *Movie) {
	if u.Name != nil {
		m.Name = *u.Name
	}
	if u.Casts != nil {
		m.Casts = u.Casts
	}
	if u.Genres != nil {
		m.Genres = u.Genres
	}
}

// NewToken signs a token for user that expires after ttl.
func NewToken(key []byte, user string, ttl time.Duration) (string, error) {
	now := time.Now()
	claims := jwt.RegisteredClaims{Subject: user, IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(ttl))}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(key)
}

// DevKey signs tokens when MOVIEBAG_JWT_KEY is not set.
const DevKey = "moviebag-development-only-key"

// Run serves the handler newApp builds on the database at dbPath, on addr,
// until ctx is done, then shuts down gracefully. ready, when not nil, gets
// the address listened on.
func Run(ctx context.Context, addr, dbPath, key string, logger *slog.Logger, ready func(string), newApp func(db *sql.DB, key []byte) http.Handler) error {
	db, err := Open(dbPath)
	if err != nil {
		return fmt.Errorf("open %s: %w", dbPath, err)
	}
	defer db.Close()
	if key == "" {
		key = DevKey
		logger.Warn("MOVIEBAG_JWT_KEY is not set: tokens are signed with a development key, for development only")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: newApp(db, []byte(key)), ReadHeaderTimeout: 10 * time.Second}
	logger.Info("moviebag listening", "addr", "http://"+ln.Addr().String(), "db", dbPath)
	if ready != nil {
		ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Info("moviebag stopped")
	return nil
}

// RouteErrors reads an app's embedded errorsets.json (echoerr-vet -sets).
// It panics on a malformed file: the file is the repository's, checked by
// its tests.
func RouteErrors(data []byte) []answer.RouteErrors {
	sets, err := answer.ParseRouteErrors(data)
	if err != nil {
		panic("errorsets.json: " + err.Error())
	}
	return sets
}
