package app

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"

	"github.com/zusage/zusage/data"
	"github.com/zusage/zusage/data/ics"
)

// exporter writes calendar files in the language of the UI.
func exporter() ics.Exporter { return ics.Exporter{Lang: uiLang()} }

// saveInvite saves one promise as an .ics invite (a save dialog).
func (u *ui) saveInvite(id uint) {
	st := u.store
	now := u.now()
	u.do(func() func() {
		var buf bytes.Buffer
		_, err := exporter().Invite(&buf, st, id, now)
		c, cerr := st.Commitment(id)
		return func() {
			if err == nil {
				err = cerr
			}
			if err != nil {
				u.showError(err)
				return
			}
			u.saveFile(fileName(c.Title)+".ics", buf.Bytes())
		}
	})
}

// customerInviteItem is the promise menu's entry for the customer invite.
func (u *ui) customerInviteItem(id uint) *fyne.MenuItem {
	it := fyne.NewMenuItem(lang.L("Invite for the customer…"), func() { u.saveCustomerInvite(id) })
	it.Icon = theme.MailSendIcon()
	return it
}

// saveCustomerInvite saves the invite for the customer's calendar (only
// customer-safe text: the title, the owner's name, direct line and e-mail)
// to attach to an e-mail.
func (u *ui) saveCustomerInvite(id uint) {
	st := u.store
	now := u.now()
	u.do(func() func() {
		var buf bytes.Buffer
		_, err := exporter().CustomerInvite(&buf, st, id, now)
		c, cerr := st.Commitment(id)
		return func() {
			if err == nil {
				err = cerr
			}
			if err != nil {
				u.showError(err)
				return
			}
			u.saveFile(fileName(c.Title)+" – "+lang.L("for the customer")+".ics", buf.Bytes())
		}
	})
}

// exportFeed saves my open promises as one calendar feed.
func (u *ui) exportFeed() {
	st := u.store
	me := u.me
	now := u.now()
	u.do(func() func() {
		var buf bytes.Buffer
		_, err := exporter().Feed(&buf, st, ics.FeedFilter{OwnerID: me.ID}, now)
		return func() {
			if err != nil {
				u.showError(err)
				return
			}
			u.saveFile(ics.FeedFileName(me.Email), buf.Bytes())
		}
	})
}

// saveFile asks where to save content.
func (u *ui) saveFile(name string, content []byte) { u.saveFileThen(name, content, nil) }

// saveFileThen asks where to save content and calls saved (when not nil)
// once it is written.
func (u *ui) saveFileThen(name string, content []byte, saved func()) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			u.showError(err)
			return
		}
		if w == nil {
			return
		}
		_, werr := w.Write(content)
		if cerr := w.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			u.showError(werr)
			return
		}
		u.notify.status(lang.L("Saved {{.Name}}", map[string]any{"Name": w.URI().Name()}))
		if saved != nil {
			saved()
		}
	}, u.win)
	d.SetFileName(name)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".ics"}))
	d.Resize(fyne.NewSize(800, 560))
	d.Show()
}

// fileName makes a promise title safe as a file name.
func fileName(title string) string {
	r := strings.NewReplacer("/", "-", "\\", "-", ":", "-", "*", "", "?", "", "\"", "", "<", "", ">", "", "|", "")
	s := strings.TrimSpace(r.Replace(title))
	if len(s) > 60 {
		s = s[:60]
	}
	if s == "" {
		s = "zusage"
	}
	return s
}

// writeFeeds rewrites the calendar feeds in the feed folder, when one is
// set, off the UI thread. Called after every change this desktop makes.
// UI thread.
func (u *ui) writeFeeds() { u.writeFeedsFor(u.store) }

// writeFeedsFor writes the feeds of st; it may be called from any goroutine.
func (u *ui) writeFeedsFor(st *data.Store) {
	dir := u.prefs.String(prefFeedDir)
	if dir == "" || st == nil {
		return
	}
	report := func(err error) {
		u.notify.status(lang.L("The calendar feeds could not be written: {{.Err}}", map[string]any{"Err": err.Error()}))
	}
	if u.inline {
		if err := writeFeedsTo(dir, st); err != nil {
			report(err)
		}
		return
	}
	go func() {
		if err := writeFeedsTo(dir, st); err != nil {
			fyne.Do(func() { report(err) })
		}
	}()
}

func writeFeedsTo(dir string, st *data.Store) error {
	if err := os.MkdirAll(filepath.Clean(dir), 0o755); err != nil {
		return err
	}
	return exporter().WriteFeeds(dir, st, st.Now())
}
