package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/zusage/zusage/data"
)

// Every decision data can return has its English words for the commands.
func TestEveryCodeHasEnglishWords(t *testing.T) {
	for _, c := range data.Codes {
		msg := validationText(&data.ValidationError{Field: "x", Code: c, Value: "v", ID: 3})
		assert.NotEqual(t, string(c), msg, c)
		assert.NotEmpty(t, msg, c)
	}
	for _, c := range data.RefusedCodes {
		assert.NotEqual(t, string(c), refusedText(&data.RefusedError{Code: c}), c)
	}
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	for _, l := range data.Levels {
		w := data.Warning{Level: l, Estimate: now, DueAt: now, ToldDueAt: now}
		assert.NotEqual(t, string(l), warningText(w, now, time.UTC), l)
	}
}
