package data

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// goneWatch opens path and collects what OnFileGone reports.
func goneWatch(t *testing.T, path string) (*Store, func() []FileGone) {
	t.Helper()
	s, err := OpenWith(path, Options{MustExist: true})
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	var mu sync.Mutex
	var seen []FileGone
	s.OnFileGone(func(g FileGone) {
		mu.Lock()
		seen = append(seen, g)
		mu.Unlock()
	})
	stop := s.Watch(20*time.Millisecond, func() {})
	t.Cleanup(stop)
	return s, func() []FileGone {
		mu.Lock()
		defer mu.Unlock()
		return append([]FileGone(nil), seen...)
	}
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	require.Eventually(t, cond, 5*time.Second, 10*time.Millisecond, what)
}

// Issue 12: a backup restored over the file under a running desktop. The
// desktop notices (device and inode, on the watch poll), and writes stop,
// because they would go into the old file that nobody sees any more.
func TestAFileReplacedUnderAnOpenStore(t *testing.T) {
	fileOnly(t)
	path := officeFile(t)
	s, seen := goneWatch(t, path)
	_, err := s.LogContact(NewContact{CustomerID: 1, UserID: 1, At: helperClock, Channel: "phone", Summary: "vorher"})
	require.NoError(t, err)
	assert.Equal(t, FileGone(""), s.Gone())

	backup := filepath.Join(t.TempDir(), "backup.zusage")
	require.NoError(t, s.Backup(backup))
	require.NoError(t, os.Rename(backup, path))
	eventually(t, "the watch notices the replaced file", func() bool { return s.Gone() == FileReplaced })
	assert.Equal(t, []FileGone{FileReplaced}, seen())
	before := fileSum(t, path)
	_, err = s.LogContact(NewContact{CustomerID: 1, UserID: 1, At: helperClock, Channel: "phone", Summary: "danach"})
	assert.ErrorIs(t, err, ErrFileGone)
	assert.Equal(t, before, fileSum(t, path), "the new file is untouched")
	users, err := s.Users()
	require.NoError(t, err, "reading goes on, from the file this desktop has open")
	assert.Len(t, users, 1)

	// Opening the path again works on the file that is there now.
	again, err := OpenWith(path, Options{MustExist: true})
	require.NoError(t, err)
	defer again.Close()
	assert.Equal(t, FileGone(""), again.Gone())
	_, err = again.LogContact(NewContact{CustomerID: 1, UserID: 1, At: helperClock, Channel: "phone", Summary: "im neuen"})
	require.NoError(t, err)
}

func TestAFileRenamedOrDeletedUnderAnOpenStore(t *testing.T) {
	fileOnly(t)
	path := officeFile(t)
	s, seen := goneWatch(t, path)
	aside := path + ".aside"
	require.NoError(t, os.Rename(path, aside))
	eventually(t, "renamed away", func() bool { return s.Gone() == FileDeleted })
	_, err := s.AddCustomer(NewCustomer{Name: "Neu", OwnerID: 1})
	assert.ErrorIs(t, err, ErrFileGone)
	_, err = os.Stat(path)
	assert.True(t, os.IsNotExist(err), "no new file at the path")
	_, err = os.Stat(path + "-journal")
	assert.True(t, os.IsNotExist(err), "not even a journal")

	// Renamed back, it is the same file again, and work goes on.
	require.NoError(t, os.Rename(aside, path))
	eventually(t, "back", func() bool { return s.Gone() == "" })
	_, err = s.AddCustomer(NewCustomer{Name: "Neu", OwnerID: 1})
	require.NoError(t, err)

	require.NoError(t, os.Remove(path))
	eventually(t, "deleted", func() bool { return s.Gone() == FileDeleted })
	assert.Equal(t, []FileGone{FileDeleted, "", FileDeleted}, seen())

	// A folder that is not there any more: the share is away.
	dir := filepath.Dir(path)
	require.NoError(t, os.Rename(dir, dir+"-away"))
	t.Cleanup(func() { os.Rename(dir+"-away", dir) })
	eventually(t, "unreachable", func() bool { return s.Gone() == FileUnreachable })
}
