package app

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zusage/zusage/data"
)

// Bad text typed or pasted into the app: the Store cleans it (control
// characters, bidi overrides in a name, a line break in a one-line field)
// or refuses it next to the field, naming the limit.
func TestBadTextThroughTheCustomerDialog(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	d := u.customerDialog(nil, []data.User{tm.anna, tm.bernd}, "")
	d.name.SetText("Neu\x00mann\x1b[31m\u202eHbmG")
	d.notes.SetText("eins\r\nzwei\x07")
	d.submit()
	require.True(t, d.fd.closed, "saved")
	rows, err := tm.store.SearchCustomers("Neumann", 10, 0)
	require.NoError(t, err)
	require.Len(t, rows, 1)
	assert.Equal(t, "Neumann[31mHbmG", rows[0].Name)
	c, err := tm.store.Customer(rows[0].ID)
	require.NoError(t, err)
	assert.Equal(t, "eins\nzwei", c.Notes)

	d = u.customerDialog(nil, []data.User{tm.anna, tm.bernd}, "")
	d.name.SetText(strings.Repeat("ä", 250))
	d.submit()
	assert.False(t, d.fd.closed, "the form stays open with the input")
	f := d.form.byKey("name")
	assert.True(t, f.msg.Visible())
	assert.Equal(t, "Too long: 250 characters, at most 200 fit here", f.msg.Text)

	// Notes longer than a customer may keep: refused next to the notes.
	d.name.SetText("Kurz")
	d.notes.SetText(strings.Repeat("x", data.MaxNotes+5))
	d.submit()
	assert.False(t, d.fd.closed)
	assert.Equal(t, "Too long: 20005 characters, at most 20000 fit here", d.form.byKey("notes").msg.Text)
}

func TestBadTextThroughTheContactDialog(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	u.openCustomer(tm.mueller.ID)
	u.showContactDialog(tm.mueller.ID, nil, false)
	d := u.lastContact
	require.NotNil(t, d)
	d.summary.SetText("Rückruf\x1b[2J wegen \u202ePreis")
	d.submit()
	items, _, err := tm.store.Timeline(tm.mueller.ID, "", 10)
	require.NoError(t, err)
	var got string
	for _, it := range items {
		if it.Type == data.ItemContact {
			got = it.Summary
		}
	}
	assert.Equal(t, "Rückruf[2J wegen Preis", got)
}
