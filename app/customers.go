package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/zusage/zusage/data"
)

// customerPage is how many customers one query loads; the list asks for the
// next page while the user is still a screen away from its end.
const customerPage = 200

// customersScreen is the customer list with search as you type and, beside
// it, the open customer (lessons 1, 2, 7).
type customersScreen struct {
	u       *ui
	search  *entry
	list    *widget.List
	count   *widget.Label
	newBtn  *widget.Button
	rows    []data.CustomerRow
	more    bool
	loading bool
	query   string
	gen     int
	detail  *customerView
	right   *fyne.Container
	root    fyne.CanvasObject
	// sel is the highlighted result (-1: none); openPending opens the top
	// match as soon as the search that Enter waited for has answered.
	sel         int
	openPending bool
}

func newCustomersScreen(u *ui) *customersScreen {
	s := &customersScreen{u: u, sel: -1}
	u.customers = s
	s.search = newEntry(lang.L("Search name, company, e-mail, phone"))
	s.search.OnChanged = func(q string) { s.openPending = false; s.load(q) }
	s.search.onEsc = func() { s.search.SetText("") }
	// Keyboard first: ↑/↓ move through the results, Enter opens the
	// highlighted one (or the top match) and leaves the search box, so
	// Ctrl+L logs the call right away.
	s.search.onKey = func(k *fyne.KeyEvent) bool {
		switch k.Name {
		case fyne.KeyDown:
			s.move(1)
			return true
		case fyne.KeyUp:
			s.move(-1)
			return true
		}
		return false
	}
	s.search.OnSubmitted = func(string) { s.openSelected() }
	s.count = widget.NewLabel("")
	s.newBtn = widget.NewButtonWithIcon(lang.L("New customer"), theme.ContentAddIcon(), func() { u.showCustomerDialog(nil) })
	s.list = widget.NewList(s.length, s.createRow, s.updateRow)
	s.list.OnSelected = func(id widget.ListItemID) {
		s.sel = id
		if id >= 0 && id < len(s.rows) && (s.detail == nil || s.detail.id != s.rows[id].ID) {
			s.open(s.rows[id].ID)
		}
	}
	left := container.NewBorder(container.NewVBox(s.search, container.NewBorder(nil, nil, nil, s.newBtn, s.count)), nil, nil, nil, s.list)
	hint := widget.NewLabel(lang.L("Choose a customer on the left to see contact details, promises and the contact history."))
	hint.Wrapping = fyne.TextWrapWord
	s.right = container.NewStack(container.NewCenter(container.NewGridWrap(fyne.NewSize(360, 80), hint)))
	split := container.NewHSplit(left, s.right)
	split.Offset = 0.3
	s.root = split
	return s
}

func (s *customersScreen) view() fyne.CanvasObject { return s.root }

func (s *customersScreen) length() int { return len(s.rows) }

func (s *customersScreen) createRow() fyne.CanvasObject {
	name := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Truncation = fyne.TextTruncateEllipsis
	sub := widget.NewLabel("")
	sub.Truncation = fyne.TextTruncateEllipsis
	return newCell(container.NewVBox(name, sub), [2]*widget.Label{name, sub})
}

func (s *customersScreen) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id < 0 || id >= len(s.rows) {
		return
	}
	l := o.(*cell).data.([2]*widget.Label)
	r := s.rows[id]
	l[0].SetText(customerName(r.Name, r.Company))
	var parts []string
	for _, p := range []string{r.Phone, r.Email} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	l[1].SetText(strings.Join(parts, " · "))
	// Page in ahead: the next page is requested well before the end shows.
	if s.more && !s.loading && id >= len(s.rows)-customerPage/2 {
		s.loadMore()
	}
}

// refresh reloads the rows already shown for the current search, keeping
// the scroll position and selection (another desktop may have changed one).
func (s *customersScreen) refresh() {
	if s.u.store == nil || s.query != s.search.Text || len(s.rows) == 0 {
		s.load(s.search.Text)
		return
	}
	s.gen++
	gen := s.gen
	// As many whole pages as are shown, so "more" means the same as after
	// paging in.
	q, n := s.query, (len(s.rows)+customerPage-1)/customerPage*customerPage
	st := s.u.store
	s.loading = true
	s.u.do(func() func() {
		rows, err := st.SearchCustomers(q, n, 0)
		return func() {
			if gen != s.gen {
				return
			}
			s.loading = false
			if err != nil {
				s.count.SetText(lang.L("The search failed: {{.Err}}", map[string]any{"Err": err.Error()}))
				return
			}
			s.rows = rows
			s.more = len(rows) == n
			s.list.Refresh()
			s.showCount()
		}
	})
}

// load starts a new search; older answers that arrive late are dropped.
func (s *customersScreen) load(q string) {
	if s.u.store == nil {
		return
	}
	s.gen++
	gen := s.gen
	s.query = q
	s.loading = true
	st := s.u.store
	s.u.do(func() func() {
		rows, err := st.SearchCustomers(q, customerPage, 0)
		return func() {
			if gen != s.gen {
				return
			}
			s.loading = false
			if err != nil {
				s.count.SetText(lang.L("The search failed: {{.Err}}", map[string]any{"Err": err.Error()}))
				return
			}
			s.rows = rows
			s.more = len(rows) == customerPage
			s.sel = -1
			s.list.UnselectAll()
			s.list.Refresh()
			s.list.ScrollToTop()
			s.showCount()
			if s.openPending {
				s.openSelected()
			}
		}
	})
}

// move highlights the next (+1) or previous (-1) result and shows it.
func (s *customersScreen) move(by int) {
	if len(s.rows) == 0 {
		return
	}
	i := s.sel + by
	if s.sel < 0 {
		i = 0
	}
	i = max(0, min(i, len(s.rows)-1))
	s.list.Select(i)
	s.list.ScrollTo(i)
}

// openSelected opens the highlighted result, or the top match, and takes
// the focus off the search box; Esc brings it back (returnToList). When the
// search is still running, the top match opens when it arrives.
func (s *customersScreen) openSelected() {
	if s.loading && s.sel < 0 {
		s.openPending = true
		return
	}
	s.openPending = false
	if len(s.rows) == 0 {
		return
	}
	i := s.sel
	if i < 0 || i >= len(s.rows) {
		i = 0
	}
	s.list.Select(i)
	s.open(s.rows[i].ID)
	s.u.win.Canvas().Unfocus()
}

// returnToList puts the focus back into the search box, with the results
// and the highlighted customer kept.
func (s *customersScreen) returnToList() {
	s.u.win.Canvas().Focus(s.search)
}

// loadMore appends the next page (off the UI thread).
func (s *customersScreen) loadMore() {
	s.loading = true
	gen := s.gen
	q, offset := s.query, len(s.rows)
	st := s.u.store
	s.u.do(func() func() {
		rows, err := st.SearchCustomers(q, customerPage, offset)
		return func() {
			if gen != s.gen {
				return
			}
			s.loading = false
			if err != nil {
				s.more = false
				return
			}
			s.rows = append(s.rows, rows...)
			s.more = len(rows) == customerPage
			s.list.Refresh()
			s.showCount()
		}
	})
}

func (s *customersScreen) showCount() {
	n := len(s.rows)
	switch {
	case n == 0 && strings.TrimSpace(s.query) != "":
		s.count.SetText(lang.L("No customer matches “{{.Q}}”", map[string]any{"Q": strings.TrimSpace(s.query)}))
	case n == 0:
		s.count.SetText(lang.L("No customers yet"))
	case s.more:
		s.count.SetText(lang.L("{{.N}}+ customers", map[string]any{"N": n}))
	case n == 1:
		s.count.SetText(lang.L("1 customer"))
	default:
		s.count.SetText(lang.L("{{.N}} customers", map[string]any{"N": n}))
	}
	if s.u.readOnly() {
		s.newBtn.Disable()
	} else {
		s.newBtn.Enable()
	}
}

// open shows customer id on the right.
func (s *customersScreen) open(id uint) {
	if s.detail == nil || s.detail.id != id {
		s.detail = newCustomerView(s.u, id)
		s.right.Objects = []fyne.CanvasObject{s.detail.root}
		s.right.Refresh()
		// Opened from elsewhere (Today, Promises): mark it in the list.
		for i, r := range s.rows {
			if r.ID == id {
				s.list.Select(i)
				break
			}
		}
	}
	s.detail.reload()
}
