package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zusage/zusage/data"
)

// noControl fails when s holds a character a terminal would act on.
func noControl(t *testing.T, s, what string) {
	t.Helper()
	for _, r := range s {
		if r == '\n' || r == '\t' {
			continue
		}
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069') {
			t.Errorf("%s prints %U: %q", what, r, s)
			return
		}
	}
}

// Bad text through the command line: cleaned or refused with the flag
// named, as in the app (the same Store operation decides).
func TestBadTextThroughTheCommands(t *testing.T) {
	db := team(t)
	id := mustRun(t, "customer", "add", "--db", db, "--name", "Mül\x07ler\x1b[31m GmbH\u202e", "--owner", "anna@example.de",
		"--company", "Zeile 1\nZeile 2")
	var rows []map[string]any
	out := mustRun(t, "customers", "--db", db, "--search", "GmbH", "--json")
	require.NoError(t, jsonUnmarshal(out, &rows))
	require.Len(t, rows, 2)
	for _, r := range rows {
		if r["id"] == float64(2) {
			assert.Equal(t, "Müller[31m GmbH", r["name"])
			assert.Equal(t, "Zeile 1 Zeile 2", r["company"])
		}
	}
	assert.Equal(t, "2", id)

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"customer", "add", "--db", db, "--name", "M\xfcller", "--owner", "anna@example.de"}, "--name: is not valid UTF-8"},
		{[]string{"customer", "add", "--db", db, "--name", strings.Repeat("x", 201), "--owner", "anna@example.de"}, "--name: too long: 201 characters, at most 200"},
		{[]string{"customer", "edit", "--db", db, "--customer", "1", "--by", "anna@example.de", "--notes", "\xff"}, "--notes: is not valid UTF-8"},
		{[]string{"log", "--db", db, "--customer", "1", "--by", "anna@example.de", "--channel", "phone", "--summary", strings.Repeat("ä", 2001)}, "--summary: too long: 2001 characters, at most 2000"},
		{[]string{"promise", "--db", db, "--customer", "1", "--by", "anna@example.de", "--kind", "standing", "--title", strings.Repeat("t", 301)}, "--title: too long: 301 characters, at most 300"},
	} {
		code, _, errs := run(t, tc.args...)
		assert.Equal(t, 1, code, tc.want)
		assert.Contains(t, errs, tc.want)
	}
}

// Text stored before the rules (or put into the file by another tool) is
// printed without control characters by every command: as text and JSON.
func TestCommandsNeverPrintControlCharacters(t *testing.T) {
	db := team(t)
	s, err := data.OpenWith(db, data.Options{MustExist: true})
	require.NoError(t, err)
	hostile := "Mül\x00ler\x1b]0;pwned\x07\x1b[2J\u202eHbmG\x9b31m\x7f\xff"
	if data.IsServer(db) {
		// PostgreSQL stores neither NUL nor bytes that are not UTF-8, not
		// even from another tool: the rest of the hostile text it does.
		hostile = strings.ToValidUTF8(strings.ReplaceAll(hostile, "\x00", "\x01"), "\u009b")
	}
	require.NoError(t, s.DB().Exec("UPDATE customers SET name = ?, company = ?, notes = ? WHERE id = 1", hostile, hostile, hostile).Error)
	require.NoError(t, s.DB().Exec(`INSERT INTO contacts (customer_id, user_id, at, channel, direction, summary, notes) VALUES (1, 1, 1764000000, 'phone', 'in', ?, ?)`, hostile, hostile).Error)
	require.NoError(t, s.Close())

	for _, args := range [][]string{
		{"timeline", "--db", db, "--customer", "1"},
		{"timeline", "--db", db, "--customer", "1", "--json"},
		{"customers", "--db", db},
		{"customers", "--db", db, "--json"},
		{"warnings", "--db", db},
		{"warnings", "--db", db, "--json"},
		{"customer", "edit", "--db", db, "--customer", "1", "--by", "anna@example.de", "--phone", "1"},
		{"log", "--db", db, "--customer", "1", "--by", "nobody\x1b[2J@example.de", "--channel", "phone", "--summary", "x"},
	} {
		_, out, errs := run(t, args...)
		noControl(t, out, strings.Join(args[:1], " ")+" stdout")
		noControl(t, errs, strings.Join(args[:1], " ")+" stderr")
	}
	_, out, _ := run(t, "timeline", "--db", db, "--customer", "1", "--json")
	assert.Contains(t, out, `\u202e`, "JSON keeps the character, escaped")

	// An import's rejections name the offending value, also without them.
	path := filepath.Join(t.TempDir(), "k.csv")
	require.NoError(t, os.WriteFile(path, []byte("Name;E-Mail\nAnna;\"a\x1b[2J@x\"\n"), 0o644))
	_, out, errs := run(t, "import", "--db", db, "--customers", path, "--owner", "anna@example.de")
	noControl(t, out+errs, "import")
	assert.Contains(t, errs, "rejected line 2")
}

// A UTF-8 file with stray bytes: the line imports with U+FFFD, and the
// command says which line and field.
func TestImportCommandReportsRepairedLines(t *testing.T) {
	db := team(t)
	path := filepath.Join(t.TempDir(), "k.csv")
	require.NoError(t, os.WriteFile(path, []byte("Name;Notizen\nJürgen Müller;Grüße\nM\xfcller;ok\n"), 0o644))
	code, out, errs := run(t, "import", "--db", db, "--customers", path, "--owner", "anna@example.de")
	require.Equal(t, 0, code, errs)
	assert.Equal(t, "imported 2, rejected 0\nimport 1\n", out)
	assert.Contains(t, errs, "repaired line 3 (M\ufffdller): bytes that are not UTF-8 in name, imported as \ufffd")
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }
