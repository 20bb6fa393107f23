package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gical "github.com/arran4/golang-ical"
	"github.com/emersion/go-ical"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readICS parses a written calendar with go-ical and golang-ical and returns
// its METHOD and the STATUS of each event.
func readICS(t *testing.T, path string) (string, []string) {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.True(t, bytes.HasSuffix(b, []byte("END:VCALENDAR\r\n")))
	cal, err := ical.NewDecoder(bytes.NewReader(b)).Decode()
	require.NoError(t, err)
	other, err := gical.ParseCalendar(bytes.NewReader(b))
	require.NoError(t, err)
	require.Len(t, other.Events(), len(cal.Events()), "both parsers see the same events")
	method, err := cal.Props.Text(ical.PropMethod)
	require.NoError(t, err)
	var status []string
	for _, ev := range cal.Events() {
		s, err := ev.Props.Text(ical.PropStatus)
		require.NoError(t, err)
		status = append(status, s)
	}
	return method, status
}

func TestICSInviteCancelAndFeed(t *testing.T) {
	db := team(t)
	dir := t.TempDir()
	mustRun(t, "promise", "--db", db, "--customer", "1", "--by", "anna@example.de", "--kind", "callback",
		"--title", "Preisfrage", "--due", "2026-11-26T10:00:00Z")
	mustRun(t, "promise", "--db", db, "--customer", "1", "--by", "anna@example.de", "--kind", "delivery",
		"--title", "Pumpe X200", "--due", "2026-12-04")
	mustRun(t, "promise", "--db", db, "--customer", "1", "--by", "anna@example.de", "--kind", "standing",
		"--title", "Zahlung auf Rechnung")

	invite := filepath.Join(dir, "invite.ics")
	out := mustRun(t, "ics", "--db", db, "--out", invite, "--commitment", "1")
	assert.Equal(t, "1 event written to "+invite+" (invite, METHOD:REQUEST)", out)
	method, status := readICS(t, invite)
	assert.Equal(t, "REQUEST", method)
	assert.Equal(t, []string{"CONFIRMED"}, status)
	b, _ := os.ReadFile(invite)
	assert.Contains(t, string(b), "SUMMARY:Rückruf: Müller GmbH — Preisfrage\r\n")

	out = mustRun(t, "ics", "--db", db, "--out", invite, "--commitment", "1", "--lang", "en")
	assert.Contains(t, out, "METHOD:REQUEST")
	b, _ = os.ReadFile(invite)
	assert.Contains(t, string(b), "SUMMARY:Callback: Müller GmbH — Preisfrage\r\n")

	feed := filepath.Join(dir, "anna.ics")
	out = mustRun(t, "ics", "--db", db, "--out", feed, "--owner", "anna@example.de")
	assert.Equal(t, "2 events written to "+feed+" (feed, METHOD:PUBLISH)", out)
	method, status = readICS(t, feed)
	assert.Equal(t, "PUBLISH", method)
	assert.Equal(t, []string{"CONFIRMED", "CONFIRMED"}, status)

	out = mustRun(t, "ics", "--db", db, "--out", feed, "--from", "2026-12-01", "--to", "2026-12-04")
	assert.True(t, strings.HasPrefix(out, "1 event written"), out)
	out = mustRun(t, "ics", "--db", db, "--out", feed, "--from", "2026-12-01", "--to", "2026-12-03")
	assert.True(t, strings.HasPrefix(out, "0 events written"), "--to is the last day, included: %s", out)
	method, status = readICS(t, feed)
	assert.Equal(t, "PUBLISH", method)
	assert.Empty(t, status, "an empty feed is still a calendar")

	mustRun(t, "cancel", "--db", db, "--commitment", "1", "--by", "anna@example.de", "--reason", "Kunde hat angerufen")
	out = mustRun(t, "ics", "--db", db, "--out", invite, "--commitment", "1")
	assert.Equal(t, "1 event written to "+invite+" (cancellation, METHOD:CANCEL)", out)
	method, status = readICS(t, invite)
	assert.Equal(t, "CANCEL", method)
	assert.Equal(t, []string{"CANCELLED"}, status)

	mustRun(t, "ics", "--db", db, "--out", feed)
	method, status = readICS(t, feed)
	assert.Equal(t, "PUBLISH", method)
	assert.Equal(t, []string{"CANCELLED", "CONFIRMED"}, status, "the cancelled callback stays in the feed as cancelled")

	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 2, "no temp files left")
}

func TestICSBadInput(t *testing.T) {
	db := team(t)
	mustRun(t, "promise", "--db", db, "--customer", "1", "--by", "anna@example.de", "--kind", "standing",
		"--title", "Zahlung auf Rechnung")
	dir := t.TempDir()
	existing := filepath.Join(dir, "keep.ics")
	require.NoError(t, os.WriteFile(existing, []byte("old content"), 0o644))
	before := sum(t, db)
	cases := []struct {
		name string
		code int
		want string
		args []string
	}{
		{"commitment and owner", 2, "--owner", []string{"ics", "--db", db, "--out", existing, "--commitment", "1", "--owner", "anna@example.de"}},
		{"commitment and from", 2, "--from", []string{"ics", "--db", db, "--out", existing, "--commitment", "1", "--from", "2026-12-01"}},
		{"missing out", 2, "--out", []string{"ics", "--db", db, "--owner", "anna@example.de"}},
		{"missing db", 2, "--db", []string{"ics", "--out", existing}},
		{"not a number", 2, "--commitment", []string{"ics", "--db", db, "--out", existing, "--commitment", "eins"}},
		{"unknown language", 2, "--lang", []string{"ics", "--db", db, "--out", existing, "--lang", "fr"}},
		{"unknown flag", 2, "flag provided but not defined", []string{"ics", "--db", db, "--out", existing, "--colour"}},
		{"unknown promise", 1, "#99", []string{"ics", "--db", db, "--out", existing, "--commitment", "99"}},
		{"standing promise", 1, "standing", []string{"ics", "--db", db, "--out", existing, "--commitment", "1"}},
		{"unknown owner", 1, "nobody@example.de", []string{"ics", "--db", db, "--out", existing, "--owner", "nobody@example.de"}},
		{"impossible date", 1, "2026-02-30", []string{"ics", "--db", db, "--out", existing, "--from", "2026-02-30"}},
		{"time instead of date", 1, "--to", []string{"ics", "--db", db, "--out", existing, "--to", "2026-12-01T10:00:00Z"}},
		{"to before from", 1, "--to", []string{"ics", "--db", db, "--out", existing, "--from", "2026-12-01", "--to", "2026-11-01"}},
		{"folder missing", 1, "missing", []string{"ics", "--db", db, "--out", filepath.Join(dir, "missing", "x.ics")}},
		{"no database file", 1, "no database file", []string{"ics", "--db", filepath.Join(dir, "none.db"), "--out", existing}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := run(t, tc.args...)
			assert.Equal(t, tc.code, code, errs)
			assert.Empty(t, out)
			assert.Contains(t, errs, tc.want)
			if tc.code == 1 {
				assert.Equal(t, 1, strings.Count(errs, "\n"), "one line: %q", errs)
			}
			b, err := os.ReadFile(existing)
			require.NoError(t, err)
			assert.Equal(t, "old content", string(b), "the file is left as it was")
		})
	}
	assert.Equal(t, before, sum(t, db), "the database is not written")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temp files left, nothing else written")
}
