package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/zusage/zusage/data"
)

// editContactDialog corrects the text of a journal entry. The Store keeps
// the earlier text as a revision, so nothing said is silently lost
// (lesson 2).
type editContactDialog struct {
	u       *ui
	c       data.Contact
	summary *entry
	notes   *entry
	form    *form
	fd      *formDialog
}

// showEditContactDialog loads the entry and opens the dialog.
func (u *ui) showEditContactDialog(id uint) {
	st := u.store
	u.do(func() func() {
		c, err := st.Contact(id)
		return func() {
			if err != nil {
				u.showError(err)
				return
			}
			u.editContactDialog(c)
		}
	})
}

func (u *ui) editContactDialog(c data.Contact) *editContactDialog {
	d := &editContactDialog{u: u, c: c}
	d.summary = newEntry("")
	d.summary.SetText(c.Summary)
	d.notes = newMultiEntry("")
	d.notes.SetText(c.Notes)
	fSummary := newField(lang.L("Summary"), d.summary, "summary")
	d.form = newForm(fSummary, newField(lang.L("Notes"), d.notes, "notes"))
	d.summary.OnChanged = func(string) { fSummary.touched = true; d.validate() }
	hint := widget.NewLabel(lang.L("The earlier text is kept as a revision."))
	hint.Wrapping = fyne.TextWrapWord
	d.fd = newFormDialog(u, lang.L("Correct contact"), lang.L("Save"), container.NewVBox(hint, d.form.box), d.submit)
	d.fd.wire(d.summary, d.notes)
	d.fd.fit(560)
	d.validate()
	d.fd.show()
	u.win.Canvas().Focus(d.summary)
	u.lastEditContact = d
	return d
}

func (d *editContactDialog) validate() bool {
	if d.form == nil || d.fd == nil {
		return false
	}
	f := d.form.byKey("summary")
	msg := ""
	if strings.TrimSpace(d.summary.Text) == "" {
		msg = lang.L("Say in a few words what was said")
	}
	if f.touched || msg == "" {
		f.set(msg)
	}
	d.form.clearGeneral()
	d.fd.setValid(msg == "")
	return msg == ""
}

func (d *editContactDialog) submit() {
	d.form.byKey("summary").touched = true
	if !d.validate() {
		return
	}
	d.save(d.c.Version)
}

// save writes the correction expecting version; a conflict shows what the
// other person wrote and lets the user put theirs on top.
func (d *editContactDialog) save(version int) {
	st, me := d.u.store, d.u.me.ID
	summary, notes := d.summary.Text, d.notes.Text
	d.fd.runAndClose(d.form, func() error {
		_, err := st.EditContact(d.c.ID, version, me, summary, notes)
		return err
	}, func() { d.conflict(summary, notes) })
}

func (d *editContactDialog) conflict(summary, notes string) {
	st := d.u.store
	d.u.do(func() func() {
		cur, err := st.Contact(d.c.ID)
		return func() {
			if err != nil {
				d.u.showError(err)
				return
			}
			var rows []conflictRow
			if cur.Summary != d.c.Summary {
				rows = append(rows, conflictRow{lang.L("Summary"), cur.Summary, summary})
			}
			if cur.Notes != d.c.Notes {
				rows = append(rows, conflictRow{lang.L("Notes"), cur.Notes, notes})
			}
			d.u.showConflict(rows, func() {
				d.fd.close()
				d.u.changed()
			}, func() {
				d.c = cur
				d.save(cur.Version)
			})
		}
	})
}
