package data

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gorm.io/gorm"
)

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return sha256.Sum256(b)
}

func TestOpenCreatesFolderAndMarksTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "share", "team", "zusage.db")
	s, err := Open(path)
	require.NoError(t, err)
	var appID, ver int
	require.NoError(t, s.db.Raw("PRAGMA application_id").Scan(&appID).Error)
	require.NoError(t, s.db.Raw("PRAGMA user_version").Scan(&ver).Error)
	var mode string
	require.NoError(t, s.db.Raw("PRAGMA journal_mode").Scan(&mode).Error)
	require.NoError(t, s.Close())
	assert.Equal(t, ApplicationID, appID)
	assert.Equal(t, SchemaVersion, ver)
	assert.Equal(t, "delete", mode, "never WAL on a network share")

	// Reopening an up-to-date file is fine and changes nothing.
	before := fileSum(t, path)
	s, err = Open(path)
	require.NoError(t, err)
	require.NoError(t, s.Close())
	assert.Equal(t, before, fileSum(t, path))
}

func TestNewerSchemaIsRefusedAndUntouched(t *testing.T) {
	path := filepath.Join(t.TempDir(), "zusage.db")
	s, err := Open(path)
	require.NoError(t, err)
	require.NoError(t, s.db.Exec("PRAGMA user_version = 999").Error)
	require.NoError(t, s.Close())
	before := fileSum(t, path)

	_, err = Open(path)
	var ne *NewerSchemaError
	require.ErrorAs(t, err, &ne)
	assert.Equal(t, 999, ne.FileVersion)
	assert.Equal(t, SchemaVersion, ne.KnownMax)
	assert.Contains(t, err.Error(), "999")
	assert.Equal(t, before, fileSum(t, path), "not a byte written")
	_, err = os.Stat(path + "-journal")
	assert.True(t, os.IsNotExist(err))
}

func TestForeignFilesAreRefusedAndUntouched(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.db")
	require.NoError(t, os.WriteFile(garbage, []byte("Kundenliste;Telefon\nMüller;0421\n"), 0o644))

	// Another application's SQLite file.
	other := filepath.Join(dir, "other.db")
	{
		s, err := Open(filepath.Join(dir, "seed.db"))
		require.NoError(t, err)
		require.NoError(t, s.db.Exec("VACUUM INTO ?", other).Error)
		require.NoError(t, s.Close())
		s2, err := Open(other)
		require.NoError(t, err)
		require.NoError(t, s2.db.Exec("PRAGMA application_id = 12345").Error)
		require.NoError(t, s2.Close())
	}
	// A truncated copy of a real database.
	truncated := filepath.Join(dir, "truncated.db")
	{
		s, err := Open(filepath.Join(dir, "full.db"))
		require.NoError(t, err)
		u, err := s.AddUser(NewUser{Name: "A", Email: "a@b.de"})
		require.NoError(t, err)
		addCustomers(t, s, u.ID, 200)
		require.NoError(t, s.Close())
		b, err := os.ReadFile(filepath.Join(dir, "full.db"))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(truncated, b[:len(b)/2], 0o644))
	}
	for _, tc := range []struct {
		path string
		want RefusedCode
	}{
		{garbage, RefusedNotSQLite},
		{other, RefusedForeignApp},
		{truncated, RefusedTruncated},
	} {
		before := fileSum(t, tc.path)
		_, err := Open(tc.path)
		var re *RefusedError
		require.ErrorAs(t, err, &re, tc.path)
		assert.Equal(t, tc.want, re.Code)
		assert.Equal(t, before, fileSum(t, tc.path), "refused file unchanged: %s", tc.path)
	}
}

func TestMustExistDoesNotCreate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "unmounted", "zusage.db")
	_, err := OpenWith(path, Options{MustExist: true})
	var re *RefusedError
	require.ErrorAs(t, err, &re)
	_, err = os.Stat(filepath.Dir(path))
	assert.True(t, os.IsNotExist(err), "no folder, no empty database on an unmounted share")
}

// addCustomers adds n customers with 500 bytes of notes in one transaction.
func addCustomers(t *testing.T, s *Store, owner uint, n int) {
	t.Helper()
	require.NoError(t, s.write(func(tx *gorm.DB) error {
		for i := 0; i < n; i++ {
			c := Customer{Name: fmt.Sprintf("Kunde %d", i), Notes: strings.Repeat("y", 500), OwnerID: owner, Version: 1}
			if err := tx.Create(&c).Error; err != nil {
				return err
			}
		}
		return nil
	}))
}

// badFiles makes one file of each kind Zusage refuses, keyed by what the
// message must say.
// badFileCodes is what the error of each bad file says: its refusal code,
// or the schema version of a newer file.
var badFileCodes = map[string]string{
	"not a SQLite file":   string(RefusedNotSQLite),
	"another application": string(RefusedForeignApp),
	"newer Zusage":        "999",
	"truncated":           string(RefusedTruncated),
	"empty":               string(RefusedEmpty),
}

func badFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	garbage := filepath.Join(dir, "garbage.zusage")
	require.NoError(t, os.WriteFile(garbage, []byte("Kundenliste;Telefon\nMüller;0421\n"), 0o644))
	out["not a SQLite file"] = garbage

	full := filepath.Join(dir, "full.zusage")
	s, err := Open(full)
	require.NoError(t, err)
	u, err := s.AddUser(NewUser{Name: "A", Email: "a@b.de"})
	require.NoError(t, err)
	addCustomers(t, s, u.ID, 200)
	other := filepath.Join(dir, "other.db")
	require.NoError(t, s.db.Exec("VACUUM INTO ?", other).Error)
	newer := filepath.Join(dir, "newer.zusage")
	require.NoError(t, s.db.Exec("VACUUM INTO ?", newer).Error)
	require.NoError(t, s.Close())
	for p, pragma := range map[string]string{other: "PRAGMA application_id = 12345", newer: "PRAGMA user_version = 999"} {
		c := otherDesktop(t, p)
		require.NoError(t, sqlExec(t, c, pragma))
		require.NoError(t, c.Close())
	}
	out["another application"] = other
	out["newer Zusage"] = newer

	b, err := os.ReadFile(full)
	require.NoError(t, err)
	truncated := filepath.Join(dir, "truncated.zusage")
	require.NoError(t, os.WriteFile(truncated, b[:len(b)/2], 0o644))
	out["truncated"] = truncated
	return out
}

// corruptCopy writes a copy of a healthy database with one page in the
// middle overwritten, as a bad sector or a broken copy over the network
// would leave it.
func corruptCopy(t *testing.T, dir string) string {
	t.Helper()
	src := filepath.Join(dir, "healthy.zusage")
	s, err := Open(src)
	require.NoError(t, err)
	u, err := s.AddUser(NewUser{Name: "A", Email: "a@b.de"})
	require.NoError(t, err)
	addCustomers(t, s, u.ID, 200)
	var pageSize, pages, lastRoot int
	require.NoError(t, s.db.Raw("PRAGMA page_size").Scan(&pageSize).Error)
	require.NoError(t, s.db.Raw("PRAGMA page_count").Scan(&pages).Error)
	require.NoError(t, s.db.Raw("SELECT max(rootpage) FROM sqlite_schema").Scan(&lastRoot).Error)
	require.NoError(t, s.Close())
	b, err := os.ReadFile(src)
	require.NoError(t, err)
	// The pages after the (empty) tables' roots hold the customers.
	mid := (lastRoot + pages) / 2
	copy(b[(mid-1)*pageSize:mid*pageSize], bytes.Repeat([]byte{0xA5}, pageSize))
	bad := filepath.Join(dir, "corrupt.zusage")
	require.NoError(t, os.WriteFile(bad, b, 0o644))
	return bad
}

func TestCheckFindsACorruptPageAndChangesNothing(t *testing.T) {
	bad := corruptCopy(t, t.TempDir())
	before := fileSum(t, bad)
	r, err := CheckFile(bad)
	require.NoError(t, err)
	assert.False(t, r.Healthy())
	assert.NotEqual(t, "ok", r.Integrity)
	assert.NotEmpty(t, r.Integrity, "SQLite's words for what is wrong")
	assert.Equal(t, before, fileSum(t, bad), "check wrote nothing")

	// The cheap check on open does not read every page; the damage shows
	// when a page is read, as ErrDamaged, and still nothing is written.
	s, err := OpenWith(bad, Options{MustExist: true})
	if err == nil {
		r, cerr := s.Check()
		require.NoError(t, cerr)
		assert.False(t, r.Healthy())
		var notes int64
		err = mapErr(s.db.Raw("SELECT sum(length(notes)) FROM customers").Scan(&notes).Error)
		s.Close()
		assert.ErrorIs(t, err, ErrDamaged)
	} else {
		var re *RefusedError
		assert.ErrorAs(t, err, &re)
	}
	assert.Equal(t, before, fileSum(t, bad))
	_, err = os.Stat(bad + "-journal")
	assert.True(t, os.IsNotExist(err), "no journal left beside it")
}

func TestCheckReportsOnRefusedFilesWithoutTouchingThem(t *testing.T) {
	dir := t.TempDir()
	files := badFiles(t, dir)
	empty := filepath.Join(dir, "empty.zusage")
	require.NoError(t, os.WriteFile(empty, nil, 0o644))
	files["empty"] = empty
	for want, path := range files {
		before := fileSum(t, path)
		r, err := CheckFile(path)
		require.NoError(t, err, want)
		assert.False(t, r.Healthy(), want)
		require.Error(t, r.Refused, want)
		assert.Contains(t, r.Refused.Error(), badFileCodes[want])
		assert.Equal(t, before, fileSum(t, path), "check changed %s", want)

		_, err = BackupFile(path, filepath.Join(dir, "copy-of-"+filepath.Base(path)))
		require.Error(t, err, want)
		assert.Contains(t, err.Error(), badFileCodes[want])
		assert.NoFileExists(t, filepath.Join(dir, "copy-of-"+filepath.Base(path)))
		assert.Equal(t, before, fileSum(t, path), "backup changed %s", want)
		_, err = os.Stat(path + "-journal")
		assert.True(t, os.IsNotExist(err), want)
	}
	// The truncated file is a SQLite file: SQLite says what it finds.
	r, err := CheckFile(files["truncated"])
	require.NoError(t, err)
	assert.NotEqual(t, "ok", r.Integrity)
}

func TestCheckOfAHealthyFile(t *testing.T) {
	fileOnly(t)
	f := newFixture(t)
	c := f.promise(t, KindCallback, Due{At: f.now.Add(time.Hour)})
	_, err := f.s.Complete(c.ID, c.Version, f.anna.ID, "")
	require.NoError(t, err)
	f.promise(t, KindOffer, Due{At: f.now.Add(48 * time.Hour)})
	_, err = f.s.LogContact(NewContact{CustomerID: f.cust.ID, UserID: f.anna.ID, Channel: "phone", Summary: "Anruf"})
	require.NoError(t, err)

	r, err := f.s.Check()
	require.NoError(t, err)
	assert.True(t, r.Healthy())
	assert.Equal(t, "ok", r.Integrity)
	assert.Equal(t, 0, r.ForeignKeyProblems)
	assert.Equal(t, SchemaVersion, r.Schema)
	assert.Equal(t, "delete", r.JournalMode)
	assert.EqualValues(t, 2, r.Users)
	assert.EqualValues(t, 1, r.Customers)
	assert.EqualValues(t, 1, r.Contacts)
	assert.EqualValues(t, 2, r.Commitments)
	assert.EqualValues(t, 1, r.Open)

	// A row pointing nowhere (written with foreign keys off, as another
	// tool might) is found.
	require.NoError(t, f.s.Close())
	c2 := otherDesktop(t, f.s.Path())
	require.NoError(t, sqlExec(t, c2, "PRAGMA foreign_keys = OFF"))
	require.NoError(t, sqlExec(t, c2, "UPDATE contacts SET customer_id = 77"))
	require.NoError(t, c2.Close())
	r, err = CheckFile(f.s.Path())
	require.NoError(t, err)
	assert.False(t, r.Healthy())
	assert.Equal(t, 1, r.ForeignKeyProblems)
	assert.Contains(t, r.ForeignKeyFirst, "contacts row")
}

// dbSum is what a database holds: the file's bytes, or on a server every
// table's checksum.
func dbSum(t *testing.T, loc string) any {
	t.Helper()
	if !IsServer(loc) {
		return fileSum(t, loc)
	}
	sums, err := Checksums(loc)
	require.NoError(t, err)
	return sums
}
