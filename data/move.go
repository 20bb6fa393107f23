package data

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// Moving an office (docs/design.md, "Outgrowing one office"): Move copies a
// whole Zusage database — a file or a PostgreSQL database — into a new one
// of either kind, checks that every table arrived with the same rows, and
// never changes the source. Both stores hold the same representation
// (integers for moments and flags, text byte for byte), so "the same" is
// the same checksum over the same values.

// TableSum is what one table holds: its rows, and a SHA-256 over every
// value of every row in primary-key order, computed alike on both stores.
type TableSum struct {
	Table string
	Rows  int64
	Sum   string
}

// MoveReport says what Move did.
type MoveReport struct {
	From, To string
	Tables   []TableSum
	Took     time.Duration
}

// Rows is the number of rows moved.
func (r MoveReport) Rows() int64 {
	var n int64
	for _, t := range r.Tables {
		n += t.Rows
	}
	return n
}

// moveFileMark is the application_id of a file that a move is still
// filling ("ZSGM"): inspectFile refuses it as incomplete.
const moveFileMark = 0x5A53474D

// moveHook, when set (tests), runs after each table is copied; an error
// interrupts the move there.
var moveHook func(table string) error

// Move copies the database at from into a new database at to, verifies
// row counts and checksums per table, and only then marks the target
// complete. from is opened read-only and never written. to is a path where
// no file is, a PostgreSQL database without tables, or the target of an
// interrupted move, which is emptied and filled again; until a move
// completes, the target is refused (RefusedIncomplete). progress, when not
// nil, is told about each table as it is copied.
func Move(from, to string, progress func(table string, rows int64)) (MoveReport, error) {
	start := time.Now()
	rep := MoveReport{}
	if strings.TrimSpace(from) == "" {
		return rep, invalid("from", CodeRequired)
	}
	if strings.TrimSpace(to) == "" {
		return rep, invalid("to", CodeRequired)
	}
	src, err := openMaintenance(from)
	if err != nil {
		return rep, err
	}
	defer src.Close()
	rep.From = src.Path()
	ver, err := src.d.schemaVersion(src.db)
	if err != nil {
		return rep, mapErr(err)
	}
	if ver != SchemaVersion {
		return rep, &RefusedError{Path: src.Path(), Code: RefusedOldReadOnly, Version: ver}
	}
	srcTables, err := zusageTables(src)
	if err != nil {
		return rep, err
	}

	dst, finish, err := prepareMoveTarget(to, src.Path())
	if err != nil {
		return rep, err
	}
	defer dst.Close()
	rep.To = ServerAddress(to)
	if !IsServer(to) {
		rep.To, _ = filepath.Abs(to)
	}
	dstTables, err := zusageTables(dst)
	if err != nil {
		return rep, err
	}
	if !slices.Equal(tableNames(srcTables), tableNames(dstTables)) {
		return rep, fmt.Errorf("the tables differ: %v in the source, %v in the target", tableNames(srcTables), tableNames(dstTables))
	}
	err = dst.BulkLoad(tableNames(dstTables), func(b *Bulk) error {
		for i, t := range srcTables {
			if !slices.Equal(sortedCopy(t.cols), sortedCopy(dstTables[i].cols)) {
				return fmt.Errorf("table %s: columns %v in the source, %v in the target", t.name, t.cols, dstTables[i].cols)
			}
			n, err := copyTable(src, b, t)
			if err != nil {
				return fmt.Errorf("table %s: %w", t.name, err)
			}
			if progress != nil {
				progress(t.name, n)
			}
			if moveHook != nil {
				if err := moveHook(t.name); err != nil {
					return err
				}
			}
		}
		return nil
	}, nil)
	if err != nil {
		return rep, err
	}
	want, err := tableSums(src, srcTables)
	if err != nil {
		return rep, err
	}
	got, err := tableSums(dst, dstTables)
	if err != nil {
		return rep, err
	}
	for i := range want {
		if want[i] != got[i] {
			return rep, fmt.Errorf("table %s arrived different: %d rows (sum %s) in the source, %d rows (sum %s) in the target",
				want[i].Table, want[i].Rows, want[i].Sum[:16], got[i].Rows, got[i].Sum[:16])
		}
	}
	if err := finish(); err != nil {
		return rep, err
	}
	rep.Tables, rep.Took = got, time.Since(start)
	return rep, nil
}

// Checksums is TableSum for every table of the database at loc, read
// without writing: `zusage move` prints them, and comparing the two ends
// of a move there and back shows nothing changed on the way.
func Checksums(loc string) ([]TableSum, error) {
	s, err := openMaintenance(loc)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	ts, err := zusageTables(s)
	if err != nil {
		return nil, err
	}
	return tableSums(s, ts)
}

// prepareMoveTarget makes the empty target of a move, marked incomplete
// from its first committed write on, and returns the step that marks it
// complete.
func prepareMoveTarget(to, srcPath string) (*Store, func() error, error) {
	if IsServer(to) {
		return prepareServerTarget(to)
	}
	abs, err := filepath.Abs(to)
	if err != nil {
		return nil, nil, err
	}
	if abs == srcPath {
		return nil, nil, invalid("to", CodeNotAllowed)
	}
	if _, err := os.Lstat(abs); err == nil {
		return nil, nil, &RefusedError{Path: abs, Code: RefusedExists}
	}
	// Filled under a name of its own and renamed into place when complete:
	// an interrupted move leaves no file at the target's name, and the
	// half-filled one is refused as incomplete by its mark.
	tmp := abs + ".moving"
	os.Remove(tmp)
	os.Remove(tmp + "-journal")
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, nil, &FileError{Op: OpCreateFolder, Path: filepath.Dir(abs), Err: err}
	}
	s, err := openStore(tmp, false, true, 0)
	if err != nil {
		return nil, nil, classifyOpenError(tmp, err)
	}
	if err := s.migrate(); err != nil {
		s.Close()
		return nil, nil, classifyOpenError(tmp, err)
	}
	if err := s.db.Exec(fmt.Sprintf("PRAGMA application_id = %d", moveFileMark)).Error; err != nil {
		s.Close()
		return nil, nil, mapErr(err)
	}
	finish := func() error {
		if err := s.db.Exec(fmt.Sprintf("PRAGMA application_id = %d", ApplicationID)).Error; err != nil {
			return mapErr(err)
		}
		if err := s.Close(); err != nil {
			return err
		}
		if err := syncFile(tmp); err != nil {
			return &FileError{Op: OpSyncFile, Path: tmp, Err: err}
		}
		if _, err := os.Lstat(abs); err == nil {
			return &RefusedError{Path: abs, Code: RefusedExists}
		}
		if err := os.Rename(tmp, abs); err != nil {
			return &FileError{Op: OpRenameFile, Path: abs, Err: err}
		}
		return nil
	}
	return s, finish, nil
}

// prepareServerTarget empties an interrupted move's tables, writes the
// schema under the "moving" mark and returns the step that clears it.
func prepareServerTarget(to string) (*Store, func() error, error) {
	s, st, err := connectServer(to, Options{})
	if err != nil {
		return nil, nil, err
	}
	fail := func(err error) (*Store, func() error, error) {
		s.Close()
		return nil, nil, err
	}
	if st.exists && st.state == serverReady {
		return fail(&RefusedError{Path: s.path, Code: RefusedExists})
	}
	ctx := context.Background()
	conn, err := s.sqlDB.Conn(ctx)
	if err != nil {
		return fail(classifyServerError(s.path, err))
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fail(classifyServerError(s.path, err))
	}
	defer tx.Rollback()
	if st.exists {
		// Only an interrupted move gets here: everything in the schema is
		// what it wrote.
		if err := wipeServerSchema(ctx, tx); err != nil {
			return fail(mapErr(err))
		}
	}
	for _, q := range pgSchemaTables {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fail(mapErr(err))
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO zusage_schema (id, application, version, state, updated_at) VALUES (1, 'zusage', 0, $1, $2)`,
		serverMoving, time.Now().Unix()); err != nil {
		return fail(mapErr(err))
	}
	if err := tx.Commit(); err != nil {
		return fail(mapErr(err))
	}
	if err := s.migrate(); err != nil {
		return fail(classifyServerError(s.path, err))
	}
	finish := func() error {
		return mapErr(s.db.Exec(`UPDATE zusage_schema SET state = ?, updated_at = ?`, serverReady, time.Now().Unix()).Error)
	}
	return s, finish, nil
}

// wipeServerSchema drops what a move wrote into the current schema.
func wipeServerSchema(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT tablename FROM pg_tables WHERE schemaname = current_schema()`)
	if err != nil {
		return err
	}
	var drops []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return err
		}
		drops = append(drops, "DROP TABLE IF EXISTS "+quoteIdent(t)+" CASCADE")
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	drops = append(drops, "DROP SEQUENCE IF EXISTS "+pgChangeSeq, "DROP SEQUENCE IF EXISTS changes_pos",
		"DROP FUNCTION IF EXISTS zusage_change(), zusage_change_customer(), zusage_change_moved(), zusage_log_commit() CASCADE",
		"DROP COLLATION IF EXISTS zusage_nocase")
	for _, q := range drops {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// movedTable is one table of a Zusage schema: its columns and primary key.
type movedTable struct {
	name string
	cols []string
	pk   []string
}

func tableNames(ts []movedTable) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.name
	}
	return out
}

func sortedCopy(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

// zusageTables lists the tables of the schema by name, without the search
// index's own tables (FTS5's shadow tables; PostgreSQL keeps its index
// inside the table), the server's schema record, which each store writes
// itself, and the change log, which is about this database's desktops (a
// moved database starts its own, and every desktop reloads).
func zusageTables(s *Store) ([]movedTable, error) {
	var names []string
	var q string
	if s.Backend() == BackendPostgres {
		q = `SELECT tablename FROM pg_tables WHERE schemaname = current_schema()
			AND tablename NOT IN ('zusage_schema', 'zusage_migrations', 'changes') ORDER BY tablename`
	} else {
		q = `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
			AND name NOT LIKE 'customers_fts%' AND name <> 'changes' ORDER BY name`
	}
	if err := s.db.Raw(q).Scan(&names).Error; err != nil {
		return nil, mapErr(err)
	}
	out := make([]movedTable, 0, len(names))
	for _, n := range names {
		t := movedTable{name: n}
		if s.Backend() == BackendPostgres {
			if err := s.db.Raw(`SELECT column_name FROM information_schema.columns
				WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position`, n).Scan(&t.cols).Error; err != nil {
				return nil, mapErr(err)
			}
			if err := s.db.Raw(`SELECT a.attname FROM pg_index i
				JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
				WHERE i.indrelid = ?::regclass AND i.indisprimary
				ORDER BY array_position(i.indkey, a.attnum)`, quoteIdent(n)).Scan(&t.pk).Error; err != nil {
				return nil, mapErr(err)
			}
		} else {
			var info []struct {
				Name string
				Pk   int
			}
			if err := s.db.Raw(`SELECT name, pk FROM pragma_table_info(?)`, n).Scan(&info).Error; err != nil {
				return nil, mapErr(err)
			}
			slices.SortStableFunc(info, func(a, b struct {
				Name string
				Pk   int
			}) int {
				return a.Pk - b.Pk
			})
			for _, c := range info {
				t.cols = append(t.cols, c.Name)
			}
			for _, c := range info {
				if c.Pk > 0 {
					t.pk = append(t.pk, c.Name)
				}
			}
		}
		if len(t.pk) == 0 {
			return nil, fmt.Errorf("table %s has no primary key", n)
		}
		out = append(out, t)
	}
	return out, nil
}

// selectAll reads every row of t in primary-key order, its columns in
// name order.
func selectAll(s *Store, t movedTable) (*sql.Rows, []string, error) {
	cols := sortedCopy(t.cols)
	quoted := make([]string, len(cols))
	for i, c := range cols {
		quoted[i] = quoteIdent(c)
	}
	pk := make([]string, len(t.pk))
	for i, c := range t.pk {
		pk[i] = quoteIdent(c)
	}
	rows, err := s.db.Raw(`SELECT ` + strings.Join(quoted, ", ") + ` FROM ` + quoteIdent(t.name) +
		` ORDER BY ` + strings.Join(pk, ", ")).Rows()
	return rows, cols, mapErr(err)
}

// copyTable writes every row of t from src into the load b.
func copyTable(src *Store, b *Bulk, t movedTable) (int64, error) {
	rows, cols, err := selectAll(src, t)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	next := func() ([]any, error) {
		if !rows.Next() {
			return nil, rows.Err()
		}
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		for i, v := range vals {
			if bs, ok := v.([]byte); ok {
				vals[i] = string(bs)
			}
		}
		return vals, nil
	}
	return b.copyRows(t.name, cols, next)
}

// copyRows writes rows from next (nil at the end) into table: PostgreSQL's
// COPY on a server, many-row INSERTs into a file.
func (b *Bulk) copyRows(table string, cols []string, next func() ([]any, error)) (int64, error) {
	if !b.server {
		bt := b.Table(quoteIdent(table), quoteCols(cols)...)
		var n int64
		for {
			vals, err := next()
			if err != nil {
				return n, err
			}
			if vals == nil {
				return n, bt.flush()
			}
			if err := bt.Add(vals...); err != nil {
				return n, err
			}
			n++
		}
	}
	var n int64
	err := b.conn.Raw(func(dc any) error {
		src := &copySource{next: next}
		var err error
		n, err = dc.(*stdlib.Conn).Conn().CopyFrom(b.ctx, pgx.Identifier{table}, cols, src)
		if err == nil {
			err = src.err
		}
		return err
	})
	return n, err
}

func quoteCols(cols []string) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = quoteIdent(c)
	}
	return out
}

// copySource adapts next to pgx.CopyFromSource.
type copySource struct {
	next func() ([]any, error)
	row  []any
	err  error
}

func (c *copySource) Next() bool {
	if c.err != nil {
		return false
	}
	c.row, c.err = c.next()
	return c.row != nil
}

func (c *copySource) Values() ([]any, error) { return c.row, nil }
func (c *copySource) Err() error             { return c.err }

// tableSums computes TableSum for every table in ts.
func tableSums(s *Store, ts []movedTable) ([]TableSum, error) {
	out := make([]TableSum, 0, len(ts))
	for _, t := range ts {
		sum, err := tableSum(s, t)
		if err != nil {
			return nil, fmt.Errorf("table %s: %w", t.name, err)
		}
		out = append(out, sum)
	}
	return out, nil
}

// tableSum hashes every value of t in a form that does not depend on the
// store: NULL, an integer in decimal, text with its length; rows in
// primary-key order, columns in name order.
func tableSum(s *Store, t movedTable) (TableSum, error) {
	rows, cols, err := selectAll(s, t)
	if err != nil {
		return TableSum{}, err
	}
	defer rows.Close()
	h := sha256.New()
	h.Write([]byte(strings.Join(cols, ",") + "\n"))
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var n int64
	buf := make([]byte, 0, 256)
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return TableSum{}, err
		}
		buf = buf[:0]
		for _, v := range vals {
			switch x := v.(type) {
			case nil:
				buf = append(buf, 'N')
			case int64:
				buf = append(buf, 'I')
				buf = strconv.AppendInt(buf, x, 10)
			case float64:
				buf = append(buf, 'F')
				buf = strconv.AppendFloat(buf, x, 'g', -1, 64)
			case string:
				buf = append(buf, 'S')
				buf = strconv.AppendInt(buf, int64(len(x)), 10)
				buf = append(buf, ':')
				buf = append(buf, x...)
			case []byte:
				buf = append(buf, 'S')
				buf = strconv.AppendInt(buf, int64(len(x)), 10)
				buf = append(buf, ':')
				buf = append(buf, x...)
			case bool:
				buf = append(buf, 'I', '0')
				if x {
					buf[len(buf)-1] = '1'
				}
			default:
				return TableSum{}, fmt.Errorf("a value of type %T", v)
			}
			buf = append(buf, 0)
		}
		buf = append(buf, '\n')
		h.Write(buf)
		n++
	}
	if err := rows.Err(); err != nil {
		return TableSum{}, mapErr(err)
	}
	return TableSum{Table: t.name, Rows: n, Sum: hex.EncodeToString(h.Sum(nil))}, nil
}
