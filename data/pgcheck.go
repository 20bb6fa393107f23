package data

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"
)

// checkServer fills r for a PostgreSQL database: the schema version, the
// server's own checks and the counts. The server keeps its pages
// consistent itself; what can go wrong is an index a failed build left
// invalid, a foreign key added without validation, and — where the amcheck
// extension is installed — a damaged B-tree index.
func (s *Store) checkServer(r *CheckReport) {
	db := s.db
	if v, err := s.d.schemaVersion(db); err == nil {
		r.Schema = v
	}
	db.Raw(`SELECT version()`).Row().Scan(&r.ServerVersion)
	db.Raw(`SELECT COALESCE(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c
		WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'`).Row().Scan(&r.Size)

	var problems []string
	var invalid []string
	if err := db.Raw(`SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
		WHERE c.relnamespace = current_schema()::regnamespace AND NOT (i.indisvalid AND i.indisready)
		ORDER BY c.relname`).Scan(&invalid).Error; err != nil {
		problems = append(problems, err.Error())
	}
	for _, n := range invalid {
		problems = append(problems, "index "+n+" is invalid (rebuild it with REINDEX)")
	}
	var amcheck bool
	db.Raw(`SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'amcheck')`).Row().Scan(&amcheck)
	if amcheck {
		var btrees []string
		db.Raw(`SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
			WHERE c.relnamespace = current_schema()::regnamespace AND a.amname = 'btree' AND i.indisvalid
			ORDER BY c.relname`).Scan(&btrees)
		for _, n := range btrees {
			if err := db.Exec(`SELECT bt_index_check(?::regclass)`, n).Error; err != nil {
				problems = append(problems, "index "+n+": "+err.Error())
			}
		}
	}
	if len(problems) == 0 {
		r.Integrity = "ok"
	} else {
		if len(problems) > 5 {
			problems = append(problems[:5], fmt.Sprintf("and %d more", len(problems)-5))
		}
		r.Integrity = strings.Join(problems, "; ")
	}
	r.ServerChecks = "indexes valid, foreign keys validated"
	if amcheck {
		r.ServerChecks += ", B-tree indexes verified (amcheck)"
	}

	var unvalidated []string
	if err := db.Raw(`SELECT conrelid::regclass::text || ' ' || conname FROM pg_constraint
		WHERE connamespace = current_schema()::regnamespace AND contype = 'f' AND NOT convalidated
		ORDER BY 1`).Scan(&unvalidated).Error; err == nil {
		r.ForeignKeyProblems = len(unvalidated)
		if len(unvalidated) > 0 {
			r.ForeignKeyFirst = unvalidated[0]
		}
	}
	countAll(db, r)
}

// checkServerAt is CheckFile for a server: it connects read-only, and a
// database Zusage would refuse gets a report that says why.
func checkServerAt(loc string) (CheckReport, error) {
	r := newReport(ServerAddress(loc))
	s, err := openServerMaintenance(loc)
	if err != nil {
		var re *RefusedError
		var ne *NewerSchemaError
		if errors.As(err, &re) && (re.Code == RefusedIncomplete || re.Code == RefusedForeignApp || re.Code == RefusedMissing) || errors.As(err, &ne) {
			r.Refused, r.Unchecked, r.Schema = err, CheckNoData, -1
			return r, nil
		}
		return r, err
	}
	defer s.Close()
	s.checkServer(&r)
	return r, nil
}

// pgDump writes the database to abs in pg_dump's custom format (restored
// with pg_restore). pg_dump is PostgreSQL's own tool: it reads one
// consistent snapshot while the team goes on working.
func (s *Store) pgDump(abs string) error {
	bin, err := exec.LookPath("pg_dump")
	if err != nil {
		return &MissingToolError{Tool: "pg_dump"}
	}
	f, err := os.OpenFile(abs, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return &RefusedError{Path: abs, Code: RefusedExists}
	}
	if err != nil {
		return &FileError{Op: OpCreateFile, Path: abs, Err: err}
	}
	f.Close()
	var schema string
	if err := s.db.Raw(`SELECT current_schema()`).Row().Scan(&schema); err != nil {
		os.Remove(abs)
		return mapErr(err)
	}
	args := []string{"--format=custom", "--no-password", "--file=" + abs}
	if schema != "public" {
		args = append(args, "--schema="+schema)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), s.libpqEnv()...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		os.Remove(abs)
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return &FileError{Op: OpBackup, Path: abs, Err: errors.New(msg)}
	}
	return nil
}

// libpqEnv is the connection of s for PostgreSQL's own tools, as libpq's
// environment variables (the password only in the child's environment).
func (s *Store) libpqEnv() []string {
	c := s.pgConfig
	env := []string{
		"PGHOST=" + c.Host, fmt.Sprintf("PGPORT=%d", c.Port), "PGUSER=" + c.User, "PGDATABASE=" + c.Database,
		"PGAPPNAME=zusage",
	}
	if c.Password != "" {
		env = append(env, "PGPASSWORD="+c.Password)
	}
	if u, err := url.Parse(s.pgLoc); err == nil {
		q := u.Query()
		for _, k := range []string{"sslmode", "sslrootcert", "sslcert", "sslkey"} {
			if v := q.Get(k); v != "" {
				env = append(env, "PG"+strings.ToUpper(k)+"="+v)
			}
		}
	}
	return env
}
