// Package app is the Fyne desktop UI of Zusage. It calls data.Store
// operations and never touches SQL.
package app

import (
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

// Config is what the command line hands to the desktop app.
type Config struct {
	// DBPath is the database file; empty means the desktop's preference or
	// the local default.
	DBPath string
	// As is the e-mail of the salesperson to work as.
	As string
}

// Run builds the main window and blocks until it is closed.
func Run(cfg Config) error {
	a := fyneapp.NewWithID("org.zusage.app")
	w := a.NewWindow("Zusage")
	w.SetContent(widget.NewLabel("Zusage"))
	w.ShowAndRun()
	return nil
}
