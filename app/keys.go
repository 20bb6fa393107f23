package app

import (
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// tipButton is a button that says, when the mouse rests on it, what it does
// and which key does the same (Fyne 2.7 has no tooltips of its own).
type tipButton struct {
	widget.Button
	// Tip is the hint, e.g. "Reschedule — key R".
	Tip   string
	timer *time.Timer
	pop   *widget.PopUp
}

func newTipButton(text string, tapped func()) *tipButton {
	b := &tipButton{}
	b.Text, b.OnTapped = text, tapped
	b.ExtendBaseWidget(b)
	return b
}

// tipDelay is how long the mouse rests before the hint shows.
const tipDelay = 600 * time.Millisecond

// MouseIn starts the hint's timer.
func (b *tipButton) MouseIn(e *desktop.MouseEvent) {
	b.Button.MouseIn(e)
	if b.Tip == "" {
		return
	}
	b.stopTip()
	b.timer = time.AfterFunc(tipDelay, func() { fyne.Do(b.showTip) })
}

// MouseOut hides the hint.
func (b *tipButton) MouseOut() {
	b.Button.MouseOut()
	b.stopTip()
}

// Tapped hides the hint and acts.
func (b *tipButton) Tapped(e *fyne.PointEvent) {
	b.stopTip()
	b.Button.Tapped(e)
}

func (b *tipButton) stopTip() {
	if b.timer != nil {
		b.timer.Stop()
		b.timer = nil
	}
	if b.pop != nil {
		b.pop.Hide()
		b.pop = nil
	}
}

// showTip shows the hint below the button. UI thread.
func (b *tipButton) showTip() {
	c := fyne.CurrentApp().Driver().CanvasForObject(b)
	if c == nil || b.Tip == "" {
		return
	}
	l := widget.NewLabel(b.Tip)
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground))
	b.pop = widget.NewPopUp(container.NewStack(bg, l), c)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(b).AddXY(0, b.Size().Height+2)
	// Keep it inside the window.
	if w := b.pop.MinSize().Width; pos.X+w > c.Size().Width {
		pos.X = max(0, c.Size().Width-w)
	}
	b.pop.ShowAtPosition(pos)
}

// keyList is a list the keyboard drives: ↑/↓ and single keys reach the
// screen's handlers before the list's own.
type keyList struct {
	widget.List
	// onKey and onRune return true for a key they handled.
	onKey  func(*fyne.KeyEvent) bool
	onRune func(rune) bool
}

func newKeyList(length func() int, create func() fyne.CanvasObject, update func(widget.ListItemID, fyne.CanvasObject)) *keyList {
	l := &keyList{}
	l.Length, l.CreateItem, l.UpdateItem = length, create, update
	l.ExtendBaseWidget(l)
	return l
}

// TypedKey lets the screen handle the key first.
func (l *keyList) TypedKey(e *fyne.KeyEvent) {
	if l.onKey != nil && l.onKey(e) {
		return
	}
	l.List.TypedKey(e)
}

// TypedRune lets the screen handle single keys.
func (l *keyList) TypedRune(r rune) {
	if l.onRune != nil && l.onRune(r) {
		return
	}
	l.List.TypedRune(r)
}

// rowKeys are the single keys that act on the selected row of Today and
// Promises; the buttons' hints name them.
const (
	keyDone       = 'd'
	keyReschedule = 'r'
	keyNotice     = 'n'
	keyOpen       = 'o'
	keyPromise    = 'p'
	keyLog        = 'l'
)

// keyTip is the hint of a button that a single key triggers too.
func keyTip(action string, key rune) string {
	return lang.L("{{.Action}} — key {{.Key}}", map[string]any{"Action": action, "Key": string(unicode.ToUpper(key))})
}

// focusBoard gives the keyboard to the list of the screen on show (Today
// or Promises) when no dialog is open and nothing else has it, so ↑/↓ and
// the single keys work right away. UI thread.
func (u *ui) focusBoard() {
	if u.tabs == nil || len(u.dialogs) > 0 {
		return
	}
	// Another screen's board does not keep the keyboard when this one shows.
	if f := u.win.Canvas().Focused(); f != nil && (u.today == nil || f != fyne.Focusable(u.today.list)) &&
		(u.promises == nil || f != fyne.Focusable(u.promises.list)) {
		return
	}
	switch u.entries[u.tabs.SelectedIndex()].key {
	case "today":
		if u.today != nil {
			u.win.Canvas().Focus(u.today.list)
		}
	case "promises":
		if u.promises != nil {
			u.win.Canvas().Focus(u.promises.list)
		}
	}
}

// step returns the next selectable row from cur in direction by (+1/-1),
// or cur when there is none.
func step(cur, by, n int, selectable func(int) bool) int {
	i := cur
	for {
		i += by
		if i < 0 || i >= n {
			return cur
		}
		if selectable(i) {
			return i
		}
	}
}

// first is the first selectable row, or -1.
func first(n int, selectable func(int) bool) int {
	for i := 0; i < n; i++ {
		if selectable(i) {
			return i
		}
	}
	return -1
}

// listKeys is the keyboard of a board list (Today, Promises): ↑/↓ move the
// selection over the selectable lines, Enter opens what is selected. It
// reports whether it used the key.
func listKeys(k *fyne.KeyEvent, list *keyList, sel, n int, selectable func(int) bool, open func() bool) bool {
	switch k.Name {
	case fyne.KeyDown, fyne.KeyUp:
		by := 1
		if k.Name == fyne.KeyUp {
			by = -1
		}
		i := step(sel, by, n, selectable)
		if sel < 0 {
			i = first(n, selectable)
		}
		if i >= 0 {
			list.Select(i)
			list.ScrollTo(i)
		}
		return true
	case fyne.KeyReturn, fyne.KeyEnter:
		return open()
	}
	return false
}
