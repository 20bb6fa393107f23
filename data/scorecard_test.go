package data

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// history builds a hand-made month of promises; the comments give what each
// adds to the scorecard for November 2026 at Nov 24, 09:00.
func history(t *testing.T, f *fixture) {
	t.Helper()
	day := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, berlin) }
	at := func(tm time.Time) { f.now = tm }
	promise := func(made time.Time, owner uint, kind string, due Due) Commitment {
		at(made)
		c, err := f.s.Promise(NewCommitment{CustomerID: f.cust.ID, OwnerID: owner, ByID: owner, Kind: kind, Title: "p", Due: due})
		require.NoError(t, err)
		return c
	}
	done := func(tm time.Time, c Commitment) {
		at(tm)
		_, err := f.s.Complete(c.ID, 0, f.anna.ID, "")
		require.NoError(t, err)
	}
	tell := func(tm time.Time, c Commitment, newDue Due) {
		at(tm)
		id := c.ID
		_, err := f.s.LogContact(NewContact{CustomerID: f.cust.ID, UserID: f.anna.ID, Channel: "phone", Summary: "Verzögerung",
			CommitmentID: &id, DelayNotice: true, NewDue: newDue})
		require.NoError(t, err)
	}

	// Anna 1: kept on time.
	p1 := promise(day(1, 10), f.anna.ID, KindCallback, Due{At: day(5, 12)})
	done(day(4, 9), p1)
	// Anna 2: told on the 5th, moved to the 9th, done on the 8th: kept late
	// (2 days after the original deadline); one slip, told before it.
	p2 := promise(day(2, 10), f.anna.ID, KindAnswer, Due{At: day(6, 12)})
	tell(day(5, 10), p2, Due{At: day(9, 12)})
	done(day(8, 12), p2)
	// Anna 3: moved after its deadline without a word, then the new deadline
	// passed too: kept late by 6 days; two slips, none told.
	p3 := promise(day(3, 10), f.anna.ID, KindOffer, Due{At: day(7, 12)})
	at(day(10, 9))
	_, err := f.s.Reschedule(p3.ID, 0, f.anna.ID, Due{At: day(12, 12)}, "Lieferant verspätet", ToldNotYet)
	require.NoError(t, err)
	done(day(13, 12), p3)
	// Anna 4: a standing promise never counts.
	promise(day(4, 10), f.anna.ID, KindStanding, Due{})
	// Anna 5: due all day on the 21st (ends Nov 22, 00:00), told on the 21st,
	// still open: overdue, slipping 2 days 9 hours so far; one slip, told.
	p5 := promise(day(20, 10), f.anna.ID, KindDelivery, DayDue(2026, 11, 21, berlin))
	tell(day(21, 10), p5, Due{})
	// Anna 6: open, due next week.
	promise(day(23, 10), f.anna.ID, KindDocument, Due{At: time.Date(2026, 12, 1, 12, 0, 0, 0, berlin)})
	// Anna 7: cancelled before its deadline.
	p7 := promise(day(10, 10), f.anna.ID, KindVisit, Due{At: day(12, 10)})
	at(day(11, 10))
	_, err = f.s.Cancel(p7.ID, 0, f.anna.ID, "Kunde sagt ab")
	require.NoError(t, err)
	// Ben 1: done exactly at the deadline: on time.
	b1 := promise(day(15, 10), f.ben.ID, KindCallback, Due{At: day(16, 10)})
	done(day(16, 10), b1)
	// Ben 2: made in October, outside the period.
	promise(time.Date(2026, 10, 1, 10, 0, 0, 0, berlin), f.ben.ID, KindCallback, Due{At: time.Date(2026, 10, 2, 10, 0, 0, 0, berlin)})

	f.now = day(24, 9)
}

func pct(v float64) *float64 { return &v }

func TestScorecardCountsAHandMadeHistory(t *testing.T) {
	f := newFixture(t)
	history(t, f)
	from := time.Date(2026, 11, 1, 0, 0, 0, 0, berlin)
	to := time.Date(2026, 12, 1, 0, 0, 0, 0, berlin)
	rows, err := f.s.Scorecard(from, to, f.now)
	require.NoError(t, err)
	require.Len(t, rows, 3)
	strip := func(r ScoreRow) ScoreRow { r.slipDays, r.slipCount = 0, 0; return r }

	assert.Equal(t, ScoreRow{OwnerID: f.anna.ID, Owner: "anna@example.de", OwnerName: "Anna Berg",
		Made: 6, KeptOnTime: 1, KeptLate: 2, Open: 1, Overdue: 1, Cancelled: 1,
		// (2 + 6 + 2.375) / 3 = 3.458
		AvgSlipDays: 3.5, Slips: 4, ToldBeforeSlip: 2, ToldBeforeSlipPct: pct(50)}, strip(rows[0]))
	assert.Equal(t, ScoreRow{OwnerID: f.ben.ID, Owner: "ben@example.de", OwnerName: "Ben Krüger",
		Made: 1, KeptOnTime: 1}, strip(rows[1]))
	assert.Nil(t, rows[1].ToldBeforeSlipPct, "no slips: nothing to tell")
	assert.Equal(t, ScoreRow{Owner: TeamOwner, OwnerName: "Team",
		Made: 7, KeptOnTime: 2, KeptLate: 2, Open: 1, Overdue: 1, Cancelled: 1,
		AvgSlipDays: 3.5, Slips: 4, ToldBeforeSlip: 2, ToldBeforeSlipPct: pct(50)}, strip(rows[2]))

	// Without a period, Ben's October promise counts: made the 1st, due the
	// 2nd, still open — overdue by 53 days, one silent slip.
	rows, err = f.s.Scorecard(time.Time{}, time.Time{}, f.now)
	require.NoError(t, err)
	assert.Equal(t, 2, rows[1].Made)
	assert.Equal(t, 1, rows[1].Overdue)
	assert.Equal(t, 53.0, rows[1].AvgSlipDays)
	assert.Equal(t, pct(0), rows[1].ToldBeforeSlipPct)
	assert.Equal(t, 8, rows[2].Made)
	assert.Equal(t, pct(40), rows[2].ToldBeforeSlipPct, "2 of 5 slips told")

	// A period with nothing in it still lists the team.
	rows, err = f.s.Scorecard(to, to.AddDate(0, 1, 0), f.now)
	require.NoError(t, err)
	require.Len(t, rows, 3)
	assert.Zero(t, rows[2].Made)
	assert.Nil(t, rows[2].ToldBeforeSlipPct)
}

// A move the customer asked for, or was told about, before the deadline
// counts as told before the slip; the same move after the deadline does not.
// Which notice belongs to which schedule follows the order of the file.
func TestScorecardCountsToldReschedulesAsToldInTime(t *testing.T) {
	f := newFixture(t)
	day := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, berlin) }
	f.now = day(1, 10)
	asked := f.promise(t, KindOffer, Due{At: day(5, 12)})
	late := f.promise(t, KindAnswer, Due{At: day(6, 12)})
	f.now = day(3, 9)
	_, err := f.s.Reschedule(asked.ID, 0, f.anna.ID, Due{At: day(9, 12)}, "Kunde im Urlaub", ToldCustomerAsked)
	require.NoError(t, err)
	f.now = day(8, 9)
	_, err = f.s.Reschedule(late.ID, 0, f.anna.ID, Due{At: day(12, 12)}, "vergessen", ToldCustomer)
	require.NoError(t, err)
	f.now = day(24, 9)
	rows, err := f.s.Scorecard(day(1, 0), day(30, 0), f.now)
	require.NoError(t, err)
	team := rows[len(rows)-1]
	// asked: one slip (moved), told; then its new deadline passed: a second
	// slip, untold. late: moved after its deadline (a slip, untold), and the
	// new one passed too (untold).
	assert.Equal(t, 2, team.Made)
	require.NotNil(t, team.ToldBeforeSlipPct)
	assert.InDelta(t, 25.0, *team.ToldBeforeSlipPct, 0.01)
}
