package data

import (
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// BenchOptions is the full-scale demo of issue 6: twenty salespeople with
// forty contacts a day for ten years, about two million contacts.
var BenchOptions = DemoOptions{Customers: 20000, Users: 20, Years: 10, Seed: 1,
	Now: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)}

// BenchSearchQueries are the 3-letter infixes the search benchmark types
// into the search box, in turn.
var BenchSearchQueries = []string{"ber", "mül", "tec", "421", "ann", "gmb"}

// BenchFilePath is where the full-scale benchmark file is cached: in the
// temp folder, named by schema version and seed, so a file of an older
// schema is never measured.
func BenchFilePath() string {
	return filepath.Join(os.TempDir(), fmt.Sprintf("zusage-bench-v%d-seed%d.zusage", SchemaVersion, BenchOptions.Seed))
}

// EnsureBenchFile makes the full-scale demo file at path unless a complete
// one of the current schema is already there. It writes to a temporary name
// first, so an interrupted run never leaves a half-filled file behind.
func EnsureBenchFile(path string, progress func(done, total int)) error {
	if h, err := inspectFile(path); err == nil && h.exists && h.userVersion == SchemaVersion {
		s, err := OpenWith(path, Options{MustExist: true, ReadOnly: true})
		if err == nil {
			var n int64
			err = s.db.Raw("SELECT count(*) FROM customers").Row().Scan(&n)
			s.Close()
			if err == nil && n == int64(BenchOptions.Customers) {
				return nil
			}
		}
	}
	tmp := path + ".partial"
	os.Remove(tmp)
	os.Remove(tmp + "-journal")
	s, err := Open(tmp)
	if err != nil {
		return err
	}
	s.Loc = time.UTC
	if _, err := GenerateDemo(s, BenchOptions, progress); err != nil {
		s.Close()
		os.Remove(tmp)
		return err
	}
	if err := s.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
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
