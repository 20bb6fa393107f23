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
