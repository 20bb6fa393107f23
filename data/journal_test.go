package data

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Issue 12: on Bernd's desktop, Anna's customer gets a new phone, new notes
// and Bernd as owner. The old phone and who changed it must stay in the file.
func TestACustomerEditIsJournaledFieldByField(t *testing.T) {
	f := newFixture(t)
	c, err := f.s.Customer(f.cust.ID)
	require.NoError(t, err)
	before, err := f.s.CustomerEvents(c.ID)
	require.NoError(t, err)
	require.Len(t, before, 1, "the customer's creation")
	assert.Equal(t, CustomerCreated, before[0].Type)
	assert.Equal(t, f.anna.ID, before[0].ByID, "added by its owner")

	f.now = f.now.Add(time.Hour)
	old := c
	c.Phone = "+49 421 555-0"
	c.Notes = "Zahlt nur per Überweisung"
	c.OwnerID = f.ben.ID
	saved, err := f.s.UpdateCustomer(c, f.ben.ID)
	require.NoError(t, err)
	assert.Equal(t, old.Version+1, saved.Version)
	evs, err := f.s.CustomerEvents(c.ID)
	require.NoError(t, err)
	require.Len(t, evs, 4)
	phone, notes, hand := evs[1], evs[2], evs[3]
	assert.Equal(t, CustomerEvent{ID: phone.ID, CustomerID: c.ID, Type: CustomerChanged, Field: "phone", OldValue: "", NewValue: "+49 421 555-0",
		At: At(f.now), ByID: f.ben.ID}, phone)
	assert.Equal(t, "notes", notes.Field)
	assert.Equal(t, "Zahlt nur per Überweisung", notes.NewValue)
	assert.Equal(t, CustomerHandedOver, hand.Type)
	assert.Equal(t, f.anna.ID, *hand.OldOwnerID)
	assert.Equal(t, f.ben.ID, *hand.NewOwnerID)
	assert.Equal(t, f.ben.ID, hand.ByID)

	// A second change keeps the old value of the first.
	c = saved
	c.Phone = "+49 421 555-1"
	_, err = f.s.UpdateCustomer(c, f.anna.ID)
	require.NoError(t, err)
	evs, err = f.s.CustomerEvents(c.ID)
	require.NoError(t, err)
	require.Len(t, evs, 5)
	assert.Equal(t, "+49 421 555-0", evs[4].OldValue)
	assert.Equal(t, "+49 421 555-1", evs[4].NewValue)

	// The timeline says it, with names.
	items, _, err := f.s.Timeline(c.ID, "", 20)
	require.NoError(t, err)
	var got []TimelineItem
	for _, it := range items {
		if it.OfCustomer {
			got = append(got, it)
		}
	}
	require.Len(t, got, 5)
	assert.Equal(t, TimelineItem{At: f.now.UTC(), Type: ItemEvent, ID: evs[4].ID, By: "Anna Berg", ByEmail: "anna@example.de",
		Event: CustomerChanged, OfCustomer: true, Field: "phone", OldValue: "+49 421 555-0", NewValue: "+49 421 555-1"}, got[0])
	var handover TimelineItem
	for _, it := range got {
		if it.Event == CustomerHandedOver {
			handover = it
		}
	}
	assert.Equal(t, "Ben Krüger", handover.By)
	assert.Equal(t, "Anna Berg", handover.OldOwner)
	assert.Equal(t, "Ben Krüger", handover.NewOwner)
	assert.Equal(t, "ben@example.de", handover.NewOwnerEmail)
}

// Every text field of a customer is journaled by the same mechanism, so a
// new field (issue 14: the customer's language) needs one line.
func TestEveryCustomerFieldIsJournaled(t *testing.T) {
	f := newFixture(t)
	for _, name := range CustomerFields() {
		c, err := f.s.Customer(f.cust.ID)
		require.NoError(t, err)
		p, ok := CustomerField(&c, name)
		require.True(t, ok)
		was := *p
		*p = "neu-" + name + "@example.org"
		if name == "language" {
			*p = LangEN
		}
		saved, err := f.s.UpdateCustomer(c, f.ben.ID)
		require.NoError(t, err, name)
		now, _ := CustomerField(&saved, name)
		assert.Equal(t, *p, *now, name)
		evs, err := f.s.CustomerEvents(c.ID)
		require.NoError(t, err)
		last := evs[len(evs)-1]
		assert.Equal(t, name, last.Field)
		assert.Equal(t, was, last.OldValue, name)
		assert.Equal(t, *p, last.NewValue, name)
	}
	_, ok := CustomerField(&Customer{}, "owner")
	assert.False(t, ok, "the owner is a handover, not a text field")
}

// Nothing changes without a row that says who did it — and a change that
// is refused leaves no row either.
func TestNoCustomerChangeWithoutItsEventAndNoEventWithoutTheChange(t *testing.T) {
	f := newFixture(t)
	count := func() int {
		evs, err := f.s.CustomerEvents(f.cust.ID)
		require.NoError(t, err)
		return len(evs)
	}
	n := count()
	c, err := f.s.Customer(f.cust.ID)
	require.NoError(t, err)
	same, err := f.s.UpdateCustomer(c, f.ben.ID)
	require.NoError(t, err)
	assert.Equal(t, c.Version, same.Version, "saving nothing changes nothing")
	assert.Equal(t, n, count())

	stale := c
	c.Company = "Neu"
	_, err = f.s.UpdateCustomer(c, f.ben.ID)
	require.NoError(t, err)
	stale.Phone = "0421"
	_, err = f.s.UpdateCustomer(stale, f.anna.ID)
	assert.ErrorIs(t, err, ErrConflict)
	assert.Equal(t, n+1, count(), "the conflict wrote no event")

	cur, err := f.s.Customer(f.cust.ID)
	require.NoError(t, err)
	cur.Phone = "0421"
	_, err = f.s.UpdateCustomer(cur, 0)
	var ve *ValidationError
	require.ErrorAs(t, err, &ve, "who did it is required")
	assert.Equal(t, "by", ve.Field)
	cur.OwnerID = 999
	_, err = f.s.UpdateCustomer(cur, f.anna.ID)
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "owner", ve.Field)
	assert.Equal(t, n+1, count())
	got, err := f.s.Customer(f.cust.ID)
	require.NoError(t, err)
	assert.Equal(t, "", got.Phone, "a refused change changed nothing")

	// Archiving, and a salesperson leaving with their customers.
	require.NoError(t, f.s.ArchiveCustomer(got.ID, got.Version, f.ben.ID))
	evs, err := f.s.CustomerEvents(f.cust.ID)
	require.NoError(t, err)
	assert.Equal(t, CustomerArchived, evs[len(evs)-1].Type)
	assert.Equal(t, f.ben.ID, evs[len(evs)-1].ByID)

	other, err := f.s.AddCustomer(NewCustomer{Name: "Bäckerei Schulz", OwnerID: f.ben.ID, ByID: f.anna.ID})
	require.NoError(t, err)
	evs, err = f.s.CustomerEvents(other.ID)
	require.NoError(t, err)
	require.Len(t, evs, 1)
	assert.Equal(t, f.anna.ID, evs[0].ByID, "added by Anna for Ben")
	ben, err := f.s.User(f.ben.ID)
	require.NoError(t, err)
	require.NoError(t, f.s.ArchiveUser(ben.ID, ben.Version, f.anna.ID, f.anna.ID))
	evs, err = f.s.CustomerEvents(other.ID)
	require.NoError(t, err)
	require.Len(t, evs, 2)
	assert.Equal(t, CustomerHandedOver, evs[1].Type)
	assert.Equal(t, f.ben.ID, *evs[1].OldOwnerID)
	assert.Equal(t, f.anna.ID, *evs[1].NewOwnerID)
	assert.Equal(t, f.anna.ID, evs[1].ByID)
}
