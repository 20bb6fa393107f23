package main

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDraftPrintsSubjectBodyAndMailto(t *testing.T) {
	db := team(t)
	mustRun(t, "customer", "add", "--db", db, "--name", "Jane Doe", "--owner", "anna@example.de", "--email", "jane@example.com", "--language", "en")
	id := mustRun(t, "promise", "--db", db, "--customer", "2", "--by", "anna@example.de", "--kind", "answer",
		"--title", "Price & delivery?", "--due", "2026-11-27")

	out := mustRun(t, "draft", "--db", db, "--commitment", id, "--kind", "delay", "--new-due", "2026-12-04")
	assert.True(t, strings.HasPrefix(out, "To: jane@example.com\nSubject: Update: Price & delivery?\n\nHello Jane Doe,"), out)
	assert.Contains(t, out, "The new date is Friday, 4 December 2026.")
	assert.Contains(t, out, "Direct line: +49 30 1234-56")
	lines := strings.Split(out, "\n")
	assert.True(t, strings.HasPrefix(lines[len(lines)-1], "mailto:jane@example.com?subject=Update%3A%20Price%20%26%20delivery%3F&body="))

	code, js, errs := run(t, "draft", "--db", db, "--commitment", id, "--kind", "delay", "--lang", "de", "--json")
	require.Equal(t, 0, code, errs)
	var d map[string]any
	require.NoError(t, json.Unmarshal([]byte(js), &d))
	for _, k := range []string{"to", "subject", "body", "mailto"} {
		assert.Contains(t, d, k)
	}
	assert.Equal(t, "Zwischenstand: Price & delivery?", d["subject"])
	u, err := url.Parse(d["mailto"].(string))
	require.NoError(t, err)
	q, err := url.ParseQuery(u.RawQuery)
	require.NoError(t, err)
	assert.Equal(t, d["subject"], q.Get("subject"))
	assert.Equal(t, strings.ReplaceAll(d["body"].(string), "\n", "\r\n"), q.Get("body"))
	assert.Contains(t, d["body"], "noch nicht sicher nennen", "no new date given")

	intro := mustRun(t, "draft", "--db", db, "--customer", "1", "--kind", "intro")
	assert.Contains(t, intro, "Subject: Ihr Ansprechpartner bei uns: Anna Berg", "the team's default language")
	assert.NotContains(t, intro, "To:", "the customer has no e-mail on file")
}

func TestDraftUsageAndRefusals(t *testing.T) {
	db := team(t)
	id := mustRun(t, "promise", "--db", db, "--customer", "1", "--by", "anna@example.de", "--kind", "answer",
		"--title", "Preisfrage", "--due", "2026-11-27")
	for _, args := range [][]string{
		{"draft", "--db", db, "--commitment", id},
		{"draft", "--db", db, "--commitment", id, "--kind", "letter"},
		{"draft", "--db", db, "--kind", "delay"},
		{"draft", "--db", db, "--commitment", id, "--customer", "1", "--kind", "delay"},
		{"draft", "--db", db, "--customer", "1", "--kind", "delay"},
		{"draft", "--db", db, "--commitment", id, "--kind", "delay", "--lang", "fr"},
		{"draft", "--db", db, "--customer", "1", "--kind", "intro", "--new-due", "2026-12-01"},
	} {
		code, _, errs := run(t, args...)
		assert.Equal(t, 2, code, "%v: %s", args, errs)
	}
	code, _, errs := run(t, "draft", "--db", db, "--commitment", id, "--kind", "callback")
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "zusage draft: --kind:")
	code, _, _ = run(t, "draft", "--db", db, "--commitment", "99", "--kind", "delay")
	assert.Equal(t, 1, code)
}
