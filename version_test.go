package zusage

import (
	"os"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAboutComesFromFyneAppTOML(t *testing.T) {
	onDisk, err := os.ReadFile("FyneApp.toml")
	require.NoError(t, err)
	want, err := parse(onDisk)
	require.NoError(t, err)

	got := About()
	assert.Equal(t, "Zusage", got.Name)
	assert.Equal(t, "org.zusage.app", got.ID, "the preferences of every desktop live under this ID")
	assert.Equal(t, want.Version, got.Version)
	assert.Equal(t, want.Build, got.Build)
	assert.Regexp(t, regexp.MustCompile(`^\d+\.\d+\.\d+$`), got.Version,
		"fyne package and the Windows file version take x.y.z")
	assert.Positive(t, got.Build)
	assert.NotEmpty(t, got.Commit)
}

func TestParseRefusesIncompleteDetails(t *testing.T) {
	_, err := parse([]byte("[Details]\n  Name = \"Zusage\"\n  Version = \"1.2.3\"\n"))
	assert.ErrorContains(t, err, "ID")
	_, err = parse([]byte("[Details\n"))
	assert.Error(t, err)

	i, err := parse([]byte("Website = \"x\"\n[Details]\nName = \"Z\"\nID = \"a.b\"\nVersion = \"1.2.3\"\nBuild = 7\n"))
	require.NoError(t, err)
	assert.Equal(t, Info{Name: "Z", ID: "a.b", Version: "1.2.3", Build: 7}, i)
}

func TestStringNamesVersionCommitAndPlatform(t *testing.T) {
	old := commit
	commit = "0123456789ab"
	t.Cleanup(func() { commit = old })
	s := About().String()
	assert.True(t, strings.HasPrefix(s, "Zusage "+About().Version+" "), s)
	assert.Contains(t, s, "commit 0123456789ab")
	assert.Contains(t, s, runtime.GOOS+"/"+runtime.GOARCH)
}
