package data

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The customer always knows the date (docs/design.md, "What the customer
// was told"): a reschedule says what the customer knows, and a promise moved
// without telling them warns until they are told.

func TestRescheduleKindsDecideWhatTheCustomerExpects(t *testing.T) {
	for _, tc := range []struct {
		told       Told
		wantLevel  Level // at f.now, two days before the old date
		toldIsNew  bool
		eventKnows Told
	}{
		{ToldNotYet, LevelUntold, false, ToldNotYet},
		{ToldCustomerAsked, "", true, ToldCustomerAsked},
		{ToldCustomer, "", true, ToldCustomer},
	} {
		t.Run(string(tc.told), func(t *testing.T) {
			f := newFixture(t)
			old := Due{At: f.now.Add(48 * time.Hour)}
			c := f.promise(t, KindAnswer, old)
			moved, err := f.s.Reschedule(c.ID, c.Version, f.anna.ID, Due{At: f.now.Add(7 * 24 * time.Hour)}, "Rückfrage beim Hersteller", tc.told)
			require.NoError(t, err)
			assert.Equal(t, tc.toldIsNew, moved.ToldDueAt.Equal(moved.DueAt.Time))
			assert.Equal(t, !tc.toldIsNew, moved.Untold())
			if !tc.toldIsNew {
				assert.Equal(t, old.At.Unix(), moved.ToldDueAt.Unix(), "the customer still expects the old date")
			}
			w := f.warningFor(t, f.now, c.ID)
			if tc.wantLevel == "" {
				assert.Nil(t, w, "nothing to do: the customer knows")
			} else {
				require.NotNil(t, w)
				assert.Equal(t, tc.wantLevel, w.Level)
				assert.Equal(t, old.At.Unix(), w.ToldDueAt.Unix())
				assert.Equal(t, moved.DueAt.Unix(), w.DueAt.Unix())
			}
			evs, err := f.s.Events(c.ID)
			require.NoError(t, err)
			assert.Equal(t, tc.eventKnows, evs[len(evs)-1].Told)
		})
	}
}

// The hole of the issue: a callback due yesterday that nobody told the
// customer about, moved internally to next week — the customer still waits
// for yesterday's call, so it stays silent.
func TestRescheduleWithoutTellingDoesNotSilenceASilentPromise(t *testing.T) {
	f := newFixture(t)
	c := f.promise(t, KindCallback, Due{At: f.now.Add(-24 * time.Hour)})
	require.Equal(t, LevelSilent, f.warningFor(t, f.now, c.ID).Level)
	_, err := f.s.Reschedule(c.ID, 0, f.anna.ID, Due{At: f.now.Add(7 * 24 * time.Hour)}, "wir brauchen länger", ToldNotYet)
	require.NoError(t, err)
	w := f.warningFor(t, f.now, c.ID)
	require.NotNil(t, w, "the warning must not disappear")
	assert.Equal(t, LevelSilent, w.Level)
	assert.True(t, f.now.Before(w.DueAt), "although the internal deadline lies ahead")
}

func TestUntoldTurnsSilentWhenTheToldDatePassesWithoutAWord(t *testing.T) {
	f := newFixture(t)
	oldAt := f.now.Add(24 * time.Hour)
	c := f.promise(t, KindOffer, Due{At: oldAt})
	_, err := f.s.Reschedule(c.ID, 0, f.anna.ID, Due{At: f.now.Add(10 * 24 * time.Hour)}, "Kalkulation dauert", ToldNotYet)
	require.NoError(t, err)
	assert.Equal(t, LevelUntold, f.warningFor(t, oldAt.Add(-time.Minute), c.ID).Level)
	assert.Equal(t, LevelSilent, f.warningFor(t, oldAt, c.ID).Level, "the day the customer expected has come")

	// Any contact about the promise after that date: the customer heard
	// something, but still not the new date.
	f.now = oldAt.Add(2 * time.Hour)
	id := c.ID
	_, err = f.s.LogContact(NewContact{CustomerID: f.cust.ID, UserID: f.anna.ID, Channel: "phone", Summary: "Kunde fragt nach dem Angebot", CommitmentID: &id})
	require.NoError(t, err)
	assert.Equal(t, LevelUntold, f.warningFor(t, f.now, c.ID).Level)

	// A contact that told the new date makes both dates one.
	_, err = f.s.LogContact(NewContact{CustomerID: f.cust.ID, UserID: f.anna.ID, Channel: "email", Summary: "Neuen Termin genannt", CommitmentID: &id, ToldNewDate: true})
	require.NoError(t, err)
	assert.Nil(t, f.warningFor(t, f.now, c.ID))
	got, err := f.s.Commitment(c.ID)
	require.NoError(t, err)
	assert.False(t, got.Untold())
}

func TestDelayNoticeTellsTheNewDate(t *testing.T) {
	f := newFixture(t)
	c := f.promise(t, KindDelivery, DayDue(2026, 11, 27, berlin))
	_, err := f.s.Reschedule(c.ID, 0, f.anna.ID, DayDue(2026, 12, 4, berlin), "Lieferant", ToldNotYet)
	require.NoError(t, err)
	require.Equal(t, LevelUntold, f.warningFor(t, f.now, c.ID).Level)
	id := c.ID
	_, err = f.s.LogContact(NewContact{CustomerID: f.cust.ID, UserID: f.anna.ID, Channel: "phone", Summary: "Lieferung kommt am 4.12.", CommitmentID: &id, DelayNotice: true})
	require.NoError(t, err)
	got, err := f.s.Commitment(c.ID)
	require.NoError(t, err)
	assert.False(t, got.Untold())
	assert.Equal(t, "2026-12-04", got.ToldDueDate)
	assert.True(t, got.Informed())
	assert.Nil(t, f.warningFor(t, f.now, c.ID))
	// The new date passes too: the notice was about this date, so the
	// customer was told — slipped, not silent.
	assert.Equal(t, LevelSlipped, f.warningFor(t, time.Date(2026, 12, 5, 9, 0, 0, 0, berlin), c.ID).Level)

	// With a new date in the same contact: a reschedule the customer knows.
	d := f.promise(t, KindAnswer, Due{At: f.now.Add(3 * time.Hour)})
	did := d.ID
	_, err = f.s.LogContact(NewContact{CustomerID: f.cust.ID, UserID: f.anna.ID, Channel: "email", Summary: "Antwort kommt Freitag",
		CommitmentID: &did, DelayNotice: true, NewDue: Due{At: f.now.Add(72 * time.Hour)}})
	require.NoError(t, err)
	evs, err := f.s.Events(d.ID)
	require.NoError(t, err)
	require.Len(t, evs, 3)
	assert.Equal(t, EventRescheduled, evs[1].Type)
	assert.Equal(t, ToldCustomer, evs[1].Told)
	assert.Equal(t, EventInformed, evs[2].Type)
	assert.Nil(t, f.warningFor(t, f.now, d.ID))
}

// The untold promises far ahead are found too (the warnings' far half reads
// the attention index, not only promises within the lead time).
func TestUntoldFarAheadIsAWarning(t *testing.T) {
	f := newFixture(t)
	c := f.promise(t, KindDelivery, DayDue(2027, 3, 1, berlin))
	_, err := f.s.Reschedule(c.ID, 0, f.anna.ID, DayDue(2027, 3, 15, berlin), "Werk im Umbau", ToldNotYet)
	require.NoError(t, err)
	w := f.warningFor(t, f.now, c.ID)
	require.NotNil(t, w)
	assert.Equal(t, LevelUntold, w.Level)
	assert.Equal(t, "2027-03-01", w.ToldDue.Date())
	assert.Equal(t, "2027-03-15", w.Due.Date())
}

func TestLevelsAreOrderedAndUrgentOnce(t *testing.T) {
	assert.Equal(t, []Level{LevelSilent, LevelSlipped, LevelUntold, LevelAtRisk, LevelSoon, LevelNoNextStep}, Levels)
	for i, l := range Levels {
		assert.Equal(t, i, l.Rank())
		assert.Equal(t, l == LevelSilent || l == LevelSlipped, l.Urgent(), l)
		assert.Equal(t, l != LevelNoNextStep, l.ForPromise(), l)
	}
	assert.Greater(t, Level("unknown").Rank(), LevelNoNextStep.Rank())
}
