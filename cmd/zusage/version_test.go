package main

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zusage/zusage"
)

func TestVersionPrintsFyneAppVersionAndCommit(t *testing.T) {
	code, out, errs := run(t, "version")
	assert.Equal(t, 0, code, errs)
	about := zusage.About()
	assert.Equal(t, about.String()+"\n", out)
	assert.Contains(t, out, "Zusage "+about.Version+" ")
	assert.Contains(t, out, "commit "+about.Commit)

	code, _, errs = run(t, "version", "--db")
	assert.Equal(t, 2, code, "a flag without its value is a usage error")
	assert.Contains(t, errs, "usage: zusage version")
}

func TestVersionFlagMeansVersionCommand(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"-version"}} {
		name, ok := lookup(versionFlag(args))
		assert.True(t, ok, args)
		assert.Equal(t, "version", name, args)
	}
	// Anything else is left to the GUI's flags or the other commands.
	assert.Equal(t, []string{"--db", "x", "--version"}, versionFlag([]string{"--db", "x", "--version"}))
	assert.Equal(t, []string{"check", "--version"}, versionFlag([]string{"check", "--version"}))
}
