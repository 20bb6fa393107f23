package app

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/zusage/zusage/data"
)

// noticesScreen is proactive outreach (lesson 6): when a product turns out
// to have a defect, every buyer gets an "inform" promise, and this screen
// shows who has been told, who is left and who is overdue.
type noticesScreen struct {
	u        *ui
	root     fyne.CanvasObject
	newBtn   *widget.Button
	list     *widget.List
	rows     []data.NoticeRow
	selected uint
	empty    *widget.Label
	// The detail of the selected notice.
	head     *widget.Label
	desc     *collapsedText
	bar      *widget.ProgressBar
	counts   *widget.Label
	left     *widget.List
	entries  []data.NoticeEntry
	detail   *fyne.Container
	pick     *widget.Label
	progress data.NoticeProgress
	gen      int
	// talk are the notice's talking points (or those for every notice).
	talk *talkPane
	// lastNew is the newest new-notice dialog (tests).
	lastNew *noticeDialog
}

func newNoticesScreen(u *ui) *noticesScreen {
	s := &noticesScreen{u: u}
	title := widget.NewLabelWithStyle(lang.L("Notices"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	intro := widget.NewLabel(lang.L("When a product turns out to have a defect or a risk, tell every customer who bought it — now, even before there is a fix. A notice gives each buyer's account owner an “inform” promise; logging the contact about it marks the customer as told."))
	intro.Wrapping = fyne.TextWrapWord
	s.newBtn = widget.NewButtonWithIcon(lang.L("New notice…"), theme.ContentAddIcon(), s.onNew)
	s.newBtn.Importance = widget.HighImportance
	s.empty = widget.NewLabel(lang.L("No notices yet."))
	s.empty.Importance = widget.LowImportance

	s.list = widget.NewList(func() int { return len(s.rows) }, s.createRow, s.updateRow)
	s.list.OnSelected = func(id widget.ListItemID) {
		if id >= 0 && id < len(s.rows) {
			s.selected = s.rows[id].ID
			s.loadDetail()
		}
	}

	s.head = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.head.Wrapping = fyne.TextWrapWord
	s.desc = newCollapsedText(u, func() string { return clipLine(s.progress.Notice.Title, 120) })
	s.bar = widget.NewProgressBar()
	s.bar.TextFormatter = func() string {
		return lang.L("{{.Informed}} of {{.Total}} told", map[string]any{"Informed": s.progress.Informed, "Total": s.progress.Total})
	}
	s.counts = widget.NewLabel("")
	s.counts.Wrapping = fyne.TextWrapWord
	s.left = widget.NewList(func() int { return len(s.entries) }, s.createEntry, s.updateEntry)
	leftTitle := widget.NewLabelWithStyle(lang.L("Still to tell"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.talk = newTalkPane()
	s.detail = container.NewBorder(container.NewVBox(s.head, s.desc.box, s.bar, s.counts), nil, nil, s.talk.root,
		container.NewBorder(leftTitle, nil, nil, nil, s.left))
	s.detail.Hide()
	s.pick = widget.NewLabel(lang.L("Choose a notice on the left to see who has been told."))
	s.pick.Importance = widget.LowImportance
	s.pick.Wrapping = fyne.TextWrapWord

	// A Stack lays out hidden children too, so showing the detail later
	// needs no new layout of the split.
	split := container.NewHSplit(container.NewStack(s.list, container.NewVBox(s.empty)), container.NewStack(container.NewVBox(s.pick), s.detail))
	split.Offset = 0.3
	s.root = container.NewBorder(container.NewVBox(container.NewBorder(nil, nil, title, s.newBtn), intro), nil, nil, nil, split)
	return s
}

func (s *noticesScreen) view() fyne.CanvasObject { return s.root }

type noticeRowT struct {
	title *widget.Label
	sub   *widget.Label
	bar   *widget.ProgressBar
}

func (s *noticesScreen) createRow() fyne.CanvasObject {
	r := &noticeRowT{
		title: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		sub:   widget.NewLabel(""),
		bar:   widget.NewProgressBar(),
	}
	r.title.Truncation = fyne.TextTruncateEllipsis
	r.sub.Truncation = fyne.TextTruncateEllipsis
	return newCell(container.NewVBox(r.title, r.sub, r.bar), r)
}

func (s *noticesScreen) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id < 0 || id >= len(s.rows) {
		return
	}
	r := o.(*cell).data.(*noticeRowT)
	n := s.rows[id]
	r.title.SetText(n.Title)
	r.sub.SetText(noticeSubtitle(n, s.u.now))
	r.bar.Max = float64(max(n.Total, 1))
	r.bar.SetValue(float64(n.Informed))
	r.bar.TextFormatter = func() string {
		if n.Overdue > 0 {
			return lang.L("{{.Informed}}/{{.Total}} told · {{.Overdue}} overdue", map[string]any{"Informed": n.Informed, "Total": n.Total, "Overdue": n.Overdue})
		}
		return lang.L("{{.Informed}}/{{.Total}} told", map[string]any{"Informed": n.Informed, "Total": n.Total})
	}
	r.bar.Refresh()
}

// noticeSubtitle is "Pumpe X200 · lots 14-17 · Tue 24 Nov".
func noticeSubtitle(n data.NoticeRow, now func() time.Time) string {
	lots := lang.L("all lots")
	if n.Lot != "" {
		lots = lang.L("lots {{.Lots}}", map[string]any{"Lots": n.Lot})
	}
	return fmt.Sprintf("%s · %s · %s", n.Product, lots, fmtDay(n.CreatedAt, now()))
}

type noticeEntryT struct {
	icon *widget.Icon
	head *widget.Label
	text *widget.Label
	mail *widget.Button
	open *widget.Button
}

func (s *noticesScreen) createEntry() fyne.CanvasObject {
	r := &noticeEntryT{icon: widget.NewIcon(theme.HistoryIcon()), head: widget.NewLabel(""), text: widget.NewLabel(""),
		mail: widget.NewButtonWithIcon("", theme.MailComposeIcon(), nil),
		open: widget.NewButton(lang.L("Open customer"), nil)}
	r.head.Truncation = fyne.TextTruncateEllipsis
	r.text.Truncation = fyne.TextTruncateEllipsis
	return newCell(container.NewBorder(nil, nil, r.icon, container.NewHBox(r.mail, r.open), container.NewVBox(r.head, r.text)), r)
}

func (s *noticesScreen) updateEntry(id widget.ListItemID, o fyne.CanvasObject) {
	if id < 0 || id >= len(s.entries) {
		return
	}
	r := o.(*cell).data.(*noticeEntryT)
	e := s.entries[id]
	now := s.u.now()
	r.head.SetText(customerName(e.Customer, e.Company))
	contact := strings.Join(nonEmpty(e.Phone, e.Email), " · ")
	if e.Overdue {
		r.icon.SetResource(theme.ErrorIcon())
		r.head.Importance = widget.DangerImportance
		r.text.SetText(lang.L("Overdue since {{.Due}} · {{.Owner}} · {{.Contact}}", map[string]any{"Due": fmtDue(e.Due, now), "Owner": e.OwnerName, "Contact": contact}))
	} else {
		r.icon.SetResource(theme.HistoryIcon())
		r.head.Importance = widget.MediumImportance
		r.text.SetText(lang.L("Due {{.Due}} · {{.Owner}} · {{.Contact}}", map[string]any{"Due": fmtDue(e.Due, now), "Owner": e.OwnerName, "Contact": contact}))
	}
	r.head.Refresh()
	cid, pid := e.CustomerID, e.CommitmentID
	r.open.OnTapped = func() { s.u.openCustomer(cid) }
	r.mail.OnTapped = func() { s.u.showDraftDialog(data.DraftRequest{Kind: data.DraftNotice, CommitmentID: pid}) }
	if s.u.readOnly() {
		r.mail.Disable()
	} else {
		r.mail.Enable()
	}
}

func nonEmpty(vs ...string) []string {
	var out []string
	for _, v := range vs {
		if strings.TrimSpace(v) != "" {
			out = append(out, v)
		}
	}
	return out
}

// refresh reloads the list of notices and the selected one.
func (s *noticesScreen) refresh() {
	st := s.u.store
	if st == nil {
		return
	}
	if s.u.readOnly() {
		s.newBtn.Disable()
	} else {
		s.newBtn.Enable()
	}
	s.gen++
	gen := s.gen
	s.u.do(func() func() {
		rows, err := st.Notices()
		return func() {
			if gen != s.gen {
				return
			}
			if err != nil {
				s.empty.SetText(lang.L("The notices could not be loaded: {{.Err}}", map[string]any{"Err": err.Error()}))
				s.empty.Show()
				return
			}
			s.rows = rows
			s.empty.SetText(lang.L("No notices yet."))
			s.empty.Hidden = len(rows) > 0
			s.empty.Refresh()
			s.list.Refresh()
			if s.selected == 0 && len(rows) > 0 {
				s.selected = rows[0].ID
			}
			for i, r := range rows {
				if r.ID == s.selected {
					s.list.Select(i)
				}
			}
			s.loadDetail()
		}
	})
}

// loadDetail loads the progress of the selected notice. UI thread.
func (s *noticesScreen) loadDetail() {
	st, id := s.u.store, s.selected
	if st == nil || id == 0 {
		s.detail.Hide()
		return
	}
	now := s.u.now()
	talkLang := uiLang()
	s.u.do(func() func() {
		p, err := st.NoticeProgress(id, now)
		var tp data.TalkingPoints
		if err == nil {
			tp, err = st.TalkingPointsFor(data.KindInform, id, talkLang)
		}
		return func() {
			if id != s.selected {
				return
			}
			if err != nil {
				s.u.showError(err)
				return
			}
			s.showProgress(p)
			s.talk.set(tp, lang.L("Notices"))
		}
	})
}

// showProgress fills the detail pane. UI thread.
func (s *noticesScreen) showProgress(p data.NoticeProgress) {
	s.progress = p
	lots := lang.L("all lots")
	if p.Notice.Lot != "" {
		lots = lang.L("lots {{.Lots}}", map[string]any{"Lots": p.Notice.Lot})
	}
	if strings.Contains(strings.ToLower(p.Notice.Title), strings.ToLower(p.Product)) {
		s.head.SetText(fmt.Sprintf("%s — %s", p.Notice.Title, lots))
	} else {
		s.head.SetText(fmt.Sprintf("%s — %s, %s", p.Notice.Title, p.Product, lots))
	}
	s.desc.setText(p.Notice.Description)
	s.bar.Max = float64(max(p.Total, 1))
	s.bar.SetValue(float64(p.Informed))
	parts := []string{lang.L("{{.N}} told", map[string]any{"N": p.Informed}),
		lang.L("{{.N}} still to tell", map[string]any{"N": len(p.Left)})}
	if len(p.Overdue) > 0 {
		parts = append(parts, lang.L("{{.N}} overdue — call them today", map[string]any{"N": len(p.Overdue)}))
	}
	if p.Cancelled > 0 {
		parts = append(parts, lang.L("{{.N}} cancelled", map[string]any{"N": p.Cancelled}))
	}
	s.counts.SetText(strings.Join(parts, " · "))
	if len(p.Overdue) > 0 {
		s.counts.Importance = widget.DangerImportance
	} else {
		s.counts.Importance = widget.MediumImportance
	}
	s.counts.Refresh()
	s.entries = p.Left
	s.left.Refresh()
	s.pick.Hide()
	s.detail.Show()
	s.detail.Refresh()
}

// onNew opens the dialog for a new notice.
func (s *noticesScreen) onNew() {
	if s.u.readOnly() {
		return
	}
	st := s.u.store
	s.u.do(func() func() {
		ps, err := st.Products()
		return func() {
			if err != nil {
				s.u.showError(err)
				return
			}
			if len(ps) == 0 {
				s.u.showMessage(lang.L("No products yet"), lang.L("A notice goes to the buyers of a product. Record products and purchases first (import a purchase list under Reports → Import purchases, or `zusage product add` and `zusage purchase add`)."))
				return
			}
			s.lastNew = newNoticeDialog(s, ps)
			s.lastNew.fd.show()
		}
	})
}

// noticeDialog asks what the notice is about, then shows every customer it
// will reach before anything is written.
type noticeDialog struct {
	s        *noticesScreen
	products []data.Product
	product  *widget.Select
	lots     *entry
	title    *entry
	desc     *entry
	days     *entry
	form     *form
	fd       *formDialog
	// confirm is the preview step (tests).
	confirm *formDialog
	targets []data.NoticeTarget
}

func newNoticeDialog(s *noticesScreen, products []data.Product) *noticeDialog {
	d := &noticeDialog{s: s, products: products}
	names := make([]string, len(products))
	for i, p := range products {
		names[i] = p.Name
	}
	d.product = widget.NewSelect(names, nil)
	d.product.PlaceHolder = lang.L("Choose the product")
	d.lots = newEntry(lang.L("e.g. 14,15 or 14-17 — empty: every lot"))
	d.title = newEntry(lang.L("e.g. Pumpe X200, lots 14–17: seal may leak"))
	d.desc = newMultiEntry(lang.L("What the customer should know and do; what we do about it"))
	d.days = newEntry("3")
	d.days.SetText("3")
	d.form = newForm(
		newField(lang.L("Product"), d.product, "product"),
		newField(lang.L("Lots"), d.lots, "lot"),
		newField(lang.L("Title"), d.title, "title"),
		newField(lang.L("Details"), d.desc, "description"),
		newField(lang.L("Tell within (days)"), d.days, "due-days"),
	)
	d.fd = newFormDialog(s.u, lang.L("New notice"), lang.L("Show customers…"), d.form.box, d.onPreview)
	d.fd.wire(d.lots, d.title, d.desc, d.days)
	d.fd.resize(560, 460)
	return d
}

// input checks what can be checked without the database.
func (d *noticeDialog) input() (data.NewNotice, bool) {
	for _, f := range d.form.fields {
		f.set("")
	}
	d.form.clearGeneral()
	n := data.NewNotice{Title: strings.TrimSpace(d.title.Text), Description: d.desc.Text, Lot: strings.TrimSpace(d.lots.Text), ByID: d.s.u.me.ID}
	ok := true
	if i := d.product.SelectedIndex(); i >= 0 && i < len(d.products) {
		n.ProductID = d.products[i].ID
	} else {
		d.form.byKey("product").set(lang.L("Choose the product the notice is about"))
		ok = false
	}
	days, err := strconv.Atoi(strings.TrimSpace(d.days.Text))
	if err != nil || days < 0 || days > 365 {
		d.form.byKey("due-days").set(lang.L("A number of days from 0 (today) to 365"))
		ok = false
	}
	n.DueDays = days
	if n.Title == "" {
		d.form.byKey("title").set(lang.L("Say what the customers must learn"))
		ok = false
	}
	if _, err := data.ParseLots(n.Lot); err != nil {
		d.form.apply(err)
		ok = false
	}
	return n, ok
}

// onPreview lists the customers the notice will reach.
func (d *noticeDialog) onPreview() {
	n, ok := d.input()
	if !ok {
		return
	}
	st := d.s.u.store
	var ts []data.NoticeTarget
	d.fd.run(func() error {
		var err error
		ts, err = st.NoticeTargets(n.ProductID, n.Lot)
		return err
	}, func(err error) {
		if err != nil {
			d.s.u.saveFailed(d.form, err)
			return
		}
		if len(ts) == 0 {
			key := "product"
			if n.Lot != "" {
				key = "lot"
			}
			d.form.byKey(key).set(lang.L("Nobody bought this yet (or these lots) — there is nobody to inform."))
			return
		}
		d.targets = ts
		d.showConfirm(n)
	})
}

// showConfirm is the second step: the list, then Create.
func (d *noticeDialog) showConfirm(n data.NewNotice) {
	u := d.s.u
	ts := d.targets
	msg := widget.NewLabel(lang.L("Zusage will give each of these {{.N}} customers' account owner an “inform” promise, due in {{.Days}} days. Nothing is sent to the customers — your team calls or writes to them, and logs it.",
		map[string]any{"N": len(ts), "Days": n.DueDays}))
	msg.Wrapping = fyne.TextWrapWord
	list := widget.NewList(func() int { return len(ts) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < 0 || id >= len(ts) {
				return
			}
			t := ts[id]
			lots := ""
			if len(t.Lots) > 0 {
				lots = " · " + lang.L("lots {{.Lots}}", map[string]any{"Lots": strings.Join(t.Lots, ", ")})
			}
			o.(*widget.Label).SetText(fmt.Sprintf("%s — %s%s", customerName(t.Customer, t.Company), t.OwnerName, lots))
		})
	body := container.NewBorder(msg, nil, nil, nil, container.NewGridWrap(fyne.NewSize(540, 260), list))
	d.confirm = newFormDialog(u, lang.L("Inform {{.N}} customers?", map[string]any{"N": len(ts)}),
		lang.L("Create {{.N}} inform promises", map[string]any{"N": len(ts)}), body, nil)
	d.confirm.onSubmit = func() {
		var notice data.Notice
		d.confirm.run(func() error {
			var err error
			notice, _, err = u.store.CreateNotice(n)
			return err
		}, func(err error) {
			if err != nil {
				d.confirm.close()
				u.saveFailed(d.form, err)
				return
			}
			d.confirm.close()
			d.fd.close()
			d.s.selected = notice.ID
			d.s.refresh()
			u.notify.status(lang.L("Notice created: {{.N}} customers to inform", map[string]any{"N": len(ts)}))
			u.changed()
		})
	}
	d.confirm.resize(600, 440)
	d.confirm.show()
}
