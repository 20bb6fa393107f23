package feeds

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-ical"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zusage/zusage/data"
	"github.com/zusage/zusage/data/ics"
)

var berlin = func() *time.Location {
	l, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return l
}()

// fx is a database written by one Store (a desktop) and served from a
// second, read-only one (the feed server), with a fixed clock.
type fx struct {
	path       string
	w, r       *data.Store
	now        time.Time
	anna, ben  data.User
	cust       data.Customer
	h          *Handler
	srv        *httptest.Server
	mu         sync.Mutex
	log        []string
	annaToken  string
	benToken   string
	httpClient *http.Client
}

func newFx(t *testing.T) *fx {
	t.Helper()
	f := &fx{path: data.TestDB(t, "zusage.db"), now: time.Date(2026, 11, 24, 9, 0, 0, 0, berlin)}
	var err error
	f.w, err = data.Open(f.path)
	require.NoError(t, err)
	t.Cleanup(func() { f.w.Close() })
	f.w.Now = func() time.Time { return f.now }
	f.w.Loc = berlin
	f.anna, err = f.w.AddUser(data.NewUser{Name: "Anna Berg", Email: "anna@example.de", Phone: "+49 30 1234-56"})
	require.NoError(t, err)
	f.ben, err = f.w.AddUser(data.NewUser{Name: "Ben Krüger", Email: "ben@example.de"})
	require.NoError(t, err)
	f.cust, err = f.w.AddCustomer(data.NewCustomer{Name: "Müller GmbH", Email: "info@mueller.de", OwnerID: f.anna.ID})
	require.NoError(t, err)
	f.annaToken, err = f.w.FeedToken(f.anna.ID)
	require.NoError(t, err)
	f.benToken, err = f.w.FeedToken(f.ben.ID)
	require.NoError(t, err)

	f.r, err = data.OpenWith(f.path, data.Options{ReadOnly: true, MustExist: true})
	require.NoError(t, err)
	t.Cleanup(func() { f.r.Close() })
	f.r.Now = func() time.Time { return f.now }
	f.r.Loc = berlin
	f.h = &Handler{Store: f.r, Now: func() time.Time { return f.now }, Logf: func(format string, args ...any) {
		f.mu.Lock()
		f.log = append(f.log, fmt.Sprintf(format, args...))
		f.mu.Unlock()
	}}
	f.srv = httptest.NewServer(f.h)
	t.Cleanup(f.srv.Close)
	f.httpClient = f.srv.Client()
	return f
}

func (f *fx) promise(t *testing.T, title string, due time.Time) data.Commitment {
	t.Helper()
	c, err := f.w.Promise(data.NewCommitment{CustomerID: f.cust.ID, ByID: f.anna.ID, Kind: data.KindCallback, Title: title, Due: data.Due{At: due}})
	require.NoError(t, err)
	return c
}

// get fetches path with a real HTTP client; header pairs are added.
func (f *fx) get(t *testing.T, method, path string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, f.srv.URL+path, nil)
	require.NoError(t, err)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := f.httpClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res, body
}

// event decodes the feed and returns the event with uid, or nil.
func event(t *testing.T, body []byte, uid string) *ical.Component {
	t.Helper()
	cal, err := ical.NewDecoder(bytes.NewReader(body)).Decode()
	require.NoError(t, err)
	for _, ev := range cal.Events() {
		if u, _ := ev.Props.Text(ical.PropUID); u == uid {
			return ev.Component
		}
	}
	return nil
}

func TestServedFeedIsTheOwnersFeedAndFollowsEveryChange(t *testing.T) {
	f := newFx(t)
	c := f.promise(t, "Preisfrage", time.Date(2026, 11, 26, 10, 0, 0, 0, berlin))
	path := Path(f.annaToken)

	res, body := f.get(t, http.MethodGet, path)
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "text/calendar; charset=utf-8", res.Header.Get("Content-Type"))
	assert.Equal(t, "private, no-cache", res.Header.Get("Cache-Control"))
	etag := res.Header.Get("ETag")
	require.NotEmpty(t, etag)
	lastMod := res.Header.Get("Last-Modified")
	require.NotEmpty(t, lastMod)
	var want bytes.Buffer
	_, err := ics.Exporter{}.Feed(&want, f.w, ics.FeedFilter{OwnerID: f.anna.ID}, f.now)
	require.NoError(t, err)
	assert.Equal(t, want.String(), string(body), "the same bytes `zusage ics --owner` writes")
	ev := event(t, body, c.UID)
	require.NotNil(t, ev)
	assert.Equal(t, "20261126T090000Z", ev.Props.Get(ical.PropDateTimeStart).Value)
	assert.Equal(t, "0", ev.Props.Get(ical.PropSequence).Value)

	// Nothing changed: 304 with a matching ETag or date, even a minute later
	// (DTSTAMP is not part of the content).
	f.now = f.now.Add(time.Minute)
	res, body = f.get(t, http.MethodGet, path, "If-None-Match", etag)
	assert.Equal(t, http.StatusNotModified, res.StatusCode)
	assert.Empty(t, body)
	assert.Equal(t, etag, res.Header.Get("ETag"))
	res, _ = f.get(t, http.MethodGet, path, "If-Modified-Since", lastMod)
	assert.Equal(t, http.StatusNotModified, res.StatusCode)
	res, again := f.get(t, http.MethodGet, path)
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, etag, res.Header.Get("ETag"), "same content, same ETag")
	assert.Equal(t, want.String(), string(again), "the same bytes while nothing changed")

	// HEAD: the headers without the body.
	res, body = f.get(t, http.MethodHead, path)
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Empty(t, body)
	assert.Equal(t, ContentType, res.Header.Get("Content-Type"))
	assert.Equal(t, etag, res.Header.Get("ETag"))

	// Rescheduled on a desktop: the next fetch has the new time with a
	// higher SEQUENCE, and the old ETag no longer matches.
	_, err = f.w.Reschedule(c.ID, 0, f.anna.ID, data.Due{At: time.Date(2026, 11, 27, 15, 30, 0, 0, berlin)}, "Kunde bat um Freitag", data.ToldCustomer)
	require.NoError(t, err)
	res, body = f.get(t, http.MethodGet, path, "If-None-Match", etag, "If-Modified-Since", lastMod)
	require.Equal(t, http.StatusOK, res.StatusCode, "no cache older than the last change")
	assert.NotEqual(t, etag, res.Header.Get("ETag"))
	ev = event(t, body, c.UID)
	require.NotNil(t, ev)
	assert.Equal(t, "20261127T143000Z", ev.Props.Get(ical.PropDateTimeStart).Value)
	assert.Equal(t, "1", ev.Props.Get(ical.PropSequence).Value)
	etag = res.Header.Get("ETag")
	res, _ = f.get(t, http.MethodGet, path, "If-Modified-Since", lastMod)
	assert.Equal(t, http.StatusOK, res.StatusCode, "Last-Modified moved on, even within the same second")
	lastMod = res.Header.Get("Last-Modified")

	// A contact changes the description: a new version too.
	_, err = f.w.LogContact(data.NewContact{CustomerID: f.cust.ID, UserID: f.anna.ID, Channel: "phone", Summary: "Kurz nachgefragt"})
	require.NoError(t, err)
	res, body = f.get(t, http.MethodGet, path, "If-None-Match", etag)
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, string(body), "Kurz nachgefragt")
	etag = res.Header.Get("ETag")

	// Handed to Ben: gone from Anna's feed at once, in Ben's.
	_, err = f.w.Reassign(c.ID, 0, f.anna.ID, f.ben.ID, "Urlaub")
	require.NoError(t, err)
	res, body = f.get(t, http.MethodGet, path, "If-None-Match", etag)
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Nil(t, event(t, body, c.UID), "the previous owner's calendar loses the event")
	_, body = f.get(t, http.MethodGet, Path(f.benToken))
	ev = event(t, body, c.UID)
	require.NotNil(t, ev)
	assert.Equal(t, "2", ev.Props.Get(ical.PropSequence).Value)

	// Cancelled: shown as cancelled with a higher SEQUENCE.
	_, err = f.w.Cancel(c.ID, 0, f.ben.ID, "Kunde hat abgesagt")
	require.NoError(t, err)
	_, body = f.get(t, http.MethodGet, Path(f.benToken))
	ev = event(t, body, c.UID)
	require.NotNil(t, ev)
	st, _ := ev.Props.Text(ical.PropStatus)
	assert.Equal(t, "CANCELLED", st)
	assert.Equal(t, "3", ev.Props.Get(ical.PropSequence).Value)

	// Kept: gone from the feed.
	k := f.promise(t, "Angebot", time.Date(2026, 11, 28, 10, 0, 0, 0, berlin))
	_, body = f.get(t, http.MethodGet, path)
	require.NotNil(t, event(t, body, k.UID))
	_, err = f.w.Complete(k.ID, 0, f.anna.ID, "")
	require.NoError(t, err)
	_, body = f.get(t, http.MethodGet, path)
	assert.Nil(t, event(t, body, k.UID))

	f.mu.Lock()
	defer f.mu.Unlock()
	require.NotEmpty(t, f.log)
	for _, l := range f.log {
		assert.NotContains(t, l, f.annaToken, "the token is never logged")
		assert.NotContains(t, l, f.benToken)
	}
	assert.Contains(t, f.log[0], "anna@example.de: 200 GET")
}

func TestWrongOrRotatedTokenAndEveryOtherPathAre404(t *testing.T) {
	f := newFx(t)
	f.promise(t, "Preisfrage", f.now.Add(time.Hour))
	path := Path(f.annaToken)
	res, _ := f.get(t, http.MethodGet, path)
	require.Equal(t, http.StatusOK, res.StatusCode)

	wrong := []byte(f.annaToken)
	wrong[0] = map[bool]byte{true: 'b', false: 'a'}[wrong[0] == 'a']
	for _, p := range []string{
		"/", "/feed/", "/feed", "/feed/" + f.annaToken, "/feed/" + f.annaToken + ".ICS", "/feed/" + string(wrong) + ".ics",
		"/feed/" + strings.ToUpper(f.annaToken) + ".ics", "/feed/../feed/" + f.annaToken + ".ics", "/favicon.ico",
		"/feed/" + f.annaToken + ".ics/", "/feeds/" + f.annaToken + ".ics", "/FEED/" + f.annaToken + ".ics",
	} {
		res, body := f.get(t, http.MethodGet, p)
		assert.Equal(t, http.StatusNotFound, res.StatusCode, "%s", p)
		assert.Equal(t, "not found\n", string(body), "nothing listed for %s", p)
		assert.NotContains(t, string(body), "anna")
	}
	res, _ = f.get(t, http.MethodPost, path)
	assert.Equal(t, http.StatusMethodNotAllowed, res.StatusCode)
	assert.Equal(t, "GET, HEAD", res.Header.Get("Allow"))
	res, _ = f.get(t, http.MethodPost, "/feed/"+string(wrong)+".ics")
	assert.Equal(t, http.StatusNotFound, res.StatusCode, "an unknown address learns nothing from the method")

	rotated, err := f.w.RotateFeedToken(f.anna.ID)
	require.NoError(t, err)
	res, _ = f.get(t, http.MethodGet, path)
	assert.Equal(t, http.StatusNotFound, res.StatusCode, "the old address stops working at once")
	res, body := f.get(t, http.MethodGet, Path(rotated))
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, string(body), "Preisfrage")
}

func TestOnlyServesTheSalespeopleItIsFor(t *testing.T) {
	f := newFx(t)
	f.h.Only = func(id uint) bool { return id == f.anna.ID }
	res, _ := f.get(t, http.MethodGet, Path(f.annaToken))
	assert.Equal(t, http.StatusOK, res.StatusCode)
	res, _ = f.get(t, http.MethodGet, Path(f.benToken))
	assert.Equal(t, http.StatusNotFound, res.StatusCode, "the desktop app serves its own user's feed only")
}

func TestHTTPServerHasTimeoutsAndHeaderLimits(t *testing.T) {
	srv := NewHTTPServer(http.NotFoundHandler(), nil)
	assert.Equal(t, ReadHeaderTimeout, srv.ReadHeaderTimeout)
	assert.Equal(t, ReadTimeout, srv.ReadTimeout)
	assert.Equal(t, WriteTimeout, srv.WriteTimeout)
	assert.Equal(t, IdleTimeout, srv.IdleTimeout)
	assert.Equal(t, MaxHeaderBytes, srv.MaxHeaderBytes)
	for _, d := range []time.Duration{srv.ReadHeaderTimeout, srv.ReadTimeout, srv.WriteTimeout, srv.IdleTimeout} {
		assert.Positive(t, d)
	}

	// A header far over the limit is refused before the handler runs.
	f := newFx(t)
	s := httptest.NewUnstartedServer(f.h)
	s.Config = NewHTTPServer(f.h, nil)
	s.Start()
	defer s.Close()
	req, err := http.NewRequest(http.MethodGet, s.URL+Path(f.annaToken), nil)
	require.NoError(t, err)
	req.Header.Set("X-Big", strings.Repeat("x", 2*MaxHeaderBytes+4096))
	res, err := s.Client().Do(req)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusRequestHeaderFieldsTooLarge, res.StatusCode)
}

func TestCheckAddr(t *testing.T) {
	for addr, want := range map[string]Reach{
		"127.0.0.1:8642":   ThisComputer,
		"localhost:8642":   ThisComputer,
		"[::1]:8642":       ThisComputer,
		"192.168.1.20:80":  LocalNetwork,
		"10.0.0.5:8642":    LocalNetwork,
		"172.16.3.4:8642":  LocalNetwork,
		"[fd00::1]:8642":   LocalNetwork,
		"169.254.1.1:8642": LocalNetwork,
		":8642":            AllInterfaces,
		"0.0.0.0:8642":     AllInterfaces,
	} {
		got, err := CheckAddr(addr)
		require.NoError(t, err, addr)
		assert.Equal(t, want, got, addr)
	}
	for _, addr := range []string{"8.8.8.8:8642", "example.com:8642", "127.0.0.1", "127.0.0.1:http-nope", "[2001:db8::1]x:1"} {
		_, err := CheckAddr(addr)
		assert.Error(t, err, addr)
	}
}
