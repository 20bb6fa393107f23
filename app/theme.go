package app

import (
	"image/color"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// variantTheme is the default theme fixed to light or dark; without it
// Zusage follows the system's light/dark setting.
type variantTheme struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

// Color answers in the fixed variant.
func (t variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.variant)
}

// applyThemeEnv fixes the variant when ZUSAGE_THEME is light or dark (used
// for screenshots); otherwise the system decides.
func applyThemeEnv(a fyne.App) {
	switch os.Getenv("ZUSAGE_THEME") {
	case "light":
		a.Settings().SetTheme(variantTheme{theme.DefaultTheme(), theme.VariantLight})
	case "dark":
		a.Settings().SetTheme(variantTheme{theme.DefaultTheme(), theme.VariantDark})
	}
}
