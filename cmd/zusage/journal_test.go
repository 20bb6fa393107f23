package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Issue 12 headless: Bernd edits Anna's customer; the timeline shows each
// change with the field, the old and the new value, and the handover.
func TestCustomerEditCommandLeavesATrail(t *testing.T) {
	db := team(t)
	mustRun(t, "user", "add", "--db", db, "--name", "Bernd Baumann", "--email", "bernd@example.de")
	assert.Equal(t, "changed phone, notes, owner", mustRun(t, "customer", "edit", "--db", db, "--customer", "1", "--by", "bernd@example.de",
		"--phone", "+49 421 555-0", "--notes", "Zahlt nur per Überweisung", "--owner", "bernd@example.de"))
	assert.Equal(t, "nothing changed", mustRun(t, "customer", "edit", "--db", db, "--customer", "1", "--by", "bernd@example.de",
		"--phone", "+49 421 555-0"))
	assert.Equal(t, "changed company", mustRun(t, "customer", "edit", "--db", db, "--customer", "1", "--by", "anna@example.de",
		"--company", "Müller & Söhne GmbH"))

	var items []map[string]any
	require.NoError(t, json.Unmarshal([]byte(mustRun(t, "timeline", "--db", db, "--customer", "1", "--json")), &items))
	var events []map[string]any
	for _, it := range items {
		if it["about"] == "customer" {
			events = append(events, it)
		}
	}
	require.Len(t, events, 5)
	byField := map[string]map[string]any{}
	for _, e := range events {
		assert.Equal(t, "event", e["type"])
		if f, ok := e["field"].(string); ok {
			byField[f] = e
		}
	}
	phone := byField["phone"]
	require.NotNil(t, phone)
	assert.Equal(t, "changed", phone["event"])
	assert.Equal(t, "+49 421 777", phone["old"])
	assert.Equal(t, "+49 421 555-0", phone["new"])
	assert.Equal(t, "bernd@example.de", phone["by"])
	assert.Equal(t, `Bernd Baumann changed the phone from "+49 421 777" to "+49 421 555-0"`, phone["summary"])
	assert.Equal(t, "", byField["notes"]["old"], "an empty old value is there, not left out")
	assert.Equal(t, "anna@example.de", byField["company"]["by"])
	var hand map[string]any
	for _, e := range events {
		if e["event"] == "handed_over" {
			hand = e
		}
	}
	require.NotNil(t, hand)
	assert.Equal(t, "anna@example.de", hand["old_owner"])
	assert.Equal(t, "bernd@example.de", hand["new_owner"])
	assert.Equal(t, "Bernd Baumann took over the account from Anna Berg", hand["summary"])

	text := mustRun(t, "timeline", "--db", db, "--customer", "1")
	assert.Contains(t, text, `Bernd Baumann changed the phone from "+49 421 777" to "+49 421 555-0" (bernd@example.de)`)
	assert.Contains(t, text, `Anna Berg set the company to "Müller & Söhne GmbH"`)

	var rows []map[string]any
	require.NoError(t, json.Unmarshal([]byte(mustRun(t, "customers", "--db", db, "--json")), &rows))
	assert.Equal(t, "bernd@example.de", rows[0]["owner"])

	for _, tc := range []struct {
		code int
		want string
		args []string
	}{
		{2, "say what to change", []string{"customer", "edit", "--db", db, "--customer", "1", "--by", "anna@example.de"}},
		{2, "--by", []string{"customer", "edit", "--db", db, "--customer", "1", "--phone", "1"}},
		{1, "--owner", []string{"customer", "edit", "--db", db, "--customer", "1", "--by", "anna@example.de", "--owner", "x@example.de"}},
		{1, "--name: a name is required", []string{"customer", "edit", "--db", db, "--customer", "1", "--by", "anna@example.de", "--name", " "}},
		{1, "not found", []string{"customer", "edit", "--db", db, "--customer", "9", "--by", "anna@example.de", "--name", "x"}},
	} {
		code, _, errs := run(t, tc.args...)
		assert.Equal(t, tc.code, code, strings.Join(tc.args, " "))
		assert.Contains(t, errs, tc.want)
	}
}
