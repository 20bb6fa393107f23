package ics

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	gical "github.com/arran4/golang-ical"
	"github.com/emersion/go-ical"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zusage/zusage/data"
)

var berlin = func() *time.Location {
	l, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return l
}()

// fx is a store with a fixed clock, two salespeople and a customer.
type fx struct {
	s    *data.Store
	now  time.Time
	anna data.User
	ben  data.User
	cust data.Customer
}

func newFx(t *testing.T) *fx {
	t.Helper()
	s, err := data.Open(data.TestDB(t, "zusage.db"))
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	f := &fx{s: s, now: time.Date(2026, 11, 24, 9, 0, 0, 0, berlin)}
	s.Now = func() time.Time { return f.now }
	s.Loc = berlin
	f.anna, err = s.AddUser(data.NewUser{Name: "Anna Berg", Email: "anna@example.de", Phone: "+49 30 1234-56"})
	require.NoError(t, err)
	f.ben, err = s.AddUser(data.NewUser{Name: "Ben Krüger", Email: "ben@example.de"})
	require.NoError(t, err)
	f.cust, err = s.AddCustomer(data.NewCustomer{Name: "Müller GmbH", Email: "info@mueller.de", Phone: "+49 421 777-12", OwnerID: f.anna.ID})
	require.NoError(t, err)
	return f
}

// promise makes a promise of Anna's for Müller; one whose deadline has
// already passed is made a day before it, as it would have been (the Store
// refuses deadlines in the past).
func (f *fx) promise(t *testing.T, kind, title string, due data.Due) data.Commitment {
	t.Helper()
	if !due.IsZero() && !due.End(f.s.Loc).After(f.now) {
		saved := f.now
		f.now = due.End(f.s.Loc).Add(-24 * time.Hour)
		defer func() { f.now = saved }()
	}
	c, err := f.s.Promise(data.NewCommitment{CustomerID: f.cust.ID, ByID: f.anna.ID, Kind: kind, Title: title, Due: due})
	require.NoError(t, err)
	return c
}

// parsed is one export read back by go-ical and by golang-ical, an
// independent parser.
type parsed struct {
	raw string
	a   *ical.Calendar
	b   *gical.Calendar
}

// checkLines asserts the physical form: CRLF line ends only, no line over
// 75 octets, no UTF-8 character split across a fold, END:VCALENDAR last.
func checkLines(t *testing.T, raw []byte) {
	t.Helper()
	require.True(t, bytes.HasSuffix(raw, []byte("END:VCALENDAR\r\n")), "ends with END:VCALENDAR and CRLF")
	body := raw[:len(raw)-2]
	assert.NotContains(t, string(bytes.ReplaceAll(raw, []byte("\r\n"), nil)), "\n", "no bare LF")
	assert.NotContains(t, string(bytes.ReplaceAll(raw, []byte("\r\n"), nil)), "\r", "no bare CR")
	for i, line := range bytes.Split(body, []byte("\r\n")) {
		// Checked by hand first: testify's reflection per line is slow on
		// big feeds.
		if len(line) > 75 {
			assert.Fail(t, "line too long", "line %d is %d octets: %q", i+1, len(line), line)
		}
		if !utf8.Valid(line) {
			assert.Fail(t, "split character", "line %d is not valid UTF-8 on its own: %q", i+1, line)
		}
	}
}

func parse(t *testing.T, raw []byte) parsed {
	t.Helper()
	checkLines(t, raw)
	a, err := ical.NewDecoder(bytes.NewReader(raw)).Decode()
	require.NoError(t, err, "go-ical reads it back:\n%s", raw)
	b, err := gical.ParseCalendar(bytes.NewReader(raw))
	require.NoError(t, err, "golang-ical reads it back:\n%s", raw)
	return parsed{raw: string(raw), a: a, b: b}
}

func (f *fx) invite(t *testing.T, id uint, e Exporter) (parsed, string) {
	t.Helper()
	var buf bytes.Buffer
	method, err := e.Invite(&buf, f.s, id, f.now)
	require.NoError(t, err)
	return parse(t, buf.Bytes()), method
}

func (f *fx) feed(t *testing.T, flt FeedFilter, now time.Time) (parsed, int) {
	t.Helper()
	var buf bytes.Buffer
	n, err := Exporter{}.Feed(&buf, f.s, flt, now)
	require.NoError(t, err)
	return parse(t, buf.Bytes()), n
}

// method is the calendar's METHOD as both parsers read it.
func (p parsed) method(t *testing.T) string {
	t.Helper()
	a, err := p.a.Props.Text(ical.PropMethod)
	require.NoError(t, err)
	b := ""
	for _, cp := range p.b.CalendarProperties {
		if cp.IANAToken == "METHOD" {
			b = cp.Value
		}
	}
	assert.Equal(t, a, b, "both parsers agree on METHOD")
	return a
}

// uids lists the UIDs of the events as both parsers read them.
func (p parsed) uids(t *testing.T) []string {
	t.Helper()
	var a, b []string
	for _, ev := range p.a.Events() {
		u, err := ev.Props.Text(ical.PropUID)
		require.NoError(t, err)
		a = append(a, u)
	}
	for _, ev := range p.b.Events() {
		b = append(b, ev.Id())
	}
	assert.Equal(t, a, b, "both parsers see the same events")
	return a
}

// ev returns the event with uid from both parsers.
func (p parsed) ev(t *testing.T, uid string) (*ical.Component, *gical.VEvent) {
	t.Helper()
	var a *ical.Component
	for _, ev := range p.a.Events() {
		if u, _ := ev.Props.Text(ical.PropUID); u == uid {
			a = ev.Component
		}
	}
	var b *gical.VEvent
	for _, ev := range p.b.Events() {
		if ev.Id() == uid {
			b = ev
		}
	}
	require.NotNil(t, a, "go-ical finds %s", uid)
	require.NotNil(t, b, "golang-ical finds %s", uid)
	return a, b
}

// text reads a TEXT property with both parsers and checks they agree.
func text(t *testing.T, a *ical.Component, b *gical.VEvent, name string) string {
	t.Helper()
	va, err := a.Props.Text(name)
	require.NoError(t, err)
	vb := ""
	if p := b.GetProperty(gical.ComponentProperty(name)); p != nil {
		vb = p.Value
	}
	assert.Equal(t, va, vb, "both parsers read the same %s", name)
	return va
}

// raw reads the value and VALUE parameter of a property with both parsers.
func raw(t *testing.T, a *ical.Component, b *gical.VEvent, name string) (string, string) {
	t.Helper()
	pa := a.Props.Get(name)
	pb := b.GetProperty(gical.ComponentProperty(name))
	if pa == nil {
		assert.Nil(t, pb, "both parsers agree %s is missing", name)
		return "", ""
	}
	require.NotNil(t, pb, "golang-ical finds %s", name)
	assert.Equal(t, pa.Value, pb.Value)
	vb := ""
	if v := pb.ICalParameters["VALUE"]; len(v) > 0 {
		vb = v[0]
	}
	assert.Equal(t, pa.Params.Get("VALUE"), vb)
	return pa.Value, pa.Params.Get("VALUE")
}

// alarms returns the TRIGGER of each VALARM, as both parsers read them.
func alarms(t *testing.T, a *ical.Component, b *gical.VEvent) []string {
	t.Helper()
	var ta, tb []string
	for _, c := range a.Children {
		if c.Name == ical.CompAlarm {
			ta = append(ta, c.Props.Get(ical.PropTrigger).Value)
			act, _ := c.Props.Text(ical.PropAction)
			assert.Equal(t, "DISPLAY", act)
		}
	}
	for _, al := range b.Alarms() {
		if p := al.GetProperty(gical.ComponentPropertyTrigger); p != nil {
			tb = append(tb, p.Value)
		}
	}
	assert.Equal(t, ta, tb, "both parsers see the same alarms")
	return ta
}

// attendees returns the ATTENDEE values as both parsers read them.
func attendees(t *testing.T, a *ical.Component, b *gical.VEvent) []string {
	t.Helper()
	var va, vb []string
	for _, p := range a.Props.Values(ical.PropAttendee) {
		va = append(va, p.Value)
	}
	for _, at := range b.Attendees() {
		vb = append(vb, at.Value)
	}
	assert.Equal(t, va, vb)
	return va
}

// param reads a parameter of the first property name with both parsers.
func param(t *testing.T, a *ical.Component, b *gical.VEvent, name, param string) string {
	t.Helper()
	pa := a.Props.Get(name)
	require.NotNil(t, pa, "%s present", name)
	pb := b.GetProperty(gical.ComponentProperty(name))
	require.NotNil(t, pb)
	vb := ""
	if v := pb.ICalParameters[param]; len(v) > 0 {
		vb = v[0]
	}
	assert.Equal(t, pa.Params.Get(param), vb)
	return pa.Params.Get(param)
}

func lines(s string) []string { return strings.Split(s, "\n") }
