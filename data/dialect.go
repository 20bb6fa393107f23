package data

import (
	"context"
	"database/sql"
	"time"

	"gorm.io/gorm"
)

// Backend names the kind of database a Store works on.
type Backend string

// The two stores Zusage runs on: the SQLite file (the default, and the way
// to start) and a PostgreSQL server (docs/design.md, "Outgrowing one office").
const (
	BackendSQLite   Backend = "sqlite"
	BackendPostgres Backend = "postgres"
)

// dialect is everything that differs between the SQLite file and the
// PostgreSQL server, and nothing else: the Store's operations, their rules
// and their queries are written once (style.md, "Data"; GORM's Dialector is
// the model of the seam). The queries are written in SQLite's SQL; the few
// idioms PostgreSQL lacks are translated by pgSQL (postgres.go), and every
// migration carries the SQL of both side by side (migrate.go).
type dialect interface {
	backend() Backend
	// schemaVersion reads the schema version the database holds
	// (PRAGMA user_version, or the zusage_schema table).
	schemaVersion(db *gorm.DB) (int, error)
	// migrate brings the schema to SchemaVersion: each step in its own
	// transaction, once, however many desktops start at the same moment.
	migrate(s *Store) error
	// begin starts a write transaction on conn (BEGIN IMMEDIATE, or a
	// serializable transaction).
	begin(ctx context.Context, conn *sql.Conn) error
	// beginRead starts a read transaction: one snapshot for what it reads
	// (SQLite: BEGIN DEFERRED, since the pool's transactions take the write
	// lock; PostgreSQL: a read-only REPEATABLE READ snapshot).
	beginRead() string
	// commit ends it. SQLite keeps a busy COMMIT's transaction open and is
	// asked again until deadline; PostgreSQL either commits or rolls back.
	commit(ctx context.Context, conn *sql.Conn, deadline time.Time) error
	// committed runs after a successful commit, outside the transaction
	// (PostgreSQL: the change counter that polling desktops read).
	committed(ctx context.Context, conn *sql.Conn)
	// pool is what GORM runs a write transaction's statements through.
	pool(conn *sql.Conn) gorm.ConnPool
	// search returns the index-backed customer search for a query of three
	// or more characters, and the LIKE scan for a shorter one.
	search(s *Store, q string, limit, offset int) (query string, args []any, err error)
	// measureClock returns the shared clock minus this desktop's clock: the
	// file server's modification time of a probe file, or the database
	// server's own clock.
	measureClock(s *Store) (time.Duration, error)
	// backup writes a consistent copy of the whole database to out.
	backup(s *Store, out string) error
	// check fills r with the database's own checks and the counts.
	check(s *Store, r *CheckReport)
	// watch polls for changes by other desktops until quit; see Store.Watch.
	watch(ctx context.Context, w *watcher, interval time.Duration, lastWrites uint64, onChange func())
	// bulkLoad is Store.BulkLoad on this database.
	bulkLoad(s *Store, tables []string, fill func(b *Bulk) error, progress func(done, total int)) error
}

// Backend tells which kind of database the Store works on.
func (s *Store) Backend() Backend { return s.d.backend() }
