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
	switch {
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
	case errors.As(err, &ne):
		return lang.L("This file was written by a newer version of Zusage (schema {{.File}}; this version knows up to {{.Max}}).", map[string]any{"File": ne.FileVersion, "Max": ne.KnownMax}),
			lang.L("Update Zusage on this desktop, or choose another file. The file was not changed.")
	case errors.As(err, &re):
		todo := lang.L("Choose another file. The file was not changed.")
		if re.Hint != "" {
			todo = re.Hint + ". " + todo
		}
		return lang.L("Zusage cannot use this file: {{.Reason}}.", map[string]any{"Reason": re.Reason}), todo
	case errors.As(err, &ve):
		return translateValidation(ve), lang.L("Correct the input and try again.")
	}
	return err.Error(), lang.L("Try again. If it keeps happening, check that the office share is reachable.")
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
	msg := widget.NewLabel(lang.L("File: {{.Path}}", map[string]any{"Path": path}) + "\n\n" + what + "\n\n" + todo)
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
	if _, serr := os.Stat(path); errors.Is(serr, os.ErrNotExist) && filepath.Dir(path) != "" {
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

// validationTexts translates the messages data returns for common fields.
var validationTexts = map[string]string{
	"say what was promised":                            "Say what was promised",
	"a due date is required":                           "A due date is required",
	"a new due date is required":                       "A new due date is required",
	"say why the promise moves":                        "Say why the promise moves",
	"say why the promise is cancelled":                 "Say why the promise is cancelled",
	"say in a few words what was said":                 "Say in a few words what was said",
	"a name is required":                               "A name is required",
	"a full name is required":                          "A full name is required",
	"an e-mail address is required":                    "An e-mail address is required",
	"every customer needs an owner":                    "Every customer needs an owner",
	"a standing promise has no due date":               "A standing promise has no due date",
	"a contact cannot be logged in the future":         "A contact cannot be logged in the future",
	"a delay notice must name the promise it is about": "A delay notice must name the promise it is about",
	"a new due date goes with a delay notice":          "A new due date goes with a delay notice",
	"must be at least 1 day":                           "Must be at least 1 day",
	"must be between 0 and 500":                        "Must be between 0 and 500",
	"must be between 0 and 60":                         "Must be between 0 and 60",
}

// translateValidation says a validation error in the user's language.
func translateValidation(ve *data.ValidationError) string {
	if k, ok := validationTexts[ve.Msg]; ok {
		return lang.L(k)
	}
	switch {
	case strings.Contains(ve.Msg, "is not a valid e-mail address"):
		return lang.L("This is not a valid e-mail address")
	case strings.Contains(ve.Msg, "already exists"):
		return lang.L("A salesperson with this e-mail already exists")
	case strings.Contains(ve.Msg, "is already"):
		return lang.L("This promise is no longer open")
	}
	return ve.Msg
}
