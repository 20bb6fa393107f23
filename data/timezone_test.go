package data

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every moment is stored as Unix seconds (UTC) on both stores, whatever
// the desktop's, the team's or the server's time zone: a deadline written
// in Tokyo is the same instant read in Los Angeles, and an all-day
// deadline ends at midnight in the team's zone.
func TestMomentsAreTheSameInstantInEveryTimeZone(t *testing.T) {
	loc := TestDB(t, "zones.zusage")
	zones := []string{"UTC", "Europe/Berlin", "America/Los_Angeles", "Asia/Tokyo", "Pacific/Chatham"}
	moment := time.Date(2026, 12, 3, 14, 30, 0, 0, time.UTC)
	oldLocal := time.Local
	defer func() { time.Local = oldLocal }()
	var ids []uint
	for i, name := range zones {
		z, err := time.LoadLocation(name)
		if err != nil {
			t.Skipf("no zone data: %v", err)
		}
		time.Local = z
		s, err := Open(loc)
		require.NoError(t, err)
		s.Loc = z
		now := time.Date(2026, 11, 24, 9, 0, 0, 0, z)
		s.Now = func() time.Time { return now }
		var u User
		if i == 0 {
			u, err = s.AddUser(NewUser{Name: "Anna Berg", Email: "anna@example.de"})
			require.NoError(t, err)
			_, err = s.AddCustomer(NewCustomer{Name: "Müller GmbH", OwnerID: u.ID})
			require.NoError(t, err)
		} else {
			u, err = s.UserByEmail("anna@example.de")
			require.NoError(t, err)
		}
		timed, err := s.Promise(NewCommitment{CustomerID: 1, ByID: u.ID, Kind: KindCallback, Title: name, Due: Due{At: moment.In(z)}})
		require.NoError(t, err)
		day, err := s.Promise(NewCommitment{CustomerID: 1, ByID: u.ID, Kind: KindOffer, Title: name, Due: DayDue(2026, 12, 5, z)})
		require.NoError(t, err)
		ids = append(ids, timed.ID, day.ID)
		var raw []int64
		require.NoError(t, s.db.Raw(`SELECT due_at FROM commitments WHERE id IN (?, ?) ORDER BY id`, timed.ID, day.ID).Scan(&raw).Error)
		assert.Equal(t, moment.Unix(), raw[0], "%s: the instant, as Unix seconds", name)
		assert.Equal(t, time.Date(2026, 12, 6, 0, 0, 0, 0, z).Unix(), raw[1], "%s: an all-day deadline ends at midnight of the team's zone", name)
		require.NoError(t, s.Close())
	}
	// Read back from yet another zone: the same instants, in UTC.
	time.Local = time.FixedZone("X", -11*3600)
	s, err := Open(loc)
	require.NoError(t, err)
	defer s.Close()
	for i, name := range zones {
		c, err := s.Commitment(ids[2*i])
		require.NoError(t, err)
		assert.True(t, c.DueAt.Equal(moment), name)
		assert.Equal(t, time.UTC, c.DueAt.Location(), "stamps read back in UTC")
		d, err := s.Commitment(ids[2*i+1])
		require.NoError(t, err)
		assert.Equal(t, "2026-12-05", d.DueDate, name)
	}
}
