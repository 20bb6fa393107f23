package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTodayOffersTheCancellationAfterAHandover(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	h := u.today.handovers
	assert.False(t, h.box.Visible(), "nothing handed over yet")

	_, err := tm.store.Reassign(tm.silent.ID, 0, tm.anna.ID, tm.bernd.ID, "Urlaub")
	require.NoError(t, err)
	u.changed()
	require.True(t, h.box.Visible(), "Anna's Today: remove from your calendar")
	require.Len(t, h.rows.Objects, 1)
	row := h.rows.Objects[0].(*fyne.Container)
	text := row.Objects[0].(*widget.Label).Text
	assert.Contains(t, text, tm.silent.Title)
	assert.Contains(t, text, "handed to "+tm.bernd.Name)
	btns := row.Objects[1].(*fyne.Container).Objects
	assert.Equal(t, "Save cancellation…", btns[0].(*widget.Button).Text)

	// Bernd has nothing to remove.
	u.setMe(tm.bernd, false)
	assert.False(t, u.today.handovers.box.Visible())
	u.setMe(tm.anna, false)
	h = u.today.handovers
	require.True(t, h.box.Visible())

	// "Not in my calendar": gone, for good.
	row = h.rows.Objects[0].(*fyne.Container)
	test.Tap(row.Objects[1].(*fyne.Container).Objects[1].(*widget.Button))
	assert.False(t, h.box.Visible())
	hs, err := tm.store.Handovers(tm.anna.ID, *tm.clock)
	require.NoError(t, err)
	assert.Empty(t, hs)
}
