package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/zusage/zusage/data"
)

// teamList is the Settings part that lists the salespeople, with who has
// left the team, and lets someone leave (handing their customers and open
// promises to a colleague first) or come back.
type teamList struct {
	u    *ui
	box  *fyne.Container
	all  []data.User
	rows []*fyne.Container
}

func newTeamList(u *ui) *teamList {
	return &teamList{u: u, box: container.NewVBox()}
}

// set shows the salespeople. UI thread.
func (t *teamList) set(all []data.User) {
	t.all = all
	t.box.Objects = nil
	ro := t.u.readOnly()
	for _, x := range all {
		x := x
		name := widget.NewLabel(x.Name + " <" + x.Email + ">")
		name.Truncation = fyne.TextTruncateEllipsis
		var btn *widget.Button
		if x.Archived {
			name.SetText(x.Name + " <" + x.Email + "> — " + lang.L("has left the team"))
			name.Importance = widget.LowImportance
			btn = widget.NewButton(lang.L("Back on the team"), func() { t.unarchive(x) })
		} else {
			btn = widget.NewButtonWithIcon(lang.L("Leaves the team…"), theme.LogoutIcon(), func() { t.u.showLeaveDialog(x) })
			if x.ID == t.u.me.ID {
				// Someone else records that you left; you would lock yourself out.
				btn.Disable()
			}
		}
		if ro {
			btn.Disable()
		}
		t.box.Add(container.NewBorder(nil, nil, nil, btn, name))
	}
	t.box.Refresh()
}

func (t *teamList) unarchive(x data.User) {
	st := t.u.store
	t.u.do(func() func() {
		err := st.UnarchiveUser(x.ID, x.Version)
		return func() {
			if err != nil {
				t.u.showError(err)
				return
			}
			t.u.notify.status(lang.L("{{.Name}} is on the team again.", map[string]any{"Name": x.Name}))
			t.u.changed()
		}
	})
}

// leaveDialog records that a salesperson left the team. What they still
// own goes to a colleague in the same step (lesson 1: every customer has a
// named owner), so it asks whom to hand it to.
type leaveDialog struct {
	u         *ui
	who       data.User
	customers int
	promises  int
	to        *widget.Select
	users     []data.User
	form      *form
	fd        *formDialog
}

// showLeaveDialog counts what x still owns, then asks.
func (u *ui) showLeaveDialog(x data.User) {
	st := u.store
	u.do(func() func() {
		customers, promises, err := st.OpenWork(x.ID)
		var users []data.User
		if err == nil {
			users, err = st.Users()
		}
		return func() {
			if err != nil {
				u.showError(err)
				return
			}
			u.leaveDialog(x, customers, promises, users)
		}
	})
}

func (u *ui) leaveDialog(x data.User, customers, promises int, users []data.User) *leaveDialog {
	d := &leaveDialog{u: u, who: x, customers: customers, promises: promises}
	var names []string
	for _, o := range users {
		if o.ID != x.ID {
			d.users = append(d.users, o)
			names = append(names, o.Name)
		}
	}
	d.to = widget.NewSelect(names, func(string) { d.validate() })
	text := lang.L("{{.Name}} will no longer be able to log contacts or make promises, and is no longer offered as an owner. Nothing they wrote is deleted.", map[string]any{"Name": x.Name})
	var content fyne.CanvasObject
	if customers+promises > 0 {
		text += "\n\n" + lang.L("{{.Name}} still owns {{.Customers}} customers and {{.Promises}} open promises. Who takes them over?",
			map[string]any{"Name": x.Name, "Customers": customers, "Promises": promises})
		fTo := newField(lang.L("Hand over to"), d.to, "hand_to")
		d.form = newForm(fTo)
		d.to.OnChanged = func(string) { fTo.touched = true; d.validate() }
	} else {
		d.form = newForm()
	}
	msg := widget.NewLabel(text)
	msg.Wrapping = fyne.TextWrapWord
	content = container.NewVBox(msg, d.form.box)
	d.fd = newFormDialog(u, lang.L("{{.Name}} leaves the team", map[string]any{"Name": x.Name}), lang.L("Leaves the team"), content, d.submit)
	d.fd.save.Importance = widget.DangerImportance
	d.fd.fit(560)
	d.validate()
	d.fd.show()
	u.lastLeave = d
	return d
}

func (d *leaveDialog) handTo() uint {
	if i := d.to.SelectedIndex(); i >= 0 && i < len(d.users) {
		return d.users[i].ID
	}
	return 0
}

func (d *leaveDialog) validate() bool {
	ok := d.customers+d.promises == 0 || d.handTo() != 0
	if f := d.form.byKey("hand_to"); f != nil {
		msg := ""
		if !ok {
			msg = lang.L("Choose who takes over")
		}
		if f.touched || msg == "" {
			f.set(msg)
		}
	}
	d.fd.setValid(ok)
	return ok
}

func (d *leaveDialog) submit() {
	for _, f := range d.form.fields {
		f.touched = true
	}
	if !d.validate() {
		return
	}
	st, me, to := d.u.store, d.u.me.ID, d.handTo()
	d.fd.runAndClose(d.form, func() error {
		return st.ArchiveUser(d.who.ID, d.who.Version, me, to)
	}, nil)
}
