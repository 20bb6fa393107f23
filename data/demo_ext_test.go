package data_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zusage/zusage/data"
	"github.com/zusage/zusage/data/demo"
)

var demoNow = time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC)

var berlin = func() *time.Location {
	l, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return l
}()

// demoStore opens a new file and fills it with demo data made at demoNow.
func demoStore(t *testing.T, opt demo.Options) (*data.Store, demo.Result) {
	t.Helper()
	s, err := data.Open(data.TestDB(t, "demo.zusage"))
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	s.Now = func() time.Time { return demoNow }
	s.Loc = berlin
	opt.Now = demoNow
	res, err := demo.Generate(s, opt, nil)
	require.NoError(t, err)
	return s, res
}

// fileOnly skips a test of the SQLite file itself (its header, locks,
// journal, pages) when the tests run on a PostgreSQL server.
func fileOnly(t *testing.T) {
	t.Helper()
	if data.TestBackend() != data.BackendSQLite {
		t.Skip("about the SQLite file")
	}
}

func count(t *testing.T, s *data.Store, q string, args ...any) int64 {
	t.Helper()
	var n int64
	require.NoError(t, s.DB().Raw(q, args...).Row().Scan(&n), q)
	return n
}
