package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/charmap"
)

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// pumpBuyers adds Ben, three more customers and the pump they bought in
// lots 14, 16 and 20 (customer 1 bought nothing).
func pumpBuyers(t *testing.T, db string) {
	t.Helper()
	mustRun(t, "user", "add", "--db", db, "--name", "Ben Krüger", "--email", "ben@example.de")
	assert.Equal(t, "1", mustRun(t, "product", "add", "--db", db, "--name", "Pumpe X200"))
	for i, lot := range []string{"14", "16", "20"} {
		owner := "anna@example.de"
		if i == 1 {
			owner = "ben@example.de"
		}
		id := mustRun(t, "customer", "add", "--db", db, "--name", "Kunde "+lot, "--owner", owner, "--email", "k"+lot+"@example.de")
		mustRun(t, "purchase", "add", "--db", db, "--customer", id, "--product", "pumpe x200", "--lot", lot, "--date", "2026-03-01")
	}
}

func TestProductAndPurchaseCommands(t *testing.T) {
	db := team(t)
	assert.Equal(t, "1", mustRun(t, "product", "add", "--db", db, "--name", "Pumpe X200"))
	assert.Equal(t, "1", mustRun(t, "purchase", "add", "--db", db, "--customer", "1", "--product", "Pumpe X200", "--lot", "14"))
	assert.Contains(t, mustRun(t, "product", "list", "--db", db), "Pumpe X200")

	before := sum(t, db)
	cases := []struct {
		name string
		code int
		want string
		args []string
	}{
		{"duplicate product", 1, "already exists", []string{"product", "add", "--db", db, "--name", "pumpe x200"}},
		{"no name", 2, "--name", []string{"product", "add", "--db", db}},
		{"unknown product", 1, "--product: there is no product named \"Pumpe X300\"", []string{"purchase", "add", "--db", db, "--customer", "1", "--product", "Pumpe X300"}},
		{"impossible date", 1, "--date", []string{"purchase", "add", "--db", db, "--customer", "1", "--product", "Pumpe X200", "--date", "2026-02-30"}},
		{"unknown customer", 1, "customer #9", []string{"purchase", "add", "--db", db, "--customer", "9", "--product", "Pumpe X200"}},
		{"customer not a number", 2, "--customer", []string{"purchase", "add", "--db", db, "--customer", "x", "--product", "Pumpe X200"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := run(t, tc.args...)
			assert.Equal(t, tc.code, code)
			assert.Empty(t, out)
			assert.Contains(t, errs, tc.want)
			if tc.code == 1 {
				assert.Equal(t, 1, strings.Count(errs, "\n"), "one line: %q", errs)
			}
		})
	}
	assert.Equal(t, before, sum(t, db), "nothing written")
}

func TestNoticeCommandInformsTheBuyersOfTheLots(t *testing.T) {
	db := team(t)
	pumpBuyers(t, db)

	out := mustRun(t, "notice", "--db", db, "--product", "Pumpe X200", "--title", "Dichtung kann undicht werden",
		"--by", "anna@example.de", "--due-days", "3", "--lot", "14-17", "--dry-run")
	assert.Contains(t, out, "would inform 2 customers")
	assert.Contains(t, out, "Kunde 14")
	assert.Contains(t, out, "Kunde 16")
	assert.NotContains(t, out, "Kunde 20")

	out = mustRun(t, "notice", "--db", db, "--product", "Pumpe X200", "--title", "Dichtung kann undicht werden",
		"--by", "anna@example.de", "--due-days", "3", "--lot", "14-17")
	assert.Equal(t, "will inform 2 customers\n1", out)

	var ws []map[string]any
	require.NoError(t, json.Unmarshal([]byte(mustRun(t, "warnings", "--db", db, "--json", "--at", "2026-11-27T10:00:00Z")), &ws))
	require.Len(t, ws, 2)
	for _, w := range ws {
		assert.Equal(t, "inform", w["kind"])
		assert.Equal(t, "2026-11-27", w["due"])
	}
	assert.Contains(t, mustRun(t, "notices", "--db", db), "0/2")

	// Telling the customer of lot 14 completes that promise.
	mustRun(t, "log", "--db", db, "--customer", "2", "--by", "anna@example.de", "--channel", "phone", "--summary", "informiert", "--about", "1")
	assert.Contains(t, mustRun(t, "notices", "--db", db), "1/2")

	code, out, errs := run(t, "notice", "--db", db, "--product", "Pumpe X200", "--title", "x", "--by", "anna@example.de", "--due-days", "3", "--lot", "30")
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	assert.Contains(t, errs, "--lot: no active customer bought lot 30")
	code, _, errs = run(t, "notice", "--db", db, "--product", "Pumpe X200", "--title", "x", "--by", "anna@example.de", "--due-days", "drei")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "--due-days")
	code, _, errs = run(t, "notice", "--db", db, "--product", "Pumpe X9", "--title", "x", "--by", "anna@example.de", "--due-days", "3")
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "--product")
}

func TestScorecardJSONShape(t *testing.T) {
	db := team(t)
	mustRun(t, "user", "add", "--db", db, "--name", "Ben Krüger", "--email", "ben@example.de")
	mustRun(t, "promise", "--db", db, "--customer", "1", "--by", "anna@example.de", "--kind", "callback", "--title", "Rückruf", "--due", "2026-11-24T12:00:00Z")
	mustRun(t, "promise", "--db", db, "--customer", "1", "--by", "anna@example.de", "--kind", "offer", "--title", "Angebot", "--due", "2026-11-30")
	mustRun(t, "promise", "--db", db, "--customer", "1", "--by", "anna@example.de", "--kind", "standing", "--title", "Zahlung auf Rechnung")
	mustRun(t, "done", "--db", db, "--commitment", "2", "--by", "anna@example.de")

	out := mustRun(t, "scorecard", "--db", db, "--json", "--from", "2026-11-01", "--to", "2026-11-30", "--at", "2026-11-25T12:00:00Z")
	var rows []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &rows))
	require.Len(t, rows, 3)
	want := []string{"avg_slip_days", "kept_late", "kept_on_time", "made", "open", "overdue", "owner", "told_before_slip_pct"}
	for _, r := range rows {
		assert.Equal(t, want, keys(r))
	}
	assert.Equal(t, "anna@example.de", rows[0]["owner"])
	assert.EqualValues(t, 2, rows[0]["made"], "the standing promise is not counted")
	assert.EqualValues(t, 1, rows[0]["kept_on_time"])
	assert.EqualValues(t, 1, rows[0]["overdue"])
	assert.EqualValues(t, 1, rows[0]["avg_slip_days"])
	assert.EqualValues(t, 0, rows[0]["told_before_slip_pct"])
	assert.Equal(t, "ben@example.de", rows[1]["owner"])
	assert.Nil(t, rows[1]["told_before_slip_pct"])
	assert.Equal(t, "team", rows[2]["owner"])
	assert.EqualValues(t, 2, rows[2]["made"])

	out = mustRun(t, "scorecard", "--db", db, "--from", "2026-12-01")
	assert.Contains(t, out, "OWNER")
	assert.Contains(t, out, "team")

	code, _, errs := run(t, "scorecard", "--db", db, "--from", "2026-02-30")
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "--from")
	code, _, errs = run(t, "scorecard", "--db", db, "--from", "2026-12-01", "--to", "2026-11-01")
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "--to")
}

func TestCustomersCommand(t *testing.T) {
	db := team(t)
	mustRun(t, "customer", "add", "--db", db, "--name", "Bäckerei Sommer", "--owner", "anna@example.de", "--company", "Sommer KG", "--email", "info@sommer.de")
	out := mustRun(t, "customers", "--db", db, "--json")
	var rows []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &rows))
	require.Len(t, rows, 2)
	for _, r := range rows {
		assert.Equal(t, []string{"company", "email", "id", "name", "owner", "phone"}, keys(r))
	}
	assert.Equal(t, "Bäckerei Sommer", rows[0]["name"])
	assert.Equal(t, "anna@example.de", rows[0]["owner"])

	out = mustRun(t, "customers", "--db", db, "--search", "sommer", "--json")
	require.NoError(t, json.Unmarshal([]byte(out), &rows))
	require.Len(t, rows, 1)
	assert.EqualValues(t, 2, rows[0]["id"])

	out = mustRun(t, "customers", "--db", db, "--search", "nichts", "--json")
	assert.Equal(t, "[]", out)
	txt := mustRun(t, "customers", "--db", db)
	assert.Contains(t, txt, "Müller GmbH")
	assert.Contains(t, txt, "OWNER")
}

func TestImportCommand(t *testing.T) {
	db := team(t)
	dir := t.TempDir()
	excel := filepath.Join(dir, "kunden.csv")
	text := "Name;Firma;E-Mail;Betreuer\r\n" +
		"Jürgen Müller;Müller Söhne;j@mueller.de;\r\n" +
		"Kaputt;A;B;x@y.de;zu viel\r\n" +
		"Grete Weiß;;grete@weiss.de;\r\n" +
		"Doppelt;;J@MUELLER.DE;\r\n"
	enc, err := charmap.Windows1252.NewEncoder().String(text)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(excel, []byte(enc), 0o644))

	code, out, errs := run(t, "import", "--db", db, "--customers", excel, "--owner", "anna@example.de")
	assert.Equal(t, 0, code, errs)
	assert.Equal(t, "imported 2, rejected 2\nimport 1\n", out)
	lines := strings.Split(strings.TrimSpace(errs), "\n")
	require.Len(t, lines, 2)
	assert.Contains(t, lines[0], "line 3")
	assert.Contains(t, lines[0], "5 fields")
	assert.Contains(t, lines[1], "line 5")
	assert.Contains(t, lines[1], "duplicate")

	var rows []map[string]any
	require.NoError(t, json.Unmarshal([]byte(mustRun(t, "customers", "--db", db, "--search", "Weiß", "--json")), &rows))
	require.Len(t, rows, 1, "the umlaut survived Windows-1252")

	vcf := filepath.Join(dir, "k.vcf")
	require.NoError(t, os.WriteFile(vcf, []byte("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jörg Pfeiffer\r\nEMAIL:joerg@example.de\r\nEND:VCARD\r\n"), 0o644))
	assert.Equal(t, "imported 1, rejected 0\nimport 2", mustRun(t, "import", "--db", db, "--customers", vcf, "--owner", "anna@example.de"))

	mustRun(t, "product", "add", "--db", db, "--name", "Pumpe X200")
	pur := filepath.Join(dir, "kaeufe.csv")
	require.NoError(t, os.WriteFile(pur, []byte("Kunde,Produkt,Datum,Charge\n1,Pumpe X200,24.11.2026,14\nj@mueller.de,Pumpe X200,2026-11-01,15\n1,Pumpe X9,,\n"), 0o644))
	code, out, errs = run(t, "import", "--db", db, "--purchases", pur, "--by", "anna@example.de")
	assert.Equal(t, 0, code)
	assert.Equal(t, "imported 2, rejected 1\nimport 3\n", out)
	assert.Contains(t, errs, "line 4")
	// A script written before imports were recorded names nobody: it still
	// works, and the import's record says no salesperson was named.
	code, out, errs = run(t, "import", "--db", db, "--purchases", pur)
	assert.Equal(t, 0, code, errs)
	assert.Contains(t, out, "import 4\n")

	before := sum(t, db)
	cases := []struct {
		name string
		code int
		want string
		args []string
	}{
		{"missing file", 1, "cannot read", []string{"import", "--db", db, "--customers", filepath.Join(dir, "none.csv"), "--owner", "anna@example.de"}},
		{"no owner", 2, "--owner", []string{"import", "--db", db, "--customers", excel}},
		{"unknown owner", 1, "--owner", []string{"import", "--db", db, "--customers", excel, "--owner", "x@y.de"}},
		{"nothing to import", 2, "--customers or --purchases", []string{"import", "--db", db}},
		{"not a customer file", 1, "no Name or Firma", []string{"import", "--db", db, "--customers", pur, "--owner", "anna@example.de"}},
		{"undo without --by", 2, "--by is required", []string{"import", "--db", db, "--undo", "1"}},
		{"undo with a file", 2, "--undo goes without", []string{"import", "--db", db, "--undo", "1", "--by", "anna@example.de", "--customers", excel}},
		{"undo of no import", 1, "no import 99", []string{"import", "--db", db, "--undo", "99", "--by", "anna@example.de"}},
		{"undo by nobody", 1, "--by", []string{"import", "--db", db, "--undo", "1", "--by", "x@y.de"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := run(t, tc.args...)
			assert.Equal(t, tc.code, code)
			assert.Empty(t, out)
			assert.Contains(t, errs, tc.want)
		})
	}
	out = mustRun(t, "import", "--db", db, "--customers", excel, "--owner", "anna@example.de", "--dry-run")
	assert.Contains(t, out, "would import 3, rejected 1")
	assert.Equal(t, before, sum(t, db), "nothing written")
}

// The file of issue 12, through the command: the unclosed quote on line 3
// is one rejected line, in the dry run as in the import, and an import can
// be taken back.
func TestImportCommandUnclosedQuoteAndUndo(t *testing.T) {
	db := team(t)
	path := filepath.Join(t.TempDir(), "kunden.csv")
	require.NoError(t, os.WriteFile(path, []byte("Name;Firma;E-Mail\n"+
		"Anton Arndt;A;a@example.org\n"+
		"\"Unclosed quote;B;u@example.org\n"+
		"Carla Clausen;C;c@example.org\n"+
		"Dora Dietz;D;d@example.org\n"), 0o644))
	code, out, errs := run(t, "import", "--db", db, "--customers", path, "--owner", "anna@example.de", "--dry-run")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "would import 3, rejected 1")
	assert.Contains(t, errs, "rejected line 3")
	code, out, errs = run(t, "import", "--db", db, "--customers", path, "--owner", "anna@example.de")
	require.Equal(t, 0, code, errs)
	assert.Equal(t, "imported 3, rejected 1\nimport 1\n", out)
	assert.Contains(t, errs, "rejected line 3")
	assert.Contains(t, errs, "never closed")
	var rows []map[string]any
	require.NoError(t, json.Unmarshal([]byte(mustRun(t, "customers", "--db", db, "--json")), &rows))
	require.Len(t, rows, 4)
	for _, r := range rows {
		assert.NotContains(t, r["name"], "\n")
	}

	assert.Equal(t, "took back import 1: archived 3 customers, 0 purchases", mustRun(t, "import", "--db", db, "--undo", "1", "--by", "anna@example.de"))
	require.NoError(t, json.Unmarshal([]byte(mustRun(t, "customers", "--db", db, "--json")), &rows))
	assert.Len(t, rows, 1)
	code, _, errs = run(t, "import", "--db", db, "--undo", "1", "--by", "anna@example.de")
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "already taken back")
}

// On a terminal the import shows how far it is.
func TestImportCommandShowsProgress(t *testing.T) {
	db := team(t)
	path := filepath.Join(t.TempDir(), "kunden.csv")
	require.NoError(t, os.WriteFile(path, []byte("Name;E-Mail\nAnton;a@example.org\nBerta;b@example.org\n"), 0o644))
	name, _ := lookup([]string{"import"})
	var out, errb bytes.Buffer
	c := &cmdCtx{progress: true}
	code := runCommandWith(c, name, []string{"import", "--db", db, "--customers", path, "--owner", "anna@example.de"}, strings.NewReader(""), &out, &errb)
	require.Equal(t, 0, code, errb.String())
	assert.Equal(t, "\rimporting: 2 of 2 rows\n", errb.String())
}

func TestExportCommand(t *testing.T) {
	db := team(t)
	mustRun(t, "log", "--db", db, "--customer", "1", "--by", "anna@example.de", "--channel", "webform", "--in",
		"--summary", "=HYPERLINK(\"http://x.example\";\"Rabatt\")", "--at", "2026-11-20T08:00:00Z")
	dir := t.TempDir()
	path := filepath.Join(dir, "kontakte.csv")
	out := mustRun(t, "export", "--db", db, "--contacts", path, "--customers", filepath.Join(dir, "kunden.csv"))
	assert.Contains(t, out, "exported 1 contacts")
	assert.Contains(t, out, "exported 1 customers")
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(b), "\ufeff"))
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\ufeff")))
	r.Comma = ';'
	recs, err := r.ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 2)
	assert.Equal(t, "Summary", recs[0][9])
	assert.Equal(t, `'=HYPERLINK("http://x.example";"Rabatt")`, recs[1][9])
	assert.Equal(t, "Müller GmbH", recs[1][3])

	code, _, errs := run(t, "export", "--db", db)
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "--contacts")
	code, _, _ = run(t, "export", "--db", db, "--contacts", path, "--separator", "|")
	assert.Equal(t, 2, code)
	code, _, errs = run(t, "export", "--db", db, "--contacts", filepath.Join(dir, "no", "such", "k.csv"))
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "cannot write")
}
