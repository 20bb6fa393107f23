package data

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// problem is the validation error of an import row or rejection.
func problem(t *testing.T, err error) *ValidationError {
	t.Helper()
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	return ve
}

func openFixture(t *testing.T, name string) *os.File {
	t.Helper()
	fh, err := os.Open(filepath.Join("testdata", name))
	require.NoError(t, err)
	t.Cleanup(func() { fh.Close() })
	return fh
}

func TestExcelGermanExportImportsGoodRowsWithUmlautsAndNamesTheBadLines(t *testing.T) {
	f := newFixture(t)
	p, err := ParseCustomerCSV(openFixture(t, "kunden-excel-de.csv"))
	require.NoError(t, err)
	assert.Equal(t, "Windows-1252", p.Encoding)
	assert.Equal(t, ';', p.Delimiter)
	assert.Equal(t, "street", p.Columns["Straße"])
	assert.Equal(t, "owner", p.Columns["Betreuer"])
	assert.Empty(t, p.Ignored)

	require.Len(t, p.Rows, 6, "the blank row is skipped")
	good := p.Valid()
	require.Len(t, good, 4)
	assert.Equal(t, ImportRow{Line: 2, Name: "Jürgen Müller", Company: "Müller Haustechnik GmbH", Email: "j.mueller@mueller-haustechnik.de",
		Phone: "+49 421 777-0", Address: "Hauptstraße 5, 28195 Bremen", Notes: "Zahlt per Überweisung, 14 Tage"}, good[0])
	assert.Equal(t, "ben@example.de", good[1].Owner)
	assert.Equal(t, "Öztürk, Ayse", good[2].Name)
	assert.Equal(t, `Schäfer "Bau" GmbH`, good[2].Company)
	assert.Equal(t, "Rückruf bitte\nnur vormittags", good[2].Notes)
	assert.Equal(t, 5, good[2].Line)
	assert.Equal(t, "Straßenbau Süd GmbH", good[3].Name, "no name: the company is the name")
	assert.Equal(t, 9, good[3].Line, "lines count from the header, multi-line cells included")

	bad := p.Rejected()
	require.Len(t, bad, 2)
	assert.Equal(t, 4, bad[0].Line)
	assert.Equal(t, &ValidationError{Field: "line", Code: CodeTooManyFields, Count: 10, Max: 9, Value: ";"}, problem(t, bad[0].Problem))
	assert.Equal(t, 7, bad[1].Line)
	assert.Equal(t, &ValidationError{Field: "email", Code: CodeInvalid, Value: "hans(at)gross.de"}, problem(t, bad[1].Problem))

	// The preview wrote nothing.
	rows, err := f.s.SearchCustomers("", 100, 0)
	require.NoError(t, err)
	require.Len(t, rows, 1)

	res, err := f.s.ImportCustomers(p.Rows, f.anna.ID, ImportOptions{By: f.anna.ID})
	require.NoError(t, err)
	assert.Equal(t, 4, res.Imported)
	require.Len(t, res.Rejected, 2)
	assert.Equal(t, 4, res.Rejected[0].Line)
	assert.Equal(t, 7, res.Rejected[1].Line)

	c, err := f.s.Customer(res.IDs[0])
	require.NoError(t, err)
	assert.Equal(t, "Jürgen Müller", c.Name)
	assert.Equal(t, "Hauptstraße 5, 28195 Bremen", c.Address)
	assert.Equal(t, f.anna.ID, c.OwnerID)
	c, err = f.s.Customer(res.IDs[1])
	require.NoError(t, err)
	assert.Equal(t, "Bäckerei Weiß", c.Company)
	assert.Equal(t, f.ben.ID, c.OwnerID, "Betreuer overrides the import's owner")

	// Importing the same file again doubles nothing.
	res, err = f.s.ImportCustomers(p.Rows, f.anna.ID, ImportOptions{By: f.anna.ID})
	require.NoError(t, err)
	assert.Equal(t, 1, res.Imported, "only the row without an e-mail cannot be recognised")
	assert.Len(t, res.Rejected, 5)
	assert.Equal(t, &ValidationError{Field: "email", Code: CodeDuplicate, Value: "j.mueller@mueller-haustechnik.de", ID: 2}, problem(t, res.Rejected[0].Err))
}

func TestUTF8BOMFileDuplicatesAndUnknownOwners(t *testing.T) {
	f := newFixture(t)
	p, err := ParseCustomerCSV(openFixture(t, "customers-utf8-bom.csv"))
	require.NoError(t, err)
	assert.Equal(t, "UTF-8 with BOM", p.Encoding)
	assert.Equal(t, ',', p.Delimiter)
	assert.Equal(t, []string{"Birthday"}, p.Ignored)
	assert.Equal(t, "name", p.Columns["Name"], "the BOM is not part of the first header")
	require.Len(t, p.Valid(), 3)
	assert.Equal(t, "Zoë Köhler", p.Rows[0].Name)
	assert.Equal(t, "+49 89 1234", p.Rows[0].Phone, "our export's formula guard is undone")
	assert.Equal(t, "Leopoldstraße 3, 80802 München", p.Rows[0].Address)

	res, err := f.s.ImportCustomers(p.Rows, f.anna.ID, ImportOptions{By: f.anna.ID})
	require.NoError(t, err)
	assert.Equal(t, 1, res.Imported)
	require.Len(t, res.Rejected, 2)
	assert.Equal(t, 3, res.Rejected[0].Line)
	assert.Equal(t, "Ben Brandt <ZOE@koehler.example>", res.Rejected[0].What)
	assert.Equal(t, &ValidationError{Field: "email", Code: CodeDuplicate, Value: "ZOE@koehler.example", Line: 2}, problem(t, res.Rejected[0].Err))
	assert.Equal(t, 4, res.Rejected[1].Line)
	assert.Equal(t, &ValidationError{Field: "owner", Code: CodeUnknown, Value: "nobody@example.de"}, problem(t, res.Rejected[1].Err))

	rows, err := f.s.SearchCustomers("", 100, 0)
	require.NoError(t, err)
	assert.Len(t, rows, 2)
}

func TestImportOfAnExistingCustomersEmailIsReportedNotDoubled(t *testing.T) {
	f := newFixture(t)
	csv := "Firma;E-Mail\r\nMüller Haustechnik;INFO@mueller.de\r\nNeu GmbH;neu@example.de\r\n"
	p, err := ParseCustomerCSV(strings.NewReader(csv))
	require.NoError(t, err)
	assert.Equal(t, "UTF-8", p.Encoding)
	res, err := f.s.ImportCustomers(p.Rows, f.anna.ID, ImportOptions{By: f.anna.ID})
	require.NoError(t, err)
	assert.Equal(t, 1, res.Imported)
	require.Len(t, res.Rejected, 1)
	assert.Equal(t, 2, res.Rejected[0].Line)
	assert.Equal(t, uint(1), problem(t, res.Rejected[0].Err).ID, "already customer #1")
}

func TestUnreadableCustomerFiles(t *testing.T) {
	for name, tc := range map[string]struct {
		in   string
		want ImportFileCode
	}{
		"empty":          {"", ImportEmpty},
		"blank":          {" \r\n\n", ImportEmpty},
		"no name column": {"Telefon;Ort\r\n0421;Bremen\r\n", ImportNoCustomerColumns},
		"bad header":     {"\"Name;Ort\n", ImportBadHeader},
	} {
		_, err := ParseCustomerCSV(strings.NewReader(tc.in))
		var fe *ImportFileError
		require.ErrorAs(t, err, &fe, name)
		assert.Equal(t, tc.want, fe.Code, name)
	}
	f := newFixture(t)
	p, err := ParseCustomerCSV(strings.NewReader("Name\nA\n"))
	require.NoError(t, err)
	_, err = f.s.ImportCustomers(p.Rows, 99, ImportOptions{By: f.anna.ID})
	assert.Error(t, err, "an unknown owner for the import fails it as a whole")
	rows, err := f.s.SearchCustomers("", 100, 0)
	require.NoError(t, err)
	assert.Len(t, rows, 1, "nothing written")
}

func TestDelimiterAndHeaderDetection(t *testing.T) {
	assert.Equal(t, ';', sniffDelimiter("Name;Firma, Zusatz;Ort\n"))
	assert.Equal(t, ',', sniffDelimiter("Name,\"Firma; Zusatz\",Ort\n"))
	assert.Equal(t, '\t', sniffDelimiter("Name\tFirma\n"))
	assert.Equal(t, ',', sniffDelimiter("Name\n"))
	assert.Equal(t, "email", headerKey(" E-Mail "))
	assert.Equal(t, "tel", headerKey("Tel."))
	p, err := ParseCustomerCSV(strings.NewReader("sep=;\nNAME ; e mail\nA;a@b.de\n"))
	require.NoError(t, err)
	assert.Equal(t, "a@b.de", p.Rows[0].Email)
	// UTF-16 as Excel's "Unicode text" writes it.
	var b bytes.Buffer
	b.Write([]byte{0xFF, 0xFE})
	for _, r := range "Name\tFirma\r\nGünther\tGröße AG\r\n" {
		b.Write([]byte{byte(r), byte(r >> 8)})
	}
	p, err = ParseCustomerCSV(&b)
	require.NoError(t, err)
	assert.Equal(t, "UTF-16", p.Encoding)
	assert.Equal(t, "Größe AG", p.Rows[0].Company)
}

func TestPurchaseImport(t *testing.T) {
	f := newFixture(t)
	pump, err := f.s.AddProduct("Pumpe X200")
	require.NoError(t, err)
	csv := "Kunde;Produkt;Kaufdatum;Charge\r\n" +
		"1;Pumpe X200;03.02.2026;14\r\n" +
		"info@mueller.de;pumpe x200;2026-03-01;15\r\n" +
		"nobody@example.de;Pumpe X200;;\r\n" +
		"1;Pumpe X300;;\r\n" +
		"1;Pumpe X200;30.02.2026;\r\n" +
		";Pumpe X200;;\r\n"
	p, err := ParsePurchaseCSV(strings.NewReader(csv))
	require.NoError(t, err)
	res, err := f.s.ImportPurchases(p.Rows, ImportOptions{By: f.anna.ID})
	require.NoError(t, err)
	assert.Equal(t, 2, res.Imported)
	require.Len(t, res.Rejected, 4)
	assert.Equal(t, &ValidationError{Field: "customer", Code: CodeUnknown, Value: "nobody@example.de"}, problem(t, res.Rejected[0].Err))
	assert.Equal(t, &ValidationError{Field: "product", Code: CodeUnknown, Value: "Pumpe X300"}, problem(t, res.Rejected[1].Err))
	assert.Equal(t, &ValidationError{Field: "date", Code: CodeInvalid, Value: "30.02.2026"}, problem(t, res.Rejected[2].Err))
	assert.Equal(t, 6, res.Rejected[2].Line)
	assert.Equal(t, &ValidationError{Field: "customer", Code: CodeRequired}, problem(t, res.Rejected[3].Err))

	ts, err := f.s.NoticeTargets(pump.ID, "14")
	require.NoError(t, err)
	require.Len(t, ts, 1)
	card, err := f.s.Card(f.cust.ID)
	require.NoError(t, err)
	require.Len(t, card.Purchases, 2)
	assert.Equal(t, "2026-03-01", card.Purchases[0].Date)
	assert.Equal(t, "2026-02-03", card.Purchases[1].Date)
}

// The file of issue 12: a quote that is never closed on line 3 swallowed
// the rest of the file into one customer's name. It is one rejected line
// now, and the lines after it import.
func TestAnUnclosedQuoteIsOneRejectedLineAndTheRestImports(t *testing.T) {
	f := newFixture(t)
	csv := "Name;Firma;E-Mail\r\n" +
		"Anton Arndt;A;a@example.org\r\n" +
		"\"Unclosed quote;B;u@example.org\r\n" +
		"Carla Clausen;C;c@example.org\r\n" +
		"Dora Dietz;D;d@example.org\r\n"
	p, err := ParseCustomerCSV(strings.NewReader(csv))
	require.NoError(t, err)
	var names []string
	for _, r := range p.Valid() {
		names = append(names, r.Name)
		assert.NotContains(t, r.Name, "\n")
	}
	assert.Equal(t, []string{"Anton Arndt", "Carla Clausen", "Dora Dietz"}, names)
	bad := p.Rejected()
	require.Len(t, bad, 1)
	assert.Equal(t, 3, bad[0].Line)
	assert.Equal(t, CodeUnclosedQuote, problem(t, bad[0].Problem).Code)
	assert.Equal(t, 4, p.Valid()[1].Line, "line numbers stay right after the resynchronisation")

	res, err := f.s.ImportCustomers(p.Rows, f.anna.ID, ImportOptions{By: f.anna.ID})
	require.NoError(t, err)
	assert.Equal(t, 3, res.Imported)
	require.Len(t, res.Rejected, 1)
	assert.Equal(t, 3, res.Rejected[0].Line)
}

func TestQuotesThatCannotBeBelievedAreRejectedNeverJoined(t *testing.T) {
	for name, tc := range map[string]struct {
		csv      string
		good     []string
		rejected []int
	}{
		"the stray quote pairs with a later cell's quote": {
			"Name;E-Mail;Notizen\n\"Stray;s@example.org;x\nGood One;g@example.org;\"ok\"\nNext;n@example.org;\n",
			[]string{"Good One", "Next"}, []int{2},
		},
		"a line inside the cell is a record of its own": {
			"Name;E-Mail;Notizen\n\"Stray;s@example.org;x\nGood One;g@example.org;fine\nLast;l@example.org;\"end\"\n",
			[]string{"Good One", "Last"}, []int{2},
		},
		"a multi-line record with too many cells": {
			"Name;E-Mail\nAnna;\"a@example.org\nx\";extra\nBen;b@example.org\n",
			[]string{"Ben"}, []int{2, 3}, // line 3 read on its own has no valid e-mail
		},
		"a real multi-line note stays one cell": {
			"Name;E-Mail;Notizen\nAnna;a@example.org;\"Rückruf bitte\nnur vormittags\"\nBen;b@example.org;\n",
			[]string{"Anna", "Ben"}, nil,
		},
		"doubled quotes and quotes inside unquoted cells": {
			"Name,Firma\n\"Schäfer \"\"Bau\"\" GmbH\",Müller \"Bau\" GmbH\nB,x\n",
			[]string{`Schäfer "Bau" GmbH`, "B"}, nil,
		},
		"too many cells on one line": {
			"Name;E-Mail\nKarl;Meier; Söhne;k@example.org\nBen;b@example.org\n",
			[]string{"Ben"}, []int{2},
		},
	} {
		p, err := ParseCustomerCSV(strings.NewReader(tc.csv))
		require.NoError(t, err, name)
		var names []string
		for _, r := range p.Valid() {
			names = append(names, r.Name)
		}
		assert.Equal(t, tc.good, names, name)
		var lines []int
		for _, r := range p.Rejected() {
			lines = append(lines, r.Line)
		}
		assert.Equal(t, tc.rejected, lines, name)
	}
	p, err := ParseCustomerCSV(strings.NewReader("Name;E-Mail\nAnna;a@example.org;\"x\ny\";z\n"))
	require.NoError(t, err)
	require.Len(t, p.Rows, 2, "after the rejected line 2, line 3 is read on its own")
	assert.Equal(t, 2, p.Rows[0].Line)
	assert.Equal(t, 3, p.Rows[1].Line)
	assert.Equal(t, `y"`, p.Rows[1].Name, "a quote inside an unquoted cell is text")
}

func TestAHeaderThatCannotBeReadRefusesTheWholeFileNamingTheLine(t *testing.T) {
	_, err := ParseCustomerCSV(strings.NewReader("\"Name;E-Mail\nAnna;a@example.org\n"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "line 1")
	_, err = ParseCustomerCSV(strings.NewReader("sep=;\n\"Name;E-Mail\nAnna;a@example.org\n"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "line 2", "the sep= line counts")
	p, err := ParseCustomerCSV(strings.NewReader("sep=;\nName;E-Mail\nAnna;a@example.org\n"))
	require.NoError(t, err)
	assert.Equal(t, 3, p.Rows[0].Line, "the sep= line counts")
}

// A 5 MB cell is a rejected line; its text is never kept in the preview.
func TestAHugeCellIsARejectedLineNotAHugeRow(t *testing.T) {
	huge := strings.Repeat("x", 5<<20)
	csv := "Name;Notizen\nAnna;\"" + huge + "\"\nBen;kurz\nCarla;" + strings.Repeat("y", MaxCellChars) + "\n"
	p, err := ParseCustomerCSV(strings.NewReader(csv))
	require.NoError(t, err)
	require.Len(t, p.Rows, 3)
	assert.Equal(t, 2, p.Rows[0].Line)
	assert.Equal(t, &ValidationError{Field: "notes", Code: CodeTooLong, Count: 5 << 20, Max: MaxCellChars}, problem(t, p.Rows[0].Problem))
	assert.Empty(t, p.Rows[0].Notes, "the cell's text is dropped")
	assert.Equal(t, "Anna", p.Rows[0].Name, "the preview still names the row")
	assert.NoError(t, p.Rows[1].Problem)
	assert.NoError(t, p.Rows[2].Problem, "exactly the limit is fine")
	assert.Len(t, p.Rows[2].Notes, MaxCellChars)
}

// A UTF-8 file with a few stray bytes (one cell pasted from an old
// Windows program) is read as UTF-8, with U+FFFD for the stray bytes, and
// the rows that had them are reported: read as Windows-1252, every umlaut
// of the file would become "Ã¼".
func TestStrayBytesInAUTF8FileAreRepairedAndReportedPerLine(t *testing.T) {
	f := newFixture(t)
	in := "Name;Firma;Notizen\nJürgen Müller;Müller GmbH;Grüße\nM\xfcller-L\xfcdenscheid;Bäckerei;\nÖzil;Öl AG;ok\n"
	p, err := ParseCustomerCSV(strings.NewReader(in))
	require.NoError(t, err)
	assert.Equal(t, "UTF-8", p.Encoding)
	require.Len(t, p.Rows, 3)
	assert.Equal(t, "Jürgen Müller", p.Rows[0].Name, "the good umlauts stay")
	assert.Empty(t, p.Rows[0].Repaired)
	assert.Equal(t, "M\ufffdller-L\ufffddenscheid", p.Rows[1].Name)
	assert.Equal(t, []string{"name"}, p.Rows[1].Repaired)
	assert.NoError(t, p.Rows[1].Problem, "a repaired row imports")
	res, err := f.s.ImportCustomers(p.Rows, f.anna.ID, ImportOptions{By: f.anna.ID})
	require.NoError(t, err)
	assert.Equal(t, 3, res.Imported)
	assert.Equal(t, []Repair{{Line: 3, What: "M\ufffdller-L\ufffddenscheid", Fields: []string{"name"}}}, res.Repaired)

	// A BOM says UTF-8: stray bytes are repaired too.
	p, err = ParseCustomerCSV(strings.NewReader("\xef\xbb\xbfName\nA\xff\n"))
	require.NoError(t, err)
	assert.Equal(t, []string{"name"}, p.Rows[0].Repaired)
	// A Windows-1252 file is still read as such.
	p, err = ParseCustomerCSV(strings.NewReader("Name\nM\xfcller\n"))
	require.NoError(t, err)
	assert.Equal(t, "Windows-1252", p.Encoding)
	assert.Equal(t, "Müller", p.Rows[0].Name)
	assert.Empty(t, p.Rows[0].Repaired)
}
