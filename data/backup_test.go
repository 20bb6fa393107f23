package data

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBackupIsACompleteCopyAndNeverOverwrites(t *testing.T) {
	fileOnly(t)
	f := newFixture(t)
	c := f.promise(t, KindOffer, Due{At: f.now.Add(72 * time.Hour)})
	_, err := f.s.LogContact(NewContact{CustomerID: f.cust.ID, UserID: f.anna.ID, Channel: "email", Summary: "Angebot angekündigt", CommitmentID: &c.ID})
	require.NoError(t, err)

	out := filepath.Join(t.TempDir(), "copy.zusage")
	require.NoError(t, f.s.Backup(out))
	b, err := OpenWith(out, Options{MustExist: true, ReadOnly: true})
	require.NoError(t, err, "the copy is a Zusage database")
	defer b.Close()
	orig, err := f.s.Check()
	require.NoError(t, err)
	copyReport, err := b.Check()
	require.NoError(t, err)
	assert.True(t, copyReport.Healthy())
	for _, pair := range [][2]int64{
		{orig.Users, copyReport.Users}, {orig.Customers, copyReport.Customers},
		{orig.Contacts, copyReport.Contacts}, {orig.Commitments, copyReport.Commitments}, {orig.Open, copyReport.Open},
	} {
		assert.Equal(t, pair[0], pair[1])
	}
	got, err := b.Commitment(c.ID)
	require.NoError(t, err)
	assert.Equal(t, c.UID, got.UID)

	before := fileSum(t, out)
	err = f.s.Backup(out)
	var re *RefusedError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, RefusedExists, re.Code)
	assert.Equal(t, before, fileSum(t, out), "the existing file is untouched")
	assert.Error(t, f.s.Backup(f.s.Path()), "never onto the database itself")
	assert.Error(t, f.s.Backup(filepath.Join(t.TempDir(), "missing", "x.zusage")))

	// BackupFile works from the path alone and reads only.
	src := fileSum(t, f.s.Path())
	out2 := filepath.Join(t.TempDir(), "copy2.zusage")
	made, err := BackupFile(f.s.Path(), out2)
	require.NoError(t, err)
	assert.Equal(t, out2, made)
	assert.Equal(t, src, fileSum(t, f.s.Path()))
	r, err := CheckFile(out2)
	require.NoError(t, err)
	assert.True(t, r.Healthy())
	assert.EqualValues(t, 1, r.Contacts)
}

func TestAutoBackupKeepsFourteenAndMakesOneADay(t *testing.T) {
	fileOnly(t)
	f := newFixture(t)
	dir := BackupDir(f.s.Path())
	require.NoError(t, os.MkdirAll(dir, 0o755))
	// Files that are not our daily backups are never touched.
	foreign := []string{"notes.txt", "zusage-before-upgrade.zusage", "other-2026-01-01.zusage", "zusage-2026-13-45.zusage"}
	for _, n := range foreign {
		require.NoError(t, os.WriteFile(filepath.Join(dir, n), []byte("keep"), 0o644))
	}

	day := time.Date(2026, 11, 1, 8, 0, 0, 0, berlin)
	var made []string
	for i := 0; i < 20; i++ {
		now := day.AddDate(0, 0, i)
		p, err := f.s.AutoBackup(now)
		require.NoError(t, err)
		require.Equal(t, filepath.Join(dir, "zusage-"+now.Format("2006-01-02")+".zusage"), p)
		made = append(made, p)
		again, err := f.s.AutoBackup(now.Add(9 * time.Hour))
		require.NoError(t, err)
		assert.Empty(t, again, "at most one backup a day")
	}
	list, err := Backups(f.s.Path())
	require.NoError(t, err)
	require.Len(t, list, BackupsKept)
	assert.Equal(t, made[19], list[0], "newest first")
	assert.Equal(t, made[6], list[13], "the last fourteen days")
	for _, p := range made[:6] {
		assert.NoFileExists(t, p)
	}
	for _, n := range foreign {
		assert.FileExists(t, filepath.Join(dir, n))
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, BackupsKept+len(foreign), "no temporary files left")

	r, err := CheckFile(list[0])
	require.NoError(t, err)
	assert.True(t, r.Healthy())
	assert.EqualValues(t, 1, r.Customers)
}

func TestTwoDesktopsStartingTogetherMakeOneBackup(t *testing.T) {
	fileOnly(t)
	f := newFixture(t)
	other, err := Open(f.s.Path())
	require.NoError(t, err)
	defer other.Close()
	now := time.Date(2026, 11, 24, 8, 0, 0, 0, berlin)
	paths := make(chan string, 2)
	errs := make(chan error, 2)
	for _, s := range []*Store{f.s, other} {
		go func(s *Store) {
			p, err := s.AutoBackup(now)
			paths <- p
			errs <- err
		}(s)
	}
	made := 0
	for i := 0; i < 2; i++ {
		require.NoError(t, <-errs)
		if <-paths != "" {
			made++
		}
	}
	assert.Equal(t, 1, made)
	entries, err := os.ReadDir(BackupDir(f.s.Path()))
	require.NoError(t, err)
	require.Len(t, entries, 1)
	assert.Equal(t, "zusage-2026-11-24.zusage", entries[0].Name())
}
