package data

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// buyers adds a pump and five customers; lots 12, 14, 15, 17 and 18.
func buyers(t *testing.T, f *fixture) (Product, []Customer) {
	t.Helper()
	pump, err := f.s.AddProduct("Pumpe X200")
	require.NoError(t, err)
	other, err := f.s.AddProduct("Ventil V1")
	require.NoError(t, err)
	var cs []Customer
	for i, spec := range []struct{ name, lot string }{
		{"Albrecht Bau", "12"}, {"Bäckerei Sommer", "14"}, {"Clausen KG", "15"}, {"Dietz & Söhne", "17"}, {"Ebert AG", "18"},
	} {
		owner := f.anna.ID
		if i%2 == 1 {
			owner = f.ben.ID
		}
		c, err := f.s.AddCustomer(NewCustomer{Name: spec.name, OwnerID: owner})
		require.NoError(t, err)
		_, err = f.s.AddPurchase(NewPurchase{CustomerID: c.ID, ProductID: pump.ID, Date: "2026-03-0" + string(rune('1'+i)), Lot: spec.lot})
		require.NoError(t, err)
		cs = append(cs, c)
	}
	// Müller bought only the valve: never a pump buyer.
	_, err = f.s.AddPurchase(NewPurchase{CustomerID: f.cust.ID, ProductID: other.ID, Lot: "15"})
	require.NoError(t, err)
	return pump, cs
}

func names(ts []NoticeTarget) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Customer)
	}
	return out
}

func TestProductsArePerNameUniqueAndPurchasesShowOnTheCard(t *testing.T) {
	f := newFixture(t)
	p, err := f.s.AddProduct("  Pumpe   X200 ")
	require.NoError(t, err)
	assert.Equal(t, "Pumpe X200", p.Name)
	_, err = f.s.AddProduct("pumpe x200")
	var ve *ValidationError
	require.True(t, errors.As(err, &ve), "duplicate name: %v", err)
	assert.Equal(t, "name", ve.Field)

	_, err = f.s.AddPurchase(NewPurchase{CustomerID: f.cust.ID, ProductID: p.ID, Date: "2026-02-30"})
	require.True(t, errors.As(err, &ve))
	assert.Equal(t, "date", ve.Field)
	_, err = f.s.AddPurchase(NewPurchase{CustomerID: 99, ProductID: p.ID})
	require.True(t, errors.As(err, &ve))
	assert.Equal(t, "customer", ve.Field)

	_, err = f.s.AddPurchase(NewPurchase{CustomerID: f.cust.ID, ProductID: p.ID, Date: "2026-01-10", Lot: " 14 "})
	require.NoError(t, err)
	_, err = f.s.AddPurchase(NewPurchase{CustomerID: f.cust.ID, ProductID: p.ID, Date: "2026-05-10", Lot: "17"})
	require.NoError(t, err)
	card, err := f.s.Card(f.cust.ID)
	require.NoError(t, err)
	require.Len(t, card.Purchases, 2)
	assert.Equal(t, PurchaseRow{ID: 2, Product: "Pumpe X200", Date: "2026-05-10", Lot: "17"}, card.Purchases[0])
	assert.Equal(t, "14", card.Purchases[1].Lot)

	got, err := f.s.ProductByName("PUMPE X200")
	require.NoError(t, err)
	assert.Equal(t, p.ID, got.ID)
	_, err = f.s.ProductByName("Pumpe X300")
	require.True(t, errors.As(err, &ve))
	assert.Equal(t, "product", ve.Field)
}

func TestLotSpec(t *testing.T) {
	cases := []struct {
		spec string
		in   []string
		out  []string
	}{
		{"", []string{"1", "", "x"}, nil},
		{"14,15", []string{"14", "15", " 15 "}, []string{"13", "16", "141", ""}},
		{"14-17", []string{"14", "15", "16", "17", "014"}, []string{"13", "18", "L15", ""}},
		{"14–17", []string{"16"}, []string{"18"}},
		{"L14-L17, 20", []string{"L14", "l16", "20"}, []string{"L18", "16", "L20"}},
		{"2024-A", []string{"2024-a"}, []string{"2024", "A"}},
		{"L2601-301", []string{"l2601-301"}, []string{"L2601-300", "L2601"}},
		{"L2601-100 – L2601-300, L2602-5", []string{"L2601-100", "L2601-250", "L2601-300", "L2602-5"}, []string{"L2601-301", "L2602-100", "L2600-200"}},
		{"L2601-100 - L2601-300", []string{"L2601-200"}, []string{"L2601-400"}},
	}
	for _, tc := range cases {
		spec, err := ParseLots(tc.spec)
		require.NoError(t, err, tc.spec)
		for _, l := range tc.in {
			assert.True(t, spec.Match(l), "%q should select lot %q", tc.spec, l)
		}
		for _, l := range tc.out {
			assert.False(t, spec.Match(l), "%q should not select lot %q", tc.spec, l)
		}
	}
	_, err := ParseLots("17-14")
	assert.Error(t, err)
	_, err = ParseLots(" , ")
	assert.Error(t, err)
}

func TestNoticeReachesExactlyTheBuyersOfTheLots(t *testing.T) {
	f := newFixture(t)
	pump, cs := buyers(t, f)

	all, err := f.s.NoticeTargets(pump.ID, "")
	require.NoError(t, err)
	assert.Equal(t, []string{"Albrecht Bau", "Bäckerei Sommer", "Clausen KG", "Dietz & Söhne", "Ebert AG"}, names(all))

	ts, err := f.s.NoticeTargets(pump.ID, "14-17")
	require.NoError(t, err)
	assert.Equal(t, []string{"Bäckerei Sommer", "Clausen KG", "Dietz & Söhne"}, names(ts))
	assert.Equal(t, []string{"14"}, ts[0].Lots)
	assert.Equal(t, "ben@example.de", ts[0].Owner)

	ts, err = f.s.NoticeTargets(pump.ID, "12,18")
	require.NoError(t, err)
	assert.Equal(t, []string{"Albrecht Bau", "Ebert AG"}, names(ts))

	// The preview wrote nothing.
	var n int64
	require.NoError(t, f.s.db.Model(&Commitment{}).Count(&n).Error)
	assert.Zero(t, n)

	f.now = time.Date(2026, 11, 24, 9, 0, 0, 0, berlin)
	notice, made, err := f.s.CreateNotice(NewNotice{ProductID: pump.ID, Title: "Pumpe X200, Chargen 14–17: Dichtung kann undicht werden",
		Description: "Bitte Dichtung prüfen; Tausch kostenlos.", Lot: "14-17", ByID: f.anna.ID, DueDays: 3})
	require.NoError(t, err)
	require.Len(t, made, 3)
	got := map[uint]Commitment{}
	for _, c := range made {
		got[c.CustomerID] = c
		assert.Equal(t, KindInform, c.Kind)
		assert.Equal(t, StatusOpen, c.Status)
		require.NotNil(t, c.NoticeID)
		assert.Equal(t, notice.ID, *c.NoticeID)
		assert.Equal(t, "2026-11-27", c.DueDate)
		assert.Equal(t, "Bitte Dichtung prüfen; Tausch kostenlos.", c.Details)
	}
	assert.Equal(t, []uint{cs[1].ID, cs[2].ID, cs[3].ID}, []uint{made[0].CustomerID, made[1].CustomerID, made[2].CustomerID})
	assert.Equal(t, f.ben.ID, got[cs[1].ID].OwnerID, "owned by the account owner")
	assert.Equal(t, f.anna.ID, got[cs[2].ID].OwnerID)
	_, reached := got[f.cust.ID]
	assert.False(t, reached, "a customer who bought another product is not informed")

	// Each has its history, like any promise.
	evs, err := f.s.Events(made[0].ID)
	require.NoError(t, err)
	require.Len(t, evs, 1)
	assert.Equal(t, EventCreated, evs[0].Type)

	// A lot nobody bought: refused, nothing written.
	_, _, err = f.s.CreateNotice(NewNotice{ProductID: pump.ID, Title: "x", Lot: "30-40", ByID: f.anna.ID, DueDays: 3})
	var ve *ValidationError
	require.True(t, errors.As(err, &ve))
	assert.Equal(t, "lot", ve.Field)
	rows, err := f.s.Notices()
	require.NoError(t, err)
	assert.Len(t, rows, 1)
}

func TestNoticeValidation(t *testing.T) {
	f := newFixture(t)
	pump, _ := buyers(t, f)
	var ve *ValidationError
	for _, tc := range []struct {
		n     NewNotice
		field string
	}{
		{NewNotice{ProductID: pump.ID, Title: " ", ByID: f.anna.ID, DueDays: 3}, "title"},
		{NewNotice{ProductID: pump.ID, Title: "x", ByID: f.anna.ID, DueDays: -1}, "due-days"},
		{NewNotice{ProductID: pump.ID, Title: "x", ByID: 99, DueDays: 1}, "by"},
		{NewNotice{ProductID: 99, Title: "x", ByID: f.anna.ID, DueDays: 1}, "product"},
		{NewNotice{ProductID: pump.ID, Title: "x", ByID: f.anna.ID, DueDays: 1, Lot: "9-3"}, "lot"},
	} {
		_, _, err := f.s.CreateNotice(tc.n)
		require.True(t, errors.As(err, &ve), "%+v: %v", tc.n, err)
		assert.Equal(t, tc.field, ve.Field)
	}
	var n int64
	require.NoError(t, f.s.db.Model(&Notice{}).Count(&n).Error)
	assert.Zero(t, n)
}

func TestLoggingAContactAboutTheInformPromiseMovesTheProgress(t *testing.T) {
	f := newFixture(t)
	pump, cs := buyers(t, f)
	notice, made, err := f.s.CreateNotice(NewNotice{ProductID: pump.ID, Title: "Dichtung prüfen", Lot: "14,15,17", ByID: f.anna.ID, DueDays: 2})
	require.NoError(t, err)
	require.Len(t, made, 3)

	p, err := f.s.NoticeProgress(notice.ID, f.now)
	require.NoError(t, err)
	assert.Equal(t, 3, p.Total)
	assert.Equal(t, 0, p.Informed)
	assert.Len(t, p.Left, 3)
	assert.Empty(t, p.Overdue)
	assert.Equal(t, "Pumpe X200", p.Product)
	assert.Equal(t, "anna@example.de", p.By)

	// Ben phones Bäckerei Sommer about it: the promise is kept.
	f.now = f.now.Add(3 * time.Hour)
	id := made[0].ID
	require.Equal(t, cs[1].ID, made[0].CustomerID)
	_, err = f.s.LogContact(NewContact{CustomerID: cs[1].ID, UserID: f.ben.ID, Channel: "phone", Summary: "Über Dichtung informiert", CommitmentID: &id})
	require.NoError(t, err)

	p, err = f.s.NoticeProgress(notice.ID, f.now)
	require.NoError(t, err)
	assert.Equal(t, 3, p.Total)
	assert.Equal(t, 1, p.Informed)
	require.Len(t, p.Done, 1)
	assert.Equal(t, "Bäckerei Sommer", p.Done[0].Customer)
	assert.Equal(t, []string{"Clausen KG", "Dietz & Söhne"}, []string{p.Left[0].Customer, p.Left[1].Customer})

	// Three days later the other two are overdue; one is cancelled.
	later := f.now.Add(72 * time.Hour)
	_, err = f.s.Cancel(made[2].ID, 0, f.anna.ID, "Kunde hat die Pumpe zurückgegeben")
	require.NoError(t, err)
	p, err = f.s.NoticeProgress(notice.ID, later)
	require.NoError(t, err)
	assert.Equal(t, 2, p.Total)
	assert.Equal(t, 1, p.Cancelled)
	require.Len(t, p.Overdue, 1)
	assert.Equal(t, "Clausen KG", p.Overdue[0].Customer)
	assert.True(t, p.Left[0].Overdue)

	f.now = later
	rows, err := f.s.Notices()
	require.NoError(t, err)
	require.Len(t, rows, 1)
	assert.Equal(t, NoticeRow{ID: notice.ID, Title: "Dichtung prüfen", Product: "Pumpe X200", Lot: "14,15,17", By: "anna@example.de",
		CreatedAt: notice.CreatedAt.Time, DueDays: 2, Total: 2, Informed: 1, Overdue: 1}, rows[0])
}

func TestArchivedBuyersAreLeftOutAndEveryBuyerIsListedOnce(t *testing.T) {
	f := newFixture(t)
	pump, cs := buyers(t, f)
	// Clausen bought twice (lots 15 and 16): one promise, both lots listed.
	_, err := f.s.AddPurchase(NewPurchase{CustomerID: cs[2].ID, ProductID: pump.ID, Date: "2026-06-01", Lot: "16"})
	require.NoError(t, err)
	c, err := f.s.Customer(cs[3].ID)
	require.NoError(t, err)
	require.NoError(t, f.s.ArchiveCustomer(c.ID, c.Version, f.anna.ID))

	ts, err := f.s.NoticeTargets(pump.ID, "14-17")
	require.NoError(t, err)
	assert.Equal(t, []string{"Bäckerei Sommer", "Clausen KG"}, names(ts))
	assert.Equal(t, []string{"15", "16"}, ts[1].Lots)
	assert.Equal(t, "2026-06-01", ts[1].LastPurchase)

	_, made, err := f.s.CreateNotice(NewNotice{ProductID: pump.ID, Title: "Dichtung", Lot: "14-17", ByID: f.anna.ID, DueDays: 0})
	require.NoError(t, err)
	require.Len(t, made, 2)
	assert.Equal(t, "2026-11-24", made[0].DueDate, "0 days: by the end of today")
}

func TestANoticeIsAllOrNothing(t *testing.T) {
	f := newFixture(t)
	pump, _ := buyers(t, f)
	// Ben left without handing his accounts over (only possible behind the
	// Store's back): his buyers cannot get a promise, so nobody gets one.
	require.NoError(t, f.s.db.Exec("UPDATE users SET archived = 1 WHERE id = ?", f.ben.ID).Error)
	_, _, err := f.s.CreateNotice(NewNotice{ProductID: pump.ID, Title: "Dichtung", ByID: f.anna.ID, DueDays: 3})
	var ve *ValidationError
	require.True(t, errors.As(err, &ve), "%v", err)
	assert.Equal(t, "owner", ve.Field)
	var notices, promises int64
	require.NoError(t, f.s.db.Model(&Notice{}).Count(&notices).Error)
	require.NoError(t, f.s.db.Model(&Commitment{}).Count(&promises).Error)
	assert.Zero(t, notices)
	assert.Zero(t, promises, "not even the promises for Anna's buyers")
}
