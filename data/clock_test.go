package data

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Desktops' clocks differ; what came first and whether something came
// before a deadline must not depend on whose clock stamped it (docs/
// design.md, "Order, not clocks"). A shifted desktop is a second Store on
// the same file whose own clock runs off; the file system's clock is the
// shared one.

// desktop opens path as another desktop whose clock is off by skew, and
// measures it against the shared clock as a desktop does when it opens.
func desktop(t *testing.T, path string, skew time.Duration) *Store {
	t.Helper()
	s, err := OpenWith(path, Options{MustExist: true})
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	s.Now = func() time.Time { return time.Now().Add(skew) }
	s.Loc = berlin
	_, err = s.MeasureClock()
	require.NoError(t, err)
	return s
}

// shifted makes a team file and two desktops: one with a correct clock and
// one whose clock is off by skew.
func shifted(t *testing.T, skew time.Duration) (good, off *Store, anna User, cust Customer) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "team.zusage")
	s, err := Create(path)
	require.NoError(t, err)
	anna, err = s.AddUser(NewUser{Name: "Anna Berg", Email: "anna@example.de"})
	require.NoError(t, err)
	cust, err = s.AddCustomer(NewCustomer{Name: "Müller Haustechnik GmbH", OwnerID: anna.ID})
	require.NoError(t, err)
	require.NoError(t, s.Close())
	return desktop(t, path, 0), desktop(t, path, skew), anna, cust
}

func warningOf(t *testing.T, s *Store, at time.Time, id uint) *Warning {
	t.Helper()
	ws, err := s.Warnings(at, WarningFilter{})
	require.NoError(t, err)
	for i := range ws {
		if ws[i].CommitmentID != nil && *ws[i].CommitmentID == id {
			return &ws[i]
		}
	}
	return nil
}

func TestMeasureClockFindsTheSkewAndCorrectsIt(t *testing.T) {
	_, off, _, _ := shifted(t, 2*time.Hour)
	c := off.Clock()
	assert.True(t, c.Measured)
	assert.InDelta(t, (-2 * time.Hour).Seconds(), c.Offset.Seconds(), 5)
	assert.True(t, c.Off(), "two hours is more than the tolerance")
	assert.WithinDuration(t, time.Now(), off.SharedNow(), 5*time.Second)

	_, ok, _, _ := shifted(t, time.Second)
	assert.Zero(t, ok.Clock().Offset, "a second is noise")
	assert.False(t, ok.Clock().Off())
}

// Case 1: a call logged on a desktop two hours ahead, before the deadline,
// must not count as contact after it.
func TestFastClockCallBeforeTheDeadlineIsNotAfterIt(t *testing.T) {
	good, fast, anna, cust := shifted(t, 2*time.Hour)
	due := time.Now().Add(time.Hour)
	// Made a day earlier on the correct desktop.
	good.Now = func() time.Time { return time.Now().Add(-24 * time.Hour) }
	c, err := good.Promise(NewCommitment{CustomerID: cust.ID, ByID: anna.ID, Kind: KindCallback, Title: "Rückruf", Due: Due{At: due}})
	require.NoError(t, err)
	good.Now = time.Now
	_, err = fast.LogContact(NewContact{CustomerID: cust.ID, UserID: anna.ID, Channel: "phone", Summary: "kurz gesprochen, anderes Thema"})
	require.NoError(t, err)
	w := warningOf(t, good, due.Add(2*time.Hour), c.ID)
	require.NotNil(t, w)
	assert.Equal(t, LevelSilent, w.Level, "the call came an hour before the deadline, whatever the fast desktop's clock said")
	assert.True(t, w.Since.Before(due))
}

// Case 2: a delay notice from a desktop two hours behind counts for a
// reschedule made on a correct desktop a moment before.
func TestSlowClockDelayNoticeCountsForTheReschedule(t *testing.T) {
	good, slow, anna, cust := shifted(t, -2*time.Hour)
	good.Now = func() time.Time { return time.Now().Add(-48 * time.Hour) }
	c, err := good.Promise(NewCommitment{CustomerID: cust.ID, ByID: anna.ID, Kind: KindAnswer, Title: "Antwort", Due: Due{At: time.Now().Add(-time.Hour)}})
	require.NoError(t, err)
	good.Now = time.Now
	_, err = good.Reschedule(c.ID, 0, anna.ID, Due{At: time.Now().Add(-30 * time.Minute).Add(48 * time.Hour)}, "Hersteller antwortet später", ToldNotYet)
	require.NoError(t, err)
	id := c.ID
	_, err = slow.LogContact(NewContact{CustomerID: cust.ID, UserID: anna.ID, Channel: "phone", Summary: "Verzögerung erklärt", CommitmentID: &id, DelayNotice: true})
	require.NoError(t, err)
	got, err := good.Commitment(c.ID)
	require.NoError(t, err)
	assert.True(t, got.Informed(), "told after the reschedule, in the order of the file")
	assert.False(t, got.Untold())
	// When the new date passes too, the customer was told: slipped.
	w := warningOf(t, good, time.Now().Add(72*time.Hour), c.ID)
	require.NotNil(t, w)
	assert.Equal(t, LevelSlipped, w.Level)
}

// Case 3: done on a desktop two hours behind, an hour after the deadline,
// is a late promise in the scorecard, not one kept on time.
func TestSlowClockDoneAfterTheDeadlineIsLate(t *testing.T) {
	good, slow, anna, cust := shifted(t, -2*time.Hour)
	due := time.Now().Add(-time.Hour)
	good.Now = func() time.Time { return time.Now().Add(-24 * time.Hour) }
	c, err := good.Promise(NewCommitment{CustomerID: cust.ID, ByID: anna.ID, Kind: KindOffer, Title: "Angebot", Due: Due{At: due}})
	require.NoError(t, err)
	good.Now = time.Now
	kept, err := slow.Complete(c.ID, 0, anna.ID, "")
	require.NoError(t, err)
	assert.True(t, kept.DoneAt.After(due), "done an hour after the deadline by the shared clock")
	rows, err := good.Scorecard(time.Now().Add(-48*time.Hour), time.Now().Add(time.Hour), good.SharedNow())
	require.NoError(t, err)
	var team ScoreRow
	for _, r := range rows {
		if r.OwnerID == 0 {
			team = r
		}
	}
	assert.Equal(t, 0, team.KeptOnTime)
	assert.Equal(t, 1, team.KeptLate)
}

// Case 4: kept on a slow desktop right after the promise was made on a
// correct one: the timeline lists "promised" before "kept".
func TestSlowClockTimelineKeepsTheOrderOfEvents(t *testing.T) {
	good, slow, anna, cust := shifted(t, -2*time.Hour)
	c, err := good.Promise(NewCommitment{CustomerID: cust.ID, ByID: anna.ID, Kind: KindDocument, Title: "Datenblatt", Due: Due{At: time.Now().Add(24 * time.Hour)}})
	require.NoError(t, err)
	_, err = slow.Complete(c.ID, 0, anna.ID, "per Mail geschickt")
	require.NoError(t, err)
	items, _, err := good.Timeline(cust.ID, "", 10)
	require.NoError(t, err)
	var order []string
	for _, it := range items {
		if it.Type == ItemEvent && !it.OfCustomer {
			order = append(order, it.Event)
		}
	}
	assert.Equal(t, []string{EventDone, EventCreated}, order, "newest first: kept after promised")
	evs, err := good.Events(c.ID)
	require.NoError(t, err)
	assert.False(t, evs[1].At.Before(evs[0].At.Time), "the stamps agree with the order")
}
