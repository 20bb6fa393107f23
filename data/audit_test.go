package data

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Nothing is hard-deleted, and every change to a promise is an event with
// who and when (lesson 3: the old appointment disappears, the history not).
func TestEveryChangeIsRecordedAndNothingIsDeleted(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, f.s.db.Exec(`CREATE TABLE IF NOT EXISTS deleted_rows (tbl TEXT)`).Error)
	if f.s.Backend() == BackendPostgres {
		require.NoError(t, f.s.db.Exec(`CREATE FUNCTION note_delete() RETURNS trigger LANGUAGE plpgsql AS
			$$ BEGIN INSERT INTO deleted_rows VALUES (TG_TABLE_NAME); RETURN OLD; END $$`).Error)
	}
	for _, table := range []string{"users", "customers", "contacts", "commitments", "commitment_events", "contact_revisions"} {
		trigger := `CREATE TRIGGER no_delete_` + table + ` AFTER DELETE ON ` + table +
			` BEGIN INSERT INTO deleted_rows VALUES ('` + table + `'); END`
		if f.s.Backend() == BackendPostgres {
			trigger = `CREATE TRIGGER no_delete_` + table + ` AFTER DELETE ON ` + table + ` FOR EACH ROW EXECUTE FUNCTION note_delete()`
		}
		require.NoError(t, f.s.db.Exec(trigger).Error)
	}
	count := func(table string) int64 {
		var n int64
		require.NoError(t, f.s.db.Table(table).Count(&n).Error)
		return n
	}
	tick := func() time.Time {
		f.now = f.now.Add(7 * time.Minute)
		return f.now
	}

	type change struct {
		typ string
		by  uint
		at  time.Time
	}
	var want []change
	c := f.promise(t, KindCallback, Due{At: f.now.Add(3 * time.Hour)})
	want = append(want, change{EventCreated, f.anna.ID, f.now})
	at := tick()
	c, err := f.s.Reschedule(c.ID, c.Version, f.anna.ID, Due{At: f.now.Add(24 * time.Hour)}, "Kunde bat um morgen", ToldCustomer)
	require.NoError(t, err)
	want = append(want, change{EventRescheduled, f.anna.ID, at})
	at = tick()
	c, err = f.s.Reassign(c.ID, c.Version, f.anna.ID, f.ben.ID, "Urlaub")
	require.NoError(t, err)
	want = append(want, change{EventReassigned, f.anna.ID, at})
	at = tick()
	c, err = f.s.SetEstimate(c.ID, c.Version, f.ben.ID, Due{At: f.now.Add(30 * time.Hour)})
	require.NoError(t, err)
	want = append(want, change{EventEstimated, f.ben.ID, at})
	at = tick()
	_, err = f.s.LogContact(NewContact{CustomerID: f.cust.ID, UserID: f.ben.ID, Channel: "phone", Summary: "Verzögerung angekündigt",
		CommitmentID: &c.ID, DelayNotice: true, NewDue: Due{At: f.now.Add(48 * time.Hour)}})
	require.NoError(t, err)
	want = append(want, change{EventRescheduled, f.ben.ID, at}, change{EventInformed, f.ben.ID, at})
	c, err = f.s.Commitment(c.ID)
	require.NoError(t, err)
	at = tick()
	_, err = f.s.Complete(c.ID, c.Version, f.ben.ID, "erledigt")
	require.NoError(t, err)
	want = append(want, change{EventDone, f.ben.ID, at})

	evs, err := f.s.Events(c.ID)
	require.NoError(t, err)
	require.Len(t, evs, len(want))
	for i, ev := range evs {
		assert.Equal(t, want[i].typ, ev.Type, "event %d", i)
		assert.Equal(t, want[i].by, ev.ByID, "who, event %d", i)
		assert.Equal(t, want[i].at.Unix(), ev.At.Unix(), "when, event %d", i)
	}
	assert.Equal(t, f.anna.ID, *evs[2].OldOwnerID)
	assert.Equal(t, f.ben.ID, *evs[2].NewOwnerID)

	c2 := f.promise(t, KindOffer, Due{At: f.now.Add(48 * time.Hour)})
	at = tick()
	c2, err = f.s.Cancel(c2.ID, c2.Version, f.anna.ID, "Kunde hat abgesagt")
	require.NoError(t, err)
	evs, err = f.s.Events(c2.ID)
	require.NoError(t, err)
	require.Len(t, evs, 2)
	assert.Equal(t, EventCancelled, evs[1].Type)
	assert.Equal(t, f.anna.ID, evs[1].ByID)
	assert.Equal(t, at.Unix(), evs[1].At.Unix())
	assert.Equal(t, "Kunde hat abgesagt", evs[1].Reason)
	assert.Equal(t, StatusCancelled, c2.Status, "the row stays")

	// A contact edit keeps the earlier text, with who and when.
	ct, err := f.s.LogContact(NewContact{CustomerID: f.cust.ID, UserID: f.anna.ID, Channel: "email", Summary: "Preis 100 €"})
	require.NoError(t, err)
	at = tick()
	_, err = f.s.EditContact(ct.ID, ct.Version, f.ben.ID, "Preis 110 €", "Tippfehler")
	require.NoError(t, err)
	revs, err := f.s.Revisions(ct.ID)
	require.NoError(t, err)
	require.Len(t, revs, 1)
	assert.Equal(t, "Preis 100 €", revs[0].Summary)
	assert.Equal(t, f.ben.ID, revs[0].EditedBy)
	assert.Equal(t, at.Unix(), revs[0].EditedAt.Unix())

	// Archiving hides, it does not delete.
	rowsBefore := map[string]int64{}
	for _, tbl := range []string{"users", "customers", "contacts", "commitments", "commitment_events", "contact_revisions"} {
		rowsBefore[tbl] = count(tbl)
	}
	cu, err := f.s.Customer(f.cust.ID)
	require.NoError(t, err)
	require.NoError(t, f.s.ArchiveCustomer(cu.ID, cu.Version, f.anna.ID))
	ben, err := f.s.User(f.ben.ID)
	require.NoError(t, err)
	require.NoError(t, f.s.ArchiveUser(ben.ID, ben.Version, f.anna.ID, 0))
	for tbl, n := range rowsBefore {
		assert.Equal(t, n, count(tbl), "rows of %s", tbl)
	}
	assert.EqualValues(t, 0, count("deleted_rows"), "no operation issued a DELETE")
}
