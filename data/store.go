package data

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// ApplicationID marks a SQLite file as a Zusage database ("ZSG1").
const ApplicationID = 0x5A534731

// Store is the one entry point to a Zusage database: every domain rule is an
// operation on it, used alike by the desktop app and the headless commands.
type Store struct {
	db       *gorm.DB
	path     string
	readOnly bool
	// Now is the clock every rule reads; tests replace it.
	Now func() time.Time
	// Loc is the time zone of all-day deadlines (a date ends at midnight here).
	Loc *time.Location
}

// Options control how Open treats the file.
type Options struct {
	// MustExist refuses a missing file instead of creating a new database,
	// so a path on an unmounted share never becomes an empty database.
	MustExist bool
	// ReadOnly opens the file without ever writing to it.
	ReadOnly bool
}

// Open opens the Zusage database at path, creating the folder and the file
// when missing, and migrates it to the current schema.
func Open(path string) (*Store, error) { return OpenWith(path, Options{}) }

// OpenWith opens the database at path with the given options.
func OpenWith(path string, opt Options) (*Store, error) {
	if path == "" {
		return nil, invalid("db", "no database path given")
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
		return nil, &RefusedError{Path: abs, Reason: "there is no database file here", Hint: "check that the office share is connected, or create a new database"}
	}
	if !hdr.exists && opt.ReadOnly {
		return nil, &RefusedError{Path: abs, Reason: "there is no database file here"}
	}
	readOnly := opt.ReadOnly
	if hdr.exists && !readOnly && !writable(abs) {
		readOnly = true
	}
	if !hdr.exists {
		if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
			return nil, fmt.Errorf("cannot create the folder for the database: %w", err)
		}
	}
	if hdr.userVersion > SchemaVersion {
		return nil, &NewerSchemaError{Path: abs, FileVersion: hdr.userVersion, KnownMax: SchemaVersion}
	}
	if readOnly && hdr.userVersion < SchemaVersion {
		return nil, &RefusedError{Path: abs, Reason: fmt.Sprintf("the file has the older schema version %d and is read-only, so it cannot be upgraded to %d", hdr.userVersion, SchemaVersion), Hint: "open it once from a desktop that may write to it"}
	}
	db, err := gorm.Open(sqlite.Open(dsn(abs, readOnly, !hdr.exists)), &gorm.Config{
		Logger:                 logger.Default.LogMode(logger.Silent),
		SkipDefaultTransaction: true,
		NowFunc:                func() time.Time { return time.Now().UTC() },
	})
	if err != nil {
		return nil, classifyOpenError(abs, err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	sqlDB.SetMaxOpenConns(4)
	sqlDB.SetMaxIdleConns(4)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	s := &Store{db: db, path: abs, readOnly: readOnly, Now: time.Now, Loc: time.Local}
	if err := s.verifyConnection(); err != nil {
		s.Close()
		return nil, classifyOpenError(abs, err)
	}
	if !readOnly {
		if err := s.migrate(); err != nil {
			s.Close()
			return nil, classifyOpenError(abs, err)
		}
	}
	return s, nil
}

// dsn builds the connection string. SQLite on a network share needs the
// rollback journal: WAL relies on shared memory that SMB and NFS do not
// provide, so Zusage never switches a file to WAL. Writes take the lock up
// front (BEGIN IMMEDIATE) so two desktops never deadlock upgrading a read
// lock. Do not add _time_format here: glebarez/sqlite then ignores _txlock.
func dsn(path string, readOnly, create bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(FULL)")
	if readOnly {
		q.Set("mode", "ro")
	} else {
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

type fileHeader struct {
	exists      bool
	empty       bool
	userVersion int
	appID       uint32
}

// inspectFile reads the SQLite header without opening the file for SQLite,
// so a file we refuse is never touched (no journal, no migration).
func inspectFile(path string) (fileHeader, error) {
	var h fileHeader
	st, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return h, nil
	}
	if err != nil {
		return h, &RefusedError{Path: path, Reason: "cannot read the file: " + err.Error()}
	}
	if st.IsDir() {
		return h, &RefusedError{Path: path, Reason: "this is a folder, not a database file", Hint: "choose a .zusage or .db file"}
	}
	h.exists = true
	if st.Size() == 0 {
		h.empty = true
		return h, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return h, &RefusedError{Path: path, Reason: "cannot read the file: " + err.Error()}
	}
	defer f.Close()
	buf := make([]byte, 100)
	if _, err := io.ReadFull(f, buf); err != nil || !bytes.Equal(buf[:16], []byte("SQLite format 3\x00")) {
		return h, &RefusedError{Path: path, Reason: "this is not a Zusage database (not a SQLite file)", Hint: "choose another file, or restore a backup"}
	}
	pageSize := int64(binary.BigEndian.Uint16(buf[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	changeCounter := binary.BigEndian.Uint32(buf[24:28])
	pageCount := int64(binary.BigEndian.Uint32(buf[28:32]))
	validFor := binary.BigEndian.Uint32(buf[92:96])
	h.userVersion = int(int32(binary.BigEndian.Uint32(buf[60:64])))
	h.appID = binary.BigEndian.Uint32(buf[68:72])
	if pageSize < 512 || pageSize&(pageSize-1) != 0 {
		return h, &RefusedError{Path: path, Reason: "the file is damaged (invalid page size)", Hint: "restore the latest backup"}
	}
	if validFor == changeCounter && pageCount > 0 && st.Size() < pageCount*pageSize {
		return h, &RefusedError{Path: path, Reason: fmt.Sprintf("the file is truncated (%d of %d bytes)", st.Size(), pageCount*pageSize), Hint: "it was probably copied incompletely; restore the latest backup"}
	}
	if h.appID != ApplicationID {
		if h.appID != 0 || h.userVersion != 0 || pageCount > 1 {
			return h, &RefusedError{Path: path, Reason: "this SQLite file belongs to another application, not Zusage", Hint: "choose a Zusage database file"}
		}
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
	if errors.As(err, &re) || errors.As(err, &ne) || errors.As(err, &ve) {
		return err
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "database is locked") || strings.Contains(msg, "SQLITE_BUSY"):
		return fmt.Errorf("%w (%s)", ErrBusy, path)
	case strings.Contains(msg, "not a database") || strings.Contains(msg, "malformed") || strings.Contains(msg, "SQLITE_CORRUPT"):
		return &RefusedError{Path: path, Reason: "the file is damaged", Hint: "restore the latest backup"}
	case strings.Contains(msg, "unable to open"):
		return &RefusedError{Path: path, Reason: "the file cannot be opened", Hint: "check that the office share is connected and you may access the file"}
	}
	return fmt.Errorf("%s: %w", path, err)
}

// verifyConnection reads back what the DSN asked for; a file some other
// tool switched to WAL is switched back to the rollback journal.
func (s *Store) verifyConnection() error {
	var mode string
	if err := s.db.Raw("PRAGMA journal_mode").Scan(&mode).Error; err != nil {
		return err
	}
	if !s.readOnly && !strings.EqualFold(mode, "delete") {
		if err := s.db.Raw("PRAGMA journal_mode=DELETE").Scan(&mode).Error; err != nil {
			return err
		}
		if !strings.EqualFold(mode, "delete") {
			return fmt.Errorf("the database could not be switched to the rollback journal (journal_mode is %s)", mode)
		}
	}
	var fk int
	if err := s.db.Raw("PRAGMA foreign_keys").Scan(&fk).Error; err != nil {
		return err
	}
	if fk != 1 {
		return errors.New("foreign keys could not be enabled")
	}
	return nil
}

// Close releases the database file.
func (s *Store) Close() error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// Path is the absolute path of the database file.
func (s *Store) Path() string { return s.path }

// ReadOnly reports whether changes are impossible on this file.
func (s *Store) ReadOnly() bool { return s.readOnly }

// DB exposes the connection to other packages of this module that need raw
// access (benchmarks, the calendar export); the UI never uses it.
func (s *Store) DB() *gorm.DB { return s.db }

func (s *Store) now() time.Time { return s.Now().UTC() }

// write runs fn in one write transaction (BEGIN IMMEDIATE).
func (s *Store) write(fn func(tx *gorm.DB) error) error {
	if s.readOnly {
		return ErrReadOnly
	}
	err := s.db.Transaction(fn)
	return mapErr(err)
}

func mapErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return ErrNotFound
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "database is locked") || strings.Contains(msg, "SQLITE_BUSY"):
		return ErrBusy
	case strings.Contains(msg, "readonly database") || strings.Contains(msg, "SQLITE_READONLY"):
		return ErrReadOnly
	}
	return err
}
