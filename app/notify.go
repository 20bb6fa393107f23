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
	// seen holds "commitment/level" keys already announced; level the last
	// level of each of my promises on the board. What is red at start is
	// not announced, so a restart is not a flood.
	seen   map[string]bool
	level  map[uint]data.Level
	primed bool
	label  *widget.Label
	timer  *time.Timer
	// rest is what the status line shows between messages: which file and
	// as whom this desktop works, so nobody edits the wrong database.
	rest string
	// sent counts notifications (tests).
	sent []string
}

func newNotifier(u *ui) *notifier {
	// Medium, not low importance: low renders in the disabled colour, which
	// is too faint to read on the light theme.
	l := widget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	return &notifier{u: u, seen: map[string]bool{}, level: map[uint]data.Level{}, label: l}
}

// warnings is called with each fresh set of warnings. UI thread. A promise
// is announced when it enters slipped or silent from any other state (on
// track, due soon, at risk), once per promise and state; telling the
// customer (silent → slipped) is no news.
func (n *notifier) warnings(ws []data.Warning) {
	now := map[uint]data.Level{}
	var fresh []data.Warning
	for _, w := range ws {
		// Only my own promises: switching to the team view must not
		// announce everybody else's at once.
		if w.CommitmentID == nil || w.OwnerID != n.u.me.ID {
			continue
		}
		id := *w.CommitmentID
		now[id] = w.Level
		red := w.Level.Urgent()
		wasRed := n.level[id].Urgent()
		key := fmt.Sprintf("%d/%s", id, w.Level)
		if red && !wasRed && !n.seen[key] {
			n.seen[key] = true
			fresh = append(fresh, w)
		}
	}
	n.level = now
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

// setRest sets the resting text of the status line. UI thread.
func (n *notifier) setRest(text string) {
	if n.label.Text == "" || n.label.Text == n.rest {
		n.label.SetText(text)
	}
	n.rest = text
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
				n.label.SetText(n.rest)
			}
		})
	})
}
