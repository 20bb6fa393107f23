// Package icsbench measures the calendar feed on the full-scale benchmark
// file; it lives apart from data because data/ics imports data.
package icsbench

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/zusage/zusage/data"
	"github.com/zusage/zusage/data/demo"
	"github.com/zusage/zusage/data/feeds"
	"github.com/zusage/zusage/data/ics"
)

// BenchmarkICSFeed writes the feed of the salesperson with the most promises
// for the coming year, the range a subscribed calendar gets.
func BenchmarkICSFeed(b *testing.B) {
	path, err := demo.BenchDB(nil)
	if err != nil {
		b.Fatal(err)
	}
	s, err := data.OpenWith(path, data.Options{MustExist: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	var last int64
	var owner uint
	if err := s.DB().Raw("SELECT max(at) FROM contacts").Row().Scan(&last); err != nil {
		b.Fatal(err)
	}
	if err := s.DB().Raw("SELECT owner_id FROM commitments GROUP BY owner_id ORDER BY count(*) DESC, owner_id LIMIT 1").Row().Scan(&owner); err != nil {
		b.Fatal(err)
	}
	now := time.Unix(last+60, 0).UTC()
	f := ics.FeedFilter{OwnerID: owner, From: now, To: now.AddDate(1, 0, 0)}
	var cw countWriter
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cw = 0
		if err := ics.Feed(&cw, s, f, now); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cw)/1024, "KiB")
}

// BenchmarkReadsICSFeed is the same feed from a cache another desktop's
// write made stale, counting the reads of the file (issue 15).
func BenchmarkReadsICSFeed(b *testing.B) {
	if !demo.ReadsAvailable() {
		b.Skip("counting reads needs /proc/self/io (Linux)")
	}
	src, err := demo.BenchDB(nil)
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "copy.zusage")
	if err := demo.CopyFile(src, path); err != nil {
		b.Fatal(err)
	}
	s, err := data.OpenWith(path, data.Options{MustExist: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	other, err := data.OpenWith(path, data.Options{MustExist: true})
	if err != nil {
		b.Fatal(err)
	}
	defer other.Close()
	var last int64
	var owner uint
	if err := s.DB().Raw("SELECT max(at) FROM contacts").Row().Scan(&last); err != nil {
		b.Fatal(err)
	}
	if err := s.DB().Raw("SELECT owner_id FROM commitments GROUP BY owner_id ORDER BY count(*) DESC, owner_id LIMIT 1").Row().Scan(&owner); err != nil {
		b.Fatal(err)
	}
	now := time.Unix(last+60, 0).UTC()
	f := ics.FeedFilter{OwnerID: owner, From: now, To: now.AddDate(1, 0, 0)}
	if err := ics.Feed(io.Discard, s, f, now); err != nil {
		b.Fatal(err)
	}
	var reads, bytes int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		if err := demo.MakeStale(other); err != nil {
			b.Fatal(err)
		}
		c, err := demo.CountReads()
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := ics.Feed(io.Discard, s, f, now); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		reads += c.Reads()
		r, _ := c.Bytes()
		bytes += r
		b.StartTimer()
	}
	b.ReportMetric(float64(reads)/float64(b.N), demo.ReadsPerOp)
	b.ReportMetric(float64(bytes)/1024/float64(b.N), demo.KiBReadPerOp)
}

type countWriter int

func (c *countWriter) Write(p []byte) (int, error) { *c += countWriter(len(p)); return len(p), nil }

var _ io.Writer = (*countWriter)(nil)

// BenchmarkServedFeed is one fetch of the served feed over loopback HTTP by
// a subscribed calendar: the same feed as BenchmarkICSFeed plus the token
// lookup, the version hash and HTTP. With If-None-Match the answer is a
// 304, but the feed is still rendered to know it did not change.
func BenchmarkServedFeed(b *testing.B) {
	path, err := demo.BenchDB(nil)
	if err != nil {
		b.Fatal(err)
	}
	// A copy may get a token; the cached benchmark file is never written.
	s, err := data.OpenWith(path, data.Options{MustExist: true})
	if err != nil {
		b.Fatal(err)
	}
	var last int64
	var owner uint
	if err := s.DB().Raw("SELECT max(at) FROM contacts").Row().Scan(&last); err != nil {
		b.Fatal(err)
	}
	if err := s.DB().Raw("SELECT owner_id FROM commitments GROUP BY owner_id ORDER BY count(*) DESC, owner_id LIMIT 1").Row().Scan(&owner); err != nil {
		b.Fatal(err)
	}
	s.Close()
	// A server's benchmark database is a throw-away one (make bench): the
	// token goes into it.
	cp := path
	if !data.IsServer(path) {
		cp = filepath.Join(b.TempDir(), "bench.zusage")
		if err := copyFile(path, cp); err != nil {
			b.Fatal(err)
		}
	}
	w, err := data.OpenWith(cp, data.Options{MustExist: true})
	if err != nil {
		b.Fatal(err)
	}
	tok, err := w.FeedToken(owner)
	w.Close()
	if err != nil {
		b.Fatal(err)
	}
	r, err := data.OpenWith(cp, data.Options{MustExist: true, ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	now := time.Unix(last+60, 0).UTC()
	srv := httptest.NewServer(&feeds.Handler{Store: r, Now: func() time.Time { return now }})
	defer srv.Close()
	url := srv.URL + feeds.Path(tok)
	get := func(etag string) (int, string, int64) {
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		if etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		res, err := srv.Client().Do(req)
		if err != nil {
			b.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.StatusCode, res.Header.Get("ETag"), n
	}
	_, etag, size := get("")
	for _, tc := range []struct {
		name string
		etag string
		want int
	}{{"200", "", http.StatusOK}, {"304", etag, http.StatusNotModified}} {
		b.Run(tc.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if code, _, _ := get(tc.etag); code != tc.want {
					b.Fatalf("status %d, want %d", code, tc.want)
				}
			}
			b.ReportMetric(float64(size)/1024, "KiB")
		})
	}
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
