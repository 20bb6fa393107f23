package data

import "testing"

// fileOnly skips a test of the SQLite file itself (its header, locks,
// journal, pages, backups beside it) when the tests run on a PostgreSQL
// server; the server's counterparts have tests of their own.
func fileOnly(t *testing.T) {
	t.Helper()
	if TestBackend() != BackendSQLite {
		t.Skip("about the SQLite file")
	}
}

// serverOnly skips a test of the PostgreSQL server's side of the seam when
// the tests run on files.
func serverOnly(t *testing.T) {
	t.Helper()
	if TestBackend() != BackendPostgres {
		t.Skip("needs a PostgreSQL server (" + TestServerEnv + ")")
	}
}
