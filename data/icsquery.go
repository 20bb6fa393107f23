package data

import (
	"database/sql"
	"strings"
	"time"
)

// CalendarItem is a promise with everything its calendar event shows: the
// customer's phone and e-mail, the owner, the last contact with the customer
// and why it was last moved.
type CalendarItem struct {
	Commitment
	Customer      string
	Company       string
	CustomerEmail string
	CustomerPhone string
	Address       string
	OwnerName     string
	OwnerEmail    string
	// OwnerPhone is the owner's direct line (lesson 1).
	OwnerPhone string
	// LastContact is the summary of the newest contact with the customer,
	// LastContactAt when it happened (zero when there was none).
	LastContact   string
	LastContactAt Stamp
	// RescheduleReason is the reason of the newest reschedule, if any.
	RescheduleReason string
	// CancelReason is why a cancelled promise was withdrawn.
	CancelReason string
}

// CalendarFilter selects the promises of a calendar feed.
type CalendarFilter struct {
	// OwnerID limits the feed to one salesperson; 0 means everybody.
	OwnerID uint
	// From and To bound when the event starts: From <= start < To, where an
	// all-day deadline starts at midnight of its day (its due moment is the
	// end of that day) and a timed one at its due moment.
	From, To time.Time
	// CancelledSince adds promises cancelled at or after this moment with a
	// due moment before To, so that subscribed calendars learn they are gone.
	// Zero leaves cancelled promises out.
	CancelledSince time.Time
}

// CalendarSelect reads one CalendarItem per commitment row "c"; exported so
// that the benchmark floor (cmd/benchtable) runs exactly the same SQL. The last
// contact comes from idx_contacts_customer_at (one index seek per row, the
// index covers the id), the reasons from idx_events_commitment, so the feed
// is one statement without a query per promise.
const CalendarSelect = `SELECT c.id, c.customer_id, c.owner_id, c.kind, c.title, c.details,
	c.promised_at, c.due_at, c.due_date, c.estimate_at, c.status, c.done_at, c.uid,
	c.sequence, c.version, c.scheduled_at, c.told_at, c.created_at, c.updated_at,
	cu.name, cu.company, cu.email, cu.phone, cu.address, u.name, u.email, u.phone,
	COALESCE(lc.summary, ''), lc.at,
	COALESCE((SELECT e.reason FROM commitment_events e
		WHERE e.commitment_id = c.id AND e.type = 'rescheduled'
		ORDER BY e.at DESC, e.id DESC LIMIT 1), ''),
	CASE WHEN c.status = 'cancelled' THEN COALESCE((SELECT e.reason FROM commitment_events e
		WHERE e.commitment_id = c.id AND e.type = 'cancelled'
		ORDER BY e.at DESC, e.id DESC LIMIT 1), '') ELSE '' END
FROM commitments c
JOIN customers cu ON cu.id = c.customer_id
JOIN users u ON u.id = c.owner_id
LEFT JOIN contacts lc ON lc.id = (SELECT ct.id FROM contacts ct
	WHERE ct.customer_id = c.customer_id ORDER BY ct.at DESC, ct.id DESC LIMIT 1)`

func scanCalendarItem(rows *sql.Rows) (CalendarItem, error) {
	var it CalendarItem
	c := &it.Commitment
	err := rows.Scan(&c.ID, &c.CustomerID, &c.OwnerID, &c.Kind, &c.Title, &c.Details,
		&c.PromisedAt, &c.DueAt, &c.DueDate, &c.EstimateAt, &c.Status, &c.DoneAt, &c.UID,
		&c.Sequence, &c.Version, &c.ScheduledAt, &c.ToldAt, &c.CreatedAt, &c.UpdatedAt,
		&it.Customer, &it.Company, &it.CustomerEmail, &it.CustomerPhone, &it.Address, &it.OwnerName, &it.OwnerEmail, &it.OwnerPhone,
		&it.LastContact, &it.LastContactAt, &it.RescheduleReason, &it.CancelReason)
	return it, err
}

func (s *Store) calendarQuery(query string, args ...any) ([]CalendarItem, error) {
	rows, err := s.db.Raw(query, args...).Rows()
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []CalendarItem
	for rows.Next() {
		it, err := scanCalendarItem(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, mapErr(rows.Err())
}

// CalendarItem loads one promise for a calendar invite.
func (s *Store) CalendarItem(id uint) (CalendarItem, error) {
	out, err := s.calendarQuery(CalendarSelect+" WHERE c.id = ?", id)
	if err != nil {
		return CalendarItem{}, err
	}
	if len(out) == 0 {
		return CalendarItem{}, ErrNotFound
	}
	return out[0], nil
}

// CalendarItems lists the promises of a calendar feed, earliest due first:
// open promises due in [From, To) and, with CancelledSince, promises
// cancelled since then. One statement; each branch is a range scan of
// idx_commitments_owner_status_due (or idx_commitments_status_due for all
// owners).
func (s *Store) CalendarItems(f CalendarFilter) ([]CalendarItem, error) {
	if f.From.IsZero() || f.To.IsZero() || !f.To.After(f.From) {
		return nil, invalid("to", CodeBackwards)
	}
	owner := ""
	var args []any
	if f.OwnerID != 0 {
		owner = "owner_id = ? AND "
	}
	// The branches are a UNION of ids so that SQLite plans each one on the
	// (owner_id, status, due_at) index; an OR inside one WHERE would not use it.
	// An all-day deadline is stored as the end of its day, up to 25 hours
	// (a DST day) after the day starts: widen the index range by two days
	// and keep the exact range below.
	branches := []string{"SELECT id FROM commitments WHERE " + owner + "status = 'open' AND due_at >= ? AND due_at < ?"}
	if f.OwnerID != 0 {
		args = append(args, f.OwnerID)
	}
	args = append(args, f.From.Unix(), f.To.Add(allDaySlack).Unix())
	if !f.CancelledSince.IsZero() {
		branches = append(branches, "SELECT id FROM commitments WHERE "+owner+"status = 'cancelled' AND due_at < ? AND done_at >= ?")
		if f.OwnerID != 0 {
			args = append(args, f.OwnerID)
		}
		args = append(args, f.To.Add(allDaySlack).Unix(), f.CancelledSince.Unix())
	}
	q := CalendarSelect + " WHERE c.id IN (" + strings.Join(branches, " UNION ALL ") + ") ORDER BY c.due_at, c.id"
	items, err := s.calendarQuery(q, args...)
	if err != nil {
		return nil, err
	}
	out := items[:0]
	for _, it := range items {
		start := s.EventStart(it.Commitment)
		if !start.Before(f.To) || (it.Status == StatusOpen && start.Before(f.From)) {
			continue
		}
		out = append(out, it)
	}
	return out, nil
}

const allDaySlack = 48 * time.Hour

// EventStart is when the calendar event of a promise starts: midnight of the
// day of an all-day deadline in the team's time zone, else the due moment.
func (s *Store) EventStart(c Commitment) time.Time {
	return DueOf(c, s.Loc).At
}

// CalendarOwners lists every salesperson, archived ones included (Archived
// tells them apart), by id: a feed that was once written for someone who has
// since left must still be kept current, or it shows stale promises.
func (s *Store) CalendarOwners() ([]User, error) {
	var out []User
	err := s.db.Order("id").Find(&out).Error
	return out, mapErr(err)
}
