package app

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Someone leaves the team from Settings: the dialog asks who takes over
// their customers and open promises, and they are listed as having left.
func TestLeavingTheTeamFromSettingsHandsOverFirst(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	u.setMe(tm.bernd, false)
	u.settings.refresh()
	anna, err := tm.store.User(tm.anna.ID)
	require.NoError(t, err)
	u.showLeaveDialog(anna)
	d := u.lastLeave
	require.NotNil(t, d)
	assert.Equal(t, 2, d.customers)
	assert.Equal(t, 3, d.promises, "the silent callback, the offer and the standing promise")
	assert.True(t, d.fd.save.Disabled(), "first say who takes over")
	d.to.SetSelected("Bernd Kurz")
	assert.False(t, d.fd.save.Disabled())
	test.Tap(d.fd.save)

	got, err := tm.store.User(tm.anna.ID)
	require.NoError(t, err)
	assert.True(t, got.Archived)
	cu, err := tm.store.Customer(tm.mueller.ID)
	require.NoError(t, err)
	assert.Equal(t, tm.bernd.ID, cu.OwnerID)
	u.settings.refresh()
	assert.Len(t, u.settings.people.all, 2)
	assert.True(t, u.settings.people.all[1].Archived, "listed as having left, after those on the team")
	var texts []string
	for _, o := range test.LaidOutObjects(u.settings.people.box) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	}
	assert.Contains(t, texts, "Anna Berg <anna@example.de> — has left the team")
}
