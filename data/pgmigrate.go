package data

import (
	"context"
	"database/sql"
	"fmt"

	"gorm.io/gorm"
)

// The schema of a PostgreSQL database is described by two small tables
// instead of SQLite's PRAGMA user_version and application_id:
// zusage_schema holds one row (whose program, which version, and whether a
// move into it completed), zusage_migrations one row per step applied.
var pgSchemaTables = []string{
	`CREATE TABLE zusage_schema (
		id integer PRIMARY KEY CHECK (id = 1),
		application text NOT NULL,
		version integer NOT NULL,
		state text NOT NULL,
		updated_at bigint NOT NULL)`,
	`CREATE TABLE zusage_migrations (
		version integer PRIMARY KEY,
		name text NOT NULL,
		applied_at bigint NOT NULL)`,
}

// migrate applies the missing migrations on a server. Twenty desktops may
// start at the same moment after an update: every one takes the same
// advisory lock first, the first migrates, and the others find the schema
// current when they get the lock. Each step is one transaction with its new
// version (PostgreSQL's DDL is transactional), so a desktop that dies
// mid-step leaves the previous version intact.
func (pgDialect) migrate(s *Store) error {
	var cur int
	var exists bool
	if err := s.db.Raw(`SELECT to_regclass('zusage_schema') IS NOT NULL`).Row().Scan(&exists); err != nil {
		return err
	}
	if exists {
		v, err := s.d.schemaVersion(s.db)
		if err != nil {
			return err
		}
		cur = v
	}
	if cur >= SchemaVersion {
		return nil
	}
	ctx := context.Background()
	conn, err := s.sqlDB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// The others wait for as long as the upgrade takes, not lock_timeout.
	if _, err := conn.ExecContext(ctx, `SET lock_timeout = '10min'`); err != nil {
		return err
	}
	defer conn.ExecContext(ctx, `RESET lock_timeout`)
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1, hashtext(current_schema()))`, schemaLockKey); err != nil {
		return err
	}
	defer conn.ExecContext(ctx, `SELECT pg_advisory_unlock($1, hashtext(current_schema()))`, schemaLockKey)
	for _, m := range migrations {
		if err := pgStep(ctx, s, conn, m); err != nil {
			return err
		}
	}
	return nil
}

// pgStep applies one migration unless the schema already has it.
func pgStep(ctx context.Context, s *Store, conn *sql.Conn, m migration) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	gtx := s.db.Session(&gorm.Session{NewDB: true, Context: ctx})
	gtx.Statement.ConnPool = &pgPool{p: tx}
	var exists bool
	if err := gtx.Raw(`SELECT to_regclass('zusage_schema') IS NOT NULL`).Row().Scan(&exists); err != nil {
		return err
	}
	v := 0
	if exists {
		if v, err = s.d.schemaVersion(gtx); err != nil {
			return err
		}
	}
	if v >= m.version {
		return nil
	}
	if v != m.version-1 {
		return fmt.Errorf("schema version %d cannot be upgraded to %d", v, m.version)
	}
	if !exists {
		for _, q := range pgSchemaTables {
			if err := gtx.Exec(q).Error; err != nil {
				return err
			}
		}
		if err := gtx.Exec(`INSERT INTO zusage_schema (id, application, version, state, updated_at) VALUES (1, 'zusage', 0, ?, ?)`,
			serverReady, s.Now().Unix()).Error; err != nil {
			return err
		}
	}
	if m.pg == nil {
		return fmt.Errorf("migration %d (%s) has no PostgreSQL steps", m.version, m.name)
	}
	if err := m.pg(gtx); err != nil {
		return fmt.Errorf("migration %d (%s): %w", m.version, m.name, err)
	}
	if err := gtx.Exec(`UPDATE zusage_schema SET version = ?, updated_at = ?`, m.version, s.Now().Unix()).Error; err != nil {
		return err
	}
	if err := gtx.Exec(`INSERT INTO zusage_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		m.version, m.name, s.Now().Unix()).Error; err != nil {
		return err
	}
	return tx.Commit()
}

// openServerMaintenance opens a server for check and backup: read-only, any
// schema version this build knows, never a migration.
func openServerMaintenance(loc string) (*Store, error) {
	s, st, err := connectServer(loc, Options{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	switch {
	case !st.exists:
		s.Close()
		return nil, &RefusedError{Path: s.path, Code: RefusedMissing}
	case st.state != serverReady:
		s.Close()
		return nil, &RefusedError{Path: s.path, Code: RefusedIncomplete}
	case st.version > SchemaVersion:
		s.Close()
		return nil, &NewerSchemaError{Path: s.path, FileVersion: st.version, KnownMax: SchemaVersion}
	}
	return s, nil
}
