package data

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hotJournalFile makes what a desktop leaves behind when it dies in the
// middle of a commit: a file with half-written pages and the -journal that
// SQLite needs to roll them back. It copies both while a large write
// transaction holds them, as a crash would freeze them.
func hotJournalFile(t *testing.T) string {
	t.Helper()
	src := officeFile(t)
	s, err := OpenWith(src, Options{MustExist: true})
	require.NoError(t, err)
	defer s.Close()
	dst := filepath.Join(t.TempDir(), "crashed.zusage")
	err = s.write(func(tx *gorm.DB) error {
		// A small page cache spills changed pages into the file before
		// COMMIT, so the copy is really half-written.
		if err := tx.Exec("PRAGMA cache_size = -64").Error; err != nil {
			return err
		}
		notes := strings.Repeat("Lieferschein und Reklamation. ", 300)
		for i := 0; i < 400; i++ {
			if err := tx.Exec(`INSERT INTO contacts (customer_id, user_id, at, channel, direction, summary, notes) VALUES (1, 1, 1, 'phone', 'out', 'x', ?)`, notes).Error; err != nil {
				return err
			}
		}
		for _, suffix := range []string{"", "-journal"} {
			copyFile(t, src+suffix, dst+suffix)
		}
		return errRollback
	})
	require.ErrorIs(t, err, errRollback)
	st, err := os.Stat(dst + "-journal")
	require.NoError(t, err)
	require.Greater(t, st.Size(), int64(0))
	return dst
}

var errRollback = errors.New("roll back")

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	require.NoError(t, err)
	defer in.Close()
	out, err := os.Create(to)
	require.NoError(t, err)
	_, err = io.Copy(out, in)
	require.NoError(t, err)
	require.NoError(t, out.Close())
}

// After a crash, check says what happened and what SQLite does about it —
// not "damaged, restore a backup", which would throw away the day's work —
// and changes nothing; RepairFile rolls the write back.
func TestCheckOfAFileWithAHotJournal(t *testing.T) {
	fileOnly(t)
	path := hotJournalFile(t)
	before, journal := fileSum(t, path), fileSum(t, path+"-journal")
	r, err := CheckFile(path)
	require.NoError(t, err)
	assert.Equal(t, CheckHotJournal, r.Unchecked)
	assert.False(t, r.Healthy())
	assert.Nil(t, r.Refused)
	assert.Empty(t, r.Integrity, "not checked, not damaged")
	assert.Equal(t, before, fileSum(t, path), "check only reads")
	assert.Equal(t, journal, fileSum(t, path+"-journal"))

	r, done, err := RepairFile(path)
	require.NoError(t, err)
	assert.Equal(t, []string{RepairRolledBack}, done)
	assert.Empty(t, r.Unchecked)
	assert.True(t, r.Healthy(), "%+v", r)
	assert.EqualValues(t, 0, r.Contacts, "the interrupted transaction is gone, nothing else")
	assert.EqualValues(t, 1, r.Customers)
	_, err = os.Stat(path + "-journal")
	assert.True(t, os.IsNotExist(err), "the journal is gone")

	// A healthy file needs nothing.
	_, done, err = RepairFile(path)
	require.NoError(t, err)
	assert.Empty(t, done)
}
