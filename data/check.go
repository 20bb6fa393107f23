package data

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gorm.io/gorm"
)

// CheckReport is the health of a database file, as `zusage check` prints it.
type CheckReport struct {
	Path string
	// Size of the file in bytes.
	Size int64
	// Schema is the file's schema version (PRAGMA user_version); -1 when
	// the file holds no SQLite data.
	Schema      int
	JournalMode string
	// PageSize is the file's page size in bytes (0: not a SQLite file).
	// Smaller than data.PageSize: an older layout that costs more round
	// trips on the share; a backup (VACUUM INTO) writes the new one.
	PageSize int64
	// Integrity is "ok", or the problems PRAGMA quick_check found (SQLite's
	// own words, at most six lines); empty when it was not checked, and
	// Unchecked says why.
	Integrity string
	Unchecked CheckSkip
	// UnreadableErr is why SQLite could not read the file (CheckUnreadable).
	UnreadableErr error
	// ForeignKeyProblems counts rows that point to missing records (-1: not
	// checked); ForeignKeyFirst names the first as "table row → parent".
	ForeignKeyProblems int
	ForeignKeyFirst    string
	// Counts; -1 when they could not be read.
	Users, Customers, Contacts, Commitments, Open int64
	// Refused says why Zusage would not open the file (a *RefusedError or
	// *NewerSchemaError); nil when it would.
	Refused error
	// Backups are the daily backups beside the file, newest first.
	Backups []string
	// ServerVersion is the PostgreSQL server's version string, and
	// ServerChecks what its check covered; empty for a file.
	ServerVersion string
	ServerChecks  string
}

// CheckSkip says why a check did not run.
type CheckSkip string

// Reasons a check did not run.
const (
	// CheckNoData: the file holds no SQLite data (empty, not SQLite).
	CheckNoData CheckSkip = "no_data"
	// CheckHotJournal: a write was interrupted (a -journal file lies beside
	// the file); the first open with write access rolls it back.
	CheckHotJournal CheckSkip = "hot_journal"
	// CheckUnreadable: SQLite could not read the file (UnreadableErr).
	CheckUnreadable CheckSkip = "unreadable"
)

// Healthy reports whether the file can be worked on safely.
func (r CheckReport) Healthy() bool {
	return r.Refused == nil && r.Integrity == "ok" && r.ForeignKeyProblems == 0
}

// Check runs the full check of the open database: PRAGMA quick_check and
// foreign_key_check, and counts the records. It reads the whole file, so
// the app runs it in a goroutine. The error is for a check that could not
// run; a damaged file gives a report that is not Healthy.
func (s *Store) Check() (CheckReport, error) {
	r := newReport(s.path)
	if s.Backend() == BackendPostgres {
		s.d.check(s, &r)
		return r, nil
	}
	if st, err := os.Stat(s.path); err == nil {
		r.Size = st.Size()
	} else {
		return r, &FileError{Op: OpReadFile, Path: s.path, Err: err}
	}
	runCheck(s.db, &r)
	r.Backups, _ = Backups(s.path)
	return r, nil
}

// CheckFile checks the file at path without ever writing to it — also a
// file that Open refuses, whose report then says why (Refused) and, when it
// is a SQLite file at all, what SQLite finds wrong with it. The error is
// for a file that is not there or cannot be read.
func CheckFile(path string) (CheckReport, error) {
	if path == "" {
		return CheckReport{}, invalid("db", CodeRequired)
	}
	if IsServer(path) {
		return checkServerAt(path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return CheckReport{}, err
	}
	r := newReport(abs)
	st, err := os.Stat(abs)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return r, &RefusedError{Path: abs, Code: RefusedMissing}
		}
		return r, &RefusedError{Path: abs, Code: RefusedCannotRead, Err: err}
	}
	r.Size = st.Size()
	r.Backups, _ = Backups(abs)
	hdr, herr := inspectFile(abs)
	if herr != nil {
		r.Refused = herr
	}
	r.Schema = hdr.userVersion
	r.PageSize = hdr.pageSize
	if !hdr.exists || hdr.pageSize == 0 {
		// Empty, garbage or unreadable: nothing for SQLite to look at.
		if hdr.empty {
			r.Refused = &RefusedError{Path: abs, Code: RefusedEmpty}
		}
		r.Schema = -1
		r.Unchecked = CheckNoData
		return r, nil
	}
	if hdr.userVersion > SchemaVersion && r.Refused == nil {
		r.Refused = &NewerSchemaError{Path: abs, FileVersion: hdr.userVersion, KnownMax: SchemaVersion}
	}
	if hdr.wal && r.Refused == nil {
		r.Refused = &RefusedError{Path: abs, Code: RefusedWAL}
	}
	// Read-only (mode=ro): SQLite will not write a byte, not even a journal.
	s, err := openStore(abs, true, false, 0)
	switch {
	case err == nil:
		defer s.Close()
		runCheck(s.db, &r)
	case extendedCode(err) == codeReadOnlyRollback:
		// SQLite found a hot journal — one that no running desktop holds
		// (a journal of a write in progress elsewhere is not hot) — and may
		// not roll it back on a read-only connection. The first open with
		// write access does; until then there is nothing to check.
		r.Unchecked = CheckHotJournal
	default:
		r.Unchecked, r.UnreadableErr = CheckUnreadable, mapErr(err)
	}
	if hdr.hotJournal && r.Integrity != "ok" {
		// A read-only connection may not roll back what a desktop left
		// half-written; the first desktop that opens the file for writing does.
		r.Integrity, r.Unchecked = "", CheckHotJournal
	}
	return r, nil
}

// What RepairFile did.
const (
	// RepairRolledBack: the write a crashed desktop left unfinished was
	// rolled back from its -journal.
	RepairRolledBack = "rolled_back"
	// RepairJournalMode: the file was switched back from WAL to the
	// rollback journal.
	RepairJournalMode = "journal_mode"
)

// RepairFile does what the next open with write access would do to a file
// that CheckFile reports on, and nothing else: it rolls back an
// interrupted write and switches a WAL file back to the rollback journal.
// It does not upgrade the schema, and a damaged or refused file is left
// as it is (its report says why; restoring a backup is the way out then).
// It returns the report after the repair and what it did.
func RepairFile(path string) (CheckReport, []string, error) {
	r, err := CheckFile(path)
	if err != nil {
		return r, nil, err
	}
	hdr, _ := inspectFile(r.Path)
	wal := hdr.wal
	hot := r.Unchecked == CheckHotJournal
	if !hot && !wal {
		return r, nil, nil
	}
	if r.Refused != nil && !wal {
		return r, nil, nil
	}
	s, err := openStore(r.Path, false, false, 0)
	if err != nil {
		return r, nil, classifyOpenError(r.Path, err)
	}
	// The first read takes the lock that makes SQLite roll the journal back.
	var n int
	err = s.db.Raw("SELECT count(*) FROM sqlite_master").Scan(&n).Error
	s.Close()
	if err != nil {
		return r, nil, mapErr(err)
	}
	var done []string
	if hot {
		done = append(done, RepairRolledBack)
	}
	if wal {
		done = append(done, RepairJournalMode)
	}
	r, err = CheckFile(path)
	return r, done, err
}

func newReport(path string) CheckReport {
	return CheckReport{Path: path, Users: -1, Customers: -1, Contacts: -1, Commitments: -1, Open: -1, ForeignKeyProblems: -1}
}

// runCheck fills r from the connection db.
func runCheck(db *gorm.DB, r *CheckReport) {
	var ver int
	if err := db.Raw("PRAGMA user_version").Scan(&ver).Error; err == nil {
		r.Schema = ver
	}
	db.Raw("PRAGMA journal_mode").Scan(&r.JournalMode)
	db.Raw("PRAGMA page_size").Scan(&r.PageSize)

	var problems []string
	rows, err := db.Raw("PRAGMA quick_check").Rows()
	if err == nil {
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				problems = append(problems, err.Error())
				break
			}
			if line != "ok" {
				problems = append(problems, line)
			}
		}
		if err := rows.Err(); err != nil {
			problems = append(problems, err.Error())
		}
		rows.Close()
	} else {
		problems = append(problems, err.Error())
	}
	if len(problems) == 0 {
		r.Integrity = "ok"
	} else {
		if len(problems) > 5 {
			problems = append(problems[:5], fmt.Sprintf("and %d more", len(problems)-5))
		}
		r.Integrity = strings.Join(problems, "; ")
	}

	type fkRow struct {
		Table  string `gorm:"column:table"`
		RowID  int64  `gorm:"column:rowid"`
		Parent string `gorm:"column:parent"`
	}
	var fks []fkRow
	if err := db.Raw("PRAGMA foreign_key_check").Scan(&fks).Error; err == nil {
		r.ForeignKeyProblems = len(fks)
		if len(fks) > 0 {
			r.ForeignKeyFirst = fmt.Sprintf("%s row %d → %s", fks[0].Table, fks[0].RowID, fks[0].Parent)
		}
	}

	countAll(db, r)
}

// countAll counts the records the report shows.
func countAll(db *gorm.DB, r *CheckReport) {
	count := func(dst *int64, q string) {
		var n int64
		if err := db.Raw(q).Scan(&n).Error; err == nil {
			*dst = n
		}
	}
	count(&r.Users, "SELECT count(*) FROM users")
	count(&r.Customers, "SELECT count(*) FROM customers")
	count(&r.Contacts, "SELECT count(*) FROM contacts")
	count(&r.Commitments, "SELECT count(*) FROM commitments")
	count(&r.Open, "SELECT count(*) FROM commitments WHERE status = 'open'")
}
