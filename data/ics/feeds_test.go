package ics

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zusage/zusage/data"
)

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	require.NoError(t, err)
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out
}

func TestFeedFileName(t *testing.T) {
	assert.Equal(t, "anna@example.de.ics", FeedFileName("Anna@Example.DE"))
	assert.Equal(t, "a_b@x.de.ics", FeedFileName("a/b@x.de"))
	assert.Equal(t, "_..@x.de.ics", FeedFileName("..@x.de"))
	assert.Equal(t, "o_brien+sales@x.de.ics", FeedFileName("o'brien+sales@x.de"))
}

func TestWriteFeedsOneFilePerActiveSalesperson(t *testing.T) {
	f := newFx(t)
	carla, err := f.s.AddUser(data.NewUser{Name: "Carla Dietz", Email: "Carla@Example.de"})
	require.NoError(t, err)
	require.NoError(t, f.s.ArchiveUser(carla.ID, carla.Version, f.anna.ID, 0))
	benCust, err := f.s.AddCustomer(data.NewCustomer{Name: "Schulz KG", OwnerID: f.ben.ID})
	require.NoError(t, err)
	cb := f.promise(t, data.KindCallback, "Preisfrage", data.Due{At: f.now.Add(2 * time.Hour)})
	gone := f.promise(t, data.KindCallback, "Fällt aus", data.Due{At: f.now.Add(30 * time.Hour)})
	_, err = f.s.Cancel(gone.ID, 0, f.anna.ID, "Kunde sagt ab")
	require.NoError(t, err)
	bens, err := f.s.Promise(data.NewCommitment{CustomerID: benCust.ID, ByID: f.ben.ID, Kind: data.KindOffer, Title: "Angebot", Due: data.DayDue(2026, 12, 3, berlin)})
	require.NoError(t, err)

	dir := filepath.Join(t.TempDir(), "feeds")
	require.NoError(t, WriteFeeds(dir, f.s, f.now))
	assert.Equal(t, []string{"anna@example.de.ics", "ben@example.de.ics"}, dirNames(t, dir), "one file per active salesperson, no temp files")

	// Someone who left keeps a current (here: empty) feed while the file is
	// there, instead of a stale one.
	carlaFeed := filepath.Join(dir, "carla@example.de.ics")
	require.NoError(t, os.WriteFile(carlaFeed, []byte("BEGIN:VCALENDAR\r\nstale"), 0o644))
	require.NoError(t, WriteFeeds(dir, f.s, f.now))
	b, err := os.ReadFile(carlaFeed)
	require.NoError(t, err)
	assert.Empty(t, parse(t, b).uids(t))
	require.NoError(t, os.Remove(carlaFeed))

	read := func(name string) parsed {
		b, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		return parse(t, b)
	}
	anna := read("anna@example.de.ics")
	assert.Equal(t, "PUBLISH", anna.method(t))
	assert.Equal(t, []string{cb.UID, gone.UID}, anna.uids(t))
	assert.Contains(t, anna.raw, "STATUS:CANCELLED")
	ben := read("ben@example.de.ics")
	assert.Equal(t, []string{bens.UID}, ben.uids(t))

	st, err := os.Stat(filepath.Join(dir, "anna@example.de.ics"))
	require.NoError(t, err)
	if os.PathSeparator == '/' {
		assert.Equal(t, os.FileMode(0o644), st.Mode().Perm(), "readable by colleagues who subscribe")
	}

	// A month later the cancellation is gone from the rewritten file.
	require.NoError(t, WriteFeeds(dir, f.s, f.now.AddDate(0, 0, 31)))
	anna = read("anna@example.de.ics")
	assert.Empty(t, anna.uids(t), "the callback is past and the cancellation expired")
	assert.Equal(t, []string{"anna@example.de.ics", "ben@example.de.ics"}, dirNames(t, dir))

	assert.ErrorContains(t, Exporter{Lang: "xx"}.WriteFeeds(dir, f.s, f.now), "xx")
}

func TestWriteFileAtomicLeavesTheOldFileOnFailure(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.ics")
	require.NoError(t, WriteFileAtomic(path, func(w io.Writer) error {
		_, err := io.WriteString(w, "old")
		return err
	}))
	boom := errors.New("boom")
	err := WriteFileAtomic(path, func(w io.Writer) error {
		io.WriteString(w, "half of the new")
		return boom
	})
	assert.ErrorIs(t, err, boom)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "old", string(b))
	assert.Equal(t, []string{"a.ics"}, dirNames(t, dir), "the temp file is removed")

	err = WriteFileAtomic(filepath.Join(dir, "missing", "a.ics"), func(w io.Writer) error { return nil })
	assert.Error(t, err)
	err = WriteFileAtomic(dir+string(os.PathSeparator), func(w io.Writer) error { return nil })
	assert.Error(t, err)
}

// A calendar client reading the feed while Zusage rewrites it must see the
// whole old or the whole new file, never a part.
func TestFeedFileIsNeverHalfWritten(t *testing.T) {
	f := newFx(t)
	for i := 0; i < 25; i++ {
		f.promise(t, data.KindCallback, fmt.Sprintf("Rückruf %d %s", i, strings.Repeat("lang ", 20)), data.Due{At: f.now.Add(time.Duration(i+1) * time.Hour)})
	}
	dir := t.TempDir()
	path := filepath.Join(dir, FeedFileName(f.anna.Email))
	require.NoError(t, WriteFeeds(dir, f.s, f.now))

	stop := make(chan struct{})
	var wg sync.WaitGroup
	var writeErr error
	rounds := 0
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			// Alternate between the store and a direct write of the same
			// file, so both paths are exercised.
			var err error
			if i%2 == 0 {
				err = WriteFeeds(dir, f.s, f.now)
			} else {
				err = WriteFileAtomic(path, func(w io.Writer) error { return Feed(w, f.s, FeedFilter{OwnerID: f.anna.ID}, f.now) })
			}
			if err != nil {
				writeErr = err
				return
			}
			rounds++
		}
	}()

	reads := 0
	for ; reads < 30; reads++ {
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		require.True(t, bytes.HasSuffix(b, []byte("END:VCALENDAR\r\n")), "read %d ends with END:VCALENDAR", reads)
		p := parse(t, b)
		require.Len(t, p.uids(t), 25, "read %d is complete", reads)
	}
	close(stop)
	wg.Wait()
	require.NoError(t, writeErr)
	assert.Greater(t, rounds, 1, "the file was rewritten while it was read")
	assert.Equal(t, []string{"anna@example.de.ics", "ben@example.de.ics"}, dirNames(t, dir), "no temp file left behind")
}
