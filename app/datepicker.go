package app

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// withCalendar gives a date entry a calendar button: the calendar opens on
// the entry's date (or today) and a picked day is written into the entry in
// the user's format, as if typed, so the same checks run.
func withCalendar(e *entry, today func() time.Time) {
	var btn *widget.Button
	btn = widget.NewButtonWithIcon("", theme.CalendarIcon(), func() {
		c := fyne.CurrentApp().Driver().CanvasForObject(e)
		if c == nil {
			return
		}
		start := today()
		if y, m, d, err := parseDateInput(e.Text); err == nil {
			start = time.Date(y, m, d, 12, 0, 0, 0, time.Local)
		}
		var pop *widget.PopUp
		cal := widget.NewCalendar(start, func(t time.Time) {
			e.SetText(fmtDateInput(t))
			pop.Hide()
			c.Focus(e)
		})
		pop = widget.NewPopUp(container.NewPadded(cal), c)
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(e)
		pop.ShowAtPosition(pos.AddXY(0, e.Size().Height))
		e.lastCalendar = cal
	})
	e.ActionItem = btn
}
