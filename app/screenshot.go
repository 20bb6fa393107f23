package app

import (
	"image/png"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/zusage/zusage/data"
)

// screenshotSpec is the hidden screenshot mode used by `make screenshots`:
// ZUSAGE_SCREEN names what to show (today, customers, customer, promises,
// settings, dialog), ZUSAGE_SCREENSHOT where to write the PNG; the app then
// quits.
type screenshotSpec struct {
	screen string
	path   string
}

func screenshotFromEnv() screenshotSpec {
	return screenshotSpec{screen: os.Getenv("ZUSAGE_SCREEN"), path: os.Getenv("ZUSAGE_SCREENSHOT")}
}

// takeScreenshot opens the requested screen once the data is in, captures
// the window and quits. UI thread.
func (u *ui) takeScreenshot() {
	spec := u.screenshot
	st := u.store
	go func() {
		// The customer to show: the one with the worst warning.
		var cid, commit uint
		if ws, err := st.Warnings(u.now(), data.WarningFilter{}); err == nil {
			for _, w := range ws {
				if w.CommitmentID != nil {
					cid, commit = w.CustomerID, *w.CommitmentID
					break
				}
			}
		}
		time.Sleep(800 * time.Millisecond)
		fyne.Do(func() {
			switch spec.screen {
			case "customers", "customer":
				if cid != 0 {
					u.openCustomer(cid)
				} else {
					u.show("customers")
				}
			case "promises", "settings":
				u.show(spec.screen)
			case "dialog":
				if cid != 0 {
					u.showContactDialog(cid, &commit, true)
				}
			case "reschedule":
				if commit != 0 {
					u.showRescheduleDialog(commit)
				}
			case "promise":
				if cid != 0 {
					u.showPromiseDialog(cid)
				}
			}
		})
		time.Sleep(1500 * time.Millisecond)
		fyne.Do(func() {
			img := u.win.Canvas().Capture()
			f, err := os.Create(spec.path)
			if err == nil {
				err = png.Encode(f, img)
				if cerr := f.Close(); err == nil {
					err = cerr
				}
			}
			if err != nil {
				fyne.LogError(lang.L("Could not write the screenshot"), err)
			}
			u.app.Quit()
		})
	}()
}
