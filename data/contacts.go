package data

import (
	"errors"
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
	// At defaults to now (the shared clock).
	At        time.Time
	Channel   string
	Direction string
	Summary   string
	Notes     string
	// CommitmentID links the contact to the promise it is about.
	CommitmentID *uint
	// DelayNotice: this contact tells the customer that the promise will
	// slip (lesson 4); requires CommitmentID and clears "silent" and
	// "untold".
	DelayNotice bool
	// NewDue, with a delay notice, reschedules the promise in the same step;
	// the customer has been told the new date.
	NewDue Due
	// ToldNewDate: the contact about the promise told the customer its
	// current deadline (after a reschedule they had not heard of).
	ToldNewDate bool
	ProductID   *uint
	Concern     string
}

// contactFutureSlack is how far ahead of the shared clock a contact may be
// logged: a few minutes of clock noise, not tomorrow's call.
const contactFutureSlack = 5 * time.Minute

// LogContact adds a contact to the journal. A contact about an "inform"
// promise completes it: the customer has been told.
func (s *Store) LogContact(n NewContact) (Contact, error) {
	if err := cleanTexts(textField{"summary", &n.Summary}, textField{"notes", &n.Notes}, textField{"concern", &n.Concern}); err != nil {
		return Contact{}, err
	}
	n.Channel = strings.TrimSpace(n.Channel)
	if n.Direction == "" {
		n.Direction = DirOut
	}
	switch {
	case !validChannel(n.Channel):
		return Contact{}, invalid("channel", CodeInvalid).val(n.Channel)
	case n.Direction != DirIn && n.Direction != DirOut:
		return Contact{}, invalid("direction", CodeInvalid).val(n.Direction)
	case n.Summary == "":
		return Contact{}, invalid("summary", CodeRequired)
	case (n.DelayNotice || n.ToldNewDate) && n.CommitmentID == nil:
		return Contact{}, invalid("about", CodeRequired)
	case !n.NewDue.IsZero() && !n.DelayNotice:
		return Contact{}, invalid("new_due", CodeNotAllowed)
	}
	var c Contact
	err := s.write(func(tx *gorm.DB) error {
		now := s.SharedNow()
		at := n.At
		if at.IsZero() {
			at = now
		}
		switch {
		case at.After(now.Add(contactFutureSlack)):
			return invalid("at", CodeInFuture)
		case at.Before(EarliestDate):
			return &ValidationError{Field: "at", Code: CodeTooEarly, Limit: EarliestDate}
		}
		c = Contact{
			CustomerID: n.CustomerID, UserID: n.UserID, At: At(at), Channel: n.Channel,
			Direction: n.Direction, Summary: n.Summary, Notes: n.Notes, CommitmentID: n.CommitmentID,
			DelayNotice: n.DelayNotice, ProductID: n.ProductID, Concern: strings.TrimSpace(n.Concern), Version: 1,
			CreatedAt: At(now), UpdatedAt: At(now),
		}
		if _, err := s.activeCustomer(tx, n.CustomerID); err != nil {
			return err
		}
		if err := s.checkUser(tx, "by", n.UserID); err != nil {
			return err
		}
		var about Commitment
		if n.CommitmentID != nil {
			if err := tx.First(&about, *n.CommitmentID).Error; err != nil {
				if errors.Is(err, gorm.ErrRecordNotFound) {
					return invalid("about", CodeUnknown).id(*n.CommitmentID)
				}
				return err
			}
			if about.CustomerID != n.CustomerID {
				return invalid("about", CodeMismatch).id(about.ID)
			}
			if (n.DelayNotice || n.ToldNewDate) && about.Status != StatusOpen {
				return invalid("about", CodeNotOpen).id(about.ID).val(about.Status)
			}
		}
		if n.ProductID != nil {
			var cnt int64
			if err := tx.Model(&Product{}).Where("id = ?", *n.ProductID).Count(&cnt).Error; err != nil {
				return err
			}
			if cnt == 0 {
				return invalid("product", CodeUnknown).id(*n.ProductID)
			}
		}
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
		return s.contactAbout(tx, &about, n, c.At.Time)
	})
	if err != nil {
		return Contact{}, err
	}
	return c, nil
}

// contactAbout applies what a contact about a promise means to it: a delay
// notice (with a new date, a reschedule the customer has been told), a told
// date, or — for an "inform" promise — that the customer has been informed.
func (s *Store) contactAbout(tx *gorm.DB, about *Commitment, n NewContact, at time.Time) error {
	st := s.step(n.UserID)
	old := about.Version
	about.ApplyContactAbout(at)
	var evs []CommitmentEvent
	switch {
	case n.DelayNotice:
		if !n.NewDue.IsZero() {
			ev, err := about.ApplyReschedule(st, n.NewDue, ToldCustomer, n.Summary)
			var ve *ValidationError
			if errors.As(err, &ve) && ve.Field == "due" {
				ve.Field = "new_due"
			}
			if err != nil {
				return err
			}
			evs = append(evs, ev)
		}
		ev, err := about.ApplyDelayNotice(st, at, n.Summary)
		if err != nil {
			return err
		}
		evs = append(evs, ev)
	case n.ToldNewDate:
		if err := about.ApplyToldDate(st); err != nil {
			return err
		}
	case about.Kind == KindInform && about.Status == StatusOpen:
		ev, err := about.ApplyComplete(st, n.Summary)
		if err != nil {
			return err
		}
		evs = append(evs, ev)
	}
	for i := range evs {
		evs[i].CommitmentID = about.ID
	}
	return save(tx, about, old, evs...)
}

// EditContact corrects the text of a journal entry; the earlier text is kept
// as a revision, so nothing said is silently lost.
func (s *Store) EditContact(id uint, expectVersion int, by uint, summary, notes string) (Contact, error) {
	if err := cleanTexts(textField{"summary", &summary}, textField{"notes", &notes}); err != nil {
		return Contact{}, err
	}
	if summary == "" {
		return Contact{}, invalid("summary", CodeRequired)
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
