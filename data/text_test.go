package data

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSanitize(t *testing.T) {
	line, multi := ruleFor("name"), ruleFor("notes")
	for _, tc := range []struct {
		in        string
		rule      textRule
		want      string
		wantBad   bool
		something string
	}{
		{"Müller GmbH", line, "Müller GmbH", false, "clean text stays"},
		{"  Müller GmbH \t", line, "Müller GmbH", false, "one line is trimmed"},
		{"M\x00ül\x01ler\x1b[31m GmbH\x7f", line, "Müller[31m GmbH", false, "NUL, controls, ESC and DEL go"},
		{"Müller\nGmbH", line, "Müller GmbH", false, "a line break in a name becomes a space"},
		{"eins\r\nzwei\rdrei\u2028vier\tfünf\x00", multi, "eins\nzwei\ndrei\nvier\tfünf", false, "notes keep line breaks and tabs"},
		{"Müller\u202eHbmG\u2066x\u2069", line, "MüllerHbmGx", false, "bidi overrides and isolates go from names"},
		{"عربي \u2067نص\u2069", multi, "عربي \u2067نص\u2069", false, "notes keep isolates"},
		{"M\xfcller", line, "M\ufffdller", true, "invalid UTF-8 is marked"},
		{"\x85C1 \u0085next", multi, "\ufffdC1 \nnext", true, "C1: an invalid byte, and NEL as a line break"},
		{"\u0080\u009fx", line, "x", false, "C1 controls go"},
	} {
		got, bad := sanitize(tc.in, tc.rule)
		assert.Equal(t, tc.want, got, tc.something)
		assert.Equal(t, tc.wantBad, bad, tc.something)
	}
	assert.Equal(t, "Kunde rot", TermSafe("Kunde \x1brot\n"))
	assert.False(t, strings.ContainsAny(TermSafe("a\x1b]0;title\x07b\u202ec"), "\x1b\x07\u202e"))
}
