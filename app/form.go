package app

import (
	"errors"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/zusage/zusage/data"
)

// entry is a widget.Entry that closes its dialog on Esc.
type entry struct {
	widget.Entry
	onEsc func()
	// onKey sees keys first; it returns true for a key it handled.
	onKey func(*fyne.KeyEvent) bool
	// lastCalendar is the calendar a date entry opened last (tests).
	lastCalendar *widget.Calendar
	// onShortcut sees shortcuts first (a dialog's own, such as Alt+1);
	// it returns true for one it handled.
	onShortcut func(fyne.Shortcut) bool
}

// TypedShortcut lets the dialog handle its own shortcuts first, then
// handles them (paste among them) like an Entry and checks the wrapping.
func (e *entry) TypedShortcut(s fyne.Shortcut) {
	if e.onShortcut != nil && e.onShortcut(s) {
		return
	}
	e.Entry.TypedShortcut(s)
	e.fitWrap()
}

func newEntry(placeholder string) *entry {
	e := &entry{}
	e.ExtendBaseWidget(e)
	e.PlaceHolder = placeholder
	return e
}

func newMultiEntry(placeholder string) *entry {
	e := newEntry(placeholder)
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	e.SetMinRowsVisible(3)
	return e
}

// TypedKey closes the dialog on Esc and otherwise behaves like an Entry.
func (e *entry) TypedKey(k *fyne.KeyEvent) {
	if e.onKey != nil && e.onKey(k) {
		return
	}
	if k.Name == fyne.KeyEscape && e.onEsc != nil {
		e.onEsc()
		return
	}
	e.Entry.TypedKey(k)
	e.fitWrap()
}

// wrapLimit is the length up to which a multi-line entry wraps its text.
// Fyne re-wraps the whole text on every keystroke: at 20,000 characters
// that is a quarter of a second per key, so longer text is shown unwrapped
// (it scrolls sideways) and typing stays instant.
const wrapLimit = 2000

// SetText sets the text and whether it can be wrapped.
func (e *entry) SetText(s string) {
	if e.MultiLine {
		e.Wrapping = wrapFor(utf8.RuneCountInString(s))
	}
	e.Entry.SetText(s)
}

// TypedRune types like an Entry, then checks the wrapping.
func (e *entry) TypedRune(r rune) {
	e.Entry.TypedRune(r)
	e.fitWrap()
}

func (e *entry) fitWrap() {
	if !e.MultiLine {
		return
	}
	if w := wrapFor(utf8.RuneCountInString(e.Text)); w != e.Wrapping {
		e.Wrapping = w
		e.Refresh()
	}
}

func wrapFor(n int) fyne.TextWrap {
	if n > wrapLimit {
		return fyne.TextWrapOff
	}
	return fyne.TextWrapWord
}

// field is one row of a form: a label, the input and the message that says
// what is wrong with it, right next to it.
type field struct {
	// keys are the data.ValidationError field names that belong here.
	keys  []string
	label string
	input fyne.CanvasObject
	msg   *widget.Label
	// touched: the user changed it, so its errors may be shown while typing.
	touched bool
}

func newField(label string, input fyne.CanvasObject, keys ...string) *field {
	m := widget.NewLabel("")
	m.Importance = widget.DangerImportance
	m.Wrapping = fyne.TextWrapWord
	m.Hide()
	return &field{keys: keys, label: label, input: input, msg: m}
}

// set shows msg next to the field; an empty msg clears it.
func (f *field) set(msg string) {
	if msg == "" {
		f.msg.SetText("")
		f.msg.Hide()
		return
	}
	f.msg.SetText(msg)
	f.msg.Show()
}

// form lays out fields and maps errors to them.
type form struct {
	fields []*field
	// general shows errors that belong to no field.
	general *widget.Label
	box     *fyne.Container
}

func newForm(fields ...*field) *form {
	f := &form{fields: fields}
	f.general = widget.NewLabel("")
	f.general.Importance = widget.DangerImportance
	f.general.Wrapping = fyne.TextWrapWord
	f.general.Hide()
	grid := container.New(layout.NewFormLayout())
	for _, x := range fields {
		l := widget.NewLabel(x.label)
		l.TextStyle.Bold = true
		grid.Add(l)
		grid.Add(container.NewVBox(x.input, x.msg))
	}
	f.box = container.NewVBox(grid, f.general)
	return f
}

// byKey finds the field a validation error names.
func (f *form) byKey(key string) *field {
	for _, x := range f.fields {
		for _, k := range x.keys {
			if k == key {
				return x
			}
		}
	}
	return nil
}

// apply shows err next to its field when it is a ValidationError naming
// one; it reports whether err was shown.
func (f *form) apply(err error) bool {
	var ve *data.ValidationError
	if !errors.As(err, &ve) {
		return false
	}
	if x := f.byKey(ve.Field); x != nil {
		x.touched = true
		x.set(translateValidation(ve))
		return true
	}
	f.general.SetText(translateValidation(ve))
	f.general.Show()
	return true
}

// clearGeneral hides the message that belongs to no field.
func (f *form) clearGeneral() {
	f.general.SetText("")
	f.general.Hide()
}

// formDialog is a dialog around a form with Save and Cancel; Enter in a
// one-line entry submits, Esc closes, and the input stays until it is saved.
type formDialog struct {
	u      *ui
	d      *dialog.CustomDialog
	save   *widget.Button
	cancel *widget.Button
	busy   bool
	closed bool
	// extra are buttons set with setButtons.
	extra []*widget.Button
	// onSubmit is called when Save is pressed (or Enter).
	onSubmit func()
	// onSaved, when set, runs after runAndClose saved and closed the dialog.
	onSaved func()
	// saving are extra buttons that save too; they are enabled with Save.
	saving []*widget.Button
}

func newFormDialog(u *ui, title, saveText string, content fyne.CanvasObject, onSubmit func()) *formDialog {
	fd := &formDialog{u: u, onSubmit: onSubmit}
	fd.save = widget.NewButton(saveText, fd.submit)
	fd.save.Importance = widget.HighImportance
	fd.cancel = widget.NewButton(lang.L("Cancel"), fd.close)
	fd.d = dialog.NewCustomWithoutButtons(title, content, u.win)
	fd.d.SetButtons([]fyne.CanvasObject{fd.cancel, fd.save})
	fd.d.SetOnClosed(func() { fd.closed = true; u.forgetDialog(fd) })
	return fd
}

// newInfoDialog is a dialog with one Close button.
func newInfoDialog(u *ui, title string, content fyne.CanvasObject) *formDialog {
	fd := &formDialog{u: u}
	fd.cancel = widget.NewButton(lang.L("Close"), fd.close)
	fd.cancel.Importance = widget.HighImportance
	fd.d = dialog.NewCustomWithoutButtons(title, content, u.win)
	fd.d.SetButtons([]fyne.CanvasObject{fd.cancel})
	fd.d.SetOnClosed(func() { fd.closed = true; u.forgetDialog(fd) })
	return fd
}

// wire makes Enter submit and Esc close for the given entries.
func (fd *formDialog) wire(entries ...*entry) {
	for _, e := range entries {
		e.onEsc = fd.close
		if !e.MultiLine {
			e.OnSubmitted = func(string) { fd.submit() }
		}
	}
}

// setButtons replaces the dialog's buttons.
func (fd *formDialog) setButtons(bs ...*widget.Button) {
	fd.extra = bs
	objs := make([]fyne.CanvasObject, len(bs))
	for i, b := range bs {
		objs[i] = b
	}
	fd.d.SetButtons(objs)
}

func (fd *formDialog) show() {
	fd.u.dialogs = append(fd.u.dialogs, fd)
	fd.d.Show()
}

// resize asks for a size; the dialog never gets smaller than its content.
func (fd *formDialog) resize(w, h float32) { fd.d.Resize(fyne.NewSize(w, h)) }

// fit sets the width and lets the content decide the height, so no empty
// band opens above the buttons.
func (fd *formDialog) fit(w float32) { fd.d.Resize(fyne.NewSize(w, 0)) }

func (fd *formDialog) close() {
	if !fd.closed {
		fd.d.Hide()
		fd.closed = true
		fd.u.forgetDialog(fd)
	}
}

func (fd *formDialog) submit() {
	// Also with Save disabled: onSubmit marks every field as touched, so
	// Enter shows everything that is still missing next to its field.
	if fd.busy || fd.onSubmit == nil {
		return
	}
	fd.onSubmit()
}

// setValid enables Save only when the form is valid.
func (fd *formDialog) setValid(ok bool) {
	if fd.save == nil {
		return
	}
	// Extra buttons that also save (e.g. "Reschedule and tell…") follow Save.
	for _, b := range append([]*widget.Button{fd.save}, fd.saving...) {
		if ok && !fd.busy {
			b.Enable()
		} else {
			b.Disable()
		}
	}
}

// run saves off the UI thread: work returns the error, then done runs on the
// UI thread. Save stays disabled meanwhile, so nothing is sent twice.
func (fd *formDialog) run(work func() error, done func(error)) {
	fd.busy = true
	fd.save.Disable()
	fd.u.do(func() func() {
		err := work()
		return func() {
			fd.busy = false
			fd.save.Enable()
			done(err)
		}
	})
}

// runAndClose saves like run; on success it closes the dialog and tells
// every view that the data changed, on a conflict it calls onConflict (when
// given), and any other error is shown next to its field or in the form,
// which keeps the input.
func (fd *formDialog) runAndClose(f *form, work func() error, onConflict func()) {
	fd.run(work, func(err error) {
		switch {
		case onConflict != nil && errors.Is(err, data.ErrConflict):
			onConflict()
		case err != nil:
			fd.u.saveFailed(f, err)
		default:
			fd.close()
			fd.u.changed()
			if fd.onSaved != nil {
				fd.onSaved()
			}
		}
	})
}

func (u *ui) forgetDialog(fd *formDialog) {
	for i, x := range u.dialogs {
		if x == fd {
			u.dialogs = append(u.dialogs[:i], u.dialogs[i+1:]...)
			return
		}
	}
}

// selectOf is a Select whose options are labels for values.
type selectOf struct {
	*widget.Select
	values []string
}

func newSelectOf(values []string, label func(string) string, changed func(string)) *selectOf {
	s := &selectOf{values: values}
	opts := make([]string, len(values))
	for i, v := range values {
		opts[i] = label(v)
	}
	s.Select = widget.NewSelect(opts, func(string) {
		if changed != nil {
			changed(s.value())
		}
	})
	return s
}

func (s *selectOf) value() string {
	i := s.SelectedIndex()
	if i < 0 || i >= len(s.values) {
		return ""
	}
	return s.values[i]
}

func (s *selectOf) setValue(v string) {
	for i, x := range s.values {
		if x == v {
			s.SetSelectedIndex(i)
			return
		}
	}
}

// cell is a list row: its content plus the template parts it updates.
type cell struct {
	widget.BaseWidget
	content fyne.CanvasObject
	data    any
	// minH is the least height of the row; the list takes the template's
	// height for every row that has no height of its own.
	minH float32
}

func newCell(content fyne.CanvasObject, data any) *cell {
	c := &cell{content: content, data: data}
	c.ExtendBaseWidget(c)
	return c
}

// CreateRenderer shows the content.
func (c *cell) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(c.content) }

// MinSize is the content's, at least minH high.
func (c *cell) MinSize() fyne.Size {
	s := c.BaseWidget.MinSize()
	if s.Height < c.minH {
		s.Height = c.minH
	}
	return s
}

// sectionHeights gives the section headers of a list a label's height; all
// other rows keep the template's height. Only the headers get a height of
// their own: List.SetItemHeight refreshes the list once per changed row,
// which for thousands of rows took most of a second and 50 MB at start-up.
type sectionHeights struct{ headers map[int]bool }

// apply sets the header heights for the list's current content and gives
// rows that were headers before the row height again. UI thread.
func (h *sectionHeights) apply(l *widget.List, n int, rowH float32, isHeader func(int) bool) {
	headerH := widget.NewLabel("X").MinSize().Height
	next := map[int]bool{}
	for i := 0; i < n; i++ {
		if isHeader(i) {
			next[i] = true
			l.SetItemHeight(i, headerH)
		}
	}
	for i := range h.headers {
		if !next[i] {
			l.SetItemHeight(i, rowH)
		}
	}
	h.headers = next
}
