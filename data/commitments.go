package data

import (
	"errors"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

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

// checkUser makes sure the salesperson who acts exists and is still on the
// team: someone who left cannot log, promise or change anything.
func (s *Store) checkUser(tx *gorm.DB, field string, id uint) error {
	if id == 0 {
		return invalid(field, CodeRequired)
	}
	var u User
	if err := tx.Select("id", "archived").First(&u, id).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return invalid(field, CodeUnknown).id(id)
		}
		return err
	}
	if u.Archived {
		return invalid(field, CodeLeftTeam).id(id)
	}
	return nil
}

func (s *Store) activeCustomer(tx *gorm.DB, id uint) (Customer, error) {
	var c Customer
	if err := tx.First(&c, id).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return c, invalid("customer", CodeUnknown).id(id)
		}
		return c, err
	}
	if c.Archived {
		return c, invalid("customer", CodeArchived).id(id)
	}
	return c, nil
}

// step is a change made now, by the shared clock, in the team's time zone.
func (s *Store) step(by uint) Step { return Step{By: by, At: s.SharedNow(), Loc: s.Loc} }

// Promise records a new promise with a fresh calendar UID.
func (s *Store) Promise(n NewCommitment) (Commitment, error) {
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
	c, ev, err := NewPromise(n, s.step(n.ByID))
	if err != nil {
		return c, err
	}
	c.UID = uuid.NewString() + "@zusage"
	if err := tx.Create(&c).Error; err != nil {
		return c, err
	}
	ev.CommitmentID = c.ID
	return c, tx.Create(&ev).Error
}

// Commitment returns one commitment.
func (s *Store) Commitment(id uint) (Commitment, error) {
	var c Commitment
	err := s.db.First(&c, id).Error
	return c, mapErr(err)
}

// Events lists the history of a commitment, oldest first (in the order of
// the file, which is the order things happened in).
func (s *Store) Events(commitmentID uint) ([]CommitmentEvent, error) {
	var out []CommitmentEvent
	err := s.db.Where("commitment_id = ?", commitmentID).Order("id").Find(&out).Error
	return out, mapErr(err)
}

// change loads a commitment for an update inside tx. expectVersion 0
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
	return c, nil
}

// save writes every column of c, guarded by the version it had when it was
// read (oldVersion), and its history events in order.
func save(tx *gorm.DB, c *Commitment, oldVersion int, evs ...CommitmentEvent) error {
	res := tx.Model(&Commitment{}).Where("id = ? AND version = ?", c.ID, oldVersion).Select("*").Omit("id").Updates(c)
	if err := stale(tx, res, &Commitment{}, c.ID); err != nil {
		return err
	}
	for i := range evs {
		evs[i].ID = 0 // a retried attempt must not reuse the rolled-back id
		if err := tx.Create(&evs[i]).Error; err != nil {
			return err
		}
	}
	return nil
}

// apply runs one rule function on a promise inside tx and saves the result.
func (s *Store) apply(tx *gorm.DB, id uint, expectVersion int, by uint, rule func(c *Commitment, st Step) (CommitmentEvent, error)) (Commitment, error) {
	c, err := s.change(tx, id, expectVersion, by)
	if err != nil {
		return c, err
	}
	old := c.Version
	ev, err := rule(&c, s.step(by))
	if err != nil {
		return c, err
	}
	return c, save(tx, &c, old, ev)
}

// update runs apply in a write transaction of its own.
func (s *Store) update(id uint, expectVersion int, by uint, rule func(c *Commitment, st Step) (CommitmentEvent, error)) (Commitment, error) {
	var c Commitment
	err := s.write(func(tx *gorm.DB) error {
		var err error
		c, err = s.apply(tx, id, expectVersion, by, rule)
		return err
	})
	return c, err
}

// Reschedule moves an open promise to a new deadline. The calendar UID stays,
// SEQUENCE grows, the reason is kept, and no second commitment is created, so
// the old time disappears everywhere (lesson 3). told says what the customer
// knows of the new date; ToldNotYet leaves them expecting the old one, which
// the warnings show as untold until a delay notice.
func (s *Store) Reschedule(id uint, expectVersion int, by uint, due Due, reason string, told Told) (Commitment, error) {
	return s.update(id, expectVersion, by, func(c *Commitment, st Step) (CommitmentEvent, error) {
		return c.ApplyReschedule(st, due, told, reason)
	})
}

// SetEstimate changes the internal estimate (zero Due clears it).
func (s *Store) SetEstimate(id uint, expectVersion int, by uint, estimate Due) (Commitment, error) {
	return s.update(id, expectVersion, by, func(c *Commitment, st Step) (CommitmentEvent, error) {
		return c.ApplyEstimate(st, estimate)
	})
}

// Complete marks a promise as kept. SEQUENCE grows, so that the calendar
// event can be cancelled (lesson 3: nobody calls at a time already done).
func (s *Store) Complete(id uint, expectVersion int, by uint, note string) (Commitment, error) {
	return s.update(id, expectVersion, by, func(c *Commitment, st Step) (CommitmentEvent, error) {
		return c.ApplyComplete(st, note)
	})
}

// Cancel withdraws a promise. The row stays (status cancelled) and SEQUENCE
// grows, so calendars can be told to remove the event.
func (s *Store) Cancel(id uint, expectVersion int, by uint, reason string) (Commitment, error) {
	return s.update(id, expectVersion, by, func(c *Commitment, st Step) (CommitmentEvent, error) {
		return c.ApplyCancel(st, reason)
	})
}

// Reassign hands an open promise to another salesperson.
func (s *Store) Reassign(id uint, expectVersion int, by uint, newOwner uint, reason string) (Commitment, error) {
	var c Commitment
	err := s.write(func(tx *gorm.DB) error {
		if err := s.checkOwner(tx, newOwner); err != nil {
			return err
		}
		var err error
		c, err = s.apply(tx, id, expectVersion, by, func(c *Commitment, st Step) (CommitmentEvent, error) {
			return c.ApplyReassign(st, newOwner, reason)
		})
		return err
	})
	return c, err
}

// PromiseFilter narrows the list of open promises.
type PromiseFilter struct {
	OwnerID uint
	Kind    string
	// Before limits to deadlines before this moment (zero: no limit).
	Before time.Time
	// From limits to deadlines at or after this moment (zero: no limit),
	// so that "the rest of today" does not read every overdue promise.
	From  time.Time
	Limit int
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
	if !f.From.IsZero() {
		tx = tx.Where("c.due_at >= ?", f.From.Unix())
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
