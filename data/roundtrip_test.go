package data_test

import (
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/zusage/zusage/data"
	"github.com/zusage/zusage/data/demo"
)

// Round trips (issue 15). On the office share every page SQLite reads that
// is not in its page cache is a network round trip, and SQLite empties that
// cache whenever another desktop wrote the file. These benchmarks count the
// reads of the file (demo.CountReads) an operation makes from such a cold
// cache, on a copy of the full-scale file: before each run another
// connection writes the file, as a colleague's change does. The time is
// that of the cold run on the local disk; `make bench` adds the reads at
// 0.5 ms (LAN) and 20 ms (VPN) per round trip.

// coldStore opens a private copy of the full-scale file twice: the Store a
// desktop works with, and another desktop's, which writes.
func coldStore(b *testing.B) (s, other *data.Store) {
	b.Helper()
	if !demo.ReadsAvailable() {
		b.Skip("counting reads needs /proc/self/io (Linux)")
	}
	path := benchCopy(b)
	s = openBench(b, path)
	other = openBench(b, path)
	return s, other
}

func touch(b *testing.B, other *data.Store) {
	b.Helper()
	if err := demo.MakeStale(other); err != nil {
		b.Fatal(err)
	}
}

// benchCold runs op b.N times, each from a cache another desktop's write
// made stale, and reports the reads per run.
func benchCold(b *testing.B, s, other *data.Store, op func() error) {
	b.Helper()
	// The first run parses the schema and loads the time zone: a desktop
	// that has the file open has done that long ago.
	if err := op(); err != nil {
		b.Fatal(err)
	}
	var t tally
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		touch(b, other)
		c, err := demo.CountReads()
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := op(); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		t.add(c)
		b.StartTimer()
	}
	t.report(b)
}

// tally adds up the counters of the runs of a benchmark.
type tally struct{ reads, writes, readBytes, writeBytes int64 }

func (t *tally) add(c *demo.ReadCounter) {
	t.reads += c.Reads()
	r, w := c.Bytes()
	t.readBytes += r
	t.writeBytes += w
	t.writes += c.Writes()
}

// report gives the reads (and the bytes read) per run; the writes only
// when there were any.
func (t *tally) report(b *testing.B) {
	n := float64(b.N)
	b.ReportMetric(float64(t.reads)/n, demo.ReadsPerOp)
	b.ReportMetric(float64(t.readBytes)/1024/n, demo.KiBReadPerOp)
	if t.writeBytes > 0 {
		b.ReportMetric(float64(t.writes)/n, demo.WritesPerOp)
		b.ReportMetric(float64(t.writeBytes)/1024/n, demo.KiBWrittenPerOp)
	}
}

// firstUser is the salesperson the UI benchmarks start as.
func firstUser(b *testing.B, s *data.Store) data.User {
	b.Helper()
	us, err := s.Users()
	if err != nil || len(us) == 0 {
		b.Fatalf("no salespeople: %v", err)
	}
	return us[0]
}

// today is what the Today board loads: one salesperson's warnings and the
// callbacks left today.
func today(s *data.Store, owner uint) error {
	if _, err := s.Warnings(benchInfo.now, data.WarningFilter{OwnerID: owner}); err != nil {
		return err
	}
	end := benchInfo.now.Truncate(24*time.Hour).AddDate(0, 0, 1)
	_, err := s.OpenPromises(data.PromiseFilter{OwnerID: owner, Kind: data.KindCallback, From: benchInfo.now, Before: end})
	return err
}

// customerView is what the customer view loads: the card, the first
// timeline page and the titles of the promises its entries are about.
func customerView(s *data.Store, id uint) error {
	if _, err := s.Card(id); err != nil {
		return err
	}
	items, _, err := s.Timeline(id, "", 50)
	if err != nil {
		return err
	}
	var ids []uint
	for _, it := range items {
		if it.CommitmentID != 0 && it.Type != data.ItemCommitment {
			ids = append(ids, it.CommitmentID)
		}
	}
	_, err = s.CommitmentTitles(ids)
	return err
}

// BenchmarkReadsOpenToday opens the file and loads what Today shows for
// the first salesperson: the start of the app, from nothing in memory.
func BenchmarkReadsOpenToday(b *testing.B) {
	if !demo.ReadsAvailable() {
		b.Skip("counting reads needs /proc/self/io (Linux)")
	}
	path := benchCopy(b)
	s0 := openBench(b, path)
	me := firstUser(b, s0)
	s0.Close()
	var t tally
	// Warm the process (time zone, driver) once, not the file.
	_ = time.Now().In(time.Local).String()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c, err := demo.CountReads()
		if err != nil {
			b.Fatal(err)
		}
		s, err := data.OpenWith(path, data.Options{MustExist: true})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Settings(); err != nil {
			b.Fatal(err)
		}
		if _, err := s.Users(); err != nil {
			b.Fatal(err)
		}
		if err := today(s, me.ID); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		t.add(c)
		s.Close()
		b.StartTimer()
	}
	t.report(b)
}

// BenchmarkReadsTodayAfterChange is a desktop with Today on screen, after
// another desktop logged one contact: the board brought up to date (the
// poll that noticed the change is measured by BenchmarkReadsIdlePoll).
func BenchmarkReadsTodayAfterChange(b *testing.B) {
	s, other := coldStore(b)
	benchDB(b)
	me := firstUser(b, s)
	other.Now = func() time.Time { return benchInfo.now }
	cu, err := other.Customer(benchInfo.customer)
	if err != nil {
		b.Fatal(err)
	}
	// What the board does: the warnings from its view, which applies the
	// change log, and the callbacks left today.
	view := s.NewWarningsView(data.WarningFilter{OwnerID: me.ID})
	loads := 0
	refresh := func() error {
		_, r, err := view.Warnings(benchInfo.now)
		if err != nil {
			return err
		}
		if r.Full && loads > 0 {
			return fmt.Errorf("the view reloaded everything after one change")
		}
		loads++
		end := benchInfo.now.Truncate(24*time.Hour).AddDate(0, 0, 1)
		_, err = s.OpenPromises(data.PromiseFilter{OwnerID: me.ID, Kind: data.KindCallback, From: benchInfo.now, Before: end})
		return err
	}
	if err := refresh(); err != nil {
		b.Fatal(err)
	}
	var t tally
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		if _, err := other.LogContact(data.NewContact{CustomerID: cu.ID, UserID: cu.OwnerID, Channel: "phone",
			Summary: "Rückfrage zur Lieferzeit " + strconv.Itoa(i)}); err != nil {
			b.Fatal(err)
		}
		c, err := demo.CountReads()
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := refresh(); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		t.add(c)
		b.StartTimer()
	}
	t.report(b)
}

// BenchmarkReadsTeamWarnings is the whole team's warnings from a cold cache.
func BenchmarkReadsTeamWarnings(b *testing.B) {
	s, other := coldStore(b)
	benchDB(b)
	benchCold(b, s, other, func() error {
		_, err := s.Warnings(benchInfo.now, data.WarningFilter{})
		return err
	})
}

// BenchmarkReadsCustomerSearch is one 3-letter search from a cold cache.
func BenchmarkReadsCustomerSearch(b *testing.B) {
	s, other := coldStore(b)
	i := 0
	benchCold(b, s, other, func() error {
		_, err := s.SearchCustomers(demo.BenchSearchQueries[i%len(demo.BenchSearchQueries)], 100, 0)
		i++
		return err
	})
}

// BenchmarkReadsTimelinePage is the first timeline page of the longest
// history from a cold cache.
func BenchmarkReadsTimelinePage(b *testing.B) {
	s, other := coldStore(b)
	benchDB(b)
	benchCold(b, s, other, func() error {
		_, _, err := s.Timeline(benchInfo.longest, "", 50)
		return err
	})
}

// BenchmarkReadsCustomerView is the whole customer view of the longest
// history from a cold cache.
func BenchmarkReadsCustomerView(b *testing.B) {
	s, other := coldStore(b)
	benchDB(b)
	benchCold(b, s, other, func() error { return customerView(s, benchInfo.longest) })
}

// BenchmarkReadsIdlePoll is one poll of the watch while nobody changes
// anything (PRAGMA data_version on the watch's own connection), from the
// state after another desktop's write, as the poll after a change is. The
// watch does this once per interval (2 s). Measured poll by poll, because
// while a process sleeps between polls the Go runtime reads its own wakeup
// file, which the counter would count too.
func BenchmarkReadsIdlePoll(b *testing.B) {
	s, other := coldStore(b)
	poll, stop, err := s.WatchPoll()
	if err != nil {
		b.Fatal(err)
	}
	defer stop()
	last, err := poll()
	if err != nil {
		b.Fatal(err)
	}
	var t, idle tally
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		touch(b, other)
		c, err := demo.CountReads()
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		v, err := poll()
		b.StopTimer()
		if err != nil || v == last {
			b.Fatalf("the poll did not see the change: %v", err)
		}
		last = v
		t.add(c)
		// And once more with nothing changed.
		c, _ = demo.CountReads()
		if v, err := poll(); err != nil || v != last {
			b.Fatalf("the poll saw a change that was not made: %v", err)
		}
		idle.add(c)
		b.StartTimer()
	}
	b.ReportMetric(float64(idle.reads)/float64(b.N), demo.ReadsPerOp)
	b.ReportMetric(float64(t.reads)/float64(b.N), "reads-after-change/op")
}

// BenchmarkReadsLogContact is one contact logged from a cold cache: the
// reads, and the write calls and bytes, that one change costs on the share
// (rollback journal and synchronous FULL write every changed page twice).
func BenchmarkReadsLogContact(b *testing.B) {
	s, other := coldStore(b)
	benchDB(b)
	s.Now = func() time.Time { return benchInfo.now }
	cu, err := s.Customer(benchInfo.longest)
	if err != nil {
		b.Fatal(err)
	}
	i := 0
	benchCold(b, s, other, func() error {
		i++
		_, err := s.LogContact(data.NewContact{CustomerID: cu.ID, UserID: cu.OwnerID, Channel: "phone",
			Summary: "Kunde fragt nach Lieferzeit " + strconv.Itoa(i)})
		return err
	})
}
