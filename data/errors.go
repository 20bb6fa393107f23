package data

import (
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// Errors the Store returns; the UI and the commands turn them into words.
var (
	// ErrNotFound: the record does not exist (or is archived where that matters).
	ErrNotFound = errors.New("not found")
	// ErrConflict: someone else changed the record since it was read.
	ErrConflict = errors.New("changed by someone else since it was loaded; reload and try again")
	// ErrReadOnly: the database file is opened read-only (by choice, or the
	// file or its folder may not be written).
	ErrReadOnly = errors.New("the database file is read-only — ask your administrator for write access, or work on a copy")
	// ErrBusy: the database stayed locked by another desktop for too long;
	// nothing was saved, and the same change can simply be tried again.
	ErrBusy = errors.New("the database is busy — try again")
	// ErrFileGone: the file this desktop opened was replaced, renamed or
	// deleted since (Store.Gone says which); nothing was written, and the
	// path must be opened again.
	ErrFileGone = errors.New("the database file was replaced, renamed or deleted since it was opened; nothing was saved — open the file again")
	// ErrDamaged: SQLite found a damaged page while working on the file.
	ErrDamaged = errors.New("the database file is damaged — run `zusage check`, then " + restoreHint)
)

// ValidationError names the field whose value is not acceptable.
type ValidationError struct {
	Field string
	Msg   string
}

func (e *ValidationError) Error() string { return e.Field + ": " + e.Msg }

func invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

// RefusedError says why a file was not opened; the file was not modified.
type RefusedError struct {
	Path   string
	Reason string
	// Hint says what the user can do about it.
	Hint string
}

func (e *RefusedError) Error() string {
	msg := fmt.Sprintf("%s: %s", e.Path, e.Reason)
	if e.Hint != "" {
		msg += " — " + e.Hint
	}
	return msg
}

// NewerSchemaError refuses a file written by a newer Zusage.
type NewerSchemaError struct {
	Path        string
	FileVersion int
	KnownMax    int
}

func (e *NewerSchemaError) Error() string {
	return fmt.Sprintf("%s was written by a newer Zusage (schema version %d; this build knows up to %d) — update Zusage on this desktop; the file was not changed",
		e.Path, e.FileVersion, e.KnownMax)
}

// Primary SQLite result codes the Store reacts to.
const (
	codeBusy     = 5
	codeLocked   = 6
	codeReadOnly = 8
	codeIOErr    = 10
	codeCorrupt  = 11
	codeFull     = 13
	codeCantOpen = 14
	codeNotADB   = 26
)

// codeReadOnlyRollback (SQLITE_READONLY_ROLLBACK): a read-only connection
// found a hot journal it may not roll back.
const codeReadOnlyRollback = codeReadOnly | 3<<8

// extendedCode is the extended SQLite result code inside err, or 0.
func extendedCode(err error) int {
	var ce interface{ Code() int }
	if errors.As(err, &ce) {
		return ce.Code()
	}
	return 0
}

// sqliteCode is the primary SQLite result code inside err, or 0.
func sqliteCode(err error) int {
	var ce interface{ Code() int }
	if errors.As(err, &ce) {
		return ce.Code() & 0xff
	}
	if err == nil {
		return 0
	}
	// Errors that lost their type on the way (wrapped as text).
	msg := err.Error()
	switch {
	case strings.Contains(msg, "SQLITE_BUSY") || strings.Contains(msg, "database is locked"):
		return codeBusy
	case strings.Contains(msg, "SQLITE_LOCKED") || strings.Contains(msg, "database table is locked"):
		return codeLocked
	case strings.Contains(msg, "SQLITE_READONLY") || strings.Contains(msg, "readonly database"):
		return codeReadOnly
	case strings.Contains(msg, "SQLITE_CORRUPT") || strings.Contains(msg, "malformed"):
		return codeCorrupt
	case strings.Contains(msg, "SQLITE_NOTADB"):
		return codeNotADB
	}
	return 0
}

// retryable reports a lock conflict that goes away when tried again.
func retryable(err error) bool {
	c := sqliteCode(err)
	return c == codeBusy || c == codeLocked
}

// mapErr turns driver and GORM errors into the Store's typed errors.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return ErrNotFound
	}
	var ve *ValidationError
	var re *RefusedError
	for _, known := range []error{ErrNotFound, ErrConflict, ErrReadOnly, ErrBusy, ErrDamaged, ErrFileGone} {
		if errors.Is(err, known) {
			return err
		}
	}
	if errors.As(err, &ve) || errors.As(err, &re) {
		return err
	}
	switch sqliteCode(err) {
	case codeBusy, codeLocked:
		return ErrBusy
	case codeReadOnly:
		return ErrReadOnly
	case codeCorrupt, codeNotADB:
		return ErrDamaged
	case codeFull:
		return fmt.Errorf("the disk of the database file is full; nothing was saved: %w", err)
	case codeIOErr, codeCantOpen:
		return fmt.Errorf("the database file cannot be reached (is the office share still connected?); nothing was saved: %w", err)
	}
	return err
}
