package app

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/zusage/zusage/data"
)

// promiseDialog records a new promise. With an internal estimate it shows
// the date to promise under the team's buffer policy (lesson 5).
type promiseDialog struct {
	u          *ui
	customerID uint
	set        data.TeamSettings
	kind       *selectOf
	title      *entry
	details    *entry
	due        *dueInput
	estimate   *entry
	suggestion *widget.Label
	useSuggest *widget.Button
	suggestBox *fyne.Container
	suggested  time.Time
	dueField   *field
	form       *form
	fd         *formDialog
	// owner is who is responsible (the customer's owner unless chosen).
	owner *widget.Select
	users []data.User
}

// nextStep prefills a new promise: the kind and the owner of the one just
// kept ("Done & next step").
type nextStep struct {
	kind  string
	owner uint
}

// showPromiseDialog opens the new-promise dialog for a customer.
func (u *ui) showPromiseDialog(customerID uint) { u.showNextStep(customerID, nextStep{}) }

// showNextStep opens the new-promise dialog prefilled with next's kind and
// owner (zero values: a callback, owned by the customer's owner).
func (u *ui) showNextStep(customerID uint, next nextStep) {
	st := u.store
	u.do(func() func() {
		set, err := st.Settings()
		cu, cerr := st.Customer(customerID)
		users, uerr := st.Users()
		return func() {
			for _, e := range []error{cerr, uerr} {
				if err == nil {
					err = e
				}
			}
			if err != nil {
				u.showError(err)
				return
			}
			d := u.promiseDialog(cu, set)
			d.setOwners(users, cu.OwnerID)
			if next.kind != "" && next.kind != data.KindStanding {
				d.kind.setValue(next.kind)
			}
			if next.owner != 0 {
				d.setOwners(users, next.owner)
			}
		}
	})
}

// setOwners offers the team as the responsible person, with sel chosen.
func (d *promiseDialog) setOwners(users []data.User, sel uint) {
	d.users = users
	names := make([]string, len(users))
	for i, x := range users {
		names[i] = x.Name
	}
	d.owner.Options = names
	d.owner.ClearSelected()
	for i, x := range users {
		if x.ID == sel {
			d.owner.SetSelectedIndex(i)
		}
	}
	d.owner.Refresh()
}

// ownerID is the chosen owner, 0 for the customer's.
func (d *promiseDialog) ownerID() uint {
	if i := d.owner.SelectedIndex(); i >= 0 && i < len(d.users) {
		return d.users[i].ID
	}
	return 0
}

func (u *ui) promiseDialog(cu data.Customer, set data.TeamSettings) *promiseDialog {
	d := &promiseDialog{u: u, customerID: cu.ID, set: set}
	d.owner = widget.NewSelect(nil, nil)
	d.kind = newSelectOf(data.Kinds, kindLabel, func(string) { d.kindChanged() })
	d.title = newEntry(lang.L("e.g. call back about the price of the X200 pump"))
	d.details = newMultiEntry("")
	d.due = newDueInput(data.Due{}, func() {})
	d.estimate = newEntry(lang.L("{{.Format}} — optional: when you expect it done", map[string]any{"Format": datePlaceholder()}))
	withCalendar(d.estimate, u.now)
	d.suggestion = widget.NewLabel("")
	d.suggestion.Wrapping = fyne.TextWrapWord
	d.suggestion.Importance = widget.HighImportance
	d.useSuggest = widget.NewButton(lang.L("Use this date"), func() {
		d.due.date.SetText(fmtDateInput(d.suggested))
		d.due.allDay.SetChecked(true)
	})
	d.useSuggest.Hide()
	fKind := newField(lang.L("Kind"), d.kind.Select, "kind")
	fTitle := newField(lang.L("What was promised"), d.title, "title")
	d.dueField = newField(lang.L("Due"), d.due.box, "due")
	d.suggestBox = container.NewVBox(d.suggestion, container.NewHBox(d.useSuggest))
	d.suggestBox.Hide()
	fEst := newField(lang.L("Internal estimate"), container.NewVBox(d.estimate, d.suggestBox), "estimate")
	d.form = newForm(fKind, fTitle, d.dueField, fEst, newField(lang.L("Details"), d.details, "details"),
		newField(lang.L("Responsible"), d.owner, "owner"))
	d.title.OnChanged = func(string) { fTitle.touched = true; d.validate() }
	d.due.date.OnChanged = func(string) { d.dueField.touched = true; d.validate() }
	d.due.clock.OnChanged = func(string) { d.dueField.touched = true; d.validate() }
	d.due.allDay.OnChanged = func(on bool) {
		if on {
			d.due.clock.Disable()
		} else {
			d.due.clock.Enable()
		}
		d.validate()
	}
	d.estimate.OnChanged = func(string) { fEst.touched = true; d.validate() }
	hint := widget.NewLabel(lang.L("For {{.Customer}}. Promise with a buffer: tell the customer a date you can keep, and keep your own estimate internal.", map[string]any{"Customer": cu.Name}))
	hint.Wrapping = fyne.TextWrapWord
	d.fd = newFormDialog(u, lang.L("New promise"), lang.L("Save promise"), container.NewVBox(hint, d.form.box), d.submit)
	d.fd.wire(d.title, d.due.date, d.due.clock, d.estimate, d.details)
	d.kind.setValue(data.KindCallback)
	d.fd.fit(620)
	d.validate()
	d.fd.show()
	u.win.Canvas().Focus(d.title)
	u.lastPromise = d
	return d
}

func (d *promiseDialog) kindChanged() {
	if d.form == nil {
		return
	}
	if d.kind.value() == data.KindStanding {
		d.due.box.Hide()
		d.estimate.Disable()
	} else {
		d.due.box.Show()
		d.estimate.Enable()
	}
	if d.kind.value() == data.KindDelivery || d.kind.value() == data.KindDocument {
		d.due.allDay.SetChecked(true)
	}
	d.validate()
}

// validate checks the input as it is typed and updates the suggestion.
func (d *promiseDialog) validate() bool {
	if d.form == nil || d.fd == nil {
		return false
	}
	ok := true
	now := d.u.now()
	loc := d.u.store.Loc
	show := func(key, msg string) {
		f := d.form.byKey(key)
		if msg != "" {
			ok = false
		}
		if f.touched || msg == "" {
			f.set(msg)
		}
	}
	d.form.clearGeneral()
	if d.kind.value() == "" {
		show("kind", lang.L("Choose what kind of promise this is"))
	} else {
		show("kind", "")
	}
	if strings.TrimSpace(d.title.Text) == "" {
		show("title", lang.L("Say what was promised"))
	} else {
		show("title", "")
	}
	standing := d.kind.value() == data.KindStanding
	// The estimate and its buffer suggestion.
	d.suggestion.SetText("")
	d.useSuggest.Hide()
	d.suggestBox.Hide()
	if est := strings.TrimSpace(d.estimate.Text); est != "" && !standing {
		y, m, day, err := parseDateInput(est)
		if err != nil {
			show("estimate", err.Error())
		} else {
			show("estimate", "")
			e := time.Date(y, m, day, 17, 0, 0, 0, loc)
			d.suggested = data.SuggestPromise(now, e, d.set.BufferPercent, d.set.BufferMinWorkdays)
			d.suggestion.SetText(lang.L("Promise by {{.Date}} ({{.Pct}} % buffer on your estimate, at least {{.Days}} working day(s) later)",
				map[string]any{"Date": fmtDay(d.suggested, now), "Pct": d.set.BufferPercent, "Days": d.set.BufferMinWorkdays}))
			d.useSuggest.Show()
			d.suggestBox.Show()
		}
	} else {
		show("estimate", "")
	}
	if standing {
		show("due", "")
	} else {
		if strings.TrimSpace(d.due.date.Text) == "" {
			show("due", lang.L("A due date is required"))
		} else {
			_, msg := d.due.deadline(loc, now)
			show("due", msg)
		}
	}
	d.fd.setValid(ok)
	return ok
}

func (d *promiseDialog) submit() {
	for _, f := range d.form.fields {
		f.touched = true
	}
	if !d.validate() {
		return
	}
	loc := d.u.store.Loc
	n := data.NewCommitment{CustomerID: d.customerID, ByID: d.u.me.ID, Kind: d.kind.value(),
		Title: d.title.Text, Details: d.details.Text, OwnerID: d.ownerID()}
	if n.Kind != data.KindStanding {
		n.Due, _, _ = d.due.value(loc)
		if est := strings.TrimSpace(d.estimate.Text); est != "" {
			y, m, day, _ := parseDateInput(est)
			n.Estimate = data.DayDue(y, m, day, loc)
		}
	}
	st := d.u.store
	d.fd.runAndClose(d.form, func() error {
		_, err := st.Promise(n)
		return err
	}, nil)
}
