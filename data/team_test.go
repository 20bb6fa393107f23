package data

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Who may act: someone who left the team cannot log, promise, change or
// own anything; leaving hands their work to a colleague in one step.

func TestArchivedSalespersonCannotAct(t *testing.T) {
	f := newFixture(t)
	c := f.promise(t, KindCallback, Due{At: f.now.Add(5 * time.Hour)})
	carla, err := f.s.AddUser(NewUser{Name: "Carla Dietz", Email: "carla@example.de"})
	require.NoError(t, err)
	require.NoError(t, f.s.ArchiveUser(carla.ID, carla.Version, f.anna.ID, 0))
	id := c.ID
	for name, run := range map[string]func() error{
		"log": func() error {
			_, err := f.s.LogContact(NewContact{CustomerID: f.cust.ID, UserID: carla.ID, Channel: "phone", Summary: "x"})
			return err
		},
		"promise": func() error {
			_, err := f.s.Promise(NewCommitment{CustomerID: f.cust.ID, ByID: carla.ID, Kind: KindOffer, Title: "x", Due: Due{At: f.now.Add(48 * time.Hour)}})
			return err
		},
		"reschedule": func() error {
			_, err := f.s.Reschedule(id, 0, carla.ID, Due{At: f.now.Add(48 * time.Hour)}, "x", ToldCustomer)
			return err
		},
		"done":   func() error { _, err := f.s.Complete(id, 0, carla.ID, ""); return err },
		"cancel": func() error { _, err := f.s.Cancel(id, 0, carla.ID, "x"); return err },
		"edit contact": func() error {
			k, err := f.s.LogContact(NewContact{CustomerID: f.cust.ID, UserID: f.anna.ID, Channel: "phone", Summary: "y"})
			require.NoError(t, err)
			_, err = f.s.EditContact(k.ID, k.Version, carla.ID, "z", "")
			return err
		},
	} {
		var ve *ValidationError
		require.ErrorAs(t, run(), &ve, name)
		assert.Equal(t, "by", ve.Field, name)
		assert.Equal(t, CodeLeftTeam, ve.Code, name)
		assert.Equal(t, carla.ID, ve.ID, name)
	}
	var ve *ValidationError
	_, err = f.s.Reassign(id, 0, f.anna.ID, carla.ID, "")
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, CodeLeftTeam, ve.Code, "nor take over a promise")
	_, err = f.s.AddCustomer(NewCustomer{Name: "Neu", OwnerID: carla.ID})
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, CodeLeftTeam, ve.Code, "nor own a customer")

	// Back on the team, she can act again.
	carla, err = f.s.User(carla.ID)
	require.NoError(t, err)
	require.NoError(t, f.s.UnarchiveUser(carla.ID, carla.Version))
	_, err = f.s.LogContact(NewContact{CustomerID: f.cust.ID, UserID: carla.ID, Channel: "phone", Summary: "wieder da"})
	assert.NoError(t, err)
}

func TestLeavingHandsOverCustomersAndOpenPromises(t *testing.T) {
	f := newFixture(t)
	open := f.promise(t, KindOffer, Due{At: f.now.Add(48 * time.Hour)})
	done := f.promise(t, KindAnswer, Due{At: f.now.Add(24 * time.Hour)})
	_, err := f.s.Complete(done.ID, 0, f.anna.ID, "")
	require.NoError(t, err)
	customers, promises, err := f.s.OpenWork(f.anna.ID)
	require.NoError(t, err)
	assert.Equal(t, 1, customers)
	assert.Equal(t, 1, promises)

	var ve *ValidationError
	err = f.s.ArchiveUser(f.anna.ID, f.anna.Version, f.ben.ID, 0)
	require.ErrorAs(t, err, &ve, "open work needs someone to take it")
	assert.Equal(t, CodeHasOpenWork, ve.Code)
	assert.Equal(t, 2, ve.Count)
	err = f.s.ArchiveUser(f.anna.ID, f.anna.Version, f.ben.ID, f.anna.ID)
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, CodeUnchanged, ve.Code)
	u, err := f.s.User(f.anna.ID)
	require.NoError(t, err)
	assert.False(t, u.Archived, "refused: nothing changed")

	require.NoError(t, f.s.ArchiveUser(f.anna.ID, f.anna.Version, f.ben.ID, f.ben.ID))
	u, err = f.s.User(f.anna.ID)
	require.NoError(t, err)
	assert.True(t, u.Archived)
	cu, err := f.s.Customer(f.cust.ID)
	require.NoError(t, err)
	assert.Equal(t, f.ben.ID, cu.OwnerID)
	got, err := f.s.Commitment(open.ID)
	require.NoError(t, err)
	assert.Equal(t, f.ben.ID, got.OwnerID)
	assert.Equal(t, open.Sequence+1, got.Sequence, "the calendar event moves to Ben")
	evs, err := f.s.Events(open.ID)
	require.NoError(t, err)
	last := evs[len(evs)-1]
	assert.Equal(t, EventReassigned, last.Type)
	assert.Equal(t, f.ben.ID, last.ByID)
	assert.Equal(t, f.anna.ID, *last.OldOwnerID)
	kept, err := f.s.Commitment(done.ID)
	require.NoError(t, err)
	assert.Equal(t, f.anna.ID, kept.OwnerID, "history stays with who kept it")
	users, err := f.s.Users()
	require.NoError(t, err)
	assert.Len(t, users, 1, "only Ben is offered")
	all, err := f.s.AllUsers()
	require.NoError(t, err)
	assert.Len(t, all, 2)
}
