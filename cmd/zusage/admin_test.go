package main

import (
	"bytes"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zusage/zusage/data"
	"gorm.io/gorm"
)

// report parses `name: value` lines.
func report(t *testing.T, out string) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		k, v, ok := strings.Cut(l, ": ")
		require.True(t, ok, "not a name: value line: %q", l)
		m[k] = v
	}
	return m
}

func TestCheckHealthyFile(t *testing.T) {
	db := team(t)
	mustRun(t, "promise", "--db", db, "--customer", "1", "--by", "anna@example.de", "--kind", "offer", "--title", "Angebot", "--due", "2026-12-01")
	mustRun(t, "log", "--db", db, "--customer", "1", "--by", "anna@example.de", "--channel", "phone", "--summary", "Anruf")
	before := sum(t, db)
	r := report(t, mustRun(t, "check", "--db", db))
	assert.Equal(t, fmt.Sprint(data.SchemaVersion), r["schema"])
	assert.Equal(t, "ok", r["integrity"])
	assert.Equal(t, "ok", r["foreign_keys"])
	assert.Equal(t, "1", r["customers"])
	assert.Equal(t, "1", r["contacts"])
	assert.Equal(t, "1", r["commitments"])
	assert.Equal(t, "1", r["open"])
	assert.Equal(t, "healthy", r["status"])
	assert.NotContains(t, r, "refused")
	assert.Equal(t, before, sum(t, db), "check only reads")
	if data.IsServer(db) {
		// A server has no pages of Zusage's choosing; it says what it checked.
		assert.NotContains(t, r, "page_size")
		assert.Contains(t, r["checks"], "indexes valid")
		return
	}
	assert.Equal(t, fmt.Sprint(data.PageSize), r["page_size"])

	// A file with the smaller pages of older versions is healthy; check
	// says so and what writes the new layout.
	old := filepath.Join(t.TempDir(), "old.zusage")
	c, err := sql.Open("sqlite", "file:"+filepath.ToSlash(db))
	require.NoError(t, err)
	c.SetMaxOpenConns(1)
	_, err = c.Exec("PRAGMA page_size = 4096")
	require.NoError(t, err)
	_, err = c.Exec("VACUUM INTO ?", old)
	require.NoError(t, err)
	require.NoError(t, c.Close())
	r = report(t, mustRun(t, "check", "--db", old))
	assert.Equal(t, "healthy", r["status"])
	assert.Contains(t, r["page_size"], "4096")
	assert.Contains(t, r["page_size"], "zusage backup")

	code, _, errs := run(t, "check")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "--db")
	code, _, errs = run(t, "check", "--db", filepath.Join(t.TempDir(), "none.zusage"))
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "no database file")
}

// badFiles makes a file of each kind Zusage refuses, plus one with a damaged
// page in the middle, keyed by what the message must say.
func badFiles(t *testing.T) map[string]string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{}
	garbage := filepath.Join(dir, "garbage.zusage")
	require.NoError(t, os.WriteFile(garbage, []byte("Name;Telefon\nMüller;0421\n"), 0o644))
	files["not a SQLite file"] = garbage

	full := filepath.Join(dir, "full.zusage")
	s, err := data.Open(full)
	require.NoError(t, err)
	u, err := s.AddUser(data.NewUser{Name: "A", Email: "a@b.de"})
	require.NoError(t, err)
	require.NoError(t, s.DB().Transaction(func(tx *gorm.DB) error {
		for i := 0; i < 200; i++ {
			c := data.Customer{Name: "Kunde", Notes: strings.Repeat("n", 500), OwnerID: u.ID, Version: 1}
			if err := tx.Create(&c).Error; err != nil {
				return err
			}
		}
		return nil
	}))
	var pageSize, pages, lastRoot int
	require.NoError(t, s.DB().Raw("PRAGMA page_size").Scan(&pageSize).Error)
	require.NoError(t, s.DB().Raw("PRAGMA page_count").Scan(&pages).Error)
	require.NoError(t, s.DB().Raw("SELECT max(rootpage) FROM sqlite_schema").Scan(&lastRoot).Error)
	for name, pragma := range map[string]string{"other.db": "PRAGMA application_id = 4242", "newer.zusage": "PRAGMA user_version = 99"} {
		p := filepath.Join(dir, name)
		require.NoError(t, s.DB().Exec("VACUUM INTO ?", p).Error)
		// Mark the copy through a plain connection, as another program would.
		c, err := sql.Open("sqlite", "file:"+filepath.ToSlash(p))
		require.NoError(t, err)
		_, err = c.Exec(pragma)
		require.NoError(t, err)
		require.NoError(t, c.Close())
	}
	files["another application"] = filepath.Join(dir, "other.db")
	files["newer Zusage"] = filepath.Join(dir, "newer.zusage")
	require.NoError(t, s.Close())

	b, err := os.ReadFile(full)
	require.NoError(t, err)
	truncated := filepath.Join(dir, "truncated.zusage")
	require.NoError(t, os.WriteFile(truncated, b[:len(b)/2], 0o644))
	files["truncated"] = truncated

	mid := (lastRoot + pages) / 2
	copy(b[(mid-1)*pageSize:mid*pageSize], bytes.Repeat([]byte{0x5A}, pageSize))
	corrupt := filepath.Join(dir, "corrupt.zusage")
	require.NoError(t, os.WriteFile(corrupt, b, 0o644))
	files["damaged"] = corrupt
	return files
}

func TestCheckAndBackupRefuseBadFilesAndChangeNothing(t *testing.T) {
	for want, path := range badFiles(t) {
		t.Run(want, func(t *testing.T) {
			before := sum(t, path)
			code, out, errs := run(t, "check", "--db", path)
			assert.Equal(t, 1, code)
			assert.Equal(t, 1, strings.Count(errs, "\n"), "one line: %q", errs)
			assert.Contains(t, errs, want)
			assert.Contains(t, errs, " — ", "say what to do")
			if want != "another application" && want != "newer Zusage" {
				assert.Contains(t, errs, "backup", "a broken file: restore a backup")
			}
			r := report(t, out)
			assert.Equal(t, "NOT HEALTHY", r["status"])
			for _, k := range []string{"schema", "integrity", "customers", "contacts", "commitments", "open"} {
				assert.Contains(t, r, k)
			}
			if want == "damaged" {
				assert.Contains(t, r["integrity"], "damaged")
			} else {
				assert.Contains(t, r["refused"], want)
			}
			assert.Equal(t, before, sum(t, path), "check changed the file")

			out2 := filepath.Join(t.TempDir(), "copy.zusage")
			code, stdout, errs := run(t, "backup", "--db", path, "--out", out2)
			assert.Equal(t, 1, code)
			assert.Empty(t, stdout)
			assert.Equal(t, 1, strings.Count(errs, "\n"), "one line: %q", errs)
			assert.NoFileExists(t, out2)
			assert.Equal(t, before, sum(t, path), "backup changed the file")
			assert.NoFileExists(t, path+"-journal")
		})
	}
}

func TestBackupCommand(t *testing.T) {
	db := team(t)
	mustRun(t, "promise", "--db", db, "--customer", "1", "--by", "anna@example.de", "--kind", "callback", "--title", "Rückruf", "--due", "2026-11-25T10:00:00Z")
	before := sum(t, db)
	out := filepath.Join(t.TempDir(), "copy.zusage")
	assert.Equal(t, out, mustRun(t, "backup", "--db", db, "--out", out))
	assert.Equal(t, before, sum(t, db), "the source is only read")
	if data.IsServer(db) {
		// A server's backup is pg_dump's custom format, for pg_restore.
		b, err := os.ReadFile(out)
		require.NoError(t, err)
		assert.Equal(t, "PGDMP", string(b[:5]))
		code, _, errs := run(t, "backup", "--db", db, "--out", out)
		assert.Equal(t, 1, code)
		assert.Contains(t, errs, "already exists")
		return
	}
	orig := report(t, mustRun(t, "check", "--db", db))
	cp := report(t, mustRun(t, "check", "--db", out))
	for _, k := range []string{"schema", "integrity", "users", "customers", "contacts", "commitments", "open"} {
		assert.Equal(t, orig[k], cp[k], k)
	}
	// The copy is a working database.
	assert.Contains(t, mustRun(t, "timeline", "--db", out, "--customer", "1"), "Rückruf")

	copySum := sum(t, out)
	code, _, errs := run(t, "backup", "--db", db, "--out", out)
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "already exists")
	assert.Equal(t, copySum, sum(t, out), "never overwritten")

	code, _, errs = run(t, "backup", "--db", db)
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "--out")
}

func TestWriteCommandsOnAReadOnlyFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root: file permissions do not stop root from writing, so a read-only file cannot be made here (data tests cover Options.ReadOnly)")
	}
	db := team(t)
	require.NoError(t, os.Chmod(db, 0o444))
	t.Cleanup(func() { os.Chmod(db, 0o644) })
	before := sum(t, db)
	mustRun(t, "warnings", "--db", db)
	code, _, errs := run(t, "customer", "add", "--db", db, "--name", "Neu GmbH", "--owner", "anna@example.de")
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "the database file is read-only — ask your administrator for write access, or work on a copy")
	code, _, errs = run(t, "promise", "--db", db, "--customer", "1", "--by", "anna@example.de", "--kind", "offer", "--title", "x", "--due", "2026-12-01")
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "read-only")
	assert.Equal(t, before, sum(t, db))
}

// crashedFile copies a database and its -journal in the middle of a large
// write transaction, as a desktop that died while saving leaves them.
func crashedFile(t *testing.T) string {
	t.Helper()
	src := team(t)
	s, err := data.OpenWith(src, data.Options{MustExist: true})
	require.NoError(t, err)
	defer s.Close()
	dst := filepath.Join(t.TempDir(), "crashed.zusage")
	stop := fmt.Errorf("stop")
	err = s.DB().Transaction(func(tx *gorm.DB) error {
		require.NoError(t, tx.Exec("PRAGMA cache_size = -64").Error)
		notes := strings.Repeat("Lieferschein und Reklamation. ", 300)
		for i := 0; i < 400; i++ {
			require.NoError(t, tx.Exec(`INSERT INTO contacts (customer_id, user_id, at, channel, direction, summary, notes) VALUES (1, 1, 1, 'phone', 'out', 'x', ?)`, notes).Error)
		}
		for _, suffix := range []string{"", "-journal"} {
			b, err := os.ReadFile(src + suffix)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(dst+suffix, b, 0o644))
		}
		return stop
	})
	require.ErrorIs(t, err, stop)
	return dst
}

// Issue 12: after a crash, check said "damaged — restore the latest
// backup", which throws away the day's work; a hot journal is what SQLite
// rolls back by itself on the next open with write access.
func TestCheckAfterACrashSaysTheWriteWasInterrupted(t *testing.T) {
	fileOnly(t)
	path := crashedFile(t)
	before := sum(t, path)
	code, out, errs := run(t, "check", "--db", path)
	assert.Equal(t, 1, code, "not healthy until it is rolled back")
	r := report(t, out)
	assert.Contains(t, r["journal"], "a write was interrupted")
	assert.Contains(t, r["journal"], "the next open with write access rolls it back")
	assert.Contains(t, r["status"], "interrupted write")
	assert.NotContains(t, out+errs, "damaged")
	assert.NotContains(t, out+errs, "restore the latest backup")
	assert.Contains(t, errs, "--repair")
	assert.Equal(t, before, sum(t, path), "check only reads")

	code, out, errs = run(t, "check", "--db", path, "--repair")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "repaired: rolled back the write that was interrupted")
	r = report(t, strings.SplitN(out, "\n", 2)[1])
	assert.Equal(t, "healthy", r["status"])
	assert.Equal(t, "0", r["contacts"], "the unfinished write is gone")
	assert.Equal(t, "1", r["customers"], "what was saved before it is kept")
	_, err := os.Stat(path + "-journal")
	assert.True(t, os.IsNotExist(err))
}
