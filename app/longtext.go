package app

import (
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// How much of a long text a view shows before "Show all".
const (
	previewLines = 4
	previewChars = 300
)

// collapsedText shows a text that may be long — a customer's notes can
// have 20,000 characters — as its first lines and a "Show all" button.
// Fyne lays out a label's whole text on the UI thread, and a label of
// 20,000 characters kept the window frozen for 14 s; the preview is short
// whatever the text, and the full text opens in a list of lines.
type collapsedText struct {
	u     *ui
	title func() string
	full  string
	label *widget.Label
	more  *widget.Button
	box   *fyne.Container
	// shown is the dialog of the full text (tests).
	shown *fullTextDialog
}

func newCollapsedText(u *ui, title func() string) *collapsedText {
	t := &collapsedText{u: u, title: title}
	t.label = widget.NewLabel("")
	t.label.Wrapping = fyne.TextWrapWord
	t.more = widget.NewButtonWithIcon(lang.L("Show all"), theme.MoreHorizontalIcon(), func() {
		t.shown = t.u.showFullText(t.title(), t.full)
	})
	t.more.Importance = widget.LowImportance
	t.box = container.NewVBox(t.label, container.NewHBox(t.more))
	return t
}

// setText shows s, collapsed when it is long. UI thread.
func (t *collapsedText) setText(s string) {
	t.full = s
	p, cut := preview(s, previewLines, previewChars)
	t.label.SetText(p)
	if cut {
		t.more.SetText(lang.L("Show all ({{.N}} characters)", map[string]any{"N": utf8.RuneCountInString(s)}))
		t.more.Show()
	} else {
		t.more.Hide()
	}
	t.box.Hidden = s == ""
	t.box.Refresh()
}

// preview is the beginning of s: at most lines lines and chars characters,
// cut after a word where it can be, and whether anything was cut.
func preview(s string, lines, chars int) (string, bool) {
	n, breaks := 0, 0
	for i, r := range s {
		if r == '\n' {
			breaks++
			if breaks == lines {
				if strings.TrimSpace(s[i:]) == "" {
					return strings.TrimRight(s, " \r\n"), false
				}
				return strings.TrimRight(s[:i], " \r") + " …", true
			}
		}
		if n == chars {
			head := s[:i]
			if sp := strings.LastIndexAny(head, " \n"); sp > i*3/4 {
				head = head[:sp]
			}
			return strings.TrimRight(head, " \r\n") + " …", true
		}
		n++
	}
	return s, false
}

// fullTextDialog shows a long text as a list of lines, wrapped by
// character count before it is shown: only the visible lines are ever
// laid out, so 20,000 characters open as fast as 200.
type fullTextDialog struct {
	fd    *formDialog
	lines []string
	list  *widget.List
}

// fullTextWidth is the width of the full-text dialog.
const fullTextWidth = 720

// showFullText opens the whole of text. UI thread.
func (u *ui) showFullText(title, text string) *fullTextDialog {
	d := &fullTextDialog{}
	style := fyne.TextStyle{}
	sample := "Rückruf zur Preisfrage, Lieferung 30 Tage netto: 0421 777-0"
	avg := fyne.MeasureText(sample, theme.TextSize(), style).Width / float32(utf8.RuneCountInString(sample))
	per := int((fullTextWidth - 4*theme.Padding() - theme.ScrollBarSize()) / avg)
	d.lines = wrapLines(text, max(per, 20))
	d.list = widget.NewList(func() int { return len(d.lines) },
		func() fyne.CanvasObject {
			// Plain text without a label's padding, so the lines read as
			// a text and not as a list.
			return canvas.NewText("", theme.Color(theme.ColorNameForeground))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= 0 && i < len(d.lines) {
				t := o.(*canvas.Text)
				t.Text = d.lines[i]
				t.Color = theme.Color(theme.ColorNameForeground)
				t.Refresh()
			}
		})
	d.list.HideSeparators = true
	d.fd = newInfoDialog(u, title, container.NewGridWrap(fyne.NewSize(fullTextWidth, 440), d.list))
	copyBtn := widget.NewButtonWithIcon(lang.L("Copy"), theme.ContentCopyIcon(), func() {
		u.app.Clipboard().SetContent(text)
		u.notify.status(lang.L("The text is on the clipboard."))
	})
	d.fd.setButtons(copyBtn, d.fd.cancel)
	d.fd.show()
	return d
}

// wrapLines breaks text into lines of at most width characters, after a
// space where there is one; the text's own line breaks stay.
func wrapLines(text string, width int) []string {
	var out []string
	for _, para := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		rs := []rune(para)
		if len(rs) == 0 {
			out = append(out, "")
			continue
		}
		for len(rs) > width {
			cut := width
			for i := width; i > width/2; i-- {
				if rs[i] == ' ' {
					cut = i
					break
				}
			}
			out = append(out, strings.TrimRight(string(rs[:cut]), " "))
			rs = rs[cut:]
			for len(rs) > 0 && rs[0] == ' ' {
				rs = rs[1:]
			}
		}
		if len(rs) > 0 {
			out = append(out, string(rs))
		}
	}
	return out
}
