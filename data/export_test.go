package data

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func readExport(t *testing.T, b []byte, comma rune) [][]string {
	t.Helper()
	require.True(t, bytes.HasPrefix(b, []byte("\ufeff")), "UTF-8 BOM first")
	r := csv.NewReader(bytes.NewReader(b[3:]))
	r.Comma = comma
	recs, err := r.ReadAll()
	require.NoError(t, err)
	return recs
}

func TestSafeCell(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"http://x\")": "'=HYPERLINK(\"http://x\")",
		"+49 421 777":              "'+49 421 777",
		"-2+3":                     "'-2+3",
		"@SUM(A1)":                 "'@SUM(A1)",
		"\tcmd":                    "'\tcmd",
		"\rcmd":                    "'\rcmd",
		"Müller":                   "Müller",
		"":                         "",
		"a=b":                      "a=b",
	} {
		assert.Equal(t, want, SafeCell(in), in)
	}
}

func TestContactExportIsInertStreamedAndAtomic(t *testing.T) {
	f := newFixture(t)
	old := exportChunk
	exportChunk = 2 // several chunks even with a handful of contacts
	t.Cleanup(func() { exportChunk = old })
	pump, err := f.s.AddProduct("Pumpe X200")
	require.NoError(t, err)
	summaries := []string{`=HYPERLINK("http://evil.example","Klick")`, "Rückfrage zur Größe", "@SUM(1+1)", "+49 30 1", "-1"}
	for i, s := range summaries {
		n := NewContact{CustomerID: f.cust.ID, UserID: f.anna.ID, Channel: "email", Summary: s,
			At: time.Date(2026, 11, 18+i, 14, 30, 0, 0, berlin), Notes: "Zeile 1\nZeile 2"}
		if i == 1 {
			n.ProductID, n.Concern = &pump.ID, "Dichtung"
		}
		_, err := f.s.LogContact(n)
		require.NoError(t, err)
	}

	path := filepath.Join(t.TempDir(), "kontakte.csv")
	require.NoError(t, os.WriteFile(path, []byte("old"), 0o644))
	n, err := f.s.ExportContactsFile(path, ExportOptions{Lang: "de"})
	require.NoError(t, err)
	assert.Equal(t, 5, n)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	recs := readExport(t, b, ';')
	require.Len(t, recs, 6)
	assert.Equal(t, "Zeitpunkt", recs[0][1])
	assert.Equal(t, `'=HYPERLINK("http://evil.example","Klick")`, recs[1][9], "a formula is inert")
	assert.Equal(t, "2026-11-18 14:30", recs[1][1])
	assert.Equal(t, "Müller Haustechnik GmbH", recs[1][3])
	assert.Equal(t, "Rückfrage zur Größe", recs[2][9])
	assert.Equal(t, "Pumpe X200", recs[2][13])
	assert.Equal(t, "Dichtung", recs[2][14])
	assert.Equal(t, "'@SUM(1+1)", recs[3][9])
	assert.Equal(t, "'+49 30 1", recs[4][9])
	assert.Equal(t, "'-1", recs[5][9])
	assert.Equal(t, "Zeile 1\nZeile 2", recs[5][10])
	for _, r := range recs[1:] {
		for _, cell := range r {
			if cell != "" {
				assert.NotContains(t, "=+-@", cell[:1], "cell %q", cell)
			}
		}
	}
	entries, err := os.ReadDir(filepath.Dir(path))
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file left behind")

	// A folder that does not exist: an error, nothing written.
	_, err = f.s.ExportContactsFile(filepath.Join(t.TempDir(), "nope", "k.csv"), ExportOptions{})
	assert.Error(t, err)
}

func TestCustomerExportReadsBackThroughTheImport(t *testing.T) {
	f := newFixture(t)
	_, err := f.s.AddCustomer(NewCustomer{Name: "=cmd|' /C calc'!A0", Company: "Böse & Co", Email: "boese@example.de", Phone: "+49 40 1", OwnerID: f.ben.ID})
	require.NoError(t, err)
	var b bytes.Buffer
	n, err := f.s.ExportCustomers(&b, ExportOptions{Comma: ','})
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	recs := readExport(t, b.Bytes(), ',')
	assert.Equal(t, []string{"ID", "Name", "Company", "Email", "Phone", "Address", "Notes", "Owner", "Owner name", "Archived"}, recs[0])
	assert.Equal(t, "'=cmd|' /C calc'!A0", recs[2][1])

	p, err := ParseCustomerCSV(bytes.NewReader(b.Bytes()))
	require.NoError(t, err)
	require.Len(t, p.Valid(), 2)
	assert.Equal(t, "=cmd|' /C calc'!A0", p.Rows[1].Name, "the import undoes the guard")
	assert.Equal(t, "+49 40 1", p.Rows[1].Phone)
	assert.Equal(t, "ben@example.de", p.Rows[1].Owner)
	assert.Equal(t, []string{"ID", "Owner name", "Archived"}, p.Ignored)
	res, err := f.s.ImportCustomers(p.Rows, f.anna.ID)
	require.NoError(t, err)
	assert.Zero(t, res.Imported, "everyone is already there")
	assert.Len(t, res.Rejected, 2)
}

func TestScorecardCSV(t *testing.T) {
	p := 66.7
	var b bytes.Buffer
	require.NoError(t, WriteScorecardCSV(&b, []ScoreRow{{Owner: "anna@example.de", OwnerName: "Anna", Made: 3, KeptLate: 1, AvgSlipDays: 2.5, ToldBeforeSlipPct: &p},
		{Owner: TeamOwner, OwnerName: "Team"}}, ExportOptions{Lang: "de"}))
	recs := readExport(t, b.Bytes(), ';')
	require.Len(t, recs, 3)
	assert.Equal(t, []string{"anna@example.de", "Anna", "3", "0", "1", "0", "0", "0", "2,5", "66,7"}, recs[1])
	assert.Equal(t, "", recs[2][9])
	assert.True(t, strings.HasPrefix(recs[0][0], "Betreuer"))
}
