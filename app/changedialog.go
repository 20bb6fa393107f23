package app

import (
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/zusage/zusage/data"
)

// dueInput is a deadline typed as a date, a time and an all-day switch.
type dueInput struct {
	date   *entry
	clock  *entry
	allDay *widget.Check
	box    fyne.CanvasObject
}

func newDueInput(d data.Due, changed func()) *dueInput {
	in := &dueInput{date: newEntry(datePlaceholder()), clock: newEntry(lang.L("HH:MM"))}
	withCalendar(in.date, time.Now)
	in.allDay = widget.NewCheck(lang.L("All day"), nil)
	if !d.IsZero() {
		in.date.SetText(fmtDateInput(d.At))
		if d.AllDay {
			in.allDay.Checked = true
			in.clock.Disable()
		} else {
			in.clock.SetText(d.At.Local().Format("15:04"))
		}
	}
	in.allDay.OnChanged = func(on bool) {
		if on {
			in.clock.Disable()
		} else {
			in.clock.Enable()
		}
		changed()
	}
	in.date.OnChanged = func(string) { changed() }
	in.clock.OnChanged = func(string) { changed() }
	in.box = container.NewBorder(nil, nil, nil, container.NewHBox(container.NewGridWrap(fyne.NewSize(90, in.clock.MinSize().Height), in.clock), in.allDay), in.date)
	return in
}

// value parses the input; the first error belongs to the date, the second
// to the time.
func (in *dueInput) value(loc *time.Location) (data.Due, error, error) {
	return dueFromInput(in.date.Text, in.clock.Text, in.allDay.Checked, loc)
}

// deadline parses the input and asks the Store's rule whether it may be
// promised at now; the message says what is wrong, "" when nothing is.
func (in *dueInput) deadline(loc *time.Location, now time.Time) (data.Due, string) {
	due, derr, terr := in.value(loc)
	switch {
	case derr != nil:
		return due, derr.Error()
	case terr != nil:
		return due, terr.Error()
	}
	if err := checkFuture(due, now); err != nil {
		return due, err.Error()
	}
	return due, ""
}

// checkFuture asks the Store's rule whether a deadline may be promised now
// (not passed, not out of range) and says why not.
func checkFuture(d data.Due, now time.Time) error {
	var ve *data.ValidationError
	if err := data.CheckDeadline("due", d, now, d.At.Location()); errors.As(err, &ve) {
		return errors.New(translateValidation(ve))
	}
	return nil
}

// changeDialog is reschedule, done, cancel or hand-over of one promise.
type changeDialog struct {
	u      *ui
	c      data.Commitment
	due    *dueInput
	reason *entry
	owner  *widget.Select
	users  []data.User
	form   *form
	fd     *formDialog
	kind   string
	// told says what the customer knows of a new date (reschedule).
	told     *widget.RadioGroup
	toldHint *widget.Label
	tellNow  *widget.Button
	// picks are the reschedule's quick choices; next is "Done & next step".
	picks []*tipButton
	next  *widget.Button
}

// toldChoices are the reschedule dialog's answers to "what does the
// customer know?", in the order of data.Tolds.
func toldChoices() []string {
	return []string{lang.L("Not told yet"), lang.L("They asked for the new date"), lang.L("They have been told")}
}

// toldValue is the choice of the radio group as data.Told.
func (d *changeDialog) toldValue() data.Told {
	for i, c := range toldChoices() {
		if d.told.Selected == c {
			return data.Tolds[i]
		}
	}
	return data.ToldNotYet
}

func (u *ui) loadCommitment(id uint, then func(data.Commitment)) {
	st := u.store
	u.do(func() func() {
		c, err := st.Commitment(id)
		return func() {
			if err != nil {
				u.showError(err)
				return
			}
			if c.Status != data.StatusOpen {
				u.showError(&data.ValidationError{Field: "commitment", Code: data.CodeNotOpen, ID: c.ID, Value: c.Status})
				u.changed()
				return
			}
			then(c)
		}
	})
}

func promiseSummary(c data.Commitment, now time.Time, loc *time.Location) *widget.Label {
	l := widget.NewLabel(lang.L("{{.Kind}}: {{.Title}} — due {{.Due}}", map[string]any{"Kind": kindLabel(c.Kind), "Title": c.Title, "Due": fmtDue(data.DueOf(c, loc), now)}))
	l.Wrapping = fyne.TextWrapWord
	return l
}

// showRescheduleDialog moves a promise; a reason is required (lesson 3).
func (u *ui) showRescheduleDialog(id uint) {
	u.loadCommitment(id, func(c data.Commitment) { u.rescheduleDialog(c) })
}

func (u *ui) rescheduleDialog(c data.Commitment) *changeDialog {
	d := &changeDialog{u: u, c: c, kind: "reschedule"}
	d.due = newDueInput(data.DueOf(c, u.store.Loc), func() { d.validate() })
	d.reason = newEntry(lang.L("e.g. supplier delivers a week later"))
	d.reason.OnChanged = func(string) { d.form.byKey("reason").touched = true; d.validate() }
	// What the customer knows decides whether they still wait for the old
	// date (lesson 4): the choice is visible, and "not told yet" offers the
	// delay notice right away.
	d.told = widget.NewRadioGroup(toldChoices(), func(string) { d.showTold() })
	d.told.Required = true
	d.told.SetSelected(toldChoices()[0])
	d.toldHint = widget.NewLabel("")
	d.toldHint.Wrapping = fyne.TextWrapWord
	// Quick choices (Alt+1 … Alt+4) keep the time of day of the deadline.
	picks := container.NewHBox()
	for i, p := range data.QuickPicks {
		p := p
		b := newTipButton(quickPickLabel(p), func() { d.pick(p) })
		b.Tip = lang.L("{{.Action}} — Alt+{{.N}}", map[string]any{"Action": quickPickLabel(p), "N": i + 1})
		d.picks = append(d.picks, b)
		picks.Add(b)
	}
	fDate := newField(lang.L("New due date"), container.NewVBox(picks, d.due.box), "due")
	d.form = newForm(fDate, newField(lang.L("Reason"), d.reason, "reason"),
		newField(lang.L("What the customer knows"), container.NewVBox(d.told, d.toldHint), "told"))
	d.due.date.OnChanged = func(string) { fDate.touched = true; d.validate() }
	d.due.clock.OnChanged = func(string) { fDate.touched = true; d.validate() }
	d.fd = newFormDialog(u, lang.L("Reschedule promise"), lang.L("Reschedule"),
		container.NewVBox(promiseSummary(c, u.now(), u.store.Loc), d.form.box), d.submit)
	d.tellNow = widget.NewButton(lang.L("Reschedule and tell the customer…"), func() {
		// Saved as not told; the delay notice that follows, a ready e-mail
		// with the new date, tells them.
		d.fd.onSaved = func() { u.showDraftDialog(data.DraftRequest{Kind: data.DraftDelay, CommitmentID: c.ID}) }
		d.submit()
	})
	d.tellNow.Importance = widget.HighImportance
	d.fd.save.OnTapped = func() { d.fd.onSaved = nil; d.fd.submit() }
	d.fd.setButtons(d.fd.cancel, d.fd.save, d.tellNow)
	d.fd.saving = []*widget.Button{d.tellNow}
	d.fd.wire(d.due.date, d.due.clock, d.reason)
	for _, e := range []*entry{d.due.date, d.due.clock, d.reason} {
		e.onShortcut = d.pickShortcut
	}
	d.fd.fit(600)
	d.showTold()
	d.validate()
	d.fd.show()
	// A quick choice sets the date, so the reason is what is left to type.
	u.win.Canvas().Focus(d.reason)
	u.lastChange = d
	return d
}

// quickPickLabel names a quick choice.
func quickPickLabel(p data.QuickPick) string {
	switch p {
	case data.PickTomorrow:
		return lang.L("Tomorrow")
	case data.PickIn2Days:
		return lang.L("In 2 days")
	case data.PickNextMonday:
		return lang.L("Next Monday")
	}
	return lang.L("In a week")
}

// pick sets the new date to a quick choice, keeping the deadline's time of
// day (or the one typed).
func (d *changeDialog) pick(p data.QuickPick) {
	loc := d.u.store.Loc
	cur, derr, terr := d.due.value(loc)
	if derr != nil || terr != nil {
		cur = data.DueOf(d.c, loc)
	}
	due := data.QuickDue(cur, p, d.u.now(), loc)
	d.due.allDay.SetChecked(due.AllDay)
	d.due.date.SetText(fmtDateInput(due.At))
	if !due.AllDay {
		d.due.clock.SetText(due.At.In(loc).Format("15:04"))
	}
	d.form.byKey("due").touched = true
	d.validate()
}

// pickShortcut makes Alt+1 … Alt+4 the quick choices.
func (d *changeDialog) pickShortcut(s fyne.Shortcut) bool {
	cs, ok := s.(*desktop.CustomShortcut)
	if !ok || cs.Modifier != fyne.KeyModifierAlt {
		return false
	}
	for i, k := range []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4} {
		if cs.KeyName == k {
			d.pick(data.QuickPicks[i])
			return true
		}
	}
	return false
}

// showTold explains the choice and offers the delay notice when the
// customer does not know yet.
func (d *changeDialog) showTold() {
	if d.toldHint == nil {
		return
	}
	old := fmtDue(data.DueOf(data.Commitment{DueAt: d.c.ToldDueAt, DueDate: d.c.ToldDueDate}, d.u.store.Loc), d.u.now())
	if d.toldValue() == data.ToldNotYet {
		d.toldHint.SetText(lang.L("The customer still expects {{.Date}}. Until they hear the new date, the promise shows as not told on Today.", map[string]any{"Date": old}))
		d.tellNow.Show()
		d.fd.save.Importance = widget.MediumImportance
	} else {
		d.toldHint.SetText(lang.L("The new date is the one the customer knows."))
		d.tellNow.Hide()
		d.fd.save.Importance = widget.HighImportance
	}
	d.fd.save.Refresh()
}

// showDoneDialog marks a promise as kept, with an optional note.
func (u *ui) showDoneDialog(id uint) {
	u.loadCommitment(id, func(c data.Commitment) { u.doneDialog(c) })
}

func (u *ui) doneDialog(c data.Commitment) *changeDialog {
	d := &changeDialog{u: u, c: c, kind: "done"}
	d.reason = newEntry(lang.L("optional: what was the result?"))
	d.form = newForm(newField(lang.L("Note"), d.reason, "note"))
	title := lang.L("Promise kept")
	if c.Kind == data.KindCallback {
		title = lang.L("Call done")
	}
	d.fd = newFormDialog(u, title, lang.L("Mark as kept"), container.NewVBox(promiseSummary(c, u.now(), u.store.Loc), d.form.box), d.submit)
	// "Done & next step" (Ctrl+Enter): kept, and the next promise for the
	// same customer follows with the kind and the owner filled in, so the
	// customer never ends without a next step.
	next := func() {
		d.fd.onSaved = func() { u.showNextStep(c.CustomerID, nextStep{kind: c.Kind, owner: c.OwnerID}) }
		d.submit()
	}
	d.next = widget.NewButtonWithIcon(lang.L("Done & next step"), theme.ContentAddIcon(), next)
	d.fd.save.OnTapped = func() { d.fd.onSaved = nil; d.fd.submit() }
	d.fd.setButtons(d.fd.cancel, d.next, d.fd.save)
	d.fd.saving = []*widget.Button{d.next}
	d.fd.wire(d.reason)
	d.reason.onShortcut = func(s fyne.Shortcut) bool {
		cs, ok := s.(*desktop.CustomShortcut)
		if ok && (cs.KeyName == fyne.KeyReturn || cs.KeyName == fyne.KeyEnter) && cs.Modifier == fyne.KeyModifierShortcutDefault {
			next()
			return true
		}
		return false
	}
	d.fd.fit(520)
	d.validate()
	d.fd.show()
	u.win.Canvas().Focus(d.reason)
	u.lastChange = d
	return d
}

// showCancelDialog withdraws a promise; a reason is required.
func (u *ui) showCancelDialog(id uint) {
	u.loadCommitment(id, func(c data.Commitment) { u.cancelDialog(c) })
}

func (u *ui) cancelDialog(c data.Commitment) *changeDialog {
	d := &changeDialog{u: u, c: c, kind: "cancel"}
	d.reason = newEntry(lang.L("e.g. the customer no longer needs it"))
	d.reason.OnChanged = func(string) { d.form.byKey("reason").touched = true; d.validate() }
	d.form = newForm(newField(lang.L("Reason"), d.reason, "reason"))
	d.fd = newFormDialog(u, lang.L("Cancel promise"), lang.L("Cancel promise"), container.NewVBox(promiseSummary(c, u.now(), u.store.Loc), d.form.box), d.submit)
	d.fd.cancel.SetText(lang.L("Keep it"))
	d.fd.save.Importance = widget.DangerImportance
	d.fd.wire(d.reason)
	d.fd.fit(520)
	d.validate()
	d.fd.show()
	u.win.Canvas().Focus(d.reason)
	u.lastChange = d
	return d
}

// showHandOverDialog hands an open promise to another salesperson, e.g.
// before a holiday, so it stays with a named person (lesson 1).
func (u *ui) showHandOverDialog(id uint) {
	st := u.store
	u.loadCommitment(id, func(c data.Commitment) {
		u.do(func() func() {
			users, err := st.Users()
			return func() {
				if err != nil {
					u.showError(err)
					return
				}
				u.handOverDialog(c, users)
			}
		})
	})
}

func (u *ui) handOverDialog(c data.Commitment, users []data.User) *changeDialog {
	d := &changeDialog{u: u, c: c, kind: "reassign", users: users}
	var names []string
	for _, x := range users {
		names = append(names, x.Name)
	}
	d.owner = widget.NewSelect(names, nil)
	d.reason = newEntry(lang.L("optional: e.g. on holiday until Monday"))
	fOwner := newField(lang.L("Hand over to"), d.owner, "owner")
	d.form = newForm(fOwner, newField(lang.L("Reason"), d.reason, "reason"))
	d.owner.OnChanged = func(string) { fOwner.touched = true; d.validate() }
	d.fd = newFormDialog(u, lang.L("Hand over promise"), lang.L("Hand over"), container.NewVBox(promiseSummary(c, u.now(), u.store.Loc), d.form.box), d.submit)
	d.fd.wire(d.reason)
	d.fd.fit(520)
	d.validate()
	d.fd.show()
	u.lastChange = d
	return d
}

func (d *changeDialog) validate() bool {
	if d.form == nil || d.fd == nil {
		return false
	}
	ok := true
	d.form.clearGeneral()
	if d.due != nil {
		f := d.form.byKey("due")
		_, msg := d.due.deadline(d.u.store.Loc, d.u.now())
		if msg != "" {
			ok = false
		}
		if f.touched || msg == "" {
			f.set(msg)
		}
	}
	if d.owner != nil {
		f := d.form.byKey("owner")
		msg := ""
		if i := d.owner.SelectedIndex(); i < 0 || d.users[i].ID == d.c.OwnerID {
			msg = lang.L("Choose who takes the promise over")
			ok = false
		}
		if f.touched || msg == "" {
			f.set(msg)
		}
	}
	if d.kind == "reschedule" || d.kind == "cancel" {
		f := d.form.byKey("reason")
		msg := ""
		if strings.TrimSpace(d.reason.Text) == "" {
			msg = lang.L("A reason is required: say why")
			ok = false
		}
		if f.touched || msg == "" {
			f.set(msg)
		}
	}
	d.fd.setValid(ok)
	return ok
}

func (d *changeDialog) submit() {
	for _, f := range d.form.fields {
		f.touched = true
	}
	if !d.validate() {
		return
	}
	d.save(d.c.Version)
}

// save performs the change expecting version; on a conflict the user sees
// what changed and may apply the change on top.
func (d *changeDialog) save(version int) {
	st, me := d.u.store, d.u.me.ID
	reason := d.reason.Text
	var due data.Due
	yours := ""
	switch d.kind {
	case "reschedule":
		due, _, _ = d.due.value(st.Loc)
		yours = lang.L("move to {{.Due}}", map[string]any{"Due": fmtDue(due, d.u.now())})
	case "done":
		yours = lang.L("mark as kept")
	case "cancel":
		yours = lang.L("cancel")
	case "reassign":
		yours = lang.L("hand over to {{.Name}}", map[string]any{"Name": d.users[d.owner.SelectedIndex()].Name})
	}
	told := data.ToldNotYet
	if d.told != nil {
		told = d.toldValue()
	}
	var newOwner uint
	if d.owner != nil {
		newOwner = d.users[d.owner.SelectedIndex()].ID
	}
	d.fd.runAndClose(d.form, func() error {
		var err error
		switch d.kind {
		case "reschedule":
			_, err = st.Reschedule(d.c.ID, version, me, due, reason, told)
		case "done":
			_, err = st.Complete(d.c.ID, version, me, reason)
		case "cancel":
			_, err = st.Cancel(d.c.ID, version, me, reason)
		case "reassign":
			_, err = st.Reassign(d.c.ID, version, me, newOwner, reason)
		}
		return err
	}, func() { d.u.promiseConflict(d.c, yours, d.fd, func(v int) { d.save(v) }) })
}
