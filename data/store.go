package data

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/glebarez/sqlite"
	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// ApplicationID marks a SQLite file as a Zusage database ("ZSG1").
const ApplicationID = 0x5A534731

// DefaultLockWait is how long a write waits for another desktop to release
// the file before it gives up with ErrBusy.
const DefaultLockWait = 15 * time.Second

// DefaultSlowWrite is how long a write transaction may run before the
// watchdog reports it: a transaction never spans user input, so a long one
// is a bug that blocks every other desktop.
const DefaultSlowWrite = 2 * time.Second

// PageSize is the page size of new database files (and of backups). On the
// office share each page SQLite reads is a network round trip, so large
// pages mean fewer of them for the index scans behind Today, the warnings
// and the search (README: Performance, round trips, has the figures that
// chose it). Existing files keep their page size until they are copied by
// a backup (VACUUM INTO), which writes this one.
const PageSize = 16384

// poolSize is how many connections a Store keeps: two, so that a read never
// queues behind a write, and no more, because each holds a page cache.
const poolSize = 2

// PageCacheKiB is the page cache of one connection of a Store.
const PageCacheKiB = 4096

// DefaultWatchInterval is how often the desktop app asks whether another
// desktop changed the file.
const DefaultWatchInterval = 2 * time.Second

// Store is the one entry point to a Zusage database: every domain rule is an
// operation on it, used alike by the desktop app and the headless commands.
type Store struct {
	// d is what differs between the SQLite file and a PostgreSQL server.
	d        dialect
	db       *gorm.DB
	sqlDB    *sql.DB
	path     string
	readOnly bool
	// roDSN opens extra read-only connections (the watchers).
	roDSN string
	// pgConfig is how to reach a PostgreSQL server (the watchers' own
	// connection, pg_dump); nil for a file.
	pgConfig *pgx.ConnConfig
	// pgLoc is the server's address as given (sslmode filled in), for
	// PostgreSQL's own tools; it carries no password.
	pgLoc    string
	lockWait time.Duration
	// writes counts committed write transactions of this Store, so that a
	// watcher also notices changes made through the other pool connections.
	writes atomic.Uint64

	mu       sync.Mutex
	closed   bool
	watchers map[*watcher]struct{}

	// ident is the file as it was opened (device and inode); gone is what
	// has become of it since (see Gone), onGone is told when that changes.
	ident  os.FileInfo
	gone   atomic.Value
	onGone func(FileGone)

	// The shared clock (clock.go): the last measured offset, and when
	// (by this process's monotonic clock) it was measured.
	clockMu sync.Mutex
	clock   ClockStatus
	clockAt time.Time

	// Now is this desktop's own clock; tests replace it. The rules read
	// SharedNow, which corrects it by the file server's clock.
	Now func() time.Time
	// Loc is the time zone of all-day deadlines (a date ends at midnight here).
	Loc *time.Location
	// Logf receives the reports of the write watchdog; replaceable.
	Logf func(format string, args ...any)
	// SlowWrite is the watchdog's limit for one write transaction.
	SlowWrite time.Duration
}

// Options control how Open treats the file.
type Options struct {
	// MustExist refuses a missing file instead of creating a new database,
	// so a path on an unmounted share never becomes an empty database.
	MustExist bool
	// ReadOnly opens the file without ever writing to it.
	ReadOnly bool
	// LockWait is how long a write waits for the file lock before it
	// returns ErrBusy (zero: DefaultLockWait).
	LockWait time.Duration
	// Password is the PostgreSQL password when the desktop asked for it;
	// never stored (docs/design.md, "Outgrowing one office"). Without it the
	// server's password comes from PGPASSWORD or the .pgpass file.
	Password string
}

// Open opens the Zusage database at path, creating the folder and the file
// when missing, and migrates it to the current schema. Paths that may be on
// a share use OpenWith and MustExist, and Create for a new file.
func Open(path string) (*Store, error) { return OpenWith(path, Options{}) }

// Create makes a new, empty Zusage database at path (and its folder); it is
// the explicit "new database" step and refuses a path where a file exists.
func Create(path string) (*Store, error) {
	if path == "" {
		return nil, invalid("db", CodeRequired)
	}
	if IsServer(path) {
		return openServer(path, Options{}, true)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	if _, err := os.Lstat(abs); err == nil {
		return nil, &RefusedError{Path: abs, Code: RefusedExists}
	}
	return OpenWith(abs, Options{})
}

// OpenWith opens the database at path with the given options.
func OpenWith(path string, opt Options) (*Store, error) {
	if path == "" {
		return nil, invalid("db", CodeRequired)
	}
	if IsServer(path) {
		return openServer(path, opt, false)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	hdr, err := inspectFile(abs)
	if err != nil {
		return nil, err
	}
	if !hdr.exists && opt.MustExist {
		return nil, &RefusedError{Path: abs, Code: RefusedMissing}
	}
	if !hdr.exists && opt.ReadOnly {
		return nil, &RefusedError{Path: abs, Code: RefusedMissing}
	}
	readOnly := opt.ReadOnly
	if hdr.exists && !readOnly && !writable(abs) {
		readOnly = true
	}
	if hdr.userVersion > SchemaVersion {
		return nil, &NewerSchemaError{Path: abs, FileVersion: hdr.userVersion, KnownMax: SchemaVersion}
	}
	if readOnly && hdr.wal {
		return nil, &RefusedError{Path: abs, Code: RefusedWAL}
	}
	if readOnly && hdr.userVersion < SchemaVersion {
		return nil, &RefusedError{Path: abs, Code: RefusedOldReadOnly, Version: hdr.userVersion}
	}
	if !hdr.exists {
		if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
			return nil, &FileError{Op: OpCreateFolder, Path: filepath.Dir(abs), Err: err}
		}
	}
	s, err := openStore(abs, readOnly, !hdr.exists, opt.LockWait)
	if err != nil {
		return nil, classifyOpenError(abs, err)
	}
	if !readOnly {
		if err := s.migrateRetrying(); err != nil {
			s.Close()
			return nil, classifyOpenError(abs, err)
		}
	}
	// Another desktop may have upgraded the file since the header was read.
	ver, err := s.d.schemaVersion(s.db)
	if err != nil {
		s.Close()
		return nil, classifyOpenError(abs, err)
	}
	if ver > SchemaVersion {
		s.Close()
		return nil, &NewerSchemaError{Path: abs, FileVersion: ver, KnownMax: SchemaVersion}
	}
	if !readOnly {
		// Without a probe (a folder that takes no new file) the desktop's
		// own clock is used, as before.
		s.MeasureClock()
	}
	return s, nil
}

// openStore connects to the file without any schema step; every connection
// of the pool is verified by connector.
func openStore(abs string, readOnly, create bool, lockWait time.Duration) (*Store, error) {
	if lockWait <= 0 {
		lockWait = DefaultLockWait
	}
	busy := busyOf(lockWait)
	conn := &connector{dsn: dsn(abs, readOnly, create, busy), readOnly: readOnly, busy: busy}
	sqlDB := sql.OpenDB(conn)
	// More than one connection, so that reads never queue behind a write. Not
	// combined with GORM's PrepareStmt: its statement cache locks around
	// preparing, and with a pool that can run out of connections that has
	// deadlocked (go-gorm/gorm#5815, #6030); plain statements are cheap in
	// SQLite anyway.
	sqlDB.SetMaxOpenConns(poolSize)
	sqlDB.SetMaxIdleConns(poolSize)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	db, err := gorm.Open(&sqlite.Dialector{Conn: sqlDB}, &gorm.Config{
		Logger:                 logger.Default.LogMode(logger.Silent),
		SkipDefaultTransaction: true,
		PrepareStmt:            false,
		NowFunc:                func() time.Time { return time.Now().UTC() },
	})
	if err != nil {
		sqlDB.Close()
		return nil, err
	}
	s := &Store{
		d: sqliteDialect{}, db: db, sqlDB: sqlDB, path: abs, readOnly: readOnly,
		roDSN: dsn(abs, true, false, busy), lockWait: lockWait,
		watchers: map[*watcher]struct{}{},
		Now:      time.Now, Loc: time.Local,
		Logf: log.Printf, SlowWrite: DefaultSlowWrite,
	}
	// Connect once now, so that a file SQLite cannot use fails here.
	if err := sqlDB.Ping(); err != nil {
		sqlDB.Close()
		return nil, err
	}
	if fi, err := os.Stat(abs); err == nil {
		// On Windows SameFile reads the file's index lazily, from the path,
		// the first time it is asked: ask now, while it is this file.
		os.SameFile(fi, fi)
		s.ident = fi
	}
	s.gone.Store(FileGone(""))
	return s, nil
}

// busyOf is SQLite's own busy timeout for one statement: a third of the
// total wait, so that write can retry a few times with back-off.
func busyOf(lockWait time.Duration) time.Duration {
	return min(max(lockWait/3, 20*time.Millisecond), 5*time.Second)
}

// migrateRetrying runs the migrations; several desktops starting at once
// each take the write lock briefly, so a busy file is retried.
func (s *Store) migrateRetrying() error {
	deadline := time.Now().Add(s.lockWait)
	pause := 20 * time.Millisecond
	for {
		err := s.migrate()
		if !errors.Is(err, ErrBusy) || time.Now().Add(pause).After(deadline) {
			return err
		}
		time.Sleep(pause)
		pause = min(pause*2, time.Second)
	}
}

// dsn builds the connection string. SQLite on a network share needs the
// rollback journal: WAL relies on shared memory that SMB and NFS do not
// provide, so Zusage never switches a file to WAL, and switches a file that
// another tool put in WAL back to DELETE. Writes take the lock up front
// (BEGIN IMMEDIATE) so two desktops never deadlock upgrading a read lock.
// Do not add _time_format here: glebarez/sqlite then ignores _txlock
// (TestTimeFormatDisablesTxlock shows it). An existing file is opened with
// mode=rw, so SQLite itself never creates a missing one.
func dsn(path string, readOnly, create bool, busy time.Duration) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busy.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(FULL)")
	// Each connection has its own page cache, and another desktop's write
	// empties all of them, so a large one mostly holds pages that will be
	// read again anyway. 4 MiB keeps one salesperson's Today warm between
	// changes (README: Performance); 16 MiB on four connections held 90 MB
	// of the real window's memory on the full-scale file.
	q.Add("_pragma", fmt.Sprintf("cache_size(-%d)", PageCacheKiB))
	if readOnly {
		q.Set("mode", "ro")
	} else {
		// New files get PageSize pages; on an existing file the setting
		// only tells VACUUM INTO (the backups) what to write.
		q.Add("_pragma", fmt.Sprintf("page_size(%d)", PageSize))
		q.Add("_pragma", "journal_mode(DELETE)")
		q.Set("_txlock", "immediate")
		if create {
			q.Set("mode", "rwc")
		} else {
			q.Set("mode", "rw")
		}
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path), RawQuery: q.Encode()}
	if strings.HasPrefix(u.Path, "//") || !strings.HasPrefix(u.Path, "/") {
		// Windows drive letters and UNC paths.
		u.Path = "/" + strings.TrimPrefix(u.Path, "/")
	}
	return u.String()
}

// connector opens the connections of a Store's pool and reads back, on
// every one of them, what the DSN asked for: a connection that is not in
// rollback-journal mode with synchronous FULL and foreign keys is refused.
type connector struct {
	dsn      string
	readOnly bool
	busy     time.Duration
}

var sqliteDriver = func() driver.Driver {
	db, err := sql.Open(sqlite.DriverName, "")
	if err != nil {
		panic(err)
	}
	defer db.Close()
	return db.Driver()
}()

// Connect implements driver.Connector.
func (c *connector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := sqliteDriver.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	if err := c.verify(ctx, conn); err != nil {
		conn.Close()
		return nil, err
	}
	return conn, nil
}

// Driver implements driver.Connector.
func (c *connector) Driver() driver.Driver { return sqliteDriver }

func (c *connector) verify(ctx context.Context, conn driver.Conn) error {
	mode, err := pragmaValue(ctx, conn, "journal_mode")
	if err != nil {
		return err
	}
	if !strings.EqualFold(mode, "delete") {
		// The DSN already asked for DELETE; a file still in WAL is held open
		// in WAL mode by another program.
		return &RefusedError{Code: RefusedWALStuck}
	}
	for _, want := range []struct{ name, value string }{
		{"synchronous", "2"},
		{"foreign_keys", "1"},
		{"busy_timeout", strconv.FormatInt(c.busy.Milliseconds(), 10)},
	} {
		got, err := pragmaValue(ctx, conn, want.name)
		if err != nil {
			return err
		}
		if got != want.value {
			return fmt.Errorf("PRAGMA %s is %s on a new connection, not %s", want.name, got, want.value)
		}
	}
	return nil
}

func pragmaValue(ctx context.Context, conn driver.Conn, name string) (string, error) {
	q, ok := conn.(driver.QueryerContext)
	if !ok {
		return "", errors.New("the SQLite driver cannot run queries directly")
	}
	rows, err := q.QueryContext(ctx, "PRAGMA "+name, nil)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	dest := make([]driver.Value, len(rows.Columns()))
	if err := rows.Next(dest); err != nil {
		return "", fmt.Errorf("PRAGMA %s: %w", name, err)
	}
	switch v := dest[0].(type) {
	case []byte:
		return string(v), nil
	case string:
		return v, nil
	default:
		return fmt.Sprint(v), nil
	}
}

type fileHeader struct {
	exists      bool
	empty       bool
	wal         bool
	hotJournal  bool
	size        int64
	pageSize    int64
	pageCount   int64
	userVersion int
	appID       uint32
}

// inspectFile is the cheap sanity check of every open. It reads the SQLite
// header without opening the file for SQLite, so a file we refuse is never
// touched (no journal, no migration).
func inspectFile(path string) (fileHeader, error) {
	var h fileHeader
	st, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return h, nil
	}
	if err != nil {
		return h, &RefusedError{Path: path, Code: RefusedCannotRead, Err: err}
	}
	if st.IsDir() {
		return h, &RefusedError{Path: path, Code: RefusedFolder}
	}
	h.exists = true
	h.size = st.Size()
	if j, err := os.Stat(path + "-journal"); err == nil && j.Size() > 0 {
		h.hotJournal = true
	}
	if st.Size() == 0 {
		h.empty = true
		return h, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return h, &RefusedError{Path: path, Code: RefusedCannotRead, Err: err}
	}
	defer f.Close()
	buf := make([]byte, 100)
	if _, err := io.ReadFull(f, buf); err != nil || !bytes.Equal(buf[:16], []byte("SQLite format 3\x00")) {
		return h, &RefusedError{Path: path, Code: RefusedNotSQLite}
	}
	pageSize := int64(binary.BigEndian.Uint16(buf[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	h.wal = buf[18] == 2 || buf[19] == 2
	changeCounter := binary.BigEndian.Uint32(buf[24:28])
	pageCount := int64(binary.BigEndian.Uint32(buf[28:32]))
	validFor := binary.BigEndian.Uint32(buf[92:96])
	h.pageSize, h.pageCount = pageSize, pageCount
	h.userVersion = int(int32(binary.BigEndian.Uint32(buf[60:64])))
	h.appID = binary.BigEndian.Uint32(buf[68:72])
	if pageSize < 512 || pageSize&(pageSize-1) != 0 {
		return h, &RefusedError{Path: path, Code: RefusedDamaged}
	}
	// A hot journal from a desktop that crashed mid-commit is rolled back by
	// SQLite on open; until then the size may legitimately differ.
	if !h.hotJournal && validFor == changeCounter && pageCount > 0 && st.Size() < pageCount*pageSize {
		return h, &RefusedError{Path: path, Code: RefusedTruncated, Size: st.Size(), Want: pageCount * pageSize}
	}
	if h.appID == moveFileMark {
		return h, &RefusedError{Path: path, Code: RefusedIncomplete}
	}
	if h.appID != ApplicationID {
		// A new database has no tables yet and no marks: one page.
		if h.appID != 0 || h.userVersion != 0 || pageCount > 1 {
			return h, &RefusedError{Path: path, Code: RefusedForeignApp}
		}
	}
	if h.userVersion < 0 {
		return h, &RefusedError{Path: path, Code: RefusedBadVersion, Version: h.userVersion}
	}
	return h, nil
}

func writable(path string) bool {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return false
	}
	f.Close()
	// SQLite also needs to create the journal beside the file.
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".zusage-write-test-*")
	if err != nil {
		return false
	}
	name := tmp.Name()
	tmp.Close()
	os.Remove(name)
	return true
}

func classifyOpenError(path string, err error) error {
	var re *RefusedError
	var ne *NewerSchemaError
	var ve *ValidationError
	if errors.As(err, &re) {
		if re.Path == "" {
			re.Path = path
		}
		return re
	}
	if errors.As(err, &ne) || errors.As(err, &ve) {
		return err
	}
	switch code := sqliteCode(err); {
	case code == codeBusy || code == codeLocked:
		return fmt.Errorf("%w (%s)", ErrBusy, path)
	case code == codeCorrupt || code == codeNotADB:
		return &RefusedError{Path: path, Code: RefusedDamaged}
	case code == codeCantOpen:
		return &RefusedError{Path: path, Code: RefusedCannotOpen, Err: err}
	case code == codeReadOnly:
		return &RefusedError{Path: path, Code: RefusedNeedsWrite}
	}
	return fmt.Errorf("%s: %w", path, err)
}

// Close stops the watchers and releases the database file.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	ws := make([]*watcher, 0, len(s.watchers))
	for w := range s.watchers {
		ws = append(ws, w)
	}
	s.mu.Unlock()
	for _, w := range ws {
		w.stop()
	}
	return s.sqlDB.Close()
}

// FileGone says what became of the file a Store has open.
type FileGone string

// What can become of the file: the desktop notices it on the next check
// (every watch poll, and before every write).
const (
	// FileDeleted: nothing is at the path any more — the file was deleted
	// or renamed (or the share shows an empty folder).
	FileDeleted FileGone = "deleted"
	// FileReplaced: another file is at the path — a backup was restored,
	// a copy was put in its place. Writing on would change the old file,
	// which nobody else sees any more.
	FileReplaced FileGone = "replaced"
	// FileUnreachable: the folder of the file cannot be read (the share is
	// not connected).
	FileUnreachable FileGone = "unreachable"
)

// Gone reports what became of the file since it was opened, as of the
// last check: "" while the file at the path is the one this Store has open.
// While it is FileDeleted or FileReplaced every write returns ErrFileGone;
// the way on is to open the path again.
func (s *Store) Gone() FileGone {
	g, _ := s.gone.Load().(FileGone)
	return g
}

// OnFileGone registers f, called from the watch goroutine (see Watch) each
// time what Gone reports changes; the UI wraps its reaction in fyne.Do.
func (s *Store) OnFileGone(f func(FileGone)) {
	s.mu.Lock()
	s.onGone = f
	s.mu.Unlock()
}

// checkFile compares the file at the path with the one that was opened
// (device and inode, through os.SameFile) and records the outcome.
func (s *Store) checkFile() FileGone {
	if s.ident == nil {
		return ""
	}
	var g FileGone
	fi, err := os.Stat(s.path)
	switch {
	case err == nil:
		if !os.SameFile(s.ident, fi) {
			g = FileReplaced
		}
	case errors.Is(err, os.ErrNotExist):
		g = FileDeleted
		if _, derr := os.Stat(filepath.Dir(s.path)); derr != nil {
			g = FileUnreachable
		}
	default:
		g = FileUnreachable
	}
	s.mu.Lock()
	changed := s.Gone() != g
	if changed {
		s.gone.Store(g)
	}
	f := s.onGone
	s.mu.Unlock()
	if changed && f != nil {
		f(g)
	}
	return g
}

// Path is the absolute path of the database file, or the server's address
// (postgres://user@host:port/database, never with a password).
func (s *Store) Path() string { return s.path }

// ReadOnly reports whether changes are impossible on this file.
func (s *Store) ReadOnly() bool { return s.readOnly }

// DB exposes the connection to other packages of this module that need raw
// access (benchmarks, the calendar export); the UI never uses it.
func (s *Store) DB() *gorm.DB { return s.db }

func (s *Store) now() time.Time { return s.SharedNow() }
