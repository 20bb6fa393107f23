package data

import (
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

func validKind(k string) bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// NewCommitment is a promise about to be made.
type NewCommitment struct {
	CustomerID uint
	// OwnerID is who is responsible; zero means the customer's owner.
	OwnerID uint
	// ByID is who makes the promise (for the history).
	ByID    uint
	Kind    string
	Title   string
	Details string
	// Due is required for every kind but standing.
	Due Due
	// Estimate is the optional internal estimate (lesson 5).
	Estimate Due
	// NoticeID links a promise made by a proactive notice.
	NoticeID *uint
}

func (s *Store) checkUser(tx *gorm.DB, field string, id uint) error {
	if id == 0 {
		return invalid(field, "who did this is required")
	}
	var n int64
	if err := tx.Model(&User{}).Where("id = ?", id).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return invalid(field, "salesperson #%d does not exist", id)
	}
	return nil
}

func (s *Store) activeCustomer(tx *gorm.DB, id uint) (Customer, error) {
	var c Customer
	if err := tx.First(&c, id).Error; err != nil {
		return c, invalid("customer", "customer #%d does not exist", id)
	}
	if c.Archived {
		return c, invalid("customer", "customer #%d is archived", id)
	}
	return c, nil
}

func (s *Store) validateNew(n *NewCommitment) error {
	n.Title = strings.TrimSpace(n.Title)
	n.Kind = strings.TrimSpace(n.Kind)
	if !validKind(n.Kind) {
		return invalid("kind", "%q is not a kind of promise (one of %s)", n.Kind, strings.Join(Kinds, ", "))
	}
	if n.Title == "" {
		return invalid("title", "say what was promised")
	}
	if n.Kind == KindStanding {
		if !n.Due.IsZero() || !n.Estimate.IsZero() {
			return invalid("due", "a standing promise has no due date")
		}
		return nil
	}
	if n.Due.IsZero() {
		return invalid("due", "a due date is required")
	}
	return nil
}

// Promise records a new promise with a fresh calendar UID.
func (s *Store) Promise(n NewCommitment) (Commitment, error) {
	if err := s.validateNew(&n); err != nil {
		return Commitment{}, err
	}
	var c Commitment
	err := s.write(func(tx *gorm.DB) error {
		var err error
		c, err = s.promiseTx(tx, n)
		return err
	})
	return c, err
}

func (s *Store) promiseTx(tx *gorm.DB, n NewCommitment) (Commitment, error) {
	cu, err := s.activeCustomer(tx, n.CustomerID)
	if err != nil {
		return Commitment{}, err
	}
	if err := s.checkUser(tx, "by", n.ByID); err != nil {
		return Commitment{}, err
	}
	if n.OwnerID == 0 {
		n.OwnerID = cu.OwnerID
	}
	if err := s.checkOwner(tx, n.OwnerID); err != nil {
		return Commitment{}, err
	}
	now := At(s.now())
	c := Commitment{
		CustomerID: n.CustomerID, OwnerID: n.OwnerID, Kind: n.Kind, Title: n.Title,
		Details: n.Details, PromisedAt: now, Status: StatusOpen, UID: uuid.NewString() + "@zusage",
		Version: 1, ScheduledAt: now, NoticeID: n.NoticeID, CreatedAt: now, UpdatedAt: now,
	}
	if !n.Due.IsZero() {
		c.DueAt = At(n.Due.End(s.Loc))
		c.DueDate = n.Due.Date()
	}
	if !n.Estimate.IsZero() {
		c.EstimateAt = At(n.Estimate.End(s.Loc))
	}
	if err := tx.Create(&c).Error; err != nil {
		return c, err
	}
	ev := CommitmentEvent{CommitmentID: c.ID, CustomerID: c.CustomerID, Type: EventCreated, At: now, ByID: n.ByID, NewDue: c.DueAt, NewDueDate: c.DueDate}
	return c, tx.Create(&ev).Error
}

// Commitment returns one commitment.
func (s *Store) Commitment(id uint) (Commitment, error) {
	var c Commitment
	err := s.db.First(&c, id).Error
	return c, mapErr(err)
}

// Events lists the history of a commitment, oldest first.
func (s *Store) Events(commitmentID uint) ([]CommitmentEvent, error) {
	var out []CommitmentEvent
	err := s.db.Where("commitment_id = ?", commitmentID).Order("at, id").Find(&out).Error
	return out, mapErr(err)
}

// change loads an open commitment for an update inside tx. expectVersion 0
// means "whatever is current" (the commands); the UI passes what it read.
func (s *Store) change(tx *gorm.DB, id uint, expectVersion int, by uint) (Commitment, error) {
	var c Commitment
	if err := tx.First(&c, id).Error; err != nil {
		return c, err
	}
	if expectVersion != 0 && c.Version != expectVersion {
		return c, ErrConflict
	}
	if err := s.checkUser(tx, "by", by); err != nil {
		return c, err
	}
	if c.Status != StatusOpen {
		return c, invalid("commitment", "promise #%d is already %s", id, c.Status)
	}
	return c, nil
}

// save writes the changed fields of c guarded by its version.
func save(tx *gorm.DB, c *Commitment, fields map[string]any) error {
	fields["version"] = c.Version + 1
	res := tx.Model(&Commitment{}).Where("id = ? AND version = ?", c.ID, c.Version).Updates(fields)
	if err := stale(tx, res, &Commitment{}, c.ID); err != nil {
		return err
	}
	return tx.First(c, c.ID).Error
}

// Reschedule moves an open promise to a new deadline. The calendar UID stays,
// SEQUENCE grows, the reason is kept, and no second commitment is created, so
// the old time disappears everywhere (lesson 3).
func (s *Store) Reschedule(id uint, expectVersion int, by uint, due Due, reason string) (Commitment, error) {
	var c Commitment
	err := s.write(func(tx *gorm.DB) error {
		var err error
		c, err = s.rescheduleTx(tx, id, expectVersion, by, due, reason)
		return err
	})
	return c, err
}

func (s *Store) rescheduleTx(tx *gorm.DB, id uint, expectVersion int, by uint, due Due, reason string) (Commitment, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return Commitment{}, invalid("reason", "say why the promise moves")
	}
	if due.IsZero() {
		return Commitment{}, invalid("due", "a new due date is required")
	}
	c, err := s.change(tx, id, expectVersion, by)
	if err != nil {
		return c, err
	}
	if c.Kind == KindStanding {
		return c, invalid("kind", "a standing promise has no due date")
	}
	now := At(s.now())
	newDue := At(due.End(s.Loc))
	old, oldDate := c.DueAt, c.DueDate
	if err := save(tx, &c, map[string]any{
		"due_at": newDue, "due_date": due.Date(), "sequence": c.Sequence + 1,
		// A new schedule: a delay notice about the old date no longer counts.
		"scheduled_at": now, "told_at": Stamp{}, "updated_at": now,
	}); err != nil {
		return c, err
	}
	ev := CommitmentEvent{CommitmentID: c.ID, CustomerID: c.CustomerID, Type: EventRescheduled, At: now, ByID: by,
		OldDue: old, NewDue: newDue, OldDueDate: oldDate, NewDueDate: due.Date(), Reason: reason}
	return c, tx.Create(&ev).Error
}

// SetEstimate changes the internal estimate (zero Due clears it).
func (s *Store) SetEstimate(id uint, expectVersion int, by uint, estimate Due) (Commitment, error) {
	var c Commitment
	err := s.write(func(tx *gorm.DB) error {
		var err error
		if c, err = s.change(tx, id, expectVersion, by); err != nil {
			return err
		}
		now := At(s.now())
		est := Stamp{}
		if !estimate.IsZero() {
			est = At(estimate.End(s.Loc))
		}
		if err := save(tx, &c, map[string]any{"estimate_at": est, "updated_at": now}); err != nil {
			return err
		}
		ev := CommitmentEvent{CommitmentID: c.ID, CustomerID: c.CustomerID, Type: EventEstimated, At: now, ByID: by, NewDue: est}
		return tx.Create(&ev).Error
	})
	return c, err
}

// Complete marks a promise as kept. SEQUENCE grows, so that the calendar
// event can be cancelled (lesson 3: nobody calls at a time already done).
func (s *Store) Complete(id uint, expectVersion int, by uint, note string) (Commitment, error) {
	var c Commitment
	err := s.write(func(tx *gorm.DB) error {
		var err error
		c, err = s.completeTx(tx, id, expectVersion, by, note)
		return err
	})
	return c, err
}

func (s *Store) completeTx(tx *gorm.DB, id uint, expectVersion int, by uint, note string) (Commitment, error) {
	c, err := s.change(tx, id, expectVersion, by)
	if err != nil {
		return c, err
	}
	now := At(s.now())
	// A kept promise leaves the calendar (its event is cancelled, titled
	// "Erledigt"), and a cancellation must be newer than the last invite.
	if err := save(tx, &c, map[string]any{"status": StatusDone, "done_at": now, "sequence": c.Sequence + 1, "updated_at": now}); err != nil {
		return c, err
	}
	ev := CommitmentEvent{CommitmentID: c.ID, CustomerID: c.CustomerID, Type: EventDone, At: now, ByID: by, Reason: strings.TrimSpace(note)}
	return c, tx.Create(&ev).Error
}

// Cancel withdraws a promise. The row stays (status cancelled) and SEQUENCE
// grows, so calendars can be told to remove the event.
func (s *Store) Cancel(id uint, expectVersion int, by uint, reason string) (Commitment, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return Commitment{}, invalid("reason", "say why the promise is cancelled")
	}
	var c Commitment
	err := s.write(func(tx *gorm.DB) error {
		var err error
		if c, err = s.change(tx, id, expectVersion, by); err != nil {
			return err
		}
		now := At(s.now())
		if err := save(tx, &c, map[string]any{"status": StatusCancelled, "done_at": now, "sequence": c.Sequence + 1, "updated_at": now}); err != nil {
			return err
		}
		ev := CommitmentEvent{CommitmentID: c.ID, CustomerID: c.CustomerID, Type: EventCancelled, At: now, ByID: by, Reason: reason}
		return tx.Create(&ev).Error
	})
	return c, err
}

// Reassign hands an open promise to another salesperson.
func (s *Store) Reassign(id uint, expectVersion int, by uint, newOwner uint, reason string) (Commitment, error) {
	var c Commitment
	err := s.write(func(tx *gorm.DB) error {
		var err error
		if c, err = s.change(tx, id, expectVersion, by); err != nil {
			return err
		}
		if err := s.checkOwner(tx, newOwner); err != nil {
			return err
		}
		if newOwner == c.OwnerID {
			return invalid("owner", "the promise already belongs to this salesperson")
		}
		old := c.OwnerID
		now := At(s.now())
		if err := save(tx, &c, map[string]any{"owner_id": newOwner, "sequence": c.Sequence + 1, "updated_at": now}); err != nil {
			return err
		}
		ev := CommitmentEvent{CommitmentID: c.ID, CustomerID: c.CustomerID, Type: EventReassigned, At: now, ByID: by, OldOwnerID: &old, NewOwnerID: &newOwner, Reason: strings.TrimSpace(reason)}
		return tx.Create(&ev).Error
	})
	return c, err
}

// PromiseFilter narrows the list of open promises.
type PromiseFilter struct {
	OwnerID uint
	Kind    string
	// Before limits to deadlines before this moment (zero: no limit).
	Before time.Time
	Limit  int
}

// PromiseRow is an open promise with what a list shows of its customer.
type PromiseRow struct {
	Commitment
	Customer  string
	Company   string
	OwnerName string
	Owner     string
}

// OpenPromises lists open promises with a deadline, earliest first.
func (s *Store) OpenPromises(f PromiseFilter) ([]PromiseRow, error) {
	tx := s.db.Table("commitments c").
		Select("c.*, cu.name AS customer, cu.company AS company, u.name AS owner_name, u.email AS owner").
		Joins("JOIN customers cu ON cu.id = c.customer_id").
		Joins("JOIN users u ON u.id = c.owner_id").
		Where("c.status = ? AND c.due_at IS NOT NULL", StatusOpen)
	if f.OwnerID != 0 {
		tx = tx.Where("c.owner_id = ?", f.OwnerID)
	}
	if f.Kind != "" {
		tx = tx.Where("c.kind = ?", f.Kind)
	}
	if !f.Before.IsZero() {
		tx = tx.Where("c.due_at < ?", f.Before.Unix())
	}
	if f.Limit > 0 {
		tx = tx.Limit(f.Limit)
	}
	var out []PromiseRow
	err := tx.Order("c.due_at, c.id").Scan(&out).Error
	return out, mapErr(err)
}

// CommitmentTitles returns the titles of the given promises in one query,
// for lists that name the promise a contact was about.
func (s *Store) CommitmentTitles(ids []uint) (map[uint]string, error) {
	out := make(map[uint]string, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.db.Raw("SELECT id, title FROM commitments WHERE id IN ?", ids).Rows()
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id uint
		var title string
		if err := rows.Scan(&id, &title); err != nil {
			return nil, mapErr(err)
		}
		out[id] = title
	}
	return out, mapErr(rows.Err())
}
