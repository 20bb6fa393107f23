// Package icons holds Zusage's bundled images. The SVG is the source of the
// app icon; the PNG is what Fyne shows in title bars, docks and task bars and
// what `fyne package` puts into installers (see FyneApp.toml).
package icons

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:embed zusage.png
var appIconPNG []byte

//go:embed zusage.svg
var appIconSVG []byte

// AppIcon is the application and window icon.
var AppIcon = fyne.NewStaticResource("zusage.png", appIconPNG)

// AppIconSVG is the scalable source of the icon, for places that draw it large.
var AppIconSVG = fyne.NewStaticResource("zusage.svg", appIconSVG)
