package data

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"log"
	"net"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// A team that outgrows one file on one share moves to a PostgreSQL server
// and keeps the same app (docs/design.md, "Outgrowing one office"). This
// file is the PostgreSQL side of the seam in dialect.go.

// IsServer reports whether loc names a PostgreSQL server
// (postgres://user@host:5432/zusage?…) rather than a database file.
func IsServer(loc string) bool {
	l := strings.ToLower(strings.TrimSpace(loc))
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://")
}

// schemaLockKey is the first key of the advisory lock the migrations run
// under ("ZSG1", as the SQLite file's application_id); the second is the
// schema's name, so that two Zusage schemas in one database do not wait for
// each other.
const schemaLockKey = ApplicationID

// Server schema states (zusage_schema.state).
const (
	serverReady = "ready"
	// serverMoving marks a database that `zusage move` is filling; it is
	// refused until the move completes (RefusedIncomplete).
	serverMoving = "moving"
)

// ServerAddress is loc as people may see it: without a password.
func ServerAddress(loc string) string {
	u, err := url.Parse(strings.TrimSpace(loc))
	if err != nil {
		return "postgres://…"
	}
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	q := u.Query()
	if q.Has("password") {
		q.Del("password")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// serverConfig is the connection configuration of loc. The password comes
// from opt (asked at start), else from PGPASSWORD or the .pgpass file, as
// libpq does; it is never part of what the desktop stores. A server on
// another computer is reached over TLS with its certificate checked
// (sslmode=verify-full) unless loc or PGSSLMODE says otherwise: a
// connection string without sslmode must not mean "plain text if TLS fails".
func serverConfig(loc string, opt Options, lockWait time.Duration) (*pgx.ConnConfig, string, error) {
	u, err := url.Parse(strings.TrimSpace(loc))
	if err != nil || u.Host == "" && u.Query().Get("host") == "" {
		return nil, "", invalid("db", CodeInvalid).val(ServerAddress(loc))
	}
	q := u.Query()
	if q.Get("sslmode") == "" && os.Getenv("PGSSLMODE") == "" && !loopback(u.Hostname()) {
		q.Set("sslmode", "verify-full")
		u.RawQuery = q.Encode()
	}
	cfg, err := pgx.ParseConfig(u.String())
	if err != nil {
		return nil, "", invalid("db", CodeInvalid).val(ServerAddress(loc))
	}
	if opt.Password != "" {
		cfg.Password = opt.Password
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 10 * time.Second
	}
	rp := cfg.RuntimeParams
	if rp["application_name"] == "" {
		rp["application_name"] = "zusage"
	}
	// Stamps are integers, but the server's own clock and logs read UTC.
	rp["TimeZone"] = "UTC"
	// A write waiting for another desktop's row lock gives up as SQLite's
	// busy timeout does, and is retried until LockWait.
	rp["lock_timeout"] = fmt.Sprint(busyOf(lockWait).Milliseconds())
	// A desktop that stops mid-transaction (a crash, a laptop lid) must not
	// hold its locks for long.
	rp["idle_in_transaction_session_timeout"] = "60000"
	if opt.ReadOnly {
		rp["default_transaction_read_only"] = "on"
	}
	return cfg, ServerAddress(u.String()), nil
}

func loopback(host string) bool {
	if host == "" || host == "localhost" || strings.HasPrefix(host, "/") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// openServer connects to the PostgreSQL database at loc and migrates it
// (create: it must not hold a Zusage schema yet). opt.MustExist refuses a
// database without Zusage's tables, as it refuses a missing file.
func openServer(loc string, opt Options, create bool) (*Store, error) {
	s, st, err := connectServer(loc, opt)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*Store, error) {
		s.Close()
		return nil, err
	}
	switch {
	case create && st.exists:
		return fail(&RefusedError{Path: s.path, Code: RefusedExists})
	case !st.exists && (opt.MustExist || opt.ReadOnly):
		return fail(&RefusedError{Path: s.path, Code: RefusedMissing})
	case st.exists && st.state != serverReady:
		return fail(&RefusedError{Path: s.path, Code: RefusedIncomplete})
	case st.version > SchemaVersion:
		return fail(&NewerSchemaError{Path: s.path, FileVersion: st.version, KnownMax: SchemaVersion})
	case s.readOnly && st.version < SchemaVersion:
		return fail(&RefusedError{Path: s.path, Code: RefusedOldReadOnly, Version: st.version})
	}
	if !s.readOnly {
		if err := s.migrateRetrying(); err != nil {
			return fail(classifyServerError(s.path, err))
		}
		// Another desktop may have upgraded the schema in the meantime.
		ver, err := s.d.schemaVersion(s.db)
		if err != nil {
			return fail(classifyServerError(s.path, err))
		}
		if ver > SchemaVersion {
			return fail(&NewerSchemaError{Path: s.path, FileVersion: ver, KnownMax: SchemaVersion})
		}
		s.MeasureClock()
	}
	return s, nil
}

// serverState is what a database holds before Zusage touches it.
type serverState struct {
	exists  bool // a zusage_schema table
	version int
	state   string
}

// connectServer opens the pool and reads the schema's state, refusing a
// database that is not Zusage's; nothing is written.
func connectServer(loc string, opt Options) (*Store, serverState, error) {
	var st serverState
	lockWait := opt.LockWait
	if lockWait <= 0 {
		lockWait = DefaultLockWait
	}
	addr := ServerAddress(loc)
	cfg, normalized, err := serverConfig(loc, opt, lockWait)
	if err != nil {
		return nil, st, err
	}
	sqlDB := stdlib.OpenDB(*cfg)
	// Twenty desktops with four connections each stay within the server's
	// default of a hundred.
	sqlDB.SetMaxOpenConns(4)
	sqlDB.SetMaxIdleConns(2)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	db, err := gorm.Open(postgres.New(postgres.Config{Conn: &pgPool{p: sqlDB, db: sqlDB}}), &gorm.Config{
		Logger:                 logger.Default.LogMode(logger.Silent),
		SkipDefaultTransaction: true,
		NowFunc:                func() time.Time { return time.Now().UTC() },
	})
	if err != nil {
		sqlDB.Close()
		return nil, st, err
	}
	s := &Store{
		d: pgDialect{}, db: db, sqlDB: sqlDB, path: addr, readOnly: opt.ReadOnly,
		lockWait: lockWait, pgConfig: cfg, pgLoc: normalized,
		watchers: map[*watcher]struct{}{},
		Now:      time.Now, Loc: time.Local,
		Logf: log.Printf, SlowWrite: DefaultSlowWrite,
	}
	ctx, cancel := context.WithTimeout(context.Background(), cfg.ConnectTimeout+5*time.Second)
	defer cancel()
	if err := sqlDB.PingContext(ctx); err != nil {
		s.Close()
		return nil, st, classifyServerError(addr, err)
	}
	var enc, schema string
	var tables int
	err = db.Raw(`SELECT current_setting('server_encoding'), current_schema(), to_regclass('zusage_schema') IS NOT NULL,
		(SELECT count(*) FROM pg_tables WHERE schemaname = current_schema())`).Row().Scan(&enc, &schema, &st.exists, &tables)
	if err != nil {
		s.Close()
		return nil, st, classifyServerError(addr, err)
	}
	s.d = pgDialect{channel: pgChannel(schema)}
	if enc != "UTF8" {
		s.Close()
		return nil, st, &RefusedError{Path: addr, Code: RefusedEncoding, Err: errors.New(enc)}
	}
	if !st.exists {
		if tables > 0 {
			s.Close()
			return nil, st, &RefusedError{Path: addr, Code: RefusedForeignApp}
		}
		return s, st, nil
	}
	var app string
	err = db.Raw(`SELECT application, version, state FROM zusage_schema`).Row().Scan(&app, &st.version, &st.state)
	if err != nil || app != "zusage" {
		s.Close()
		return nil, st, &RefusedError{Path: addr, Code: RefusedForeignApp}
	}
	return s, st, nil
}

// classifyServerError turns what went wrong reaching the server into the
// Store's typed errors.
func classifyServerError(addr string, err error) error {
	var re *RefusedError
	var ne *NewerSchemaError
	var ve *ValidationError
	if errors.As(err, &re) || errors.As(err, &ne) || errors.As(err, &ve) {
		return err
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "28P01" || pe.Code == "28000":
			return &RefusedError{Path: addr, Code: RefusedLogin, Err: err}
		case pe.Code == "3D000":
			return &RefusedError{Path: addr, Code: RefusedMissing, Err: err}
		case pe.Code == "42501":
			return &RefusedError{Path: addr, Code: RefusedNeedsWrite, Err: err}
		}
	}
	if m := mapErr(err); m != err {
		return m
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return &RefusedError{Path: addr, Code: RefusedCannotOpen, Err: err}
	}
	return fmt.Errorf("%s: %w", addr, err)
}

// pgCode is the SQLSTATE inside err, or "".
func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// pgRetryable: a serialization failure or a deadlock rolls the whole
// transaction back, and running it again is PostgreSQL's own advice; a lock
// another desktop held past lock_timeout is SQLite's "busy".
func pgRetryable(err error) bool {
	switch pgCode(err) {
	case "40001", "40P01", "55P03":
		return true
	}
	return false
}

// pgMapErr maps PostgreSQL's errors to the Store's; nil when it is not one.
func pgMapErr(err error) error {
	switch c := pgCode(err); {
	case c == "40001" || c == "40P01" || c == "55P03" || c == "57014":
		return ErrBusy
	case c == "25006":
		return ErrReadOnly
	case c == "53100":
		return fmt.Errorf("%w: %w", ErrDiskFull, err)
	case c == "XX001" || c == "XX002":
		return ErrDamaged
	case strings.HasPrefix(c, "08") || c == "57P01" || c == "57P02" || c == "57P03":
		return fmt.Errorf("%w: %w", ErrUnreachable, err)
	case c != "":
		return nil
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	if errors.As(err, &ce) || errors.As(err, &ne) || errors.Is(err, driver.ErrBadConn) || pgconn.SafeToRetry(err) {
		return fmt.Errorf("%w: %w", ErrUnreachable, err)
	}
	return nil
}

// pgDialect is a PostgreSQL server.
type pgDialect struct {
	// channel is where this schema's changes are announced: notifications
	// go to every listener of the database, so each schema has its own.
	channel string
}

func (pgDialect) backend() Backend { return BackendPostgres }

func (pgDialect) schemaVersion(db *gorm.DB) (int, error) {
	var v int
	err := db.Raw(`SELECT version FROM zusage_schema`).Row().Scan(&v)
	return v, err
}

// begin starts a serializable transaction: the rules that read before they
// write (no second open promise, a unique e-mail) hold as they do under
// SQLite's one writer at a time, and a conflict is a serialization failure
// that write() runs again.
func (pgDialect) begin(ctx context.Context, conn *sql.Conn) error {
	_, err := conn.ExecContext(ctx, "BEGIN ISOLATION LEVEL SERIALIZABLE")
	return err
}

func (pgDialect) beginRead() string { return "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" }

// commit numbers the transaction's change-log entries, tells the
// listening desktops (delivered at commit, never for a rolled-back change)
// and commits. PostgreSQL answers COMMIT in a
// transaction that failed with ROLLBACK, not with an error; that must not
// count as saved.
func (d pgDialect) commit(ctx context.Context, conn *sql.Conn, _ time.Time) error {
	// The change log's positions, in commit order (migration 10), and the
	// newest one in the notification.
	var pos sql.NullInt64
	if err := conn.QueryRowContext(ctx, "SELECT zusage_log_commit()").Scan(&pos); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "SELECT pg_notify($1, $2)", d.channel, strconv.FormatInt(pos.Int64, 10)); err != nil {
		return err
	}
	return conn.Raw(func(dc any) error {
		tag, err := dc.(*stdlib.Conn).Conn().Exec(ctx, "COMMIT")
		if err != nil {
			return err
		}
		if tag.String() != "COMMIT" {
			return fmt.Errorf("COMMIT answered %q: the transaction had failed", tag.String())
		}
		return nil
	})
}

// committed counts the change for desktops that poll (pgChangeSeq); a
// sequence never conflicts, so writers do not wait for each other here.
func (pgDialect) committed(ctx context.Context, conn *sql.Conn) {
	conn.ExecContext(ctx, "SELECT nextval('"+pgChangeSeq+"')")
}

func (pgDialect) pool(conn *sql.Conn) gorm.ConnPool { return &pgPool{p: conn} }

// search: pg_trgm's GIN index (migration 2) answers an ILIKE on any three
// letters, as FTS5's trigram index does on the file. Both fold case for
// every alphabet (the ICU collation of the index); a shorter query scans
// with ILIKE under the "C" collation, which folds a–z only, as SQLite's
// LIKE does.
//
// The planner cannot estimate how many names contain an infix, and at full
// scale it walked the name index for a rare one ("mül": 9,000 rows read
// for 100, 30 ms). So, as on the file, the matches are counted up to a cap
// first — through the trigram index, which a MATERIALIZED CTE keeps it on,
// and lazily, so a common infix stops at the cap — and a query with many
// matches walks the name index in order, one with few sorts the index's
// matches (checked with EXPLAIN at full scale, serverplan_test.go).
func (pgDialect) search(s *Store, q string, limit, offset int) (string, []any, error) {
	like := "%" + escapeLike(q) + "%"
	coll := ""
	if utf8.RuneCountInString(q) >= 3 {
		coll = ` COLLATE "und-x-icu"`
	}
	match := ` AND (c.name` + coll + ` ILIKE ? OR c.company` + coll + ` ILIKE ? OR c.email` + coll + ` ILIKE ? OR c.phone` + coll + ` ILIKE ?)`
	args := []any{like, like, like, like, limit, offset}
	if coll == "" {
		return searchCols + match + searchOrder, args, nil
	}
	cap := searchManyCap(limit, offset)
	var n int
	if err := s.db.Raw(`WITH m AS MATERIALIZED (SELECT 1 FROM customers c WHERE c.archived = 0`+match+`)
		SELECT count(*) FROM (SELECT 1 FROM m LIMIT ?) x`, like, like, like, like, cap).Row().Scan(&n); err != nil {
		return "", nil, mapErr(err)
	}
	if n >= cap {
		return searchCols + match + searchOrder, args, nil
	}
	return `WITH m AS MATERIALIZED (SELECT c.id, c.name, c.company, c.email, c.phone, c.owner_id FROM customers c
		WHERE c.archived = 0` + match + `)
		SELECT m.id, m.name, m.company, m.email, m.phone, u.email FROM m JOIN users u ON u.id = m.owner_id
		ORDER BY m.name COLLATE NOCASE, m.id LIMIT ? OFFSET ?`, args, nil
}

// measureClock: on a server, the shared clock is the database server's.
func (pgDialect) measureClock(s *Store) (time.Duration, error) {
	before := s.Now()
	var epochMicros int64
	if err := s.db.Raw(`SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint`).Row().Scan(&epochMicros); err != nil {
		return 0, mapErr(err)
	}
	after := s.Now()
	local := before.Add(after.Sub(before) / 2)
	return time.UnixMicro(epochMicros).Sub(local), nil
}

func (pgDialect) backup(s *Store, out string) error { return s.pgDump(out) }

func (pgDialect) check(s *Store, r *CheckReport) { s.checkServer(r) }

func (pgDialect) watch(ctx context.Context, w *watcher, interval time.Duration, lastWrites uint64, onChange func()) {
	w.runServer(ctx, interval, lastWrites, onChange)
}

func (pgDialect) bulkLoad(s *Store, tables []string, fill func(b *Bulk) error, progress func(done, total int)) error {
	return s.bulkLoadServer(tables, fill, progress)
}

// pgChannel is the LISTEN/NOTIFY channel of committed changes in a schema
// ("zusage_changes" in public, the usual place), and pgChangeSeq the
// counter that polling desktops read when a notification may have been
// missed.
func pgChannel(schema string) string {
	if schema == "public" {
		return "zusage_changes"
	}
	return "zusage_changes." + schema
}

const pgChangeSeq = "zusage_change_seq"

// pgPool runs the Store's SQL on PostgreSQL: GORM has already numbered the
// placeholders ($1, $2, …); pgSQL translates what is SQLite's own, and Go
// booleans go in as the 0 and 1 both databases store.
type pgPool struct {
	p  gorm.ConnPool
	db *sql.DB // the pool itself, for GORM's DB(); nil inside a transaction
}

func (p *pgPool) PrepareContext(ctx context.Context, q string) (*sql.Stmt, error) {
	return p.p.PrepareContext(ctx, pgSQL(q))
}

func (p *pgPool) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return p.p.ExecContext(ctx, pgSQL(q), pgArgs(args)...)
}

func (p *pgPool) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return p.p.QueryContext(ctx, pgSQL(q), pgArgs(args)...)
}

func (p *pgPool) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return p.p.QueryRowContext(ctx, pgSQL(q), pgArgs(args)...)
}

// GetDBConn gives GORM's DB() the pool.
func (p *pgPool) GetDBConn() (*sql.DB, error) {
	if p.db == nil {
		return nil, errors.New("no pool inside a transaction")
	}
	return p.db, nil
}

// BeginTx starts a GORM transaction (db.Transaction, db.Begin).
func (p *pgPool) BeginTx(ctx context.Context, opts *sql.TxOptions) (gorm.ConnPool, error) {
	b, ok := p.p.(interface {
		BeginTx(context.Context, *sql.TxOptions) (*sql.Tx, error)
	})
	if !ok {
		return nil, errors.New("already in a transaction")
	}
	tx, err := b.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &pgTx{pgPool{p: tx}, tx}, nil
}

// pgTx is a GORM transaction on PostgreSQL.
type pgTx struct {
	pgPool
	tx *sql.Tx
}

func (t *pgTx) Commit() error   { return t.tx.Commit() }
func (t *pgTx) Rollback() error { return t.tx.Rollback() }

// The SQLite idioms that pgSQL translates. Queries are written once, in
// SQLite's SQL; these are the only places where PostgreSQL differs in a
// way that matters to them:
//
//   - "x COLLATE NOCASE" orders or groups by x with a–z folded, then byte by
//     byte: lower(x COLLATE "C") is exactly that on PostgreSQL (lower()
//     under "C" folds a–z only).
//   - "col = ? COLLATE NOCASE" compares without regard to case: the
//     parameter gets the case-insensitive collation zusage_nocase
//     (migration 1), which then decides the comparison.
//   - "INDEXED BY idx" is a hint for SQLite's planner; PostgreSQL's planner
//     decides from its statistics (checked with EXPLAIN at full scale).
//   - "a CROSS JOIN t x ON x.col = a.col" is SQLite's hint that a is the
//     outer loop and each of its rows looks t up (sqlite.org/optoverview,
//     "Manual Control Of Query Plans Using CROSS JOIN"). PostgreSQL's
//     equivalent is a lateral subquery behind OFFSET 0, which the planner
//     may not flatten: one index probe per row. The warnings need it: the
//     planner takes status and deadline for independent, expects ten times
//     the open promises due soon that there are, and hashes every customer
//     instead of looking up the few hundred it needs.
var (
	pgIndexedBy   = regexp.MustCompile(`(?i)\s+INDEXED\s+BY\s+\w+`)
	pgCrossJoin   = regexp.MustCompile(`(?i)\bCROSS\s+JOIN\s+(\w+)\s+(\w+)\s+ON\s+(\w+)\.(\w+)\s*=\s*(\w+\.\w+)`)
	pgParamNocase = regexp.MustCompile(`(?i)(\$\d+)\s+COLLATE\s+NOCASE\b`)
	pgNocase      = regexp.MustCompile(`(?i)((?:"?[A-Za-z_]\w*"?\.)?"?[A-Za-z_]\w*"?)\s+COLLATE\s+NOCASE\b`)
)

// pgSQL translates the SQLite idioms above for PostgreSQL.
func pgSQL(q string) string {
	if !strings.Contains(q, "COLLATE") && !strings.Contains(q, "collate") &&
		!strings.Contains(q, "INDEXED") && !strings.Contains(q, "indexed") &&
		!strings.Contains(q, "CROSS") && !strings.Contains(q, "cross") {
		return q
	}
	q = pgIndexedBy.ReplaceAllString(q, "")
	q = pgCrossJoin.ReplaceAllStringFunc(q, func(m string) string {
		g := pgCrossJoin.FindStringSubmatch(m)
		if g[2] != g[3] {
			return m // not a lookup by the joined table's own column
		}
		return "JOIN LATERAL (SELECT * FROM " + g[1] + " WHERE " + g[1] + "." + g[4] + " = " + g[5] + " OFFSET 0) " + g[2] + " ON true"
	})
	q = pgParamNocase.ReplaceAllString(q, `$1 COLLATE zusage_nocase`)
	return pgNocase.ReplaceAllString(q, `lower($1 COLLATE "C")`)
}

// pgArgs passes booleans as the integers 0 and 1: flags are integer
// columns on both databases, so a moved database is the same, row by row.
func pgArgs(args []any) []any {
	var out []any
	for i, a := range args {
		b, ok := a.(bool)
		if !ok {
			continue
		}
		if out == nil {
			out = append([]any(nil), args...)
		}
		out[i] = int64(0)
		if b {
			out[i] = int64(1)
		}
	}
	if out == nil {
		return args
	}
	return out
}

// rebind numbers the ? placeholders of a statement that does not go
// through GORM ($1, $2, …); the statement must not contain a ? elsewhere.
func rebind(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
