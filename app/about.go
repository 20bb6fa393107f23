package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/zusage/zusage"
)

// aboutView names this build at the foot of Settings, so that a salesperson
// can tell whoever helps them which version this desktop runs. The version
// comes from FyneApp.toml, as for `zusage version`.
func aboutView() fyne.CanvasObject {
	a := zusage.About()
	title := widget.NewLabelWithStyle(lang.L("About Zusage"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	version := widget.NewLabel(lang.L("Version {{.Version}} (build {{.Build}}, commit {{.Commit}})",
		map[string]any{"Version": a.Version, "Build": a.Build, "Commit": a.Commit}))
	version.Selectable = true
	return container.NewVBox(title, version)
}
