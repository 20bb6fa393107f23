package app

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zusage/zusage/data"
)

// otherDesktop opens the team's file a second time, as another desktop.
func otherDesktop(t *testing.T, tm *team) *data.Store {
	t.Helper()
	o, err := data.OpenWith(tm.store.Path(), data.Options{MustExist: true})
	require.NoError(t, err)
	t.Cleanup(func() { o.Close() })
	o.Now = func() time.Time { return *tm.clock }
	return o
}

// TestAnotherDesktopsChangeReachesTodayWithoutAFullReload: a promise made on
// another desktop appears on Today through the change log; the board
// re-reads that customer only, and the open customer view of another
// customer is left alone.
func TestAnotherDesktopsChangeReachesTodayWithoutAFullReload(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	require.True(t, u.today.lastLoad.Full, "the first load reads everything")
	feed := &changeFeed{st: tm.store}
	feed.start()

	u.openCustomer(tm.mueller.ID)
	detail := u.customers.detail
	detailGen := detail.gen
	other := otherDesktop(t, tm)
	p, err := other.Promise(data.NewCommitment{CustomerID: tm.schulz.ID, ByID: tm.bernd.ID, OwnerID: tm.anna.ID,
		Kind: data.KindCallback, Title: "Rückruf wegen Gerüst", Due: data.Due{At: fixed.Add(30 * time.Minute)}})
	require.NoError(t, err)
	require.Equal(t, -1, findWarning(u, p.ID), "not there before the watch noticed")

	cs := feed.next()
	require.False(t, cs.Reload)
	assert.Equal(t, []uint{tm.schulz.ID}, cs.Customers())
	u.applyChanges(cs)

	i := findWarning(u, p.ID)
	require.GreaterOrEqual(t, i, 0, "the other desktop's promise is on Today")
	assert.Contains(t, todayRowAt(u, i).title.Text, "Rückruf wegen Gerüst")
	assert.False(t, u.today.lastLoad.Full, "applied from the log, not a full reload")
	assert.Equal(t, []uint{tm.schulz.ID}, u.today.lastLoad.Customers)
	assert.Equal(t, detailGen, detail.gen, "the open view of another customer did not reload")

	// A change about the open customer reloads its view too.
	_, err = other.LogContact(data.NewContact{CustomerID: tm.mueller.ID, UserID: tm.bernd.ID, Channel: "phone", Direction: "in", Summary: "Kunde ruft an"})
	require.NoError(t, err)
	u.applyChanges(feed.next())
	assert.Greater(t, u.customers.detail.gen, detailGen)
	found := false
	for _, it := range u.customers.detail.items {
		found = found || it.Summary == "Kunde ruft an"
	}
	assert.True(t, found, "the other desktop's contact is on the timeline")
}
