package app

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zusage/zusage/data"
)

// outreachWorld is a database with Anna and Ben, five pump buyers (lots 12,
// 14, 15, 17, 18) and a desktop working as Anna at a fixed time.
type outreachWorld struct {
	s     *data.Store
	u     *ui
	w     fyne.Window
	now   time.Time
	anna  data.User
	ben   data.User
	pump  data.Product
	buyer []data.Customer
}

func newOutreachWorld(t *testing.T) *outreachWorld {
	t.Helper()
	a := test.NewTempApp(t)
	s, err := data.Open(filepath.Join(t.TempDir(), "z.db"))
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	ow := &outreachWorld{s: s, now: time.Date(2026, 11, 24, 9, 0, 0, 0, time.Local)}
	s.Now = func() time.Time { return ow.now }
	s.Loc = time.Local
	ow.anna, err = s.AddUser(data.NewUser{Name: "Anna Berg", Email: "anna@example.de"})
	require.NoError(t, err)
	ow.ben, err = s.AddUser(data.NewUser{Name: "Ben Krüger", Email: "ben@example.de"})
	require.NoError(t, err)
	ow.pump, err = s.AddProduct("Pumpe X200")
	require.NoError(t, err)
	for i, spec := range []struct{ name, lot string }{{"Albrecht Bau", "12"}, {"Bäckerei Sommer", "14"}, {"Clausen KG", "15"}, {"Dietz & Söhne", "17"}, {"Ebert AG", "18"}} {
		owner := ow.anna.ID
		if i%2 == 1 {
			owner = ow.ben.ID
		}
		c, err := s.AddCustomer(data.NewCustomer{Name: spec.name, Phone: "0421 55 0" + spec.lot, OwnerID: owner})
		require.NoError(t, err)
		_, err = s.AddPurchase(data.NewPurchase{CustomerID: c.ID, ProductID: ow.pump.ID, Date: "2026-03-01", Lot: spec.lot})
		require.NoError(t, err)
		ow.buyer = append(ow.buyer, c)
	}
	ow.w = test.NewTempWindow(t, widget.NewLabel(""))
	ow.w.Resize(fyne.NewSize(1200, 760))
	ow.u = newUI(a, ow.w)
	ow.u.store, ow.u.me, ow.u.inline = s, ow.anna, true
	ow.u.now = func() time.Time { return ow.now }
	return ow
}

// shot writes the window as PNG when ZUSAGE_SHOTS names a folder, so the
// screens can be looked at (software renderer of Fyne's test driver).
func (ow *outreachWorld) shot(t *testing.T, name string) {
	dir := os.Getenv("ZUSAGE_SHOTS")
	if dir == "" {
		return
	}
	img := ow.w.Canvas().Capture()
	f, err := os.Create(filepath.Join(dir, name+".png"))
	require.NoError(t, err)
	defer f.Close()
	require.NoError(t, png.Encode(f, img))
}

func TestNoticesScreenPreviewsCreatesAndShowsProgress(t *testing.T) {
	ow := newOutreachWorld(t)
	s := newNoticesScreen(ow.u)
	ow.w.SetContent(s.view())
	s.refresh()
	assert.True(t, s.empty.Visible())
	assert.Equal(t, "No notices yet.", s.empty.Text)

	// Without a product the dialog says so and goes no further.
	s.onNew()
	d := s.lastNew
	require.NotNil(t, d)
	d.title.SetText("Dichtung kann undicht werden")
	d.fd.submit()
	assert.Nil(t, d.confirm)
	assert.Equal(t, "Choose the product the notice is about", d.form.byKey("product").msg.Text)

	d.product.SetSelectedIndex(0)
	d.lots.SetText("17-14")
	d.fd.submit()
	assert.Nil(t, d.confirm)
	assert.Equal(t, "The range 17-14 runs backwards", d.form.byKey("lot").msg.Text)

	d.lots.SetText("14-17")
	d.days.SetText("2")
	d.desc.SetText("Bitte Sichtprüfung; Tausch kostenlos.")
	d.fd.submit()
	require.NotNil(t, d.confirm, "the customers are shown before anything is written")
	var names []string
	for _, tg := range d.targets {
		names = append(names, tg.Customer)
	}
	assert.Equal(t, []string{"Bäckerei Sommer", "Clausen KG", "Dietz & Söhne"}, names)
	rows, err := ow.s.Notices()
	require.NoError(t, err)
	assert.Empty(t, rows, "nothing written by the preview")
	ow.shot(t, "notice-preview")

	d.confirm.submit()
	require.Len(t, s.rows, 1)
	assert.False(t, s.empty.Visible())
	assert.Equal(t, 3, s.progress.Total)
	assert.Equal(t, 0.0, s.bar.Value)
	assert.Equal(t, 3.0, s.bar.Max)
	assert.Len(t, s.entries, 3)
	assert.Equal(t, "0 told · 3 still to tell", s.counts.Text)

	// Ben calls Bäckerei Sommer about it: the bar moves.
	p, err := ow.s.NoticeProgress(s.selected, ow.now)
	require.NoError(t, err)
	id := p.Left[0].CommitmentID
	_, err = ow.s.LogContact(data.NewContact{CustomerID: p.Left[0].CustomerID, UserID: ow.ben.ID, Channel: "phone", Summary: "informiert", CommitmentID: &id})
	require.NoError(t, err)
	s.refresh()
	assert.Equal(t, 1.0, s.bar.Value)
	assert.Len(t, s.entries, 2)
	assert.Equal(t, "1 told · 2 still to tell", s.counts.Text)

	// Three days on, the two left are overdue.
	ow.now = ow.now.Add(72 * time.Hour)
	s.refresh()
	assert.Equal(t, "1 told · 2 still to tell · 2 overdue — call them today", s.counts.Text)
	assert.Equal(t, widget.DangerImportance, s.counts.Importance)
	assert.True(t, s.entries[0].Overdue)
	ow.shot(t, "notices")
}

// scoreHistory: Anna keeps one promise on time and lets one slip silently;
// Ben has one open; a contact about the pump carries a concern.
func scoreHistory(t *testing.T, ow *outreachWorld) {
	t.Helper()
	start := ow.now
	ow.now = start.Add(-10 * 24 * time.Hour)
	c1, err := ow.s.Promise(data.NewCommitment{CustomerID: ow.buyer[0].ID, ByID: ow.anna.ID, Kind: data.KindCallback, Title: "Rückruf", Due: data.Due{At: ow.now.Add(48 * time.Hour)}})
	require.NoError(t, err)
	_, err = ow.s.Promise(data.NewCommitment{CustomerID: ow.buyer[2].ID, ByID: ow.anna.ID, Kind: data.KindOffer, Title: "Angebot", Due: data.Due{At: ow.now.Add(72 * time.Hour)}})
	require.NoError(t, err)
	_, err = ow.s.Promise(data.NewCommitment{CustomerID: ow.buyer[1].ID, ByID: ow.ben.ID, Kind: data.KindDelivery, Title: "Lieferung", Due: data.Due{At: start.Add(72 * time.Hour)}})
	require.NoError(t, err)
	ow.now = ow.now.Add(24 * time.Hour)
	_, err = ow.s.Complete(c1.ID, 0, ow.anna.ID, "")
	require.NoError(t, err)
	ow.now = start
	_, err = ow.s.LogContact(data.NewContact{CustomerID: ow.buyer[1].ID, UserID: ow.ben.ID, Channel: "phone", Direction: data.DirIn,
		Summary: "Pumpe tropft", ProductID: &ow.pump.ID, Concern: "Dichtung", At: start.Add(-time.Hour)})
	require.NoError(t, err)
}

func TestReportsScreenShowsScorecardChartAndConcerns(t *testing.T) {
	ow := newOutreachWorld(t)
	scoreHistory(t, ow)
	r := newReportsScreen(ow.u)
	ow.w.SetContent(r.view())
	r.refresh()
	require.Len(t, r.rows, 3)
	assert.Equal(t, []string{"Anna Berg", "2", "1", "0", "0", "1", "7.0 days", "0 % (0/1)"}, scoreCells(r.rows[0]))
	assert.Equal(t, []string{"Ben Krüger", "1", "0", "0", "1", "0", "—", "—"}, scoreCells(r.rows[1]))
	assert.Equal(t, "Whole team", scoreCells(r.rows[2])[0])
	assert.Equal(t, "3 promises made, 1 kept on time.", r.status.Text)
	// The legend and one bar per salesperson; Anna's bar has two parts.
	require.Len(t, r.chart.Objects, 3)
	annaBar := r.chart.Objects[1].(*fyne.Container).Objects[1].(*fyne.Container).Objects[0].(*fyne.Container)
	assert.Len(t, annaBar.Objects, 2)
	assert.Contains(t, r.concerns.Text, "Pumpe X200 — Dichtung (1) · concerns: 1 · customers: 1")
	ow.shot(t, "reports")

	// A period with nothing in it.
	r.period.setValue(periodLast)
	assert.Equal(t, "No promises were made in this period.", r.status.Text)
	assert.Len(t, r.chart.Objects, 1)
}

func TestImportDialogPreviewsThenImports(t *testing.T) {
	ow := newOutreachWorld(t)
	r := newReportsScreen(ow.u)
	ow.w.SetContent(r.view())
	raw, err := os.ReadFile(filepath.Join("..", "data", "testdata", "kunden-excel-de.csv"))
	require.NoError(t, err)
	r.showImport(importCustomers, "kunden.csv", raw)
	d := r.lastImport
	require.NotNil(t, d)
	assert.Contains(t, d.summary.Text, "Read as Windows-1252, separator “;”")
	assert.Contains(t, d.summary.Text, "4 rows can be imported, 2 cannot")
	assert.Equal(t, "Jürgen Müller", d.cells[0][2])
	assert.Equal(t, "4", d.cells[2][0])
	assert.Equal(t, "10 cells instead of 9 — a separator “;” in a value without quotes?", d.reasons[2])
	assert.False(t, d.fd.save.Disabled())
	before, err := ow.s.SearchCustomers("", 100, 0)
	require.NoError(t, err)
	ow.shot(t, "import-preview")

	d.owner.SetSelectedIndex(1) // Ben owns the rows without a Betreuer
	d.fd.submit()
	require.NotNil(t, d.result)
	assert.Equal(t, 4, d.res.Imported)
	require.Len(t, d.res.Rejected, 2)
	after, err := ow.s.SearchCustomers("", 100, 0)
	require.NoError(t, err)
	assert.Len(t, after, len(before)+4)
	for _, c := range after {
		if c.Name == "Jürgen Müller" {
			assert.Equal(t, "ben@example.de", c.Owner)
		}
	}

	assert.Equal(t, 6.0, d.bar.Value, "the progress bar reached the end of the 6 rows")
	assert.True(t, d.progress.closed)

	// The result offers to take the import back: the customers are
	// archived, not deleted, and the file says who did it.
	require.NotNil(t, d.undoBtn)
	test.Tap(d.undoBtn)
	confirm := ow.u.dialogs[len(ow.u.dialogs)-1]
	confirm.submit()
	require.NotNil(t, d.undone)
	assert.Equal(t, 4, d.undone.Customers)
	assert.True(t, d.result.closed)
	after, err = ow.s.SearchCustomers("", 100, 0)
	require.NoError(t, err)
	assert.Len(t, after, len(before), "the imported customers are archived")
	im, err := ow.s.Import(d.res.ID)
	require.NoError(t, err)
	require.NotNil(t, im.UndoneBy)
	assert.Equal(t, ow.u.me.ID, *im.UndoneBy)
	assert.Contains(t, ow.u.notify.label.Text, "taken back")

	// A file that cannot be read at all: a message, no preview.
	r.lastImport = nil
	r.showImport(importCustomers, "leer.csv", []byte("Telefon;Ort\n"))
	assert.Nil(t, r.lastImport)

	r.showImport(importPurchases, "kaeufe.csv", []byte("Kunde;Produkt;Charge\n1;Pumpe X200;21\n1;Pumpe X9;\n"))
	d = r.lastImport
	require.NotNil(t, d)
	assert.Equal(t, "Import 2 purchases", d.fd.save.Text)
	d.fd.submit()
	assert.Equal(t, 1, d.res.Imported)
	require.Len(t, d.res.Rejected, 1)
	assert.Equal(t, "There is no product named Pumpe X9 (add it first)", importProblemWords(d.res.Rejected[0].Err))
}

func TestNoticesAndReportsAreInTheNavigation(t *testing.T) {
	var keys []string
	for _, e := range navEntries() {
		keys = append(keys, e.key)
	}
	assert.Subset(t, keys, []string{"notices", "reports"})
}
