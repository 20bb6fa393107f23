package data

import (
	"context"
	"database/sql"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
)

// sqliteDialect is the SQLite file: one file on a local disk or the office
// share, shared through SQLite's file locks.
type sqliteDialect struct{}

func (sqliteDialect) backend() Backend { return BackendSQLite }

func (sqliteDialect) schemaVersion(db *gorm.DB) (int, error) {
	var v int
	err := db.Raw("PRAGMA user_version").Scan(&v).Error
	return v, err
}

func (sqliteDialect) migrate(s *Store) error { return s.migrateFile() }

// begin takes the write lock before anything is read, so two desktops never
// deadlock upgrading read locks.
func (sqliteDialect) begin(ctx context.Context, conn *sql.Conn) error {
	_, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE")
	return err
}

func (sqliteDialect) beginRead() string { return "BEGIN DEFERRED" }

// commit retries a busy COMMIT: SQLite keeps the transaction open when
// readers still hold the file, and trying COMMIT again is the documented way.
func (sqliteDialect) commit(ctx context.Context, conn *sql.Conn, deadline time.Time) error {
	pause := 5 * time.Millisecond
	for {
		_, err := conn.ExecContext(ctx, "COMMIT")
		if err == nil {
			return nil
		}
		if !retryable(err) || time.Now().Add(pause).After(deadline) {
			return err
		}
		sleepJitter(pause)
		pause = min(pause*2, 250*time.Millisecond)
	}
}

// committed: other desktops see the change in PRAGMA data_version.
func (sqliteDialect) committed(context.Context, *sql.Conn) {}

func (sqliteDialect) pool(conn *sql.Conn) gorm.ConnPool { return conn }

func (sqliteDialect) search(s *Store, q string, limit, offset int) (string, []any, error) {
	if utf8.RuneCountInString(q) < 3 {
		like := "%" + escapeLike(q) + "%"
		return searchCols + ` AND (c.name LIKE ? ESCAPE '\' OR c.company LIKE ? ESCAPE '\' OR c.email LIKE ? ESCAPE '\' OR c.phone LIKE ? ESCAPE '\')` + searchOrder,
			[]any{like, like, like, like, limit, offset}, nil
	}
	// A phrase in double quotes is matched as a substring by the trigram
	// tokenizer; a double quote inside is doubled.
	phrase := `"` + strings.ReplaceAll(q, `"`, `""`) + `"`
	many, err := s.manyMatches(phrase, limit, offset)
	if err != nil {
		return "", nil, err
	}
	return searchFTSQuery(many), []any{phrase, limit, offset}, nil
}

func (sqliteDialect) measureClock(s *Store) (time.Duration, error) { return s.probeClock() }

func (sqliteDialect) backup(s *Store, out string) error { return s.backupFile(out) }

func (sqliteDialect) check(s *Store, r *CheckReport) { runCheck(s.db, r) }

func (sqliteDialect) watch(ctx context.Context, w *watcher, interval time.Duration, lastWrites uint64, onChange func()) {
	w.run(ctx, interval, lastWrites, onChange)
}

func (sqliteDialect) bulkLoad(s *Store, tables []string, fill func(b *Bulk) error, progress func(done, total int)) error {
	return s.bulkLoadFile(tables, fill, progress)
}
