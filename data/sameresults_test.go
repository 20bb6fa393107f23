package data_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zusage/zusage/data"
	"github.com/zusage/zusage/data/demo"
)

// The same demo, made with the same seed on a file and on a server, gives
// the same answers to every question the screens and commands ask: search
// (FTS5's trigram index against pg_trgm), warnings, timelines, scorecard,
// notices, concerns and promise lists — compared value by value.
func TestSameDemoSameAnswersOnFileAndServer(t *testing.T) {
	if os.Getenv(data.TestServerEnv) == "" {
		t.Skip("needs a PostgreSQL server (" + data.TestServerEnv + ")")
	}
	opt := demo.Options{Customers: 400, Users: 4, Years: 2, Seed: 11, Now: demoNow}
	open := func(loc string) *data.Store {
		s, err := data.Open(loc)
		require.NoError(t, err)
		t.Cleanup(func() { s.Close() })
		s.Now = func() time.Time { return demoNow }
		s.Loc = berlin
		_, err = demo.Generate(s, opt, nil)
		require.NoError(t, err)
		return s
	}
	file := open(filepath.Join(t.TempDir(), "office.zusage"))
	server := open(data.TestDB(t, "office"))
	require.Equal(t, data.BackendSQLite, file.Backend())
	require.Equal(t, data.BackendPostgres, server.Backend())

	same := func(what string, get func(s *data.Store) (any, error)) {
		t.Helper()
		a, err := get(file)
		require.NoError(t, err, what)
		b, err := get(server)
		require.NoError(t, err, what)
		assert.Equal(t, a, b, what)
	}

	// Both plans on both stores: few matches sorted, and the walk along the
	// name index that a small file takes only with a small threshold.
	for _, threshold := range []int{1 << 30, 5} {
		restore := data.SetSearchManyCap(func(int, int) int { return threshold })
		for _, q := range []string{"ber", "GmbH", "mül", "421", "xyz"} {
			same("search "+q, func(s *data.Store) (any, error) { return s.SearchCustomers(q, 20, 10) })
		}
		restore()
	}
	for _, q := range []string{"", "a", "mü", "MÜ", "we", "ber", "mül", "MÜLLER", "müller", "gmbh", "GmbH", "Ltd", "421", "+49",
		"@web.de", "straße", "STRASSE", "ö", "é", "O'", `"`, `a"b`, "100%", "a_b", `\`, "* OR -", "NEAR(", " er ", "xyz", "Stadtwerke"} {
		for _, page := range []struct{ limit, offset int }{{20, 0}, {20, 20}, {500, 0}} {
			same("search "+q, func(s *data.Store) (any, error) { return s.SearchCustomers(q, page.limit, page.offset) })
		}
	}
	same("warnings", func(s *data.Store) (any, error) { return s.Warnings(demoNow, data.WarningFilter{}) })
	same("warnings in a week", func(s *data.Store) (any, error) { return s.Warnings(demoNow.AddDate(0, 0, 7), data.WarningFilter{}) })
	users, err := file.Users()
	require.NoError(t, err)
	for _, u := range users {
		same("warnings of "+u.Email, func(s *data.Store) (any, error) { return s.Warnings(demoNow, data.WarningFilter{OwnerID: u.ID}) })
		same("open promises of "+u.Email, func(s *data.Store) (any, error) {
			rows, err := s.OpenPromises(data.PromiseFilter{OwnerID: u.ID})
			for i := range rows {
				// The notice's promises are made through the Store, each with
				// a random calendar UID.
				rows[i].UID = ""
			}
			return rows, err
		})
	}
	same("users", func(s *data.Store) (any, error) { return s.AllUsers() })
	same("products", func(s *data.Store) (any, error) { return s.Products() })
	same("scorecard", func(s *data.Store) (any, error) { return s.Scorecard(time.Time{}, time.Time{}, demoNow) })
	same("scorecard of a year", func(s *data.Store) (any, error) {
		return s.Scorecard(demoNow.AddDate(-1, 0, 0), demoNow, demoNow)
	})
	same("concerns", func(s *data.Store) (any, error) { return s.TopConcerns(time.Time{}, time.Time{}, 10) })
	same("concern tags", func(s *data.Store) (any, error) { return s.ConcernTags(50) })
	same("notices", func(s *data.Store) (any, error) { return s.Notices() })
	notices, err := file.Notices()
	require.NoError(t, err)
	for _, n := range notices {
		same("notice progress", func(s *data.Store) (any, error) { return s.NoticeProgress(n.ID, demoNow) })
	}
	for _, id := range []uint{1, 2, 17, 123, 399} {
		same("card", func(s *data.Store) (any, error) { return s.Card(id) })
		cursor := ""
		for page := 0; page < 3; page++ {
			var next string
			same("timeline", func(s *data.Store) (any, error) {
				items, n, err := s.Timeline(id, cursor, 25)
				next = n
				return items, err
			})
			if next == "" {
				break
			}
			cursor = next
		}
	}
}
