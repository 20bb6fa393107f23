package app

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zusage/zusage/data"
)

// Every decision data can return has words of its own in the app, in both
// languages; none falls through to a generic text or to data's code.
func TestEveryCodeHasItsOwnWords(t *testing.T) {
	newTeam(t) // sets up the translations
	seen := map[string]data.Code{}
	for _, c := range data.Codes {
		msg := translateValidation(&data.ValidationError{Field: "x", Code: c, Value: "v"})
		assert.NotEqual(t, string(c), msg, c)
		if c != data.CodeInvalid {
			assert.NotEqual(t, "This value is not valid", msg, c)
		}
		if other, dup := seen[msg]; dup {
			t.Errorf("%s and %s say the same: %q", c, other, msg)
		}
		seen[msg] = c
	}
	for _, c := range data.RefusedCodes {
		reason, _ := refusedWords(&data.RefusedError{Code: c})
		assert.NotEqual(t, string(c), reason, c)
	}
}
