package data

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

// BackupsKept is how many daily backups AutoBackup keeps.
const BackupsKept = 14

// BackupDir is the folder of the daily backups: "backups" beside the file.
func BackupDir(dbPath string) string { return filepath.Join(filepath.Dir(dbPath), "backups") }

// Backup writes a consistent copy of the whole database to a new file at
// out (VACUUM INTO: a snapshot, also while other desktops write; on a
// PostgreSQL server pg_dump's custom format). It never overwrites: an
// existing out is refused.
func (s *Store) Backup(out string) error {
	if strings.TrimSpace(out) == "" {
		return invalid("out", CodeRequired)
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	return s.d.backup(s, abs)
}

// backupFile is Backup of a SQLite file.
func (s *Store) backupFile(abs string) error {
	if abs == s.path {
		return invalid("out", CodeNotAllowed)
	}
	// Reserve the name: O_EXCL fails on an existing file, and VACUUM INTO
	// accepts the empty file we leave there.
	f, err := os.OpenFile(abs, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return &RefusedError{Path: abs, Code: RefusedExists}
	}
	if err != nil {
		return &FileError{Op: OpCreateFile, Path: abs, Err: err}
	}
	f.Close()
	if err := s.vacuumInto(abs); err != nil {
		os.Remove(abs)
		return &FileError{Op: OpBackup, Path: abs, Err: mapErr(err)}
	}
	// VACUUM INTO does not sync the copy; a backup must survive a power cut.
	if err := syncFile(abs); err != nil {
		os.Remove(abs)
		return &FileError{Op: OpSyncFile, Path: abs, Err: err}
	}
	return nil
}

// vacuumInto writes the copy with PageSize pages, whatever the page size of
// the file: restoring a backup is how an older file gets the layout that
// costs fewer round trips on the share. The setting and the copy need the
// same connection.
func (s *Store) vacuumInto(out string) error {
	ctx := context.Background()
	conn, err := s.sqlDB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA page_size = %d", PageSize)); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, "VACUUM INTO ?", out)
	return err
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// BackupFile copies the database at path to out without opening it for
// writing: no migration, no journal; a refused file is not copied. It
// returns the absolute path of the copy.
func BackupFile(path, out string) (string, error) {
	s, err := openMaintenance(path)
	if err != nil {
		return "", err
	}
	defer s.Close()
	abs, err := filepath.Abs(out)
	if err != nil {
		return "", err
	}
	return abs, s.Backup(abs)
}

// openMaintenance opens a file read-only for check and backup: any schema
// version this build knows, never a write.
func openMaintenance(path string) (*Store, error) {
	if path == "" {
		return nil, invalid("db", CodeRequired)
	}
	if IsServer(path) {
		return openServerMaintenance(path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	hdr, err := inspectFile(abs)
	if err != nil {
		return nil, err
	}
	switch {
	case !hdr.exists:
		return nil, &RefusedError{Path: abs, Code: RefusedMissing}
	case hdr.empty:
		return nil, &RefusedError{Path: abs, Code: RefusedEmpty}
	case hdr.userVersion > SchemaVersion:
		return nil, &NewerSchemaError{Path: abs, FileVersion: hdr.userVersion, KnownMax: SchemaVersion}
	case hdr.wal:
		return nil, &RefusedError{Path: abs, Code: RefusedWAL}
	}
	s, err := openStore(abs, true, false, 0)
	if err != nil {
		return nil, classifyOpenError(abs, err)
	}
	return s, nil
}

// AutoBackup makes the daily backup into the backups folder beside the
// database (backups/<name>-YYYY-MM-DD.zusage) when today's does not exist
// yet, and keeps the newest BackupsKept of them; only files of exactly that
// pattern are ever deleted. It returns the path it made, or "" when none was
// needed. The desktop app calls it after opening, in a goroutine. A
// read-only desktop leaves backups to the desktops that may write.
func (s *Store) AutoBackup(now time.Time) (string, error) {
	// Backups of a server are the server's (README, "Outgrowing one office").
	if s.readOnly || s.Backend() == BackendPostgres {
		return "", nil
	}
	dir := BackupDir(s.path)
	base := strings.TrimSuffix(filepath.Base(s.path), filepath.Ext(s.path))
	loc := s.Loc
	if loc == nil {
		loc = time.Local
	}
	day := now.In(loc).Format(time.DateOnly)
	final := filepath.Join(dir, base+"-"+day+".zusage")
	if _, err := os.Stat(final); err == nil {
		return "", pruneBackups(dir, base, now)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", &FileError{Op: OpCreateFolder, Path: dir, Err: err}
	}
	// Written under a temporary name and linked into place, so a half-made
	// backup never carries a backup's name, and two desktops starting at
	// once make one backup, not a clash.
	tmp := filepath.Join(dir, fmt.Sprintf(".%s-%s.%d-%d.tmp", base, day, os.Getpid(), rand.Uint32()))
	if err := s.Backup(tmp); err != nil {
		return "", err
	}
	defer os.Remove(tmp)
	if err := os.Link(tmp, final); err != nil {
		if _, serr := os.Stat(final); serr == nil {
			return "", pruneBackups(dir, base, now)
		}
		// Some shares do not support hard links.
		if err := os.Rename(tmp, final); err != nil {
			return "", &FileError{Op: OpRenameFile, Path: final, Err: err}
		}
	}
	return final, pruneBackups(dir, base, now)
}

// backupName matches the daily backups of the database named base.
func backupName(base string) *regexp.Regexp {
	return regexp.MustCompile(`^` + regexp.QuoteMeta(base) + `-(\d{4}-\d{2}-\d{2})\.zusage$`)
}

// Backups lists the daily backups of the database, newest first.
func Backups(dbPath string) ([]string, error) {
	if IsServer(dbPath) {
		return nil, nil
	}
	dir := BackupDir(dbPath)
	base := strings.TrimSuffix(filepath.Base(dbPath), filepath.Ext(dbPath))
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	re := backupName(base)
	type dated struct {
		name string
		day  time.Time
	}
	var list []dated
	for _, e := range entries {
		m := re.FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() {
			continue
		}
		d, err := time.Parse(time.DateOnly, m[1])
		if err != nil {
			continue
		}
		list = append(list, dated{e.Name(), d})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].day.After(list[j].day) })
	out := make([]string, len(list))
	for i, d := range list {
		out[i] = filepath.Join(dir, d.name)
	}
	return out, nil
}

// pruneBackups deletes all but the newest BackupsKept daily backups, and
// temporary files of ours left by a desktop that stopped mid-backup.
func pruneBackups(dir, base string, now time.Time) error {
	list, err := Backups(filepath.Join(filepath.Dir(dir), base+".zusage"))
	if err != nil {
		return err
	}
	var firstErr error
	for _, p := range list[min(len(list), BackupsKept):] {
		if err := os.Remove(p); err != nil && firstErr == nil {
			firstErr = err
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		n := e.Name()
		if !strings.HasPrefix(n, "."+base+"-") || !strings.HasSuffix(n, ".tmp") {
			continue
		}
		if info, err := e.Info(); err == nil && now.Sub(info.ModTime()) > 24*time.Hour {
			os.Remove(filepath.Join(dir, n))
		}
	}
	return firstErr
}
