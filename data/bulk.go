package data

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
)

// Bulk is the write transaction of a bulk load (see Store.BulkLoad): plain
// rows in many-row INSERTs, for filling a new file with generated data.
type Bulk struct {
	ctx context.Context
	tx  *sql.Tx
	// server: the ? placeholders are numbered for PostgreSQL.
	server  bool
	conn    *sql.Conn
	tables  []*BulkTable
	Indexes int
}

// BulkTable collects rows for one table and writes them as multi-row
// INSERTs with the values written into the statement. The values are
// generated, never typed by a user, and strings are quoted by sqlLiteral.
// This beats bound parameters by far: the driver re-prepares a statement on
// every Exec and matches each bound parameter by a linear search, which is
// quadratic in the parameters of one statement.
type BulkTable struct {
	b    *Bulk
	head string
	per  int
	buf  []byte
	n    int
}

// QueryRow runs a query inside the bulk transaction.
func (b *Bulk) QueryRow(q string, args ...any) *sql.Row {
	if b.server {
		return b.tx.QueryRowContext(b.ctx, pgSQL(rebind(q)), pgArgs(args)...)
	}
	return b.tx.QueryRowContext(b.ctx, q, args...)
}

// Exec runs a statement inside the bulk transaction.
func (b *Bulk) Exec(q string, args ...any) (sql.Result, error) {
	if b.server {
		return b.tx.ExecContext(b.ctx, pgSQL(rebind(q)), pgArgs(args)...)
	}
	return b.tx.ExecContext(b.ctx, q, args...)
}

// Table starts collecting rows of table with the given columns; they are
// written at the latest when the load ends.
func (b *Bulk) Table(table string, cols ...string) *BulkTable {
	t := &BulkTable{b: b, per: 500}
	t.head = "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	t.buf = append(make([]byte, 0, 1<<17), t.head...)
	b.tables = append(b.tables, t)
	return t
}

// Add appends one row; values are nil, int, int64, uint or string.
func (t *BulkTable) Add(vals ...any) error {
	if t.n > 0 {
		t.buf = append(t.buf, ',')
	}
	t.buf = append(t.buf, '(')
	for i, v := range vals {
		if i > 0 {
			t.buf = append(t.buf, ',')
		}
		t.buf = sqlLiteral(t.buf, v)
	}
	t.buf = append(t.buf, ')')
	t.n++
	if t.n == t.per {
		return t.flush()
	}
	return nil
}

func (t *BulkTable) flush() error {
	if t.n == 0 {
		return nil
	}
	_, err := t.b.tx.ExecContext(t.b.ctx, string(t.buf))
	t.buf = append(t.buf[:0], t.head...)
	t.n = 0
	return err
}

// BulkLoad runs fill in one write transaction on a dedicated connection
// set up for loading many rows into a new file: no fsync until the end
// (synchronous OFF on this connection only), a big page cache, foreign keys
// checked by construction instead of per row, and the secondary indexes of
// the given tables dropped first and built once at the end from their exact
// SQL instead of maintained row by row. The file keeps its rollback journal
// throughout, every pragma is restored afterwards, and nothing is kept when
// fill fails. progress, when not nil, is told about each index built.
func (s *Store) BulkLoad(tables []string, fill func(b *Bulk) error, progress func(done, total int)) error {
	if s.readOnly {
		return ErrReadOnly
	}
	return s.d.bulkLoad(s, tables, fill, progress)
}

// bulkLoadFile is BulkLoad on a SQLite file.
func (s *Store) bulkLoadFile(tables []string, fill func(b *Bulk) error, progress func(done, total int)) (err error) {
	ctx := context.Background()
	conn, err := s.sqlDB.Conn(ctx)
	if err != nil {
		return mapErr(err)
	}
	defer conn.Close()
	restore, err := fastLoadPragmas(ctx, conn)
	if err != nil {
		return mapErr(err)
	}
	defer func() {
		if rerr := restore(); rerr != nil && err == nil {
			err = mapErr(rerr)
		}
	}()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return mapErr(err)
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	indexes, err := dropIndexes(ctx, tx, tables...)
	if err != nil {
		return mapErr(err)
	}
	// The change log (migration 10) would get one entry per loaded row; the
	// load is logged once instead, as a reset every desktop reloads on.
	triggers, err := dropChangeTriggers(ctx, tx, tables...)
	if err != nil {
		return mapErr(err)
	}
	b := &Bulk{ctx: ctx, tx: tx, Indexes: len(indexes)}
	if err = fill(b); err != nil {
		return mapErr(err)
	}
	for _, t := range b.tables {
		if err = t.flush(); err != nil {
			return mapErr(err)
		}
	}
	for i, q := range indexes {
		if _, err = tx.ExecContext(ctx, q); err != nil {
			return mapErr(fmt.Errorf("%w in %q", err, q))
		}
		if progress != nil {
			progress(i+1, len(indexes))
		}
	}
	for _, q := range triggers {
		if _, err = tx.ExecContext(ctx, q); err != nil {
			return mapErr(fmt.Errorf("%w in %q", err, q))
		}
	}
	if len(triggers) > 0 {
		if _, err = tx.ExecContext(ctx, `INSERT INTO changes (what) VALUES ('reset')`); err != nil {
			return mapErr(err)
		}
	}
	if err = tx.Commit(); err != nil {
		return mapErr(err)
	}
	s.writes.Add(1)
	return nil
}

// fastLoadPragmas switches conn to bulk-load settings and returns the
// function that puts back what was there.
func fastLoadPragmas(ctx context.Context, conn *sql.Conn) (func() error, error) {
	names := []string{"synchronous", "cache_size", "foreign_keys", "temp_store", "threads"}
	old := make([]int64, len(names))
	for i, n := range names {
		if err := conn.QueryRowContext(ctx, "PRAGMA "+n).Scan(&old[i]); err != nil {
			return nil, err
		}
	}
	restore := func() error {
		for i, n := range names {
			if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA %s = %d", n, old[i])); err != nil {
				return err
			}
		}
		return nil
	}
	for _, q := range []string{"PRAGMA synchronous = OFF", "PRAGMA cache_size = -262144", "PRAGMA foreign_keys = OFF", "PRAGMA temp_store = MEMORY", "PRAGMA threads = 2"} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			restore()
			return nil, err
		}
	}
	return restore, nil
}

// dropChangeTriggers drops the change-log triggers of tables and returns
// the SQL that makes them again.
func dropChangeTriggers(ctx context.Context, tx *sql.Tx, tables ...string) ([]string, error) {
	return dropSchema(ctx, tx, "TRIGGER", `type = 'trigger' AND name LIKE 'changes\_%' ESCAPE '\'`, tables)
}

// dropIndexes drops the secondary indexes of the tables and returns the
// exact statements that recreate them.
func dropIndexes(ctx context.Context, tx *sql.Tx, tables ...string) ([]string, error) {
	return dropSchema(ctx, tx, "INDEX", `type = 'index' AND sql IS NOT NULL`, tables)
}

// dropSchema drops the schema objects of tables that match where (a
// condition on sqlite_master) and returns their SQL, in order.
func dropSchema(ctx context.Context, tx *sql.Tx, kind, where string, tables []string) ([]string, error) {
	if len(tables) == 0 {
		return nil, nil
	}
	q := `SELECT name, sql FROM sqlite_master WHERE ` + where + ` AND tbl_name IN (?` +
		strings.Repeat(",?", len(tables)-1) + `) ORDER BY tbl_name, name`
	args := make([]any, len(tables))
	for i, t := range tables {
		args[i] = t
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	var names, stmts []string
	for rows.Next() {
		var n, s string
		if err := rows.Scan(&n, &s); err != nil {
			rows.Close()
			return nil, err
		}
		names = append(names, n)
		stmts = append(stmts, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, n := range names {
		if _, err := tx.ExecContext(ctx, `DROP `+kind+` "`+strings.ReplaceAll(n, `"`, `""`)+`"`); err != nil {
			return nil, err
		}
	}
	return stmts, nil
}

// sqlLiteral appends v as an SQL literal.
func sqlLiteral(buf []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(buf, "NULL"...)
	case int:
		return strconv.AppendInt(buf, int64(x), 10)
	case int64:
		return strconv.AppendInt(buf, x, 10)
	case uint:
		return strconv.AppendUint(buf, uint64(x), 10)
	case float64:
		return strconv.AppendFloat(buf, x, 'g', -1, 64)
	case string:
		buf = append(buf, '\'')
		for i := 0; i < len(x); i++ {
			if x[i] == '\'' {
				buf = append(buf, '\'')
			}
			buf = append(buf, x[i])
		}
		return append(buf, '\'')
	}
	panic(fmt.Sprintf("sqlLiteral: unexpected %T", v))
}
