package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/zusage/zusage/data"
)

// The headless commands say in English what data decided: the Store returns
// codes and facts (data.ValidationError, data.RefusedError, the warning
// levels), and this file turns them into the one line a script or an admin
// reads. The desktop app has its own words, in German and English.

// restoreHint is what to do about a damaged file.
const restoreHint = "restore the latest backup from the backups folder beside the file (README: Shared database, backups and restoring)"

// describe turns a Store error into what happened and what to do.
func describe(err error) string {
	var ve *data.ValidationError
	var re *data.RefusedError
	var ne *data.NewerSchemaError
	var fe *data.FileError
	var me *data.MissingToolError
	var ife *data.ImportFileError
	switch {
	case errors.As(err, &ve):
		return "--" + strings.ReplaceAll(ve.Field, "_", "-") + ": " + validationText(ve)
	case errors.As(err, &me):
		return me.Tool + " is not installed on this computer — install PostgreSQL's client tools (Debian: apt-get install postgresql-client), or make the backup on the server (README: Outgrowing one office)"
	case errors.As(err, &ne):
		return fmt.Sprintf("%s was written by a newer Zusage (schema version %d; this build knows up to %d) — update Zusage on this desktop; the file was not changed",
			ne.Path, ne.FileVersion, ne.KnownMax)
	case errors.As(err, &re):
		return re.Path + ": " + refusedText(re)
	case errors.Is(err, data.ErrConflict):
		return "changed by someone else since it was loaded; reload and try again"
	case errors.Is(err, data.ErrBusy):
		return "the database is busy (another desktop is writing to it); nothing was saved — try again"
	case errors.Is(err, data.ErrReadOnly):
		return "the database file is read-only — ask your administrator for write access, or work on a copy"
	case errors.Is(err, data.ErrDamaged):
		return "the database file is damaged — run `zusage check`, then " + restoreHint
	case errors.Is(err, data.ErrDiskFull):
		return "the disk of the database file is full; nothing was saved — free some space and try again"
	case errors.Is(err, data.ErrFileGone):
		return "the database file was replaced, renamed or deleted since it was opened; nothing was saved — open it again"
	case errors.Is(err, data.ErrUnreachable):
		return "the database cannot be reached (is the office share still connected, or the database server running and reachable?); nothing was saved"
	case errors.As(err, &fe):
		return fileText(fe)
	case errors.As(err, &ife):
		return importFileText(ife)
	case errors.Is(err, data.ErrNotFound):
		return err.Error() // "promise #7: not found"
	}
	return err.Error()
}

// noun names the record a field points to.
func noun(field string) string {
	switch field {
	case "by", "owner", "hand_to", "users":
		return "salesperson"
	case "about", "commitment":
		return "promise"
	case "customer":
		return "customer"
	case "product":
		return "product"
	}
	return field
}

// validationText says why a value was refused.
func validationText(ve *data.ValidationError) string {
	switch ve.Code {
	case data.CodeRequired:
		switch ve.Field {
		case "title":
			return "say what was promised"
		case "summary":
			return "say in a few words what was said"
		case "reason":
			return "give the reason"
		case "due":
			return "a due date is required"
		case "by":
			return "say who does it (an e-mail of a salesperson)"
		case "owner":
			return "every customer needs an owner"
		case "name":
			return "a name is required"
		case "email":
			return "an e-mail address is required"
		case "about":
			return "name the promise it is about (--about)"
		case "db":
			return "no database path given"
		case "out":
			return "say where the file goes"
		}
		return "is required"
	case data.CodeInvalid:
		switch ve.Field {
		case "channel":
			return fmt.Sprintf("%q is not a channel (one of %s)", ve.Value, strings.Join(data.Channels, ", "))
		case "kind":
			return fmt.Sprintf("%q is not a kind of promise (one of %s)", ve.Value, strings.Join(data.Kinds, ", "))
		case "direction":
			return "must be in or out"
		case "email", "owner":
			return fmt.Sprintf("%q is not a valid e-mail address", ve.Value)
		case "due", "new_due", "estimate", "at", "from", "to", "date":
			return fmt.Sprintf("%q is not a valid date (YYYY-MM-DD) or time (RFC 3339, e.g. 2026-11-24T10:00:00+01:00)", ve.Value)
		case "lead_time":
			return fmt.Sprintf("unknown kind %q", ve.Value)
		case "lot":
			return fmt.Sprintf("%q names no lot", ve.Value)
		}
		if ve.Value != "" {
			return fmt.Sprintf("%q is not valid", ve.Value)
		}
		return "is not valid"
	case data.CodeUnknown:
		if ve.Value != "" {
			if ve.Field == "product" || ve.Field == "name" {
				return fmt.Sprintf("there is no product named %q (add it first)", ve.Value)
			}
			return fmt.Sprintf("no %s with e-mail %s", noun(ve.Field), ve.Value)
		}
		return fmt.Sprintf("%s #%d does not exist", noun(ve.Field), ve.ID)
	case data.CodeArchived:
		return fmt.Sprintf("customer #%d is archived", ve.ID)
	case data.CodeLeftTeam:
		return fmt.Sprintf("salesperson #%d has left the team (archived); hand the work to someone on the team", ve.ID)
	case data.CodeDuplicate:
		switch ve.Field {
		case "email":
			return fmt.Sprintf("a salesperson with %s already exists", ve.Value)
		case "users":
			return fmt.Sprintf("a salesperson with %s already exists; generate the demo into a new file", ve.Value)
		}
		if ve.ID != 0 {
			return fmt.Sprintf("%q already exists (#%d)", ve.Value, ve.ID)
		}
		return fmt.Sprintf("%q already exists", ve.Value)
	case data.CodeInPast:
		return "this moment has already passed; give a date (and time) still ahead"
	case data.CodeInFuture:
		return "a contact cannot be logged in the future"
	case data.CodeTooEarly:
		return fmt.Sprintf("before %s — Zusage takes dates from then on; is the year right?", ve.Limit.Format(time.DateOnly))
	case data.CodeTooLate:
		return fmt.Sprintf("after %s — more than %d years ahead; is the year right?", ve.Limit.Format(time.DateOnly), data.MaxYearsAhead)
	case data.CodeOutOfRange:
		return fmt.Sprintf("must be between %d and %d", ve.Min, ve.Max)
	case data.CodeNotOpen:
		return fmt.Sprintf("promise #%d is already %s", ve.ID, ve.Value)
	case data.CodeNotAllowed:
		switch ve.Field {
		case "new_due":
			return "a new due date goes with a delay notice (--delay-notice)"
		case "out":
			return "the backup cannot replace the database itself"
		case "event":
			return fmt.Sprintf("event #%d did not hand a promise away from this salesperson", ve.ID)
		}
		return "a standing promise has no due date"
	case data.CodeMismatch:
		return fmt.Sprintf("promise #%d belongs to another customer", ve.ID)
	case data.CodeUnchanged:
		if ve.Field == "hand_to" {
			return "hand the work to someone else than the person who leaves"
		}
		return "the promise already belongs to this salesperson"
	case data.CodeHasOpenWork:
		return fmt.Sprintf("still owns %d customers and open promises; say whom to hand them to (--hand-to EMAIL)", ve.Count)
	case data.CodeLookalike:
		return fmt.Sprintf("%q mixes alphabets in its domain (a look-alike of another address); check the letters", ve.Value)
	case data.CodeNonASCIILocal:
		return fmt.Sprintf("%q has letters beyond a–z before the @, which mail programs and calendars do not all accept; umlauts are fine after the @", ve.Value)
	case data.CodeBackwards:
		if ve.Value != "" {
			return fmt.Sprintf("the range %q runs backwards", ve.Value)
		}
		return "the range ends before it starts"
	case data.CodeWrongKind:
		if ve.Value == data.KindInform || ve.Field == "notice" {
			return fmt.Sprintf("promise #%d was not made by a product notice", ve.ID)
		}
		return fmt.Sprintf("promise #%d is a %s promise: a callback confirmation is for a callback or a visit, a notice e-mail for a promise made by a product notice", ve.ID, ve.Value)
	case data.CodeNobody:
		if ve.Field == "lot" {
			return fmt.Sprintf("no active customer bought lot %s of this product; nobody to inform", ve.Value)
		}
		return "no active customer bought this product; nobody to inform"
	case data.CodeTooLong:
		if ve.Count == 0 {
			return fmt.Sprintf("is longer than %d characters", ve.Max)
		}
		return fmt.Sprintf("too long: %d characters, at most %d", ve.Count, ve.Max)
	case data.CodeNotUTF8:
		return "is not valid UTF-8 text (is the script or the file in another encoding?); nothing was saved"
	case data.CodeUndone:
		return fmt.Sprintf("import %d was already taken back (%s)", ve.ID, ve.Limit.Local().Format("2006-01-02 15:04"))
	case data.CodeUnclosedQuote:
		return "a quote opens a cell and is never closed (the lines after it are read on their own)"
	case data.CodeTooManyFields:
		return fmt.Sprintf("%d fields instead of %d (unquoted “%s” in a value?)", ve.Count, ve.Max, ve.Value)
	case data.CodeBadCard:
		if ve.Value == "" {
			return "a card without END:VCARD"
		}
		return "a damaged card: " + ve.Value
	case data.CodeAmbiguous:
		return fmt.Sprintf("%d customers have the e-mail %s; give the customer id", ve.Count, ve.Value)
	case data.CodeNoEmail:
		return fmt.Sprintf("customer #%d has no valid e-mail address (%q) to send an invite to; set one with zusage customer edit --email", ve.ID, ve.Value)
	case data.CodeNotHandedOver:
		return fmt.Sprintf("promise #%d was never handed over; nobody else's calendar holds it", ve.ID)
	}
	return string(ve.Code)
}

// refusedText says why a file was not used and what to do.
func refusedText(re *data.RefusedError) string {
	if data.IsServer(re.Path) {
		if t := serverRefusedText(re); t != "" {
			return t
		}
	}
	switch re.Code {
	case data.RefusedMissing:
		return "there is no database file here — check that the office share is connected and the path is right, or create a new database"
	case data.RefusedExists:
		return "a file with this name already exists and is never overwritten — choose a new name"
	case data.RefusedFolder:
		return "this is a folder, not a database file — choose a .zusage or .db file"
	case data.RefusedCannotRead:
		return fmt.Sprintf("cannot read the file (%v) — check that the office share is connected and you may access the file", re.Err)
	case data.RefusedCannotOpen:
		return "the file cannot be opened — check that the office share is connected and you may access the file"
	case data.RefusedEmpty:
		return "the file is empty, it holds no Zusage data — " + restoreHint
	case data.RefusedNotSQLite:
		return "this is not a Zusage database (not a SQLite file) — choose another file, or " + restoreHint
	case data.RefusedForeignApp:
		return "this SQLite file belongs to another application, not Zusage — choose a Zusage database file"
	case data.RefusedDamaged:
		return "the file is damaged — " + restoreHint
	case data.RefusedTruncated:
		return fmt.Sprintf("the file is truncated (%d of %d bytes); it was probably copied incompletely — %s", re.Size, re.Want, restoreHint)
	case data.RefusedBadVersion:
		return fmt.Sprintf("the file has an impossible schema version %d — %s", re.Version, restoreHint)
	case data.RefusedWAL:
		return "another program switched the file to WAL mode, which is unsafe on a network share, and this desktop may not write to it — open it once in Zusage from a desktop with write access, which switches it back"
	case data.RefusedWALStuck:
		return "the file stays in WAL mode — close the other program that uses it (WAL is unsafe on a network share) and open it again"
	case data.RefusedOldReadOnly:
		return fmt.Sprintf("the file has the older schema version %d and is read-only, so it cannot be upgraded to %d — open it once from a desktop that may write to it", re.Version, data.SchemaVersion)
	case data.RefusedNeedsWrite:
		return "the file is read-only and needs recovery or an upgrade — open it once from a desktop with write access"
	case data.RefusedHasCustomers:
		return fmt.Sprintf("the database already has %d customers; demo data is only generated into a new, empty file — give --db the name of a new file", re.Count)
	case data.RefusedIncomplete:
		return "a move into this file was interrupted and did not complete — run zusage move again (README: Outgrowing one office)"
	case data.RefusedLogin, data.RefusedEncoding:
		return serverRefusedText(re)
	}
	return string(re.Code)
}

// serverRefusedText is refusedText for a PostgreSQL database, where it
// differs from a file's; "" where it does not.
func serverRefusedText(re *data.RefusedError) string {
	switch re.Code {
	case data.RefusedMissing:
		return "the database holds no Zusage data yet (or does not exist) — move a team's file there with zusage move, or check the database name"
	case data.RefusedExists:
		return "the database already holds a Zusage team — a move or a new database needs an empty one"
	case data.RefusedForeignApp:
		return "the database holds tables of another program — give Zusage a database of its own (README: Outgrowing one office)"
	case data.RefusedCannotOpen:
		return fmt.Sprintf("cannot connect to the server (%v) — check the address, that the server runs, and TLS (sslmode, sslrootcert)", re.Err)
	case data.RefusedNeedsWrite:
		return "the server's role for Zusage may not change this database — ask the administrator to grant it (README: Outgrowing one office)"
	case data.RefusedIncomplete:
		return "a move into this database was interrupted and did not complete — run zusage move again (README: Outgrowing one office)"
	case data.RefusedLogin:
		return fmt.Sprintf("the server did not accept the login (%v) — check the user, and the password in PGPASSWORD or the .pgpass file", re.Err)
	case data.RefusedEncoding:
		return fmt.Sprintf("the database's encoding is %v, not UTF8 — create it with ENCODING 'UTF8' (README: Outgrowing one office)", re.Err)
	}
	return ""
}

// fileText says which file operation the system refused.
func fileText(fe *data.FileError) string {
	what := map[data.FileOp]string{
		data.OpCreateFolder: "cannot create the folder",
		data.OpCreateFile:   "cannot write to",
		data.OpWriteFile:    "cannot write",
		data.OpSyncFile:     "cannot save to disk",
		data.OpRenameFile:   "cannot rename into place",
		data.OpReadFile:     "cannot read",
		data.OpBackup:       "the backup failed, nothing was kept:",
	}[fe.Op]
	if what == "" {
		what = string(fe.Op)
	}
	return fmt.Sprintf("%s %s (%s)", what, fe.Path, describe(errors.Unwrap(fe)))
}

// span says how long d is: "3 days", "2 hours".
func span(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	switch {
	case d >= 48*time.Hour:
		return fmt.Sprintf("%d days", int(d/(24*time.Hour)))
	case d >= 2*time.Hour:
		return fmt.Sprintf("%d hours", int(d/time.Hour))
	case d >= 2*time.Minute:
		return fmt.Sprintf("%d minutes", int(d/time.Minute))
	}
	return "a moment"
}

// warningText says in English what a warning means and what to do.
func warningText(w data.Warning, now time.Time, loc *time.Location) string {
	due := w.Due.String()
	switch w.Level {
	case data.LevelSilent:
		if now.Before(w.DueAt) { // the date the customer was told passed; the new one lies ahead
			return fmt.Sprintf("the customer was told %s, which passed %s ago without a word; the new date %s is not told yet — send a delay notice",
				w.ToldDue.String(), span(now.Sub(w.ToldDueAt)), due)
		}
		return fmt.Sprintf("promised for %s — the customer has heard nothing for %s; send a delay notice", due, span(now.Sub(w.DueAt)))
	case data.LevelSlipped:
		return fmt.Sprintf("promised for %s — %s overdue; the customer was told", due, span(now.Sub(w.DueAt)))
	case data.LevelUntold:
		return fmt.Sprintf("new date %s not yet told to the customer, who still expects %s — tell them now", due, w.ToldDue.String())
	case data.LevelAtRisk:
		msg := fmt.Sprintf("promised for %s but the estimate is %s", due, w.Estimate.In(loc).Format("2006-01-02 15:04"))
		if !w.Informed {
			msg += "; tell the customer now"
		}
		return msg
	case data.LevelSoon:
		return fmt.Sprintf("due %s — in %s", due, span(w.DueAt.Sub(now)))
	case data.LevelNoNextStep:
		if w.Since.IsZero() {
			return "no open promise and never contacted — agree a next step"
		}
		return fmt.Sprintf("no open promise and no contact for %s — agree a next step", span(now.Sub(w.Since)))
	}
	return string(w.Level)
}

// eventSummary says in English what happened to a promise (its title is
// it.Summary), as the timeline prints it.
func eventSummary(it data.TimelineItem) string {
	if it.OfCustomer {
		return customerEventText(it)
	}
	title := it.Summary
	switch it.Event {
	case data.EventCreated:
		return "promised: " + title
	case data.EventRescheduled:
		told := map[data.Told]string{data.ToldNotYet: "customer not told yet", data.ToldCustomerAsked: "the customer asked",
			data.ToldCustomer: "customer told"}[it.Told]
		if told != "" {
			told = "; " + told
		}
		return fmt.Sprintf("rescheduled: %s (%s → %s%s): %s", title, humanDue(it.OldDueText), humanDue(it.NewDueText), told, it.Reason)
	case data.EventDone:
		if it.Reason != "" {
			return "kept: " + title + " — " + it.Reason
		}
		return "kept: " + title
	case data.EventCancelled:
		return "cancelled: " + title + " — " + it.Reason
	case data.EventInformed:
		return "customer told of delay: " + title
	case data.EventReassigned:
		return "handed over: " + title
	case data.EventEstimated:
		return "estimate changed: " + title
	}
	return it.Event + ": " + title
}

// humanDue formats a deadline (RFC 3339 or YYYY-MM-DD) in local time.
func humanDue(text string) string {
	if text == "" {
		return "—"
	}
	if t, err := time.Parse(time.RFC3339, text); err == nil {
		return t.Local().Format("2006-01-02 15:04")
	}
	return text
}

// customerEventText says in English what happened to the customer itself:
// "Bernd Baumann changed the phone from "0421 1" to "0421 2"".
func customerEventText(it data.TimelineItem) string {
	who := it.By
	switch it.Event {
	case data.CustomerCreated:
		if it.ImportID != 0 {
			return fmt.Sprintf("%s imported the customer (import %d)", who, it.ImportID)
		}
		return who + " added the customer"
	case data.CustomerChanged:
		field := fieldWord(it.Field)
		switch {
		case it.OldValue == "":
			return fmt.Sprintf("%s set the %s to %q", who, field, it.NewValue)
		case it.NewValue == "":
			return fmt.Sprintf("%s removed the %s (was %q)", who, field, it.OldValue)
		}
		return fmt.Sprintf("%s changed the %s from %q to %q", who, field, it.OldValue, it.NewValue)
	case data.CustomerHandedOver:
		if it.ByEmail == it.NewOwnerEmail {
			return fmt.Sprintf("%s took over the account from %s", who, it.OldOwner)
		}
		return fmt.Sprintf("%s handed the account from %s to %s", who, it.OldOwner, it.NewOwner)
	case data.CustomerArchived:
		if it.ImportID != 0 {
			return fmt.Sprintf("%s archived the customer, taking back import %d", who, it.ImportID)
		}
		return who + " archived the customer"
	case data.CustomerUnarchived:
		return who + " brought the customer back"
	}
	return who + ": " + it.Event
}

// fieldWord names a customer field in a sentence.
func fieldWord(field string) string {
	switch field {
	case "email":
		return "e-mail"
	}
	return field
}

// importProblemText says why a line of an import file was rejected. The
// field is a column of the file, not a flag, so it is named in words.
func importProblemText(err error) string {
	var ve *data.ValidationError
	if !errors.As(err, &ve) {
		return describe(err)
	}
	switch ve.Code {
	case data.CodeUnclosedQuote, data.CodeTooManyFields, data.CodeBadCard, data.CodeAmbiguous:
		return validationText(ve)
	case data.CodeDuplicate:
		if ve.Line > 0 {
			return fmt.Sprintf("duplicate: same e-mail as line %d", ve.Line)
		}
		return fmt.Sprintf("duplicate: %s is already customer #%d", ve.Value, ve.ID)
	case data.CodeRequired:
		switch ve.Field {
		case "name":
			return "no name and no company"
		case "owner":
			return "no owner: choose one for the import (--owner) or add a Betreuer/Owner column"
		case "customer":
			return "no customer (id or e-mail)"
		case "product":
			return "no product"
		}
	case data.CodeUnknown:
		switch ve.Field {
		case "owner":
			return fmt.Sprintf("owner %s is not a salesperson in Zusage", ve.Value)
		case "customer":
			return fmt.Sprintf("no active customer %s", ve.Value)
		}
	case data.CodeInvalid:
		switch ve.Field {
		case "date":
			return fmt.Sprintf("%q is not a valid date (YYYY-MM-DD or DD.MM.YYYY)", ve.Value)
		case "owner":
			return fmt.Sprintf("owner %q is not an e-mail address", ve.Value)
		}
	}
	return fieldWord(ve.Field) + ": " + validationText(ve)
}

// importFileText says why an import file was refused as a whole.
func importFileText(fe *data.ImportFileError) string {
	switch fe.Code {
	case data.ImportCannotRead:
		return fmt.Sprintf("cannot read the file (%v)", fe.Err)
	case data.ImportTooLarge:
		return fmt.Sprintf("the file is larger than %d MB; is it the right file?", fe.Max)
	case data.ImportEmpty:
		return "the file is empty"
	case data.ImportBadUTF16:
		return fmt.Sprintf("cannot read the UTF-16 file (%v)", fe.Err)
	case data.ImportBadHeader:
		return fmt.Sprintf("line %d: the header line has an unclosed quote, so no column can be told; nothing was imported", fe.Line)
	case data.ImportNoCustomerColumns:
		return fmt.Sprintf("the header line has no Name or Firma/Company column (found: %s)", strings.Join(fe.Found, ", "))
	case data.ImportNoPurchaseColumns:
		return fmt.Sprintf("the header line needs a Kunde/Customer (id or e-mail) or E-Mail column and a Produkt/Product column (found: %s)", strings.Join(fe.Found, ", "))
	case data.ImportNoCards:
		return "the file holds no vCard (no BEGIN:VCARD line)"
	}
	return string(fe.Code)
}
