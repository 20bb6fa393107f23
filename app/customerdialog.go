package app

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/zusage/zusage/data"
)

// customerDialog adds a customer or edits one; the owner is preselected as
// me for a new customer (lesson 1: every customer has exactly one owner).
type customerDialog struct {
	u       *ui
	orig    *data.Customer
	users   []data.User
	name    *entry
	company *entry
	email   *entry
	phone   *entry
	address *entry
	notes   *entry
	owner   *widget.Select
	// language: "" follows the team's default.
	language *selectOf
	form     *form
	fd       *formDialog
}

// showCustomerDialog opens the dialog; c nil means a new customer.
func (u *ui) showCustomerDialog(c *data.Customer) {
	st := u.store
	u.do(func() func() {
		users, err := st.Users()
		var set data.TeamSettings
		if err == nil {
			set, err = st.Settings()
		}
		return func() {
			if err != nil {
				u.showError(err)
				return
			}
			u.customerDialog(c, users, set.CustomerLanguage)
		}
	})
}

func (u *ui) customerDialog(c *data.Customer, users []data.User, teamLang string) *customerDialog {
	d := &customerDialog{u: u, orig: c, users: users}
	d.name = newEntry(lang.L("e.g. Müller Haustechnik GmbH"))
	d.company = newEntry("")
	d.email = newEntry("name@example.com")
	d.phone = newEntry("+49 …")
	d.address = newEntry("")
	d.notes = newMultiEntry("")
	var names []string
	for _, x := range users {
		names = append(names, x.Name)
	}
	d.owner = widget.NewSelect(names, func(string) { d.validate() })
	d.language = newSelectOf(append([]string{""}, data.Languages...), func(l string) string {
		if l == "" {
			return lang.L("Team default ({{.V}})", map[string]any{"V": languageName(teamLang)})
		}
		return languageName(l)
	}, nil)
	d.language.SetSelectedIndex(0)
	ownerID := u.me.ID
	title := lang.L("New customer")
	if c != nil {
		title = lang.L("Edit customer")
		ownerID = c.OwnerID
		d.name.SetText(c.Name)
		d.company.SetText(c.Company)
		d.email.SetText(c.Email)
		d.phone.SetText(c.Phone)
		d.address.SetText(c.Address)
		d.notes.SetText(c.Notes)
		d.language.setValue(c.Language)
	}
	for i, x := range users {
		if x.ID == ownerID {
			d.owner.SetSelectedIndex(i)
		}
	}
	fName := newField(lang.L("Name"), d.name, "name")
	d.form = newForm(fName,
		newField(lang.L("Company"), d.company, "company"),
		newField(lang.L("E-mail"), d.email, "email"),
		newField(lang.L("Phone"), d.phone, "phone"),
		newField(lang.L("Address"), d.address, "address"),
		newField(lang.L("Responsible"), d.owner, "owner"),
		newField(lang.L("Writes in"), d.language.Select, "language"),
		newField(lang.L("Notes"), d.notes, "notes"),
	)
	for _, e := range []*entry{d.name, d.company, d.email, d.phone, d.address, d.notes} {
		e := e
		e.OnChanged = func(string) { d.touch(e); d.validate() }
	}
	d.fd = newFormDialog(u, title, lang.L("Save"), d.form.box, d.submit)
	d.fd.wire(d.name, d.company, d.email, d.phone, d.address, d.notes)
	d.fd.fit(560)
	d.validate()
	d.fd.show()
	u.win.Canvas().Focus(d.name)
	u.lastCustomer = d
	return d
}

func (d *customerDialog) touch(e *entry) {
	for _, f := range d.form.fields {
		if f.input == e {
			f.touched = true
		}
	}
}

// validate checks the input as it is typed; errors show next to the fields
// the user has touched, and Save stays disabled until all is well.
func (d *customerDialog) validate() bool {
	if d.form == nil || d.fd == nil {
		return false
	}
	ok := true
	check := func(key string, msg string) {
		f := d.form.byKey(key)
		if msg != "" {
			ok = false
		}
		if f.touched || msg == "" {
			f.set(msg)
		}
	}
	name := ""
	if strings.TrimSpace(d.name.Text) == "" {
		name = lang.L("A name is required")
	}
	check("name", name)
	em := emailProblem(d.email.Text, false)
	check("email", em)
	own := ""
	if d.owner.SelectedIndex() < 0 {
		own = lang.L("Every customer needs an owner")
	}
	check("owner", own)
	d.form.clearGeneral()
	d.fd.setValid(ok)
	return ok
}

func (d *customerDialog) value() data.Customer {
	var c data.Customer
	if d.orig != nil {
		c = *d.orig
	}
	c.Name, c.Company, c.Email = d.name.Text, d.company.Text, d.email.Text
	c.Phone, c.Address, c.Notes = d.phone.Text, d.address.Text, d.notes.Text
	if i := d.owner.SelectedIndex(); i >= 0 {
		c.OwnerID = d.users[i].ID
	}
	c.Language = d.language.value()
	return c
}

func (d *customerDialog) submit() {
	for _, f := range d.form.fields {
		f.touched = true
	}
	if !d.validate() {
		return
	}
	c := d.value()
	st := d.u.store
	var saved data.Customer
	d.fd.run(func() error {
		var err error
		if d.orig == nil {
			saved, err = st.AddCustomer(data.NewCustomer{Name: c.Name, Company: c.Company, Email: c.Email,
				Phone: c.Phone, Address: c.Address, Notes: c.Notes, OwnerID: c.OwnerID, Language: c.Language, ByID: d.u.me.ID})
		} else {
			saved, err = st.UpdateCustomer(c, d.u.me.ID)
		}
		return err
	}, func(err error) {
		if errors.Is(err, data.ErrConflict) && d.orig != nil {
			d.u.customerConflict(d, c)
			return
		}
		if err != nil {
			d.u.saveFailed(d.form, err)
			return
		}
		d.fd.close()
		d.u.changed()
		d.u.openCustomer(saved.ID)
	})
}

// customerFields lists the fields a conflict compares, with their labels.
func customerFields(c data.Customer, users []data.User) [][2]string {
	owner := ""
	for _, x := range users {
		if x.ID == c.OwnerID {
			owner = x.Name
		}
	}
	var out [][2]string
	for _, name := range data.CustomerFields() {
		v, _ := data.CustomerField(&c, name)
		out = append(out, [2]string{fieldLabel(name), fieldValue(name, *v)})
	}
	return append(out, [2]string{lang.L("Responsible"), owner})
}

// fieldLabel is the label of a customer field in forms and lists.
func fieldLabel(field string) string {
	switch field {
	case "name":
		return lang.L("Name")
	case "company":
		return lang.L("Company")
	case "email":
		return lang.L("E-mail")
	case "phone":
		return lang.L("Phone")
	case "address":
		return lang.L("Address")
	case "notes":
		return lang.L("Notes")
	case "language":
		return lang.L("Writes in")
	}
	return field
}

// fieldValue shows the value of a customer field in words: a language by
// its name, the rest as it is.
func fieldValue(field, v string) string {
	if field == "language" {
		return languageChoice(v)
	}
	return v
}

// languageChoice names a customer's language setting; "" is the team's
// default.
func languageChoice(l string) string {
	if l == "" {
		return lang.L("Team default")
	}
	return languageName(l)
}
