// Package ics exports promises as RFC 5545 iCalendar files, so that a
// promised callback sits in Outlook, Apple Calendar, Thunderbird or Google
// Calendar at the right time, moves when it is rescheduled and goes away when
// it is cancelled (lesson 3).
//
// Three kinds of file are written:
//   - an invite for one promise: METHOD:REQUEST (RFC 5546 §3.2.2), with the
//     owner as ORGANIZER and one ATTENDEE (the customer when the customer has
//     a valid e-mail address, else the owner);
//   - a cancellation of one promise: METHOD:CANCEL, STATUS:CANCELLED, the
//     SEQUENCE the Store raised on cancelling, no alarm (§3.2.5);
//   - a feed of promises: METHOD:PUBLISH (§3.2.1), no ATTENDEE; open promises
//     due in a range plus those cancelled in the last 30 days as
//     STATUS:CANCELLED, so that calendars that imported them drop them.
//
// Every event carries the promise's stable UID and its SEQUENCE, DTSTAMP,
// LAST-MODIFIED and all times in UTC. Callbacks and visits are timed events
// (15 minutes by default) with an alarm 15 minutes before. Deadlines with a
// date only are all-day events (VALUE=DATE, DTEND the next day, exclusive)
// with an alarm at 9:00 on the day; Outlook and Google ignore VTODO, so
// deadlines are VEVENTs too. A deadline with a time that is neither callback
// nor visit is a short event starting at the due moment, shown as free time,
// with an alarm at 9:00 on that day (15 minutes before when it is due before
// 9:15).
//
// SUMMARY reads "Rückruf: Müller GmbH — Preisfrage": the kind in German by
// default, in English with Exporter{Lang: "en"}. Nothing a user typed can leave
// its property: text is escaped by go-ical after CR and CRLF became LF, names
// in parameters are sanitised, only validated addresses become mailto:, and
// lines are folded at 75 octets without splitting a UTF-8 character.
package ics

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-ical"
	"github.com/zusage/zusage/data"
)

// Methods of the iCalendar objects this package writes (RFC 5546).
const (
	MethodRequest = "REQUEST"
	MethodPublish = "PUBLISH"
	MethodCancel  = "CANCEL"
)

// DefaultLength is how long a timed event lasts unless Exporter.Length says
// otherwise.
const DefaultLength = 15 * time.Minute

// CancelledKeep is how long a cancelled promise stays in a feed, marked
// STATUS:CANCELLED, so that clients that only import see it go.
const CancelledKeep = 30 * 24 * time.Hour

// prodID names this exporter in PRODID; the last part is the text language.
const prodID = "-//Zusage//Zusage Calendar Export 1.0//"

// Exporter writes calendar files in one language with one event length.
// The zero Exporter writes German with 15-minute events.
type Exporter struct {
	// Lang is "de" (the default when empty) or "en": the words for kinds and
	// labels in SUMMARY, DESCRIPTION and CATEGORIES.
	Lang string
	// Length of a timed event; DefaultLength when zero.
	Length time.Duration
}

// Languages lists the values Exporter.Lang accepts.
var Languages = []string{"de", "en"}

// FeedFilter selects the promises of a feed.
type FeedFilter struct {
	// OwnerID limits the feed to one salesperson; 0 means everybody.
	OwnerID uint
	// From and To bound the due moment: From <= due < To. A zero From means
	// the start of today (in the Store's time zone), a zero To one year
	// after From.
	From, To time.Time
}

// Invite writes an invite for one promise in German: METHOD:REQUEST for an
// open or done promise, METHOD:CANCEL for a cancelled one.
func Invite(w io.Writer, s *data.Store, commitmentID uint, now time.Time) error {
	_, err := Exporter{}.Invite(w, s, commitmentID, now)
	return err
}

// Feed writes the METHOD:PUBLISH feed of promises selected by f in German.
func Feed(w io.Writer, s *data.Store, f FeedFilter, now time.Time) error {
	_, err := Exporter{}.Feed(w, s, f, now)
	return err
}

// WriteFeeds writes one German feed "<email>.ics" per active salesperson
// into dir (see FeedFileName), each replaced atomically.
func WriteFeeds(dir string, s *data.Store, now time.Time) error {
	return Exporter{}.WriteFeeds(dir, s, now)
}

func (e Exporter) words() (words, string, error) {
	l := e.Lang
	if l == "" {
		l = "de"
	}
	w, ok := lang[l]
	if !ok {
		return words{}, "", fmt.Errorf("calendar language %q is not supported (one of %s)", e.Lang, strings.Join(Languages, ", "))
	}
	return w, l, nil
}

func (e Exporter) length() time.Duration {
	if e.Length > 0 {
		return e.Length
	}
	return DefaultLength
}

// Invite writes an invite for one promise and returns the METHOD it wrote:
// MethodRequest for an open or done promise, MethodCancel for a cancelled one.
func (e Exporter) Invite(w io.Writer, s *data.Store, commitmentID uint, now time.Time) (string, error) {
	wd, l, err := e.words()
	if err != nil {
		return "", err
	}
	it, err := s.CalendarItem(commitmentID)
	if err != nil {
		return "", fmt.Errorf("promise #%d: %w", commitmentID, err)
	}
	if it.DueAt.IsZero() {
		return "", fmt.Errorf("promise #%d is a standing promise; it has no date to put in a calendar", commitmentID)
	}
	method := MethodRequest
	if it.Status == data.StatusCancelled {
		method = MethodCancel
	}
	ev, err := e.event(it, method, now, s.Loc, wd)
	if err != nil {
		return "", err
	}
	cal := newCalendar(method, l)
	cal.Children = append(cal.Children, ev)
	return method, encode(w, cal, now)
}

// Feed writes the METHOD:PUBLISH feed of the promises selected by f and
// returns the number of events in it: open promises due in the range, and
// promises cancelled in the last 30 days (CancelledKeep) as STATUS:CANCELLED.
func (e Exporter) Feed(w io.Writer, s *data.Store, f FeedFilter, now time.Time) (int, error) {
	wd, l, err := e.words()
	if err != nil {
		return 0, err
	}
	if f.From.IsZero() {
		y, m, d := now.In(s.Loc).Date()
		f.From = time.Date(y, m, d, 0, 0, 0, 0, s.Loc)
	}
	if f.To.IsZero() {
		f.To = f.From.AddDate(1, 0, 0)
	}
	if !f.To.After(f.From) {
		return 0, &data.ValidationError{Field: "to", Code: data.CodeBackwards}
	}
	name := wd.calName
	if f.OwnerID != 0 {
		u, err := s.User(f.OwnerID)
		if err != nil {
			return 0, fmt.Errorf("salesperson #%d: %w", f.OwnerID, err)
		}
		name += " – " + u.Name
	}
	items, err := s.CalendarItems(data.CalendarFilter{OwnerID: f.OwnerID, From: f.From, To: f.To, CancelledSince: now.Add(-CancelledKeep)})
	if err != nil {
		return 0, err
	}
	cal := newCalendar(MethodPublish, l)
	cal.Props.SetText(ical.PropName, cleanText(name))
	setX(cal.Props, "X-WR-CALNAME", cleanText(name))
	// Subscribed clients poll the file; once an hour keeps a moved callback
	// from staying at its old time for long. RFC 7986 wants VALUE=DURATION
	// spelled out, which go-ical drops as the default.
	setX(cal.Props, "X-PUBLISHED-TTL", "PT1H")
	ri := ical.NewProp(ical.PropRefreshInterval)
	ri.Params.Set(ical.ParamValue, string(ical.ValueDuration))
	ri.Value = "PT1H"
	cal.Props.Set(ri)
	for _, it := range items {
		ev, err := e.event(it, MethodPublish, now, s.Loc, wd)
		if err != nil {
			return 0, err
		}
		cal.Children = append(cal.Children, ev)
	}
	return len(items), encode(w, cal, now)
}

// setX sets an extension property as escaped text without the VALUE=TEXT
// that go-ical adds to names it does not know; Outlook and Apple read
// X-WR-CALNAME and X-PUBLISHED-TTL only in their plain form.
func setX(props ical.Props, name, text string) {
	p := ical.NewProp(name)
	p.SetText(text)
	p.Params.Del(ical.ParamValue)
	props.Set(p)
}

func newCalendar(method, l string) *ical.Calendar {
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropProductID, prodID+strings.ToUpper(l))
	cal.Props.SetText(ical.PropCalendarScale, "GREGORIAN")
	cal.Props.SetText(ical.PropMethod, method)
	return cal
}

// encode writes cal folded at 75 octets with CRLF line ends.
func encode(w io.Writer, cal *ical.Calendar, now time.Time) error {
	fw := newFolder(w)
	if len(cal.Children) > 0 {
		if err := ical.NewEncoder(fw).Encode(cal); err != nil {
			return fmt.Errorf("calendar: %w", err)
		}
		return fw.Close()
	}
	// go-ical refuses a calendar without components, but an empty feed must
	// still be written: it is how a subscribed calendar learns that the last
	// promise is gone. Encode with a placeholder event and leave it out.
	ph := ical.NewEvent()
	ph.Props.SetText(ical.PropUID, "placeholder")
	ph.Props.SetDateTime(ical.PropDateTimeStamp, now.UTC())
	cal.Children = []*ical.Component{ph.Component}
	defer func() { cal.Children = nil }()
	var buf bytes.Buffer
	if err := ical.NewEncoder(&buf).Encode(cal); err != nil {
		return fmt.Errorf("calendar: %w", err)
	}
	b := buf.Bytes()
	begin := bytes.Index(b, []byte("BEGIN:VEVENT\r\n"))
	endTag := []byte("END:VEVENT\r\n")
	end := bytes.Index(b, endTag)
	if begin < 0 || end < begin {
		return errors.New("calendar: cannot write an empty calendar")
	}
	b = append(b[:begin:begin], b[end+len(endTag):]...)
	if _, err := fw.Write(b); err != nil {
		return err
	}
	return fw.Close()
}

// timed reports whether a promise of this kind is an appointment at a time
// (blocks the calendar) rather than a deadline.
func timed(kind string) bool { return kind == data.KindCallback || kind == data.KindVisit }

func customerLabel(it data.CalendarItem) string {
	name := strings.TrimSpace(it.Customer)
	if c := strings.TrimSpace(it.Company); c != "" && !strings.Contains(name, c) {
		name += " (" + c + ")"
	}
	return name
}

// event builds the VEVENT of one promise for the given method.
func (e Exporter) event(it data.CalendarItem, method string, now time.Time, loc *time.Location, wd words) (*ical.Component, error) {
	if loc == nil {
		loc = time.UTC
	}
	ev := ical.NewEvent()
	// Room for every property up front: growing the map is a good part of
	// the cost of a large feed.
	ev.Props = make(ical.Props, 24)
	p := ev.Props
	p.SetText(ical.PropUID, it.UID)
	seq := ical.NewProp(ical.PropSequence)
	seq.Value = strconv.Itoa(it.Sequence)
	p.Set(seq)
	p.SetDateTime(ical.PropDateTimeStamp, now.UTC())
	if !it.CreatedAt.IsZero() {
		p.SetDateTime(ical.PropCreated, it.CreatedAt.UTC())
	}
	p.SetDateTime(ical.PropLastModified, lastModified(it, now))

	cancelled := it.Status == data.StatusCancelled || method == MethodCancel
	done := it.Status == data.StatusDone
	var trigger time.Duration
	switch {
	case it.DueDate != "":
		day, err := time.Parse("2006-01-02", it.DueDate)
		if err != nil {
			return nil, fmt.Errorf("promise #%d has an unreadable due date %q", it.ID, it.DueDate)
		}
		p.SetDate(ical.PropDateTimeStart, day)
		p.SetDate(ical.PropDateTimeEnd, day.AddDate(0, 0, 1))
		p.SetText(ical.PropTransparency, "TRANSPARENT")
		// 9:00 on the day: a date starts at midnight in the reader's zone.
		trigger = 9 * time.Hour
	default:
		start := it.DueAt.UTC()
		p.SetDateTime(ical.PropDateTimeStart, start)
		p.SetDateTime(ical.PropDateTimeEnd, start.Add(e.length()))
		if timed(it.Kind) {
			p.SetText(ical.PropTransparency, "OPAQUE")
			trigger = -15 * time.Minute
		} else {
			p.SetText(ical.PropTransparency, "TRANSPARENT")
			y, m, d := start.In(loc).Date()
			nine := time.Date(y, m, d, 9, 0, 0, 0, loc)
			trigger = -15 * time.Minute
			if lead := start.Sub(nine).Truncate(time.Minute); lead > 15*time.Minute {
				trigger = -lead
			}
		}
	}

	summary := wd.kindWord(it.Kind) + ": " + customerLabel(it) + " — " + it.Title
	status := "CONFIRMED"
	switch {
	case cancelled:
		summary = wd.cancelled + ": " + summary
		status = "CANCELLED"
	case done:
		summary = wd.done + ": " + summary
	}
	p.SetText(ical.PropStatus, status)
	p.SetText(ical.PropSummary, cleanText(summary))
	p.SetText(ical.PropDescription, cleanText(description(it, wd, loc)))
	cat := ical.NewProp(ical.PropCategories)
	cat.SetTextList([]string{cleanText(wd.kindWord(it.Kind))})
	p.Set(cat)

	location := strings.TrimSpace(it.CustomerPhone)
	if it.Kind == data.KindVisit && strings.TrimSpace(it.Address) != "" {
		location = strings.TrimSpace(it.Address)
	}
	if location != "" {
		p.SetText(ical.PropLocation, cleanText(location))
	}
	if tel := telURI(it.CustomerPhone); tel != "" {
		u := ical.NewProp(ical.PropURL)
		u.Value = tel
		p.Set(u)
	}

	organizer := mailto(it.OwnerEmail)
	if organizer != "" {
		o := ical.NewProp(ical.PropOrganizer)
		if cn := cleanParam(it.OwnerName); cn != "" {
			o.Params.Set(ical.ParamCommonName, cn)
		}
		o.Value = organizer
		p.Set(o)
	} else if method != MethodPublish {
		return nil, fmt.Errorf("promise #%d: the owner's e-mail %q is not a valid address, and an invite needs one as organizer", it.ID, it.OwnerEmail)
	}
	if method != MethodPublish {
		// RFC 5546 §3.2.2 and §3.2.5: an invite and its cancellation name
		// an attendee. The customer when we can reach them, else the owner.
		a := ical.NewProp(ical.PropAttendee)
		a.Value, a.Params = mailto(it.CustomerEmail), ical.Params{}
		cn := cleanParam(customerLabel(it))
		if a.Value == "" {
			a.Value, cn = organizer, cleanParam(it.OwnerName)
		}
		if cn != "" {
			a.Params.Set(ical.ParamCommonName, cn)
		}
		a.Params.Set(ical.ParamCalendarUserType, "INDIVIDUAL")
		a.Params.Set(ical.ParamRole, "REQ-PARTICIPANT")
		a.Params.Set(ical.ParamParticipationStatus, "NEEDS-ACTION")
		a.Params.Set(ical.ParamRSVP, "FALSE")
		p.Add(a)
	}

	// A cancellation carries no alarm (§3.2.5), and a kept promise rings
	// nobody.
	if !cancelled && !done {
		al := ical.NewComponent(ical.CompAlarm)
		al.Props.SetText(ical.PropAction, "DISPLAY")
		al.Props.SetText(ical.PropDescription, cleanText(summary))
		tr := ical.NewProp(ical.PropTrigger)
		tr.Value = duration(trigger)
		al.Props.Set(tr)
		ev.Children = append(ev.Children, al)
	}
	return ev.Component, nil
}

func lastModified(it data.CalendarItem, now time.Time) time.Time {
	for _, s := range []data.Stamp{it.UpdatedAt, it.CreatedAt, it.PromisedAt} {
		if !s.IsZero() {
			return s.UTC()
		}
	}
	return now.UTC()
}

func description(it data.CalendarItem, wd words, loc *time.Location) string {
	var lines []string
	if d := strings.TrimSpace(cleanText(it.Details)); d != "" {
		lines = append(lines, it.Details, "")
	}
	add := func(label, value string) {
		if strings.TrimSpace(value) != "" {
			lines = append(lines, label+": "+value)
		}
	}
	add(wd.customer, customerLabel(it))
	add(wd.phone, it.CustomerPhone)
	add(wd.email, it.CustomerEmail)
	if it.LastContact != "" {
		label := wd.lastContact
		if !it.LastContactAt.IsZero() {
			label += " (" + it.LastContactAt.In(loc).Format(wd.dateLayout) + ")"
		}
		add(label, it.LastContact)
	}
	add(wd.rescheduled, it.RescheduleReason)
	if it.Status == data.StatusCancelled {
		add(wd.cancelledBecause, it.CancelReason)
	}
	owner := it.OwnerName
	if it.OwnerEmail != "" {
		owner += " <" + it.OwnerEmail + ">"
	}
	add(wd.owner, owner)
	return strings.Join(lines, "\n")
}

// duration formats an alarm offset as an RFC 5545 duration such as -PT15M
// or PT9H.
func duration(d time.Duration) string {
	sign := ""
	if d < 0 {
		sign, d = "-", -d
	}
	d = d.Truncate(time.Minute)
	if d == 0 {
		return "PT0S"
	}
	s := sign + "PT"
	if h := d / time.Hour; h > 0 {
		s += strconv.Itoa(int(h)) + "H"
	}
	if m := (d % time.Hour) / time.Minute; m > 0 {
		s += strconv.Itoa(int(m)) + "M"
	}
	return s
}
