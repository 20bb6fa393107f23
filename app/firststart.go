package app

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/zusage/zusage/data"
	"github.com/zusage/zusage/data/demo"
)

// demoFunc fills a database with demo data, reporting progress; tests
// replace it, and nil hides the offer.
var demoFunc = func(s *data.Store, now time.Time, progress func(done, total int)) error {
	_, err := demo.Generate(s, demo.Options{Customers: 200, Users: 5, Years: 2, Seed: 1, Now: now}, progress)
	return err
}

// askDatabase is the first-start question: the local default database in
// the user data folder, or an existing file (e.g. on the office share).
func (u *ui) askDatabase(then func(path string)) {
	intro := widget.NewLabel(lang.L("Welcome to Zusage. Where is your team's database?"))
	intro.Wrapping = fyne.TextWrapWord
	var d *formDialog
	localPath := u.defaultDBPath()
	local := widget.NewButton(lang.L("On this computer (new or existing local database)"), func() {
		d.close()
		newFiles.Store(localPath, true)
		then(localPath)
	})
	local.Importance = widget.HighImportance
	where := widget.NewLabel(localPath)
	where.Wrapping = fyne.TextWrapBreak
	where.TextStyle.Italic = true
	existing := widget.NewButton(lang.L("An existing file, e.g. on the office share…"), func() {
		d.close()
		u.chooseDBFile(then, func() { u.askDatabase(then) })
	})
	d = newInfoDialog(u, lang.L("Which database?"), container.NewVBox(intro, local, where, existing))
	d.cancel.SetText(lang.L("Quit"))
	d.cancel.Importance = widget.MediumImportance
	d.cancel.OnTapped = func() { u.app.Quit() }
	d.fit(560)
	d.show()
}

// askWhoAmI lets the user pick who they are, or add themselves.
func (u *ui) askWhoAmI(users []data.User, then func(data.User)) {
	var names []string
	for _, x := range users {
		names = append(names, x.Name+" <"+x.Email+">")
	}
	sel := widget.NewSelect(names, nil)
	u.lastWho = sel
	intro := widget.NewLabel(lang.L("Who are you? Your name goes on every contact you log and every promise you make."))
	intro.Wrapping = fyne.TextWrapWord
	var d *formDialog
	add := widget.NewButton(lang.L("I am new here — add me"), func() {
		d.close()
		u.showUserDialog(then)
	})
	if u.readOnly() {
		add.Disable()
	}
	d = newFormDialog(u, lang.L("Who am I?"), lang.L("Continue"), container.NewVBox(intro, sel, add), func() {
		if i := sel.SelectedIndex(); i >= 0 {
			d.close()
			then(users[i])
		}
	})
	d.cancel.SetText(lang.L("Quit"))
	d.cancel.OnTapped = func() { u.app.Quit() }
	d.setValid(false)
	sel.OnChanged = func(string) { d.setValid(sel.SelectedIndex() >= 0) }
	d.fit(520)
	d.show()
}

// askFirstUser handles an empty database: create the first salesperson,
// or fill it with demo data and then pick one of the demo salespeople.
func (u *ui) askFirstUser(then func(data.User)) {
	if u.readOnly() {
		u.showMessage(lang.L("Empty database"), lang.L("This database has no salespeople yet and is read-only. Choose another file in Settings."))
		return
	}
	if demoFunc == nil {
		u.userDialog(lang.L("Create the first salesperson"), then)
		return
	}
	msg := widget.NewLabel(lang.L("This database is empty. Create the first salesperson — you — or load demo data (200 customers, 5 salespeople, two years of contacts and promises) to try Zusage out. Do not load demo data into your team's real database."))
	msg.Wrapping = fyne.TextWrapWord
	var d *formDialog
	d = newFormDialog(u, lang.L("An empty database"), lang.L("Create the first salesperson"), msg, func() {
		d.close()
		u.userDialog(lang.L("Create the first salesperson"), then)
	})
	d.cancel.SetText(lang.L("Load demo data"))
	d.cancel.OnTapped = func() {
		d.close()
		st := u.store
		u.loadDemo(func() {
			u.do(func() func() {
				users, err := st.Users()
				return func() {
					if err != nil || len(users) == 0 {
						u.userDialog(lang.L("Create the first salesperson"), then)
						return
					}
					u.askWhoAmI(users, then)
				}
			})
		})
	}
	d.fit(560)
	d.show()
}

// showUserDialog adds a salesperson.
func (u *ui) showUserDialog(then func(data.User)) { u.userDialog(lang.L("Add salesperson"), then) }

// userDialog asks for full name, e-mail and direct phone (lesson 1: the
// customer gets exactly these).
func (u *ui) userDialog(title string, then func(data.User)) *formDialog {
	name := newEntry(lang.L("Full name, e.g. Anna Berg"))
	email := newEntry("anna.berg@example.com")
	phone := newEntry(lang.L("Direct line, e.g. +49 421 12345-17"))
	fName := newField(lang.L("Full name"), name, "name")
	fEmail := newField(lang.L("E-mail"), email, "email")
	f := newForm(fName, fEmail, newField(lang.L("Direct phone"), phone, "phone"))
	intro := widget.NewLabel(lang.L("Customers see this name, phone and e-mail as their personal contact."))
	intro.Wrapping = fyne.TextWrapWord
	var d *formDialog
	validate := func() bool {
		ok := true
		msg := ""
		if strings.TrimSpace(name.Text) == "" {
			msg = lang.L("A full name is required")
			ok = false
		}
		if fName.touched || msg == "" {
			fName.set(msg)
		}
		msg = ""
		msg = emailProblem(email.Text, true)
		if msg != "" {
			ok = false
		}
		if fEmail.touched || msg == "" {
			fEmail.set(msg)
		}
		d.setValid(ok)
		return ok
	}
	st := u.store
	d = newFormDialog(u, title, lang.L("Save"), container.NewVBox(intro, f.box), func() {
		fName.touched, fEmail.touched = true, true
		if !validate() {
			return
		}
		var x data.User
		d.run(func() error {
			var err error
			x, err = st.AddUser(data.NewUser{Name: name.Text, Email: email.Text, Phone: phone.Text})
			return err
		}, func(err error) {
			if err != nil {
				u.saveFailed(f, err)
				return
			}
			d.close()
			then(x)
		})
	})
	name.OnChanged = func(string) { fName.touched = true; validate() }
	email.OnChanged = func(string) { fEmail.touched = true; validate() }
	d.wire(name, email, phone)
	u.lastUser = [3]*entry{name, email, phone}
	u.lastUserForm = f
	d.fit(520)
	validate()
	d.show()
	u.win.Canvas().Focus(name)
	return d
}

// loadDemo runs the generator off the UI thread with a progress bar.
func (u *ui) loadDemo(after func()) {
	bar := widget.NewProgressBar()
	d := newInfoDialog(u, lang.L("Loading demo data…"), container.NewVBox(widget.NewLabel(lang.L("This takes a moment.")), bar))
	d.cancel.Hide()
	d.fit(420)
	d.show()
	st := u.store
	now := u.now()
	u.do(func() func() {
		err := demoFunc(st, now, func(done, total int) {
			if total > 0 {
				v := float64(done) / float64(total)
				if u.inline {
					bar.SetValue(v)
				} else {
					fyne.Do(func() { bar.SetValue(v) })
				}
			}
		})
		return func() {
			d.close()
			if err != nil {
				u.showError(err)
			}
			after()
		}
	})
}
