package data

import (
	"strings"
	"time"

	"gorm.io/gorm"
)

func validChannel(c string) bool {
	for _, x := range Channels {
		if x == c {
			return true
		}
	}
	return false
}

// NewContact is a journal entry about to be logged.
type NewContact struct {
	CustomerID uint
	UserID     uint
	// At defaults to now.
	At        time.Time
	Channel   string
	Direction string
	Summary   string
	Notes     string
	// CommitmentID links the contact to the promise it is about.
	CommitmentID *uint
	// DelayNotice: this contact tells the customer that the promise will
	// slip (lesson 4); requires CommitmentID and clears "silent".
	DelayNotice bool
	// NewDue, with a delay notice, reschedules the promise in the same step.
	NewDue    Due
	ProductID *uint
	Concern   string
}

// LogContact adds a contact to the journal. A contact about an "inform"
// promise completes it: the customer has been told.
func (s *Store) LogContact(n NewContact) (Contact, error) {
	n.Summary = strings.TrimSpace(n.Summary)
	n.Channel = strings.TrimSpace(n.Channel)
	if n.Direction == "" {
		n.Direction = DirOut
	}
	switch {
	case !validChannel(n.Channel):
		return Contact{}, invalid("channel", "%q is not a channel (one of %s)", n.Channel, strings.Join(Channels, ", "))
	case n.Direction != DirIn && n.Direction != DirOut:
		return Contact{}, invalid("direction", "must be in or out")
	case n.Summary == "":
		return Contact{}, invalid("summary", "say in a few words what was said")
	case n.DelayNotice && n.CommitmentID == nil:
		return Contact{}, invalid("about", "a delay notice must name the promise it is about")
	case !n.NewDue.IsZero() && !n.DelayNotice:
		return Contact{}, invalid("due", "a new due date goes with a delay notice")
	}
	at := n.At
	if at.IsZero() {
		at = s.now()
	}
	if at.After(s.now().Add(5 * time.Minute)) {
		return Contact{}, invalid("at", "a contact cannot be logged in the future")
	}
	c := Contact{
		CustomerID: n.CustomerID, UserID: n.UserID, At: At(at), Channel: n.Channel,
		Direction: n.Direction, Summary: n.Summary, Notes: n.Notes, CommitmentID: n.CommitmentID,
		DelayNotice: n.DelayNotice, ProductID: n.ProductID, Concern: strings.TrimSpace(n.Concern), Version: 1,
	}
	now := At(s.now())
	c.CreatedAt, c.UpdatedAt = now, now
	err := s.write(func(tx *gorm.DB) error {
		if _, err := s.activeCustomer(tx, n.CustomerID); err != nil {
			return err
		}
		if err := s.checkUser(tx, "by", n.UserID); err != nil {
			return err
		}
		var about Commitment
		if n.CommitmentID != nil {
			if err := tx.First(&about, *n.CommitmentID).Error; err != nil {
				return invalid("about", "promise #%d does not exist", *n.CommitmentID)
			}
			if about.CustomerID != n.CustomerID {
				return invalid("about", "promise #%d belongs to another customer", about.ID)
			}
			if n.DelayNotice && about.Status != StatusOpen {
				return invalid("about", "promise #%d is already %s", about.ID, about.Status)
			}
		}
		if n.ProductID != nil {
			var cnt int64
			if err := tx.Model(&Product{}).Where("id = ?", *n.ProductID).Count(&cnt).Error; err != nil {
				return err
			}
			if cnt == 0 {
				return invalid("product", "product #%d does not exist", *n.ProductID)
			}
		}
		c.ID = 0 // a retried attempt must not reuse the rolled-back id
		if err := tx.Create(&c).Error; err != nil {
			return err
		}
		if err := tx.Model(&Customer{}).Where("id = ? AND (last_contact_at IS NULL OR last_contact_at < ?)", c.CustomerID, c.At).
			Update("last_contact_at", c.At).Error; err != nil {
			return err
		}
		if n.CommitmentID == nil {
			return nil
		}
		if n.DelayNotice {
			if !n.NewDue.IsZero() {
				var err error
				if about, err = s.rescheduleTx(tx, about.ID, 0, n.UserID, n.NewDue, "delay notice: "+n.Summary); err != nil {
					return err
				}
			}
			// A notice that comes with the new date covers the new schedule;
			// a back-dated one counts only from when it was given.
			told := c.At
			if !n.NewDue.IsZero() {
				told = about.ScheduledAt
			}
			if told.Before(about.ToldAt.Time) {
				told = about.ToldAt
			}
			if err := save(tx, &about, map[string]any{"told_at": told, "updated_at": now}); err != nil {
				return err
			}
			ev := CommitmentEvent{CommitmentID: about.ID, CustomerID: about.CustomerID, Type: EventInformed, At: c.At, ByID: n.UserID, Reason: n.Summary}
			return tx.Create(&ev).Error
		}
		if about.Kind == KindInform && about.Status == StatusOpen {
			_, err := s.completeTx(tx, about.ID, 0, n.UserID, n.Summary)
			return err
		}
		return nil
	})
	return c, err
}

// EditContact corrects the text of a journal entry; the earlier text is kept
// as a revision, so nothing said is silently lost.
func (s *Store) EditContact(id uint, expectVersion int, by uint, summary, notes string) (Contact, error) {
	summary = strings.TrimSpace(summary)
	if summary == "" {
		return Contact{}, invalid("summary", "say in a few words what was said")
	}
	var c Contact
	err := s.write(func(tx *gorm.DB) error {
		if err := tx.First(&c, id).Error; err != nil {
			return err
		}
		if err := s.checkUser(tx, "by", by); err != nil {
			return err
		}
		if c.Version != expectVersion {
			return ErrConflict
		}
		rev := ContactRevision{ContactID: c.ID, Summary: c.Summary, Notes: c.Notes, EditedBy: by, EditedAt: At(s.now())}
		if err := tx.Create(&rev).Error; err != nil {
			return err
		}
		res := tx.Model(&Contact{}).Where("id = ? AND version = ?", id, expectVersion).Updates(map[string]any{
			"summary": summary, "notes": notes, "version": expectVersion + 1, "updated_at": At(s.now()),
		})
		if err := stale(tx, res, &Contact{}, id); err != nil {
			return err
		}
		return tx.First(&c, id).Error
	})
	return c, err
}

// Revisions lists the earlier texts of a contact, oldest first.
func (s *Store) Revisions(contactID uint) ([]ContactRevision, error) {
	var out []ContactRevision
	err := s.db.Where("contact_id = ?", contactID).Order("id").Find(&out).Error
	return out, mapErr(err)
}

// Contact returns one journal entry.
func (s *Store) Contact(id uint) (Contact, error) {
	var c Contact
	err := s.db.First(&c, id).Error
	return c, mapErr(err)
}
