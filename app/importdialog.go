package app

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/zusage/zusage/data"
)

// What an import reads.
const (
	importCustomers = "customers"
	importPurchases = "purchases"
)

// importDialog shows what a file holds — every row, good or rejected with
// its line and reason — before anything is written, then imports the good
// rows in one step.
type importDialog struct {
	u       *ui
	kind    string
	name    string
	cols    []string
	cells   [][]string
	reasons []string
	// repairs says, per row, which fields had bytes that were not UTF-8.
	repairs []string
	good    int
	users   []data.User
	owner   *widget.Select
	summary *widget.Label
	table   *widget.Table
	fd      *formDialog
	// run imports the rows for the chosen owner, telling progress.
	run func(ownerID uint, progress func(done, total int)) (data.ImportResult, error)
	// progress is the dialog shown while the import runs, result the one
	// after it (tests).
	progress *formDialog
	bar      *widget.ProgressBar
	result   *formDialog
	res      data.ImportResult
	err      error
	// undoBtn takes the import back; undone is the outcome (tests).
	undoBtn *widget.Button
	undone  *data.UndoResult
}

// onImport asks for the file, then shows the preview.
func (s *reportsScreen) onImport(kind string) {
	if s.u.readOnly() {
		return
	}
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			s.u.showError(err)
			return
		}
		if r == nil {
			return
		}
		name := r.URI().Name()
		s.u.do(func() func() {
			raw, err := io.ReadAll(io.LimitReader(r, data.MaxImportBytes+1))
			r.Close()
			return func() {
				if err != nil {
					s.u.showError(err)
					return
				}
				s.showImport(kind, name, raw)
			}
		})
	}, s.u.win)
	exts := []string{".csv", ".txt", ".vcf"}
	if kind == importPurchases {
		exts = []string{".csv", ".txt"}
	}
	d.SetFilter(storage.NewExtensionFileFilter(exts))
	d.Resize(fyne.NewSize(800, 560))
	d.Show()
}

// showImport parses raw (off the UI thread) and opens the preview. UI thread.
func (s *reportsScreen) showImport(kind, name string, raw []byte) {
	u := s.u
	st := u.store
	u.do(func() func() {
		users, err := st.Users()
		var d *importDialog
		if err == nil {
			d, err = buildImport(u, kind, name, raw)
		}
		return func() {
			if err != nil {
				u.showMessage(lang.L("The file cannot be imported"), lang.L("{{.Name}}: {{.Err}}. Nothing was imported.", map[string]any{"Name": name, "Err": importFileWords(err)}))
				return
			}
			d.users = users
			d.build()
			s.lastImport = d
			d.fd.show()
		}
	})
}

// buildImport reads the file into preview rows.
func buildImport(u *ui, kind, name string, raw []byte) (*importDialog, error) {
	d := &importDialog{u: u, kind: kind, name: name}
	st := u.store
	var how string
	if kind == importPurchases {
		p, err := data.ParsePurchaseCSV(bytes.NewReader(raw))
		if err != nil {
			return nil, err
		}
		how = readHow(p.Encoding, p.Delimiter, p.Ignored)
		d.cols = []string{lang.L("Line"), lang.L("Status"), lang.L("Customer"), lang.L("Product"), lang.L("Date"), lang.L("Lot")}
		for _, r := range p.Rows {
			d.cells = append(d.cells, []string{fmt.Sprint(r.Line), "", r.Customer, r.Product, r.Date, r.Lot})
			d.reasons = append(d.reasons, importProblemWords(r.Problem))
			d.repairs = append(d.repairs, "")
		}
		d.run = func(_ uint, progress func(int, int)) (data.ImportResult, error) {
			return st.ImportPurchases(p.Rows, data.ImportOptions{By: u.me.ID, Source: name, Progress: progress})
		}
	} else {
		var p data.Preview
		var err error
		if strings.EqualFold(filepath.Ext(name), ".vcf") || bytes.HasPrefix(bytes.ToUpper(bytes.TrimSpace(bytes.TrimPrefix(raw, []byte("\ufeff")))), []byte("BEGIN:VCARD")) {
			p, err = data.ParseVCard(bytes.NewReader(raw))
		} else {
			p, err = data.ParseCustomerCSV(bytes.NewReader(raw))
		}
		if err != nil {
			return nil, err
		}
		how = readHow(p.Encoding, p.Delimiter, p.Ignored)
		d.cols = []string{lang.L("Line"), lang.L("Status"), lang.L("Name"), lang.L("Company"), lang.L("E-mail"), lang.L("Phone"), lang.L("Owner")}
		for _, r := range p.Rows {
			d.cells = append(d.cells, []string{fmt.Sprint(r.Line), "", r.Name, r.Company, r.Email, r.Phone, r.Owner})
			d.reasons = append(d.reasons, importProblemWords(r.Problem))
			d.repairs = append(d.repairs, repairWords(r.Repaired))
		}
		d.run = func(owner uint, progress func(int, int)) (data.ImportResult, error) {
			return st.ImportCustomers(p.Rows, owner, data.ImportOptions{By: u.me.ID, Source: name, Progress: progress})
		}
	}
	for _, r := range d.reasons {
		if r == "" {
			d.good++
		}
	}
	d.summary = widget.NewLabel(how + "\n" + lang.L("{{.Good}} rows can be imported, {{.Bad}} cannot (see Status). Rows whose e-mail is already a customer's are reported, never doubled.",
		map[string]any{"Good": d.good, "Bad": len(d.reasons) - d.good}))
	d.summary.Wrapping = fyne.TextWrapWord
	return d, nil
}

// readHow says how the file was read: encoding, separator, ignored columns.
func readHow(enc string, delim rune, ignored []string) string {
	s := lang.L("Read as {{.Enc}}", map[string]any{"Enc": enc})
	if delim != 0 {
		sep := string(delim)
		if delim == '\t' {
			sep = lang.L("tab")
		}
		s += ", " + lang.L("separator “{{.Sep}}”", map[string]any{"Sep": sep})
	}
	if len(ignored) > 0 {
		s += ". " + lang.L("Columns not used: {{.Cols}}", map[string]any{"Cols": strings.Join(ignored, ", ")})
	}
	return s + "."
}

// build lays out the preview. UI thread.
func (d *importDialog) build() {
	d.table = widget.NewTableWithHeaders(
		func() (int, int) { return len(d.cells), len(d.cols) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		d.updateCell)
	d.table.ShowHeaderColumn = false
	d.table.CreateHeader = func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.TextStyle.Bold = true
		return l
	}
	d.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Row == -1 && id.Col >= 0 && id.Col < len(d.cols) {
			o.(*widget.Label).SetText(d.cols[id.Col])
		}
	}
	for i := range d.cols {
		w := float32(150)
		switch i {
		case 0:
			w = 60
		case 1:
			w = 380
		}
		d.table.SetColumnWidth(i, w)
	}
	top := []fyne.CanvasObject{d.summary}
	if d.kind == importCustomers {
		names := make([]string, len(d.users))
		sel := 0
		for i, x := range d.users {
			names[i] = x.Name
			if x.ID == d.u.me.ID {
				sel = i
			}
		}
		d.owner = widget.NewSelect(names, nil)
		if len(names) > 0 {
			d.owner.SetSelectedIndex(sel)
		}
		top = append(top, container.NewBorder(nil, nil, widget.NewLabel(lang.L("Owner of rows without a Betreuer/Owner column")), nil, d.owner))
	}
	title := lang.L("Import customers from {{.Name}}", map[string]any{"Name": d.name})
	save := lang.L("Import {{.N}} customers", map[string]any{"N": d.good})
	if d.kind == importPurchases {
		title = lang.L("Import purchases from {{.Name}}", map[string]any{"Name": d.name})
		save = lang.L("Import {{.N}} purchases", map[string]any{"N": d.good})
	}
	body := container.NewBorder(container.NewVBox(top...), nil, nil, nil, d.table)
	d.fd = newFormDialog(d.u, title, save, body, d.onImport)
	d.fd.setValid(d.good > 0)
	d.fd.resize(1000, 600)
}

func (d *importDialog) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	if id.Row < 0 || id.Row >= len(d.cells) || id.Col < 0 || id.Col >= len(d.cols) {
		l.SetText("")
		return
	}
	if id.Col == 1 {
		switch r, fix := d.reasons[id.Row], d.repairs[id.Row]; {
		case r != "":
			l.Importance = widget.DangerImportance
			l.SetText(r)
		case fix != "":
			l.Importance = widget.WarningImportance
			l.SetText(lang.L("ready") + " — " + fix)
		default:
			l.Importance = widget.SuccessImportance
			l.SetText(lang.L("ready"))
		}
		return
	}
	l.Importance = widget.MediumImportance
	l.SetText(d.cells[id.Row][id.Col])
}

// onImport writes the good rows in short batches, off the UI thread, with
// a progress bar; the other desktops keep working meanwhile. The result
// says what was imported and offers to take the import back.
func (d *importDialog) onImport() {
	owner := d.u.me.ID
	if d.owner != nil {
		if i := d.owner.SelectedIndex(); i >= 0 && i < len(d.users) {
			owner = d.users[i].ID
		}
	}
	d.fd.close()
	d.bar = widget.NewProgressBar()
	d.bar.Max = float64(max(len(d.cells), 1))
	note := widget.NewLabel(lang.L("The import writes in short steps; the other desktops can keep working meanwhile."))
	note.Wrapping = fyne.TextWrapWord
	d.progress = newProgressDialog(d.u, lang.L("Importing {{.Name}}", map[string]any{"Name": d.name}), d.bar, note)
	progress := barProgress(d.bar)
	d.u.do(func() func() {
		res, err := d.run(owner, progress)
		return func() {
			d.progress.close()
			d.res, d.err = res, err
			if err != nil && res.Imported == 0 {
				d.u.showError(err)
				return
			}
			d.showResult()
			d.u.changed()
		}
	})
}

// showResult lists what was imported and what was not, with the reasons,
// and offers to take the import back.
func (d *importDialog) showResult() {
	msg := lang.L("Imported {{.N}}, not imported {{.M}} (import {{.ID}}).", map[string]any{"N": d.res.Imported, "M": len(d.res.Rejected), "ID": d.res.ID})
	if d.err != nil {
		what, _ := describeError(d.err)
		msg = lang.L("The import stopped after {{.N}} rows: {{.Err}}", map[string]any{"N": d.res.Imported + len(d.res.Rejected), "Err": what}) + " " + msg
	}
	head := widget.NewLabel(msg)
	head.TextStyle.Bold = true
	head.Wrapping = fyne.TextWrapWord
	rej := d.res.Rejected
	// One row per rejected line: a file with 100,000 bad lines must not
	// become one label of 100,000 lines.
	list := widget.NewList(func() int { return len(rej) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i < 0 || i >= len(rej) {
				return
			}
			r := rej[i]
			m := map[string]any{"Line": r.Line, "What": r.What, "Reason": importProblemWords(r.Err)}
			text := lang.L("Line {{.Line}}: {{.What}} — {{.Reason}}", m)
			if r.What == "" {
				text = lang.L("Line {{.Line}}: {{.Reason}}", m)
			}
			o.(*widget.Label).SetText(clipLine(text, 300))
		})
	content := container.NewBorder(head, nil, nil, nil, list)
	d.result = newInfoDialog(d.u, lang.L("Import finished"), container.NewGridWrap(fyne.NewSize(640, 320), content))
	if d.res.ID != 0 && d.res.Imported > 0 && !d.u.readOnly() {
		d.undoBtn = widget.NewButton(lang.L("Undo this import"), d.confirmUndo)
		d.undoBtn.Importance = widget.DangerImportance
		d.result.setButtons(d.undoBtn, d.result.cancel)
	}
	d.result.show()
	d.u.notify.status(msg)
}

// confirmUndo asks before the import is taken back.
func (d *importDialog) confirmUndo() {
	kind := lang.L("the {{.N}} customers it created", map[string]any{"N": d.res.Imported})
	if d.kind == importPurchases {
		kind = lang.L("the {{.N}} purchases it recorded", map[string]any{"N": d.res.Imported})
	}
	l := widget.NewLabel(lang.L("Take back the import of {{.Name}}? This archives {{.What}}; nothing is deleted, and the customers' timelines say who did it.", map[string]any{"Name": d.name, "What": kind}))
	l.Wrapping = fyne.TextWrapWord
	var fd *formDialog
	fd = newFormDialog(d.u, lang.L("Undo this import"), lang.L("Undo import"), container.NewGridWrap(fyne.NewSize(460, 80), l), func() {
		fd.close()
		d.result.close()
		bar := widget.NewProgressBar()
		pd := newProgressDialog(d.u, lang.L("Taking back the import of {{.Name}}", map[string]any{"Name": d.name}), bar,
			widget.NewLabel(lang.L("The other desktops can keep working meanwhile.")))
		progress := barProgress(bar)
		st, me := d.u.store, d.u.me.ID
		d.u.do(func() func() {
			r, err := st.UndoImport(d.res.ID, me, progress)
			return func() {
				pd.close()
				if err != nil {
					d.u.showError(err)
					return
				}
				d.undone = &r
				d.u.notify.status(lang.L("The import of {{.Name}} was taken back: {{.C}} customers and {{.P}} purchases archived.",
					map[string]any{"Name": d.name, "C": r.Customers, "P": r.Purchases}))
				d.u.changed()
			}
		})
	})
	fd.save.Importance = widget.DangerImportance
	fd.show()
}

// newProgressDialog shows a long step that cannot be cancelled: a title,
// a progress bar and a note, no buttons. Close it with close.
func newProgressDialog(u *ui, title string, bar *widget.ProgressBar, note *widget.Label) *formDialog {
	note.Wrapping = fyne.TextWrapWord
	fd := newInfoDialog(u, title, container.NewGridWrap(fyne.NewSize(480, 90), container.NewVBox(bar, note)))
	fd.d.SetButtons(nil)
	fd.show()
	return fd
}

// barProgress returns a progress callback, for any goroutine, that moves bar.
func barProgress(bar *widget.ProgressBar) func(done, total int) {
	return func(done, total int) {
		fyne.Do(func() {
			bar.Max = float64(max(total, 1))
			bar.SetValue(float64(done))
		})
	}
}
