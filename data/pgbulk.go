package data

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// bulkLoadServer is BulkLoad on PostgreSQL: one transaction without a
// synchronous commit, the tables' secondary indexes and foreign keys
// dropped first and recreated at the end from their exact definitions
// (PostgreSQL checks a foreign key per row otherwise, and validates it in
// one pass when it is added), the identity columns set past the largest id
// the load wrote, and the tables vacuumed and their statistics gathered
// afterwards (the planner needs both for index-only scans). Nothing
// is kept when fill fails.
func (s *Store) bulkLoadServer(tables []string, fill func(b *Bulk) error, progress func(done, total int)) (err error) {
	ctx := context.Background()
	conn, err := s.sqlDB.Conn(ctx)
	if err != nil {
		return mapErr(err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return mapErr(err)
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	for _, q := range []string{`SET LOCAL synchronous_commit = off`, `SET LOCAL maintenance_work_mem = '256MB'`} {
		if _, err = tx.ExecContext(ctx, q); err != nil {
			return mapErr(err)
		}
	}
	rebuild, err := dropServerIndexes(ctx, tx, tables)
	if err != nil {
		return mapErr(err)
	}
	// The change log (migration 10) would get one entry per loaded row; the
	// load is logged once instead, as a reset every desktop reloads on.
	var logged bool
	if err = tx.QueryRowContext(ctx, `SELECT to_regclass('changes') IS NOT NULL`).Scan(&logged); err != nil {
		return mapErr(err)
	}
	if logged {
		for _, t := range tables {
			if _, err = tx.ExecContext(ctx, "ALTER TABLE "+quoteIdent(t)+" DISABLE TRIGGER USER"); err != nil {
				return mapErr(err)
			}
		}
	}
	b := &Bulk{ctx: ctx, tx: tx, server: true, conn: conn, Indexes: len(rebuild)}
	if err = fill(b); err != nil {
		return mapErr(err)
	}
	for _, t := range b.tables {
		if err = t.flush(); err != nil {
			return mapErr(err)
		}
	}
	for i, q := range rebuild {
		if _, err = tx.ExecContext(ctx, q); err != nil {
			return mapErr(fmt.Errorf("%w in %q", err, q))
		}
		if progress != nil {
			progress(i+1, len(rebuild))
		}
	}
	if err = resetIdentities(ctx, tx); err != nil {
		return mapErr(err)
	}
	if logged {
		for _, t := range tables {
			if _, err = tx.ExecContext(ctx, "ALTER TABLE "+quoteIdent(t)+" ENABLE TRIGGER USER"); err != nil {
				return mapErr(err)
			}
		}
		if _, err = tx.ExecContext(ctx, `INSERT INTO changes (what, tx) VALUES ('reset', pg_current_xact_id())`); err != nil {
			return mapErr(err)
		}
		if _, err = tx.ExecContext(ctx, `SELECT zusage_log_commit()`); err != nil {
			return mapErr(err)
		}
	}
	if err = tx.Commit(); err != nil {
		return mapErr(err)
	}
	for _, t := range tables {
		if _, err := conn.ExecContext(ctx, "VACUUM (ANALYZE) "+quoteIdent(t)); err != nil {
			return mapErr(err)
		}
	}
	conn.ExecContext(ctx, "SELECT nextval('"+pgChangeSeq+"')")
	conn.ExecContext(ctx, "SELECT pg_notify($1, '')", s.d.(pgDialect).channel)
	s.writes.Add(1)
	return nil
}

// dropServerIndexes drops the secondary indexes (those no constraint
// needs) and the foreign keys of tables, and returns the statements that
// recreate them: the foreign keys after the indexes, so that their checks
// find them.
func dropServerIndexes(ctx context.Context, tx *sql.Tx, tables []string) ([]string, error) {
	if len(tables) == 0 {
		return nil, nil
	}
	var idx, fks, drops []string
	rows, err := tx.QueryContext(ctx, `SELECT c.relname, pg_get_indexdef(i.indexrelid)
		FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
		WHERE t.relnamespace = current_schema()::regnamespace AND t.relname = ANY($1)
		AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
		ORDER BY t.relname, c.relname`, tables)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			rows.Close()
			return nil, err
		}
		idx = append(idx, def)
		drops = append(drops, "DROP INDEX "+quoteIdent(name))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = tx.QueryContext(ctx, `SELECT t.relname, k.conname, pg_get_constraintdef(k.oid)
		FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid
		WHERE t.relnamespace = current_schema()::regnamespace AND t.relname = ANY($1) AND k.contype = 'f'
		ORDER BY t.relname, k.conname`, tables)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var table, name, def string
		if err := rows.Scan(&table, &name, &def); err != nil {
			rows.Close()
			return nil, err
		}
		fks = append(fks, "ALTER TABLE "+quoteIdent(table)+" ADD CONSTRAINT "+quoteIdent(name)+" "+def)
		drops = append(drops, "ALTER TABLE "+quoteIdent(table)+" DROP CONSTRAINT "+quoteIdent(name))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, q := range drops {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return nil, err
		}
	}
	return append(idx, fks...), nil
}

// resetIdentities sets every identity column of the schema past the
// largest id in its table: a load with explicit ids leaves them behind.
func resetIdentities(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND is_identity = 'YES' ORDER BY table_name`)
	if err != nil {
		return err
	}
	var stmts []string
	for rows.Next() {
		var t, c string
		if err := rows.Scan(&t, &c); err != nil {
			rows.Close()
			return err
		}
		stmts = append(stmts, fmt.Sprintf(`SELECT setval(pg_get_serial_sequence('%s', '%s'), COALESCE(max(%s), 0) + 1, false) FROM %s`,
			strings.ReplaceAll(quoteIdent(t), "'", "''"), c, quoteIdent(c), quoteIdent(t)))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, q := range stmts {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
