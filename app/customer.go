package app

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/zusage/zusage/data"
)

// timelinePage is how many timeline entries one query loads.
const timelinePage = 40

// rowChars is the most text one line of a list gets: more never fits, and
// a label truncates by measuring the whole text it is given.
const rowChars = 300

// customerView is one customer: the header card with the responsible
// salesperson (lesson 1) and standing promises (lesson 7), then the shared
// contact journal (lesson 2) with open promises pinned on top.
type customerView struct {
	u    *ui
	id   uint
	card data.CustomerCard

	name      *widget.Label
	company   *widget.Label
	contact   *widget.Label
	owner     *widget.Label
	standing  *widget.Label
	purchases *widget.Label
	notes     *collapsedText
	standBox  *fyne.Container
	logBtn    *widget.Button
	promBtn   *widget.Button
	introBtn  *widget.Button
	editBtn   *widget.Button

	list    *widget.List
	items   []data.TimelineItem
	titles  map[uint]string
	next    string
	loading bool
	gen     int
	root    fyne.CanvasObject
}

func newCustomerView(u *ui, id uint) *customerView {
	v := &customerView{u: u, id: id, titles: map[uint]string{}}
	v.name = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.name.SizeName = theme.SizeNameSubHeadingText
	v.name.Truncation = fyne.TextTruncateEllipsis
	v.company = widget.NewLabel("")
	v.contact = widget.NewLabel("")
	v.contact.Wrapping = fyne.TextWrapWord
	v.owner = widget.NewLabel("")
	v.owner.Wrapping = fyne.TextWrapWord
	v.standing = widget.NewLabel("")
	v.standing.Wrapping = fyne.TextWrapWord
	v.standing.Importance = widget.HighImportance
	v.purchases = widget.NewLabel("")
	v.purchases.Wrapping = fyne.TextWrapWord
	v.notes = newCollapsedText(u, func() string {
		return lang.L("Notes on {{.Name}}", map[string]any{"Name": clipLine(v.card.Customer.Name, 80)})
	})
	v.notes.label.TextStyle.Italic = true
	v.logBtn = widget.NewButtonWithIcon(lang.L("Log contact"), theme.DocumentCreateIcon(), func() { u.showContactDialog(id, nil, false) })
	v.logBtn.Importance = widget.HighImportance
	v.promBtn = widget.NewButtonWithIcon(lang.L("New promise"), theme.ContentAddIcon(), func() { u.showPromiseDialog(id) })
	v.introBtn = widget.NewButtonWithIcon(lang.L("First e-mail…"), theme.MailComposeIcon(), func() {
		u.showDraftDialog(data.DraftRequest{Kind: data.DraftIntro, CustomerID: id})
	})
	v.editBtn = widget.NewButtonWithIcon(lang.L("Edit"), theme.DocumentIcon(), func() {
		c := v.card.Customer
		u.showCustomerDialog(&c)
	})
	ownerTitle := widget.NewLabelWithStyle(lang.L("Responsible"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.standBox = container.NewBorder(nil, nil, widget.NewIcon(theme.ConfirmIcon()), nil,
		container.NewVBox(widget.NewLabelWithStyle(lang.L("Standing promises — honour these"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), v.standing))
	left := container.NewVBox(v.name, v.company, v.contact, v.notes.box)
	right := container.NewVBox(ownerTitle, v.owner, v.purchases)
	header := container.NewVBox(
		container.NewGridWithColumns(2, left, right),
		v.standBox,
		container.NewHBox(v.logBtn, v.promBtn, v.introBtn, v.editBtn),
		widget.NewSeparator(),
		widget.NewLabelWithStyle(lang.L("Promises and contact history"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
	)
	v.list = widget.NewList(func() int { return len(v.items) }, v.createRow, v.updateRow)
	v.root = container.NewBorder(container.NewPadded(header), nil, nil, nil, v.list)
	return v
}

// reload loads the card and the first timeline page off the UI thread.
func (v *customerView) reload() {
	st := v.u.store
	if st == nil {
		return
	}
	v.gen++
	gen := v.gen
	v.loading = true
	v.u.do(func() func() {
		card, err := st.Card(v.id)
		var items []data.TimelineItem
		var next string
		titles := map[uint]string{}
		if err == nil {
			items, next, err = st.Timeline(v.id, "", timelinePage)
		}
		if err == nil {
			err = loadTitles(st, items, titles)
		}
		return func() {
			if gen != v.gen {
				return
			}
			v.loading = false
			if err != nil {
				v.u.showError(err)
				return
			}
			v.card = card
			v.items, v.next, v.titles = items, next, titles
			v.showCard()
			v.list.Refresh()
		}
	})
}

// loadMore appends the next timeline page.
func (v *customerView) loadMore() {
	st := v.u.store
	v.loading = true
	gen, cur := v.gen, v.next
	known := v.titles
	v.u.do(func() func() {
		items, next, err := st.Timeline(v.id, cur, timelinePage)
		titles := map[uint]string{}
		for k, t := range known {
			titles[k] = t
		}
		if err == nil {
			err = loadTitles(st, items, titles)
		}
		return func() {
			if gen != v.gen {
				return
			}
			v.loading = false
			if err != nil {
				v.next = ""
				return
			}
			v.items = append(v.items, items...)
			v.next = next
			v.titles = titles
			v.list.Refresh()
		}
	})
}

// loadTitles finds the titles of the promises the events are about.
func loadTitles(st *data.Store, items []data.TimelineItem, titles map[uint]string) error {
	for _, it := range items {
		if it.Type == data.ItemCommitment {
			titles[it.ID] = it.Summary
		}
	}
	var missing []uint
	seen := map[uint]bool{}
	for _, it := range items {
		if it.CommitmentID == 0 || seen[it.CommitmentID] {
			continue
		}
		if _, ok := titles[it.CommitmentID]; !ok {
			seen[it.CommitmentID] = true
			missing = append(missing, it.CommitmentID)
		}
	}
	// One query for the page, not one per journal entry.
	found, err := st.CommitmentTitles(missing)
	if err != nil {
		return err
	}
	for id, t := range found {
		titles[id] = t
	}
	return nil
}

// showCard fills the header from v.card. UI thread.
func (v *customerView) showCard() {
	c, o := v.card.Customer, v.card.Owner
	v.name.SetText(clipLine(c.Name, 200))
	v.company.SetText(clipLine(c.Company, 200))
	v.company.Hidden = c.Company == "" || c.Company == c.Name
	var lines []string
	if c.Phone != "" {
		lines = append(lines, lang.L("Phone: {{.V}}", map[string]any{"V": c.Phone}))
	}
	if c.Email != "" {
		lines = append(lines, lang.L("E-mail: {{.V}}", map[string]any{"V": c.Email}))
	}
	if c.Address != "" {
		lines = append(lines, clip(c.Address, 300))
	}
	if c.Language == "" {
		lines = append(lines, lang.L("Writes in: {{.V}} (team default)", map[string]any{"V": languageName(v.card.Language)}))
	} else {
		lines = append(lines, lang.L("Writes in: {{.V}}", map[string]any{"V": languageName(v.card.Language)}))
	}
	if c.Phone == "" && c.Email == "" {
		lines = append([]string{lang.L("No phone or e-mail on file")}, lines...)
	}
	v.contact.SetText(strings.Join(lines, "\n"))
	v.notes.setText(c.Notes)
	ol := []string{o.Name}
	if o.Phone != "" {
		ol = append(ol, lang.L("Direct line: {{.V}}", map[string]any{"V": o.Phone}))
	}
	ol = append(ol, lang.L("E-mail: {{.V}}", map[string]any{"V": o.Email}))
	v.owner.SetText(strings.Join(ol, "\n"))
	if len(v.card.Standing) > 0 {
		var sl []string
		for _, sp := range v.card.Standing {
			t := "• " + clipLine(sp.Title, 300)
			if sp.Details != "" {
				t += " — " + clipLine(sp.Details, 300)
			}
			sl = append(sl, t)
		}
		v.standing.SetText(strings.Join(sl, "\n"))
		v.standBox.Show()
	} else {
		v.standBox.Hide()
	}
	if len(v.card.Purchases) > 0 {
		var pl []string
		for i, p := range v.card.Purchases {
			if i == 4 {
				pl = append(pl, lang.L("… and {{.N}} more", map[string]any{"N": len(v.card.Purchases) - 4}))
				break
			}
			t := p.Product
			if p.Date != "" {
				t += " (" + p.Date
				if p.Lot != "" {
					t += ", " + lang.L("lot {{.V}}", map[string]any{"V": p.Lot})
				}
				t += ")"
			}
			pl = append(pl, t)
		}
		v.purchases.SetText(lang.L("Bought: {{.V}}", map[string]any{"V": strings.Join(pl, "; ")}))
		v.purchases.Show()
	} else {
		v.purchases.Hide()
	}
	for _, b := range []*widget.Button{v.logBtn, v.promBtn, v.editBtn} {
		if v.u.readOnly() {
			b.Disable()
		} else {
			b.Enable()
		}
	}
	v.root.Refresh()
}

// timelineRow is the template of one timeline entry.
type timelineRow struct {
	icon  *widget.Icon
	head  *widget.Label
	text  *widget.Label
	btns  [3]*widget.Button
	right *fyne.Container
}

func (v *customerView) createRow() fyne.CanvasObject {
	r := &timelineRow{
		icon: widget.NewIcon(theme.InfoIcon()),
		head: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		text: widget.NewLabel(""),
	}
	r.head.Truncation = fyne.TextTruncateEllipsis
	r.text.Truncation = fyne.TextTruncateEllipsis
	r.right = container.NewHBox()
	for i := range r.btns {
		r.btns[i] = widget.NewButton("", nil)
		r.right.Add(r.btns[i])
	}
	return newCell(container.NewBorder(nil, nil, r.icon, r.right, container.NewVBox(r.head, r.text)), r)
}

func (v *customerView) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id < 0 || id >= len(v.items) {
		return
	}
	r := o.(*cell).data.(*timelineRow)
	it := v.items[id]
	now := v.u.now()
	for _, b := range r.btns {
		b.Hide()
	}
	switch it.Type {
	case data.ItemCommitment:
		if it.Kind != data.KindStanding && !now.Before(it.DueAt) {
			r.icon.SetResource(theme.ErrorIcon())
		} else {
			r.icon.SetResource(theme.HistoryIcon())
		}
		r.head.SetText(openPromiseHead(it, now))
		txt := it.Summary
		if it.Kind != data.KindStanding {
			txt = lang.L("{{.Title}} — due {{.Due}}", map[string]any{"Title": it.Summary, "Due": fmtDue(it.Due, now)})
			if !it.ToldDue.IsZero() {
				txt += " " + lang.L("(the customer still expects {{.Told}})", map[string]any{"Told": fmtDue(it.ToldDue, now)})
			}
		}
		if it.Notes != "" {
			txt += " — " + it.Notes
		}
		r.text.SetText(clipLine(txt, rowChars))
		cid, kind := it.ID, it.Kind
		ro := v.u.readOnly()
		standing := it.Kind == data.KindStanding
		if !standing {
			v.btn(r.btns[0], lang.L("Done"), ro, func() { v.u.showDoneDialog(cid) })
			v.btn(r.btns[1], lang.L("Reschedule"), ro, func() { v.u.showRescheduleDialog(cid) })
		}
		more := r.btns[2]
		v.btn(more, "", false, nil)
		more.SetIcon(theme.MoreHorizontalIcon())
		more.OnTapped = func() {
			cancel := fyne.NewMenuItem(lang.L("Cancel promise"), func() { v.u.showCancelDialog(cid) })
			cancel.Disabled = ro
			hand := fyne.NewMenuItem(lang.L("Hand over…"), func() { v.u.showHandOverDialog(cid) })
			hand.Disabled = ro
			items := []*fyne.MenuItem{hand, cancel}
			if !standing {
				mail := func(k data.DraftKind) func() {
					return func() { v.u.showDraftDialog(data.DraftRequest{Kind: k, CommitmentID: cid}) }
				}
				delay := fyne.NewMenuItem(lang.L("Delay notice by e-mail…"), mail(data.DraftDelay))
				delay.Icon = theme.MailSendIcon()
				delay.Disabled = ro
				items = append([]*fyne.MenuItem{delay}, items...)
				switch kind {
				case data.KindCallback, data.KindVisit:
					confirm := fyne.NewMenuItem(lang.L("Confirm by e-mail…"), mail(data.DraftCallback))
					confirm.Icon = theme.MailComposeIcon()
					confirm.Disabled = ro
					items = append([]*fyne.MenuItem{confirm}, items...)
				case data.KindInform:
					notice := fyne.NewMenuItem(lang.L("Notice by e-mail…"), mail(data.DraftNotice))
					notice.Icon = theme.MailComposeIcon()
					notice.Disabled = ro
					items = append([]*fyne.MenuItem{notice}, items...)
				}
			}
			if !standing {
				cal := fyne.NewMenuItem(lang.L("Add to my calendar"), func() { v.u.saveInvite(cid) })
				cal.Icon = theme.CalendarIcon()
				items = append(items, cal, v.u.customerInviteItem(cid))
			}
			c := fyne.CurrentApp().Driver().CanvasForObject(more)
			if c == nil {
				return
			}
			pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(more)
			widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", items...), c, pos.AddXY(0, more.Size().Height))
		}
	case data.ItemContact:
		r.icon.SetResource(channelIcon(it.Channel, it.DelayNotice))
		kid := it.ID
		v.btn(r.btns[0], lang.L("Correct"), v.u.readOnly(), func() { v.u.showEditContactDialog(kid) })
		dir := lang.L("outgoing")
		if it.Direction == data.DirIn {
			dir = lang.L("incoming")
		}
		head := fmt.Sprintf("%s · %s, %s · %s", fmtMoment(it.At, now), channelLabel(it.Channel), dir, it.By)
		if it.DelayNotice {
			head += " · " + lang.L("delay notice")
		}
		r.head.SetText(head)
		txt := it.Summary
		if t, ok := v.titles[it.CommitmentID]; ok && it.CommitmentID != 0 {
			txt = lang.L("About “{{.Title}}”: ", map[string]any{"Title": t}) + txt
		}
		if it.Concern != "" {
			txt = lang.L("Concern: {{.V}}", map[string]any{"V": it.Concern}) + " · " + txt
		}
		if it.Notes != "" {
			txt += " — " + clip(it.Notes, rowChars)
		}
		r.text.SetText(clipLine(txt, rowChars))
	case data.ItemEvent:
		if it.OfCustomer {
			r.icon.SetResource(theme.AccountIcon())
			r.head.SetText(fmt.Sprintf("%s · %s", fmtMoment(it.At, now), lang.L("Customer details")))
			r.text.SetText(clipLine(customerEventText(it), rowChars))
			break
		}
		fallthrough
	default:
		r.icon.SetResource(theme.CalendarIcon())
		r.head.SetText(fmt.Sprintf("%s · %s", fmtMoment(it.At, now), it.By))
		r.text.SetText(clipLine(eventText(it, v.titles[it.CommitmentID], now), rowChars))
	}
	// Keyset paging: ask for the next page before the end is reached.
	if v.next != "" && !v.loading && id >= len(v.items)-10 {
		v.loadMore()
	}
}

func (v *customerView) btn(b *widget.Button, text string, disabled bool, tapped func()) {
	b.SetText(text)
	b.OnTapped = tapped
	if disabled {
		b.Disable()
	} else {
		b.Enable()
	}
	b.Show()
}

// openPromiseHead is the line over a pinned open promise: kind, deadline
// and how long is left.
func openPromiseHead(it data.TimelineItem, now time.Time) string {
	if it.Kind == data.KindStanding {
		return lang.L("Standing promise")
	}
	left := ""
	if now.Before(it.DueAt) {
		left = lang.L("{{.Span}} left", map[string]any{"Span": fmtSpan(it.DueAt.Sub(now))})
	} else {
		left = lang.L("overdue for {{.Span}}", map[string]any{"Span": fmtSpan(now.Sub(it.DueAt))})
	}
	return lang.L("Open promise · {{.Kind}} · {{.Left}}", map[string]any{"Kind": kindLabel(it.Kind), "Left": left})
}

// channelIcon pictures a contact channel; the words say it too.
func channelIcon(channel string, delay bool) fyne.Resource {
	switch {
	case delay:
		return theme.MailSendIcon()
	case channel == "phone":
		return theme.VolumeUpIcon()
	case channel == "meeting" || channel == "video":
		return theme.AccountIcon()
	case channel == "email" || channel == "letter":
		return theme.MailComposeIcon()
	}
	return theme.DocumentIcon()
}

// dueFromText reads a deadline as data prints it (RFC 3339 or a date).
func dueFromText(s string) data.Due {
	if s == "" {
		return data.Due{}
	}
	d, err := data.ParseDue(s, time.Local)
	if err != nil {
		return data.Due{}
	}
	if !d.AllDay {
		d.At = d.At.Local()
	}
	return d
}

// eventText says what happened to a promise, in the user's language.
func eventText(it data.TimelineItem, title string, now time.Time) string {
	if title == "" {
		title = kindLabel(it.Kind)
	}
	m := map[string]any{"Title": title, "Reason": it.Reason,
		"Old": fmtDue(dueFromText(it.OldDueText), now), "New": fmtDue(dueFromText(it.NewDueText), now)}
	switch it.Event {
	case data.EventCreated:
		if it.NewDueText == "" {
			return lang.L("Promised: {{.Title}}", m)
		}
		return lang.L("Promised: {{.Title}}, due {{.New}}", m)
	case data.EventRescheduled:
		switch it.Told {
		case data.ToldNotYet:
			return lang.L("Rescheduled: {{.Title}} from {{.Old}} to {{.New}}, customer not told yet — {{.Reason}}", m)
		case data.ToldCustomerAsked:
			return lang.L("Rescheduled at the customer's request: {{.Title}} from {{.Old}} to {{.New}} — {{.Reason}}", m)
		}
		return lang.L("Rescheduled: {{.Title}} from {{.Old}} to {{.New}} — {{.Reason}}", m)
	case data.EventDone:
		if it.Reason != "" {
			return lang.L("Kept: {{.Title}} — {{.Reason}}", m)
		}
		return lang.L("Kept: {{.Title}}", m)
	case data.EventCancelled:
		return lang.L("Cancelled: {{.Title}} — {{.Reason}}", m)
	case data.EventInformed:
		return lang.L("Customer told about the delay: {{.Title}}", m)
	case data.EventReassigned:
		return lang.L("Handed over: {{.Title}}", m)
	case data.EventEstimated:
		return lang.L("Internal estimate changed: {{.Title}}", m)
	}
	return it.Summary
}

// customerEventText says what happened to the customer itself, in the
// user's language: "Bernd Baumann changed the phone number from … to …",
// "… took over the account from Anna Schmidt".
func customerEventText(it data.TimelineItem) string {
	// A value in a sentence is its beginning: notes can be 20,000 characters.
	m := map[string]any{"By": it.By, "Field": fieldInSentence(it.Field), "ID": it.ImportID,
		"Old": clipLine(fieldValue(it.Field, it.OldValue), 80), "New": clipLine(fieldValue(it.Field, it.NewValue), 80),
		"From": it.OldOwner, "To": it.NewOwner}
	switch it.Event {
	case data.CustomerCreated:
		if it.ImportID != 0 {
			return lang.L("{{.By}} imported the customer (import {{.ID}})", m)
		}
		return lang.L("{{.By}} added the customer", m)
	case data.CustomerChanged:
		switch {
		case it.OldValue == "":
			return lang.L("{{.By}} set {{.Field}} to “{{.New}}”", m)
		case it.NewValue == "":
			return lang.L("{{.By}} removed {{.Field}} (was “{{.Old}}”)", m)
		}
		return lang.L("{{.By}} changed {{.Field}} from “{{.Old}}” to “{{.New}}”", m)
	case data.CustomerHandedOver:
		if it.ByEmail == it.NewOwnerEmail {
			return lang.L("{{.By}} took over the account from {{.From}}", m)
		}
		return lang.L("{{.By}} handed the account from {{.From}} to {{.To}}", m)
	case data.CustomerArchived:
		if it.ImportID != 0 {
			return lang.L("{{.By}} took back import {{.ID}}; the customer is archived", m)
		}
		return lang.L("{{.By}} archived the customer", m)
	case data.CustomerUnarchived:
		return lang.L("{{.By}} brought the customer back", m)
	}
	return it.By + ": " + it.Event
}

// fieldInSentence names a customer field inside a sentence ("the phone
// number", "die Telefonnummer"); a field data adds shows by its name until
// it gets words here.
func fieldInSentence(field string) string {
	switch field {
	case "name":
		return lang.L("the name")
	case "company":
		return lang.L("the company")
	case "email":
		return lang.L("the e-mail address")
	case "phone":
		return lang.L("the phone number")
	case "address":
		return lang.L("the address")
	case "notes":
		return lang.L("the notes")
	case "language":
		return lang.L("the language of messages")
	}
	return field
}
