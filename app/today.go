package app

import (
	"fmt"
	"image/color"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/zusage/zusage/data"
)

// todayItem is one line of the Today board: a section header, a warning,
// or a callback due today.
type todayItem struct {
	header   string
	warning  *data.Warning
	callback *data.PromiseRow
}

// todayScreen is the start screen: what needs attention now (lessons 3, 4).
type todayScreen struct {
	u       *ui
	team    *widget.Check
	summary *widget.Label
	list    *keyList
	empty   *widget.Label
	items   []todayItem
	root    fyne.CanvasObject
	gen     int
	heights sectionHeights
	// sel is the selected line (-1: none); the single keys act on it.
	sel int
	// handovers: "Remove from your calendar" (app/handovers.go).
	handovers *handoverBox
	// views hold the warnings of each filter (one salesperson, 0: the
	// team) and re-read only what another desktop's change touched; they
	// belong to viewStore. Used on the UI thread and in the loading goroutine
	// (a view locks itself).
	views     map[uint]*data.WarningsView
	viewStore *data.Store
	// lastLoad says how the board was last brought up to date (tests).
	lastLoad data.ViewRefresh
}

// warningsView is the warnings view for owner on the current Store. UI thread.
func (s *todayScreen) warningsView(owner uint) *data.WarningsView {
	if s.viewStore != s.u.store || s.views == nil {
		s.views, s.viewStore = map[uint]*data.WarningsView{}, s.u.store
	}
	v := s.views[owner]
	if v == nil {
		v = s.u.store.NewWarningsView(data.WarningFilter{OwnerID: owner})
		s.views[owner] = v
	}
	return v
}

func newTodayScreen(u *ui) *todayScreen {
	s := &todayScreen{u: u, sel: -1}
	u.today = s
	s.team = widget.NewCheck(lang.L("Whole team"), func(on bool) {
		u.prefs.SetBool(prefTeamView, on)
		s.refresh()
	})
	s.team.Checked = u.prefs.BoolWithFallback(prefTeamView, false)
	s.summary = widget.NewLabel("")
	s.summary.Wrapping = fyne.TextWrapWord
	s.empty = widget.NewLabel(lang.L("Nothing needs your attention right now: every promise is on track and every customer has a next step."))
	s.empty.Wrapping = fyne.TextWrapWord
	s.empty.Hide()
	s.list = newKeyList(func() int { return len(s.items) }, s.createRow, s.updateRow)
	s.list.OnSelected = func(id widget.ListItemID) { s.sel = id }
	s.list.onKey = s.onKey
	s.list.onRune = func(r rune) bool { return s.act(s.sel, r) }
	title := widget.NewLabelWithStyle(lang.L("Today"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	s.handovers = newHandoverBox(u)
	top := container.NewVBox(container.NewBorder(nil, nil, title, s.team), s.handovers.box, s.summary, s.empty)
	s.root = container.NewBorder(top, nil, nil, nil, s.list)
	return s
}

func (s *todayScreen) view() fyne.CanvasObject { return s.root }

// todayRow is the template of one board line.
type todayRow struct {
	header  *widget.Label
	bar     *canvas.Rectangle
	icon    *widget.Icon
	title   *widget.Label
	message *widget.Label
	btns    [4]*tipButton
	body    *fyne.Container
}

func (s *todayScreen) createRow() fyne.CanvasObject {
	r := &todayRow{
		header:  widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		bar:     canvas.NewRectangle(color.Transparent),
		icon:    widget.NewIcon(theme.WarningIcon()),
		title:   widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		message: widget.NewLabel(""),
	}
	r.title.Truncation = fyne.TextTruncateEllipsis
	// The words say what is wrong; they may take two lines rather than
	// be cut off (German is long, and so is the team view).
	r.message.Wrapping = fyne.TextWrapWord
	r.bar.SetMinSize(fyne.NewSize(6, 10))
	btns := container.NewHBox()
	for i := range r.btns {
		r.btns[i] = newTipButton("", nil)
		btns.Add(r.btns[i])
	}
	text := container.NewVBox(r.title, r.message)
	r.body = container.NewBorder(nil, nil, container.NewHBox(r.bar, r.icon), container.NewCenter(btns), text)
	c := newCell(container.NewStack(r.header, r.body), r)
	c.minH = s.rowHeight()
	return c
}

func (s *todayScreen) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id < 0 || id >= len(s.items) {
		return
	}
	r := o.(*cell).data.(*todayRow)
	it := s.items[id]
	if it.header != "" {
		r.header.SetText(it.header)
		r.header.Show()
		r.body.Hide()
		return
	}
	r.header.Hide()
	r.body.Show()
	now := s.u.now()
	ro := s.u.readOnly()
	for _, b := range r.btns {
		b.Show()
		b.Enable()
		b.Importance = widget.MediumImportance
	}
	switch {
	case it.warning != nil:
		w := *it.warning
		r.bar.FillColor, r.icon.Resource = levelLook(w.Level)
		r.title.SetText(s.withOwner(warningTitle(w), w.OwnerName))
		r.message.SetText(warningText(w, now))
		if w.CommitmentID == nil {
			s.setBtn(r.btns[0], id, keyPromise, lang.L("New promise"), ro)
			s.setBtn(r.btns[1], id, keyLog, lang.L("Log contact"), ro)
			r.btns[2].Hide()
		} else {
			done := lang.L("Done")
			if w.Kind == data.KindCallback {
				done = lang.L("Call done")
			}
			s.setBtn(r.btns[0], id, keyDone, done, ro)
			s.setBtn(r.btns[1], id, keyReschedule, lang.L("Reschedule"), ro)
			s.setBtn(r.btns[2], id, keyNotice, lang.L("Delay notice"), ro)
			switch w.Level {
			case data.LevelSilent:
				r.btns[2].Importance = widget.DangerImportance
			case data.LevelUntold:
				r.btns[2].Importance = widget.WarningImportance
			}
		}
		s.setBtn(r.btns[3], id, keyOpen, lang.L("Open customer"), false)
	case it.callback != nil:
		c := *it.callback
		r.bar.FillColor, r.icon.Resource = levelLook("")
		r.title.SetText(s.withOwner(fmt.Sprintf("%s · %s", customerName(c.Customer, c.Company), kindAndTitle(c.Kind, c.Title)), c.OwnerName))
		r.message.SetText(lang.L("Callback today at {{.Time}} — in {{.Span}}", map[string]any{"Time": c.DueAt.Time.Local().Format("15:04"), "Span": fmtSpan(c.DueAt.Time.Sub(now))}))
		s.setBtn(r.btns[0], id, keyDone, lang.L("Call done"), ro)
		s.setBtn(r.btns[1], id, keyReschedule, lang.L("Reschedule"), ro)
		r.btns[2].Hide()
		s.setBtn(r.btns[3], id, keyOpen, lang.L("Open customer"), false)
	}
	r.bar.Refresh()
	r.icon.Refresh()
	for _, b := range r.btns {
		b.Refresh()
	}
}

// rowHeight fits a title line, two lines of words and the buttons.
func (s *todayScreen) rowHeight() float32 {
	l := widget.NewLabel("X")
	line := l.MinSize().Height - 2*l.Theme().Size(theme.SizeNameInnerPadding)
	return 2*l.MinSize().Height + line
}

// withOwner adds the responsible salesperson in the team view.
func (s *todayScreen) withOwner(title, owner string) string {
	if s.team.Checked {
		return owner + " — " + title
	}
	return title
}

// setBtn makes b the button for the action of line id that key triggers
// too; its hint names the key.
func (s *todayScreen) setBtn(b *tipButton, id int, key rune, text string, disabled bool) {
	b.SetText(text)
	b.Tip = keyTip(text, key)
	b.OnTapped = func() { s.act(id, key) }
	if disabled {
		b.Disable()
	}
}

// act does what key means for line i: the same as the line's buttons.
// It reports whether the key meant something there.
func (s *todayScreen) act(i int, key rune) bool {
	if i < 0 || i >= len(s.items) {
		return false
	}
	it := s.items[i]
	key = unicode.ToLower(key)
	ro := s.u.readOnly()
	var customer, promise uint
	switch {
	case it.warning != nil:
		customer = it.warning.CustomerID
		if it.warning.CommitmentID != nil {
			promise = *it.warning.CommitmentID
		}
	case it.callback != nil:
		customer, promise = it.callback.CustomerID, it.callback.ID
	default:
		return false
	}
	switch {
	case key == keyOpen:
		s.u.openCustomer(customer)
	case ro:
		return false
	case key == keyDone && promise != 0:
		s.u.showDoneDialog(promise)
	case key == keyReschedule && promise != 0:
		s.u.showRescheduleDialog(promise)
	case key == keyNotice && promise != 0 && it.warning != nil:
		s.u.showDraftDialog(data.DraftRequest{Kind: data.DraftDelay, CommitmentID: promise})
	case key == keyPromise && promise == 0:
		s.u.showPromiseDialog(customer)
	case key == keyLog && promise == 0:
		s.u.showContactDialog(customer, nil, false)
	default:
		return false
	}
	return true
}

// onKey moves the selection with ↑/↓ over the lines (not the section
// headers); Enter opens the customer.
func (s *todayScreen) onKey(k *fyne.KeyEvent) bool {
	selectable := func(i int) bool { return s.items[i].header == "" }
	return listKeys(k, s.list, s.sel, len(s.items), selectable, func() bool { return s.act(s.sel, keyOpen) })
}

// keepSelection selects the line about the same promise or customer as
// before a reload, else the first line, and gives the list the keyboard
// when nothing else has it. UI thread.
func (s *todayScreen) keepSelection(prev todayItem) {
	sel := -1
	for i, it := range s.items {
		if it.header == "" && sameLine(it, prev) {
			sel = i
			break
		}
	}
	if sel < 0 {
		sel = first(len(s.items), func(i int) bool { return s.items[i].header == "" })
	}
	s.sel = sel
	if sel >= 0 {
		s.list.Select(sel)
	} else {
		s.list.UnselectAll()
	}
	s.u.focusBoard()
}

// sameLine reports whether two board lines are about the same thing.
func sameLine(a, b todayItem) bool {
	switch {
	case a.warning != nil && b.warning != nil:
		if a.warning.CommitmentID != nil && b.warning.CommitmentID != nil {
			return *a.warning.CommitmentID == *b.warning.CommitmentID
		}
		return a.warning.CommitmentID == nil && b.warning.CommitmentID == nil && a.warning.CustomerID == b.warning.CustomerID
	case a.callback != nil && b.callback != nil:
		return a.callback.ID == b.callback.ID
	}
	return false
}

// levelLook is the colour and icon of a level; the words say it too.
func levelLook(level data.Level) (color.Color, fyne.Resource) {
	v := fyne.CurrentApp().Settings().ThemeVariant()
	th := fyne.CurrentApp().Settings().Theme()
	switch {
	case level.Urgent():
		return th.Color(theme.ColorNameError, v), theme.ErrorIcon()
	case level == data.LevelNoNextStep:
		return th.Color(theme.ColorNameDisabled, v), theme.QuestionIcon()
	case level.ForPromise():
		return th.Color(theme.ColorNameWarning, v), theme.WarningIcon()
	}
	return th.Color(theme.ColorNamePrimary, v), theme.MediaPlayIcon()
}

func customerName(name, company string) string {
	if company != "" && company != name {
		return name + " (" + company + ")"
	}
	return name
}

// warningTitle is the first line of a warning: who and what.
func warningTitle(w data.Warning) string {
	if w.CommitmentID == nil {
		return customerName(w.Customer, w.Company)
	}
	return fmt.Sprintf("%s · %s", customerName(w.Customer, w.Company), kindAndTitle(w.Kind, w.Title))
}

// warningText says in words what is wrong, so colour is never the only
// signal: "Promised for Tue 10:00 — customer without news for 2 days".
func warningText(w data.Warning, now time.Time) string {
	due := fmtDue(w.Due, now)
	switch w.Level {
	case data.LevelSilent:
		if now.Before(w.DueAt) {
			// The date the customer heard passed; the new one lies ahead.
			return lang.L("The customer was told {{.Told}}, which passed {{.Span}} ago without a word; the new date {{.Due}} is not told yet. Send a delay notice now.",
				map[string]any{"Told": fmtDue(w.ToldDue, now), "Span": fmtSpan(now.Sub(w.ToldDueAt)), "Due": due})
		}
		return lang.L("Promised for {{.Due}} — customer without news for {{.Span}}. Send a delay notice now.", map[string]any{"Due": due, "Span": fmtSpan(now.Sub(w.DueAt))})
	case data.LevelUntold:
		return lang.L("Moved to {{.Due}}, but the customer still expects {{.Told}}. Tell them the new date now.", map[string]any{"Due": due, "Told": fmtDue(w.ToldDue, now)})
	case data.LevelSlipped:
		return lang.L("Promised for {{.Due}} — overdue for {{.Span}}; the customer was told.", map[string]any{"Due": due, "Span": fmtSpan(now.Sub(w.DueAt))})
	case data.LevelAtRisk:
		if w.Informed {
			return lang.L("At risk: promised for {{.Due}}, but the internal estimate is {{.Estimate}}; the customer was told.", map[string]any{"Due": due, "Estimate": fmtEstimate(w.Estimate, now)})
		}
		return lang.L("At risk: promised for {{.Due}}, but the internal estimate is {{.Estimate}}. Tell the customer now.", map[string]any{"Due": due, "Estimate": fmtEstimate(w.Estimate, now)})
	case data.LevelSoon:
		return lang.L("Due soon: {{.Due}} — in {{.Span}}.", map[string]any{"Due": due, "Span": fmtSpan(w.DueAt.Sub(now))})
	case data.LevelNoNextStep:
		if w.Since.IsZero() {
			return lang.L("No next step: no open promise and never contacted. Agree a next step.")
		}
		return lang.L("No next step: no open promise and no contact for {{.Span}}. Agree a next step.", map[string]any{"Span": fmtSpan(now.Sub(w.Since))})
	}
	return string(w.Level)
}

// refresh reloads the board off the UI thread.
func (s *todayScreen) refresh() {
	if s.u.store == nil {
		return
	}
	s.handovers.refresh()
	s.gen++
	gen := s.gen
	st := s.u.store
	now := s.u.now()
	owner := s.u.me.ID
	if s.team.Checked {
		owner = 0
	}
	view := s.warningsView(owner)
	s.u.do(func() func() {
		ws, how, err := view.Warnings(now)
		var cbs []data.PromiseRow
		if err == nil {
			end := startOfDay(now).AddDate(0, 0, 1)
			// Only the rest of today: overdue callbacks are warnings already.
			cbs, err = st.OpenPromises(data.PromiseFilter{OwnerID: owner, Kind: data.KindCallback, From: now, Before: end})
		}
		return func() {
			if gen != s.gen {
				return
			}
			if err != nil {
				s.summary.SetText(lang.L("The board could not be loaded: {{.Err}}", map[string]any{"Err": err.Error()}))
				return
			}
			s.lastLoad = how
			s.setData(ws, cbs, now)
		}
	})
}

// setData groups the warnings into the board's sections. UI thread.
func (s *todayScreen) setData(ws []data.Warning, cbs []data.PromiseRow, now time.Time) {
	var red, untold, amber, quiet []todayItem
	inBoard := map[uint]bool{}
	for i := range ws {
		w := &ws[i]
		if w.CommitmentID != nil {
			inBoard[*w.CommitmentID] = true
		}
		switch {
		case w.Level.Urgent():
			red = append(red, todayItem{warning: w})
		case w.Level == data.LevelUntold:
			untold = append(untold, todayItem{warning: w})
		case w.Level.ForPromise():
			amber = append(amber, todayItem{warning: w})
		default:
			quiet = append(quiet, todayItem{warning: w})
		}
	}
	var calls []todayItem
	for i := range cbs {
		if !inBoard[cbs[i].ID] && !cbs[i].DueAt.Time.Before(now) {
			calls = append(calls, todayItem{callback: &cbs[i]})
		}
	}
	var items []todayItem
	add := func(title string, part []todayItem) {
		if len(part) == 0 {
			return
		}
		items = append(items, todayItem{header: fmt.Sprintf("%s (%d)", title, len(part))})
		items = append(items, part...)
	}
	add(lang.L("Slipped and silent — act now"), red)
	add(lang.L("New date not yet told to the customer"), untold)
	add(lang.L("At risk and due soon"), amber)
	add(lang.L("Callbacks later today"), calls)
	add(lang.L("Customers with no next step"), quiet)
	var prev todayItem
	if s.sel >= 0 && s.sel < len(s.items) {
		prev = s.items[s.sel]
	}
	s.items = items
	silent := 0
	for _, it := range red {
		if it.warning.Level == data.LevelSilent {
			silent++
		}
	}
	s.summary.SetText(lang.L("{{.Red}} slipped ({{.Silent}} of them silent), {{.Untold}} moved without telling the customer, {{.Amber}} at risk or due soon, {{.Calls}} more callbacks today, {{.Quiet}} customers without a next step.",
		map[string]any{"Red": len(red), "Silent": silent, "Untold": len(untold), "Amber": len(amber), "Calls": len(calls), "Quiet": len(quiet)}))
	s.empty.Hidden = len(items) > 0
	s.empty.Refresh()
	s.list.Refresh()
	s.heights.apply(&s.list.List, len(items), s.rowHeight(), func(i int) bool { return items[i].header != "" })
	s.keepSelection(prev)
	s.u.setBadge(len(red))
	s.u.notify.warnings(ws)
}
