package data

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The classes of bad text of issue 12, each as the Store must treat it.
var badText = []struct {
	class string
	// in is what arrives; name and notes what the Store keeps (in a
	// one-line name and in multi-line notes); code what it refuses with.
	in, name, notes string
	code            Code
}{
	{class: "NUL and control characters", in: "Mül\x00ler\x07 \x1b[31mGmbH\x7f", name: "Müller [31mGmbH", notes: "Müller [31mGmbH"},
	{class: "line breaks and tabs", in: "Zeile 1\r\n\tZeile 2", name: "Zeile 1  Zeile 2", notes: "Zeile 1\n\tZeile 2"},
	{class: "bidi override", in: "Müller\u202eHbmG\u2066x\u2069", name: "MüllerHbmGx", notes: "Müller\u202eHbmG\u2066x\u2069"},
	{class: "invalid UTF-8", in: "M\xfcller", code: CodeNotUTF8},
	{class: "too long", in: strings.Repeat("x", MaxNotes+1), code: CodeTooLong},
}

// The Store is the one judge, for the app and the commands alike: every
// class through AddCustomer and UpdateCustomer (the customer dialog and
// `zusage customer add|edit`), and through a contact and a promise.
func TestBadTextAtTheStoreBoundary(t *testing.T) {
	f := newFixture(t)
	for _, tc := range badText {
		t.Run(tc.class, func(t *testing.T) {
			c, err := f.s.AddCustomer(NewCustomer{Name: tc.in, Notes: tc.in, OwnerID: f.anna.ID})
			if tc.code != "" {
				ve := problem(t, err)
				assert.Equal(t, tc.code, ve.Code)
				assert.Equal(t, "name", ve.Field, "the field is named")
				if tc.code == CodeTooLong {
					assert.EqualValues(t, MaxName, ve.Max)
					assert.Equal(t, MaxNotes+1, ve.Count)
				}
				_, err = f.s.LogContact(NewContact{CustomerID: f.cust.ID, UserID: f.anna.ID, Channel: "phone", Summary: "ok", Notes: tc.in})
				ve = problem(t, err)
				assert.Equal(t, "notes", ve.Field)
				assert.Equal(t, tc.code, ve.Code)
				_, err = f.s.Promise(NewCommitment{CustomerID: f.cust.ID, ByID: f.anna.ID, Kind: KindStanding, Title: tc.in})
				assert.Equal(t, "title", problem(t, err).Field)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.name, c.Name)
			assert.Equal(t, tc.notes, c.Notes)
			c.Company = tc.in
			c, err = f.s.UpdateCustomer(c, f.ben.ID)
			require.NoError(t, err)
			assert.Equal(t, tc.name, c.Company)
			k, err := f.s.LogContact(NewContact{CustomerID: c.ID, UserID: f.anna.ID, Channel: "phone", Summary: tc.in, Notes: tc.in})
			require.NoError(t, err)
			assert.Equal(t, tc.name, k.Summary)
			assert.Equal(t, tc.notes, k.Notes)
			p, err := f.s.Promise(NewCommitment{CustomerID: c.ID, ByID: f.anna.ID, Kind: KindStanding, Title: tc.in, Details: tc.in})
			require.NoError(t, err)
			assert.Equal(t, tc.name, p.Title)
			assert.Equal(t, tc.notes, p.Details)
		})
	}
	// Each field has its limit.
	for field, max := range map[string]int{"name": MaxName, "title": MaxTitle, "summary": MaxSummary, "notes": MaxNotes} {
		_, err := CleanText(field, strings.Repeat("ä", max))
		assert.NoError(t, err, field)
		_, err = CleanText(field, strings.Repeat("ä", max+1))
		ve := problem(t, err)
		assert.Equal(t, CodeTooLong, ve.Code, field)
		assert.EqualValues(t, max, ve.Max, field)
	}
}

// Every class through a CSV file and a vCard: clean text imports, a value
// that is too long is a rejected line, invalid UTF-8 is repaired to U+FFFD
// and reported for the line.
func TestBadTextThroughCSVAndVCard(t *testing.T) {
	for _, tc := range badText {
		t.Run(tc.class, func(t *testing.T) {
			// CSV: the value in a quoted cell of Name and of Notizen.
			cell := `"` + strings.ReplaceAll(tc.in, `"`, `""`) + `"`
			if tc.code == CodeNotUTF8 {
				// Beside a valid umlaut, so the file reads as UTF-8.
				cell = "Jürgen " + tc.in
			}
			csv := "Name;Notizen\nAnna;Grüße\n" + cell + ";" + cell + "\nBen;ok\n"
			p, err := ParseCustomerCSV(strings.NewReader(csv))
			require.NoError(t, err)
			require.Len(t, p.Rows, 3, "one row per line")
			row := p.Rows[1]
			switch tc.code {
			case "":
				require.NoError(t, row.Problem)
				assert.Equal(t, tc.name, row.Name)
				assert.Equal(t, tc.notes, row.Notes)
			case CodeNotUTF8:
				require.NoError(t, row.Problem, "repaired, not rejected")
				assert.Equal(t, "Jürgen M\ufffdller", row.Name)
				assert.Equal(t, []string{"name", "notes"}, row.Repaired)
			case CodeTooLong:
				ve := problem(t, row.Problem)
				assert.Equal(t, CodeTooLong, ve.Code)
				assert.Equal(t, "name", ve.Field)
				assert.Empty(t, row.Notes, "the huge value is not kept")
			}
			assert.NoError(t, p.Rows[2].Problem, "the next line imports")

			// vCard: FN and NOTE.
			esc := strings.NewReplacer("\\", "\\\\", "\n", "\\n", "\r", "", ",", "\\,").Replace(tc.in)
			card := "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:" + esc + "\r\nNOTE:" + esc + "\r\nEND:VCARD\r\n" +
				"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jürgen Grün\r\nEND:VCARD\r\n"
			v, err := ParseVCard(strings.NewReader(card))
			require.NoError(t, err)
			require.Len(t, v.Rows, 2)
			vr := v.Rows[0]
			switch tc.code {
			case "":
				require.NoError(t, vr.Problem)
				assert.Equal(t, tc.name, vr.Name)
				assert.False(t, strings.ContainsAny(vr.Notes, "\x00\x07\x1b\x7f"), "no control character in the notes")
			case CodeNotUTF8:
				require.NoError(t, vr.Problem)
				assert.True(t, utf8.ValidString(vr.Name))
				assert.Contains(t, vr.Name, "\ufffd")
				assert.Contains(t, vr.Repaired, "name")
			case CodeTooLong:
				assert.Equal(t, CodeTooLong, problem(t, vr.Problem).Code)
			}
			assert.NoError(t, v.Rows[1].Problem)
		})
	}
}

// Text that got into a file before the Store cleaned it does not come back
// out of the CSV export.
func TestExportCleansOldText(t *testing.T) {
	f := newFixture(t)
	old := "Mül\x00ler\x1b[2J GmbH"
	if f.s.Backend() == BackendPostgres {
		// PostgreSQL stores no NUL, not even from another tool.
		old = strings.ReplaceAll(old, "\x00", "\x01")
	}
	require.NoError(t, f.s.db.Exec("UPDATE customers SET name = ?, notes = ? WHERE id = ?", old, "eins\nzwei\x07", f.cust.ID).Error)
	var b bytes.Buffer
	_, err := f.s.ExportCustomers(&b, ExportOptions{})
	require.NoError(t, err)
	out := b.String()
	assert.False(t, strings.ContainsAny(out, "\x00\x1b\x07"), "%q", out)
	assert.Contains(t, out, "Müller[2J GmbH")
	assert.Contains(t, out, "eins\r\nzwei", "the line break stays (as the CSV writes it)")
}
