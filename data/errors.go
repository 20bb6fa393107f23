package data

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Errors the Store returns; the UI and the commands turn them into words.
var (
	// ErrNotFound: the record does not exist (or is archived where that matters).
	ErrNotFound = errors.New("not found")
	// ErrConflict: someone else changed the record since it was read.
	ErrConflict = errors.New("changed by someone else since it was loaded")
	// ErrReadOnly: the database file is opened read-only (by choice, or the
	// file or its folder may not be written).
	ErrReadOnly = errors.New("the database file is read-only")
	// ErrBusy: the database stayed locked by another desktop for too long;
	// nothing was saved, and the same change can simply be tried again.
	ErrBusy = errors.New("the database is busy")
	// ErrFileGone: the file this desktop opened was replaced, renamed or
	// deleted since (Store.Gone says which); nothing was written, and the
	// path must be opened again.
	ErrFileGone = errors.New("the database file was replaced, renamed or deleted since it was opened; nothing was saved")
	// ErrDamaged: SQLite found a damaged page while working on the file.
	ErrDamaged = errors.New("the database file is damaged")
	// ErrDiskFull: the disk that holds the database file is full; nothing
	// was saved.
	ErrDiskFull = errors.New("the disk of the database file is full; nothing was saved")
	// ErrUnreachable: the database file cannot be reached (the share is not
	// connected, the file went away); nothing was saved.
	ErrUnreachable = errors.New("the database file cannot be reached; nothing was saved")
)

// Code says why the Store refused a value. The UI and the commands turn a
// (Field, Code) pair and its facts into words; data never says it in
// English (docs/design.md, "Decisions, not sentences").
type Code string

// Validation codes.
const (
	// CodeRequired: nothing was given where a value is needed.
	CodeRequired Code = "required"
	// CodeInvalid: the value is not of the right form; Value holds it.
	CodeInvalid Code = "invalid"
	// CodeUnknown: the value names a record that does not exist (ID or Value).
	CodeUnknown Code = "unknown"
	// CodeArchived: the customer (ID) is archived.
	CodeArchived Code = "archived"
	// CodeLeftTeam: the salesperson (ID) has left the team (is archived).
	CodeLeftTeam Code = "left_team"
	// CodeDuplicate: a record with this Value exists already (ID).
	CodeDuplicate Code = "duplicate"
	// CodeInPast: a deadline that has already passed.
	CodeInPast Code = "in_past"
	// CodeInFuture: a contact logged for a moment still to come.
	CodeInFuture Code = "in_future"
	// CodeTooEarly: a date before Limit, the earliest one Zusage takes.
	CodeTooEarly Code = "too_early"
	// CodeTooLate: a date after Limit, the latest one Zusage takes.
	CodeTooLate Code = "too_late"
	// CodeOutOfRange: a number outside Min..Max.
	CodeOutOfRange Code = "out_of_range"
	// CodeNotOpen: the promise (ID) is already done or cancelled (Value).
	CodeNotOpen Code = "not_open"
	// CodeNotAllowed: a value that makes no sense here, such as a deadline
	// for a standing promise or a new date without a delay notice.
	CodeNotAllowed Code = "not_allowed"
	// CodeMismatch: the promise (ID) belongs to another customer.
	CodeMismatch Code = "mismatch"
	// CodeUnchanged: the change would change nothing.
	CodeUnchanged Code = "unchanged"
	// CodeHasOpenWork: the salesperson still owns Count customers or open
	// promises, which must go to someone first.
	CodeHasOpenWork Code = "has_open_work"
	// CodeLookalike: an e-mail domain that mixes scripts, such as a
	// Cyrillic "е" inside "example".
	CodeLookalike Code = "lookalike"
	// CodeNonASCIILocal: an e-mail address with letters beyond a–z before
	// the @ (umlauts are fine in the domain, after the @).
	CodeNonASCIILocal Code = "non_ascii_local"
	// CodeBackwards: a range that ends before it starts (Value).
	CodeBackwards Code = "backwards"
	// CodeNobody: nobody to reach (no buyer of the product or lot).
	CodeNobody Code = "nobody"
	// CodeTooLong: a text longer than Max characters (Count: how many it has).
	CodeTooLong Code = "too_long"
	// CodeWrongKind: the promise (ID) is of a kind (Value) the message
	// cannot be about: a callback confirmation needs a callback or a visit,
	// a notice e-mail a promise made by a product notice.
	CodeWrongKind Code = "wrong_kind"
	// CodeNoEmail: the customer (ID) has no valid e-mail address (Value)
	// that an invite could be addressed to.
	CodeNoEmail Code = "no_email"
	// CodeNotHandedOver: the promise (ID) was never handed to someone else,
	// so no previous owner's calendar holds it.
	CodeNotHandedOver Code = "not_handed_over"
	// CodeNotUTF8: the text is not valid UTF-8 (from a script or a file in
	// another encoding); nothing is guessed.
	CodeNotUTF8 Code = "not_utf8"
	// CodeUndone: the import (ID) was already taken back, at Limit.
	CodeUndone Code = "undone"
	// CodeUnclosedQuote: a line of an import file opens a quoted cell that
	// is never closed; the line is rejected, the next ones are read.
	CodeUnclosedQuote Code = "unclosed_quote"
	// CodeTooManyFields: a line of an import file has Count cells, more
	// than the Max columns of its header.
	CodeTooManyFields Code = "too_many_fields"
	// CodeBadCard: a vCard that cannot be read (Value: the decoder's
	// words), or that never ends (Value empty).
	CodeBadCard Code = "bad_card"
	// CodeAmbiguous: Count customers have the e-mail Value.
	CodeAmbiguous Code = "ambiguous"
)

// Codes lists every validation code, for the words of app/ and cmd/ (a
// test there checks each has its own).
var Codes = []Code{CodeRequired, CodeInvalid, CodeUnknown, CodeArchived, CodeLeftTeam, CodeDuplicate,
	CodeInPast, CodeInFuture, CodeTooEarly, CodeTooLate, CodeOutOfRange, CodeNotOpen, CodeNotAllowed,
	CodeMismatch, CodeUnchanged, CodeHasOpenWork, CodeLookalike, CodeNonASCIILocal, CodeBackwards, CodeNobody,
	CodeTooLong, CodeNotUTF8, CodeUndone, CodeUnclosedQuote, CodeTooManyFields, CodeBadCard, CodeAmbiguous}

// ValidationError is a value the Store refused: the field, why (Code), and
// the facts the words need.
type ValidationError struct {
	Field string
	Code  Code
	// Value is the offending input, where showing it helps.
	Value string
	// ID is the record the value names.
	ID uint
	// Min and Max bound a number (CodeOutOfRange).
	Min, Max int64
	// Limit is the earliest or latest date allowed (CodeTooEarly, CodeTooLate).
	Limit time.Time
	// Count is how many (CodeHasOpenWork; CodeTooLong: characters given).
	Count int
	// Line is the line of an import file the value repeats (CodeDuplicate).
	Line int
}

// Error is for logs; people read the words app/ and cmd/ make of the fields.
func (e *ValidationError) Error() string {
	msg := e.Field + ": " + string(e.Code)
	switch {
	case e.Value != "":
		msg += fmt.Sprintf(" (%q)", e.Value)
	case e.ID != 0:
		msg += fmt.Sprintf(" (#%d)", e.ID)
	}
	return msg
}

// invalid starts a validation error; the facts are set on the result.
func invalid(field string, code Code) *ValidationError {
	return &ValidationError{Field: field, Code: code}
}

// val sets the offending value.
func (e *ValidationError) val(v string) *ValidationError { e.Value = v; return e }

// id sets the record named.
func (e *ValidationError) id(id uint) *ValidationError { e.ID = id; return e }

// rng sets the allowed range of a number.
func (e *ValidationError) rng(lo, hi int64) *ValidationError { e.Min, e.Max = lo, hi; return e }

// RefusedCode says why a file was not used.
type RefusedCode string

// Reasons for refusing a file.
const (
	// RefusedMissing: there is no file at the path.
	RefusedMissing RefusedCode = "missing"
	// RefusedExists: a file is already there (a new database or a backup
	// never replaces one).
	RefusedExists RefusedCode = "exists"
	// RefusedFolder: the path is a folder.
	RefusedFolder RefusedCode = "folder"
	// RefusedCannotRead: the file cannot be read (Err says why).
	RefusedCannotRead RefusedCode = "cannot_read"
	// RefusedCannotOpen: SQLite cannot open the file.
	RefusedCannotOpen RefusedCode = "cannot_open"
	// RefusedEmpty: the file is empty (a backup of it would hold nothing).
	RefusedEmpty RefusedCode = "empty"
	// RefusedNotSQLite: the file is not a SQLite database.
	RefusedNotSQLite RefusedCode = "not_sqlite"
	// RefusedForeignApp: a SQLite file of another application.
	RefusedForeignApp RefusedCode = "foreign_app"
	// RefusedDamaged: the file is damaged.
	RefusedDamaged RefusedCode = "damaged"
	// RefusedTruncated: the file is shorter (Size) than its header says (Want).
	RefusedTruncated RefusedCode = "truncated"
	// RefusedBadVersion: the file carries an impossible schema version (Version).
	RefusedBadVersion RefusedCode = "bad_version"
	// RefusedWAL: another program switched the file to WAL mode and this
	// desktop may not write to switch it back.
	RefusedWAL RefusedCode = "wal"
	// RefusedWALStuck: the file stays in WAL mode (another program holds it).
	RefusedWALStuck RefusedCode = "wal_stuck"
	// RefusedOldReadOnly: an older schema (Version) on a file this desktop
	// may not write, so it cannot be upgraded.
	RefusedOldReadOnly RefusedCode = "old_schema_read_only"
	// RefusedNeedsWrite: the file needs recovery or an upgrade, and this
	// desktop may not write to it.
	RefusedNeedsWrite RefusedCode = "needs_write"
	// RefusedHasCustomers: demo data goes only into a new file; this one
	// has Count customers.
	RefusedHasCustomers RefusedCode = "has_customers"
	// RefusedIncomplete: `zusage move` into this database (or file) was
	// interrupted; it is refused until it is moved again.
	RefusedIncomplete RefusedCode = "incomplete_move"
	// RefusedLogin: the PostgreSQL server did not accept the user or the
	// password (Err says what the server said).
	RefusedLogin RefusedCode = "login_refused"
	// RefusedEncoding: the PostgreSQL database is not UTF-8 (Err names its
	// encoding).
	RefusedEncoding RefusedCode = "not_utf8"
)

// RefusedCodes lists every reason for refusing a file.
var RefusedCodes = []RefusedCode{RefusedMissing, RefusedExists, RefusedFolder, RefusedCannotRead, RefusedCannotOpen,
	RefusedEmpty, RefusedNotSQLite, RefusedForeignApp, RefusedDamaged, RefusedTruncated, RefusedBadVersion,
	RefusedWAL, RefusedWALStuck, RefusedOldReadOnly, RefusedNeedsWrite, RefusedHasCustomers,
	RefusedIncomplete, RefusedLogin, RefusedEncoding}

// RefusedError says why a file was not used; the file was not modified.
type RefusedError struct {
	Path string
	Code RefusedCode
	// Facts for the words: sizes of a truncated file, a schema version, a
	// count, and the system's own error where there is one.
	Size, Want int64
	Version    int
	Count      int
	Err        error
}

// Error is for logs; people read the words app/ and cmd/ make of the fields.
func (e *RefusedError) Error() string {
	msg := fmt.Sprintf("%s: refused (%s)", e.Path, e.Code)
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap gives the system's error, if any.
func (e *RefusedError) Unwrap() error { return e.Err }

// NewerSchemaError refuses a file written by a newer Zusage.
type NewerSchemaError struct {
	Path        string
	FileVersion int
	KnownMax    int
}

func (e *NewerSchemaError) Error() string {
	return fmt.Sprintf("%s: schema version %d is newer than this build's %d; the file was not changed", e.Path, e.FileVersion, e.KnownMax)
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

// retryable reports a lock conflict that goes away when tried again: SQLite
// busy or locked, or PostgreSQL's serialization failure, deadlock or lock
// timeout.
func retryable(err error) bool {
	c := sqliteCode(err)
	return c == codeBusy || c == codeLocked || pgRetryable(err)
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
	for _, known := range []error{ErrNotFound, ErrConflict, ErrReadOnly, ErrBusy, ErrDamaged, ErrDiskFull, ErrUnreachable, ErrFileGone} {
		if errors.Is(err, known) {
			return err
		}
	}
	if errors.As(err, &ve) || errors.As(err, &re) {
		return err
	}
	if m := pgMapErr(err); m != nil {
		return m
	}
	switch sqliteCode(err) {
	case codeBusy, codeLocked:
		return ErrBusy
	case codeReadOnly:
		return ErrReadOnly
	case codeCorrupt, codeNotADB:
		return ErrDamaged
	case codeFull:
		return fmt.Errorf("%w: %w", ErrDiskFull, err)
	case codeIOErr, codeCantOpen:
		return fmt.Errorf("%w: %w", ErrUnreachable, err)
	}
	return err
}

// MissingToolError: a program Zusage needs for this step is not installed
// (pg_dump for the backup of a PostgreSQL database).
type MissingToolError struct {
	Tool string
}

func (e *MissingToolError) Error() string { return e.Tool + " is not installed" }

// ImportFileCode says why an import file cannot be read at all.
type ImportFileCode string

// Reasons an import file is refused as a whole; nothing was imported.
const (
	// ImportCannotRead: reading the file failed (Err).
	ImportCannotRead ImportFileCode = "cannot_read"
	// ImportTooLarge: the file is larger than Max MB.
	ImportTooLarge ImportFileCode = "too_large"
	// ImportEmpty: there is nothing in the file.
	ImportEmpty ImportFileCode = "empty"
	// ImportBadUTF16: a UTF-16 file that cannot be decoded.
	ImportBadUTF16 ImportFileCode = "bad_utf16"
	// ImportBadHeader: the header line (Line) cannot be read (an unclosed
	// quote), so nothing after it can be put in its columns.
	ImportBadHeader ImportFileCode = "bad_header"
	// ImportNoCustomerColumns: no Name or Firma/Company column (Found: the headers).
	ImportNoCustomerColumns ImportFileCode = "no_customer_columns"
	// ImportNoPurchaseColumns: no customer (id or e-mail) or no product column.
	ImportNoPurchaseColumns ImportFileCode = "no_purchase_columns"
	// ImportNoCards: a vCard file without any BEGIN:VCARD.
	ImportNoCards ImportFileCode = "no_cards"
)

// ImportFileCodes lists every reason, for the words of app/ and cmd/.
var ImportFileCodes = []ImportFileCode{ImportCannotRead, ImportTooLarge, ImportEmpty, ImportBadUTF16, ImportBadHeader,
	ImportNoCustomerColumns, ImportNoPurchaseColumns, ImportNoCards}

// ImportFileError refuses an import file as a whole.
type ImportFileError struct {
	Code ImportFileCode
	// Line of the problem (ImportBadHeader), Found the headers of the file,
	// Max the size limit in MB.
	Line  int
	Found []string
	Max   int
	Err   error
}

// Error is for logs; people read the words app/ and cmd/ make of the fields.
func (e *ImportFileError) Error() string {
	msg := "import file refused (" + string(e.Code) + ")"
	if e.Line > 0 {
		msg += fmt.Sprintf(" at line %d", e.Line)
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap gives the system's error, if any.
func (e *ImportFileError) Unwrap() error { return e.Err }

// FileOp names what Zusage was doing with a file when the system refused.
type FileOp string

// File operations that can fail for reasons outside Zusage (permissions, a
// full disk, a share that went away).
const (
	OpCreateFolder FileOp = "create_folder"
	OpCreateFile   FileOp = "create_file"
	OpWriteFile    FileOp = "write_file"
	OpSyncFile     FileOp = "sync_file"
	OpRenameFile   FileOp = "rename_file"
	OpReadFile     FileOp = "read_file"
	OpBackup       FileOp = "backup"
)

// FileError is a file operation the system refused, as os.PathError is:
// what (Op), where (Path) and the system's reason (Err). Nothing was kept.
type FileError struct {
	Op   FileOp
	Path string
	Err  error
}

func (e *FileError) Error() string { return string(e.Op) + " " + e.Path + ": " + e.Err.Error() }

// Unwrap gives the system's error.
func (e *FileError) Unwrap() error { return e.Err }
