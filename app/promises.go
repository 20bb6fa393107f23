package app

import (
	"fmt"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/zusage/zusage/data"
)

// promisesScreen lists every open promise grouped Overdue / Today / This
// week / Later, filtered by owner and kind.
type promisesScreen struct {
	u      *ui
	owner  *widget.Select
	kind   *selectOf
	users  []data.User
	list   *keyList
	count  *widget.Label
	items  []promiseItem
	gen    int
	export *widget.Button
	root   fyne.CanvasObject
	// heights keeps the group headers' own heights.
	heights sectionHeights
	// sel is the selected row (-1: none); the single keys act on it.
	sel int
}

type promiseItem struct {
	header string
	row    *data.PromiseRow
}

func newPromisesScreen(u *ui) *promisesScreen {
	s := &promisesScreen{u: u, sel: -1}
	u.promises = s
	s.owner = widget.NewSelect([]string{lang.L("Everyone")}, func(string) { s.refresh() })
	kinds := append([]string{""}, data.Kinds...)
	s.kind = newSelectOf(kinds, func(k string) string {
		if k == "" {
			return lang.L("All kinds")
		}
		return kindLabel(k)
	}, nil)
	s.kind.SetSelectedIndex(0)
	s.kind.OnChanged = func(string) { s.refresh() }
	s.count = widget.NewLabel("")
	s.list = newKeyList(func() int { return len(s.items) }, s.createRow, s.updateRow)
	s.list.OnSelected = func(id widget.ListItemID) { s.sel = id }
	s.list.onKey = s.onKey
	s.list.onRune = func(r rune) bool { return s.act(s.sel, r) }
	s.export = widget.NewButtonWithIcon(lang.L("Export my promises"), theme.CalendarIcon(), u.exportFeed)
	title := widget.NewLabelWithStyle(lang.L("Open promises"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	filters := container.NewHBox(widget.NewLabel(lang.L("Responsible")), s.owner, widget.NewLabel(lang.L("Kind")), s.kind.Select, s.export)
	s.root = container.NewBorder(container.NewVBox(title, filters, s.count), nil, nil, nil, s.list)
	return s
}

func (s *promisesScreen) view() fyne.CanvasObject { return s.root }

type promiseRowT struct {
	header *widget.Label
	head   *widget.Label
	text   *widget.Label
	icon   *widget.Icon
	btns   [4]*tipButton
	body   *fyne.Container
}

func (s *promisesScreen) createRow() fyne.CanvasObject {
	r := &promiseRowT{
		header: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		head:   widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		text:   widget.NewLabel(""),
		icon:   widget.NewIcon(theme.HistoryIcon()),
	}
	r.head.Truncation = fyne.TextTruncateEllipsis
	r.text.Truncation = fyne.TextTruncateEllipsis
	btns := container.NewHBox()
	for i := range r.btns {
		r.btns[i] = newTipButton("", nil)
		btns.Add(r.btns[i])
	}
	r.body = container.NewBorder(nil, nil, r.icon, btns, container.NewVBox(r.head, r.text))
	return newCell(container.NewStack(r.header, r.body), r)
}

func (s *promisesScreen) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id < 0 || id >= len(s.items) {
		return
	}
	r := o.(*cell).data.(*promiseRowT)
	it := s.items[id]
	if it.header != "" {
		r.header.SetText(it.header)
		r.header.Show()
		r.body.Hide()
		return
	}
	r.header.Hide()
	r.body.Show()
	p := *it.row
	now := s.u.now()
	due := data.DueOf(p.Commitment, s.u.store.Loc)
	left := ""
	if now.Before(p.DueAt.Time) {
		left = lang.L("{{.Span}} left", map[string]any{"Span": fmtSpan(p.DueAt.Time.Sub(now))})
		r.icon.SetResource(theme.HistoryIcon())
	} else {
		left = lang.L("overdue for {{.Span}}", map[string]any{"Span": fmtSpan(now.Sub(p.DueAt.Time))})
		r.icon.SetResource(theme.ErrorIcon())
	}
	r.head.SetText(fmt.Sprintf("%s — %s · %s", fmtDue(due, now), left, customerName(p.Customer, p.Company)))
	r.text.SetText(fmt.Sprintf("%s · %s", kindAndTitle(p.Kind, p.Title), p.OwnerName))
	ro := s.u.readOnly()
	set := func(b *tipButton, key rune, text string, disabled bool) {
		b.SetText(text)
		b.Tip = keyTip(text, key)
		b.OnTapped = func() { s.act(id, key) }
		if disabled {
			b.Disable()
		} else {
			b.Enable()
		}
	}
	set(r.btns[0], keyDone, lang.L("Done"), ro)
	set(r.btns[1], keyReschedule, lang.L("Reschedule"), ro)
	set(r.btns[2], keyNotice, lang.L("Delay notice"), ro)
	set(r.btns[3], keyOpen, lang.L("Open customer"), false)
}

// act does what key means for row i, as its buttons do; it reports whether
// the key meant something there.
func (s *promisesScreen) act(i int, key rune) bool {
	if i < 0 || i >= len(s.items) || s.items[i].row == nil {
		return false
	}
	p := s.items[i].row
	switch key = unicode.ToLower(key); {
	case key == keyOpen:
		s.u.openCustomer(p.CustomerID)
	case s.u.readOnly():
		return false
	case key == keyDone:
		s.u.showDoneDialog(p.ID)
	case key == keyReschedule:
		s.u.showRescheduleDialog(p.ID)
	case key == keyNotice:
		s.u.showDraftDialog(data.DraftRequest{Kind: data.DraftDelay, CommitmentID: p.ID})
	default:
		return false
	}
	return true
}

// onKey moves the selection with ↑/↓ over the promises (not the group
// headers); Enter opens the customer.
func (s *promisesScreen) onKey(k *fyne.KeyEvent) bool {
	selectable := func(i int) bool { return s.items[i].row != nil }
	return listKeys(k, s.list, s.sel, len(s.items), selectable, func() bool { return s.act(s.sel, keyOpen) })
}

// ownerFilter is the selected salesperson's id, 0 for everyone.
func (s *promisesScreen) ownerFilter() uint {
	i := s.owner.SelectedIndex()
	if i <= 0 || i > len(s.users) {
		return 0
	}
	return s.users[i-1].ID
}

func (s *promisesScreen) refresh() {
	st := s.u.store
	if st == nil {
		return
	}
	s.gen++
	gen := s.gen
	f := data.PromiseFilter{OwnerID: s.ownerFilter(), Kind: s.kind.value()}
	now := s.u.now()
	s.u.do(func() func() {
		users, err := st.Users()
		var rows []data.PromiseRow
		if err == nil {
			rows, err = st.OpenPromises(f)
		}
		return func() {
			if gen != s.gen {
				return
			}
			if err != nil {
				s.count.SetText(lang.L("The promises could not be loaded: {{.Err}}", map[string]any{"Err": err.Error()}))
				return
			}
			s.setUsers(users, f.OwnerID)
			s.setData(rows, now)
		}
	})
}

// setUsers fills the owner filter, keeping the selection. UI thread.
func (s *promisesScreen) setUsers(users []data.User, selected uint) {
	s.users = users
	opts := []string{lang.L("Everyone")}
	sel := 0
	for i, x := range users {
		opts = append(opts, x.Name)
		if x.ID == selected {
			sel = i + 1
		}
	}
	cb := s.owner.OnChanged
	s.owner.OnChanged = nil
	s.owner.Options = opts
	s.owner.SetSelectedIndex(sel)
	s.owner.OnChanged = cb
}

// promiseGroup says which section a deadline falls in: overdue, today,
// the rest of this week (up to Sunday night), later.
func promiseGroup(dueAt, now time.Time) int {
	today := startOfDay(now)
	toMonday := (8 - int(today.Weekday())) % 7
	if toMonday == 0 {
		toMonday = 7
	}
	switch {
	case dueAt.Before(now):
		return 0
	case dueAt.Before(today.AddDate(0, 0, 1)):
		return 1
	case dueAt.Before(today.AddDate(0, 0, toMonday)):
		return 2
	}
	return 3
}

func (s *promisesScreen) setData(rows []data.PromiseRow, now time.Time) {
	groups := make([][]promiseItem, 4)
	for i := range rows {
		g := promiseGroup(rows[i].DueAt.Time, now)
		groups[g] = append(groups[g], promiseItem{row: &rows[i]})
	}
	names := []string{lang.L("Overdue"), lang.L("Today"), lang.L("This week"), lang.L("Later")}
	var items []promiseItem
	for g, part := range groups {
		if len(part) == 0 {
			continue
		}
		items = append(items, promiseItem{header: fmt.Sprintf("%s (%d)", names[g], len(part))})
		items = append(items, part...)
	}
	var prev uint
	if s.sel >= 0 && s.sel < len(s.items) && s.items[s.sel].row != nil {
		prev = s.items[s.sel].row.ID
	}
	s.items = items
	if len(rows) == 1 {
		s.count.SetText(lang.L("1 open promise"))
	} else {
		s.count.SetText(lang.L("{{.N}} open promises", map[string]any{"N": len(rows)}))
	}
	s.list.Refresh()
	s.heights.apply(&s.list.List, len(items), s.createRow().MinSize().Height, func(i int) bool { return items[i].header != "" })
	// The same promise stays selected across a reload, else the first one.
	s.sel = first(len(items), func(i int) bool { return items[i].row != nil && items[i].row.ID == prev })
	if s.sel < 0 {
		s.sel = first(len(items), func(i int) bool { return items[i].row != nil })
	}
	if s.sel >= 0 {
		s.list.Select(s.sel)
	} else {
		s.list.UnselectAll()
	}
	s.u.focusBoard()
}
