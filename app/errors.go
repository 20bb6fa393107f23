package app

import (
	"errors"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/zusage/zusage/data"
)

// describeError turns a Store error into what happened and what to do.
func describeError(err error) (what, todo string) {
	var ve *data.ValidationError
	var re *data.RefusedError
	var ne *data.NewerSchemaError
	var fe *data.FileError
	var me *data.MissingToolError
	switch {
	case errors.As(err, &me):
		return lang.L("{{.Tool}} is not installed on this computer.", map[string]any{"Tool": me.Tool}),
			lang.L("Install PostgreSQL's client tools, or make the backup on the server.")
	case errors.Is(err, data.ErrConflict):
		return lang.L("Someone else changed this record since you opened it."), lang.L("Reload it and make your change again.")
	case errors.Is(err, data.ErrBusy):
		return lang.L("The database is busy — another desktop is writing to it."), lang.L("Wait a moment and try again. Your input is kept.")
	case errors.Is(err, data.ErrReadOnly):
		return lang.L("The database is read-only; changes cannot be saved."), lang.L("Ask whoever manages the office share for write access, or choose another file in Settings.")
	case errors.Is(err, data.ErrFileGone):
		return lang.L("The database file was replaced, renamed or deleted since this desktop opened it. Nothing was saved."),
			lang.L("Open the file at this path again (the button at the top), then make the change there.")
	case errors.Is(err, data.ErrNotFound):
		return lang.L("The record no longer exists."), lang.L("Someone may have archived it. The views are reloaded.")
	case errors.Is(err, data.ErrDamaged):
		return lang.L("The database file is damaged."), lang.L("Restore the latest backup from the backups folder beside the file (README: Shared database, backups and restoring).")
	case errors.Is(err, data.ErrDiskFull):
		return lang.L("The disk that holds the database is full; nothing was saved."), lang.L("Free some space on it and try again. Your input is kept.")
	case errors.Is(err, data.ErrUnreachable):
		return lang.L("The database cannot be reached; nothing was saved."), lang.L("Check that the office share is connected or the database server is reachable, then try again. Your input is kept.")
	case errors.As(err, &ne):
		return lang.L("This file was written by a newer version of Zusage (schema {{.File}}; this version knows up to {{.Max}}).", map[string]any{"File": ne.FileVersion, "Max": ne.KnownMax}),
			lang.L("Update Zusage on this desktop, or choose another file. The file was not changed.")
	case errors.As(err, &re):
		reason, hint := refusedWords(re)
		todo := lang.L("Choose another file. The file was not changed.")
		if hint != "" {
			todo = hint + " " + todo
		}
		return lang.L("Zusage cannot use this file: {{.Reason}}.", map[string]any{"Reason": reason}), todo
	case errors.As(err, &ve):
		return translateValidation(ve), lang.L("Correct the input and try again.")
	case errors.As(err, &fe):
		return lang.L("The system refused to write {{.Path}}.", map[string]any{"Path": fe.Path}),
			lang.L("Check that the folder exists and you may write to it, and that the disk is not full. Nothing was kept.")
	}
	return err.Error(), lang.L("Try again. If it keeps happening, check that the office share is reachable.")
}

// refusedWords says why a file was refused and what to do about it.
func refusedWords(re *data.RefusedError) (reason, hint string) {
	restore := lang.L("Restore the latest backup from the backups folder beside the file.")
	share := lang.L("Check that the office share is connected and that you may open the file.")
	if data.IsServer(re.Path) {
		server := lang.L("Check the server, database and user in Settings.")
		switch re.Code {
		case data.RefusedMissing:
			return lang.L("the database on the server holds no Zusage data yet"), lang.L("Move the team's file there first (zusage move), or check the database name.")
		case data.RefusedExists:
			return lang.L("the database on the server already holds a Zusage team"), ""
		case data.RefusedForeignApp:
			return lang.L("the database on the server holds tables of another program"), server
		case data.RefusedCannotOpen, data.RefusedCannotRead:
			return lang.L("the database server cannot be reached"), server
		case data.RefusedNeedsWrite:
			return lang.L("the server does not let Zusage change this database"), lang.L("Ask the administrator to grant the role access.")
		}
	}
	switch re.Code {
	case data.RefusedMissing:
		return lang.L("there is no database file here"), share
	case data.RefusedExists:
		return lang.L("a file with this name already exists and is never overwritten"), lang.L("Choose a new name.")
	case data.RefusedFolder:
		return lang.L("this is a folder, not a database file"), lang.L("Choose a .zusage or .db file.")
	case data.RefusedCannotRead, data.RefusedCannotOpen:
		return lang.L("the file cannot be read"), share
	case data.RefusedEmpty:
		return lang.L("the file is empty"), restore
	case data.RefusedNotSQLite:
		return lang.L("this is not a Zusage database"), restore
	case data.RefusedForeignApp:
		return lang.L("this database belongs to another program"), ""
	case data.RefusedDamaged, data.RefusedBadVersion:
		return lang.L("the file is damaged"), restore
	case data.RefusedTruncated:
		return lang.L("the file is incomplete ({{.Size}} of {{.Want}} bytes), probably copied only in part", map[string]any{"Size": re.Size, "Want": re.Want}), restore
	case data.RefusedWAL, data.RefusedWALStuck:
		return lang.L("another program switched the file to a mode that is unsafe on a network share"),
			lang.L("Close the other program, then open the file once from a desktop with write access, which switches it back.")
	case data.RefusedOldReadOnly, data.RefusedNeedsWrite:
		return lang.L("the file needs an upgrade or a recovery, but this desktop may not write to it"),
			lang.L("Open it once from a desktop with write access.")
	case data.RefusedHasCustomers:
		return lang.L("demo data goes only into a new, empty file"), ""
	case data.RefusedIncomplete:
		return lang.L("a move into this database was interrupted and did not complete"), lang.L("Run zusage move again.")
	case data.RefusedLogin:
		return lang.L("the database server did not accept the user or the password"), lang.L("Check the user in Settings and the password.")
	case data.RefusedEncoding:
		return lang.L("the database on the server is not UTF-8"), lang.L("Ask the administrator to create it with ENCODING 'UTF8'.")
	}
	return string(re.Code), ""
}

// showError shows what happened and what to do, without touching any form.
func (u *ui) showError(err error) {
	what, todo := describeError(err)
	l := widget.NewLabel(what + "\n\n" + todo)
	l.Wrapping = fyne.TextWrapWord
	d := newInfoDialog(u, lang.L("Could not complete this"), container.NewGridWrap(fyne.NewSize(420, 140), l))
	d.show()
	if errors.Is(err, data.ErrNotFound) {
		u.changed()
	}
}

// saveFailed shows err after a save: next to the field for a validation
// error, as a dialog otherwise. The form stays open with its input.
func (u *ui) saveFailed(f *form, err error) {
	if f != nil && f.apply(err) {
		return
	}
	u.showError(err)
}

// showOpenError explains why a database file was refused and lets the user
// pick another one (or the local default) instead of crashing.
func (u *ui) showOpenError(path string, err error, retry func(string)) {
	what, todo := describeError(err)
	where := lang.L("File: {{.Path}}", map[string]any{"Path": path})
	if data.IsServer(path) {
		where = lang.L("Server: {{.Path}}", map[string]any{"Path": data.ServerAddress(path)})
	}
	msg := widget.NewLabel(where + "\n\n" + what + "\n\n" + todo)
	msg.Wrapping = fyne.TextWrapWord
	var d *formDialog
	choose := widget.NewButton(lang.L("Choose another file…"), func() {
		d.close()
		u.chooseDBFile(func(p string) { retry(p) }, func() { u.showOpenError(path, err, retry) })
	})
	local := widget.NewButton(lang.L("Use the local database"), func() {
		d.close()
		newFiles.Store(u.defaultDBPath(), true)
		retry(u.defaultDBPath())
	})
	quit := widget.NewButton(lang.L("Quit"), func() { u.app.Quit() })
	d = newInfoDialog(u, lang.L("This database cannot be opened"), container.NewGridWrap(fyne.NewSize(520, 200), msg))
	buttons := []*widget.Button{quit, local, choose}
	var re *data.RefusedError
	missingOnServer := data.IsServer(path) && errors.As(err, &re) && re.Code == data.RefusedMissing
	if data.IsServer(path) {
		server := widget.NewButton(lang.L("Team server (PostgreSQL)…"), func() {
			d.close()
			u.showServerDialog()
		})
		buttons = []*widget.Button{quit, local, server, choose}
	}
	if _, serr := os.Stat(path); missingOnServer || !data.IsServer(path) && errors.Is(serr, os.ErrNotExist) && filepath.Dir(path) != "" {
		// A missing file is only created when the user says so, so that a
		// path on an unmounted share never silently becomes an empty database.
		create := widget.NewButton(lang.L("Create a new database here"), func() {
			d.close()
			newFiles.Store(path, true)
			retry(path)
		})
		buttons = []*widget.Button{quit, local, create, choose}
	}
	d.setButtons(buttons...)
	u.lastOpenError = d
	choose.Importance = widget.HighImportance
	d.show()
}

// chooseDBFile opens a file picker for a database file.
func (u *ui) chooseDBFile(picked func(string), cancelled func()) {
	fd := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			if cancelled != nil {
				cancelled()
			}
			return
		}
		p := r.URI().Path()
		r.Close()
		picked(p)
	}, u.win)
	fd.SetFilter(storage.NewExtensionFileFilter([]string{".db", ".zusage", ".sqlite"}))
	fd.Resize(fyne.NewSize(800, 560))
	fd.Show()
}

// emailProblem asks the Store's rule (data.NormalizeEmail) about an e-mail
// address as the user types, and says what is wrong with it; "" when fine.
func emailProblem(e string, required bool) string {
	var ve *data.ValidationError
	if _, err := data.NormalizeEmail("email", e, required); errors.As(err, &ve) {
		return translateValidation(ve)
	}
	return ""
}

// fieldName is the name of a form field or a record, for messages that
// need one.
func fieldName(field string) string {
	switch field {
	case "customer":
		return lang.L("The customer")
	case "about", "commitment":
		return lang.L("The promise")
	case "by", "owner", "hand_to":
		return lang.L("The salesperson")
	case "product":
		return lang.L("The product")
	}
	return lang.L("The value")
}

// translateValidation says in the user's language why the Store refused a
// value; data says only which field and why (a code and its facts).
func translateValidation(ve *data.ValidationError) string {
	if msg, ok := templateValidation(ve); ok {
		return msg
	}
	switch ve.Code {
	case data.CodeRequired:
		switch ve.Field {
		case "title":
			return lang.L("Say what was promised")
		case "summary":
			return lang.L("Say in a few words what was said")
		case "reason":
			return lang.L("A reason is required: say why")
		case "due", "new_due":
			return lang.L("A due date is required")
		case "owner":
			return lang.L("Every customer needs an owner")
		case "name":
			return lang.L("A name is required")
		case "email":
			return lang.L("An e-mail address is required")
		case "about":
			return lang.L("A delay notice must name the promise it is about")
		}
		return lang.L("This is required")
	case data.CodeInvalid:
		switch ve.Field {
		case "email", "owner":
			return lang.L("This is not a valid e-mail address")
		case "due", "new_due", "estimate", "at":
			return lang.L("This is not a valid date")
		}
		return lang.L("This value is not valid")
	case data.CodeUnknown:
		return lang.L("{{.What}} does not exist (any more)", map[string]any{"What": fieldName(ve.Field)})
	case data.CodeArchived:
		return lang.L("This customer is archived")
	case data.CodeLeftTeam:
		return lang.L("This salesperson has left the team; hand the work to someone on the team")
	case data.CodeDuplicate:
		if ve.Field == "email" {
			return lang.L("A salesperson with this e-mail already exists")
		}
		return lang.L("This name exists already")
	case data.CodeInPast:
		return lang.L("This moment has already passed — choose a later one")
	case data.CodeInFuture:
		return lang.L("A contact cannot be logged in the future")
	case data.CodeTooEarly:
		return lang.L("Zusage takes dates from {{.Date}} on — is the year right?", map[string]any{"Date": fmtDay(ve.Limit, ve.Limit)})
	case data.CodeTooLate:
		return lang.L("More than {{.N}} years ahead — is the year right?", map[string]any{"N": data.MaxYearsAhead})
	case data.CodeOutOfRange:
		return lang.L("Must be between {{.Min}} and {{.Max}}", map[string]any{"Min": ve.Min, "Max": ve.Max})
	case data.CodeNotOpen:
		return lang.L("This promise is no longer open")
	case data.CodeNotAllowed:
		if ve.Field == "new_due" {
			return lang.L("A new due date goes with a delay notice")
		}
		if ve.Field == "event" {
			return lang.L("Only the previous owner can clear this from their list")
		}
		return lang.L("A standing promise has no due date")
	case data.CodeMismatch:
		return lang.L("This promise belongs to another customer")
	case data.CodeUnchanged:
		if ve.Field == "hand_to" {
			return lang.L("Choose someone else to take over")
		}
		return lang.L("The promise already belongs to this salesperson")
	case data.CodeHasOpenWork:
		return lang.L("This salesperson still has customers or open promises; choose who takes them over")
	case data.CodeLookalike:
		return lang.L("This address mixes alphabets in its domain, like a look-alike of another address — check the letters")
	case data.CodeNonASCIILocal:
		return lang.L("Letters beyond a–z before the @ are not accepted by every mail program and calendar; umlauts are fine after the @")
	case data.CodeBackwards:
		if ve.Value != "" {
			return lang.L("The range {{.Range}} runs backwards", map[string]any{"Range": ve.Value})
		}
		return lang.L("The range ends before it starts")
	case data.CodeNobody:
		return lang.L("No active customer bought this; nobody to inform")
	case data.CodeTooLong:
		if ve.Count == 0 {
			return lang.L("At most {{.Max}} characters", map[string]any{"Max": ve.Max})
		}
		return lang.L("Too long: {{.N}} characters, at most {{.Max}} fit here", map[string]any{"N": ve.Count, "Max": ve.Max})
	case data.CodeNotUTF8:
		return lang.L("This text has characters that are not readable text (it came in another encoding)")
	case data.CodeUndone:
		return lang.L("This import was already taken back")
	case data.CodeUnclosedQuote:
		return lang.L("A quote opens a cell and is never closed; the lines after it are read on their own")
	case data.CodeTooManyFields:
		return lang.L("{{.N}} cells instead of {{.Max}} — a separator “{{.Sep}}” in a value without quotes?", map[string]any{"N": ve.Count, "Max": ve.Max, "Sep": ve.Value})
	case data.CodeBadCard:
		if ve.Value == "" {
			return lang.L("This card has no END:VCARD")
		}
		return lang.L("This card cannot be read ({{.Why}})", map[string]any{"Why": ve.Value})
	case data.CodeAmbiguous:
		return lang.L("{{.N}} customers have this e-mail; give the customer number", map[string]any{"N": ve.Count})
	case data.CodeWrongKind:
		if ve.Value == data.KindCallback || ve.Value == data.KindVisit {
			return lang.L("This promise was not made by a product notice")
		}
		return lang.L("A callback confirmation is for a callback or a visit; a notice e-mail for a promise made by a product notice")
	case data.CodeNoEmail:
		return lang.L("The customer has no valid e-mail address to send an invite to; add one in the customer's details")
	case data.CodeNotHandedOver:
		return lang.L("This promise was never handed over; nobody else's calendar holds it")
	}
	return lang.L("This value is not valid")
}

// importProblemWords says why a line of an import file cannot be imported
// ("" for a good line): the words of its code, for import rows in the
// terms of the file (a column, a line) rather than of a form.
func importProblemWords(err error) string {
	if err == nil {
		return ""
	}
	var ve *data.ValidationError
	if !errors.As(err, &ve) {
		what, _ := describeError(err)
		return what
	}
	m := map[string]any{"V": ve.Value, "Line": ve.Line, "ID": ve.ID}
	switch ve.Code {
	case data.CodeUnclosedQuote, data.CodeTooManyFields, data.CodeBadCard, data.CodeAmbiguous:
		return translateValidation(ve)
	case data.CodeDuplicate:
		if ve.Line > 0 {
			return lang.L("Duplicate: the same e-mail as line {{.Line}}", m)
		}
		return lang.L("Duplicate: {{.V}} is already customer {{.ID}}", m)
	case data.CodeRequired:
		switch ve.Field {
		case "name":
			return lang.L("No name and no company")
		case "owner":
			return lang.L("No owner: choose one above, or add a Betreuer/Owner column")
		case "customer":
			return lang.L("No customer (number or e-mail)")
		case "product":
			return lang.L("No product")
		}
	case data.CodeUnknown:
		switch ve.Field {
		case "owner":
			return lang.L("{{.V}} is not a salesperson in Zusage", m)
		case "customer":
			return lang.L("No active customer {{.V}}", m)
		case "product":
			return lang.L("There is no product named {{.V}} (add it first)", m)
		}
	case data.CodeInvalid:
		switch ve.Field {
		case "date":
			return lang.L("{{.V}} is not a date (YYYY-MM-DD or DD.MM.YYYY)", m)
		case "email", "owner":
			return lang.L("{{.V}} is not a valid e-mail address", m)
		}
	}
	return fieldLabel(ve.Field) + ": " + translateValidation(ve)
}

// repairWords names the fields in which bytes that were not UTF-8 became
// "�"; "" when there are none.
func repairWords(fields []string) string {
	if len(fields) == 0 {
		return ""
	}
	var names []string
	for _, f := range fields {
		names = append(names, fieldLabel(f))
	}
	return lang.L("characters that were not readable in {{.Fields}} are shown as �", map[string]any{"Fields": strings.Join(names, ", ")})
}

// importFileWords says why an import file cannot be read at all.
func importFileWords(err error) string {
	var fe *data.ImportFileError
	if !errors.As(err, &fe) {
		what, _ := describeError(err)
		return what
	}
	m := map[string]any{"Line": fe.Line, "Max": fe.Max, "Found": strings.Join(fe.Found, ", ")}
	switch fe.Code {
	case data.ImportCannotRead:
		return lang.L("the file cannot be read")
	case data.ImportTooLarge:
		return lang.L("the file is larger than {{.Max}} MB; is it the right file?", m)
	case data.ImportEmpty:
		return lang.L("the file is empty")
	case data.ImportBadUTF16:
		return lang.L("the file says it is UTF-16 but cannot be read as such")
	case data.ImportBadHeader:
		return lang.L("the header line (line {{.Line}}) has a quote that is never closed, so no column can be told", m)
	case data.ImportNoCustomerColumns:
		return lang.L("the header line has no Name or Firma/Company column (found: {{.Found}})", m)
	case data.ImportNoPurchaseColumns:
		return lang.L("the header line needs a Kunde/Customer (number or e-mail) or E-Mail column and a Produkt/Product column (found: {{.Found}})", m)
	case data.ImportNoCards:
		return lang.L("the file holds no vCard (no BEGIN:VCARD line)")
	}
	return string(fe.Code)
}
