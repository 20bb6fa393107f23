package data

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fixture is a store with a fixed clock, two salespeople and a customer.
type fixture struct {
	s    *Store
	now  time.Time
	anna User
	ben  User
	cust Customer
}

var berlin = func() *time.Location {
	l, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return l
}()

func newFixture(t *testing.T) *fixture {
	t.Helper()
	s, err := Open(TestDB(t, "zusage.db"))
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	f := &fixture{s: s, now: time.Date(2026, 11, 24, 9, 0, 0, 0, berlin)}
	s.Now = func() time.Time { return f.now }
	s.Loc = berlin
	f.anna, err = s.AddUser(NewUser{Name: "Anna Berg", Email: "anna@example.de", Phone: "+49 30 1234-56"})
	require.NoError(t, err)
	f.ben, err = s.AddUser(NewUser{Name: "Ben Krüger", Email: "ben@example.de"})
	require.NoError(t, err)
	f.cust, err = s.AddCustomer(NewCustomer{Name: "Müller Haustechnik GmbH", Email: "info@mueller.de", OwnerID: f.anna.ID})
	require.NoError(t, err)
	return f
}

func (f *fixture) promise(t *testing.T, kind string, due Due) Commitment {
	t.Helper()
	return f.promiseFor(t, NewCommitment{CustomerID: f.cust.ID, ByID: f.anna.ID, Kind: kind, Title: "Preisfrage klären", Due: due})
}

// promiseFor makes the promise n; one whose deadline has already passed is
// made a day before it, as it would have been (the Store refuses deadlines
// in the past).
func (f *fixture) promiseFor(t *testing.T, n NewCommitment) Commitment {
	t.Helper()
	if !n.Due.IsZero() && !n.Due.End(f.s.Loc).After(f.now) {
		saved := f.now
		f.now = n.Due.End(f.s.Loc).Add(-24 * time.Hour)
		defer func() { f.now = saved }()
	}
	c, err := f.s.Promise(n)
	require.NoError(t, err)
	return c
}

func (f *fixture) warningFor(t *testing.T, at time.Time, id uint) *Warning {
	t.Helper()
	ws, err := f.s.Warnings(at, WarningFilter{})
	require.NoError(t, err)
	for i := range ws {
		if ws[i].CommitmentID != nil && *ws[i].CommitmentID == id {
			return &ws[i]
		}
	}
	return nil
}

func (f *fixture) countOpen(t *testing.T) int64 {
	var n int64
	require.NoError(t, f.s.db.Model(&Commitment{}).Where("customer_id = ? AND status = ?", f.cust.ID, StatusOpen).Count(&n).Error)
	return n
}

func TestRescheduleKeepsUIDRaisesSequenceAndLeavesOneOpenPromise(t *testing.T) {
	f := newFixture(t)
	c := f.promise(t, KindCallback, Due{At: f.now.Add(2 * time.Hour)})
	newDue := Due{At: f.now.Add(50 * time.Hour)}
	r, err := f.s.Reschedule(c.ID, c.Version, f.anna.ID, newDue, "Kunde bat um Donnerstag", ToldCustomer)
	require.NoError(t, err)
	assert.Equal(t, c.ID, r.ID)
	assert.Equal(t, c.UID, r.UID)
	assert.Equal(t, c.Sequence+1, r.Sequence)
	assert.True(t, r.DueAt.Equal(newDue.At))
	assert.EqualValues(t, 1, f.countOpen(t), "no second open commitment for the same promise")

	evs, err := f.s.Events(c.ID)
	require.NoError(t, err)
	require.Len(t, evs, 2)
	assert.Equal(t, EventRescheduled, evs[1].Type)
	assert.True(t, evs[1].OldDue.Equal(c.DueAt.Time))
	assert.True(t, evs[1].NewDue.Equal(newDue.At))
	assert.Equal(t, "Kunde bat um Donnerstag", evs[1].Reason)
	assert.Equal(t, f.anna.ID, evs[1].ByID)

	r2, err := f.s.Reschedule(c.ID, 0, f.ben.ID, DayDue(2026, 12, 1, berlin), "Rückfrage Entwicklung", ToldCustomer)
	require.NoError(t, err)
	assert.Equal(t, c.UID, r2.UID)
	assert.Equal(t, 2, r2.Sequence)
	assert.Equal(t, "2026-12-01", r2.DueDate)
	assert.True(t, r2.DueAt.Equal(time.Date(2026, 12, 2, 0, 0, 0, 0, berlin)), "an all-day deadline passes at the end of the day")
}

func TestRescheduleIsAllOrNothing(t *testing.T) {
	f := newFixture(t)
	c := f.promise(t, KindAnswer, Due{At: f.now.Add(24 * time.Hour)})
	_, err := f.s.Reschedule(c.ID, 0, f.anna.ID, Due{At: f.now.Add(48 * time.Hour)}, "  ", ToldCustomer)
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "reason", ve.Field)
	_, err = f.s.Reschedule(c.ID, 0, 999, Due{At: f.now.Add(48 * time.Hour)}, "x", ToldCustomer)
	require.ErrorAs(t, err, &ve)
	after, err := f.s.Commitment(c.ID)
	require.NoError(t, err)
	assert.Equal(t, c.Sequence, after.Sequence)
	assert.True(t, after.DueAt.Equal(c.DueAt.Time))
	evs, _ := f.s.Events(c.ID)
	assert.Len(t, evs, 1)
}

func TestCancelKeepsRowRaisesSequenceAndRecordsEvent(t *testing.T) {
	f := newFixture(t)
	c := f.promise(t, KindCallback, Due{At: f.now.Add(time.Hour)})
	_, err := f.s.Cancel(c.ID, 0, f.anna.ID, "")
	require.Error(t, err, "a cancellation needs a reason")
	x, err := f.s.Cancel(c.ID, c.Version, f.anna.ID, "Kunde hat abgesagt")
	require.NoError(t, err)
	assert.Equal(t, StatusCancelled, x.Status)
	assert.Equal(t, c.UID, x.UID)
	assert.Equal(t, c.Sequence+1, x.Sequence)
	evs, _ := f.s.Events(c.ID)
	require.Len(t, evs, 2)
	assert.Equal(t, EventCancelled, evs[1].Type)
	assert.Equal(t, "Kunde hat abgesagt", evs[1].Reason)
	_, err = f.s.Reschedule(c.ID, 0, f.anna.ID, Due{At: f.now.Add(5 * time.Hour)}, "x", ToldCustomer)
	assert.Error(t, err, "a cancelled promise cannot be rescheduled")
	assert.Nil(t, f.warningFor(t, f.now.Add(3*time.Hour), c.ID), "a cancelled promise warns no one")
}

func TestCompleteRecordsEvent(t *testing.T) {
	f := newFixture(t)
	c := f.promise(t, KindOffer, Due{At: f.now.Add(time.Hour)})
	d, err := f.s.Complete(c.ID, c.Version, f.ben.ID, "Angebot per E-Mail")
	require.NoError(t, err)
	assert.Equal(t, StatusDone, d.Status)
	assert.True(t, d.DoneAt.Equal(f.now))
	_, err = f.s.Complete(c.ID, 0, f.ben.ID, "")
	assert.Error(t, err, "done twice")
	assert.EqualValues(t, 0, f.countOpen(t))
}

func TestWarningLevels(t *testing.T) {
	f := newFixture(t)
	callback := f.promise(t, KindCallback, Due{At: f.now.Add(90 * time.Minute)})
	delivery := f.promise(t, KindDelivery, DayDue(2026, 11, 25, berlin))
	answer := f.promise(t, KindAnswer, Due{At: f.now.Add(72 * time.Hour)})

	// Lead times: callback 2 h, delivery 2 days, answer 1 day.
	assert.Equal(t, LevelSoon, f.warningFor(t, f.now, callback.ID).Level)
	assert.Equal(t, LevelSoon, f.warningFor(t, f.now, delivery.ID).Level)
	assert.Nil(t, f.warningFor(t, f.now, answer.ID), "answer due in 3 days is not due soon")
	assert.Nil(t, f.warningFor(t, f.now.Add(-time.Hour), callback.ID), "2.5 h before a callback is not soon yet")

	// Past due with no word to the customer: silent.
	later := f.now.Add(2 * time.Hour)
	w := f.warningFor(t, later, callback.ID)
	require.NotNil(t, w)
	assert.Equal(t, LevelSilent, w.Level)
	assert.False(t, w.Informed)
	assert.Equal(t, w.DueAt, w.ToldDueAt, "nothing was moved")

	// The all-day delivery is not past due until its day has ended.
	assert.Equal(t, LevelSoon, f.warningFor(t, time.Date(2026, 11, 25, 23, 59, 0, 0, berlin), delivery.ID).Level)
	assert.Equal(t, LevelSilent, f.warningFor(t, time.Date(2026, 11, 26, 0, 0, 0, 0, berlin), delivery.ID).Level)
}

func TestDelayNoticeClearsSilentButNotSlipped(t *testing.T) {
	f := newFixture(t)
	c := f.promise(t, KindAnswer, Due{At: f.now.Add(48 * time.Hour)})
	f.now = f.now.Add(50 * time.Hour)
	require.Equal(t, LevelSilent, f.warningFor(t, f.now, c.ID).Level)

	_, err := f.s.LogContact(NewContact{CustomerID: f.cust.ID, UserID: f.anna.ID, Channel: "email",
		Summary: "Antwort dauert noch, Entwicklung prüft", CommitmentID: &c.ID, DelayNotice: true})
	require.NoError(t, err)
	w := f.warningFor(t, f.now, c.ID)
	require.NotNil(t, w)
	assert.Equal(t, LevelSlipped, w.Level, "told, but still past due")

	// A reschedule starts a new schedule: the old notice no longer counts.
	f.now = f.now.Add(time.Hour)
	_, err = f.s.Reschedule(c.ID, 0, f.anna.ID, Due{At: f.now.Add(time.Hour)}, "Entwicklung braucht länger", ToldCustomer)
	require.NoError(t, err)
	assert.Equal(t, LevelSilent, f.warningFor(t, f.now.Add(90*time.Minute), c.ID).Level)
}

func TestDelayNoticeWithNewDueReschedulesInOneStep(t *testing.T) {
	f := newFixture(t)
	c := f.promise(t, KindDelivery, DayDue(2026, 11, 24, berlin))
	f.now = time.Date(2026, 11, 25, 8, 0, 0, 0, berlin)
	_, err := f.s.LogContact(NewContact{CustomerID: f.cust.ID, UserID: f.anna.ID, Channel: "phone",
		Summary: "Lieferverzug angekündigt", CommitmentID: &c.ID, DelayNotice: true, NewDue: DayDue(2026, 11, 30, berlin)})
	require.NoError(t, err)
	r, _ := f.s.Commitment(c.ID)
	assert.Equal(t, "2026-11-30", r.DueDate)
	assert.Equal(t, 1, r.Sequence)
	assert.Equal(t, c.UID, r.UID)
	assert.EqualValues(t, 1, f.countOpen(t))
	// Past the new date the customer has been told about this schedule.
	assert.Equal(t, LevelSlipped, f.warningFor(t, time.Date(2026, 12, 1, 9, 0, 0, 0, berlin), c.ID).Level)
}

func TestAnyContactAfterDueClearsSilent(t *testing.T) {
	f := newFixture(t)
	c := f.promise(t, KindCallback, Due{At: f.now.Add(time.Hour)})
	f.now = f.now.Add(3 * time.Hour)
	_, err := f.s.LogContact(NewContact{CustomerID: f.cust.ID, UserID: f.ben.ID, Channel: "phone", Direction: DirIn, Summary: "Kunde rief an"})
	require.NoError(t, err)
	assert.Equal(t, LevelSlipped, f.warningFor(t, f.now, c.ID).Level)
}

func TestEstimateAfterPromiseIsAtRisk(t *testing.T) {
	f := newFixture(t)
	c, err := f.s.Promise(NewCommitment{CustomerID: f.cust.ID, ByID: f.anna.ID, Kind: KindDelivery,
		Title: "Pumpe X200 liefern", Due: DayDue(2026, 12, 4, berlin), Estimate: DayDue(2026, 12, 7, berlin)})
	require.NoError(t, err)
	w := f.warningFor(t, f.now, c.ID)
	require.NotNil(t, w)
	assert.Equal(t, LevelAtRisk, w.Level)

	ok, err := f.s.Promise(NewCommitment{CustomerID: f.cust.ID, ByID: f.anna.ID, Kind: KindDelivery,
		Title: "Dichtungen", Due: DayDue(2026, 12, 10, berlin), Estimate: DayDue(2026, 12, 7, berlin)})
	require.NoError(t, err)
	assert.Nil(t, f.warningFor(t, f.now, ok.ID), "an estimate before the promise is the buffer at work")

	_, err = f.s.SetEstimate(c.ID, 0, f.anna.ID, DayDue(2026, 12, 3, berlin))
	require.NoError(t, err)
	assert.Nil(t, f.warningFor(t, f.now, c.ID))
}

func TestNoNextStep(t *testing.T) {
	f := newFixture(t)
	quiet, err := f.s.AddCustomer(NewCustomer{Name: "Bäckerei Schulz", OwnerID: f.ben.ID})
	require.NoError(t, err)
	_, err = f.s.LogContact(NewContact{CustomerID: quiet.ID, UserID: f.ben.ID, Channel: "phone", Summary: "Jahresgespräch"})
	require.NoError(t, err)
	busy, err := f.s.AddCustomer(NewCustomer{Name: "Northwind Supplies Ltd", OwnerID: f.ben.ID})
	require.NoError(t, err)
	_, err = f.s.Promise(NewCommitment{CustomerID: busy.ID, ByID: f.ben.ID, Kind: KindOffer, Title: "Angebot", Due: DayDue(2027, 3, 1, berlin)})
	require.NoError(t, err)

	find := func(at time.Time, id uint) bool {
		ws, err := f.s.Warnings(at, WarningFilter{OwnerID: f.ben.ID})
		require.NoError(t, err)
		for _, w := range ws {
			if w.Level == LevelNoNextStep && w.CustomerID == id {
				assert.Nil(t, w.CommitmentID)
				return true
			}
		}
		return false
	}
	assert.False(t, find(f.now.AddDate(0, 0, 29), quiet.ID))
	assert.True(t, find(f.now.AddDate(0, 0, 31), quiet.ID))
	assert.False(t, find(f.now.AddDate(0, 0, 31), busy.ID), "an open promise is a next step")

	set, err := f.s.Settings()
	require.NoError(t, err)
	set.NoNextStepDays = 60
	require.NoError(t, f.s.SaveSettings(set))
	assert.False(t, find(f.now.AddDate(0, 0, 31), quiet.ID), "the team setting is honoured")
}

func TestLeadTimesAreTeamSettings(t *testing.T) {
	f := newFixture(t)
	c := f.promise(t, KindCallback, Due{At: f.now.Add(3 * time.Hour)})
	assert.Nil(t, f.warningFor(t, f.now, c.ID))
	set, err := f.s.Settings()
	require.NoError(t, err)
	set.LeadTimes[KindCallback] = 4 * time.Hour
	require.NoError(t, f.s.SaveSettings(set))
	again, err := f.s.Settings()
	require.NoError(t, err)
	assert.Equal(t, 4*time.Hour, again.LeadTime(KindCallback))
	require.NotNil(t, f.warningFor(t, f.now, c.ID))
	assert.Equal(t, LevelSoon, f.warningFor(t, f.now, c.ID).Level)
}

func TestWarningsFilterByOwnerAndOrderWorstFirst(t *testing.T) {
	f := newFixture(t)
	soon := f.promise(t, KindCallback, Due{At: f.now.Add(time.Hour)})
	f.now = f.now.Add(-48 * time.Hour)
	silent := f.promise(t, KindCallback, Due{At: f.now.Add(time.Hour)})
	f.now = f.now.Add(48 * time.Hour)
	ws, err := f.s.Warnings(f.now, WarningFilter{OwnerID: f.anna.ID})
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(ws), 2)
	assert.Equal(t, silent.ID, *ws[0].CommitmentID)
	assert.Equal(t, soon.ID, *ws[1].CommitmentID)
	ws, err = f.s.Warnings(f.now, WarningFilter{OwnerID: f.ben.ID})
	require.NoError(t, err)
	assert.Empty(t, ws)
}

func TestStaleUpdatesReturnConflict(t *testing.T) {
	f := newFixture(t)
	mine, err := f.s.Customer(f.cust.ID)
	require.NoError(t, err)
	theirs := mine
	theirs.Phone = "+49 40 555"
	_, err = f.s.UpdateCustomer(theirs, f.anna.ID)
	require.NoError(t, err)
	mine.Notes = "mein Text"
	_, err = f.s.UpdateCustomer(mine, f.anna.ID)
	assert.ErrorIs(t, err, ErrConflict)
	got, _ := f.s.Customer(f.cust.ID)
	assert.Equal(t, "+49 40 555", got.Phone, "their change is never overwritten")
	assert.Empty(t, got.Notes)

	c := f.promise(t, KindCallback, Due{At: f.now.Add(time.Hour)})
	_, err = f.s.Reschedule(c.ID, c.Version, f.ben.ID, Due{At: f.now.Add(3 * time.Hour)}, "Ben", ToldCustomer)
	require.NoError(t, err)
	_, err = f.s.Reschedule(c.ID, c.Version, f.anna.ID, Due{At: f.now.Add(5 * time.Hour)}, "Anna", ToldCustomer)
	assert.ErrorIs(t, err, ErrConflict)
	_, err = f.s.Cancel(c.ID, c.Version, f.anna.ID, "Anna")
	assert.ErrorIs(t, err, ErrConflict)

	u, _ := f.s.User(f.ben.ID)
	u2 := u
	u2.Phone = "1"
	_, err = f.s.UpdateUser(u2)
	require.NoError(t, err)
	u.Phone = "2"
	_, err = f.s.UpdateUser(u)
	assert.ErrorIs(t, err, ErrConflict)

	_, err = f.s.UpdateCustomer(Customer{ID: 999, Name: "x", OwnerID: f.anna.ID, Version: 1}, f.anna.ID)
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestContactEditKeepsEarlierText(t *testing.T) {
	f := newFixture(t)
	k, err := f.s.LogContact(NewContact{CustomerID: f.cust.ID, UserID: f.anna.ID, Channel: "phone", Summary: "Rückruf vereinbart", Notes: "Di 10 Uhr"})
	require.NoError(t, err)
	e, err := f.s.EditContact(k.ID, k.Version, f.ben.ID, "Rückruf vereinbart (Mi)", "Mi 10 Uhr")
	require.NoError(t, err)
	assert.Equal(t, "Mi 10 Uhr", e.Notes)
	revs, err := f.s.Revisions(k.ID)
	require.NoError(t, err)
	require.Len(t, revs, 1)
	assert.Equal(t, "Rückruf vereinbart", revs[0].Summary)
	assert.Equal(t, "Di 10 Uhr", revs[0].Notes)
	assert.Equal(t, f.ben.ID, revs[0].EditedBy)
	_, err = f.s.EditContact(k.ID, k.Version, f.ben.ID, "again", "")
	assert.ErrorIs(t, err, ErrConflict)
}

func TestCustomerNeedsAnOwner(t *testing.T) {
	f := newFixture(t)
	_, err := f.s.AddCustomer(NewCustomer{Name: "Ohne Besitzer"})
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "owner", ve.Field)
	_, err = f.s.AddCustomer(NewCustomer{Name: "X", OwnerID: 77})
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "owner", ve.Field)

	err = f.s.ArchiveUser(f.anna.ID, f.anna.Version, f.ben.ID, 0)
	require.ErrorAs(t, err, &ve, "Anna still owns Müller")
	assert.Equal(t, CodeHasOpenWork, ve.Code)
	c, _ := f.s.Customer(f.cust.ID)
	c.OwnerID = f.ben.ID
	_, err = f.s.UpdateCustomer(c, f.anna.ID)
	require.NoError(t, err)
	require.NoError(t, f.s.ArchiveUser(f.anna.ID, f.anna.Version, f.ben.ID, 0))
	_, err = f.s.AddCustomer(NewCustomer{Name: "Y", OwnerID: f.anna.ID})
	require.ErrorAs(t, err, &ve, "an archived salesperson cannot own customers")
}

func TestValidationNamesTheField(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		name  string
		field string
		call  func() error
	}{
		{"unknown kind", "kind", func() error {
			_, err := f.s.Promise(NewCommitment{CustomerID: f.cust.ID, ByID: f.anna.ID, Kind: "gift", Title: "x", Due: Due{At: f.now}})
			return err
		}},
		{"missing due", "due", func() error {
			_, err := f.s.Promise(NewCommitment{CustomerID: f.cust.ID, ByID: f.anna.ID, Kind: KindOffer, Title: "x"})
			return err
		}},
		{"standing with due", "due", func() error {
			_, err := f.s.Promise(NewCommitment{CustomerID: f.cust.ID, ByID: f.anna.ID, Kind: KindStanding, Title: "x", Due: Due{At: f.now}})
			return err
		}},
		{"empty title", "title", func() error {
			_, err := f.s.Promise(NewCommitment{CustomerID: f.cust.ID, ByID: f.anna.ID, Kind: KindOffer, Title: " ", Due: Due{At: f.now}})
			return err
		}},
		{"unknown customer", "customer", func() error {
			_, err := f.s.Promise(NewCommitment{CustomerID: 42, ByID: f.anna.ID, Kind: KindOffer, Title: "x", Due: Due{At: f.now}})
			return err
		}},
		{"unknown channel", "channel", func() error {
			_, err := f.s.LogContact(NewContact{CustomerID: f.cust.ID, UserID: f.anna.ID, Channel: "fax", Summary: "x"})
			return err
		}},
		{"empty summary", "summary", func() error {
			_, err := f.s.LogContact(NewContact{CustomerID: f.cust.ID, UserID: f.anna.ID, Channel: "phone", Summary: ""})
			return err
		}},
		{"delay notice without promise", "about", func() error {
			_, err := f.s.LogContact(NewContact{CustomerID: f.cust.ID, UserID: f.anna.ID, Channel: "phone", Summary: "x", DelayNotice: true})
			return err
		}},
		{"duplicate user e-mail", "email", func() error {
			_, err := f.s.AddUser(NewUser{Name: "Anna 2", Email: "ANNA@example.de"})
			return err
		}},
		{"bad customer e-mail", "email", func() error {
			_, err := f.s.AddCustomer(NewCustomer{Name: "x", Email: "not-an-address", OwnerID: f.anna.ID})
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tc.field, ve.Field)
		})
	}
	var n int64
	f.s.db.Model(&Commitment{}).Count(&n)
	assert.Zero(t, n, "nothing was written")
	f.s.db.Model(&Contact{}).Count(&n)
	assert.Zero(t, n)
}

func TestStandingPromiseHasNoDueAndShowsOnTheCard(t *testing.T) {
	f := newFixture(t)
	st, err := f.s.Promise(NewCommitment{CustomerID: f.cust.ID, ByID: f.anna.ID, Kind: KindStanding, Title: "Zahlung auf Rechnung"})
	require.NoError(t, err)
	assert.True(t, st.DueAt.IsZero())
	card, err := f.s.Card(f.cust.ID)
	require.NoError(t, err)
	require.Len(t, card.Standing, 1)
	assert.Equal(t, "Zahlung auf Rechnung", card.Standing[0].Title)
	assert.Equal(t, "Anna Berg", card.Owner.Name)
	ws, _ := f.s.Warnings(f.now.AddDate(1, 0, 0), WarningFilter{})
	for _, w := range ws {
		assert.NotEqual(t, st.ID, derefID(w.CommitmentID))
	}
}

func derefID(p *uint) uint {
	if p == nil {
		return 0
	}
	return *p
}

func TestInformPromiseIsKeptByAContactAboutIt(t *testing.T) {
	f := newFixture(t)
	c := f.promise(t, KindInform, DayDue(2026, 11, 30, berlin))
	_, err := f.s.LogContact(NewContact{CustomerID: f.cust.ID, UserID: f.anna.ID, Channel: "phone", Summary: "Über Dichtung informiert", CommitmentID: &c.ID})
	require.NoError(t, err)
	got, _ := f.s.Commitment(c.ID)
	assert.Equal(t, StatusDone, got.Status)

	cb := f.promise(t, KindCallback, Due{At: f.now.Add(time.Hour)})
	_, err = f.s.LogContact(NewContact{CustomerID: f.cust.ID, UserID: f.anna.ID, Channel: "phone", Summary: "kurz gesprochen", CommitmentID: &cb.ID})
	require.NoError(t, err)
	got, _ = f.s.Commitment(cb.ID)
	assert.Equal(t, StatusOpen, got.Status, "only inform promises are kept by a contact alone")
}

func TestReassign(t *testing.T) {
	f := newFixture(t)
	c := f.promise(t, KindAnswer, Due{At: f.now.Add(24 * time.Hour)})
	r, err := f.s.Reassign(c.ID, c.Version, f.anna.ID, f.ben.ID, "Urlaub")
	require.NoError(t, err)
	assert.Equal(t, f.ben.ID, r.OwnerID)
	evs, _ := f.s.Events(c.ID)
	require.Len(t, evs, 2)
	assert.Equal(t, EventReassigned, evs[1].Type)
	assert.Equal(t, f.anna.ID, *evs[1].OldOwnerID)
	ws, _ := f.s.Warnings(f.now.Add(23*time.Hour), WarningFilter{OwnerID: f.ben.ID})
	require.Len(t, ws, 1)
}

func TestTimelinePinsOpenPromisesAndPagesNewestFirst(t *testing.T) {
	f := newFixture(t)
	start := f.now
	var contactIDs []uint
	for i := 0; i < 23; i++ {
		f.now = start.Add(time.Duration(i) * time.Hour)
		k, err := f.s.LogContact(NewContact{CustomerID: f.cust.ID, UserID: f.anna.ID, Channel: Channels[i%len(Channels)], Summary: "Kontakt"})
		require.NoError(t, err)
		contactIDs = append(contactIDs, k.ID)
	}
	// Two contacts in the same second must both appear exactly once.
	for i := 0; i < 2; i++ {
		_, err := f.s.LogContact(NewContact{CustomerID: f.cust.ID, UserID: f.ben.ID, Channel: "email", Summary: "gleiche Sekunde"})
		require.NoError(t, err)
	}
	open := f.promise(t, KindCallback, Due{At: f.now.Add(24 * time.Hour)})
	done := f.promise(t, KindOffer, Due{At: f.now.Add(24 * time.Hour)})
	_, err := f.s.Complete(done.ID, 0, f.anna.ID, "")
	require.NoError(t, err)

	first, next, err := f.s.Timeline(f.cust.ID, "", 10)
	require.NoError(t, err)
	require.NotEmpty(t, next)
	assert.Equal(t, ItemCommitment, first[0].Type)
	assert.Equal(t, open.ID, first[0].ID)
	assert.Equal(t, ItemEvent, first[1].Type, "newest first: the completion comes next")
	for _, it := range first[1:] {
		assert.NotEqual(t, ItemCommitment, it.Type, "only open promises are pinned")
	}

	seen := map[string]bool{}
	all := first[1:]
	for next != "" {
		var page []TimelineItem
		page, next, err = f.s.Timeline(f.cust.ID, next, 10)
		require.NoError(t, err)
		all = append(all, page...)
	}
	// 25 contacts + 3 promise events (two created, one done) + the
	// customer's own "created".
	assert.Len(t, all, 29)
	for i, it := range all {
		key := it.Type + ":" + time.Unix(int64(it.ID), 0).String()
		if it.OfCustomer {
			key = "customer " + key
		}
		assert.False(t, seen[key], "duplicate %s %d", it.Type, it.ID)
		seen[key] = true
		if i > 0 {
			assert.False(t, it.At.After(all[i-1].At), "newest first")
		}
	}
	assert.True(t, all[len(all)-1].OfCustomer, "the customer was added first, in the same second as the first contact")
	assert.Equal(t, contactIDs[0], all[len(all)-2].ID, "the oldest contact comes next to last")
}

func TestSuggestPromiseAddsBuffer(t *testing.T) {
	mon := time.Date(2026, 11, 23, 9, 0, 0, 0, berlin)
	// 8 days of work → 10 days promised (lesson 5: "8–10 days").
	est := mon.AddDate(0, 0, 8)
	got := SuggestPromise(mon, est, 25, 1)
	assert.Equal(t, time.Date(2026, 12, 3, 9, 0, 0, 0, berlin), got)
	// A short job still gets at least one working day, and never a weekend.
	fri := time.Date(2026, 11, 27, 9, 0, 0, 0, berlin)
	got = SuggestPromise(fri, fri.Add(2*time.Hour), 25, 1)
	assert.Equal(t, time.Monday, got.Weekday())
	set := DefaultSettings()
	assert.Equal(t, 25, set.BufferPercent)
	assert.Equal(t, 1, set.BufferMinWorkdays)
}

func TestParseDueRejectsImpossibleDates(t *testing.T) {
	_, err := ParseDue("2030-02-30", berlin)
	assert.Error(t, err)
	_, err = ParseDue("2030-13-01T10:00:00Z", berlin)
	assert.Error(t, err)
	d, err := ParseDue("2030-02-28", berlin)
	require.NoError(t, err)
	assert.True(t, d.AllDay)
	assert.Equal(t, "2030-02-28", d.String())
	d, err = ParseDue("2030-02-28T10:00:00+01:00", berlin)
	require.NoError(t, err)
	assert.False(t, d.AllDay)
}

func TestSearchCustomersByAnyField(t *testing.T) {
	f := newFixture(t)
	_, err := f.s.AddCustomer(NewCustomer{Name: "Kunde 04242", Company: "Schulz & Söhne", Phone: "+49 421 04242", OwnerID: f.ben.ID})
	require.NoError(t, err)
	for q, want := range map[string]int{"müller": 1, "0424": 1, "söhne": 1, "mueller.de": 1, "": 2, "zzz": 0} {
		rows, err := f.s.SearchCustomers(q, 50, 0)
		require.NoError(t, err)
		assert.Len(t, rows, want, "query %q", q)
	}
	require.NoError(t, f.s.ArchiveCustomer(f.cust.ID, f.cust.Version, f.anna.ID))
	rows, err := f.s.SearchCustomers("", 50, 0)
	require.NoError(t, err)
	assert.Len(t, rows, 1, "archived customers are hidden, not deleted")
	_, err = f.s.Customer(f.cust.ID)
	assert.NoError(t, err)
}

func TestIntroCardNamesTheOwner(t *testing.T) {
	f := newFixture(t)
	txt := IntroCard(f.anna, "de")
	assert.Contains(t, txt, "Anna Berg")
	assert.Contains(t, txt, "+49 30 1234-56")
	assert.Contains(t, txt, "anna@example.de")
	assert.NotContains(t, IntroCard(f.anna, "en"), "Ansprechpartner")
}

func TestErrorsAreTyped(t *testing.T) {
	f := newFixture(t)
	_, err := f.s.Commitment(12345)
	assert.True(t, errors.Is(err, ErrNotFound))
}
