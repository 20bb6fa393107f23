package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"

	"github.com/zusage/zusage"
)

// labelTexts collects the text of every label below o.
func labelTexts(o fyne.CanvasObject) []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			out = append(out, x.Text)
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case *widget.Form:
			for _, it := range x.Items {
				walk(it.Widget)
			}
		case *container.Scroll:
			walk(x.Content)
		}
	}
	walk(o)
	return out
}

func TestAboutNamesVersionBuildAndCommit(t *testing.T) {
	test.NewTempApp(t)
	langOnce.Do(func() { setupLanguage("") })
	a := zusage.About()
	texts := strings.Join(labelTexts(aboutView()), "\n")
	assert.Contains(t, texts, "About Zusage")
	assert.Contains(t, texts, "Version "+a.Version+" (build ")
	assert.Contains(t, texts, "commit "+a.Commit+")")
}

func TestSettingsShowTheVersion(t *testing.T) {
	u := newTestUI(t, newTeam(t))
	texts := labelTexts(u.settings.root)
	assert.Contains(t, texts, "About Zusage")
	assert.Contains(t, strings.Join(texts, "\n"), "Version "+zusage.About().Version)
}
