package data

import (
	"errors"
	"fmt"
)

// Errors the Store returns; the UI and the commands turn them into words.
var (
	// ErrNotFound: the record does not exist (or is archived where that matters).
	ErrNotFound = errors.New("not found")
	// ErrConflict: someone else changed the record since it was read.
	ErrConflict = errors.New("changed by someone else since it was loaded; reload and try again")
	// ErrReadOnly: the database file is opened read-only.
	ErrReadOnly = errors.New("the database is read-only; changes cannot be saved")
	// ErrBusy: the database stayed locked by another desktop for too long.
	ErrBusy = errors.New("the database is busy (another desktop is writing); try again")
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
