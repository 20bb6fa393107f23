package data

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Timeline item types.
const (
	ItemContact    = "contact"
	ItemCommitment = "commitment"
	ItemEvent      = "event"
)

// TimelineItem is one line of a customer's timeline.
type TimelineItem struct {
	At      time.Time
	Type    string
	ID      uint
	Summary string
	// By is the salesperson's name, ByEmail their e-mail.
	By      string
	ByEmail string
	// Contact fields.
	Channel     string
	Direction   string
	Notes       string
	DelayNotice bool
	Concern     string
	// CommitmentID: the promise a contact or event is about, or the promise itself.
	CommitmentID uint
	// Commitment fields (open promises pinned on top).
	Kind     string
	Status   string
	Due      Due
	DueAt    time.Time
	Estimate time.Time
	Version  int
	// ToldDue is the deadline the customer last heard, when it is not Due
	// (moved without telling them); zero otherwise.
	ToldDue Due
	// Event fields.
	Event  string
	OldDue time.Time
	NewDue time.Time
	// OldDueText and NewDueText are the deadlines as the commands print
	// them: RFC 3339, or YYYY-MM-DD when all-day.
	OldDueText string
	NewDueText string
	Reason     string
	// Told says, for a reschedule, what the customer knows of the new date.
	Told Told
	// OfCustomer marks an event of the customer's own journal (Event is a
	// CustomerEvent type: created, changed, handed_over, archived); the
	// other events are of the promise CommitmentID.
	OfCustomer bool
	// Field, OldValue and NewValue: the field a CustomerChanged event
	// changed, and its value before and after.
	Field    string
	OldValue string
	NewValue string
	// OldOwner and NewOwner (names, and e-mails in the …Email fields): the
	// accounts's owner before and after a handover.
	OldOwner      string
	OldOwnerEmail string
	NewOwner      string
	NewOwnerEmail string
	// ImportID: the import that created or (undone) archived the customer.
	ImportID uint
}

// cursor is the keyset position after the last item of a page: the moment,
// then the type (events before contacts at the same second), then the id.
type cursor struct {
	at   int64
	rank int
	id   uint
}

func (c cursor) String() string { return fmt.Sprintf("%d.%d.%d", c.at, c.rank, c.id) }

func parseCursor(s string) (cursor, error) {
	p := strings.Split(s, ".")
	if len(p) != 3 {
		return cursor{}, invalid("cursor", CodeInvalid)
	}
	at, e1 := strconv.ParseInt(p[0], 10, 64)
	rank, e2 := strconv.Atoi(p[1])
	id, e3 := strconv.ParseUint(p[2], 10, 64)
	if e1 != nil || e2 != nil || e3 != nil {
		return cursor{}, invalid("cursor", CodeInvalid)
	}
	return cursor{at, rank, uint(id)}, nil
}

// Within one second, promise events count as later than contacts, and a
// customer's own events as earlier than both: a customer is added before
// anything is logged for it.
const (
	rankCustomerEvent = -1
	rankContact       = 0
	rankEvent         = 1
)

type tlContactRow struct {
	ID           uint
	At           Stamp
	Channel      string
	Direction    string
	Summary      string
	Notes        string
	DelayNotice  bool
	Concern      string
	CommitmentID *uint
	By           string
	ByEmail      string
}

type tlEventRow struct {
	ID           uint
	At           Stamp
	CommitmentID uint
	Type         string
	OldDue       Stamp
	NewDue       Stamp
	OldDueDate   string
	NewDueDate   string
	Reason       string
	Told         Told
	Title        string
	Kind         string
	By           string
	ByEmail      string
}

// Timeline returns one page of a customer's timeline: on the first page
// (empty cursor) the open promises pinned on top, then contacts and promise
// events newest first. next is the cursor of the following page, empty at
// the end. Keyset pagination: a page costs the same at any depth.
func (s *Store) Timeline(customerID uint, after string, limit int) (items []TimelineItem, next string, err error) {
	if limit <= 0 {
		limit = 50
	}
	cur := cursor{at: 1<<62 - 1, rank: 9, id: 1<<63 - 1}
	if after != "" {
		if cur, err = parseCursor(after); err != nil {
			return nil, "", err
		}
	} else {
		var open []PromiseRow
		err = s.db.Table("commitments c").
			Select("c.*, u.name AS owner_name, u.email AS owner").
			Joins("JOIN users u ON u.id = c.owner_id").
			Where("c.customer_id = ? AND c.status = ?", customerID, StatusOpen).
			Order("c.due_at IS NULL, c.due_at, c.id").Scan(&open).Error
		if err != nil {
			return nil, "", mapErr(err)
		}
		for _, c := range open {
			it := TimelineItem{
				At: c.PromisedAt.Time, Type: ItemCommitment, ID: c.ID, Summary: c.Title,
				By: c.OwnerName, ByEmail: c.Owner, CommitmentID: c.ID, Kind: c.Kind, Status: c.Status,
				Due: DueOf(c.Commitment, s.Loc), DueAt: c.DueAt.Time, Estimate: c.EstimateAt.Time,
				Notes: c.Details, Version: c.Version,
			}
			if c.Untold() {
				it.ToldDue = DueOf(Commitment{DueAt: c.ToldDueAt, DueDate: c.ToldDueDate}, s.Loc)
			}
			items = append(items, it)
		}
	}
	// Rows strictly after the cursor in (at DESC, rank DESC, id DESC) order.
	// The two page queries are scanned by hand: the timeline is the hot
	// view of the app, and GORM's reflection cost more than the queries.
	var contacts []tlContactRow
	rs, err := s.db.Raw(`SELECT k.id, k.at, k.channel, k.direction, k.summary, k.notes, k.delay_notice, k.concern,
			k.commitment_id, u.name AS by, u.email AS by_email
		FROM contacts k JOIN users u ON u.id = k.user_id
		WHERE k.customer_id = ? AND `+afterCursor("k", cur, rankContact)+`
		ORDER BY k.at DESC, k.id DESC LIMIT ?`,
		append(append([]any{customerID}, afterArgs(cur, rankContact)...), limit+1)...).Rows()
	if err != nil {
		return nil, "", mapErr(err)
	}
	for rs.Next() {
		var r tlContactRow
		if err = rs.Scan(&r.ID, &r.At, &r.Channel, &r.Direction, &r.Summary, &r.Notes, &r.DelayNotice, &r.Concern,
			&r.CommitmentID, &r.By, &r.ByEmail); err != nil {
			rs.Close()
			return nil, "", mapErr(err)
		}
		contacts = append(contacts, r)
	}
	if err = rs.Close(); err == nil {
		err = rs.Err()
	}
	if err != nil {
		return nil, "", mapErr(err)
	}
	var events []tlEventRow
	rs, err = s.db.Raw(`SELECT e.id, e.at, e.commitment_id, e.type, e.old_due, e.new_due, e.old_due_date, e.new_due_date, e.reason, e.told,
			c.title, c.kind, u.name AS by, u.email AS by_email
		FROM commitment_events e JOIN commitments c ON c.id = e.commitment_id JOIN users u ON u.id = e.by_id
		WHERE e.customer_id = ? AND `+afterCursor("e", cur, rankEvent)+`
		ORDER BY e.at DESC, e.id DESC LIMIT ?`,
		append(append([]any{customerID}, afterArgs(cur, rankEvent)...), limit+1)...).Rows()
	if err != nil {
		return nil, "", mapErr(err)
	}
	for rs.Next() {
		var r tlEventRow
		if err = rs.Scan(&r.ID, &r.At, &r.CommitmentID, &r.Type, &r.OldDue, &r.NewDue, &r.OldDueDate, &r.NewDueDate, &r.Reason, &r.Told,
			&r.Title, &r.Kind, &r.By, &r.ByEmail); err != nil {
			rs.Close()
			return nil, "", mapErr(err)
		}
		events = append(events, r)
	}
	if err = rs.Close(); err == nil {
		err = rs.Err()
	}
	if err != nil {
		return nil, "", mapErr(err)
	}
	cevs, err := s.customerEventPage(customerID, cur, limit+1)
	if err != nil {
		return nil, "", err
	}
	type keyed struct {
		k    cursor
		item TimelineItem
	}
	merged := make([]keyed, 0, len(contacts)+len(events)+len(cevs))
	for _, it := range cevs {
		merged = append(merged, keyed{cursor{it.At.Unix(), rankCustomerEvent, it.ID}, it})
	}
	for _, r := range contacts {
		it := TimelineItem{At: r.At.Time, Type: ItemContact, ID: r.ID, Summary: r.Summary, By: r.By, ByEmail: r.ByEmail,
			Channel: r.Channel, Direction: r.Direction, Notes: r.Notes, DelayNotice: r.DelayNotice, Concern: r.Concern}
		if r.CommitmentID != nil {
			it.CommitmentID = *r.CommitmentID
		}
		merged = append(merged, keyed{cursor{r.At.Unix(), rankContact, r.ID}, it})
	}
	for _, r := range events {
		// The summary of an event is the promise's title; the UI and the
		// commands say what happened to it from Event and its facts.
		it := TimelineItem{At: r.At.Time, Type: ItemEvent, ID: r.ID, Summary: r.Title, By: r.By, ByEmail: r.ByEmail,
			CommitmentID: r.CommitmentID, Kind: r.Kind, Event: r.Type, OldDue: r.OldDue.Time, NewDue: r.NewDue.Time, Reason: r.Reason,
			OldDueText: dueText(r.OldDue, r.OldDueDate), NewDueText: dueText(r.NewDue, r.NewDueDate), Told: r.Told}
		merged = append(merged, keyed{cursor{r.At.Unix(), rankEvent, r.ID}, it})
	}
	sort.Slice(merged, func(i, j int) bool {
		a, b := merged[i].k, merged[j].k
		if a.at != b.at {
			return a.at > b.at
		}
		if a.rank != b.rank {
			return a.rank > b.rank
		}
		return a.id > b.id
	})
	more := len(merged) > limit
	if more {
		merged = merged[:limit]
		next = merged[limit-1].k.String()
	}
	for _, m := range merged {
		items = append(items, m.item)
	}
	return items, next, nil
}

// afterCursor is the condition "strictly after cur" in (at DESC, rank DESC, id
// DESC) order for the rows of one kind (rank) of the table alias a; the
// rank comparison is decided here, so the query compares only columns.
func afterCursor(a string, cur cursor, rank int) string {
	switch {
	case cur.rank > rank:
		return a + ".at <= ?"
	case cur.rank == rank:
		return "(" + a + ".at < ? OR (" + a + ".at = ? AND " + a + ".id < ?))"
	}
	return a + ".at < ?"
}

// afterArgs are the arguments of afterCursor.
func afterArgs(cur cursor, rank int) []any {
	if cur.rank == rank {
		return []any{cur.at, cur.at, cur.id}
	}
	return []any{cur.at}
}

// customerEventPage reads the customer's own journal after cur, newest
// first, with the names of who did it and of a handover's two owners.
func (s *Store) customerEventPage(customerID uint, cur cursor, n int) ([]TimelineItem, error) {
	rs, err := s.db.Raw(`SELECT e.id, e.at, e.type, e.field, e.old_value, e.new_value, COALESCE(e.import_id, 0), e.reason,
			u.name, u.email, COALESCE(ou.name, ''), COALESCE(ou.email, ''), COALESCE(nu.name, ''), COALESCE(nu.email, '')
		FROM customer_events e JOIN users u ON u.id = e.by_id
		LEFT JOIN users ou ON ou.id = e.old_owner_id LEFT JOIN users nu ON nu.id = e.new_owner_id
		WHERE e.customer_id = ? AND `+afterCursor("e", cur, rankCustomerEvent)+`
		ORDER BY e.at DESC, e.id DESC LIMIT ?`,
		append(append([]any{customerID}, afterArgs(cur, rankCustomerEvent)...), n)...).Rows()
	if err != nil {
		return nil, mapErr(err)
	}
	defer rs.Close()
	var out []TimelineItem
	for rs.Next() {
		it := TimelineItem{Type: ItemEvent, OfCustomer: true}
		var at Stamp
		if err := rs.Scan(&it.ID, &at, &it.Event, &it.Field, &it.OldValue, &it.NewValue, &it.ImportID, &it.Reason,
			&it.By, &it.ByEmail, &it.OldOwner, &it.OldOwnerEmail, &it.NewOwner, &it.NewOwnerEmail); err != nil {
			return nil, mapErr(err)
		}
		it.At = at.Time
		out = append(out, it)
	}
	return out, mapErr(rs.Err())
}

// dueText formats a deadline as the commands print it.
func dueText(s Stamp, date string) string {
	switch {
	case date != "":
		return date
	case s.IsZero():
		return ""
	}
	return s.Time.Format(time.RFC3339)
}
