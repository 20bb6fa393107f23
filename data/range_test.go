package data

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The Store is the only judge of dates: deadlines in the past and dates
// outside 2000 .. ten years ahead are refused, for every path in.
func TestDeadlinesMustLieAheadAndInRange(t *testing.T) {
	f := newFixture(t)
	c := f.promise(t, KindOffer, Due{At: f.now.Add(72 * time.Hour)})
	id := c.ID
	past := Due{At: f.now.Add(-time.Minute)}
	yearZero := DayDue(0, 1, 1, berlin)
	farAhead := DayDue(2037, 1, 1, berlin)
	cases := []struct {
		name  string
		field string
		code  Code
		run   func() error
	}{
		{"promise in the past", "due", CodeInPast, func() error {
			_, err := f.s.Promise(NewCommitment{CustomerID: f.cust.ID, ByID: f.anna.ID, Kind: KindOffer, Title: "x", Due: past})
			return err
		}},
		{"promise today, all day, is fine until midnight", "", "", func() error {
			_, err := f.s.Promise(NewCommitment{CustomerID: f.cust.ID, ByID: f.anna.ID, Kind: KindOffer, Title: "x", Due: DayDue(2026, 11, 24, berlin)})
			return err
		}},
		{"promise for year 0", "due", CodeTooEarly, func() error {
			_, err := f.s.Promise(NewCommitment{CustomerID: f.cust.ID, ByID: f.anna.ID, Kind: KindOffer, Title: "x", Due: yearZero})
			return err
		}},
		{"promise more than ten years ahead", "due", CodeTooLate, func() error {
			_, err := f.s.Promise(NewCommitment{CustomerID: f.cust.ID, ByID: f.anna.ID, Kind: KindOffer, Title: "x", Due: farAhead})
			return err
		}},
		{"estimate in the past", "estimate", CodeInPast, func() error {
			_, err := f.s.Promise(NewCommitment{CustomerID: f.cust.ID, ByID: f.anna.ID, Kind: KindOffer, Title: "x",
				Due: Due{At: f.now.Add(96 * time.Hour)}, Estimate: past})
			return err
		}},
		{"reschedule into the past", "due", CodeInPast, func() error {
			_, err := f.s.Reschedule(id, 0, f.anna.ID, past, "x", ToldCustomer)
			return err
		}},
		{"reschedule to year 0", "due", CodeTooEarly, func() error {
			_, err := f.s.Reschedule(id, 0, f.anna.ID, yearZero, "x", ToldCustomer)
			return err
		}},
		{"estimate set far ahead", "estimate", CodeTooLate, func() error {
			_, err := f.s.SetEstimate(id, 0, f.anna.ID, farAhead)
			return err
		}},
		{"delay notice with a new date in the past", "new_due", CodeInPast, func() error {
			_, err := f.s.LogContact(NewContact{CustomerID: f.cust.ID, UserID: f.anna.ID, Channel: "phone", Summary: "x",
				CommitmentID: &id, DelayNotice: true, NewDue: past})
			return err
		}},
		{"contact before 2000", "at", CodeTooEarly, func() error {
			_, err := f.s.LogContact(NewContact{CustomerID: f.cust.ID, UserID: f.anna.ID, Channel: "phone", Summary: "x",
				At: time.Date(1999, 12, 31, 10, 0, 0, 0, berlin)})
			return err
		}},
		{"contact tomorrow", "at", CodeInFuture, func() error {
			_, err := f.s.LogContact(NewContact{CustomerID: f.cust.ID, UserID: f.anna.ID, Channel: "phone", Summary: "x", At: f.now.Add(24 * time.Hour)})
			return err
		}},
		{"unknown told", "told", CodeInvalid, func() error {
			_, err := f.s.Reschedule(id, 0, f.anna.ID, Due{At: f.now.Add(100 * time.Hour)}, "x", Told("maybe"))
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := f.countOpen(t)
			err := tc.run()
			if tc.code == "" {
				require.NoError(t, err)
				return
			}
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tc.field, ve.Field)
			assert.Equal(t, tc.code, ve.Code)
			if tc.code == CodeTooEarly {
				assert.Equal(t, EarliestDate, ve.Limit)
			}
			assert.Equal(t, before, f.countOpen(t), "nothing made")
		})
	}
	got, err := f.s.Commitment(id)
	require.NoError(t, err)
	assert.Equal(t, c.Version, got.Version, "the refused changes left the promise alone")
	assert.NoError(t, CheckDeadline("due", Due{At: f.now.Add(time.Minute)}, f.now, berlin), "the forms ask the same rule")
	assert.Error(t, CheckDeadline("due", past, f.now, berlin))
}

// The scorecard's average slip cannot be ruined by a year-0 deadline any
// more: such a deadline never reaches the file.
func TestYearZeroNeverReachesTheScorecard(t *testing.T) {
	f := newFixture(t)
	_, err := f.s.Promise(NewCommitment{CustomerID: f.cust.ID, ByID: f.anna.ID, Kind: KindOffer, Title: "x", Due: DayDue(0, 1, 1, berlin)})
	require.Error(t, err)
	rows, err := f.s.Scorecard(time.Time{}, time.Time{}, f.now)
	require.NoError(t, err)
	for _, r := range rows {
		assert.Zero(t, r.Made)
	}
}
