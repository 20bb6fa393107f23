package app

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zusage/zusage/data"
)

// The reschedule dialog makes visible what the customer knows; "not told
// yet" leaves an untold row on Today and offers the delay notice at once.

func futurePromise(t *testing.T, tm *team) data.Commitment {
	t.Helper()
	c, err := tm.store.Promise(data.NewCommitment{CustomerID: tm.schulz.ID, ByID: tm.anna.ID, Kind: data.KindAnswer,
		Title: "Statik prüfen", Due: data.Due{At: fixed.Add(48 * time.Hour)}})
	require.NoError(t, err)
	return c
}

func TestRescheduleNotToldShowsUntoldOnToday(t *testing.T) {
	tm := newTeam(t)
	c := futurePromise(t, tm)
	u := newTestUI(t, tm)
	d := u.rescheduleDialog(c)
	assert.Equal(t, "Not told yet", d.told.Selected, "the honest default")
	assert.True(t, d.tellNow.Visible(), "offers to tell the customer right away")
	assert.Contains(t, d.toldHint.Text, "The customer still expects Thu 26 Nov 10:00")
	assert.True(t, d.tellNow.Disabled(), "no reason yet: nothing to save")
	d.told.SetSelected("They asked for the new date")
	assert.False(t, d.tellNow.Visible())
	d.told.SetSelected("Not told yet")

	d.due.date.SetText("")
	test.Type(d.due.date, "2026-11-30")
	test.Type(d.reason, "Statiker krank")
	test.Tap(d.fd.save)
	got, err := tm.store.Commitment(c.ID)
	require.NoError(t, err)
	require.True(t, got.Untold())

	i := findWarning(u, c.ID)
	require.GreaterOrEqual(t, i, 0)
	w := u.today.items[i].warning
	assert.Equal(t, data.LevelUntold, w.Level)
	row := todayRowAt(u, i)
	assert.Equal(t, "Moved to Mon 30 Nov 10:00, but the customer still expects Thu 26 Nov 10:00. Tell them the new date now.", row.message.Text)
	assert.Equal(t, "Delay notice", row.btns[2].Text)
	var headers []string
	for _, it := range u.today.items {
		if it.header != "" {
			headers = append(headers, it.header)
		}
	}
	assert.Contains(t, headers, "New date not yet told to the customer (1)")
	assert.Contains(t, u.today.summary.Text, "1 moved without telling the customer")
}

func TestRescheduleAndTellOpensTheDelayNotice(t *testing.T) {
	tm := newTeam(t)
	c := futurePromise(t, tm)
	u := newTestUI(t, tm)
	d := u.rescheduleDialog(c)
	d.due.date.SetText("")
	test.Type(d.due.date, "2026-11-30")
	test.Type(d.reason, "Statiker krank")
	mails := recordMail(u)
	test.Tap(d.tellNow)
	dd := u.lastDraft
	require.NotNil(t, dd, "the delay notice follows, as a ready e-mail")
	assert.Contains(t, dd.body.Text, "Neuer Termin: Montag, 30. November 2026", "it announces the new date")
	test.Tap(dd.fd.save)
	require.Len(t, *mails, 1)
	got, err := tm.store.Commitment(c.ID)
	require.NoError(t, err)
	assert.False(t, got.Untold(), "told: both dates are one")
	assert.Equal(t, -1, findWarning(u, c.ID))
}

func TestRescheduleTheCustomerAskedLeavesNoWarning(t *testing.T) {
	tm := newTeam(t)
	c := futurePromise(t, tm)
	u := newTestUI(t, tm)
	d := u.rescheduleDialog(c)
	d.due.date.SetText("")
	test.Type(d.due.date, "2026-12-02")
	test.Type(d.reason, "Kunde im Urlaub")
	d.told.SetSelected("They asked for the new date")
	test.Tap(d.fd.save)
	assert.Nil(t, u.lastContact, "no delay notice needed")
	assert.Equal(t, -1, findWarning(u, c.ID))
	evs, err := tm.store.Events(c.ID)
	require.NoError(t, err)
	assert.Equal(t, data.ToldCustomerAsked, evs[len(evs)-1].Told)
}

// The dialog asks the Store's rule as the user types: a year-0 date is
// refused next to the field, and nothing is saved.
func TestRescheduleDialogUsesTheStoresDateRule(t *testing.T) {
	tm := newTeam(t)
	c := futurePromise(t, tm)
	u := newTestUI(t, tm)
	d := u.rescheduleDialog(c)
	d.due.date.SetText("")
	test.Type(d.due.date, "2041-01-01")
	test.Type(d.reason, "x")
	assert.True(t, d.fd.save.Disabled())
	assert.Equal(t, "More than 10 years ahead — is the year right?", d.form.byKey("due").msg.Text)
}

func TestClockBannerWhenTheDesktopClockIsOff(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	assert.Empty(t, u.banner.Objects, "a correct clock says nothing")
	tm.store.Now = func() time.Time { return time.Now().Add(-3 * time.Hour) }
	_, err := tm.store.MeasureClock()
	require.NoError(t, err)
	u.updateBanner()
	require.Len(t, u.banner.Objects, 1)
	text := bannerText(u)
	assert.Contains(t, text, "This computer's clock is 3 hours behind the office file server's.")
	assert.Contains(t, text, "automatic time")
}

// bannerText is the words of every line of the banner.
func bannerText(u *ui) string {
	var out string
	for _, o := range u.banner.Objects {
		for _, l := range test.LaidOutObjects(o) {
			if lb, ok := l.(*widget.Label); ok {
				out += lb.Text + "\n"
			}
		}
	}
	return out
}
