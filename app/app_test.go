package app

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zusage/zusage/app/localeenv"
	"github.com/zusage/zusage/data"
)

// fixed is the clock of every UI test: Tuesday 24 November 2026, 10:00.
var fixed = time.Date(2026, 11, 24, 10, 0, 0, 0, time.Local)

var langOnce sync.Once

// team is the data a test works on, made through Store operations.
type team struct {
	store    *data.Store
	clock    *time.Time
	anna     data.User
	bernd    data.User
	mueller  data.Customer
	schulz   data.Customer
	silent   data.Commitment
	standing data.Commitment
}

// newTeam makes a database with two salespeople, two customers, a promise
// that slipped two days ago without a word to the customer, and a standing
// promise.
func newTeam(t *testing.T) *team {
	t.Helper()
	langOnce.Do(func() { setupLanguage("") })
	path := filepath.Join(t.TempDir(), "z.db")
	s, err := data.Open(path)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	clock := fixed.Add(-5 * 24 * time.Hour)
	s.Now = func() time.Time { return clock }
	tm := &team{store: s, clock: &clock}
	tm.anna, err = s.AddUser(data.NewUser{Name: "Anna Berg", Email: "anna@example.de", Phone: "+49 30 1234-56"})
	require.NoError(t, err)
	tm.bernd, err = s.AddUser(data.NewUser{Name: "Bernd Kurz", Email: "bernd@example.de", Phone: "+49 30 1234-77"})
	require.NoError(t, err)
	tm.mueller, err = s.AddCustomer(data.NewCustomer{Name: "Müller Haustechnik GmbH", Email: "info@mueller.example", Phone: "+49 421 777", OwnerID: tm.anna.ID})
	require.NoError(t, err)
	tm.schulz, err = s.AddCustomer(data.NewCustomer{Name: "Schulz Bau KG", Phone: "+49 40 555", OwnerID: tm.anna.ID})
	require.NoError(t, err)
	tm.silent, err = s.Promise(data.NewCommitment{CustomerID: tm.mueller.ID, ByID: tm.anna.ID, Kind: data.KindCallback,
		Title: "Preisfrage X200", Due: data.Due{At: fixed.Add(-2 * 24 * time.Hour)}})
	require.NoError(t, err)
	tm.standing, err = s.Promise(data.NewCommitment{CustomerID: tm.mueller.ID, ByID: tm.anna.ID, Kind: data.KindStanding,
		Title: "Zahlung auf Rechnung, 30 Tage"})
	require.NoError(t, err)
	// Schulz has a next step well in the future.
	_, err = s.Promise(data.NewCommitment{CustomerID: tm.schulz.ID, ByID: tm.anna.ID, Kind: data.KindOffer,
		Title: "Angebot Dachsanierung", Due: data.DayDue(2026, 12, 10, time.Local)})
	require.NoError(t, err)
	clock = fixed
	return tm
}

// newTestUI starts the UI on the team's database as Anna, synchronously.
func newTestUI(t *testing.T, tm *team) *ui {
	t.Helper()
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1200, 800))
	u := newUI(a, w)
	u.inline = true
	u.now = func() time.Time { return *tm.clock }
	u.useStore(tm.store, "anna@example.de")
	require.Equal(t, tm.anna.ID, u.me.ID)
	return u
}

// todayRowAt renders board line i as the list would.
func todayRowAt(u *ui, i int) *todayRow {
	o := u.today.createRow()
	u.today.updateRow(i, o)
	return o.(*cell).data.(*todayRow)
}

// findWarning returns the index of the board line about commitment id.
func findWarning(u *ui, id uint) int {
	for i, it := range u.today.items {
		if it.warning != nil && it.warning.CommitmentID != nil && *it.warning.CommitmentID == id {
			return i
		}
	}
	return -1
}

func timelineRowAt(v *customerView, i int) *timelineRow {
	o := v.createRow()
	v.updateRow(i, o)
	return o.(*cell).data.(*timelineRow)
}

func TestTodayShowsSilentPromiseFirstWithWords(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	require.GreaterOrEqual(t, len(u.today.items), 2)
	assert.Contains(t, u.today.items[0].header, "Slipped and silent")
	row := todayRowAt(u, 1)
	assert.Contains(t, row.title.Text, "Müller Haustechnik GmbH")
	assert.Contains(t, row.title.Text, "Preisfrage X200")
	assert.Equal(t, "Promised for Sun 22 Nov 10:00 — customer without news for 2 days. Send a delay notice now.", row.message.Text)
	assert.Equal(t, "Call done", row.btns[0].Text)
	assert.Equal(t, "Delay notice", row.btns[2].Text)
	assert.Equal(t, "Today (1)", u.tabs.Items[0].Text, "the navigation counts slipped and silent promises")
}

func TestTodayCallDoneRemovesTheWarning(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	i := findWarning(u, tm.silent.ID)
	require.GreaterOrEqual(t, i, 0)
	test.Tap(todayRowAt(u, i).btns[0])
	require.NotNil(t, u.lastChange)
	assert.Equal(t, "done", u.lastChange.kind)
	test.Type(u.lastChange.reason, "Preis genannt")
	test.Tap(u.lastChange.fd.save)
	assert.Equal(t, -1, findWarning(u, tm.silent.ID))
	assert.Equal(t, "Today", u.tabs.Items[0].Text)
	c, err := tm.store.Commitment(tm.silent.ID)
	require.NoError(t, err)
	assert.Equal(t, data.StatusDone, c.Status)
	assert.Empty(t, u.dialogs, "the dialog closed")
}

func TestRescheduleRequiresReasonAndUpdatesBoard(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	i := findWarning(u, tm.silent.ID)
	require.GreaterOrEqual(t, i, 0)
	test.Tap(todayRowAt(u, i).btns[1])
	d := u.lastChange
	require.NotNil(t, d)
	require.Equal(t, "reschedule", d.kind)
	d.due.date.SetText("")
	test.Type(d.due.date, "2026-11-26")
	d.due.clock.SetText("")
	test.Type(d.due.clock, "14:30")
	assert.True(t, d.fd.save.Disabled(), "no reason yet")
	assert.False(t, d.form.byKey("reason").msg.Visible(), "no complaint before the user got there")
	d.reason.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	assert.Equal(t, "A reason is required: say why", d.form.byKey("reason").msg.Text)
	c, err := tm.store.Commitment(tm.silent.ID)
	require.NoError(t, err)
	assert.Equal(t, tm.silent.Version, c.Version, "nothing was saved without a reason")

	test.Type(d.reason, "Kunde erst Donnerstag erreichbar")
	assert.False(t, d.fd.save.Disabled())
	assert.False(t, d.form.byKey("reason").msg.Visible())
	d.told.SetSelected(toldChoices()[2]) // the customer has been told
	test.Tap(d.fd.save)

	open, err := tm.store.OpenPromises(data.PromiseFilter{OwnerID: tm.anna.ID, Kind: data.KindCallback})
	require.NoError(t, err)
	require.Len(t, open, 1, "still one open promise, moved")
	assert.Equal(t, time.Date(2026, 11, 26, 14, 30, 0, 0, time.Local).Unix(), open[0].DueAt.Unix())
	assert.Equal(t, -1, findWarning(u, tm.silent.ID), "no longer slipped")
	// The Promises screen shows it once, in This week.
	u.promises.refresh()
	var found []string
	for _, it := range u.promises.items {
		if it.row != nil && it.row.ID == tm.silent.ID {
			found = append(found, it.row.Title)
		}
	}
	assert.Len(t, found, 1)
}

func TestLogContactAppearsOnTimeline(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	u.openCustomer(tm.schulz.ID)
	v := u.customers.detail
	require.NotNil(t, v)
	test.Tap(v.logBtn)
	d := u.lastContact
	require.NotNil(t, d)
	assert.True(t, d.fd.save.Disabled(), "a summary is required")
	test.Type(d.summary, "Termin für Aufmaß vereinbart")
	test.Tap(d.fd.save)
	var found *data.TimelineItem
	idx := -1
	for i := range v.items {
		if v.items[i].Type == data.ItemContact {
			found, idx = &v.items[i], i
			break
		}
	}
	require.NotNil(t, found)
	assert.Equal(t, "Termin für Aufmaß vereinbart", found.Summary)
	row := timelineRowAt(v, idx)
	assert.Contains(t, row.head.Text, "Phone, outgoing · Anna Berg")
	assert.Contains(t, row.text.Text, "Termin für Aufmaß vereinbart")
}

func TestDelayNoticeTurnsSilentIntoSlipped(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	i := findWarning(u, tm.silent.ID)
	require.GreaterOrEqual(t, i, 0)
	require.Equal(t, data.LevelSilent, u.today.items[i].warning.Level)
	// A delay notice told on the phone (Today's button writes the e-mail:
	// draftdialog_test.go).
	u.showContactDialog(tm.mueller.ID, &tm.silent.ID, true)
	d := u.lastContact
	require.NotNil(t, d)
	assert.True(t, d.delay.Checked, "opened as a delay notice")
	require.NotNil(t, d.aboutID())
	assert.Equal(t, tm.silent.ID, *d.aboutID())
	test.Type(d.summary, "Angerufen: Antwort kommt morgen")
	test.Tap(d.fd.save)
	i = findWarning(u, tm.silent.ID)
	require.GreaterOrEqual(t, i, 0)
	assert.Equal(t, data.LevelSlipped, u.today.items[i].warning.Level)
	assert.Contains(t, todayRowAt(u, i).message.Text, "Promised for Sun 22 Nov 10:00 — overdue for 2 days; the customer was told.")
}

func TestSearchNarrowsCustomerList(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	u.show("customers")
	assert.Len(t, u.customers.rows, 2)
	test.Type(u.customers.search, "Mül")
	require.Len(t, u.customers.rows, 1)
	assert.Equal(t, "Müller Haustechnik GmbH", u.customers.rows[0].Name)
	assert.Equal(t, "1 customer", u.customers.count.Text)
	assert.Equal(t, 1, u.customers.list.Length())
	u.customers.search.SetText("")
	test.Type(u.customers.search, "zzz")
	assert.Empty(t, u.customers.rows)
	assert.Contains(t, u.customers.count.Text, "No customer matches")
}

func TestCustomerViewShowsOwnerAndStandingPromises(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	u.openCustomer(tm.mueller.ID)
	v := u.customers.detail
	assert.Equal(t, "Müller Haustechnik GmbH", v.name.Text)
	assert.Contains(t, v.owner.Text, "Anna Berg")
	assert.Contains(t, v.owner.Text, "+49 30 1234-56")
	assert.Contains(t, v.owner.Text, "anna@example.de")
	assert.True(t, v.standBox.Visible())
	assert.Contains(t, v.standing.Text, "Zahlung auf Rechnung, 30 Tage")
	// The open promise is pinned on top with how long is left.
	require.NotEmpty(t, v.items)
	assert.Equal(t, data.ItemCommitment, v.items[0].Type)
	row := timelineRowAt(v, 0)
	assert.Contains(t, row.head.Text, "overdue for 2 days")
	// The first e-mail names the owner, ready to send.
	test.Tap(v.introBtn)
	require.NotNil(t, u.lastDraft)
	assert.Contains(t, u.lastDraft.body.Text, "Anna Berg")
	assert.Contains(t, u.lastDraft.body.Text, "+49 30 1234-56")
}

func TestNewPromiseDialogSuggestsBufferAndRejectsImpossibleDate(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	u.openCustomer(tm.schulz.ID)
	test.Tap(u.customers.detail.promBtn)
	d := u.lastPromise
	require.NotNil(t, d)
	test.Type(d.title, "Lieferung Pumpe")
	test.Type(d.estimate, "2026-12-04")
	// Estimate Fri 4 Dec 17:00, 10 days and 7 hours ahead: 25 % buffer
	// lands on Mon 7 Dec.
	assert.Contains(t, d.suggestion.Text, "Promise by Mon 7 Dec")
	assert.True(t, d.useSuggest.Visible())
	test.Type(d.due.date, "2026-02-30")
	msg := d.dueField.msg
	assert.True(t, msg.Visible())
	assert.Equal(t, "This day does not exist: February 2026 has no day 30", msg.Text)
	assert.True(t, d.fd.save.Disabled())
	test.Tap(d.useSuggest)
	assert.Equal(t, fmtDateInput(time.Date(2026, 12, 7, 12, 0, 0, 0, time.Local)), d.due.date.Text)
	assert.False(t, d.dueField.msg.Visible())
	test.Tap(d.fd.save)
	open, err := tm.store.OpenPromises(data.PromiseFilter{Kind: data.KindCallback})
	require.NoError(t, err)
	var titles []string
	for _, p := range open {
		titles = append(titles, p.Title)
	}
	assert.Contains(t, titles, "Lieferung Pumpe")
}

func TestConflictShowsTheirChangeAndAppliesMineOnTop(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	u.showRescheduleDialog(tm.silent.ID)
	d := u.lastChange
	require.NotNil(t, d)
	// Bernd moves the same promise on another desktop meanwhile.
	_, err := tm.store.Reschedule(tm.silent.ID, 0, tm.bernd.ID, data.Due{At: time.Date(2026, 11, 25, 9, 0, 0, 0, time.Local)}, "Kunde bat darum", data.ToldCustomer)
	require.NoError(t, err)
	d.due.date.SetText("2026-11-27")
	d.due.clock.SetText("11:00")
	test.Type(d.reason, "Teil fehlt noch")
	test.Tap(d.fd.save)
	cd := u.lastConflict
	require.NotNil(t, cd, "a conflict dialog instead of a silent overwrite")
	require.NotEmpty(t, cd.rows)
	assert.Equal(t, "Due", cd.rows[0].field)
	assert.Equal(t, "Wed 25 Nov 09:00", cd.rows[0].theirs)
	assert.Equal(t, "move to Fri 27 Nov 11:00", cd.rows[0].yours)
	test.Tap(cd.apply)
	c, err := tm.store.Commitment(tm.silent.ID)
	require.NoError(t, err)
	assert.Equal(t, time.Date(2026, 11, 27, 11, 0, 0, 0, time.Local).Unix(), c.DueAt.Unix())
	assert.Equal(t, 2, c.Sequence, "both reschedules are recorded")
}

func TestCustomerEditConflictReload(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	c := tm.schulz
	u.showCustomerDialog(&c)
	d := u.lastCustomer
	require.NotNil(t, d)
	other := tm.schulz
	other.Phone = "+49 40 999"
	_, err := tm.store.UpdateCustomer(other, tm.bernd.ID)
	require.NoError(t, err)
	d.name.SetText("Schulz Bau KG Hamburg")
	test.Tap(d.fd.save)
	cd := u.lastConflict
	require.NotNil(t, cd)
	require.Len(t, cd.rows, 1)
	assert.Equal(t, conflictRow{"Phone", "+49 40 999", "+49 40 555"}, cd.rows[0])
	test.Tap(cd.apply)
	got, err := tm.store.Customer(tm.schulz.ID)
	require.NoError(t, err)
	assert.Equal(t, "Schulz Bau KG Hamburg", got.Name, "my change")
	assert.Equal(t, "+49 40 999", got.Phone, "their change kept")
}

func TestReadOnlyDisablesEditing(t *testing.T) {
	tm := newTeam(t)
	path := tm.store.Path()
	require.NoError(t, tm.store.Close())
	ro, err := data.OpenWith(path, data.Options{ReadOnly: true})
	require.NoError(t, err)
	t.Cleanup(func() { ro.Close() })
	tm.store = ro
	u := newTestUI(t, tm)
	require.NotEmpty(t, u.banner.Objects, "a banner says the file is read-only")
	i := findWarning(u, tm.silent.ID)
	require.GreaterOrEqual(t, i, 0)
	row := todayRowAt(u, i)
	assert.True(t, row.btns[0].Disabled())
	assert.True(t, row.btns[1].Disabled())
	assert.True(t, row.btns[2].Disabled())
	assert.False(t, row.btns[3].Disabled(), "opening the customer still works")
	u.openCustomer(tm.mueller.ID)
	v := u.customers.detail
	assert.True(t, v.logBtn.Disabled())
	assert.True(t, v.promBtn.Disabled())
	assert.True(t, v.editBtn.Disabled())
	assert.True(t, u.customers.newBtn.Disabled())
	u.show("settings")
	assert.True(t, u.settings.saveTeam.Disabled())
	assert.True(t, u.settings.addUser.Disabled())
}

func TestRefusedFileShowsDialogNotCrash(t *testing.T) {
	langOnce.Do(func() { setupLanguage("") })
	bad := filepath.Join(t.TempDir(), "notes.db")
	require.NoError(t, os.WriteFile(bad, []byte("this is not a database at all, just some text in a file"), 0o644))
	before, err := os.ReadFile(bad)
	require.NoError(t, err)
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	u := newUI(a, w)
	u.inline = true
	u.start(Config{DBPath: bad, As: "anna@example.de"})
	require.Len(t, u.dialogs, 1)
	assert.Nil(t, u.store)
	after, err := os.ReadFile(bad)
	require.NoError(t, err)
	assert.Equal(t, before, after, "the refused file is untouched")
}

func TestEscClosesAndEnterSubmits(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	u.showCancelDialog(tm.silent.ID)
	d := u.lastChange
	require.Len(t, u.dialogs, 1)
	d.reason.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	assert.Empty(t, u.dialogs)
	u.showCancelDialog(tm.silent.ID)
	d = u.lastChange
	test.Type(d.reason, "Kunde hat storniert")
	d.reason.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	c, err := tm.store.Commitment(tm.silent.ID)
	require.NoError(t, err)
	assert.Equal(t, data.StatusCancelled, c.Status)
}

func TestFormatInEnglish(t *testing.T) {
	langOnce.Do(func() { setupLanguage("") })
	assert.Equal(t, "Tue 24 Nov 10:00", fmtMoment(fixed, fixed))
	assert.Equal(t, "Tue 24 Nov", fmtDue(data.DayDue(2026, 11, 24, time.Local), fixed))
	_, _, _, err := parseDateInput("31.04.2027")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "April 2027 has no day 31")
	y, m, d, err := parseDateInput("3.12.2026")
	require.NoError(t, err)
	assert.Equal(t, []int{2026, 12, 3}, []int{y, int(m), d})
}

func TestNotificationOncePerPromiseAndState(t *testing.T) {
	tm := newTeam(t)
	// Something due soon that will slip.
	soon, err := tm.store.Promise(data.NewCommitment{CustomerID: tm.schulz.ID, ByID: tm.anna.ID, Kind: data.KindCallback,
		Title: "Rückruf Statik", Due: data.Due{At: fixed.Add(30 * time.Minute)}})
	require.NoError(t, err)
	u := newTestUI(t, tm)
	assert.Empty(t, u.notify.sent, "what is already slipped at start is not announced")
	*tm.clock = fixed.Add(2 * time.Hour)
	u.refreshVisible()
	require.Len(t, u.notify.sent, 1)
	assert.Contains(t, u.notify.sent[0], "Schulz Bau KG")
	i := findWarning(u, soon.ID)
	require.GreaterOrEqual(t, i, 0)
	assert.Equal(t, data.LevelSilent, u.today.items[i].warning.Level, "moved from soon to silent as time passed")
	u.refreshVisible()
	assert.Len(t, u.notify.sent, 1, "once per promise and state")
}

func TestGermanUnderGermanLocale(t *testing.T) {
	t.Setenv("LANGUAGE", "de")
	t.Setenv("LANG", "de_DE.UTF-8")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	require.NoError(t, lang.AddTranslationsFS(translations, "translations"))
	t.Cleanup(func() {
		os.Setenv("LANGUAGE", "en")
		os.Setenv("LANG", "en_US.UTF-8")
		lang.AddTranslationsFS(translations, "translations")
	})
	assert.Equal(t, "de", uiLang())
	assert.Equal(t, "Di 24.11. 10:00", fmtMoment(fixed, fixed))
	tm := newTeam(t)
	u := newTestUI(t, tm)
	assert.Equal(t, "Heute (1)", u.tabs.Items[0].Text)
	assert.Equal(t, "Kunden", u.tabs.Items[1].Text)
	row := todayRowAt(u, findWarning(u, tm.silent.ID))
	assert.Equal(t, "Versprochen für So 22.11. 10:00 — Kunde seit 2 Tagen ohne Nachricht. Jetzt Verzögerung mitteilen.", row.message.Text)
	assert.Equal(t, "Anruf erledigt", row.btns[0].Text)
}

func TestFirstStartOffersDemoThenWhoAmI(t *testing.T) {
	langOnce.Do(func() { setupLanguage("") })
	path := filepath.Join(t.TempDir(), "new.db")
	newFiles.Store(path, true)
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	u := newUI(a, w)
	u.inline = true
	u.now = func() time.Time { return fixed }
	u.start(Config{DBPath: path})
	t.Cleanup(func() {
		if u.store != nil {
			u.store.Close()
		}
	})
	require.NotNil(t, u.store)
	require.Len(t, u.dialogs, 1, "an empty database asks for the first salesperson or demo data")
	offer := u.dialogs[0]
	assert.Equal(t, "Load demo data", offer.cancel.Text)
	test.Tap(offer.cancel)
	require.NotNil(t, u.lastWho, "after the demo: who am I?")
	require.Greater(t, len(u.lastWho.Options), 1)
	u.lastWho.SetSelectedIndex(0)
	who := u.dialogs[len(u.dialogs)-1]
	test.Tap(who.save)
	assert.NotZero(t, u.me.ID)
	assert.Empty(t, u.dialogs)
	require.NotNil(t, u.today)
	u.show("customers")
	assert.NotEmpty(t, u.customers.rows, "demo customers are listed")
	assert.Equal(t, u.me.Email, a.Preferences().String(prefMe), "remembered for the next start")
}

func TestFirstStartCreatesFirstSalesperson(t *testing.T) {
	langOnce.Do(func() { setupLanguage("") })
	path := filepath.Join(t.TempDir(), "new.db")
	newFiles.Store(path, true)
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	u := newUI(a, w)
	u.inline = true
	u.start(Config{DBPath: path})
	t.Cleanup(func() { u.store.Close() })
	require.Len(t, u.dialogs, 1)
	test.Tap(u.dialogs[0].save)
	require.Len(t, u.dialogs, 1, "the salesperson form")
	name, email := u.lastUser[0], u.lastUser[1]
	require.NotNil(t, name)
	test.Type(name, "Anna Berg")
	test.Type(email, "anna(at)example.de")
	email.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	require.Len(t, u.dialogs, 1, "a bad e-mail keeps the form open with its input")
	assert.Equal(t, "Anna Berg", name.Text)
	assert.True(t, u.dialogs[0].save.Disabled())
	users, err := u.store.Users()
	require.NoError(t, err)
	assert.Empty(t, users)
	email.SetText("anna@example.de")
	email.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	assert.Empty(t, u.dialogs)
	assert.Equal(t, "Anna Berg", u.me.Name)
	assert.Equal(t, "Today", u.tabs.Items[0].Text)
}

func TestKeyboardShortcuts(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	sc, ok := u.win.Canvas().(fyne.Shortcutable)
	require.True(t, ok)
	mod := fyne.KeyModifierShortcutDefault
	sc.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: mod})
	assert.Equal(t, "customers", u.entries[u.tabs.SelectedIndex()].key)
	assert.Equal(t, u.customers.search, u.win.Canvas().Focused())
	u.openCustomer(tm.mueller.ID)
	sc.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: mod})
	require.NotNil(t, u.lastContact)
	assert.Equal(t, tm.mueller.ID, u.lastContact.customerID)
	u.closeTopDialog()
	sc.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyP, Modifier: mod})
	require.NotNil(t, u.lastPromise)
	assert.Equal(t, tm.mueller.ID, u.lastPromise.customerID)
}

func TestMissingFileIsCreatedOnlyWhenAsked(t *testing.T) {
	langOnce.Do(func() { setupLanguage("") })
	path := filepath.Join(t.TempDir(), "share", "team.db")
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	u := newUI(a, w)
	u.inline = true
	u.start(Config{DBPath: path})
	require.NotNil(t, u.lastOpenError)
	_, err := os.Stat(path)
	assert.True(t, os.IsNotExist(err), "nothing is created without asking")
	var create *widget.Button
	for _, b := range u.lastOpenError.extra {
		if b.Text == "Create a new database here" {
			create = b
		}
	}
	require.NotNil(t, create)
	test.Tap(create)
	require.NotNil(t, u.store)
	t.Cleanup(func() { u.store.Close() })
	_, err = os.Stat(path)
	assert.NoError(t, err, "created when asked")
	require.Len(t, u.dialogs, 1, "and it asks for the first salesperson")
}

func TestDescribeErrorSaysWhatAndWhatToDo(t *testing.T) {
	langOnce.Do(func() { setupLanguage("") })
	what, todo := describeError(&data.NewerSchemaError{Path: "/x.db", FileVersion: 9, KnownMax: 2})
	assert.Contains(t, what, "newer version of Zusage (schema 9; this version knows up to 2)")
	assert.Contains(t, todo, "Update Zusage")
	what, todo = describeError(data.ErrBusy)
	assert.Equal(t, "The database is busy — another desktop is writing to it.", what)
	assert.Contains(t, todo, "Your input is kept")
}

func TestTeamSettingsValidateNextToField(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	u.show("settings")
	s := u.settings
	s.pct.SetText("")
	test.Type(s.pct, "900")
	f := s.team.byKey("buffer_percent")
	assert.True(t, f.msg.Visible())
	assert.Equal(t, "Must be between 0 and 500", f.msg.Text)
	assert.True(t, s.saveTeam.Disabled())
	s.pct.SetText("40")
	s.lead[data.KindCallback].SetText("3")
	assert.False(t, s.saveTeam.Disabled())
	test.Tap(s.saveTeam)
	set, err := tm.store.Settings()
	require.NoError(t, err)
	assert.Equal(t, 40, set.BufferPercent)
	assert.Equal(t, 3*time.Hour, set.LeadTime(data.KindCallback))
}

func TestListsPageInAheadAsYouScroll(t *testing.T) {
	tm := newTeam(t)
	for i := 0; i < 60; i++ {
		*tm.clock = fixed.Add(-time.Duration(60-i) * time.Hour)
		_, err := tm.store.LogContact(data.NewContact{CustomerID: tm.schulz.ID, UserID: tm.anna.ID, Channel: "email", Summary: "Nachricht " + string(rune('A'+i%26))})
		require.NoError(t, err)
	}
	for i := 0; i < customerPage+20; i++ {
		_, err := tm.store.AddCustomer(data.NewCustomer{Name: "Kunde " + time.Duration(i).String(), OwnerID: tm.bernd.ID})
		require.NoError(t, err)
	}
	*tm.clock = fixed
	u := newTestUI(t, tm)
	u.show("customers")

	// Customers: one page first, the next when the list nears its end.
	require.Len(t, u.customers.rows, customerPage)
	assert.Contains(t, u.customers.count.Text, "200+")
	u.customers.updateRow(customerPage-10, u.customers.createRow())
	assert.Len(t, u.customers.rows, customerPage+22)
	assert.Equal(t, "222 customers", u.customers.count.Text)

	// Timeline: pinned open promise plus one page, then keyset pages.
	u.openCustomer(tm.schulz.ID)
	v := u.customers.detail
	first := len(v.items)
	assert.Equal(t, 1+timelinePage, first)
	assert.NotEmpty(t, v.next)
	timelineRowAt(v, first-5)
	assert.Greater(t, len(v.items), first)
	seen := map[string]bool{}
	for _, it := range v.items {
		key := it.Type + "/" + time.Duration(it.ID).String()
		assert.False(t, seen[key], "no item twice: %s", key)
		seen[key] = true
	}
}

func TestCalendarFeedsWrittenAfterAChange(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	dir := filepath.Join(t.TempDir(), "feeds")
	u.prefs.SetString(prefFeedDir, dir)
	u.showDoneDialog(tm.silent.ID)
	test.Tap(u.lastChange.fd.save)
	b, err := os.ReadFile(filepath.Join(dir, "anna@example.de.ics"))
	require.NoError(t, err, "one feed per salesperson after the change")
	assert.Contains(t, string(b), "BEGIN:VCALENDAR")
	assert.Contains(t, string(b), "Angebot Dachsanierung", "Anna's other open promise is in her feed")
}

func TestCallbackLaterTodayHasItsOwnSection(t *testing.T) {
	tm := newTeam(t)
	_, err := tm.store.Promise(data.NewCommitment{CustomerID: tm.schulz.ID, ByID: tm.anna.ID, Kind: data.KindCallback,
		Title: "Rückruf wegen Statik", Due: data.Due{At: fixed.Add(6 * time.Hour)}})
	require.NoError(t, err)
	u := newTestUI(t, tm)
	idx := -1
	for i, it := range u.today.items {
		if it.header != "" && idx < 0 && len(it.header) > 9 && it.header[:9] == "Callbacks" {
			idx = i
		}
	}
	require.GreaterOrEqual(t, idx, 0, "a section for the callbacks later today")
	assert.Equal(t, "Callbacks later today (1)", u.today.items[idx].header)
	row := todayRowAt(u, idx+1)
	assert.Equal(t, "Callback today at 16:00 — in 6 hours", row.message.Text)
	assert.Equal(t, "Call done", row.btns[0].Text)
}

func TestRefreshKeepsTheCustomerListPosition(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	u.customers.list.Select(1)
	other := tm.schulz
	other.Phone = "+49 40 12345"
	_, err := tm.store.UpdateCustomer(other, tm.bernd.ID)
	require.NoError(t, err)
	u.refreshAll()
	require.Len(t, u.customers.rows, 2)
	assert.Equal(t, "+49 40 12345", u.customers.rows[1].Phone, "the change of another desktop shows")
}

func TestPromiseGroups(t *testing.T) {
	// fixed is Tuesday 24 November, 10:00.
	at := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, time.Local) }
	cases := []struct {
		due  time.Time
		want int
	}{
		{at(24, 9), 0}, {at(20, 12), 0}, {at(24, 11), 1}, {at(24, 23), 1},
		{at(25, 0), 2}, {at(29, 23), 2}, {at(30, 0), 3}, {at(30, 9), 3},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, promiseGroup(c.due, fixed), "due %s", c.due)
	}
}

func TestPromisesScreenFiltersByOwnerAndKind(t *testing.T) {
	tm := newTeam(t)
	_, err := tm.store.Promise(data.NewCommitment{CustomerID: tm.schulz.ID, OwnerID: tm.bernd.ID, ByID: tm.bernd.ID, Kind: data.KindVisit,
		Title: "Baustelle ansehen", Due: data.Due{At: fixed.Add(26 * time.Hour)}})
	require.NoError(t, err)
	u := newTestUI(t, tm)
	u.show("promises")
	s := u.promises
	titles := func() []string {
		var out []string
		for _, it := range s.items {
			if it.row != nil {
				out = append(out, it.row.Title)
			}
		}
		return out
	}
	assert.ElementsMatch(t, []string{"Preisfrage X200", "Angebot Dachsanierung", "Baustelle ansehen"}, titles())
	assert.Equal(t, "Overdue (1)", s.items[0].header)
	s.owner.SetSelectedIndex(2) // Everyone, Anna Berg, Bernd Kurz
	assert.Equal(t, []string{"Baustelle ansehen"}, titles())
	s.owner.SetSelectedIndex(0)
	s.kind.setValue(data.KindOffer)
	assert.Equal(t, []string{"Angebot Dachsanierung"}, titles())
}

func TestAtRiskSaysTheEstimateInWords(t *testing.T) {
	tm := newTeam(t)
	c, err := tm.store.Promise(data.NewCommitment{CustomerID: tm.schulz.ID, ByID: tm.anna.ID, Kind: data.KindDelivery,
		Title: "Pumpe X200", Due: data.DayDue(2026, 12, 4, time.Local), Estimate: data.DayDue(2026, 12, 8, time.Local)})
	require.NoError(t, err)
	u := newTestUI(t, tm)
	i := findWarning(u, c.ID)
	require.GreaterOrEqual(t, i, 0)
	assert.Equal(t, data.LevelAtRisk, u.today.items[i].warning.Level)
	assert.Equal(t, "At risk: promised for Fri 4 Dec, but the internal estimate is Tue 8 Dec. Tell the customer now.", todayRowAt(u, i).message.Text)
}

func TestStoreValidationErrorShowsNextToField(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	added := false
	u.showUserDialog(func(data.User) { added = true })
	name, email := u.lastUser[0], u.lastUser[1]
	test.Type(name, "Anna Zweite")
	test.Type(email, "anna@example.de")
	email.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	assert.False(t, added)
	require.Len(t, u.dialogs, 1, "the form stays open with its input")
	f := u.lastUserForm.byKey("email")
	assert.True(t, f.msg.Visible())
	assert.Equal(t, "A salesperson with this e-mail already exists", f.msg.Text)
	assert.Equal(t, "Anna Zweite", name.Text)
}

func TestStoreErrorKeepsTheFormAndSaysWhatToDo(t *testing.T) {
	tm := newTeam(t)
	path := tm.store.Path()
	require.NoError(t, tm.store.Close())
	ro, err := data.OpenWith(path, data.Options{ReadOnly: true})
	require.NoError(t, err)
	t.Cleanup(func() { ro.Close() })
	tm.store = ro
	u := newTestUI(t, tm)
	c, err := ro.Commitment(tm.silent.ID)
	require.NoError(t, err)
	// Even if an action slipped through, the Store's refusal is shown.
	d := u.cancelDialog(c)
	test.Type(d.reason, "Kunde hat abgesagt")
	test.Tap(d.fd.save)
	require.Len(t, u.dialogs, 2, "the form stays open under the error dialog")
	assert.Equal(t, "Kunde hat abgesagt", d.reason.Text)
	what, _ := describeError(data.ErrReadOnly)
	assert.Equal(t, "The database is read-only; changes cannot be saved.", what)
	u.closeTopDialog()
	assert.Len(t, u.dialogs, 1)
}

func TestConflictReloadKeepsTheirVersion(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	u.showCancelDialog(tm.silent.ID)
	d := u.lastChange
	_, err := tm.store.Complete(tm.silent.ID, 0, tm.bernd.ID, "schon erledigt")
	require.NoError(t, err)
	test.Type(d.reason, "doch nicht nötig")
	test.Tap(d.fd.save)
	cd := u.lastConflict
	require.NotNil(t, cd)
	assert.Contains(t, cd.rows, conflictRow{"Status", "kept", "cancel"})
	test.Tap(cd.reload)
	assert.Empty(t, u.dialogs, "reload closes the form")
	c, err := tm.store.Commitment(tm.silent.ID)
	require.NoError(t, err)
	assert.Equal(t, data.StatusDone, c.Status, "their change stands")
	assert.Equal(t, -1, findWarning(u, tm.silent.ID))
}

func TestSwitchingIdentityInSettings(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	u.show("settings")
	s := u.settings
	require.Len(t, s.me.Options, 2)
	s.me.SetSelectedIndex(1) // Bernd Kurz
	assert.Equal(t, tm.bernd.ID, u.me.ID)
	assert.Equal(t, "bernd@example.de", u.prefs.String(prefMe))
	assert.Equal(t, "Today", u.tabs.Items[0].Text, "Bernd has nothing slipped")
}

func TestWindowRemembersItsSize(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	u.win.Resize(fyne.NewSize(900, 640))
	u.saveWindowSize()
	assert.InDelta(t, 900, u.prefs.Float(prefWidth), 1)
	assert.InDelta(t, 640, u.prefs.Float(prefHeight), 1)
}

func TestRefreshCountsCustomersRight(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	u.show("customers")
	assert.Equal(t, "2 customers", u.customers.count.Text)
	u.refreshAll()
	assert.Equal(t, "2 customers", u.customers.count.Text, "a refresh does not invent more")
}

func TestLogContactWithProductAndConcern(t *testing.T) {
	tm := newTeam(t)
	p, err := tm.store.AddProduct("Pumpe X200")
	require.NoError(t, err)
	u := newTestUI(t, tm)
	u.showContactDialog(tm.schulz.ID, nil, false)
	d := u.lastContact
	require.NotNil(t, d)
	require.Equal(t, []string{"— no product —", "Pumpe X200"}, d.product.Options)
	d.product.SetSelectedIndex(1)
	test.Type(d.concern, "Lieferzeit")
	test.Type(d.summary, "Fragt nach Lieferzeit der Pumpe")
	test.Tap(d.fd.save)
	v := u.customers.detail
	if v == nil || v.id != tm.schulz.ID {
		u.openCustomer(tm.schulz.ID)
		v = u.customers.detail
	}
	var found *data.TimelineItem
	for i := range v.items {
		if v.items[i].Type == data.ItemContact {
			found = &v.items[i]
		}
	}
	require.NotNil(t, found)
	c, err := tm.store.Contact(found.ID)
	require.NoError(t, err)
	require.NotNil(t, c.ProductID)
	assert.Equal(t, p.ID, *c.ProductID)
	assert.Equal(t, "Lieferzeit", c.Concern)
}

func TestCLocaleStartsInEnglish(t *testing.T) {
	t.Setenv("LANG", "C")
	t.Setenv("LANGUAGE", "")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	localeenv.Clean()
	require.NoError(t, lang.AddTranslationsFS(translations, "translations"))
	t.Cleanup(func() {
		os.Setenv("LANG", "en_US.UTF-8")
		lang.AddTranslationsFS(translations, "translations")
	})
	assert.Equal(t, "en", uiLang())
	assert.Equal(t, "Today", lang.L("Today"))
	assert.Equal(t, "Tue 24 Nov 10:00", fmtMoment(fixed, fixed))
}

func TestTellingTheCustomerIsNoNotification(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	require.Empty(t, u.notify.sent)
	about := tm.silent.ID
	_, err := tm.store.LogContact(data.NewContact{CustomerID: tm.mueller.ID, UserID: tm.anna.ID, Channel: "phone",
		Summary: "Verzögerung erklärt", CommitmentID: &about, DelayNotice: true})
	require.NoError(t, err)
	u.refreshVisible()
	i := findWarning(u, tm.silent.ID)
	require.GreaterOrEqual(t, i, 0)
	require.Equal(t, data.LevelSlipped, u.today.items[i].warning.Level)
	assert.Empty(t, u.notify.sent, "silent → slipped is good news, not an alarm")
}

func TestDueNeedsATimeOrAllDay(t *testing.T) {
	langOnce.Do(func() { setupLanguage("") })
	_, derr, terr := dueFromInput("2026-12-01", "", false, time.Local)
	assert.NoError(t, derr)
	require.Error(t, terr)
	assert.Equal(t, "Enter a time, or tick All day", terr.Error())
	d, derr, terr := dueFromInput("1.12.2026", "", true, time.Local)
	require.NoError(t, derr)
	require.NoError(t, terr)
	assert.Equal(t, "2026-12-01", d.Date())
	_, _, terr = dueFromInput("2026-12-01", "25:00", false, time.Local)
	require.Error(t, terr)
}

func TestHandOverPromise(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	u.showHandOverDialog(tm.silent.ID)
	d := u.lastChange
	require.NotNil(t, d)
	require.Equal(t, "reassign", d.kind)
	assert.True(t, d.fd.save.Disabled(), "choose someone first")
	d.owner.SetSelectedIndex(0) // Anna herself
	assert.Equal(t, "Choose who takes the promise over", d.form.byKey("owner").msg.Text)
	d.owner.SetSelectedIndex(1) // Bernd Kurz
	test.Type(d.reason, "Urlaub")
	test.Tap(d.fd.save)
	c, err := tm.store.Commitment(tm.silent.ID)
	require.NoError(t, err)
	assert.Equal(t, tm.bernd.ID, c.OwnerID)
	assert.Equal(t, -1, findWarning(u, tm.silent.ID), "no longer on Anna's board")
}

func TestCorrectContactKeepsRevision(t *testing.T) {
	tm := newTeam(t)
	k, err := tm.store.LogContact(data.NewContact{CustomerID: tm.schulz.ID, UserID: tm.anna.ID, Channel: "phone", Summary: "Termin am Dienstga"})
	require.NoError(t, err)
	u := newTestUI(t, tm)
	u.openCustomer(tm.schulz.ID)
	v := u.customers.detail
	idx := -1
	for i, it := range v.items {
		if it.Type == data.ItemContact && it.ID == k.ID {
			idx = i
		}
	}
	require.GreaterOrEqual(t, idx, 0)
	row := timelineRowAt(v, idx)
	require.Equal(t, "Correct", row.btns[0].Text)
	test.Tap(row.btns[0])
	d := u.lastEditContact
	require.NotNil(t, d)
	d.summary.SetText("")
	assert.True(t, d.fd.save.Disabled())
	test.Type(d.summary, "Termin am Dienstag")
	test.Tap(d.fd.save)
	revs, err := tm.store.Revisions(k.ID)
	require.NoError(t, err)
	require.Len(t, revs, 1)
	assert.Equal(t, "Termin am Dienstga", revs[0].Summary, "the earlier text is kept")
	assert.Contains(t, timelineRowAt(u.customers.detail, idx).text.Text, "Termin am Dienstag")
}

func TestStatusLineSaysWhoAndWhichFileBetweenMessages(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	assert.Equal(t, "Working as Anna Berg on "+tm.store.Path(), u.notify.label.Text)
	u.notify.status("Saved x.ics")
	assert.Equal(t, "Saved x.ics", u.notify.label.Text, "a message replaces the resting text for a while")
}

func TestTodayRowsKeepTemplateHeightOnlyHeadersGetTheirOwn(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	assert.GreaterOrEqual(t, u.today.createRow().MinSize().Height, u.today.rowHeight(),
		"rows without a height of their own must fit title and two lines")
	headers := 0
	for i, it := range u.today.items {
		if it.header != "" {
			headers++
			assert.True(t, u.today.heights.headers[i], "header %d has its own height", i)
		}
	}
	assert.Len(t, u.today.heights.headers, headers, "only headers get heights of their own")
}

func TestKindNotRepeatedWhenTheTitleStartsWithIt(t *testing.T) {
	langOnce.Do(func() { setupLanguage("") })
	assert.Equal(t, "Callback about the price", kindAndTitle(data.KindCallback, "Callback about the price"))
	assert.Equal(t, "Callback: Preisfrage X200", kindAndTitle(data.KindCallback, "Preisfrage X200"))
	assert.Equal(t, "Offer: Off", kindAndTitle(data.KindOffer, "Off"), "a title shorter than the kind keeps it")
}

func TestAChangeReloadsWhatIsOnScreenAndTheRestWhenShown(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	u.show("today")
	before := u.promises.count.Text
	_, err := tm.store.Promise(data.NewCommitment{CustomerID: tm.schulz.ID, ByID: tm.anna.ID, Kind: data.KindCallback,
		Title: "Rückruf Dachrinne", Due: data.Due{At: fixed.Add(3 * 24 * time.Hour)}})
	require.NoError(t, err)
	u.changed()
	assert.Equal(t, before, u.promises.count.Text, "a hidden screen is not reloaded on every change")
	u.show("promises")
	assert.NotEqual(t, before, u.promises.count.Text, "it reloads when it is shown")
}
