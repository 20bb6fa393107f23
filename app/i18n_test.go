package app

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func readKeys(t *testing.T, path string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	out := map[string]string{}
	require.NoError(t, json.Unmarshal(b, &out), path)
	return out
}

// keyCall finds lang.L("…") calls with a literal key.
var keyCall = regexp.MustCompile(`lang\.L\(\s*("(?:[^"\\]|\\.)*")`)

// usedKeys scans the app's Go files for every lang.L key.
func usedKeys(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	var keys []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range keyCall.FindAllStringSubmatch(string(b), -1) {
			k, err := strconv.Unquote(m[1])
			require.NoError(t, err, "%s: %s", f, m[1])
			keys = append(keys, k)
		}
	}
	return keys
}

func TestTranslationKeysComplete(t *testing.T) {
	en := readKeys(t, "translations/en.json")
	de := readKeys(t, "translations/de.json")
	for k := range en {
		_, ok := de[k]
		assert.True(t, ok, "missing in de.json: %q", k)
	}
	for k := range de {
		_, ok := en[k]
		assert.True(t, ok, "missing in en.json: %q", k)
	}
	used := usedKeys(t)
	require.Greater(t, len(used), 100)
	for _, k := range used {
		_, ok := en[k]
		assert.True(t, ok, "lang.L key used in code but not in en.json: %q", k)
	}
	for k, v := range de {
		assert.NotEmpty(t, strings.TrimSpace(v), "empty German text for %q", k)
	}
}
