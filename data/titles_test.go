package data

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCommitmentTitlesInOneQuery(t *testing.T) {
	f := newFixture(t)
	a := f.promise(t, KindCallback, Due{At: f.now.Add(time.Hour)})
	b, err := f.s.Promise(NewCommitment{CustomerID: f.cust.ID, ByID: f.anna.ID, Kind: KindOffer, Title: "Angebot X200", Due: DayDue(2026, 12, 1, berlin)})
	require.NoError(t, err)
	got, err := f.s.CommitmentTitles([]uint{a.ID, b.ID, 9999})
	require.NoError(t, err)
	assert.Equal(t, map[uint]string{a.ID: "Preisfrage klären", b.ID: "Angebot X200"}, got, "unknown ids are left out")
	empty, err := f.s.CommitmentTitles(nil)
	require.NoError(t, err)
	assert.Empty(t, empty)
}
