package data_test

import (
	"github.com/zusage/zusage/data"
	"github.com/zusage/zusage/data/demo"

	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gorm.io/gorm"
)

// The budgets at two million contacts (bench_test.go) rest on query plans.
// These tests catch a plan that would scan a big table, on a small file, by
// asking SQLite how it runs the statements the Store really sends.

// recordSQL collects the SQL and arguments of every query s runs through
// GORM while fn runs.
func recordSQL(t *testing.T, s *data.Store, fn func()) []struct {
	sql  string
	vars []any
} {
	t.Helper()
	var mu sync.Mutex
	var out []struct {
		sql  string
		vars []any
	}
	rec := func(db *gorm.DB) {
		mu.Lock()
		defer mu.Unlock()
		out = append(out, struct {
			sql  string
			vars []any
		}{db.Statement.SQL.String(), append([]any(nil), db.Statement.Vars...)})
	}
	name := "plan_test:" + t.Name()
	require.NoError(t, s.DB().Callback().Query().After("gorm:query").Register(name, rec))
	require.NoError(t, s.DB().Callback().Row().After("gorm:row").Register(name, rec))
	defer func() {
		s.DB().Callback().Query().Remove(name)
		s.DB().Callback().Row().Remove(name)
	}()
	fn()
	return out
}

// plan is SQLite's query plan for q, one detail per line.
func plan(t *testing.T, s *data.Store, q string, vars ...any) string {
	t.Helper()
	rows, err := s.DB().Raw("EXPLAIN QUERY PLAN "+q, vars...).Rows()
	require.NoError(t, err, q)
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		require.NoError(t, rows.Scan(&id, &parent, &notused, &detail))
		lines = append(lines, detail)
	}
	return strings.Join(lines, "\n")
}

// planOf finds the recorded statement that contains marker and returns its plan.
func planOf(t *testing.T, s *data.Store, recorded []struct {
	sql  string
	vars []any
}, marker string) string {
	t.Helper()
	for _, r := range recorded {
		if strings.Contains(r.sql, marker) {
			return plan(t, s, r.sql, r.vars...)
		}
	}
	require.Failf(t, "statement not run", "no statement containing %q", marker)
	return ""
}

func TestPlansStayOnIndexes(t *testing.T) {
	fileOnly(t)
	s, _ := demoStore(t, demo.Options{Customers: 120, Users: 3, Years: 2, Seed: 9})
	var longest uint
	require.NoError(t, s.DB().Raw("SELECT customer_id FROM contacts GROUP BY customer_id ORDER BY count(*) DESC LIMIT 1").Row().Scan(&longest))

	recorded := recordSQL(t, s, func() {
		_, err := s.Warnings(demoNow, data.WarningFilter{})
		require.NoError(t, err)
		_, _, err = s.Timeline(longest, "", 50)
		require.NoError(t, err)
	})

	// Due soon or past: the small covering index of open promises with a
	// deadline, never the commitments table.
	p := planOf(t, s, recorded, "c.due_at <= ?")
	assert.Contains(t, p, "COVERING INDEX idx_commitments_open", p)
	assert.Contains(t, p, "COVERING INDEX idx_commitments_attention", p)
	assert.NotContains(t, p, "SCAN c", p)

	// No next step: only the quiet customers, and an index probe per
	// customer, both without fetching a row from the tables (migration 6).
	p = planOf(t, s, recorded, "NOT EXISTS")
	assert.Contains(t, p, "USING COVERING INDEX idx_customers_quiet", p)
	assert.Contains(t, p, "USING COVERING INDEX idx_commitments_open_customer (customer_id=?)", p)
	assert.NotContains(t, p, "SCAN cu", p)

	// The timeline pages walk the (customer, time) indexes backwards.
	p = planOf(t, s, recorded, "FROM contacts k")
	assert.Contains(t, p, "idx_contacts_customer_at (customer_id=?", p)
	assert.NotContains(t, p, "TEMP B-TREE", p, "no sort of the whole history")
	p = planOf(t, s, recorded, "FROM commitment_events e")
	assert.Contains(t, p, "idx_events_customer_at (customer_id=?", p)
	assert.NotContains(t, p, "TEMP B-TREE", p)

	// Search: the trigram index, and for common infixes the name index in order.
	p = plan(t, s, data.SearchCustomersQuery(false), `"ber"`, 100, 0)
	assert.Contains(t, p, "VIRTUAL TABLE INDEX", p)
	assert.NotContains(t, p, "SCAN c\n", p)
	p = plan(t, s, data.SearchCustomersQuery(true), `"ber"`, 100, 0)
	assert.Contains(t, p, "SCAN c USING COVERING INDEX idx_customers_list", p)
	assert.NotContains(t, p, "TEMP B-TREE", p, "already in name order")
}
