package app

import (
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/zusage/zusage/data"
	"github.com/zusage/zusage/data/demo"
)

// The UI at the scale of issue 6, measured with Fyne's test driver on the
// full-scale demo file (demo.BenchDB: $ZUSAGE_BENCH_DB or the file cached in
// the temp folder). `make bench` runs them and puts them in its table.

// benchUI starts the UI on the full-scale file as its first salesperson,
// with background work run inline so that a measured step includes the
// database work behind it.
func benchUI(b *testing.B) (*ui, uint) {
	b.Helper()
	path, err := demo.BenchDB(nil)
	if err != nil {
		b.Fatalf("benchmark database: %v", err)
	}
	s, err := data.OpenWith(path, data.Options{MustExist: true, ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	users, err := s.Users()
	if err != nil || len(users) == 0 {
		b.Fatalf("no salespeople in %s: %v", path, err)
	}
	longest, err := demo.LongestHistoryCustomer(s)
	if err != nil {
		b.Fatal(err)
	}
	langOnce.Do(func() { setupLanguage("") })
	a := test.NewTempApp(b)
	w := test.NewTempWindow(b, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1280, 800))
	u := newUI(a, w)
	u.inline = true
	u.useStore(s, users[0].Email)
	if u.me.ID == 0 {
		b.Fatal("the UI did not start as the first salesperson")
	}
	return u, longest
}

// reportRSS reports the resident memory of the process in MiB (Linux), or
// what the Go runtime holds from the system elsewhere.
func reportRSS(b *testing.B) {
	b.Helper()
	mib := 0.0
	if st, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, l := range strings.Split(string(st), "\n") {
			if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmRSS:" {
				kb, _ := strconv.ParseFloat(f[1], 64)
				mib = kb / 1024
			}
		}
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	if mib == 0 {
		mib = float64(m.Sys) / (1 << 20)
	}
	b.ReportMetric(mib, "MiB-rss")
	b.ReportMetric(float64(m.HeapInuse)/(1<<20), "MiB-heap")
}

// BenchmarkCustomerView opens the view of the customer with the longest
// history: header card, standing promises and the first timeline page,
// rendered into the window.
func BenchmarkCustomerView(b *testing.B) {
	u, longest := benchUI(b)
	u.show("customers")
	u.customers.open(longest)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		u.customers.detail = nil
		u.customers.open(longest)
		u.win.Content().Refresh()
	}
	b.StopTimer()
	if len(u.customers.detail.items) == 0 {
		b.Fatal("the timeline stayed empty")
	}
	reportRSS(b)
}

// BenchmarkAppStart starts the whole app on the file: every screen built
// and loaded (Today with the team's warnings, the customer list, promises,
// notices, reports, settings).
func BenchmarkAppStart(b *testing.B) {
	for i := 0; i < b.N; i++ {
		u, _ := benchUI(b)
		for _, e := range u.entries {
			u.show(e.key)
		}
	}
	reportRSS(b)
}

// BenchmarkCustomerViewLongNotes opens a customer with the longest notes a
// customer may have (20,000 characters), a standing promise with long
// details and a first timeline page of contacts with 2,000-character
// summaries and 20,000-character notes — the worst a view can be handed
// (issue 12: such notes kept the window frozen for 14 s).
func BenchmarkCustomerViewLongNotes(b *testing.B) {
	langOnce.Do(func() { setupLanguage("") })
	s, err := data.Open(filepath.Join(b.TempDir(), "long.zusage"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	anna, err := s.AddUser(data.NewUser{Name: "Anna Schmidt", Email: "anna.schmidt@example.com"})
	if err != nil {
		b.Fatal(err)
	}
	c, err := s.AddCustomer(data.NewCustomer{Name: "Müller Haustechnik GmbH", OwnerID: anna.ID})
	if err != nil {
		b.Fatal(err)
	}
	longNotesTeam(b, s, c, anna)
	for i := 0; i < timelinePage; i++ {
		if _, err := s.LogContact(data.NewContact{CustomerID: c.ID, UserID: anna.ID, Channel: "email",
			Summary: longText(2000), Notes: longText(data.MaxCellChars)}); err != nil {
			b.Fatal(err)
		}
	}
	a := test.NewTempApp(b)
	w := test.NewTempWindow(b, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1280, 800))
	u := newUI(a, w)
	u.inline = true
	u.useStore(s, anna.Email)
	u.show("customers")
	u.customers.open(c.ID)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		u.customers.detail = nil
		u.customers.open(c.ID)
		u.win.Content().Refresh()
	}
	b.StopTimer()
	if len(u.customers.detail.items) < timelinePage {
		b.Fatal("the timeline page is not full")
	}
	reportRSS(b)
}

// Round trips in the app (issue 15): the reads of the database file, counted
// by demo.CountReads, on a private copy of the full-scale file.

// benchCopyUI copies the full-scale file for a benchmark that writes to it.
func benchCopyUI(b *testing.B) string {
	b.Helper()
	if !demo.ReadsAvailable() {
		b.Skip("counting reads needs /proc/self/io (Linux)")
	}
	src, err := demo.BenchDB(nil)
	if err != nil {
		b.Fatalf("benchmark database: %v", err)
	}
	path := filepath.Join(b.TempDir(), "copy.zusage")
	if err := demo.CopyFile(src, path); err != nil {
		b.Fatal(err)
	}
	return path
}

// startUI starts the app on path as its first salesperson, inline.
func startUI(b *testing.B, path string) *ui {
	b.Helper()
	s, err := data.OpenWith(path, data.Options{MustExist: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	users, err := s.Users()
	if err != nil || len(users) == 0 {
		b.Fatalf("no salespeople in %s: %v", path, err)
	}
	langOnce.Do(func() { setupLanguage("") })
	a := test.NewTempApp(b)
	w := test.NewTempWindow(b, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1280, 800))
	u := newUI(a, w)
	u.inline = true
	u.useStore(s, users[0].Email)
	if u.me.ID == 0 {
		b.Fatal("the UI did not start as the first salesperson")
	}
	return u
}

// BenchmarkReadsAppOpenToday opens the file and starts the app until Today
// is on screen, counting every read the start makes.
func BenchmarkReadsAppOpenToday(b *testing.B) {
	path := benchCopyUI(b)
	startUI(b, path) // the process's one-time work: fonts, translations, time zone
	var reads, kib int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c, err := demo.CountReads()
		if err != nil {
			b.Fatal(err)
		}
		u := startUI(b, path)
		b.StopTimer()
		reads += c.Reads()
		r, _ := c.Bytes()
		kib += r
		if len(u.today.items) == 0 {
			b.Fatal("Today stayed empty")
		}
		u.store.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(reads)/float64(b.N), demo.ReadsPerOp)
	b.ReportMetric(float64(kib)/1024/float64(b.N), demo.KiBReadPerOp)
}

// BenchmarkReadsAppRefreshAfterChange has Today loaded and the customer
// view of the longest history on screen; another desktop logs one contact
// with a customer on the board, and the app does what its watch does: read
// the change log and bring Today and the visible screen up to date.
func BenchmarkReadsAppRefreshAfterChange(b *testing.B) { benchRefreshAfterChange(b, false) }

// BenchmarkReadsAppRefreshOpenCustomerChanged is the same when the change is
// about the customer on screen, whose view then reloads too.
func BenchmarkReadsAppRefreshOpenCustomerChanged(b *testing.B) { benchRefreshAfterChange(b, true) }

func benchRefreshAfterChange(b *testing.B, sameCustomer bool) {
	path := benchCopyUI(b)
	u := startUI(b, path)
	// The facts come from a Store that is closed again: SQLite's page
	// caches of one process share their memory, and another desktop is
	// another process, so its big reads must not crowd out this one's.
	facts, err := data.OpenWith(path, data.Options{MustExist: true, ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	longest, err := demo.LongestHistoryCustomer(facts)
	if err != nil {
		b.Fatal(err)
	}
	ws, err := facts.Warnings(u.now(), data.WarningFilter{OwnerID: u.me.ID})
	facts.Close()
	if err != nil || len(ws) == 0 {
		b.Fatalf("no warnings of %s: %v", u.me.Email, err)
	}
	other, err := data.OpenWith(path, data.Options{MustExist: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { other.Close() })
	u.openCustomer(longest)
	target := ws[0].CustomerID
	if target == longest {
		target = ws[len(ws)-1].CustomerID
	}
	if sameCustomer {
		target = longest
	}
	feed := &changeFeed{st: u.store}
	feed.start()
	var reads, kib int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		if _, err := other.LogContact(data.NewContact{CustomerID: target, UserID: u.me.ID, Channel: "phone",
			Summary: "Rückfrage zur Lieferzeit " + strconv.Itoa(i)}); err != nil {
			b.Fatal(err)
		}
		c, err := demo.CountReads()
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		u.applyChanges(feed.next())
		b.StopTimer()
		if u.today.lastLoad.Full {
			b.Fatal("the board reloaded everything after one change")
		}
		reads += c.Reads()
		r, _ := c.Bytes()
		kib += r
		b.StartTimer()
	}
	b.ReportMetric(float64(reads)/float64(b.N), demo.ReadsPerOp)
	b.ReportMetric(float64(kib)/1024/float64(b.N), demo.KiBReadPerOp)
}
