package data

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVCardImport(t *testing.T) {
	f := newFixture(t)
	p, err := ParseVCard(openFixture(t, "kontakte.vcf"))
	require.NoError(t, err)
	require.Len(t, p.Rows, 4)

	assert.Equal(t, ImportRow{Line: 1, Name: "Jörg Pfeiffer", Company: "Pfeiffer Sanitär GmbH", Email: "privat@pfeiffer.example",
		Phone: "+49 30 555 01", Address: "Friedrichstraße 12, 10117 Berlin, Deutschland", Notes: "Kauft jedes Frühjahr, meist im März"}, p.Rows[0])
	assert.Equal(t, "Sabine Lange", p.Rows[1].Name, "no FN: from N")
	assert.Equal(t, "+49-40-1234567", p.Rows[1].Phone)
	assert.Equal(t, "Sehr lange Notiz, die über mehrere Zeilen gefaltet wurde und trotzdem ganz ankommt.", p.Rows[1].Notes)
	assert.Equal(t, 20, p.Rows[2].Line)
	assert.Equal(t, &ValidationError{Field: "card", Code: CodeBadCard}, problem(t, p.Rows[2].Problem), "a card without END:VCARD")
	assert.Equal(t, 24, p.Rows[3].Line)
	assert.Equal(t, "nicht-gültig", problem(t, p.Rows[3].Problem).Value)

	res, err := f.s.ImportCustomers(p.Rows, f.ben.ID, ImportOptions{By: f.anna.ID})
	require.NoError(t, err)
	assert.Equal(t, 2, res.Imported)
	assert.Len(t, res.Rejected, 2)
	c, err := f.s.Customer(res.IDs[0])
	require.NoError(t, err)
	assert.Equal(t, "Pfeiffer Sanitär GmbH", c.Company)
	assert.Equal(t, f.ben.ID, c.OwnerID)

	_, err = ParseVCard(strings.NewReader("Name;Firma\nA;B\n"))
	assert.Error(t, err, "not a vCard file")
}

// vCard 2.1 as Outlook writes it: QUOTED-PRINTABLE values with soft line
// breaks, in the CHARSET the card names (or none), bare parameters.
func TestVCard21QuotedPrintableAndCharset(t *testing.T) {
	p, err := ParseVCard(openFixture(t, "outlook-21.vcf"))
	require.NoError(t, err)
	require.Len(t, p.Rows, 2)
	r := p.Rows[0]
	assert.NoError(t, r.Problem)
	assert.Equal(t, "Jürgen Müller", r.Name)
	assert.Equal(t, "Bäckerei Weiß", r.Company, "ISO-8859-1 bytes decoded")
	assert.Equal(t, "+49 421 1234", r.Phone, "TEL;WORK;VOICE keeps its value")
	assert.Equal(t, "juergen@example.org", r.Email)
	assert.Equal(t, "Erste Zeile\nZweite Zeile mit ä und einem sehr langen Wort, = und Schluss", r.Notes, "soft line break joined, a lone = kept")
	assert.Equal(t, "Hauptstraße 5, 28195 Bremen, Deutschland", r.Address)
	assert.Equal(t, 12, p.Rows[1].Line)
	assert.Equal(t, "Grüße aus Köln", p.Rows[1].Name, "no charset, not UTF-8: Windows-1252")
	assert.Equal(t, "0171 555", p.Rows[1].Phone)
}
