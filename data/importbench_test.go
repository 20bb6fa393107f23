package data

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// BenchmarkImport200k imports 200,000 customers (issue 12) into a new file
// while another desktop logs a contact every 200 ms, and reports how long
// the slowest of those writes waited (budget: 2 s) and how long the
// longest batch held the write lock (about a second at most).
func BenchmarkImport200k(b *testing.B) {
	const rows = 200000
	p, err := ParseCustomerCSV(strings.NewReader(customerCSV(rows)))
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), "import.zusage")
		s, err := Create(path)
		if err != nil {
			b.Fatal(err)
		}
		u, err := s.AddUser(NewUser{Name: "Anna Berg", Email: "anna@example.de"})
		if err != nil {
			b.Fatal(err)
		}
		c, err := s.AddCustomer(NewCustomer{Name: "Müller GmbH", OwnerID: u.ID})
		if err != nil {
			b.Fatal(err)
		}
		var mu sync.Mutex
		var longest time.Duration
		s.SlowWrite = 500 * time.Millisecond
		s.Logf = func(format string, args ...any) {
			for _, a := range args {
				if d, ok := a.(time.Duration); ok && d > 500*time.Millisecond {
					mu.Lock()
					longest = max(longest, d)
					mu.Unlock()
				}
			}
		}
		other, err := OpenWith(path, Options{MustExist: true})
		if err != nil {
			b.Fatal(err)
		}
		stop := make(chan struct{})
		var worst time.Duration
		var writes int
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				case <-time.After(200 * time.Millisecond):
				}
				start := time.Now()
				if _, err := other.LogContact(NewContact{CustomerID: c.ID, UserID: u.ID, Channel: "phone", Summary: "während des Imports"}); err != nil {
					b.Error(err)
					return
				}
				worst = max(worst, time.Since(start))
				writes++
			}
		}()
		batches := 0
		b.StartTimer()
		res, err := s.ImportCustomers(p.Rows, u.ID, ImportOptions{By: u.ID, Progress: func(int, int) { batches++ }})
		b.StopTimer()
		close(stop)
		wg.Wait()
		if err != nil || res.Imported != rows {
			b.Fatalf("imported %d: %v", res.Imported, err)
		}
		other.Close()
		s.Close()
		b.ReportMetric(float64(batches), "batches")
		b.ReportMetric(float64(writes), "other-writes")
		b.ReportMetric(float64(worst.Milliseconds()), "ms-worst-other-write")
		if longest > 0 {
			b.ReportMetric(float64(longest.Milliseconds()), "ms-longest-batch-over-500ms")
		}
		fmt.Printf("200,000 rows: %d batches; %d writes of another desktop, the slowest waited %s\n", batches, writes, worst)
	}
}
