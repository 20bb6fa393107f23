package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zusage/zusage/data"
)

// run calls a sub-command in-process and returns its exit status and output.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	name, ok := lookup(args)
	require.True(t, ok, "unknown command %v", args)
	var out, errb bytes.Buffer
	code := runCommand(name, args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// mustRun runs a command that must succeed and returns its trimmed stdout.
func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errs := run(t, args...)
	require.Equal(t, 0, code, "zusage %s: %s", strings.Join(args, " "), errs)
	return strings.TrimSpace(out)
}

// team makes a database with one salesperson and one customer.
func team(t *testing.T) string {
	t.Helper()
	fixed := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	old := nowFunc
	nowFunc = func() time.Time { return fixed }
	t.Cleanup(func() { nowFunc = old })
	db := data.TestDB(t, "z.db")
	assert.Equal(t, "1", mustRun(t, "user", "add", "--db", db, "--name", "Anna Berg", "--email", "anna@example.de", "--phone", "+49 30 1234-56"))
	assert.Equal(t, "1", mustRun(t, "customer", "add", "--db", db, "--name", "Müller GmbH", "--owner", "anna@example.de", "--phone", "+49 421 777"))
	return db
}

// sum is what the database at path holds: the file's bytes, or on a server
// every table's checksum.
func sum(t *testing.T, path string) [32]byte {
	if data.IsServer(path) {
		sums, err := data.Checksums(path)
		require.NoError(t, err)
		return sha256.Sum256([]byte(fmt.Sprint(sums)))
	}
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return sha256.Sum256(b)
}

// fileOnly skips a test of the SQLite file itself when the tests run on a
// PostgreSQL server.
func fileOnly(t *testing.T) {
	t.Helper()
	if data.TestBackend() != data.BackendSQLite {
		t.Skip("about the SQLite file")
	}
}

func TestPromiseRescheduleAndWarningsJSON(t *testing.T) {
	db := team(t)
	// The callback was promised two days ago; its time has passed since.
	fixed := nowFunc
	nowFunc = func() time.Time { return time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC) }
	id := mustRun(t, "promise", "--db", db, "--customer", "1", "--by", "anna@example.de", "--kind", "callback",
		"--title", "Preisfrage", "--due", "2026-11-23T10:00:00Z")
	nowFunc = fixed
	assert.Equal(t, "1", id)
	mustRun(t, "promise", "--db", db, "--customer", "1", "--by", "anna@example.de", "--kind", "delivery",
		"--title", "Pumpe X200", "--due", "2026-12-04", "--estimate", "2026-12-08")
	mustRun(t, "promise", "--db", db, "--customer", "1", "--by", "anna@example.de", "--kind", "standing",
		"--title", "Zahlung auf Rechnung")

	out := mustRun(t, "warnings", "--db", db, "--json")
	var ws []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &ws))
	require.Len(t, ws, 2)
	assert.Equal(t, "silent", ws[0]["level"])
	assert.EqualValues(t, 1, ws[0]["commitment_id"])
	assert.EqualValues(t, 1, ws[0]["customer_id"])
	assert.Equal(t, "Müller GmbH", ws[0]["customer"])
	assert.Equal(t, "anna@example.de", ws[0]["owner"])
	assert.Equal(t, "callback", ws[0]["kind"])
	assert.Equal(t, "Preisfrage", ws[0]["title"])
	assert.Equal(t, "2026-11-23T10:00:00Z", ws[0]["due"])
	assert.Equal(t, "2026-11-23T10:00:00Z", ws[0]["told_due"])
	assert.Contains(t, ws[0]["message"], "heard nothing")
	assert.Equal(t, "at_risk", ws[1]["level"])
	assert.Equal(t, "2026-12-04", ws[1]["due"])

	// A delay notice turns silent into slipped; a reschedule clears it.
	mustRun(t, "log", "--db", db, "--customer", "1", "--by", "anna@example.de", "--channel", "email",
		"--summary", "Rückruf verschiebt sich", "--about", "1", "--delay-notice")
	out = mustRun(t, "warnings", "--db", db, "--json")
	require.NoError(t, json.Unmarshal([]byte(out), &ws))
	assert.Equal(t, "slipped", ws[0]["level"])

	// Moved without telling the customer (no flag): they still expect the
	// time they were told, and the warnings say so.
	out = mustRun(t, "reschedule", "--db", db, "--commitment", "1", "--by", "anna@example.de", "--due", "2026-11-25T10:00:00Z", "--reason", "wir brauchen länger")
	assert.Contains(t, out, "sequence 1")
	out = mustRun(t, "warnings", "--db", db, "--json", "--at", "2026-11-24T10:00:00Z")
	require.NoError(t, json.Unmarshal([]byte(out), &ws))
	require.Len(t, ws, 2)
	assert.Equal(t, "untold", ws[0]["level"])
	assert.Equal(t, "2026-11-25T10:00:00Z", ws[0]["due"])
	assert.Equal(t, "2026-11-23T10:00:00Z", ws[0]["told_due"])
	assert.Contains(t, ws[0]["message"], "not yet told")

	// At the customer's request: the new date is the one they know.
	out = mustRun(t, "reschedule", "--db", db, "--commitment", "1", "--by", "anna@example.de", "--due", "2026-11-26T10:00:00Z", "--reason", "Kunde bat um Donnerstag", "--customer-asked")
	assert.Contains(t, out, "sequence 2")
	out = mustRun(t, "warnings", "--db", db, "--json", "--at", "2026-11-24T10:00:00Z")
	require.NoError(t, json.Unmarshal([]byte(out), &ws))
	require.Len(t, ws, 1)
	assert.Equal(t, "at_risk", ws[0]["level"])
	code, _, errs := run(t, "reschedule", "--db", db, "--commitment", "1", "--by", "anna@example.de", "--due", "2026-11-27T10:00:00Z", "--reason", "x", "--told", "--customer-asked")
	assert.Equal(t, 2, code, errs)

	// Until it is past due again, silently.
	out = mustRun(t, "warnings", "--db", db, "--json", "--at", "2026-11-26T11:00:00Z", "--owner", "anna@example.de")
	require.NoError(t, json.Unmarshal([]byte(out), &ws))
	assert.Equal(t, "silent", ws[0]["level"])
	assert.Equal(t, "2026-11-26T10:00:00Z", ws[0]["due"])

	txt := mustRun(t, "warnings", "--db", db)
	assert.Contains(t, txt, "promise #2")
}

func TestNoNextStepHasNullCommitment(t *testing.T) {
	db := team(t)
	out := mustRun(t, "warnings", "--db", db, "--json", "--at", "2027-01-30T10:00:00Z")
	var ws []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &ws))
	require.Len(t, ws, 1)
	assert.Equal(t, "no_next_step", ws[0]["level"])
	assert.Nil(t, ws[0]["commitment_id"])
	assert.Contains(t, out, `"commitment_id": null`)
}

func TestTimelineJSONOpenFirstThenNewest(t *testing.T) {
	db := team(t)
	mustRun(t, "log", "--db", db, "--customer", "1", "--by", "anna@example.de", "--channel", "phone", "--in",
		"--summary", "Anfrage per Telefon", "--at", "2026-11-20T08:00:00Z")
	mustRun(t, "promise", "--db", db, "--customer", "1", "--by", "anna@example.de", "--kind", "answer",
		"--title", "Detailfragen klären", "--due", "2026-11-26")
	mustRun(t, "done", "--db", db, "--commitment", "1", "--by", "anna@example.de", "--note", "beantwortet")
	mustRun(t, "promise", "--db", db, "--customer", "1", "--by", "anna@example.de", "--kind", "callback",
		"--title", "Rückruf", "--due", "2026-11-25T09:00:00Z")

	out := mustRun(t, "timeline", "--db", db, "--customer", "1", "--json")
	var items []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &items))
	require.Len(t, items, 6, "open promise, three promise events, the customer's creation, the contact")
	assert.Equal(t, "commitment", items[0]["type"])
	assert.Equal(t, "Rückruf", items[0]["summary"])
	assert.Equal(t, "anna@example.de", items[0]["by"])
	for _, k := range []string{"at", "type", "id", "summary", "by"} {
		for _, it := range items {
			assert.Contains(t, it, k)
		}
	}
	assert.Equal(t, "contact", items[5]["type"], "the oldest entry comes last")
	assert.Equal(t, "in", items[5]["direction"])
	assert.Equal(t, "customer", items[4]["about"])
	assert.Equal(t, "commitment", items[3]["about"])

	out = mustRun(t, "timeline", "--db", db, "--customer", "1", "--limit", "1", "--json")
	require.NoError(t, json.Unmarshal([]byte(out), &items))
	assert.Len(t, items, 2, "open promises plus one entry")
}

func TestCancelAndDone(t *testing.T) {
	db := team(t)
	mustRun(t, "promise", "--db", db, "--customer", "1", "--by", "anna@example.de", "--kind", "visit",
		"--title", "Besuch vor Ort", "--due", "2026-11-27T13:00:00Z")
	code, _, errs := run(t, "cancel", "--db", db, "--commitment", "1", "--by", "anna@example.de")
	assert.Equal(t, 2, code, "--reason is required")
	assert.Contains(t, errs, "--reason")
	assert.Contains(t, mustRun(t, "cancel", "--db", db, "--commitment", "1", "--by", "anna@example.de", "--reason", "Kunde sagt ab"), "sequence 1")
	code, _, errs = run(t, "done", "--db", db, "--commitment", "1", "--by", "anna@example.de")
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "already cancelled")
}

func TestBadInputExitsNonZeroAndWritesNothing(t *testing.T) {
	db := team(t)
	mustRun(t, "promise", "--db", db, "--customer", "1", "--by", "anna@example.de", "--kind", "offer",
		"--title", "Angebot", "--due", "2026-12-01")
	before := sum(t, db)
	cases := []struct {
		name string
		code int
		want string
		args []string
	}{
		{"unknown customer", 1, "customer #99", []string{"log", "--db", db, "--customer", "99", "--by", "anna@example.de", "--channel", "phone", "--summary", "x"}},
		{"impossible date", 1, "2030-02-30", []string{"promise", "--db", db, "--customer", "1", "--by", "anna@example.de", "--kind", "offer", "--title", "x", "--due", "2030-02-30"}},
		{"deadline in the past", 1, "--due: this moment has already passed", []string{"promise", "--db", db, "--customer", "1", "--by", "anna@example.de", "--kind", "offer", "--title", "x", "--due", "2020-01-01"}},
		{"year zero", 1, "--due: before 2000-01-01", []string{"promise", "--db", db, "--customer", "1", "--by", "anna@example.de", "--kind", "offer", "--title", "x", "--due", "0000-01-01"}},
		{"far ahead", 1, "--due: after 2036-11-24", []string{"promise", "--db", db, "--customer", "1", "--by", "anna@example.de", "--kind", "offer", "--title", "x", "--due", "2037-01-01"}},
		{"estimate in the past", 1, "--estimate: this moment has already passed", []string{"promise", "--db", db, "--customer", "1", "--by", "anna@example.de", "--kind", "offer", "--title", "x", "--due", "2026-12-10", "--estimate", "2026-11-01"}},
		{"reschedule into the past", 1, "--due: this moment has already passed", []string{"reschedule", "--db", db, "--commitment", "1", "--by", "anna@example.de", "--due", "2026-11-20", "--reason", "x"}},
		{"delay notice with a date in the past", 1, "--new-due: this moment has already passed", []string{"log", "--db", db, "--customer", "1", "--by", "anna@example.de", "--channel", "phone", "--summary", "x", "--about", "1", "--delay-notice", "--new-due", "2026-11-20"}},
		{"contact before 2000", 1, "--at: before 2000-01-01", []string{"log", "--db", db, "--customer", "1", "--by", "anna@example.de", "--channel", "phone", "--summary", "x", "--at", "1999-12-31T10:00:00Z"}},
		{"look-alike e-mail", 1, "look-alike", []string{"user", "add", "--db", db, "--name", "Eve", "--email", "eve@еxample.de"}},
		{"umlaut before the @", 1, "before the @", []string{"user", "add", "--db", db, "--name", "Jürgen", "--email", "jürgen@example.de"}},
		{"impossible reschedule", 1, "2030-02-30", []string{"reschedule", "--db", db, "--commitment", "1", "--by", "anna@example.de", "--due", "2030-02-30", "--reason", "x"}},
		{"missing owner", 2, "--owner", []string{"customer", "add", "--db", db, "--name", "Ohne"}},
		{"unknown owner", 1, "nobody@example.de", []string{"customer", "add", "--db", db, "--name", "Ohne", "--owner", "nobody@example.de"}},
		{"unknown channel", 1, "fax", []string{"log", "--db", db, "--customer", "1", "--by", "anna@example.de", "--channel", "fax", "--summary", "x"}},
		{"unknown kind", 1, "gift", []string{"promise", "--db", db, "--customer", "1", "--by", "anna@example.de", "--kind", "gift", "--title", "x", "--due", "2026-12-01"}},
		{"empty summary", 1, "summary", []string{"log", "--db", db, "--customer", "1", "--by", "anna@example.de", "--channel", "phone", "--summary", "  "}},
		{"bad time", 1, "--at", []string{"log", "--db", db, "--customer", "1", "--by", "anna@example.de", "--channel", "phone", "--summary", "x", "--at", "gestern"}},
		{"unknown salesperson", 1, "--by", []string{"log", "--db", db, "--customer", "1", "--by", "x@y.de", "--channel", "phone", "--summary", "x"}},
		{"unknown promise", 1, "#7", []string{"done", "--db", db, "--commitment", "7", "--by", "anna@example.de"}},
		{"not a number", 2, "--customer", []string{"timeline", "--db", db, "--customer", "abc"}},
		{"unknown flag", 2, "flag provided but not defined", []string{"warnings", "--db", db, "--colour"}},
		{"missing db", 2, "--db", []string{"warnings"}},
		{"no database file", 1, "no database file", []string{"warnings", "--db", filepath.Join(t.TempDir(), "none.db")}},
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

func TestHelpListsCommands(t *testing.T) {
	code, out, _ := run(t, "help")
	assert.Equal(t, 0, code)
	for _, c := range []string{"warnings", "timeline", "reschedule", "user add", "customer add"} {
		assert.Contains(t, out, "zusage "+c)
	}
}

func TestLogWithProductAndConcern(t *testing.T) {
	db := team(t)
	mustRun(t, "product", "add", "--db", db, "--name", "Pumpe X200")
	mustRun(t, "log", "--db", db, "--customer", "1", "--by", "anna@example.de", "--channel", "phone", "--in",
		"--summary", "Dichtung tropft", "--product", "Pumpe X200", "--concern", "leak")
	s, err := data.Open(db)
	require.NoError(t, err)
	defer s.Close()
	rows, err := s.TopConcerns(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), 5)
	require.NoError(t, err)
	require.Len(t, rows, 1)
	assert.Equal(t, "Pumpe X200", rows[0].Product)

	before := sum(t, db)
	code, _, errs := run(t, "log", "--db", db, "--customer", "1", "--by", "anna@example.de", "--channel", "phone",
		"--summary", "x", "--product", "Pumpe Y")
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "--product")
	assert.Equal(t, before, sum(t, db), "a rejected contact writes nothing")
}

func TestUserArchiveHandsOverAndLocksOut(t *testing.T) {
	db := team(t)
	mustRun(t, "user", "add", "--db", db, "--name", "Bernd Kurz", "--email", "bernd@example.de")
	mustRun(t, "promise", "--db", db, "--customer", "1", "--by", "anna@example.de", "--kind", "offer", "--title", "Angebot", "--due", "2026-12-10")
	code, _, errs := run(t, "user", "archive", "--db", db, "--email", "anna@example.de")
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "--hand-to")
	out := mustRun(t, "user", "archive", "--db", db, "--email", "ANNA@example.de", "--hand-to", "bernd@example.de")
	assert.Contains(t, out, "1 customers and 1 open promises now belong to bernd@example.de")
	code, _, errs = run(t, "log", "--db", db, "--customer", "1", "--by", "anna@example.de", "--channel", "phone", "--summary", "x")
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "--by: salesperson #1 has left the team")
	out = mustRun(t, "customers", "--db", db, "--json")
	assert.Contains(t, out, `"owner": "bernd@example.de"`)
	assert.Contains(t, mustRun(t, "user", "unarchive", "--db", db, "--email", "anna@example.de"), "on the team again")
	mustRun(t, "log", "--db", db, "--customer", "1", "--by", "anna@example.de", "--channel", "phone", "--summary", "wieder da")
}
