package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-ical"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// syncBuffer is a bytes.Buffer the server goroutines may write while the
// test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServe runs `zusage serve` on a free loopback port until the test
// ends and returns its base URL and output streams.
func startServe(t *testing.T, args ...string) (string, *syncBuffer, *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addrs := make(chan net.Addr, 1)
	oldCtx, oldListening := serveContext, serveListening
	serveContext = func() (context.Context, context.CancelFunc) { return ctx, cancel }
	serveListening = func(a net.Addr) { addrs <- a }
	var out, errb syncBuffer
	code := make(chan int, 1)
	full := append([]string{"serve"}, args...)
	go func() { code <- runCommand("serve", full, strings.NewReader(""), &out, &errb) }()
	var base string
	select {
	case a := <-addrs:
		base = "http://" + a.String()
	case c := <-code:
		t.Fatalf("serve ended with %d: %s", c, errb.String())
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not start")
	}
	t.Cleanup(func() {
		cancel()
		assert.Equal(t, 0, <-code, errb.String())
		assert.Contains(t, out.String(), "stopped")
		serveContext, serveListening = oldCtx, oldListening
	})
	return base, &out, &errb
}

func fetch(t *testing.T, url string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	require.NoError(t, err)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res, string(b)
}

func startOf(t *testing.T, body, uid string) (string, string) {
	t.Helper()
	cal, err := ical.NewDecoder(strings.NewReader(body)).Decode()
	require.NoError(t, err)
	for _, ev := range cal.Events() {
		if u, _ := ev.Props.Text(ical.PropUID); u == uid {
			return ev.Props.Get(ical.PropDateTimeStart).Value, ev.Props.Get(ical.PropSequence).Value
		}
	}
	return "", ""
}

func TestServeAndFeedURL(t *testing.T) {
	db := team(t)
	mustRun(t, "user", "add", "--db", db, "--name", "Ben Krüger", "--email", "ben@example.de")
	mustRun(t, "promise", "--db", db, "--customer", "1", "--by", "anna@example.de", "--kind", "callback",
		"--title", "Preisfrage", "--due", "2026-11-26T10:00:00Z")
	path := mustRun(t, "feed-url", "--db", db, "--owner", "anna@example.de")
	assert.Regexp(t, `^/feed/[a-z2-7]{32}\.ics$`, path)
	assert.Equal(t, path, mustRun(t, "feed-url", "--db", db, "--owner", "ANNA@example.de"), "the same address every time")
	bens := mustRun(t, "feed-url", "--db", db, "--owner", "ben@example.de")
	assert.NotEqual(t, path, bens)

	base, out, errs := startServe(t, "--db", db, "--listen", "127.0.0.1:0")
	assert.Contains(t, out.String(), "serving the calendar feeds of 2 salespeople")
	assert.Contains(t, out.String(), "this computer only")
	assert.NotContains(t, out.String(), path[len("/feed/"):], "no token in the output")

	res, body := fetch(t, base+path)
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "text/calendar; charset=utf-8", res.Header.Get("Content-Type"))
	uid := ""
	cal, err := ical.NewDecoder(strings.NewReader(body)).Decode()
	require.NoError(t, err)
	require.Len(t, cal.Events(), 1)
	uid, _ = cal.Events()[0].Props.Text(ical.PropUID)
	start, seq := startOf(t, body, uid)
	assert.Equal(t, "20261126T100000Z", start)
	assert.Equal(t, "0", seq)

	// The same bytes `zusage ics --owner` writes.
	file := filepath.Join(t.TempDir(), "anna.ics")
	mustRun(t, "ics", "--db", db, "--out", file, "--owner", "anna@example.de")
	want, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, string(want), body)

	etag := res.Header.Get("ETag")
	res, body = fetch(t, base+path, "If-None-Match", etag)
	assert.Equal(t, http.StatusNotModified, res.StatusCode)
	assert.Empty(t, body)

	// Another process reschedules: the next fetch has it.
	mustRun(t, "reschedule", "--db", db, "--commitment", "1", "--by", "anna@example.de", "--due", "2026-11-27T14:00:00Z", "--reason", "Kunde bat darum")
	res, body = fetch(t, base+path, "If-None-Match", etag)
	require.Equal(t, http.StatusOK, res.StatusCode)
	start, seq = startOf(t, body, uid)
	assert.Equal(t, "20261127T140000Z", start)
	assert.Equal(t, "1", seq)

	// Handed over: gone from Anna's feed, in Ben's.
	mustRun(t, "reassign", "--db", db, "--commitment", "1", "--by", "anna@example.de", "--owner", "ben@example.de")
	_, body = fetch(t, base+path)
	start, _ = startOf(t, body, uid)
	assert.Empty(t, start)
	_, body = fetch(t, base+bens)
	start, seq = startOf(t, body, uid)
	assert.Equal(t, "20261127T140000Z", start)
	assert.Equal(t, "2", seq)

	// Rotated: the old address is gone at once.
	rotated := mustRun(t, "feed-url", "--db", db, "--owner", "anna@example.de", "--rotate")
	assert.NotEqual(t, path, rotated)
	res, _ = fetch(t, base+path)
	assert.Equal(t, http.StatusNotFound, res.StatusCode)
	res, _ = fetch(t, base+rotated)
	assert.Equal(t, http.StatusOK, res.StatusCode)
	res, body = fetch(t, base+"/")
	assert.Equal(t, http.StatusNotFound, res.StatusCode)
	assert.Equal(t, "not found\n", body)

	for _, tok := range []string{path, rotated, bens} {
		assert.NotContains(t, errs.String(), tok[len("/feed/"):len(tok)-len(".ics")], "tokens are never logged")
	}
	assert.Contains(t, errs.String(), "feed of anna@example.de: 200 GET")
}

func TestServeOnlyReadsTheFile(t *testing.T) {
	fileOnly(t)
	db := team(t)
	path := mustRun(t, "feed-url", "--db", db, "--owner", "anna@example.de")
	require.NoError(t, os.Chmod(db, 0o444))
	t.Cleanup(func() { os.Chmod(db, 0o644) })
	before := sum(t, db)
	base, _, _ := startServe(t, "--db", db, "--listen", "127.0.0.1:0")
	res, _ := fetch(t, base+path)
	assert.Equal(t, http.StatusOK, res.StatusCode, "a read-only file is enough")
	assert.Equal(t, before, sum(t, db))
	entries, err := os.ReadDir(filepath.Dir(db))
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no journal, nothing beside the file")
}

func TestServeAndFeedURLBadInput(t *testing.T) {
	db := team(t)
	for _, tc := range []struct {
		name string
		code int
		want string
		args []string
	}{
		{"public address", 2, "public address", []string{"serve", "--db", db, "--listen", "8.8.8.8:8642"}},
		{"host name", 2, "not an IP address", []string{"serve", "--db", db, "--listen", "example.com:8642"}},
		{"no port", 2, "HOST:PORT", []string{"serve", "--db", db, "--listen", "127.0.0.1"}},
		{"language", 2, "--lang", []string{"serve", "--db", db, "--lang", "fr"}},
		{"missing db", 2, "--db", []string{"serve"}},
		{"no database file", 1, "no database file", []string{"serve", "--db", filepath.Join(t.TempDir(), "none.db"), "--listen", "127.0.0.1:0"}},
		{"feed-url without owner", 2, "--owner", []string{"feed-url", "--db", db}},
		{"feed-url unknown owner", 1, "nobody@example.de", []string{"feed-url", "--db", db, "--owner", "nobody@example.de"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := run(t, tc.args...)
			assert.Equal(t, tc.code, code, errs)
			assert.Empty(t, out)
			assert.Contains(t, errs, tc.want)
		})
	}

	// A port in use is one line, exit 1.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	code, _, errs := run(t, "serve", "--db", db, "--listen", ln.Addr().String())
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "cannot listen on "+ln.Addr().String())
	assert.Equal(t, 1, strings.Count(errs, "\n"), errs)
}

func TestICSCustomerInviteAndPreviousOwner(t *testing.T) {
	db := team(t)
	mustRun(t, "user", "add", "--db", db, "--name", "Ben Krüger", "--email", "ben@example.de")
	mustRun(t, "customer", "add", "--db", db, "--name", "Frau Jansen", "--owner", "anna@example.de", "--email", "jansen@haustechnik.de")
	mustRun(t, "promise", "--db", db, "--customer", "2", "--by", "anna@example.de", "--kind", "callback",
		"--title", "Liefertermin", "--due", "2026-11-26T10:00:00Z", "--estimate", "2026-11-27T10:00:00Z")
	mustRun(t, "reschedule", "--db", db, "--commitment", "1", "--by", "anna@example.de", "--due", "2026-11-26T14:00:00Z", "--reason", "Wettbewerber war schneller")
	dir := t.TempDir()

	cust := filepath.Join(dir, "kunde.ics")
	out := mustRun(t, "ics", "--db", db, "--out", cust, "--commitment", "1", "--for-customer")
	assert.Equal(t, "1 event written to "+cust+" (customer invite, METHOD:REQUEST)", out)
	method, status := readICS(t, cust)
	assert.Equal(t, "REQUEST", method)
	assert.Equal(t, []string{"CONFIRMED"}, status)
	b, _ := os.ReadFile(cust)
	assert.NotContains(t, string(b), "Wettbewerber")
	assert.Contains(t, string(b), "mailto:jansen@haustechnik.de")

	prev := filepath.Join(dir, "weg.ics")
	code, _, errs := run(t, "ics", "--db", db, "--out", prev, "--commitment", "1", "--previous-owner")
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "never handed over")
	mustRun(t, "reassign", "--db", db, "--commitment", "1", "--by", "anna@example.de", "--owner", "ben@example.de")
	out = mustRun(t, "ics", "--db", db, "--out", prev, "--commitment", "1", "--previous-owner")
	assert.Equal(t, "1 event written to "+prev+" (cancellation for the previous owner, METHOD:CANCEL)", out)
	method, status = readICS(t, prev)
	assert.Equal(t, "CANCEL", method)
	assert.Equal(t, []string{"CANCELLED"}, status)
	b, _ = os.ReadFile(prev)
	assert.Contains(t, string(b), "ORGANIZER;CN=Anna Berg:mailto:anna@example.de")
	assert.Contains(t, string(b), "SEQUENCE:2")

	mustRun(t, "done", "--db", db, "--commitment", "1", "--by", "ben@example.de")
	own := filepath.Join(dir, "own.ics")
	out = mustRun(t, "ics", "--db", db, "--out", own, "--commitment", "1")
	assert.Equal(t, "1 event written to "+own+" (cancellation, METHOD:CANCEL)", out, "a kept promise leaves the calendar")
	b, _ = os.ReadFile(own)
	assert.Contains(t, string(b), "SEQUENCE:3")
	code, _, errs = run(t, "ics", "--db", db, "--out", cust, "--commitment", "1", "--for-customer")
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "promise #1 is already done")

	for _, args := range [][]string{
		{"ics", "--db", db, "--out", own, "--commitment", "1", "--for-customer", "--previous-owner"},
		{"ics", "--db", db, "--out", own, "--for-customer"},
		{"ics", "--db", db, "--out", own, "--previous-owner", "--owner", "anna@example.de"},
	} {
		code, _, _ := run(t, args...)
		assert.Equal(t, 2, code, "%v", args)
	}
}
