package app

import (
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"time"

	"fyne.io/fyne/v2"

	"github.com/zusage/zusage/data"
)

// screenshotSpec is the hidden screenshot mode used by `make screenshots`:
// ZUSAGE_SCREEN names what to show (today, customers, customer, promises,
// settings, calendar, dialog), ZUSAGE_SCREENSHOT where to write the PNG; the app then
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
	// A screenshot run must never hang a script.
	time.AfterFunc(45*time.Second, func() {
		fyne.LogError("screenshot", fmt.Errorf("gave up after 45 s"))
		os.Exit(3)
	})
	go func() {
		// The customer to show: the one with the worst warning.
		var cid, commit, draftFor uint
		title := ""
		if ws, err := st.Warnings(u.now(), data.WarningFilter{}); err == nil {
			for _, w := range ws {
				if w.CommitmentID != nil && cid == 0 {
					cid, commit, title = w.CustomerID, *w.CommitmentID, w.Title
				}
				// The draft dialog is shown for a customer who writes in
				// the language of the screen.
				if w.CommitmentID != nil && draftFor == 0 && w.Level == data.LevelSilent {
					if l, err := st.CustomerLanguage(w.CustomerID); err == nil && l == uiLang() {
						draftFor = *w.CommitmentID
					}
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
			case "promises", "settings", "notices", "reports":
				u.show(spec.screen)
			case "messages", "talk":
				// Settings, scrolled to the team's texts.
				u.show("settings")
				part := fyne.CanvasObject(u.settings.templates.box)
				if spec.screen == "talk" {
					part = u.settings.talk.box
				}
				u.settings.scrollTo(part)
			case "calendar":
				// The calendar subscription part of Settings.
				u.show("settings")
			case "untold":
				// Today, scrolled to the promises moved without telling the
				// customer.
				for i, it := range u.today.items {
					if it.warning != nil && it.warning.Level == data.LevelUntold {
						// ScrollTo brings a row in at the bottom: aim below the
						// section so its header and rows are in view.
						u.today.list.ScrollTo(min(i+4, len(u.today.items)-1))
						break
					}
				}
			case "dialog":
				if cid != 0 {
					u.showContactDialog(cid, &commit, true)
				}
			case "reschedule":
				if commit != 0 {
					u.showRescheduleDialog(commit)
				}
			case "draft":
				if draftFor != 0 {
					u.showDraftDialog(data.DraftRequest{Kind: data.DraftDelay, CommitmentID: draftFor})
				}
			case "promise":
				if cid != 0 {
					u.showPromiseDialog(cid)
				}
			case "server":
				// Settings › Team server (PostgreSQL).
				u.show("settings")
				u.showServerDialog()
			}
		})
		time.Sleep(700 * time.Millisecond)
		if spec.screen == "calendar" {
			// Once Settings is laid out.
			fyne.Do(func() {
				if u.settings != nil {
					u.settings.scrollTo(u.settings.feed.box)
				}
			})
		}
		if spec.screen == "promise" {
			// Show the buffer suggestion, as a user typing would.
			fyne.Do(func() {
				if d := u.lastPromise; d != nil {
					d.title.SetText(title)
					d.estimate.SetText(fmtDateInput(u.now().AddDate(0, 0, 10)))
				}
			})
		}
		time.Sleep(800 * time.Millisecond)
		fyne.Do(func() {
			img := u.win.Canvas().Capture()
			size := u.win.Canvas().Size()
			scale := u.win.Canvas().Scale()
			go func() {
				if err := writeScreenshot(spec.path, img, int(size.Width*scale), int(size.Height*scale)); err != nil {
					fyne.LogError("screenshot", err)
				}
				fyne.Do(u.app.Quit)
			}()
		})
	}()
}

// writeScreenshot writes img as PNG. Under Xvfb's software OpenGL the
// front buffer often reads back blank; then the X server's picture of the
// window (ImageMagick's import, window at the origin) is taken instead.
func writeScreenshot(path string, img image.Image, w, h int) error {
	if !blank(img) {
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		if err := png.Encode(f, img); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	if _, err := exec.LookPath("import"); err != nil {
		return fmt.Errorf("the window capture is blank and ImageMagick's import is not installed")
	}
	out, err := exec.Command("import", "-window", "root", "-crop", fmt.Sprintf("%dx%d+0+0", w, h), "+repage", path).CombinedOutput()
	if err != nil {
		return fmt.Errorf("import: %v: %s", err, out)
	}
	return nil
}

// blank reports whether every sampled pixel has the same colour.
func blank(img image.Image) bool {
	b := img.Bounds()
	if b.Empty() {
		return true
	}
	first := img.At(b.Min.X, b.Min.Y)
	r0, g0, b0, _ := first.RGBA()
	for y := b.Min.Y; y < b.Max.Y; y += 7 {
		for x := b.Min.X; x < b.Max.X; x += 7 {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r != r0 || g != g0 || bl != b0 {
				return false
			}
		}
	}
	return true
}
