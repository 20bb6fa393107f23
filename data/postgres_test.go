package data

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The four SQLite idioms the PostgreSQL side translates, and nothing else.
func TestPgSQLTranslatesExactlyTheSQLiteIdioms(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`SELECT * FROM users ORDER BY archived, name COLLATE NOCASE`, `SELECT * FROM users ORDER BY archived, lower(name COLLATE "C")`},
		{`ORDER BY c.name COLLATE NOCASE, c.id LIMIT $1`, `ORDER BY lower(c.name COLLATE "C"), c.id LIMIT $1`},
		{`GROUP BY concern COLLATE NOCASE ORDER BY count(*) DESC, concern collate nocase`, `GROUP BY lower(concern COLLATE "C") ORDER BY count(*) DESC, lower(concern COLLATE "C")`},
		{`WHERE email = $1 COLLATE NOCASE AND archived = 0`, `WHERE email = $1 COLLATE zusage_nocase AND archived = 0`},
		{`FROM customers c INDEXED BY idx_customers_name JOIN users u`, `FROM customers c JOIN users u`},
		{`FROM commitments c CROSS JOIN customers cu ON cu.id = c.customer_id JOIN users u ON u.id = c.owner_id`,
			`FROM commitments c JOIN LATERAL (SELECT * FROM customers WHERE customers.id = c.customer_id OFFSET 0) cu ON true JOIN users u ON u.id = c.owner_id`},
		{`FROM a CROSS JOIN b`, `FROM a CROSS JOIN b`},
		{`SELECT 1 WHERE a = 'COLLATE'`, `SELECT 1 WHERE a = 'COLLATE'`},
		{`SELECT id FROM commitments WHERE status = 'open'`, `SELECT id FROM commitments WHERE status = 'open'`},
	} {
		assert.Equal(t, c.want, pgSQL(c.in), c.in)
	}
	assert.Equal(t, []any{int64(1), "x", int64(0), 7}, pgArgs([]any{true, "x", false, 7}), "flags go in as 0 and 1")
	args := []any{"a", 2}
	assert.Equal(t, args, pgArgs(args))
	assert.Equal(t, "INSERT INTO t (a, b) VALUES ($1, $2)", rebind("INSERT INTO t (a, b) VALUES (?, ?)"))
}

func TestServerAddressesAndLoopback(t *testing.T) {
	assert.True(t, IsServer("postgres://h/db"))
	assert.True(t, IsServer(" PostgreSQL://h/db"))
	assert.False(t, IsServer("/mnt/office/zusage.zusage"))
	assert.False(t, IsServer(`C:\Zusage\postgres.zusage`))
	for _, h := range []string{"localhost", "127.0.0.1", "::1", "/var/run/postgresql", ""} {
		assert.True(t, loopback(h), h)
	}
	for _, h := range []string{"db.office.example", "10.20.0.5", "192.168.1.2"} {
		assert.False(t, loopback(h), h)
	}
	assert.Equal(t, "postgres://anna@db/zusage?sslmode=verify-full", ServerAddress("postgres://anna:secret@db/zusage?sslmode=verify-full"))
}
