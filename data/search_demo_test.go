package data_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zusage/zusage/data"
	"github.com/zusage/zusage/data/demo"
)

// The trigram index finds exactly what a LIKE scan finds, in the same order
// and pages, on a realistic demo file.
func TestSearchCustomersAgreesWithLike(t *testing.T) {
	fileOnly(t)
	s, _ := demoStore(t, demo.Options{Customers: 300, Users: 3, Years: 1, Seed: 5})
	like := func(q string, limit, offset int) []data.CustomerRow {
		var out []data.CustomerRow
		p := "%" + data.EscapeLike(q) + "%"
		require.NoError(t, s.DB().Raw(`SELECT c.id, c.name, c.company, c.email, c.phone, u.email AS owner
			FROM customers c JOIN users u ON u.id = c.owner_id WHERE c.archived = 0
			AND (c.name LIKE ? ESCAPE '\' OR c.company LIKE ? ESCAPE '\' OR c.email LIKE ? ESCAPE '\' OR c.phone LIKE ? ESCAPE '\')
			ORDER BY c.name COLLATE NOCASE, c.id LIMIT ? OFFSET ?`, p, p, p, p, limit, offset).Scan(&out).Error)
		if out == nil {
			out = []data.CustomerRow{}
		}
		return out
	}
	archived := count(t, s, "SELECT count(*) FROM customers WHERE archived = 1")
	require.Positive(t, archived, "the demo archives some customers")
	// Both plans: matches sorted by name, and the walk along the name index
	// (which a file this small takes only with a small threshold).
	for _, threshold := range []int{1 << 30, 5} {
		restore := data.SetSearchManyCap(func(int, int) int { return threshold })
		defer restore()
		hits := 0
		for _, q := range []string{"ber", "mann", "GmbH", "ltd", "tec", "421", "@web.de", "Stadtwerke", "& ", "-1", "xyz"} {
			for _, page := range []struct{ limit, offset int }{{20, 0}, {20, 20}, {1000, 0}} {
				got, err := s.SearchCustomers(q, page.limit, page.offset)
				require.NoError(t, err)
				assert.Equal(t, like(q, page.limit, page.offset), got, "q=%q page=%v threshold=%d", q, page, threshold)
				hits += len(got)
			}
		}
		assert.Greater(t, hits, 100)
	}
}
