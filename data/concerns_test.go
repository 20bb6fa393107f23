package data

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTopConcernsCountsProductsInThePeriod(t *testing.T) {
	f := newFixture(t)
	pump, err := f.s.AddProduct("Pumpe X200")
	require.NoError(t, err)
	valve, err := f.s.AddProduct("Ventil V1")
	require.NoError(t, err)
	other, err := f.s.AddCustomer(NewCustomer{Name: "Sommer", OwnerID: f.ben.ID})
	require.NoError(t, err)
	log := func(day int, cust uint, product *uint, concern string) {
		_, err := f.s.LogContact(NewContact{CustomerID: cust, UserID: f.anna.ID, Channel: "phone", Direction: DirIn,
			Summary: "Anruf", At: time.Date(2026, 11, day, 10, 0, 0, 0, berlin), ProductID: product, Concern: concern})
		require.NoError(t, err)
	}
	log(10, f.cust.ID, &pump.ID, "Dichtung")
	log(11, f.cust.ID, &pump.ID, " dichtung ")
	log(12, other.ID, &pump.ID, "Lautstärke")
	log(13, other.ID, &valve.ID, "Lieferzeit")
	log(13, other.ID, &valve.ID, "")           // no concern: not counted
	log(14, other.ID, nil, "Preis")            // no product: not counted
	log(2, f.cust.ID, &valve.ID, "Lieferzeit") // before the period
	log(3, f.cust.ID, &valve.ID, "Lieferzeit")
	log(4, other.ID, &valve.ID, "Lieferzeit")

	from := time.Date(2026, 11, 5, 0, 0, 0, 0, berlin)
	rows, err := f.s.TopConcerns(from, time.Time{}, 10)
	require.NoError(t, err)
	require.Len(t, rows, 2)
	assert.Equal(t, "Pumpe X200", rows[0].Product)
	assert.Equal(t, 3, rows[0].Concerns)
	assert.Equal(t, 2, rows[0].Customers)
	assert.Equal(t, []TagCount{{"Dichtung", 2}, {"Lautstärke", 1}}, rows[0].Tags)
	assert.Equal(t, time.Date(2026, 11, 12, 10, 0, 0, 0, berlin).Unix(), rows[0].Last.Unix())
	assert.Equal(t, "Ventil V1", rows[1].Product)
	assert.Equal(t, 1, rows[1].Concerns)

	// Over the whole month the valve leads.
	rows, err = f.s.TopConcerns(time.Time{}, time.Time{}, 1)
	require.NoError(t, err)
	require.Len(t, rows, 1)
	assert.Equal(t, "Ventil V1", rows[0].Product)
	assert.Equal(t, 4, rows[0].Concerns)

	tags, err := f.s.ConcernTags(0)
	require.NoError(t, err)
	assert.Equal(t, "Lieferzeit", tags[0])
}
