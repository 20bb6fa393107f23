package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zusage/zusage/data"
)

// The bar of the PostgreSQL issue: a demo made with the same seed answers
// warnings, timeline, customers and scorecard alike on the file and on the
// server, and a move there and back keeps every count and checksum.
func TestSameDemoSameJSONOnFileAndServerAndMoveThereAndBack(t *testing.T) {
	fixedClock(t)
	file := filepath.Join(t.TempDir(), "office.zusage")
	other := data.TestDB(t, "server")
	if !data.IsServer(other) {
		other = filepath.Join(t.TempDir(), "second.zusage")
	}
	for _, db := range []string{file, other} {
		mustRun(t, "demo", "--db", db, "--customers", "120", "--users", "3", "--years", "1", "--seed", "9")
	}
	for _, args := range [][]string{
		{"warnings", "--json"},
		{"warnings", "--json", "--at", "2026-12-01T09:00:00Z"},
		{"customers", "--json"},
		{"customers", "--json", "--search", "mül"},
		{"customers", "--json", "--search", "GmbH"},
		{"scorecard", "--json"},
		{"timeline", "--json", "--customer", "1"},
		{"timeline", "--json", "--customer", "57", "--limit", "200"},
	} {
		a := mustRun(t, append([]string{args[0], "--db", file}, args[1:]...)...)
		b := mustRun(t, append([]string{args[0], "--db", other}, args[1:]...)...)
		assert.NotEqual(t, "[]", a, "%v says something", args)
		assert.Equal(t, a, b, "%v", args)
	}

	// There and back: the file's checksums at both ends, the source untouched.
	before := sum(t, file)
	there := data.TestDB(t, "there")
	out := mustRun(t, "move", "--from", file, "--to", there)
	assert.Contains(t, out, "counts and checksums match the source")
	assert.Equal(t, before, sum(t, file), "the source was not changed")
	back := filepath.Join(t.TempDir(), "back.zusage")
	out2 := mustRun(t, "move", "--from", there, "--to", back)
	table := func(s string) string { return s[strings.Index(s, "\n")+1 : strings.LastIndex(s, "\n")] }
	assert.Equal(t, table(out), table(out2), "the same rows and checksums there and back")
	want, err := data.Checksums(file)
	require.NoError(t, err)
	got, err := data.Checksums(back)
	require.NoError(t, err)
	assert.Equal(t, want, got)
	assert.Equal(t, mustRun(t, "warnings", "--db", file, "--json"), mustRun(t, "warnings", "--db", back, "--json"))

	// Never onto a database that holds a team; a usage error without --to.
	code, _, errs := run(t, "move", "--from", file, "--to", back)
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "already exists")
	code, _, _ = run(t, "move", "--from", file)
	assert.Equal(t, 2, code)
	_, err = os.Stat(back + ".moving")
	assert.True(t, os.IsNotExist(err))
}
