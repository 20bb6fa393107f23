package demo

import (
	"github.com/zusage/zusage/data"

	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// BenchOptions is the full-scale demo of issue 6: twenty salespeople with
// forty contacts a day for ten years, about two million contacts.
var BenchOptions = Options{Customers: 20000, Users: 20, Years: 10, Seed: 1,
	Now: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)}

// BenchSearchQueries are the 3-letter infixes the search benchmark types
// into the search box, in turn.
var BenchSearchQueries = []string{"ber", "mül", "tec", "421", "ann", "gmb"}

// BenchFilePath is where the full-scale benchmark file is cached: in the
// temp folder, named by schema version and seed, so a file of an older
// schema is never measured.
func BenchFilePath() string {
	return filepath.Join(os.TempDir(), fmt.Sprintf("zusage-bench-v%d-seed%d.zusage", data.SchemaVersion, BenchOptions.Seed))
}

// EnsureBenchFile makes the full-scale demo file at path unless a complete
// one of the current schema is already there. It writes to a temporary name
// first, so an interrupted run never leaves a half-filled file behind, and
// takes a lock file, because `go test` runs the benchmark packages in
// parallel and each would otherwise make its own.
func EnsureBenchFile(path string, progress func(done, total int)) error {
	if benchFileReady(path) {
		return nil
	}
	lock := path + ".lock"
	for {
		f, err := os.OpenFile(lock, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
		if err == nil {
			f.Close()
			break
		}
		if !errors.Is(err, os.ErrExist) {
			return err
		}
		// Another process is making the file: wait for it, unless it died
		// (its lock is touched on every progress step).
		if st, err := os.Stat(lock); err == nil && time.Since(st.ModTime()) > 2*time.Minute {
			os.Remove(lock)
			continue
		}
		time.Sleep(time.Second)
		if benchFileReady(path) {
			return nil
		}
	}
	defer os.Remove(lock)
	if benchFileReady(path) {
		return nil
	}
	tmp := path + ".partial"
	os.Remove(tmp)
	os.Remove(tmp + "-journal")
	s, err := data.Open(tmp)
	if err != nil {
		return err
	}
	s.Loc = time.UTC
	touch := func(done, total int) {
		now := time.Now()
		os.Chtimes(lock, now, now)
		if progress != nil {
			progress(done, total)
		}
	}
	if _, err := Generate(s, BenchOptions, touch); err != nil {
		s.Close()
		os.Remove(tmp)
		return err
	}
	if err := s.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// benchFileReady reports whether path holds a complete full-scale file of
// the current schema.
func benchFileReady(path string) bool {
	// A read-only open refuses a file of an older or newer schema.
	s, err := data.OpenWith(path, data.Options{MustExist: true, ReadOnly: true})
	if err != nil {
		return false
	}
	defer s.Close()
	var n int64
	err = s.DB().Raw("SELECT count(*) FROM customers").Row().Scan(&n)
	return err == nil && n == int64(BenchOptions.Customers)
}

// BenchDB is the file the benchmarks measure: the one named by the
// environment variable ZUSAGE_BENCH_DB, or else the cached full-scale demo,
// made first when missing or of another schema.
func BenchDB(progress func(done, total int)) (string, error) {
	if p := os.Getenv("ZUSAGE_BENCH_DB"); p != "" {
		return p, nil
	}
	p := BenchFilePath()
	return p, EnsureBenchFile(p, progress)
}

// LongestHistoryCustomer is the customer with the most contacts: the one
// whose view the UI benchmarks open, because its timeline is the deepest.
func LongestHistoryCustomer(s *data.Store) (uint, error) {
	var id uint
	err := s.DB().Raw(`SELECT customer_id FROM contacts GROUP BY customer_id ORDER BY count(*) DESC, customer_id LIMIT 1`).Row().Scan(&id)
	return id, err
}
