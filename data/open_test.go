package data

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
	assert.Contains(t, err.Error(), "newer Zusage")
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
		for i := 0; i < 200; i++ {
			_, err := s.AddCustomer(NewCustomer{Name: "Kunde mit einem recht langen Namen", Notes: string(make([]byte, 500)), OwnerID: u.ID})
			require.NoError(t, err)
		}
		require.NoError(t, s.Close())
		b, err := os.ReadFile(filepath.Join(dir, "full.db"))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(truncated, b[:len(b)/2], 0o644))
	}
	for _, tc := range []struct{ path, want string }{
		{garbage, "not a SQLite file"},
		{other, "another application"},
		{truncated, "truncated"},
	} {
		before := fileSum(t, tc.path)
		_, err := Open(tc.path)
		var re *RefusedError
		require.ErrorAs(t, err, &re, tc.path)
		assert.Contains(t, err.Error(), tc.want)
		assert.NotEmpty(t, re.Hint, "say what to do")
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
