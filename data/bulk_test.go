package data

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSQLLiteralQuotes(t *testing.T) {
	got := string(sqlLiteral(nil, "O'Neill's ''pumps''"))
	assert.Equal(t, `'O''Neill''s ''''pumps'''''`, got)
	assert.Equal(t, "NULL", string(sqlLiteral(nil, nil)))
	assert.Equal(t, "-7", string(sqlLiteral(nil, -7)))
	assert.Equal(t, "42", string(sqlLiteral(nil, uint(42))))
}
