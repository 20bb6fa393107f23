package app

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zusage/zusage/data"
)

// Issue 12: on Bernd's desktop, Anna's customer gets a new phone, new notes
// and Bernd as owner. The timeline says who changed what from what to what,
// and the handover is an entry of its own.
func TestACustomerEditShowsOnTheTimelineInWords(t *testing.T) {
	tm := newTeam(t)
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1200, 800))
	u := newUI(a, w)
	u.inline = true
	u.now = func() time.Time { return *tm.clock }
	u.useStore(tm.store, "bernd@example.de")
	require.Equal(t, tm.bernd.ID, u.me.ID)

	u.openCustomer(tm.mueller.ID)
	c := u.customers.detail.card.Customer
	d := u.customerDialog(&c, []data.User{tm.anna, tm.bernd}, "")
	d.phone.SetText("+49 421 555-0")
	d.notes.SetText("Zahlt nur per Überweisung")
	d.owner.SetSelectedIndex(1)
	d.submit()
	require.True(t, d.fd.closed, "saved")

	v := u.customers.detail
	var texts, heads []string
	for i, it := range v.items {
		if it.OfCustomer {
			r := timelineRowAt(v, i)
			texts = append(texts, r.text.Text)
			heads = append(heads, r.head.Text)
		}
	}
	assert.Contains(t, texts, "Bernd Kurz changed the phone number from “+49 421 777” to “+49 421 555-0”")
	assert.Contains(t, texts, "Bernd Kurz set the notes to “Zahlt nur per Überweisung”")
	assert.Contains(t, texts, "Bernd Kurz took over the account from Anna Berg")
	assert.Contains(t, texts, "Anna Berg added the customer")
	assert.Contains(t, heads[0], "Customer details")
	assert.Equal(t, "Bernd Kurz", v.card.Owner.Name, "the card shows the new owner")

	evs, err := tm.store.CustomerEvents(tm.mueller.ID)
	require.NoError(t, err)
	for _, ev := range evs[1:] {
		assert.Equal(t, tm.bernd.ID, ev.ByID, "the desktop's own salesperson did it")
	}
}
