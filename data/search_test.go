package data

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func rowNames(rows []CustomerRow) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.Name
	}
	return out
}

func TestSearchCustomersInfix(t *testing.T) {
	f := newFixture(t)
	add := func(name, company, email, phone string) Customer {
		c, err := f.s.AddCustomer(NewCustomer{Name: name, Company: company, Email: email, Phone: phone, OwnerID: f.ben.ID})
		require.NoError(t, err)
		return c
	}
	add("Jana Weber", "Weber Brunnenbau KG", "jana.weber@weber-brunnen.de", "+49 421 04242-17")
	add("Oliver O'Neill", "O'Neill Pumps Ltd", "oliver@oneill.co.uk", "+44 113 555 0101")
	kai := add("Kai Sommer", "", "kai@web.de", "")

	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"haustechnik", []string{"Müller Haustechnik GmbH"}},
		{"AUSTECH", []string{"Müller Haustechnik GmbH"}},
		{"MÜL", []string{"Müller Haustechnik GmbH"}},
		{"0424", []string{"Jana Weber"}},
		{"brunnen", []string{"Jana Weber"}},
		{"mueller.de", []string{"Müller Haustechnik GmbH"}},
		{"O'Neill", []string{"Oliver O'Neill"}},
		{" er b ", []string{"Jana Weber"}},
		{"mü", []string{"Müller Haustechnik GmbH"}},
		{"we", []string{"Jana Weber", "Kai Sommer"}},
		{"", []string{"Jana Weber", "Kai Sommer", "Müller Haustechnik GmbH", "Oliver O'Neill"}},
		{"zzz", []string{}},
		// FTS5 query syntax typed by a user is searched for, never interpreted.
		{`"`, []string{}},
		{`a"b`, []string{}},
		{"NEAR(", []string{}},
		{"* OR -", []string{}},
	} {
		rows, err := f.s.SearchCustomers(tc.q, 50, 0)
		require.NoError(t, err, tc.q)
		assert.Equal(t, tc.want, rowNames(rows), "q=%q", tc.q)
	}
	rows, err := f.s.SearchCustomers("0424", 10, 0)
	require.NoError(t, err)
	require.Len(t, rows, 1)
	assert.Equal(t, "ben@example.de", rows[0].Owner)
	assert.Equal(t, "Weber Brunnenbau KG", rows[0].Company)

	// The index follows edits and archiving in the same transaction.
	kai.Name = "Kai Sonnenschein"
	kai, err = f.s.UpdateCustomer(kai, f.anna.ID)
	require.NoError(t, err)
	rows, err = f.s.SearchCustomers("sommer", 10, 0)
	require.NoError(t, err)
	assert.Empty(t, rows)
	rows, err = f.s.SearchCustomers("nensch", 10, 0)
	require.NoError(t, err)
	assert.Equal(t, []string{"Kai Sonnenschein"}, rowNames(rows))
	require.NoError(t, f.s.ArchiveCustomer(kai.ID, kai.Version, f.anna.ID))
	rows, err = f.s.SearchCustomers("nensch", 10, 0)
	require.NoError(t, err)
	assert.Empty(t, rows, "archived customers are not offered")
}
