package data

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"sync"

	"github.com/jackc/pgx/v5"
)

// TestServerEnv names the environment variable that sends the tests to a
// PostgreSQL server: postgres://user@host:port/database of a throw-away
// cluster (make test starts one). Unset, the tests use files.
const TestServerEnv = "ZUSAGE_TEST_PG"

// TB is the part of testing.TB that TestDB needs.
type TB interface {
	Helper()
	TempDir() string
	Cleanup(func())
	Fatalf(format string, args ...any)
}

// TestBackend is the store the tests run on: PostgreSQL when TestServerEnv
// is set, else SQLite files.
func TestBackend() Backend {
	if os.Getenv(TestServerEnv) != "" {
		return BackendPostgres
	}
	return BackendSQLite
}

// TestDB is where a test keeps a new database: a file name in the test's
// temporary folder, or on the server of TestServerEnv a new, empty schema
// of its own (dropped when the test ends). Every fixture opens its Store
// through this, so that a test written once runs on both stores.
func TestDB(t TB, name string) string {
	t.Helper()
	base := os.Getenv(TestServerEnv)
	if base == "" {
		return filepath.Join(t.TempDir(), name)
	}
	admin, err := testAdmin(base)
	if err != nil {
		t.Fatalf("test server %s: %v", ServerAddress(base), err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "zt_" + hex.EncodeToString(b)
	testAdminMu.Lock()
	_, err = admin.Exec(context.Background(), "CREATE SCHEMA "+schema)
	testAdminMu.Unlock()
	if err != nil {
		t.Fatalf("test server: %v", err)
	}
	t.Cleanup(func() {
		testAdminMu.Lock()
		defer testAdminMu.Unlock()
		admin.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
	})
	return TestServerLocation(base, schema)
}

// TestServerLocation is base with its search path set to schema (and
// public, where pg_trgm lives).
func TestServerLocation(base, schema string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	q := u.Query()
	q.Set("search_path", schema+",public")
	u.RawQuery = q.Encode()
	return u.String()
}

var (
	testAdminMu   sync.Mutex
	testAdminOnce sync.Once
	testAdminConn *pgx.Conn
	testAdminErr  error
)

// testAdmin is one connection per test process for making and dropping
// the tests' schemas.
func testAdmin(base string) (*pgx.Conn, error) {
	testAdminOnce.Do(func() {
		testAdminConn, testAdminErr = pgx.Connect(context.Background(), base)
		if testAdminErr == nil {
			// Test processes run side by side; one of them creating it at the
			// same moment is as good.
			testAdminConn.Exec(context.Background(), "CREATE EXTENSION IF NOT EXISTS pg_trgm")
		}
	})
	return testAdminConn, testAdminErr
}
