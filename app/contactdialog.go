package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/zusage/zusage/data"
)

// contactDialog logs a contact to the shared journal (lesson 2). Linked to
// a promise it can be the delay notice that tells the customer before the
// promise slips (lesson 4), optionally with the new date.
type contactDialog struct {
	u          *ui
	customerID uint
	open       []data.TimelineItem
	channel    *selectOf
	direction  *widget.RadioGroup
	summary    *entry
	notes      *entry
	about      *widget.Select
	delay      *widget.Check
	newDue     *dueInput
	products   []data.Product
	product    *widget.Select
	concern    *widget.SelectEntry
	newDueBox  *fyne.Container
	form       *form
	fd         *formDialog
	// talk are the talking points of the promise the contact is about.
	talk     *talkPane
	talkFor  uint
	writeBtn *widget.Button
}

// showContactDialog opens the dialog; about preselects a promise and delay
// ticks "this tells the customer about a delay".
func (u *ui) showContactDialog(customerID uint, about *uint, delay bool) {
	st := u.store
	u.do(func() func() {
		cu, err := st.Customer(customerID)
		var items []data.TimelineItem
		var tags []string
		var products []data.Product
		if err == nil {
			// The first timeline page starts with all open promises.
			items, _, err = st.Timeline(customerID, "", 1)
		}
		if err == nil {
			products, err = st.Products()
		}
		if err == nil {
			tags, err = st.ConcernTags(30)
		}
		return func() {
			if err != nil {
				u.showError(err)
				return
			}
			var open []data.TimelineItem
			for _, it := range items {
				if it.Type == data.ItemCommitment {
					open = append(open, it)
				}
			}
			d := u.contactDialog(cu, open, about, delay)
			d.setProducts(products, tags)
		}
	})
}

func (u *ui) contactDialog(cu data.Customer, open []data.TimelineItem, about *uint, delay bool) *contactDialog {
	d := &contactDialog{u: u, customerID: cu.ID, open: open}
	d.channel = newSelectOf(data.Channels, channelLabel, func(string) { d.validate() })
	d.direction = widget.NewRadioGroup([]string{lang.L("I contacted them"), lang.L("They contacted me")}, nil)
	d.direction.Horizontal = true
	d.direction.Required = true
	d.direction.SetSelected(lang.L("I contacted them"))
	d.summary = newEntry(lang.L("e.g. price agreed, offer follows on Friday"))
	d.notes = newMultiEntry("")
	opts := []string{lang.L("— not about a promise —")}
	now := u.now()
	for _, p := range open {
		opts = append(opts, lang.L("{{.Kind}}: {{.Title}} (due {{.Due}})", map[string]any{"Kind": kindLabel(p.Kind), "Title": p.Summary, "Due": fmtDue(p.Due, now)}))
	}
	d.about = widget.NewSelect(opts, func(string) { d.aboutChanged() })
	d.delay = widget.NewCheck(lang.L("This tells the customer about a delay"), func(bool) { d.aboutChanged() })
	d.newDue = newDueInput(data.Due{}, func() {})
	newDueHint := widget.NewLabel(lang.L("New due date (optional) — moves the promise in the same step"))
	newDueHint.Wrapping = fyne.TextWrapWord
	d.writeBtn = widget.NewButtonWithIcon(lang.L("Write it as an e-mail instead…"), theme.MailComposeIcon(), func() {
		if id := d.aboutID(); id != nil {
			d.fd.close()
			u.showDraftDialog(data.DraftRequest{Kind: data.DraftDelay, CommitmentID: *id})
		}
	})
	d.newDueBox = container.NewVBox(newDueHint, d.newDue.box, container.NewHBox(d.writeBtn))
	d.product = widget.NewSelect([]string{lang.L("— no product —")}, nil)
	d.product.SetSelectedIndex(0)
	d.concern = widget.NewSelectEntry(nil)
	d.concern.PlaceHolder = lang.L("optional: what worries the customer, e.g. delivery time")
	fSummary := newField(lang.L("Summary"), d.summary, "summary")
	fDelay := newField(lang.L("Delay notice"), container.NewVBox(d.delay, d.newDueBox), "due", "new_due", "at")
	d.form = newForm(
		newField(lang.L("Channel"), d.channel.Select, "channel"),
		newField(lang.L("Direction"), d.direction, "direction"),
		fSummary,
		newField(lang.L("About promise"), d.about, "about"),
		fDelay,
		newField(lang.L("Product"), d.product, "product"),
		newField(lang.L("Concern"), d.concern, "concern"),
		newField(lang.L("Notes"), d.notes, "notes"),
	)
	d.summary.OnChanged = func(string) { fSummary.touched = true; d.validate() }
	d.newDue.date.OnChanged = func(string) { fDelay.touched = true; d.validate() }
	d.newDue.clock.OnChanged = func(string) { fDelay.touched = true; d.validate() }
	d.newDue.allDay.OnChanged = func(on bool) {
		if on {
			d.newDue.clock.Disable()
		} else {
			d.newDue.clock.Enable()
		}
		d.validate()
	}
	title := lang.L("Log contact with {{.Customer}}", map[string]any{"Customer": cu.Name})
	d.talk = newTalkPane()
	d.fd = newFormDialog(u, title, lang.L("Log contact"), withTalk(d.form.box, d.talk), d.submit)
	d.fd.wire(d.summary, d.notes, d.newDue.date, d.newDue.clock)
	d.channel.setValue("phone")
	d.about.SetSelectedIndex(0)
	if about != nil {
		for i, p := range open {
			if p.ID == *about {
				d.about.SetSelectedIndex(i + 1)
			}
		}
	}
	if delay && d.about.SelectedIndex() > 0 {
		d.delay.SetChecked(true)
	}
	d.aboutChanged()
	d.fd.fit(640 + talkPaneWidth + 20)
	d.validate()
	d.fd.show()
	u.win.Canvas().Focus(d.summary)
	u.lastContact = d
	return d
}

// setProducts offers the products and the concern tags used so far, so a
// concern is tagged the same way each time (lesson 8).
func (d *contactDialog) setProducts(products []data.Product, tags []string) {
	d.products = products
	opts := []string{lang.L("— no product —")}
	for _, p := range products {
		opts = append(opts, p.Name)
	}
	d.product.Options = opts
	d.product.SetSelectedIndex(0)
	d.concern.SetOptions(tags)
}

// productID is the chosen product, or nil.
func (d *contactDialog) productID() *uint {
	i := d.product.SelectedIndex()
	if i <= 0 || i > len(d.products) {
		return nil
	}
	id := d.products[i-1].ID
	return &id
}

// aboutID is the promise the contact is about, or nil.
func (d *contactDialog) aboutID() *uint {
	i := d.about.SelectedIndex()
	if i <= 0 || i > len(d.open) {
		return nil
	}
	id := d.open[i-1].ID
	return &id
}

func (d *contactDialog) aboutChanged() {
	if d.form == nil {
		return
	}
	if d.aboutID() == nil {
		d.delay.SetChecked(false)
		d.delay.Disable()
	} else {
		d.delay.Enable()
	}
	if d.delay.Checked {
		d.newDueBox.Show()
	} else {
		d.newDueBox.Hide()
	}
	if id := d.aboutID(); id == nil {
		d.talkFor = 0
		d.talk.say(lang.L("Choose the promise the contact is about to see the team's talking points for it."))
	} else if *id != d.talkFor {
		d.talkFor = *id
		d.u.loadTalk(d.talk, *id, kindLabel(d.open[d.about.SelectedIndex()-1].Kind))
	}
	d.validate()
}

func (d *contactDialog) validate() bool {
	if d.form == nil || d.fd == nil {
		return false
	}
	ok := true
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
	if strings.TrimSpace(d.summary.Text) == "" {
		show("summary", lang.L("Say in a few words what was said"))
	} else {
		show("summary", "")
	}
	if d.channel.value() == "" {
		show("channel", lang.L("Choose a channel"))
	}
	show("due", "")
	if d.delay.Checked && (strings.TrimSpace(d.newDue.date.Text) != "" || strings.TrimSpace(d.newDue.clock.Text) != "") {
		_, msg := d.newDue.deadline(d.u.store.Loc, d.u.now())
		show("due", msg)
	}
	d.fd.setValid(ok)
	return ok
}

func (d *contactDialog) submit() {
	for _, f := range d.form.fields {
		f.touched = true
	}
	if !d.validate() {
		return
	}
	n := data.NewContact{CustomerID: d.customerID, UserID: d.u.me.ID, Channel: d.channel.value(),
		Direction: data.DirOut, Summary: d.summary.Text, Notes: d.notes.Text, CommitmentID: d.aboutID(),
		DelayNotice: d.delay.Checked, ProductID: d.productID(), Concern: d.concern.Text}
	if d.direction.Selected == lang.L("They contacted me") {
		n.Direction = data.DirIn
	}
	if n.DelayNotice && strings.TrimSpace(d.newDue.date.Text) != "" {
		n.NewDue, _, _ = d.newDue.value(d.u.store.Loc)
	}
	st := d.u.store
	d.fd.runAndClose(d.form, func() error {
		_, err := st.LogContact(n)
		return err
	}, nil)
}
