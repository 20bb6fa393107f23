package data

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// viewWorld is one file worked on by three desktops (Stores) with one clock.
type viewWorld struct {
	t      *testing.T
	rnd    *rand.Rand
	now    time.Time
	stores []*Store
	users  []User
}

func newViewWorld(t *testing.T, seed uint64) *viewWorld {
	t.Helper()
	path := filepath.Join(t.TempDir(), "shared.zusage")
	w := &viewWorld{t: t, rnd: rand.New(rand.NewPCG(seed, 15)), now: time.Date(2026, 11, 24, 9, 0, 0, 0, berlin)}
	for i := 0; i < 3; i++ {
		s, err := Open(path)
		require.NoError(t, err)
		t.Cleanup(func() { s.Close() })
		s.Now = func() time.Time { return w.now }
		s.Loc = berlin
		w.stores = append(w.stores, s)
	}
	for _, n := range []NewUser{{Name: "Anna Berg", Email: "anna@example.de"}, {Name: "Ben Krüger", Email: "ben@example.de"}} {
		u, err := w.stores[0].AddUser(n)
		require.NoError(t, err)
		w.users = append(w.users, u)
	}
	for i := 0; i < 6; i++ {
		w.addCustomer()
	}
	return w
}

func (w *viewWorld) store() *Store { return w.stores[w.rnd.IntN(len(w.stores))] }
func (w *viewWorld) user() User    { return w.users[w.rnd.IntN(len(w.users))] }

func (w *viewWorld) addCustomer() {
	_, err := w.store().AddCustomer(NewCustomer{Name: fmt.Sprintf("Kunde %d", w.rnd.IntN(1000)), OwnerID: w.user().ID})
	require.NoError(w.t, err)
}

// pick returns a random row of q (id, version, customer), or false.
func (w *viewWorld) pick(q string) (id uint, version int, customer uint, ok bool) {
	rows, err := w.stores[0].db.Raw(q).Rows()
	require.NoError(w.t, err)
	defer rows.Close()
	type row struct {
		id       uint
		version  int
		customer uint
	}
	var all []row
	for rows.Next() {
		var r row
		require.NoError(w.t, rows.Scan(&r.id, &r.version, &r.customer))
		all = append(all, r)
	}
	if len(all) == 0 {
		return 0, 0, 0, false
	}
	r := all[w.rnd.IntN(len(all))]
	return r.id, r.version, r.customer, true
}

func (w *viewWorld) due() Due {
	d := time.Duration(10+w.rnd.IntN(60*24*6)) * time.Minute
	if w.rnd.IntN(4) == 0 {
		return Due{At: w.now.Add(d).Truncate(24 * time.Hour), AllDay: true}
	}
	return Due{At: w.now.Add(d)}
}

// step does one random change through a random desktop. Refusals (a stale
// version, a date in the past) are part of the game and change nothing.
func (w *viewWorld) step() string {
	s := w.store()
	by := w.user().ID
	const open = `SELECT id, version, customer_id FROM commitments WHERE status = 'open' AND kind <> 'standing'`
	const customers = `SELECT id, version, id FROM customers WHERE archived = 0`
	kinds := []string{KindCallback, KindAnswer, KindDelivery, KindOffer, KindStanding}
	switch n := w.rnd.IntN(14); n {
	case 0:
		w.addCustomer()
		return "add customer"
	case 1, 2:
		if _, _, cu, ok := w.pick(customers); ok {
			k := kinds[w.rnd.IntN(len(kinds))]
			nc := NewCommitment{CustomerID: cu, ByID: by, Kind: k, Title: "Angebot"}
			if k != KindStanding {
				nc.Due = w.due()
				if w.rnd.IntN(3) == 0 {
					nc.Estimate = Due{At: nc.Due.At.Add(time.Duration(w.rnd.IntN(96)-24) * time.Hour)}
				}
			}
			s.Promise(nc)
		}
		return "promise"
	case 3:
		if id, v, _, ok := w.pick(open); ok {
			told := []Told{ToldNotYet, ToldCustomer, ToldCustomerAsked}[w.rnd.IntN(3)]
			s.Reschedule(id, v, by, w.due(), "Lieferant", told)
		}
		return "reschedule"
	case 4:
		if id, v, _, ok := w.pick(open); ok {
			s.Complete(id, v, by, "")
		}
		return "complete"
	case 5:
		if id, v, _, ok := w.pick(open); ok {
			s.Cancel(id, v, by, "Kunde hat abgesagt")
		}
		return "cancel"
	case 6:
		if id, v, _, ok := w.pick(open); ok {
			s.Reassign(id, v, by, w.user().ID, "Urlaub")
		}
		return "reassign"
	case 7:
		if id, v, _, ok := w.pick(open); ok {
			s.SetEstimate(id, v, by, w.due())
		}
		return "estimate"
	case 8, 9:
		if _, _, cu, ok := w.pick(customers); ok {
			nc := NewContact{CustomerID: cu, UserID: by, Channel: "phone", Direction: "out", Summary: "Rückruf"}
			if id, _, pcu, ok := w.pick(open); ok && w.rnd.IntN(2) == 0 {
				nc.CustomerID, nc.CommitmentID, nc.DelayNotice = pcu, &id, w.rnd.IntN(2) == 0
			}
			s.LogContact(nc)
		}
		return "contact"
	case 10:
		if id, v, _, ok := w.pick(customers); ok {
			c, err := s.Customer(id)
			require.NoError(w.t, err)
			if w.rnd.IntN(3) == 0 {
				s.ArchiveCustomer(id, v, by)
				return "archive customer"
			}
			c.Name += " neu"
			c.OwnerID = w.user().ID
			s.UpdateCustomer(c, by)
		}
		return "edit customer"
	case 11:
		set, err := s.Settings()
		require.NoError(w.t, err)
		set.NoNextStepDays = 1 + w.rnd.IntN(5)
		set.LeadTimes[KindCallback] = time.Duration(1+w.rnd.IntN(48)) * time.Hour
		require.NoError(w.t, s.SaveSettings(set))
		return "settings"
	default:
		w.now = w.now.Add(time.Duration(w.rnd.IntN(60*30)) * time.Minute)
		return "time passes"
	}
}

// TestWarningsViewEqualsFullRecompute applies random change sequences from
// three desktops and compares every desktop's incremental views with the
// warnings computed from scratch after every step.
func TestWarningsViewEqualsFullRecompute(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			w := newViewWorld(t, seed)
			var views []*WarningsView
			for i, s := range w.stores {
				views = append(views, s.NewWarningsView(WarningFilter{}), s.NewWarningsView(WarningFilter{OwnerID: w.users[i%2].ID}))
			}
			incremental, full := 0, 0
			var history []string
			for step := 0; step < 80; step++ {
				history = append(history, w.step())
				for _, v := range views {
					got, r, err := v.Warnings(w.now)
					require.NoError(t, err)
					want, err := v.s.Warnings(w.now, v.Filter())
					require.NoError(t, err)
					if !assert.Equal(t, want, got, "seed %d step %d filter %+v after %v", seed, step, v.Filter(), history) {
						return
					}
					if r.Full {
						full++
					} else {
						incremental++
					}
				}
			}
			assert.Greater(t, incremental, 3*full, "most refreshes apply the log (%d incremental, %d full)", incremental, full)
		})
	}
}

// TestWarningsViewReloadsWhenTooFarBehind: a view that missed more of the
// log than it applies one by one reads everything again, and is right.
func TestWarningsViewReloadsWhenTooFarBehind(t *testing.T) {
	w := newViewWorld(t, 99)
	v := w.stores[0].NewWarningsView(WarningFilter{})
	_, r, err := v.Warnings(w.now)
	require.NoError(t, err)
	assert.True(t, r.Full, "the first look loads")
	_, r, err = v.Warnings(w.now)
	require.NoError(t, err)
	assert.False(t, r.Full)
	assert.Zero(t, r.Changes, "nothing changed")

	u := w.users[0]
	cu, err := w.stores[1].AddCustomer(NewCustomer{Name: "Müller GmbH", OwnerID: u.ID})
	require.NoError(t, err)
	_, r, err = v.Warnings(w.now)
	require.NoError(t, err)
	assert.False(t, r.Full, "one change is applied")
	assert.Equal(t, []uint{cu.ID}, r.Customers)

	for i := 0; i < maxChanges+5; i++ {
		_, err := w.stores[1].LogContact(NewContact{CustomerID: cu.ID, UserID: u.ID, Channel: "phone", Direction: "out", Summary: "Rückruf"})
		require.NoError(t, err)
	}
	got, r, err := v.Warnings(w.now)
	require.NoError(t, err)
	assert.True(t, r.Full, "too far behind")
	want, err := w.stores[0].Warnings(w.now, WarningFilter{})
	require.NoError(t, err)
	assert.Equal(t, want, got)
}

// TestChangeLogNamesTheCustomerInFileOrder: every change is in the log, in
// the same transaction, in the order the desktops committed.
func TestChangeLogNamesTheCustomerInFileOrder(t *testing.T) {
	w := newViewWorld(t, 7)
	a, b := w.stores[0], w.stores[1]
	start, err := a.ChangesSince(1)
	require.NoError(t, err)
	u := w.users[0]
	c1, err := a.AddCustomer(NewCustomer{Name: "Erste GmbH", OwnerID: u.ID})
	require.NoError(t, err)
	p, err := b.Promise(NewCommitment{CustomerID: c1.ID, ByID: u.ID, Kind: KindCallback, Title: "Rückruf", Due: Due{At: w.now.Add(time.Hour)}})
	require.NoError(t, err)
	_, err = a.LogContact(NewContact{CustomerID: c1.ID, UserID: u.ID, Channel: "phone", Direction: "out", Summary: "erreicht"})
	require.NoError(t, err)
	cs, err := b.ChangesSince(start.To)
	require.NoError(t, err)
	require.False(t, cs.Reload)
	var kinds []ChangeKind
	for _, c := range cs.Changes {
		assert.Equal(t, c1.ID, c.CustomerID)
		kinds = append(kinds, c.Kind)
	}
	// The new customer with its journal entry; the contact also moved the
	// customer's last contact: "contact", not "customer", so the customer
	// list need not reload.
	assert.Equal(t, []ChangeKind{ChangeCustomer, ChangeOther, ChangeCommitment, ChangeContact, ChangeContact}, kinds)
	assert.Equal(t, p.ID, cs.Changes[2].CommitmentID)
	assert.True(t, cs.Has(ChangeCommitment, c1.ID))
	assert.False(t, cs.Has(ChangeCustomer, c1.ID+1))

	// A failed operation leaves no entry.
	_, err = a.Promise(NewCommitment{CustomerID: c1.ID, ByID: u.ID, Kind: KindCallback, Title: "zu spät", Due: Due{At: w.now.Add(-time.Hour)}})
	require.Error(t, err)
	again, err := a.ChangesSince(cs.To)
	require.NoError(t, err)
	assert.True(t, again.Empty())

	// Team settings concern every view.
	set, err := a.Settings()
	require.NoError(t, err)
	set.NoNextStepDays = 9
	require.NoError(t, a.SaveSettings(set))
	cs, err = b.ChangesSince(cs.To)
	require.NoError(t, err)
	assert.True(t, cs.Reload)
}
