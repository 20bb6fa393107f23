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
	good    int
	users   []data.User
	owner   *widget.Select
	summary *widget.Label
	table   *widget.Table
	fd      *formDialog
	// run imports the rows for the chosen owner.
	run func(ownerID uint) (data.ImportResult, error)
	// result is the dialog shown after the import (tests).
	result *formDialog
	res    data.ImportResult
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
				u.showMessage(lang.L("The file cannot be imported"), lang.L("{{.Name}}: {{.Err}}. Nothing was imported.", map[string]any{"Name": name, "Err": err.Error()}))
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
			d.reasons = append(d.reasons, r.Reason)
		}
		d.run = func(uint) (data.ImportResult, error) { return st.ImportPurchases(p.Rows) }
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
			d.reasons = append(d.reasons, r.Reason)
		}
		d.run = func(owner uint) (data.ImportResult, error) { return st.ImportCustomers(p.Rows, owner) }
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
		if r := d.reasons[id.Row]; r != "" {
			l.Importance = widget.DangerImportance
			l.SetText(r)
		} else {
			l.Importance = widget.SuccessImportance
			l.SetText(lang.L("ready"))
		}
		return
	}
	l.Importance = widget.MediumImportance
	l.SetText(d.cells[id.Row][id.Col])
}

// onImport writes the good rows in one transaction and reports the result.
func (d *importDialog) onImport() {
	owner := d.u.me.ID
	if d.owner != nil {
		if i := d.owner.SelectedIndex(); i >= 0 && i < len(d.users) {
			owner = d.users[i].ID
		}
	}
	var res data.ImportResult
	d.fd.run(func() error {
		var err error
		res, err = d.run(owner)
		return err
	}, func(err error) {
		if err != nil {
			d.u.showError(err)
			return
		}
		d.fd.close()
		d.res = res
		d.showResult()
		d.u.changed()
	})
}

// showResult lists what was imported and what was not, with the reasons.
func (d *importDialog) showResult() {
	msg := lang.L("Imported {{.N}}, not imported {{.M}}.", map[string]any{"N": d.res.Imported, "M": len(d.res.Rejected)})
	var lines []string
	for _, r := range d.res.Rejected {
		lines = append(lines, lang.L("Line {{.Line}}: {{.What}} — {{.Reason}}", map[string]any{"Line": r.Line, "What": r.What, "Reason": r.Reason}))
	}
	head := widget.NewLabel(msg)
	head.TextStyle.Bold = true
	list := widget.NewLabel(strings.Join(lines, "\n"))
	list.Wrapping = fyne.TextWrapWord
	content := container.NewBorder(head, nil, nil, nil, container.NewVScroll(list))
	d.result = newInfoDialog(d.u, lang.L("Import finished"), container.NewGridWrap(fyne.NewSize(640, 320), content))
	d.result.show()
	d.u.notify.status(msg)
}
