package app

import (
	"fmt"
	"image/color"
	"io"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/zusage/zusage/data"
)

// Periods the reports offer.
const (
	periodMonth   = "30d"
	periodQuarter = "90d"
	periodYear    = "year"
	periodLast    = "lastyear"
	periodAll     = "all"
)

// reportsScreen shows how the team keeps its promises (lessons 4 and 5),
// which products worry customers (lesson 8), and imports and exports data.
type reportsScreen struct {
	u        *ui
	root     fyne.CanvasObject
	period   *selectOf
	table    *widget.Table
	rows     []data.ScoreRow
	chart    *fyne.Container
	tableBox *fyne.Container
	body     *fyne.Container
	scroll   *container.Scroll
	concerns *widget.Label
	status   *widget.Label
	exportSC *widget.Button
	imports  []*widget.Button
	gen      int
	// lastImport is the newest import dialog (tests).
	lastImport *importDialog
}

func newReportsScreen(u *ui) *reportsScreen {
	s := &reportsScreen{u: u}
	title := widget.NewLabelWithStyle(lang.L("Reports"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	s.period = newSelectOf([]string{periodMonth, periodQuarter, periodYear, periodLast, periodAll}, periodLabel, func(string) {
		if s.root != nil {
			s.refresh()
		}
	})
	s.period.SetSelectedIndex(1)
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord

	s.table = widget.NewTableWithHeaders(
		func() (int, int) { return len(s.rows), len(scoreColumns()) },
		func() fyne.CanvasObject { return widget.NewLabel("anna.berg@example.de") },
		s.updateCell)
	s.table.ShowHeaderColumn = false
	s.table.CreateHeader = func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.TextStyle.Bold = true
		return l
	}
	s.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		cols := scoreColumns()
		if id.Row == -1 && id.Col >= 0 && id.Col < len(cols) {
			o.(*widget.Label).SetText(cols[id.Col])
		}
	}
	widths := []float32{220, 70, 90, 80, 70, 90, 90, 170}
	for i, w := range widths {
		s.table.SetColumnWidth(i, w)
	}
	explain := widget.NewLabel(lang.L("Promises made in the period, by the salesperson who holds them; standing promises are not counted. On time: kept by the deadline first promised — moving it counts as a slip. Told before slip: of the deadlines missed or moved, how many the customer heard about before they passed."))
	explain.Wrapping = fyne.TextWrapWord
	explain.TextStyle.Italic = true

	s.chart = container.NewVBox()
	s.concerns = widget.NewLabel("")
	s.concerns.Wrapping = fyne.TextWrapWord

	s.exportSC = widget.NewButtonWithIcon(lang.L("Export scorecard (CSV)…"), theme.DocumentSaveIcon(), s.onExportScorecard)
	impCust := widget.NewButtonWithIcon(lang.L("Import customers…"), theme.UploadIcon(), func() { s.onImport(importCustomers) })
	impPur := widget.NewButtonWithIcon(lang.L("Import purchases…"), theme.UploadIcon(), func() { s.onImport(importPurchases) })
	s.imports = []*widget.Button{impCust, impPur}
	expCust := widget.NewButtonWithIcon(lang.L("Export customers (CSV)…"), theme.DownloadIcon(), func() { s.onExport(false) })
	expCont := widget.NewButtonWithIcon(lang.L("Export contact journal (CSV)…"), theme.DownloadIcon(), func() { s.onExport(true) })

	heading := func(t string) *widget.Label {
		l := widget.NewLabelWithStyle(t, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		return l
	}
	s.tableBox = container.NewGridWrap(fyne.NewSize(900, 160), s.table)
	tableBox := s.tableBox
	body := container.NewVBox(
		container.NewHBox(widget.NewLabel(lang.L("Period")), s.period.Select, s.exportSC),
		s.status,
		heading(lang.L("Promise scorecard")),
		tableBox,
		explain,
		heading(lang.L("Kept on time, late, open and overdue")),
		s.chart,
		heading(lang.L("Products customers worry about")),
		s.concerns,
		widget.NewSeparator(),
		heading(lang.L("Import and export")),
		container.NewHBox(impCust, impPur, expCust, expCont),
	)
	s.body = body
	s.scroll = container.NewVScroll(body)
	s.root = container.NewBorder(title, nil, nil, nil, s.scroll)
	return s
}

func (s *reportsScreen) view() fyne.CanvasObject { return s.root }

func periodLabel(p string) string {
	switch p {
	case periodMonth:
		return lang.L("Last 30 days")
	case periodQuarter:
		return lang.L("Last 90 days")
	case periodYear:
		return lang.L("This year")
	case periodLast:
		return lang.L("Last year")
	}
	return lang.L("All time")
}

// periodRange turns a period into [from, to) at now.
func periodRange(p string, now time.Time) (time.Time, time.Time) {
	day := startOfDay(now)
	switch p {
	case periodMonth:
		return day.AddDate(0, 0, -29), day.AddDate(0, 0, 1)
	case periodQuarter:
		return day.AddDate(0, 0, -89), day.AddDate(0, 0, 1)
	case periodYear:
		y := time.Date(now.Local().Year(), 1, 1, 0, 0, 0, 0, time.Local)
		return y, y.AddDate(1, 0, 0)
	case periodLast:
		y := time.Date(now.Local().Year()-1, 1, 1, 0, 0, 0, 0, time.Local)
		return y, y.AddDate(1, 0, 0)
	}
	return time.Time{}, time.Time{}
}

func scoreColumns() []string {
	return []string{lang.L("Salesperson"), lang.L("Made"), lang.L("On time"), lang.L("Late"), lang.L("Open"),
		lang.L("Overdue"), lang.L("Avg. slip"), lang.L("Told before slip")}
}

// scoreCells are the texts of one scorecard row.
func scoreCells(r data.ScoreRow) []string {
	name := r.OwnerName
	if r.Owner == data.TeamOwner {
		name = lang.L("Whole team")
	}
	told := "—"
	if r.ToldBeforeSlipPct != nil {
		told = fmt.Sprintf("%.0f %% (%d/%d)", *r.ToldBeforeSlipPct, r.ToldBeforeSlip, r.Slips)
	}
	slip := "—"
	if r.AvgSlipDays > 0 {
		slip = lang.L("{{.D}} days", map[string]any{"D": fmt.Sprintf("%.1f", r.AvgSlipDays)})
	}
	return []string{name, fmt.Sprint(r.Made), fmt.Sprint(r.KeptOnTime), fmt.Sprint(r.KeptLate), fmt.Sprint(r.Open),
		fmt.Sprint(r.Overdue), slip, told}
}

func (s *reportsScreen) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	if id.Row < 0 || id.Row >= len(s.rows) {
		l.SetText("")
		return
	}
	cells := scoreCells(s.rows[id.Row])
	if id.Col < 0 || id.Col >= len(cells) {
		l.SetText("")
		return
	}
	l.TextStyle.Bold = s.rows[id.Row].Owner == data.TeamOwner
	l.Importance = widget.MediumImportance
	if id.Col == 5 && s.rows[id.Row].Overdue > 0 {
		l.Importance = widget.DangerImportance
	}
	l.SetText(cells[id.Col])
}

// refresh reloads the scorecard and the concerns for the chosen period.
func (s *reportsScreen) refresh() {
	st := s.u.store
	if st == nil {
		return
	}
	for _, b := range s.imports {
		if s.u.readOnly() {
			b.Disable()
		} else {
			b.Enable()
		}
	}
	s.gen++
	gen := s.gen
	now := s.u.now()
	from, to := periodRange(s.period.value(), now)
	s.u.do(func() func() {
		rows, err := st.Scorecard(from, to, now)
		var concerns []data.ConcernRow
		if err == nil {
			concerns, err = st.TopConcerns(from, to, 5)
		}
		return func() {
			if gen != s.gen {
				return
			}
			if err != nil {
				s.status.SetText(lang.L("The report could not be loaded: {{.Err}}", map[string]any{"Err": err.Error()}))
				return
			}
			s.setData(rows, concerns)
		}
	})
}

// setData shows a loaded report. UI thread.
func (s *reportsScreen) setData(rows []data.ScoreRow, concerns []data.ConcernRow) {
	s.rows = rows
	team := rows[len(rows)-1]
	if team.Made == 0 {
		s.status.SetText(lang.L("No promises were made in this period."))
	} else {
		s.status.SetText(lang.L("{{.Made}} promises made, {{.OnTime}} kept on time.", map[string]any{"Made": team.Made, "OnTime": team.KeptOnTime}))
	}
	s.table.Refresh()
	s.chart.Objects = scoreChart(rows)
	s.chart.Refresh()
	if len(concerns) == 0 {
		s.concerns.SetText(lang.L("No contact in this period was tagged with a concern about a product. Tag contacts with a concern and a product when customers raise one."))
	} else {
		var lines []string
		for _, c := range concerns {
			var tags []string
			for _, t := range c.Tags {
				tags = append(tags, fmt.Sprintf("%s (%d)", t.Tag, t.Count))
			}
			lines = append(lines, lang.L("{{.Product}} — {{.Tags}} · concerns: {{.N}} · customers: {{.Customers}}",
				map[string]any{"Product": c.Product, "N": c.Concerns, "Customers": c.Customers, "Tags": strings.Join(tags, ", ")}))
		}
		s.concerns.SetText(strings.Join(lines, "\n"))
	}
	// The table shows every row without scrolling; the page scrolls instead.
	rowH := widget.NewLabel("X").MinSize().Height + theme.Padding()
	s.tableBox.Layout = layout.NewGridWrapLayout(fyne.NewSize(900, float32(len(rows)+1)*rowH+2*theme.Padding()))
	s.tableBox.Refresh()
	s.body.Refresh()
	s.scroll.Refresh()
}

// Colours of the scorecard chart.
var (
	chartOnTime  = color.NRGBA{R: 0x2e, G: 0x9d, B: 0x52, A: 0xff}
	chartLate    = color.NRGBA{R: 0xe0, G: 0x9a, B: 0x1f, A: 0xff}
	chartOpen    = color.NRGBA{R: 0x8a, G: 0x99, B: 0xad, A: 0xff}
	chartOverdue = color.NRGBA{R: 0xd0, G: 0x3b, B: 0x3b, A: 0xff}
)

// barWidth is the width of the longest bar.
const barWidth = 520

// scoreChart draws one stacked bar per salesperson: on time, late, open,
// overdue, scaled to the one who made the most promises.
func scoreChart(rows []data.ScoreRow) []fyne.CanvasObject {
	most := 0
	for _, r := range rows {
		if r.Owner != data.TeamOwner && r.Made > most {
			most = r.Made
		}
	}
	legend := container.NewHBox()
	for _, p := range []struct {
		c    color.Color
		text string
	}{{chartOnTime, lang.L("On time")}, {chartLate, lang.L("Late")}, {chartOpen, lang.L("Open")}, {chartOverdue, lang.L("Overdue")}} {
		sw := canvas.NewRectangle(p.c)
		sw.SetMinSize(fyne.NewSize(14, 14))
		legend.Add(container.NewCenter(sw))
		legend.Add(widget.NewLabel(p.text))
	}
	out := []fyne.CanvasObject{legend}
	if most == 0 {
		return out
	}
	for _, r := range rows {
		if r.Owner == data.TeamOwner {
			continue
		}
		name := widget.NewLabel(r.OwnerName)
		name.Truncation = fyne.TextTruncateEllipsis
		bar := container.NewHBox()
		bar.Layout = &tightRow{}
		for _, part := range []struct {
			n int
			c color.Color
		}{{r.KeptOnTime, chartOnTime}, {r.KeptLate, chartLate}, {r.Open, chartOpen}, {r.Overdue, chartOverdue}} {
			if part.n == 0 {
				continue
			}
			rect := canvas.NewRectangle(part.c)
			rect.SetMinSize(fyne.NewSize(float32(part.n)*barWidth/float32(most), 18))
			bar.Add(rect)
		}
		count := widget.NewLabel(fmt.Sprint(r.Made))
		nameBox := container.NewGridWrap(fyne.NewSize(200, name.MinSize().Height), name)
		out = append(out, container.NewHBox(nameBox, container.NewCenter(bar), count))
	}
	return out
}

// tightRow lays objects side by side at their minimum size, without gaps,
// so the parts of a bar touch.
type tightRow struct{}

func (tightRow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for _, o := range objs {
		m := o.MinSize()
		w += m.Width
		h = max(h, m.Height)
	}
	return fyne.NewSize(w, h)
}

func (tightRow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	x := float32(0)
	for _, o := range objs {
		m := o.MinSize()
		o.Move(fyne.NewPos(x, (size.Height-m.Height)/2))
		o.Resize(m)
		x += m.Width
	}
}

// onExportScorecard saves the scorecard shown as CSV.
func (s *reportsScreen) onExportScorecard() {
	rows := s.rows
	if len(rows) == 0 {
		return
	}
	s.saveCSV("zusage-scorecard.csv", func(path string) error {
		return data.WriteFileAtomic(path, func(w io.Writer) error {
			return data.WriteScorecardCSV(w, rows, data.ExportOptions{Lang: uiLang()})
		})
	})
}

// onExport saves the customers or the contact journal as CSV.
func (s *reportsScreen) onExport(contacts bool) {
	st := s.u.store
	name := "zusage-customers.csv"
	if contacts {
		name = "zusage-contacts.csv"
	}
	s.saveCSV(name, func(path string) error {
		opt := data.ExportOptions{Lang: uiLang()}
		var n int
		var err error
		if contacts {
			n, err = st.ExportContactsFile(path, opt)
		} else {
			n, err = st.ExportCustomersFile(path, opt)
		}
		if err == nil {
			fyne.Do(func() {
				s.u.notify.status(lang.L("Exported {{.N}} rows to {{.Name}}", map[string]any{"N": n, "Name": path}))
			})
		}
		return err
	})
}

// saveCSV asks where to save, then writes the file off the UI thread,
// through a temporary file, so a failure never leaves half a file.
func (s *reportsScreen) saveCSV(name string, write func(path string) error) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			s.u.showError(err)
			return
		}
		if w == nil {
			return
		}
		path := w.URI().Path()
		w.Close()
		s.u.do(func() func() {
			err := write(path)
			return func() {
				if err != nil {
					s.u.showError(err)
				}
			}
		})
	}, s.u.win)
	d.SetFileName(name)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".csv"}))
	d.Resize(fyne.NewSize(800, 560))
	d.Show()
}
