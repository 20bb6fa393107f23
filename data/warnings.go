package data

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Warning levels, worst first.
const (
	LevelSilent     = "silent"
	LevelSlipped    = "slipped"
	LevelAtRisk     = "at_risk"
	LevelSoon       = "soon"
	LevelNoNextStep = "no_next_step"
)

var levelRank = map[string]int{LevelSilent: 0, LevelSlipped: 1, LevelAtRisk: 2, LevelSoon: 3, LevelNoNextStep: 4}

// Warning is computed, never stored: one per open promise that needs
// attention, or one per customer without a next step.
type Warning struct {
	Level        string
	CommitmentID *uint
	CustomerID   uint
	Customer     string
	Company      string
	OwnerID      uint
	Owner        string // e-mail
	OwnerName    string
	Kind         string
	Title        string
	Due          Due
	// DueAt is the moment the deadline passes.
	DueAt time.Time
	// Estimate is the internal estimate (at risk).
	Estimate time.Time
	// Since is the last contact with the customer (zero: never).
	Since   time.Time
	Message string
}

// WarningFilter narrows the warnings; zero OwnerID means the whole team.
type WarningFilter struct {
	OwnerID uint
}

type warnRow struct {
	ID            uint
	CustomerID    uint
	OwnerID       uint
	Kind          string
	Title         string
	DueAt         Stamp
	DueDate       string
	EstimateAt    Stamp
	ScheduledAt   Stamp
	ToldAt        Stamp
	Customer      string
	Company       string
	LastContactAt Stamp
	Owner         string
	OwnerName     string
}

// Warnings computes the warnings at now from open promises, the last contact
// with each customer and the team settings. Worst first, then by deadline.
func (s *Store) Warnings(now time.Time, f WarningFilter) ([]Warning, error) {
	set, err := s.Settings()
	if err != nil {
		return nil, err
	}
	var maxLead time.Duration
	for _, d := range set.LeadTimes {
		if d > maxLead {
			maxLead = d
		}
	}
	owner := ""
	args := []any{}
	if f.OwnerID != 0 {
		owner = " AND c.owner_id = ?"
		args = append(args, f.OwnerID)
	}
	const cols = `SELECT c.id, c.customer_id, c.owner_id, c.kind, c.title, c.due_at, c.due_date, c.estimate_at,
		c.scheduled_at, c.told_at, cu.name AS customer, cu.company, cu.last_contact_at, u.email AS owner, u.name AS owner_name
		FROM commitments c JOIN customers cu ON cu.id = c.customer_id JOIN users u ON u.id = c.owner_id `
	// The at-risk half names its tiny index (migration 4): without table
	// statistics the planner rates it no better than the index of all open
	// promises, and walks those instead.
	atRiskCols := strings.Replace(cols, "FROM commitments c ", "FROM commitments c INDEXED BY idx_commitments_at_risk ", 1)
	// Two index-friendly halves instead of one OR: due soon or past, and at
	// risk later than that — disjoint, so UNION ALL needs no dedup B-tree.
	horizon := now.Add(maxLead).Unix()
	q := cols + `WHERE c.status = 'open' AND c.due_at IS NOT NULL AND c.due_at <= ?` + owner +
		` UNION ALL ` + atRiskCols + `WHERE c.status = 'open' AND c.due_at IS NOT NULL AND c.due_at > ? AND c.estimate_at > c.due_at` + owner
	qargs := append([]any{horizon}, args...)
	qargs = append(append(qargs, horizon), args...)
	// Scanned by hand: on a ten-year file GORM's reflection cost as much
	// as the query.
	rs, err := s.db.Raw(q, qargs...).Rows()
	if err != nil {
		return nil, mapErr(err)
	}
	defer rs.Close()
	var rows []warnRow
	for rs.Next() {
		var r warnRow
		if err := rs.Scan(&r.ID, &r.CustomerID, &r.OwnerID, &r.Kind, &r.Title, &r.DueAt, &r.DueDate, &r.EstimateAt,
			&r.ScheduledAt, &r.ToldAt, &r.Customer, &r.Company, &r.LastContactAt, &r.Owner, &r.OwnerName); err != nil {
			return nil, mapErr(err)
		}
		rows = append(rows, r)
	}
	if err := rs.Err(); err != nil {
		return nil, mapErr(err)
	}
	out := make([]Warning, 0, len(rows))
	for _, r := range rows {
		if w, ok := s.classify(r, now, set); ok {
			out = append(out, w)
		}
	}
	nn, err := s.noNextStep(now, set, f)
	if err != nil {
		return nil, err
	}
	out = append(out, nn...)
	// Sort positions, not the warnings themselves: a Warning is a few
	// hundred bytes, and a team's list has thousands of them.
	idx := make([]int, len(out))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(i, j int) bool {
		a, b := &out[idx[i]], &out[idx[j]]
		if levelRank[a.Level] != levelRank[b.Level] {
			return levelRank[a.Level] < levelRank[b.Level]
		}
		if !a.DueAt.Equal(b.DueAt) {
			return a.DueAt.Before(b.DueAt)
		}
		return a.CustomerID < b.CustomerID
	})
	sorted := make([]Warning, len(out))
	for i, k := range idx {
		sorted[i] = out[k]
	}
	return sorted, nil
}

// classify applies design.md's rules to one open promise.
func (s *Store) classify(r warnRow, now time.Time, set TeamSettings) (Warning, bool) {
	id := r.ID
	w := Warning{
		CommitmentID: &id, CustomerID: r.CustomerID, Customer: r.Customer, Company: r.Company,
		OwnerID: r.OwnerID, Owner: r.Owner, OwnerName: r.OwnerName, Kind: r.Kind, Title: r.Title,
		DueAt: r.DueAt.Time, Estimate: r.EstimateAt.Time, Since: r.LastContactAt.Time,
	}
	w.Due = DueOf(Commitment{DueAt: r.DueAt, DueDate: r.DueDate}, s.Loc)
	pastDue := !now.Before(r.DueAt.Time)
	atRisk := !r.EstimateAt.IsZero() && r.EstimateAt.After(r.DueAt.Time)
	// The customer heard about it: a delay notice since it was last
	// scheduled, or any contact since the deadline passed.
	told := !r.ToldAt.IsZero() && !r.ToldAt.Before(r.ScheduledAt.Time)
	heard := told || (!r.LastContactAt.IsZero() && !r.LastContactAt.Before(r.DueAt.Time))
	due := w.Due.String()
	switch {
	case pastDue && !heard:
		w.Level = LevelSilent
		w.Message = fmt.Sprintf("promised for %s — the customer has heard nothing for %s; send a delay notice", due, ago(now, r.DueAt.Time))
	case pastDue:
		w.Level = LevelSlipped
		w.Message = fmt.Sprintf("promised for %s — %s overdue", due, ago(now, r.DueAt.Time))
	case atRisk:
		w.Level = LevelAtRisk
		w.Message = fmt.Sprintf("promised for %s but the estimate is %s", due, r.EstimateAt.Time.In(s.Loc).Format("2006-01-02 15:04"))
		if !told {
			w.Message += "; tell the customer now"
		}
	case r.DueAt.Time.Sub(now) <= set.LeadTime(r.Kind):
		w.Level = LevelSoon
		w.Message = fmt.Sprintf("due %s — in %s", due, ago(r.DueAt.Time, now))
	default:
		return w, false
	}
	return w, true
}

type quietRow struct {
	ID            uint
	Name          string
	Company       string
	OwnerID       uint
	Owner         string
	OwnerName     string
	LastContactAt Stamp
	CreatedAt     Stamp
}

// noNextStep finds customers with no open promise and no contact for the
// team's number of days.
func (s *Store) noNextStep(now time.Time, set TeamSettings, f WarningFilter) ([]Warning, error) {
	cut := now.AddDate(0, 0, -set.NoNextStepDays).Unix()
	q := `SELECT cu.id, cu.name, cu.company, cu.owner_id, u.email AS owner, u.name AS owner_name, cu.last_contact_at, cu.created_at
		FROM customers cu JOIN users u ON u.id = cu.owner_id
		WHERE cu.archived = 0 AND COALESCE(cu.last_contact_at, cu.created_at, 0) < ?`
	args := []any{cut}
	if f.OwnerID != 0 {
		q += ` AND cu.owner_id = ?`
		args = append(args, f.OwnerID)
	}
	q += ` AND NOT EXISTS (SELECT 1 FROM commitments c WHERE c.customer_id = cu.id AND c.status = 'open' AND c.kind <> 'standing')`
	rs, err := s.db.Raw(q, args...).Rows()
	if err != nil {
		return nil, mapErr(err)
	}
	defer rs.Close()
	var rows []quietRow
	for rs.Next() {
		var r quietRow
		if err := rs.Scan(&r.ID, &r.Name, &r.Company, &r.OwnerID, &r.Owner, &r.OwnerName, &r.LastContactAt, &r.CreatedAt); err != nil {
			return nil, mapErr(err)
		}
		rows = append(rows, r)
	}
	if err := rs.Err(); err != nil {
		return nil, mapErr(err)
	}
	out := make([]Warning, 0, len(rows))
	for _, r := range rows {
		w := Warning{Level: LevelNoNextStep, CustomerID: r.ID, Customer: r.Name, Company: r.Company,
			OwnerID: r.OwnerID, Owner: r.Owner, OwnerName: r.OwnerName, Since: r.LastContactAt.Time}
		if r.LastContactAt.IsZero() {
			w.Message = "no open promise and never contacted — agree a next step"
		} else {
			w.Message = fmt.Sprintf("no open promise and no contact for %s — agree a next step", ago(now, r.LastContactAt.Time))
		}
		out = append(out, w)
	}
	return out, nil
}

// ago formats the span between two moments for messages: "3 days", "2 hours".
func ago(later, earlier time.Time) string {
	d := later.Sub(earlier)
	switch {
	case d >= 48*time.Hour:
		return fmt.Sprintf("%d days", int(d/(24*time.Hour)))
	case d >= 2*time.Hour:
		return fmt.Sprintf("%d hours", int(d/time.Hour))
	case d >= 2*time.Minute:
		return fmt.Sprintf("%d minutes", int(d/time.Minute))
	default:
		return "a moment"
	}
}
