package data

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func pageSizeOf(t *testing.T, path string) int64 {
	t.Helper()
	h, err := inspectFile(path)
	require.NoError(t, err)
	return h.pageSize
}

// oldLayoutCopy writes a copy of s with 4 KiB pages, the layout of the
// files made before issue 15.
func oldLayoutCopy(t *testing.T, s *Store, out string) {
	t.Helper()
	c, err := sql.Open("sqlite", "file:"+filepath.ToSlash(s.Path()))
	require.NoError(t, err)
	defer c.Close()
	c.SetMaxOpenConns(1)
	_, err = c.Exec("PRAGMA page_size = 4096")
	require.NoError(t, err)
	_, err = c.Exec(fmt.Sprintf("VACUUM INTO '%s'", out))
	require.NoError(t, err)
}

func TestNewFilesGetLargePagesOldOnesKeepWorking(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(filepath.Join(dir, "new.zusage"))
	require.NoError(t, err)
	defer s.Close()
	u, err := s.AddUser(NewUser{Name: "Anna Schmidt", Email: "anna@example.com"})
	require.NoError(t, err)
	addCustomers(t, s, u.ID, 30)
	assert.EqualValues(t, PageSize, pageSizeOf(t, s.Path()), "a new file has the large pages")
	r, err := s.Check()
	require.NoError(t, err)
	assert.EqualValues(t, PageSize, r.PageSize)

	old := filepath.Join(dir, "old.zusage")
	oldLayoutCopy(t, s, old)
	require.EqualValues(t, 4096, pageSizeOf(t, old))
	o, err := OpenWith(old, Options{MustExist: true})
	require.NoError(t, err, "an old file opens")
	defer o.Close()
	c, err := o.AddCustomer(NewCustomer{Name: "Müller GmbH", OwnerID: u.ID})
	require.NoError(t, err, "and takes changes")
	rows, err := o.SearchCustomers("Müller", 10, 0)
	require.NoError(t, err)
	require.Len(t, rows, 1)
	assert.Equal(t, c.ID, rows[0].ID)
	assert.EqualValues(t, 4096, pageSizeOf(t, old), "opening and writing keep its layout")
	r, err = CheckFile(old)
	require.NoError(t, err)
	assert.True(t, r.Healthy())
	assert.EqualValues(t, 4096, r.PageSize, "check says the page size")

	// A backup of the old file has the new layout and the same data.
	bk := filepath.Join(dir, "backup.zusage")
	require.NoError(t, o.Backup(bk))
	assert.EqualValues(t, PageSize, pageSizeOf(t, bk))
	b, err := OpenWith(bk, Options{MustExist: true, ReadOnly: true})
	require.NoError(t, err)
	defer b.Close()
	rows, err = b.SearchCustomers("Müller", 10, 0)
	require.NoError(t, err)
	assert.Len(t, rows, 1)
	// The file command's backup too.
	bk2 := filepath.Join(dir, "backup2.zusage")
	_, err = BackupFile(old, bk2)
	require.NoError(t, err)
	assert.EqualValues(t, PageSize, pageSizeOf(t, bk2))
}

func TestOpenPromisesFromLeavesOutEarlierDeadlines(t *testing.T) {
	f := newFixture(t)
	early := f.promise(t, KindCallback, Due{At: f.now.Add(-2 * time.Hour)})
	later := f.promise(t, KindCallback, Due{At: f.now.Add(3 * time.Hour)})
	tomorrow := f.promise(t, KindCallback, Due{At: f.now.Add(26 * time.Hour)})
	rows, err := f.s.OpenPromises(PromiseFilter{Kind: KindCallback, From: f.now, Before: f.now.Add(24 * time.Hour)})
	require.NoError(t, err)
	var ids []uint
	for _, r := range rows {
		ids = append(ids, r.ID)
	}
	assert.Equal(t, []uint{later.ID}, ids, "only the rest of the day: not %d (overdue) nor %d (tomorrow)", early.ID, tomorrow.ID)
}
