package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/zusage/zusage/data"
)

// conflictRow is one field that differs: what the other person saved and
// what this user wanted.
type conflictRow struct {
	field, theirs, yours string
}

// conflictDialog shows what someone else changed and lets the user reload
// or apply their own change on top — never a silent overwrite.
type conflictDialog struct {
	fd     *formDialog
	rows   []conflictRow
	reload *widget.Button
	apply  *widget.Button
}

func (u *ui) showConflict(rows []conflictRow, onReload, onApply func()) *conflictDialog {
	cd := &conflictDialog{rows: rows}
	grid := container.NewGridWithColumns(3,
		bold(lang.L("Field")), bold(lang.L("Saved by someone else")), bold(lang.L("Your change")))
	for _, r := range rows {
		// Notes can have 20,000 characters; the beginning shows what differs.
		t := widget.NewLabel(clip(r.theirs, 500))
		t.Wrapping = fyne.TextWrapWord
		y := widget.NewLabel(clip(r.yours, 500))
		y.Wrapping = fyne.TextWrapWord
		grid.Add(widget.NewLabel(r.field))
		grid.Add(t)
		grid.Add(y)
	}
	if len(rows) == 0 {
		grid.Add(widget.NewLabel(lang.L("(only the version changed)")))
	}
	intro := widget.NewLabel(lang.L("Someone else saved this record while you were editing it. Nothing was overwritten. Choose what to keep:"))
	intro.Wrapping = fyne.TextWrapWord
	cd.fd = newInfoDialog(u, lang.L("Changed by someone else"), container.NewVBox(intro, grid))
	cd.reload = widget.NewButton(lang.L("Reload"), func() { cd.fd.close(); onReload() })
	cd.apply = widget.NewButton(lang.L("Apply my change on top"), func() { cd.fd.close(); onApply() })
	cd.apply.Importance = widget.HighImportance
	if u.readOnly() {
		cd.apply.Disable()
	}
	cd.fd.d.SetButtons([]fyne.CanvasObject{cd.reload, cd.apply})
	cd.fd.fit(640)
	cd.fd.show()
	u.lastConflict = cd
	return cd
}

func bold(s string) *widget.Label {
	return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// customerConflict handles ErrConflict when saving an edited customer.
func (u *ui) customerConflict(d *customerDialog, mine data.Customer) {
	st := u.store
	u.do(func() func() {
		theirs, err := st.Customer(d.orig.ID)
		return func() {
			if err != nil {
				u.showError(err)
				return
			}
			orig := customerFields(*d.orig, d.users)
			th := customerFields(theirs, d.users)
			my := customerFields(mine, d.users)
			var rows []conflictRow
			for i := range orig {
				if orig[i][1] != th[i][1] {
					rows = append(rows, conflictRow{orig[i][0], th[i][1], my[i][1]})
				}
			}
			u.showConflict(rows, func() {
				d.fd.close()
				u.changed()
			}, func() {
				// Only the fields this user changed go on top of theirs.
				merged := theirs
				o := *d.orig
				for _, name := range data.CustomerFields() {
					m, _ := data.CustomerField(&mine, name)
					was, _ := data.CustomerField(&o, name)
					if *m != *was {
						p, _ := data.CustomerField(&merged, name)
						*p = *m
					}
				}
				if mine.OwnerID != o.OwnerID {
					merged.OwnerID = mine.OwnerID
				}
				if mine.Language != o.Language {
					merged.Language = mine.Language
				}
				d.orig = &theirs
				d.fd.run(func() error {
					_, err := st.UpdateCustomer(merged, u.me.ID)
					return err
				}, func(err error) {
					if err != nil {
						u.saveFailed(d.form, err)
						return
					}
					d.fd.close()
					u.changed()
				})
			})
		}
	})
}

// promiseConflict handles ErrConflict on a change to a promise: it shows
// what differs between the version the user saw and the saved one, and
// retries with the new version on "Apply my change on top".
func (u *ui) promiseConflict(seen data.Commitment, yours string, fd *formDialog, retry func(version int)) {
	st := u.store
	u.do(func() func() {
		cur, err := st.Commitment(seen.ID)
		users, uerr := st.Users()
		return func() {
			if err == nil {
				err = uerr
			}
			if err != nil {
				u.showError(err)
				return
			}
			now := u.now()
			name := func(id uint) string {
				for _, x := range users {
					if x.ID == id {
						return x.Name
					}
				}
				return ""
			}
			var rows []conflictRow
			add := func(field, a, b string) {
				if a != b {
					rows = append(rows, conflictRow{field, b, yours})
				}
			}
			add(lang.L("Due"), fmtDue(data.DueOf(seen, u.store.Loc), now), fmtDue(data.DueOf(cur, u.store.Loc), now))
			add(lang.L("Status"), statusLabel(seen.Status), statusLabel(cur.Status))
			add(lang.L("Title"), seen.Title, cur.Title)
			add(lang.L("Responsible"), name(seen.OwnerID), name(cur.OwnerID))
			if !seen.EstimateAt.Equal(cur.EstimateAt.Time) {
				add(lang.L("Internal estimate"), fmtEstimate(seen.EstimateAt.Time, now), fmtEstimate(cur.EstimateAt.Time, now))
			}
			if !seen.ToldAt.Equal(cur.ToldAt.Time) {
				rows = append(rows, conflictRow{lang.L("Delay notice"), lang.L("the customer was told about a delay"), yours})
			}
			u.showConflict(rows, func() {
				fd.close()
				u.changed()
			}, func() { retry(cur.Version) })
		}
	})
}

// statusLabel is the translated status of a promise.
func statusLabel(s string) string {
	switch s {
	case data.StatusDone:
		return lang.L("kept")
	case data.StatusCancelled:
		return lang.L("cancelled")
	}
	return lang.L("open")
}
