package data_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zusage/zusage/data"
	"github.com/zusage/zusage/data/demo"
)

// pgPlan is PostgreSQL's plan for q as it runs it, with its timing.
func pgPlan(t *testing.T, s *data.Store, q string, vars ...any) string {
	t.Helper()
	var lines []string
	require.NoError(t, s.DB().Raw("EXPLAIN (ANALYZE, COSTS OFF) "+q, vars...).Scan(&lines).Error, q)
	return strings.Join(lines, "\n")
}

// The plans on the server at full scale (make bench moves the full-scale
// file there and runs this): the warnings, the timeline pages, the search
// and the quiet customers use their indexes, never a scan of the contacts
// or all promises. PostgreSQL's planner decides from its statistics, so
// this is checked where they are real, not on a small file. Runs when
// ZUSAGE_BENCH_DB names a server.
func TestServerPlansAtFullScale(t *testing.T) {
	loc := os.Getenv("ZUSAGE_BENCH_DB")
	if !data.IsServer(loc) {
		t.Skip("needs ZUSAGE_BENCH_DB=postgres://… (make bench)")
	}
	s, err := data.OpenWith(loc, data.Options{MustExist: true})
	require.NoError(t, err)
	defer s.Close()
	var last int64
	require.NoError(t, s.DB().Raw("SELECT max(at) FROM contacts").Row().Scan(&last))
	now := time.Unix(last+60, 0).UTC()
	longest, err := demo.LongestHistoryCustomer(s)
	require.NoError(t, err)

	recorded := recordSQL(t, s, func() {
		_, err := s.Warnings(now, data.WarningFilter{})
		require.NoError(t, err)
		_, _, err = s.Timeline(longest, "", 50)
		require.NoError(t, err)
		for _, q := range demo.BenchSearchQueries {
			_, err = s.SearchCustomers(q, 100, 0)
			require.NoError(t, err)
		}
	})
	for _, c := range []struct {
		marker string
		want   []string
		never  []string
	}{
		// Due soon or past from the open promises' index, further ahead
		// from the attention index (the deadline behind a unary plus);
		// neither half reads all promises, and each promise looks its
		// customer up (CROSS JOIN, a lateral probe on the server): hashing
		// all customers cost 12 ms.
		{"UNION ALL", []string{"idx_commitments_open", "idx_commitments_attention", "customers_pkey"}, []string{"Seq Scan on commitments", "Seq Scan on customers", "idx_commitments_status_due"}},
		// No next step: only the quiet customers, from their index (the
		// planner knows how many from migration 11's statistics; without
		// them it filtered all 20,000), against the open promises' index.
		{"NOT EXISTS", []string{"idx_customers_quiet", "idx_commitments_open_customer"}, []string{"Seq Scan on commitments", "Seq Scan on customers"}},
		{"FROM contacts k", []string{"idx_contacts_customer_at"}, []string{"Seq Scan on contacts", "Sort"}},
		{"FROM commitment_events e", []string{"idx_events_customer_at"}, []string{"Seq Scan on commitment_events", "Sort"}},
	} {
		for _, r := range recorded {
			if !strings.Contains(r.sql, c.marker) {
				continue
			}
			p := pgPlan(t, s, r.sql, r.vars...)
			t.Logf("%s\n%s", c.marker, p)
			for _, w := range c.want {
				assert.Contains(t, p, w, p)
			}
			for _, n := range c.never {
				assert.NotContains(t, p, n, p)
			}
			break
		}
	}

	// Search: a rare infix from the trigram index, a common one along an
	// index in name order (the active customers' list index of migration 9,
	// or the name index); never a scan of every customer and a sort.
	nameOrder := "idx_customers_(list|name)"
	for _, c := range []struct{ q, want string }{{"mül", "idx_customers_trgm"}, {"gmb", nameOrder}, {"421", nameOrder}} {
		for _, r := range recordSQL(t, s, func() {
			_, err := s.SearchCustomers(c.q, 100, 0)
			require.NoError(t, err)
		}) {
			if !strings.Contains(r.sql, "ILIKE") || strings.Contains(r.sql, "count(*)") {
				continue
			}
			p := pgPlan(t, s, r.sql, r.vars...)
			t.Logf("search %q\n%s", c.q, p)
			assert.Regexp(t, c.want, p)
			assert.NotContains(t, p, "Seq Scan on customers", p)
		}
	}
}
