package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite", pure Go
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

// openDB opens (creating it if needed) the SQLite file at path.
func openDB(path string) (*sql.DB, error) {
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

// store reads and writes users and movies. Its errors are the driver's and
// database/sql's, unchanged: errors.go says what they mean.
type store struct{ db *sql.DB }

func (s *store) addUser(ctx context.Context, email string, hash []byte) (string, error) {
	res, err := s.db.ExecContext(ctx, `INSERT INTO users (email, password) VALUES (?, ?)`, email, hash)
	if err != nil {
		return "", err
	}
	id, err := res.LastInsertId()
	return strconv.FormatInt(id, 10), err
}

// userByEmail returns the user's id and password hash, or sql.ErrNoRows.
func (s *store) userByEmail(ctx context.Context, email string) (string, []byte, error) {
	var id int64
	var hash []byte
	err := s.db.QueryRowContext(ctx, `SELECT id, password FROM users WHERE email = ?`, email).Scan(&id, &hash)
	return strconv.FormatInt(id, 10), hash, err
}

func (s *store) addMovie(ctx context.Context, m Movie) (string, error) {
	casts, genres := list(m.Casts), list(m.Genres)
	res, err := s.db.ExecContext(ctx, `INSERT INTO movies (name, casts, genres, added_by) VALUES (?, ?, ?, ?)`,
		m.Name, casts, genres, m.AddedBy)
	if err != nil {
		return "", err
	}
	id, err := res.LastInsertId()
	return strconv.FormatInt(id, 10), err
}

func (s *store) movies(ctx context.Context) ([]Movie, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, casts, genres, added_by FROM movies ORDER BY id`)
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

// movie returns one movie, or sql.ErrNoRows.
func (s *store) movie(ctx context.Context, id string) (Movie, error) {
	return scanMovie(s.db.QueryRowContext(ctx, `SELECT id, name, casts, genres, added_by FROM movies WHERE id = ?`, id))
}

// ownMovie returns a movie of user, or sql.ErrNoRows when it is someone
// else's or does not exist (the tutorial's Movie.objects.get(id=id,
// added_by=user_id)).
func (s *store) ownMovie(ctx context.Context, id, user string) (Movie, error) {
	return scanMovie(s.db.QueryRowContext(ctx,
		`SELECT id, name, casts, genres, added_by FROM movies WHERE id = ? AND added_by = ?`, id, user))
}

func (s *store) updateMovie(ctx context.Context, m Movie) error {
	_, err := s.db.ExecContext(ctx, `UPDATE movies SET name = ?, casts = ?, genres = ? WHERE id = ?`,
		m.Name, list(m.Casts), list(m.Genres), m.ID)
	return err
}

func (s *store) deleteMovie(ctx context.Context, id string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM movies WHERE id = ?`, id)
	return err
}

type scanner interface{ Scan(dest ...any) error }

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
