package data

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFeedTokenIsRandomStoredAndRotated(t *testing.T) {
	f := newFixture(t)
	tok, err := f.s.FeedToken(f.anna.ID)
	require.NoError(t, err)
	assert.True(t, WellFormedFeedToken(tok), "%q", tok)
	assert.Len(t, tok, 32, "160 bits in base32")
	again, err := f.s.FeedToken(f.anna.ID)
	require.NoError(t, err)
	assert.Equal(t, tok, again, "the address stays until it is rotated")
	bens, err := f.s.FeedToken(f.ben.ID)
	require.NoError(t, err)
	assert.NotEqual(t, tok, bens)

	u, err := f.s.FeedOwner(tok)
	require.NoError(t, err)
	assert.Equal(t, f.anna.ID, u.ID)
	u, err = f.s.FeedOwner(bens)
	require.NoError(t, err)
	assert.Equal(t, f.ben.ID, u.ID)

	rotated, err := f.s.RotateFeedToken(f.anna.ID)
	require.NoError(t, err)
	assert.NotEqual(t, tok, rotated)
	_, err = f.s.FeedOwner(tok)
	assert.ErrorIs(t, err, ErrNotFound, "the old address stops working")
	u, err = f.s.FeedOwner(rotated)
	require.NoError(t, err)
	assert.Equal(t, f.anna.ID, u.ID)
	now, err := f.s.FeedToken(f.anna.ID)
	require.NoError(t, err)
	assert.Equal(t, rotated, now)

	for _, bad := range []string{"", "x", tok[:31], rotated + "a", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "abcdefghijklmnopqrstuvwxyz012345", "../../../../etc/passwd/aaaaaaaaaa"} {
		_, err := f.s.FeedOwner(bad)
		assert.ErrorIs(t, err, ErrNotFound, "%q", bad)
	}
	_, err = f.s.FeedToken(999)
	assert.ErrorIs(t, err, ErrNotFound)
	_, err = f.s.RotateFeedToken(999)
	assert.ErrorIs(t, err, ErrNotFound)

	seen := map[string]bool{}
	for i := 0; i < 200; i++ {
		x, err := newFeedToken()
		require.NoError(t, err)
		assert.False(t, seen[x], "no repeats")
		seen[x] = true
	}
}

func TestFeedTokenOnAReadOnlyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "z.db")
	s, err := Open(path)
	require.NoError(t, err)
	anna, err := s.AddUser(NewUser{Name: "Anna", Email: "anna@example.de"})
	require.NoError(t, err)
	ben, err := s.AddUser(NewUser{Name: "Ben", Email: "ben@example.de"})
	require.NoError(t, err)
	tok, err := s.FeedToken(anna.ID)
	require.NoError(t, err)
	require.NoError(t, s.Close())

	ro, err := OpenWith(path, Options{ReadOnly: true})
	require.NoError(t, err)
	defer ro.Close()
	u, err := ro.FeedOwner(tok)
	require.NoError(t, err, "a server on a read-only file finds the owner")
	assert.Equal(t, anna.ID, u.ID)
	got, err := ro.FeedToken(anna.ID)
	require.NoError(t, err)
	assert.Equal(t, tok, got)
	_, err = ro.FeedToken(ben.ID)
	assert.ErrorIs(t, err, ErrReadOnly, "a new address needs write access")
}

func TestKeepingAPromiseRaisesItsSequence(t *testing.T) {
	f := newFixture(t)
	c := f.promise(t, KindOffer, Due{At: f.now.Add(time.Hour)})
	d, err := f.s.Complete(c.ID, c.Version, f.anna.ID, "")
	require.NoError(t, err)
	assert.Equal(t, c.Sequence+1, d.Sequence, "the calendar event's cancellation is newer than the last invite")
}

func TestHandoversOfferThePreviousOwnerARemoval(t *testing.T) {
	f := newFixture(t)
	c := f.promise(t, KindCallback, Due{At: f.now.Add(48 * time.Hour)})
	other := f.promise(t, KindOffer, Due{At: f.now.Add(72 * time.Hour)})
	hs, err := f.s.Handovers(f.anna.ID, f.now)
	require.NoError(t, err)
	assert.Empty(t, hs)
	_, err = f.s.PreviousOwner(c.ID)
	var ve *ValidationError
	assert.ErrorAs(t, err, &ve, "never handed over")
	_, err = f.s.PreviousOwner(999)
	assert.ErrorIs(t, err, ErrNotFound)

	f.now = f.now.Add(time.Hour)
	_, err = f.s.Reassign(c.ID, 0, f.anna.ID, f.ben.ID, "Urlaub")
	require.NoError(t, err)
	_, err = f.s.Reassign(other.ID, 0, f.anna.ID, f.ben.ID, "Urlaub")
	require.NoError(t, err)
	prev, err := f.s.PreviousOwner(c.ID)
	require.NoError(t, err)
	assert.Equal(t, f.anna.ID, prev.ID)

	hs, err = f.s.Handovers(f.anna.ID, f.now)
	require.NoError(t, err)
	require.Len(t, hs, 2)
	assert.Equal(t, other.ID, hs[0].CommitmentID, "newest first")
	assert.Equal(t, c.ID, hs[1].CommitmentID)
	assert.Equal(t, "Ben Krüger", hs[1].NewOwnerName)
	assert.Equal(t, "Müller Haustechnik GmbH", hs[1].Customer)
	none, err := f.s.Handovers(f.ben.ID, f.now)
	require.NoError(t, err)
	assert.Empty(t, none, "the new owner has nothing to remove")

	assert.Error(t, f.s.HandoverDone(f.ben.ID, hs[1].EventID), "only the previous owner deals with it")
	require.NoError(t, f.s.HandoverDone(f.anna.ID, hs[1].EventID))
	require.NoError(t, f.s.HandoverDone(f.anna.ID, hs[1].EventID), "twice is fine")
	hs, err = f.s.Handovers(f.anna.ID, f.now)
	require.NoError(t, err)
	require.Len(t, hs, 1)
	assert.Equal(t, other.ID, hs[0].CommitmentID)

	// Back to Anna: nothing to remove any more; away again: a new handover.
	_, err = f.s.Reassign(other.ID, 0, f.ben.ID, f.anna.ID, "zurück")
	require.NoError(t, err)
	hs, err = f.s.Handovers(f.anna.ID, f.now)
	require.NoError(t, err)
	assert.Empty(t, hs)
	prev, err = f.s.PreviousOwner(other.ID)
	require.NoError(t, err)
	assert.Equal(t, f.ben.ID, prev.ID)
	bens, err := f.s.Handovers(f.ben.ID, f.now)
	require.NoError(t, err)
	assert.Len(t, bens, 1)

	// After HandoverKeep it is no longer offered.
	hs, err = f.s.Handovers(f.ben.ID, f.now.Add(HandoverKeep+time.Hour))
	require.NoError(t, err)
	assert.Empty(t, hs)
}
