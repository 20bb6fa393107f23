package app

import (
	"bytes"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/zusage/zusage/data"
)

// handoverShown is how many handovers Today lists; the rest are counted.
const handoverShown = 8

// handoverBox is the part of Today that lists the promises handed away
// from me whose invite may still sit in my calendar, with its alarm
// (lesson 3): each with the cancellation to open, and a way to say there
// is nothing to remove. A subscribed feed drops them by itself. Hidden
// while there are none.
type handoverBox struct {
	u     *ui
	box   *fyne.Container
	rows  *fyne.Container
	more  *widget.Label
	items []data.Handover
	gen   int
}

func newHandoverBox(u *ui) *handoverBox {
	h := &handoverBox{u: u}
	head := widget.NewLabelWithStyle(lang.L("Remove from your calendar"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	hint := widget.NewLabel(lang.L("These promises now belong to someone else. If you imported their invite, save the cancellation and open it: the event and its reminder leave your calendar. A subscribed calendar drops them by itself."))
	hint.Wrapping = fyne.TextWrapWord
	h.rows = container.NewVBox()
	h.more = widget.NewLabel("")
	h.more.Hide()
	h.box = container.NewVBox(container.NewBorder(nil, nil, widget.NewIcon(theme.CalendarIcon()), nil, head), hint, h.rows, h.more, widget.NewSeparator())
	h.box.Hide()
	return h
}

// refresh loads my open handovers off the UI thread.
func (h *handoverBox) refresh() {
	st, me, now := h.u.store, h.u.me.ID, h.u.now()
	if st == nil || me == 0 {
		return
	}
	h.gen++
	gen := h.gen
	h.u.do(func() func() {
		hs, err := st.Handovers(me, now)
		return func() {
			if gen != h.gen {
				return
			}
			if err != nil {
				// Today shows its own load errors; this part stays as it was.
				return
			}
			h.set(hs)
		}
	})
}

// set shows hs. UI thread.
func (h *handoverBox) set(hs []data.Handover) {
	h.items = hs
	h.rows.Objects = nil
	now := h.u.now()
	for i, x := range hs {
		if i == handoverShown {
			break
		}
		x := x
		due := data.DueOf(data.Commitment{DueAt: x.DueAt, DueDate: x.DueDate}, h.u.store.Loc)
		text := widget.NewLabel(lang.L("{{.Kind}}: {{.Customer}} — {{.Title}}, due {{.Due}} · handed to {{.Owner}} {{.When}}", map[string]any{
			"Kind": kindLabel(x.Kind), "Customer": customerName(x.Customer, x.Company), "Title": x.Title,
			"Due": fmtDue(due, now), "Owner": x.NewOwnerName, "When": fmtMoment(x.At.Time, now),
		}))
		text.Wrapping = fyne.TextWrapWord
		save := widget.NewButtonWithIcon(lang.L("Save cancellation…"), theme.DocumentSaveIcon(), func() { h.saveCancellation(x) })
		save.Importance = widget.HighImportance
		none := widget.NewButton(lang.L("Not in my calendar"), func() { h.done(x) })
		if h.u.readOnly() {
			none.Disable()
		}
		h.rows.Add(container.NewBorder(nil, nil, nil, container.NewHBox(save, none), text))
	}
	if n := len(hs) - handoverShown; n > 0 {
		h.more.SetText(lang.L("… and {{.N}} more", map[string]any{"N": n}))
		h.more.Show()
	} else {
		h.more.Hide()
	}
	h.rows.Refresh()
	if len(hs) == 0 {
		h.box.Hide()
	} else {
		h.box.Show()
	}
}

// saveCancellation writes the previous owner's cancellation and, once it
// is saved, takes the handover off the list.
func (h *handoverBox) saveCancellation(x data.Handover) {
	st, now := h.u.store, h.u.now()
	h.u.do(func() func() {
		var buf bytes.Buffer
		err := exporter().PreviousOwnerCancel(&buf, st, x.CommitmentID, now)
		return func() {
			if err != nil {
				h.u.showError(err)
				return
			}
			name := fileName(x.Title) + " – " + lang.L("remove") + ".ics"
			h.u.saveFileThen(name, buf.Bytes(), func() {
				if !h.u.readOnly() {
					h.done(x)
				}
			})
		}
	})
}

// done records that I dealt with the handover.
func (h *handoverBox) done(x data.Handover) {
	st, me := h.u.store, h.u.me.ID
	h.u.do(func() func() {
		err := st.HandoverDone(me, x.EventID)
		return func() {
			if err != nil {
				h.u.showError(err)
				return
			}
			h.refresh()
		}
	})
}
