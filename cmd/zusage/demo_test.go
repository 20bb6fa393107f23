package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zusage/zusage/data"
	"github.com/zusage/zusage/data/demo"
)

func fixedClock(t *testing.T) {
	fixed := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	old := nowFunc
	nowFunc = func() time.Time { return fixed }
	t.Cleanup(func() { nowFunc = old })
}

func TestDemoCommandMakesAFileWithEveryWarning(t *testing.T) {
	fixedClock(t)
	db := data.TestDB(t, "demo.zusage")
	out := mustRun(t, "demo", "--db", db, "--customers", "40", "--users", "3", "--years", "1", "--seed", "5")
	assert.Contains(t, out, "made 3 salespeople, 40 customers,")
	assert.Contains(t, out, demo.UserEmail+" ")
	assert.Contains(t, out, "(the demo identity)")
	assert.Equal(t, 3+2, len(strings.Split(out, "\n")), "summary, hint and one line per salesperson:\n%s", out)

	var ws []map[string]any
	require.NoError(t, json.Unmarshal([]byte(mustRun(t, "warnings", "--db", db, "--json")), &ws))
	levels := map[string]bool{}
	for _, w := range ws {
		levels[w["level"].(string)] = true
	}
	for _, l := range []string{"soon", "slipped", "silent", "at_risk", "no_next_step"} {
		assert.True(t, levels[l], "level %s", l)
	}
	// The demo identity works with --by.
	id := mustRun(t, "customer", "add", "--db", db, "--name", "Neukunde GmbH", "--owner", demo.UserEmail)
	assert.Equal(t, "41", id)
}

func TestDemoCommandRefusesRealData(t *testing.T) {
	db := team(t)
	before := sum(t, db)
	code, out, errs := run(t, "demo", "--db", db)
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	assert.Contains(t, errs, "already has 1 customers")
	assert.Equal(t, 1, strings.Count(errs, "\n"), "one line: %q", errs)
	assert.Equal(t, before, sum(t, db), "the file is unchanged")
}

func TestDemoCommandUsage(t *testing.T) {
	for _, args := range [][]string{
		{"demo"},
		{"demo", "--db", "x.zusage", "--customers", "zero"},
		{"demo", "--db", "x.zusage", "--customers", "0"},
		{"demo", "--db", "x.zusage", "--years", "-1"},
		{"demo", "--db", "x.zusage", "extra"},
	} {
		code, _, errs := run(t, args...)
		assert.Equal(t, 2, code, "%v", args)
		assert.Contains(t, errs, "usage: zusage demo", "%v", args)
	}
}

func TestProgressBarDrawsOneLine(t *testing.T) {
	var b bytes.Buffer
	p := progressBar(&b, "generating")
	for i := 0; i <= 10; i++ {
		p(i, 10)
	}
	p(10, 10)
	s := b.String()
	assert.Equal(t, 11, strings.Count(s, "\r"), "one redraw per percent step, none repeated")
	assert.True(t, strings.HasSuffix(s, "100%\n"), "%q", s)
	assert.Contains(t, s, "[###############               ]  50%")
}
