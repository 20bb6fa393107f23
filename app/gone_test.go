package app

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zusage/zusage/data"
)

// Issue 12: a backup restored over the file while the desktop runs. The
// desktop says so, stops editing (instead of "read-only" and on showing
// the old file), and opens the file at the path again when asked.
func TestAReplacedFileStopsEditingAndOffersToReopen(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	u.openCustomer(tm.mueller.ID)
	require.False(t, u.customers.detail.editBtn.Disabled())
	assert.Empty(t, bannerText(u))

	path := tm.store.Path()
	restored := filepath.Join(t.TempDir(), "backup.zusage")
	require.NoError(t, tm.store.Backup(restored))
	// The backup is missing the customer added after it was made.
	_, err := tm.store.AddCustomer(data.NewCustomer{Name: "Nach der Sicherung", OwnerID: tm.anna.ID})
	require.NoError(t, err)
	require.NoError(t, os.Rename(restored, path))

	// The next save (or the watch poll) notices; nothing is written.
	u.openCustomer(tm.mueller.ID)
	u.customerDialog(&tm.mueller, []data.User{tm.anna, tm.bernd}, "")
	d := u.lastCustomer
	d.phone.SetText("+49 421 999")
	d.submit()
	assert.Equal(t, data.FileReplaced, tm.store.Gone())
	assert.Contains(t, bannerText(u), "was replaced by another file")
	require.NotNil(t, u.gone, "the banner offers to open the file again")
	assert.True(t, u.readOnly())
	assert.True(t, u.customers.detail.editBtn.Disabled(), "editing stopped")
	assert.True(t, u.customers.detail.logBtn.Disabled())
	assert.NotContains(t, bannerText(u), "read-only")

	test.Tap(u.gone)
	require.NotSame(t, tm.store, u.store, "the path was opened again")
	t.Cleanup(func() { u.store.Close() })
	assert.Equal(t, data.FileGone(""), u.store.Gone())
	assert.Empty(t, bannerText(u))
	assert.False(t, u.readOnly())
	rows, err := u.store.SearchCustomers("Nach der Sicherung", 10, 0)
	require.NoError(t, err)
	assert.Empty(t, rows, "the desktop works on the restored file now")
}
