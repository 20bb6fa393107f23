package data

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func ids(items []CalendarItem) []uint {
	out := make([]uint, 0, len(items))
	for _, it := range items {
		out = append(out, it.ID)
	}
	return out
}

func TestCalendarItemsFiltersByOwnerRangeAndCancellation(t *testing.T) {
	f := newFixture(t)
	benCust, err := f.s.AddCustomer(NewCustomer{Name: "Schulz KG", Phone: "0421 55", OwnerID: f.ben.ID})
	require.NoError(t, err)
	_, err = f.s.LogContact(NewContact{CustomerID: f.cust.ID, UserID: f.anna.ID, At: f.now.Add(-48 * time.Hour), Channel: "phone", Summary: "erster Anruf"})
	require.NoError(t, err)
	_, err = f.s.LogContact(NewContact{CustomerID: f.cust.ID, UserID: f.anna.ID, At: f.now.Add(-time.Hour), Channel: "email", Summary: "Preisliste geschickt"})
	require.NoError(t, err)

	soon := f.promise(t, KindCallback, Due{At: f.now.Add(3 * time.Hour)})
	later := f.promise(t, KindDelivery, DayDue(2026, 12, 10, berlin))
	tooLate := f.promise(t, KindOffer, Due{At: f.now.AddDate(2, 0, 0)})
	past := f.promise(t, KindAnswer, Due{At: f.now.Add(-time.Hour)})
	_, err = f.s.Promise(NewCommitment{CustomerID: f.cust.ID, ByID: f.anna.ID, Kind: KindStanding, Title: "Zahlung auf Rechnung"})
	require.NoError(t, err)
	bens, err := f.s.Promise(NewCommitment{CustomerID: benCust.ID, ByID: f.ben.ID, Kind: KindVisit, Title: "Besuch", Due: Due{At: f.now.Add(24 * time.Hour)}})
	require.NoError(t, err)
	done := f.promise(t, KindDocument, Due{At: f.now.Add(5 * time.Hour)})
	_, err = f.s.Complete(done.ID, 0, f.anna.ID, "")
	require.NoError(t, err)

	_, err = f.s.Reschedule(soon.ID, 0, f.anna.ID, Due{At: f.now.Add(4 * time.Hour)}, "Kunde im Termin", ToldCustomer)
	require.NoError(t, err)
	_, err = f.s.Reschedule(soon.ID, 0, f.anna.ID, Due{At: f.now.Add(6 * time.Hour)}, "Kunde erst nachmittags da", ToldCustomer)
	require.NoError(t, err)
	gone := f.promise(t, KindCallback, Due{At: f.now.Add(30 * time.Hour)})
	_, err = f.s.Cancel(gone.ID, 0, f.anna.ID, "Kunde hat selbst angerufen")
	require.NoError(t, err)

	from := f.now.Add(-30 * time.Minute)
	to := from.AddDate(1, 0, 0)
	items, err := f.s.CalendarItems(CalendarFilter{OwnerID: f.anna.ID, From: from, To: to})
	require.NoError(t, err)
	assert.Equal(t, []uint{soon.ID, later.ID}, ids(items), "open, in range, with a due date, owner's only; earliest first")
	assert.NotContains(t, ids(items), tooLate.ID, "due after To")
	assert.NotContains(t, ids(items), past.ID, "due before From")

	items, err = f.s.CalendarItems(CalendarFilter{OwnerID: f.anna.ID, From: from, To: to, CancelledSince: f.now.AddDate(0, 0, -30)})
	require.NoError(t, err)
	assert.Equal(t, []uint{soon.ID, gone.ID, later.ID}, ids(items))
	assert.Equal(t, StatusCancelled, items[1].Status)
	assert.Equal(t, "Kunde hat selbst angerufen", items[1].CancelReason)
	assert.Equal(t, 1, items[1].Sequence)

	first := items[0]
	assert.Equal(t, "Müller Haustechnik GmbH", first.Customer)
	assert.Equal(t, "info@mueller.de", first.CustomerEmail)
	assert.Equal(t, "Anna Berg", first.OwnerName)
	assert.Equal(t, "anna@example.de", first.OwnerEmail)
	assert.Equal(t, "Preisliste geschickt", first.LastContact, "the newest contact")
	assert.True(t, first.LastContactAt.Equal(f.now.Add(-time.Hour)))
	assert.Equal(t, "Kunde erst nachmittags da", first.RescheduleReason, "the newest reschedule")
	assert.Equal(t, 2, first.Sequence)
	assert.Empty(t, first.CancelReason)
	assert.Empty(t, items[2].RescheduleReason)

	all, err := f.s.CalendarItems(CalendarFilter{From: from, To: to})
	require.NoError(t, err)
	assert.Equal(t, []uint{soon.ID, bens.ID, later.ID}, ids(all), "every owner")
	assert.Empty(t, all[1].LastContact, "no contact with that customer yet")
	assert.True(t, all[1].LastContactAt.IsZero())

	// 31 days later the cancellation has been in the feed for 30 days.
	later31 := f.now.AddDate(0, 0, 31)
	items, err = f.s.CalendarItems(CalendarFilter{OwnerID: f.anna.ID, From: from, To: to, CancelledSince: later31.AddDate(0, 0, -30)})
	require.NoError(t, err)
	assert.NotContains(t, ids(items), gone.ID)

	_, err = f.s.CalendarItems(CalendarFilter{From: to, To: from})
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
}

func TestCalendarItemOne(t *testing.T) {
	f := newFixture(t)
	c := f.promise(t, KindCallback, Due{At: f.now.Add(time.Hour)})
	it, err := f.s.CalendarItem(c.ID)
	require.NoError(t, err)
	assert.Equal(t, c.UID, it.UID)
	assert.Equal(t, "Müller Haustechnik GmbH", it.Customer)
	_, err = f.s.CalendarItem(999)
	assert.ErrorIs(t, err, ErrNotFound)
}

// The feed must stay fast on a large file: each branch is a range scan of
// the owner/status/due index and the per-row lookups are index seeks.
func TestCalendarItemsQueryPlanUsesIndexes(t *testing.T) {
	fileOnly(t)
	f := newFixture(t)
	var plan []struct {
		Detail string `gorm:"column:detail"`
	}
	q := "EXPLAIN QUERY PLAN " + CalendarSelect + ` WHERE c.id IN (
		SELECT id FROM commitments WHERE owner_id = 1 AND status = 'open' AND due_at >= 1 AND due_at < 2
		UNION ALL SELECT id FROM commitments WHERE owner_id = 1 AND status = 'cancelled' AND due_at < 2 AND done_at >= 1)
		ORDER BY c.due_at, c.id`
	require.NoError(t, f.s.db.Raw(q).Scan(&plan).Error)
	var lines []string
	for _, p := range plan {
		lines = append(lines, p.Detail)
	}
	text := strings.Join(lines, "\n")
	assert.Equal(t, 2, strings.Count(text, "idx_commitments_owner_status_due (owner_id=? AND status=? AND due_at"), text)
	assert.Contains(t, text, "idx_contacts_customer_at (customer_id=?)", text)
	assert.Contains(t, text, "idx_events_commitment (commitment_id=?)", text)
	assert.NotContains(t, text, "SCAN c\n", text)
	assert.NotContains(t, text, "SCAN commitments", text)
	assert.NotContains(t, text, "SCAN ct", text)
}

// An all-day deadline is stored as the end of its day; the feed range is
// about when the event starts, so it belongs to its own day at both edges.
func TestCalendarItemsRangeUsesTheDayOfAllDayDeadlines(t *testing.T) {
	f := newFixture(t)
	before := f.promise(t, KindDelivery, DayDue(2026, 11, 30, berlin))
	first := f.promise(t, KindDelivery, DayDue(2026, 12, 1, berlin))
	last := f.promise(t, KindDelivery, DayDue(2026, 12, 31, berlin))
	after := f.promise(t, KindDelivery, DayDue(2027, 1, 1, berlin))
	dst := f.promise(t, KindDelivery, DayDue(2027, 3, 28, berlin))
	from := time.Date(2026, 12, 1, 0, 0, 0, 0, berlin)
	to := time.Date(2027, 1, 1, 0, 0, 0, 0, berlin)
	items, err := f.s.CalendarItems(CalendarFilter{From: from, To: to})
	require.NoError(t, err)
	assert.Equal(t, []uint{first.ID, last.ID}, ids(items))
	assert.NotContains(t, ids(items), before.ID)
	assert.NotContains(t, ids(items), after.ID)

	// The day clocks go forward has 23 hours.
	items, err = f.s.CalendarItems(CalendarFilter{From: time.Date(2027, 3, 28, 0, 0, 0, 0, berlin), To: time.Date(2027, 3, 29, 0, 0, 0, 0, berlin)})
	require.NoError(t, err)
	assert.Equal(t, []uint{dst.ID}, ids(items))
	items, err = f.s.CalendarItems(CalendarFilter{From: time.Date(2027, 3, 29, 0, 0, 0, 0, berlin), To: time.Date(2027, 4, 29, 0, 0, 0, 0, berlin)})
	require.NoError(t, err)
	assert.Empty(t, items)
}
