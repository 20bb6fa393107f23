package app

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zusage/zusage/data"
)

// key sends one key to whatever has the focus, or to the window.
func key(u *ui, name fyne.KeyName) {
	ev := &fyne.KeyEvent{Name: name}
	if f := u.win.Canvas().Focused(); f != nil {
		f.TypedKey(ev)
		return
	}
	u.win.Canvas().OnTypedKey()(ev)
}

func shortcut(t *testing.T, u *ui, k fyne.KeyName) {
	t.Helper()
	sc, ok := u.win.Canvas().(fyne.Shortcutable)
	require.True(t, ok)
	sc.TypedShortcut(&desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault})
}

// The call after hanging up, without the mouse: Ctrl+F, the name, Enter,
// Ctrl+L, the summary, Enter.
func TestSearchEnterOpensTheCustomerAndTheCallIsLoggedWithoutTheMouse(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	shortcut(t, u, fyne.KeyF)
	require.Equal(t, u.customers.search, u.win.Canvas().Focused())
	test.Type(u.customers.search, "schulz")
	require.Len(t, u.customers.rows, 1)
	key(u, fyne.KeyReturn)
	require.NotNil(t, u.customers.detail)
	assert.Equal(t, tm.schulz.ID, u.customers.detail.id, "Enter opens the top match")
	assert.Nil(t, u.win.Canvas().Focused(), "the search box lets go, so the keys go to the window")
	shortcut(t, u, fyne.KeyL)
	d := u.lastContact
	require.NotNil(t, d)
	assert.Equal(t, tm.schulz.ID, d.customerID)
	assert.Equal(t, d.summary, u.win.Canvas().Focused())
	test.Type(d.summary, "Rückruf: Angebot passt, Auftrag folgt")
	key(u, fyne.KeyReturn)
	assert.True(t, d.fd.closed)
	items, _, err := tm.store.Timeline(tm.schulz.ID, "", 5)
	require.NoError(t, err)
	var found bool
	for _, it := range items {
		found = found || it.Summary == "Rückruf: Angebot passt, Auftrag folgt"
	}
	assert.True(t, found)
}

func TestArrowsMoveThroughTheResultsAndEscReturnsToTheList(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	shortcut(t, u, fyne.KeyF)
	require.Len(t, u.customers.rows, 2)
	key(u, fyne.KeyDown)
	assert.Equal(t, 0, u.customers.sel)
	assert.Equal(t, u.customers.rows[0].ID, u.customers.detail.id, "the highlighted customer shows beside")
	key(u, fyne.KeyDown)
	key(u, fyne.KeyDown)
	assert.Equal(t, 1, u.customers.sel, "stops at the last result")
	key(u, fyne.KeyUp)
	assert.Equal(t, 0, u.customers.sel)
	key(u, fyne.KeyDown)
	key(u, fyne.KeyReturn)
	assert.Equal(t, u.customers.rows[1].ID, u.customers.detail.id, "Enter opens the highlighted one")
	assert.Nil(t, u.win.Canvas().Focused())
	key(u, fyne.KeyEscape)
	assert.Equal(t, u.customers.search, u.win.Canvas().Focused(), "Esc returns to the list")
	assert.Len(t, u.customers.rows, 2, "with the results kept")
	assert.Equal(t, 1, u.customers.sel)
}

func TestEnterBeforeTheResultsArriveOpensTheTopMatchWhenTheyDo(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	s := u.customers
	s.loading = true
	s.openPending = false
	s.openSelected()
	assert.True(t, s.openPending)
	s.loading = false
	s.load("müller")
	require.NotNil(t, s.detail)
	assert.Equal(t, tm.mueller.ID, s.detail.id)
}

func TestDatesInTheLocalesFormatAndISO(t *testing.T) {
	langOnce.Do(func() { setupLanguage("") })
	cases := []struct {
		in    string
		style dateStyle
		want  string
	}{
		{"03.12.2026", dateDE, "2026-12-03"},
		{"3.12.26", dateDE, "2026-12-03"},
		{"2026-12-03", dateDE, "2026-12-03"},
		{"12/03/2026", dateUS, "2026-12-03"},
		{"2026-12-03", dateUS, "2026-12-03"},
		{"03.12.2026", dateUS, "2026-12-03"},
		{"03/12/2026", dateGB, "2026-12-03"},
		{"2026-12-03", dateISO, "2026-12-03"},
	}
	for _, c := range cases {
		y, m, d, err := parseDateIn(c.in, c.style)
		require.NoError(t, err, "%s in style %d", c.in, c.style)
		assert.Equal(t, c.want, time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Format("2006-01-02"), "%s in style %d", c.in, c.style)
	}
	for _, bad := range []string{"13/03/2026", "31.04.2027", "2026-02-30", "3.12", "12/03/26x", "03.12.202"} {
		_, _, _, err := parseDateIn(bad, dateUS)
		assert.Error(t, err, bad)
	}
	_, _, _, err := parseDateIn("12/31/2026", dateGB)
	assert.EqualError(t, err, "There is no month 31")
	assert.Equal(t, "12/03/2026", time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC).Format(dateUS.layout()))
	assert.Equal(t, "03.12.2026", time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC).Format(dateDE.layout()))

	t.Setenv("LC_ALL", "")
	t.Setenv("LC_TIME", "")
	t.Setenv("LANG", "en_US.UTF-8")
	assert.Equal(t, dateUS, userDateStyle())
	assert.Equal(t, "MM/DD/YYYY", datePlaceholder())
	t.Setenv("LANG", "en_GB.UTF-8")
	assert.Equal(t, dateGB, userDateStyle())
	t.Setenv("LC_TIME", "de_AT.UTF-8")
	assert.Equal(t, dateDE, userDateStyle(), "LC_TIME decides how dates are written")
}

func TestCalendarPickerWritesTheDayInTheUsersFormat(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	u.showRescheduleDialog(tm.silent.ID)
	d := u.lastChange
	require.NotNil(t, d)
	btn, ok := d.due.date.ActionItem.(*widget.Button)
	require.True(t, ok, "the date field has a calendar button")
	test.Tap(btn)
	cal := d.due.date.lastCalendar
	require.NotNil(t, cal)
	cal.OnChanged(time.Date(2026, 12, 3, 0, 0, 0, 0, time.Local))
	assert.Equal(t, fmtDateInput(time.Date(2026, 12, 3, 12, 0, 0, 0, time.Local)), d.due.date.Text)
	due, derr, terr := d.due.value(time.Local)
	require.NoError(t, derr)
	require.NoError(t, terr)
	assert.Equal(t, "2026-12-03", due.At.Format("2006-01-02"))
	assert.Equal(t, "10:00", d.due.clock.Text, "the time of day stays")
}

// The board's selected line and what one key does with it.
func TestTodayKeysActOnTheSelectedLine(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	require.Equal(t, u.today.list, u.win.Canvas().Focused(), "Today takes the keyboard when it shows")
	i := findWarning(u, tm.silent.ID)
	require.Equal(t, i, u.today.sel, "the first line is selected")
	row := todayRowAt(u, i)
	assert.Equal(t, "Reschedule — key R", row.btns[1].Tip, "the buttons' hints name the keys")
	assert.Equal(t, "Delay notice — key N", row.btns[2].Tip)
	assert.Equal(t, "Open customer — key O", row.btns[3].Tip)

	// A reschedule with a reason: R, Alt+1 (tomorrow), the reason and Enter.
	u.today.list.TypedRune('r')
	d := u.lastChange
	require.NotNil(t, d)
	require.Equal(t, "reschedule", d.kind)
	assert.Equal(t, d.reason, u.win.Canvas().Focused(), "the reason is what is left to type")
	d.reason.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.Key1, Modifier: fyne.KeyModifierAlt})
	assert.Equal(t, fmtDateInput(time.Date(2026, 11, 25, 12, 0, 0, 0, time.Local)), d.due.date.Text, "tomorrow")
	assert.Equal(t, "10:00", d.due.clock.Text, "at the time of day of the callback")
	test.Type(d.reason, "Kunde erst morgen erreichbar")
	key(u, fyne.KeyReturn)
	c, err := tm.store.Commitment(tm.silent.ID)
	require.NoError(t, err)
	assert.Equal(t, time.Date(2026, 11, 25, 10, 0, 0, 0, time.Local).Unix(), c.DueAt.Unix())

	// A delay notice with a ready e-mail: N, Enter.
	mails := recordMail(u)
	require.Equal(t, u.today.list, u.win.Canvas().Focused(), "back on the board after the dialog")
	i = findWarning(u, tm.silent.ID)
	require.GreaterOrEqual(t, i, 0, "moved without telling the customer")
	u.today.list.Select(i)
	u.today.list.TypedRune('n')
	dd := u.lastDraft
	require.NotNil(t, dd)
	assert.Contains(t, dd.body.Text, "Neuer Termin: Mittwoch, 25. November 2026, 10:00 Uhr.", "the moved date the customer has not heard")
	require.Equal(t, dd.subject, u.win.Canvas().Focused())
	key(u, fyne.KeyReturn)
	require.Len(t, *mails, 1)
	c, err = tm.store.Commitment(tm.silent.ID)
	require.NoError(t, err)
	assert.False(t, c.Untold(), "told")
	assert.Equal(t, -1, findWarning(u, tm.silent.ID))
}

func TestTodayArrowsSkipHeadersAndOpenWithEnter(t *testing.T) {
	tm := newTeam(t)
	// A second line, in the next section: due within its lead time.
	_, err := tm.store.Promise(data.NewCommitment{CustomerID: tm.schulz.ID, ByID: tm.anna.ID, Kind: data.KindCallback,
		Title: "Rückruf Statik", Due: data.Due{At: fixed.Add(time.Hour)}})
	require.NoError(t, err)
	u := newTestUI(t, tm)
	l := u.today.list
	start := u.today.sel
	l.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	require.NotEqual(t, start, u.today.sel)
	assert.Empty(t, u.today.items[u.today.sel].header, "headers are skipped")
	l.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	assert.Equal(t, start, u.today.sel)
	l.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	assert.Equal(t, start, u.today.sel, "stays on the first line")
	l.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	assert.Equal(t, "customers", u.entries[u.tabs.SelectedIndex()].key)
	assert.Equal(t, tm.mueller.ID, u.customers.detail.id)
}

func TestDoneAndNextStepMakesTheNextPromiseForTheCustomer(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	u.today.list.TypedRune('d')
	d := u.lastChange
	require.NotNil(t, d)
	require.Equal(t, "done", d.kind)
	assert.Equal(t, "Done & next step", d.next.Text)
	test.Type(d.reason, "Preis genannt, Kunde überlegt")
	d.reason.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault})
	c, err := tm.store.Commitment(tm.silent.ID)
	require.NoError(t, err)
	assert.Equal(t, data.StatusDone, c.Status, "kept")
	p := u.lastPromise
	require.NotNil(t, p, "the next step follows")
	assert.Equal(t, tm.mueller.ID, p.customerID)
	assert.Equal(t, data.KindCallback, p.kind.value(), "same kind")
	assert.Equal(t, "Anna Berg", p.owner.Selected, "same owner")
	test.Type(p.title, "Nachfassen: Entscheidung zum Preis")
	p.due.date.SetText(fmtDateInput(time.Date(2026, 11, 27, 12, 0, 0, 0, time.Local)))
	p.due.clock.SetText("11:00")
	test.Tap(p.fd.save)
	open, err := tm.store.OpenPromises(data.PromiseFilter{Kind: data.KindCallback})
	require.NoError(t, err)
	require.Len(t, open, 1)
	assert.Equal(t, "Nachfassen: Entscheidung zum Preis", open[0].Title)
	assert.Equal(t, tm.anna.ID, open[0].OwnerID)

	// Plain "Mark as kept" opens nothing after it.
	u.lastPromise = nil
	u.showDoneDialog(open[0].ID)
	test.Tap(u.lastChange.fd.save)
	assert.Nil(t, u.lastPromise)
}

func TestNextStepCanGoToAColleague(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	u.showNextStep(tm.schulz.ID, nextStep{kind: data.KindVisit, owner: tm.bernd.ID})
	p := u.lastPromise
	require.NotNil(t, p)
	assert.Equal(t, data.KindVisit, p.kind.value())
	assert.Equal(t, "Bernd Kurz", p.owner.Selected)
	test.Type(p.title, "Besuch Baustelle")
	p.due.date.SetText(fmtDateInput(time.Date(2026, 11, 30, 12, 0, 0, 0, time.Local)))
	p.due.clock.SetText("09:00")
	test.Tap(p.fd.save)
	open, err := tm.store.OpenPromises(data.PromiseFilter{Kind: data.KindVisit})
	require.NoError(t, err)
	require.Len(t, open, 1)
	assert.Equal(t, tm.bernd.ID, open[0].OwnerID)
}

func TestQuickPicksInTheRescheduleDialogKeepTheTimeOfDay(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	u.showRescheduleDialog(tm.silent.ID)
	d := u.lastChange
	require.Len(t, d.picks, 4)
	assert.Equal(t, []string{"Tomorrow", "In 2 days", "Next Monday", "In a week"},
		[]string{d.picks[0].Text, d.picks[1].Text, d.picks[2].Text, d.picks[3].Text})
	assert.Equal(t, "Next Monday — Alt+3", d.picks[2].Tip)
	test.Tap(d.picks[2])
	assert.Equal(t, fmtDateInput(time.Date(2026, 11, 30, 12, 0, 0, 0, time.Local)), d.due.date.Text, "Tuesday 24 → Monday 30")
	assert.Equal(t, "10:00", d.due.clock.Text)
	d.due.clock.SetText("15:30")
	test.Tap(d.picks[3])
	assert.Equal(t, fmtDateInput(time.Date(2026, 12, 1, 12, 0, 0, 0, time.Local)), d.due.date.Text)
	assert.Equal(t, "15:30", d.due.clock.Text, "the time typed stays")
	d.due.allDay.SetChecked(true)
	test.Tap(d.picks[1])
	assert.True(t, d.due.allDay.Checked, "an all-day deadline stays all-day")
	assert.Equal(t, fmtDateInput(time.Date(2026, 11, 26, 12, 0, 0, 0, time.Local)), d.due.date.Text)
	assert.False(t, d.form.byKey("due").msg.Visible())
}

func TestPromisesKeysActOnTheSelectedPromise(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	u.show("promises")
	s := u.promises
	require.Equal(t, s.list, u.win.Canvas().Focused())
	require.GreaterOrEqual(t, s.sel, 0)
	assert.Equal(t, tm.silent.ID, s.items[s.sel].row.ID, "the overdue promise first")
	s.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	assert.NotEqual(t, tm.silent.ID, s.items[s.sel].row.ID)
	s.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	s.list.TypedRune('N')
	require.NotNil(t, u.lastDraft)
	assert.Equal(t, tm.silent.ID, u.lastDraft.draft.CommitmentID)
	u.closeTopDialog()
	s.list.TypedRune('r')
	require.NotNil(t, u.lastChange)
	assert.Equal(t, "reschedule", u.lastChange.kind)
	u.closeTopDialog()
	assert.False(t, s.list.onRune('x'), "other keys do nothing")
	s.list.TypedRune('o')
	assert.Equal(t, tm.mueller.ID, u.customers.detail.id)
}
