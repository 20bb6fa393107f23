package data

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// moveWorld is a small team's database with a bit of everything, closed
// so that a move reads it as another desktop would.
func moveWorld(t *testing.T, loc string) {
	t.Helper()
	s, err := Open(loc)
	require.NoError(t, err)
	defer s.Close()
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	anna, err := s.AddUser(NewUser{Name: "Anna Berg", Email: "Anna@example.de", Phone: "+49 30 1"})
	require.NoError(t, err)
	cu, err := s.AddCustomer(NewCustomer{Name: "Müller Haustechnik GmbH", Email: "info@mueller.de", OwnerID: anna.ID,
		Notes: "Zahlung auf Rechnung\nSkonto 2 %; 'Zitat' \"doppelt\" \\ Ende"})
	require.NoError(t, err)
	p, err := s.Promise(NewCommitment{CustomerID: cu.ID, ByID: anna.ID, Kind: KindOffer, Title: "Angebot Wärmepumpe",
		Due: DayDue(2026, 12, 1, time.UTC)})
	require.NoError(t, err)
	_, err = s.Reschedule(p.ID, p.Version, anna.ID, DayDue(2026, 12, 4, time.UTC), "Lieferant spät", ToldNotYet)
	require.NoError(t, err)
	_, err = s.LogContact(NewContact{CustomerID: cu.ID, UserID: anna.ID, Channel: "phone", Summary: "Rückruf", CommitmentID: &p.ID})
	require.NoError(t, err)
	pr, err := s.AddProduct("Ölfilter X")
	require.NoError(t, err)
	_, err = s.AddPurchase(NewPurchase{CustomerID: cu.ID, ProductID: pr.ID, Date: "2026-10-01", Lot: "L1"})
	require.NoError(t, err)
	_, err = s.FeedToken(anna.ID)
	require.NoError(t, err)
	require.NoError(t, s.SaveSettings(DefaultSettings()))
}

func TestMoveThereAndBackKeepsEveryRow(t *testing.T) {
	file := filepath.Join(t.TempDir(), "office.zusage")
	moveWorld(t, file)
	before := fileSum(t, file)
	orig, err := Checksums(file)
	require.NoError(t, err)

	// To the test store (a server when the tests run on one), and back.
	there := TestDB(t, "there.zusage")
	rep, err := Move(file, there, nil)
	require.NoError(t, err)
	assert.Equal(t, orig, rep.Tables)
	assert.Equal(t, before, fileSum(t, file), "the source is never changed")
	back := filepath.Join(t.TempDir(), "back.zusage")
	rep2, err := Move(there, back, nil)
	require.NoError(t, err)
	assert.Equal(t, orig, rep2.Tables)
	got, err := Checksums(back)
	require.NoError(t, err)
	assert.Equal(t, orig, got, "there and back: the same rows in every table")
	for _, ts := range orig {
		if ts.Table == "customers" || ts.Table == "users" || ts.Table == "commitment_events" {
			assert.Positive(t, ts.Rows, ts.Table)
		}
	}

	// The moved database works: search, warnings, and new ids after the
	// moved ones.
	for _, loc := range []string{there, back} {
		s, err := OpenWith(loc, Options{MustExist: true})
		require.NoError(t, err, loc)
		rows, err := s.SearchCustomers("MÜLLER", 10, 0)
		require.NoError(t, err)
		assert.Len(t, rows, 1)
		u, err := s.UserByEmail("anna@EXAMPLE.de")
		require.NoError(t, err, "e-mail look-ups ignore case on both stores")
		c, err := s.AddCustomer(NewCustomer{Name: "Neu", OwnerID: u.ID})
		require.NoError(t, err)
		assert.Greater(t, c.ID, rows[0].ID)
		require.NoError(t, s.Close())
	}

	// A database that holds a team is never a move's target.
	_, err = Move(file, there, nil)
	var re *RefusedError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, RefusedExists, re.Code)
}

func TestInterruptedMoveIsRefusedUntilMovedAgain(t *testing.T) {
	file := filepath.Join(t.TempDir(), "office.zusage")
	moveWorld(t, file)
	for _, target := range []string{TestDB(t, "target.zusage"), filepath.Join(t.TempDir(), "copy.zusage")} {
		moveHook = func(table string) error {
			if table == "customers" {
				return errors.New("the cable was pulled")
			}
			return nil
		}
		_, err := Move(file, target, nil)
		moveHook = nil
		require.Error(t, err)
		_, err = OpenWith(target, Options{MustExist: true})
		var re *RefusedError
		require.ErrorAs(t, err, &re, target)
		if IsServer(target) {
			assert.Equal(t, RefusedIncomplete, re.Code, "the server says the move did not complete")
		} else {
			assert.Equal(t, RefusedMissing, re.Code, "no file at the target's name")
			_, err = Open(target + ".moving")
			require.ErrorAs(t, err, &re)
			assert.Equal(t, RefusedIncomplete, re.Code, "the half-filled file is refused by its mark")
		}
		rep, err := Move(file, target, nil)
		require.NoError(t, err, "moved again")
		assert.NotEmpty(t, rep.Tables)
		s, err := OpenWith(target, Options{MustExist: true})
		require.NoError(t, err)
		require.NoError(t, s.Close())
		if !IsServer(target) {
			_, err := os.Stat(target + ".moving")
			assert.True(t, os.IsNotExist(err))
		}
	}
}
