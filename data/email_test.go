package data

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNormalizeEmail(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		code     Code
	}{
		{"anna@example.de", "anna@example.de", ""},
		{"  Anna.Berg@Example.DE ", "Anna.Berg@example.de", ""},
		{"info@müller.de", "info@xn--mller-kva.de", ""},
		{"info@MÜLLER.de", "info@xn--mller-kva.de", ""},
		{"info@xn--mller-kva.de", "info@xn--mller-kva.de", ""},
		{"post@пример.рф", "post@xn--e1afmkfd.xn--p1ai", ""},
		{"jürgen@example.de", "", CodeNonASCIILocal},
		{"eve@\u0435xample.de", "", CodeLookalike}, // Cyrillic е
		{"paypal@p\u0430ypal.com", "", CodeLookalike},
		{"no-at-sign", "", CodeInvalid},
		{"a@", "", CodeInvalid},
		{"@b.de", "", CodeInvalid},
		{"a b@c.de", "", CodeInvalid},
		{"a@b..de", "", CodeInvalid},
		{"", "", CodeRequired},
	} {
		got, err := NormalizeEmail("email", tc.in, true)
		if tc.code == "" {
			require.NoError(t, err, tc.in)
			assert.Equal(t, tc.want, got, tc.in)
			continue
		}
		var ve *ValidationError
		require.ErrorAs(t, err, &ve, tc.in)
		assert.Equal(t, tc.code, ve.Code, tc.in)
		assert.Equal(t, "email", ve.Field)
	}
	got, err := NormalizeEmail("email", "", false)
	require.NoError(t, err)
	assert.Empty(t, got, "optional and empty")
}

// One form for every path: stored ASCII, found in any case and with the
// domain in either form, refused alike for salespeople and customers.
func TestEmailsAreStoredOnceAndFoundAnyWay(t *testing.T) {
	f := newFixture(t)
	u, err := f.s.AddUser(NewUser{Name: "Jörg Müller", Email: "Joerg@Müller.de"})
	require.NoError(t, err)
	assert.Equal(t, "Joerg@xn--mller-kva.de", u.Email)
	for _, q := range []string{"joerg@müller.de", "JOERG@XN--MLLER-KVA.DE", " joerg@Müller.DE "} {
		got, err := f.s.UserByEmail(q)
		require.NoError(t, err, q)
		assert.Equal(t, u.ID, got.ID, q)
	}
	_, err = f.s.AddUser(NewUser{Name: "Doppelt", Email: "joerg@MÜLLER.de"})
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, CodeDuplicate, ve.Code, "the same address in another spelling")

	cu, err := f.s.AddCustomer(NewCustomer{Name: "Bäckerei", Email: "laden@bäcker.de", OwnerID: f.anna.ID})
	require.NoError(t, err)
	assert.Equal(t, "laden@xn--bcker-gra.de", cu.Email)
	_, err = f.s.AddCustomer(NewCustomer{Name: "Eve", Email: "eve@\u0435xample.de", OwnerID: f.anna.ID})
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, CodeLookalike, ve.Code)
	cu.Email = "jürgen@example.de"
	_, err = f.s.UpdateCustomer(cu, f.anna.ID)
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, CodeNonASCIILocal, ve.Code)
}
