package data

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testdata/schema-v1.zusage is a real file written by the first schema; every
// later migration must carry it forward without losing a row.
func TestUpgradeFromSchemaV1(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "schema-v1.zusage"))
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "old.zusage")
	require.NoError(t, os.WriteFile(path, src, 0o644))

	s, err := Open(path)
	require.NoError(t, err)
	defer s.Close()
	var ver int
	require.NoError(t, s.db.Raw("PRAGMA user_version").Scan(&ver).Error)
	assert.Equal(t, SchemaVersion, ver)

	u, err := s.UserByEmail("anna@example.de")
	require.NoError(t, err)
	assert.Equal(t, "+49 30 1234-56", u.Phone)
	card, err := s.Card(1)
	require.NoError(t, err)
	assert.Equal(t, "Müller Haustechnik GmbH", card.Customer.Name)
	require.Len(t, card.Standing, 1)
	c, err := s.Commitment(1)
	require.NoError(t, err)
	assert.Equal(t, "2026-11-27", c.DueDate)
	assert.Equal(t, 1, c.Sequence)
	evs, err := s.Events(1)
	require.NoError(t, err)
	assert.Len(t, evs, 3)
	rows, err := s.SearchCustomers("haustechnik", 10, 0)
	require.NoError(t, err)
	assert.Len(t, rows, 1, "search finds customers that existed before the upgrade")

	// And the upgraded file takes new work.
	_, err = s.AddCustomer(NewCustomer{Name: "Bäckerei Schulz", OwnerID: u.ID})
	require.NoError(t, err)
}
