package app

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/zusage/zusage/data"
)

// notifier sends a desktop notification once per promise and state when a
// promise slips, gated by a preference, and shows short status messages.
type notifier struct {
	u *ui
	// seen holds "commitment/level" keys already announced or present at
	// start, so nothing is announced twice and a restart is not a flood.
	seen   map[string]bool
	primed bool
	label  *widget.Label
	timer  *time.Timer
	// sent counts notifications (tests).
	sent []string
}

func newNotifier(u *ui) *notifier {
	l := widget.NewLabel("")
	l.Importance = widget.LowImportance
	l.Truncation = fyne.TextTruncateEllipsis
	return &notifier{u: u, seen: map[string]bool{}, label: l}
}

// warnings is called with each fresh set of warnings. UI thread.
func (n *notifier) warnings(ws []data.Warning) {
	var fresh []data.Warning
	for _, w := range ws {
		// Only my own promises: switching to the team view must not
		// announce everybody else's at once.
		if w.CommitmentID == nil || w.OwnerID != n.u.me.ID || (w.Level != data.LevelSlipped && w.Level != data.LevelSilent) {
			continue
		}
		key := fmt.Sprintf("%d/%s", *w.CommitmentID, w.Level)
		if n.seen[key] {
			continue
		}
		n.seen[key] = true
		fresh = append(fresh, w)
	}
	if !n.primed {
		n.primed = true
		return
	}
	for _, w := range fresh {
		n.send(w)
	}
}

// send is the one place a desktop notification leaves the app.
func (n *notifier) send(w data.Warning) {
	if !n.u.prefs.BoolWithFallback(prefNotify, true) {
		return
	}
	title := lang.L("Promise slipped: {{.Customer}}", map[string]any{"Customer": w.Customer})
	if w.Level == data.LevelSilent {
		title = lang.L("Customer waiting in silence: {{.Customer}}", map[string]any{"Customer": w.Customer})
	}
	body := warningTitle(w) + "\n" + warningText(w, n.u.now())
	n.sent = append(n.sent, title)
	n.u.app.SendNotification(fyne.NewNotification(title, body))
}

// status shows a short message at the bottom of the window for a while,
// without blocking anything. UI thread.
func (n *notifier) status(msg string) {
	n.label.SetText(msg)
	if n.timer != nil {
		n.timer.Stop()
	}
	if n.u.inline {
		return
	}
	n.timer = time.AfterFunc(10*time.Second, func() {
		fyne.Do(func() {
			if n.label.Text == msg {
				n.label.SetText("")
			}
		})
	})
}
