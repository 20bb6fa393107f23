// Package feeds serves the calendar feeds of salespeople over HTTP, so that
// Outlook and Apple Calendar — which subscribe only to web addresses — follow
// every change to a promise by themselves (lesson 3). Each salesperson has a
// secret address, /feed/<token>.ics, with a random token stored in the
// database (data.Store.FeedToken); whoever has the address can read that
// salesperson's promises, so the token is never logged and can be replaced
// (data.Store.RotateFeedToken), after which the old address answers 404.
//
// The desktop app serves its own user's feed on the loopback interface; the
// `zusage serve` command serves every salesperson's from an always-on office
// machine. Both use Handler and NewHTTPServer. The server only reads the
// database. Every other path answers 404 with no listing; only GET and HEAD
// are answered. Each request renders the feed afresh from the file (the same
// bytes `zusage ics --owner` writes at that moment), so a change shows on the
// next fetch; ETag and Last-Modified let a client that already has the
// current feed get a 304 instead.
package feeds

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/zusage/zusage/data"
	"github.com/zusage/zusage/data/ics"
)

// DefaultAddr is where feeds are served unless told otherwise: this
// computer only.
const DefaultAddr = "127.0.0.1:8642"

// DefaultPort is the port of DefaultAddr.
const DefaultPort = 8642

// ContentType is the media type of every feed (RFC 5545 §8.1).
const ContentType = "text/calendar; charset=utf-8"

const (
	prefix = "/feed/"
	suffix = ".ics"
)

// Path is the path of a salesperson's feed address for token.
func Path(token string) string { return prefix + token + suffix }

// URL is the http:// address of a feed served at host ("127.0.0.1:8642").
func URL(host, token string) string { return "http://" + host + Path(token) }

// Webcal is the webcal:// form of URL, which opens the subscribe dialog of
// the calendar the system has for it (Outlook, Apple Calendar).
func Webcal(host, token string) string { return "webcal://" + host + Path(token) }

// Handler answers feed requests from one Store. The zero value is not
// usable; fill Store and Exporter.
type Handler struct {
	Store *data.Store
	// Exporter writes the feed (its language).
	Exporter ics.Exporter
	// Only, when set, limits the feeds served to the salespeople it accepts:
	// the desktop app serves its own user's feed and no one else's.
	Only func(userID uint) bool
	// Now is the clock of the feed (what "today" is); time.Now when nil.
	Now func() time.Time
	// Logf, when set, gets one line per feed served: whose, the status and
	// the size — never the token or the path.
	Logf func(format string, args ...any)

	mu       sync.Mutex
	versions map[uint]version
}

// version is the last feed served for one salesperson: the same content
// keeps its bytes, ETag and Last-Modified, so a client that has it gets a
// 304; changed content is a new version, newer by at least a second.
type version struct {
	key      [sha256.Size]byte
	body     []byte
	etag     string
	modified time.Time
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	tok, ok := token(r.URL.Path)
	if !ok {
		notFound(w)
		return
	}
	owner, err := h.Store.FeedOwner(tok)
	switch {
	case errors.Is(err, data.ErrNotFound):
		notFound(w)
		return
	case err != nil:
		h.logf("feed: cannot read the database: %v", err)
		http.Error(w, "the database cannot be read just now", http.StatusServiceUnavailable)
		return
	}
	if h.Only != nil && !h.Only(owner.ID) {
		notFound(w)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "only GET and HEAD", http.StatusMethodNotAllowed)
		return
	}
	now := time.Now()
	if h.Now != nil {
		now = h.Now()
	}
	var buf bytes.Buffer
	n, err := h.Exporter.Feed(&buf, h.Store, ics.FeedFilter{OwnerID: owner.ID}, now)
	if err != nil {
		h.logf("feed of %s: %v", owner.Email, err)
		http.Error(w, "the feed cannot be written", http.StatusInternalServerError)
		return
	}
	v := h.version(owner.ID, buf.Bytes(), now)
	hd := w.Header()
	hd.Set("Content-Type", ContentType)
	hd.Set("ETag", v.etag)
	// Every fetch asks again: the answer is a 304 while nothing changed,
	// and never a copy older than the last change.
	hd.Set("Cache-Control", "private, no-cache")
	hd.Set("X-Content-Type-Options", "nosniff")
	sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	http.ServeContent(sw, r, "", v.modified, bytes.NewReader(v.body))
	h.logf("feed of %s: %d %s, %d events, %d bytes", owner.Email, sw.status, r.Method, n, len(v.body))
}

// version returns the version of body for owner: the one served before
// when only DTSTAMP (the moment of writing) differs.
func (h *Handler) version(owner uint, body []byte, now time.Time) version {
	key := contentKey(body)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.versions == nil {
		h.versions = map[uint]version{}
	}
	prev, ok := h.versions[owner]
	if ok && prev.key == key {
		return prev
	}
	sum := sha256.Sum256(body)
	v := version{key: key, body: bytes.Clone(body), etag: `"` + hex.EncodeToString(sum[:16]) + `"`,
		modified: now.UTC().Truncate(time.Second)}
	// HTTP dates have whole seconds: a change within the second of the last
	// version must still look newer to If-Modified-Since.
	if ok && !v.modified.After(prev.modified) {
		v.modified = prev.modified.Add(time.Second)
	}
	h.versions[owner] = v
	return v
}

// contentKey hashes a feed without its DTSTAMP lines, which change on
// every writing while the content does not. A content line can start with
// "DTSTAMP:" only as that property: folded lines start with a space, and
// user text is escaped inside its property.
func contentKey(body []byte) [sha256.Size]byte {
	hs := sha256.New()
	for len(body) > 0 {
		i := bytes.Index(body, []byte("\r\n"))
		line := body
		if i >= 0 {
			line, body = body[:i+2], body[i+2:]
		} else {
			body = nil
		}
		if !bytes.HasPrefix(line, []byte("DTSTAMP:")) {
			hs.Write(line)
		}
	}
	var k [sha256.Size]byte
	hs.Sum(k[:0])
	return k
}

// token reads the token out of /feed/<token>.ics; anything else is no feed.
func token(path string) (string, bool) {
	if !strings.HasPrefix(path, prefix) || !strings.HasSuffix(path, suffix) {
		return "", false
	}
	t := path[len(prefix) : len(path)-len(suffix)]
	return t, data.WellFormedFeedToken(t)
}

// notFound answers every path that is not a feed, and every unknown token,
// the same way, listing nothing.
func notFound(w http.ResponseWriter) {
	http.Error(w, "not found", http.StatusNotFound)
}

func (h *Handler) logf(format string, args ...any) {
	if h.Logf != nil {
		h.Logf(format, args...)
	}
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// Limits of every feed server: a calendar client sends a small GET and
// reads a feed of a few hundred kilobytes at most; anything slower or
// bigger is not a calendar client.
const (
	ReadHeaderTimeout = 5 * time.Second
	ReadTimeout       = 10 * time.Second
	WriteTimeout      = 60 * time.Second
	IdleTimeout       = 120 * time.Second
	MaxHeaderBytes    = 8 << 10
)

// NewHTTPServer wraps h in an http.Server with the timeouts and header
// limits above. logf receives the server's own errors (none carry a path).
func NewHTTPServer(h http.Handler, logf func(format string, args ...any)) *http.Server {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    MaxHeaderBytes,
	}
	if logf != nil {
		srv.ErrorLog = log.New(logWriter(logf), "", 0)
	}
	return srv
}

type logWriter func(format string, args ...any)

func (l logWriter) Write(p []byte) (int, error) {
	l("%s", strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// Reach says who can reach a listening address.
type Reach int

const (
	// ThisComputer: a loopback address.
	ThisComputer Reach = iota
	// LocalNetwork: a private (RFC 1918, RFC 4193) or link-local address.
	LocalNetwork
	// AllInterfaces: 0.0.0.0 or [::], every network this computer is on.
	AllInterfaces
)

// CheckAddr checks a listening address ("HOST:PORT") for a feed server and
// says who can reach it. Only IP literals and "localhost" are accepted, and
// only loopback, local-network and all-interface addresses: a feed server
// never listens on a public address by itself.
func CheckAddr(addr string) (Reach, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return 0, fmt.Errorf("%q is not HOST:PORT (e.g. %s or 192.168.1.20:8642)", addr, DefaultAddr)
	}
	if _, err := net.LookupPort("tcp", port); err != nil || port == "" {
		return 0, fmt.Errorf("%q has no valid port", addr)
	}
	if strings.EqualFold(host, "localhost") {
		return ThisComputer, nil
	}
	if host == "" {
		return AllInterfaces, nil
	}
	ip := net.ParseIP(host)
	switch {
	case ip == nil:
		return 0, fmt.Errorf("%q is not an IP address; give the address of this computer on the office network (e.g. 192.168.1.20:8642)", host)
	case ip.IsLoopback():
		return ThisComputer, nil
	case ip.IsUnspecified():
		return AllInterfaces, nil
	case ip.IsPrivate(), ip.IsLinkLocalUnicast():
		return LocalNetwork, nil
	}
	return 0, fmt.Errorf("%s is a public address; feeds are served on this computer or the office network only", host)
}
