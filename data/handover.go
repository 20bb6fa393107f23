package data

import (
	"time"

	"gorm.io/gorm"
)

// HandoverKeep is how long a promise handed to someone else is offered to
// its previous owner for removal from their calendar.
const HandoverKeep = 30 * 24 * time.Hour

// Handover is a promise that was handed from one salesperson to another:
// an invite the previous owner imported still sits in their calendar, with
// its alarm, until they import the cancellation (lesson 3). A feed drops it
// by itself.
type Handover struct {
	// EventID is the reassigned event; a handover is dealt with per event.
	EventID      uint
	At           Stamp
	CommitmentID uint
	Kind         string
	Title        string
	Status       string
	DueAt        Stamp
	DueDate      string
	Customer     string
	Company      string
	// NewOwnerName is who has the promise now.
	NewOwnerName string
}

// Handovers lists the promises taken away from userID in the last
// HandoverKeep (newest handover first) that userID has not yet removed from
// their calendar: only the newest handover of each promise counts, and not
// when the promise has come back to them.
func (s *Store) Handovers(userID uint, now time.Time) ([]Handover, error) {
	var out []Handover
	// idx_events_handed_over finds the few reassigned events of one previous
	// owner; the rest are lookups by primary key.
	err := s.db.Raw(`SELECT e.id AS event_id, e.at, c.id AS commitment_id, c.kind, c.title, c.status,
			c.due_at, c.due_date, cu.name AS customer, cu.company, u.name AS new_owner_name
		FROM commitment_events e
		JOIN commitments c ON c.id = e.commitment_id
		JOIN customers cu ON cu.id = c.customer_id
		JOIN users u ON u.id = c.owner_id
		WHERE e.type = 'reassigned' AND e.old_owner_id = ? AND e.at >= ?
			AND c.owner_id <> ? AND c.due_at IS NOT NULL
			AND e.id = (SELECT max(x.id) FROM commitment_events x WHERE x.commitment_id = c.id AND x.type = 'reassigned')
			AND NOT EXISTS (SELECT 1 FROM calendar_removals r WHERE r.user_id = ? AND r.event_id = e.id)
		ORDER BY e.at DESC, e.id DESC`,
		userID, now.Add(-HandoverKeep).Unix(), userID, userID).Scan(&out).Error
	return out, mapErr(err)
}

// HandoverDone records that userID has dealt with a handover (imported the
// cancellation, or had nothing to remove), so it is no longer offered.
func (s *Store) HandoverDone(userID, eventID uint) error {
	return s.write(func(tx *gorm.DB) error {
		var ev CommitmentEvent
		if err := tx.First(&ev, eventID).Error; err != nil {
			return err
		}
		if ev.Type != EventReassigned || ev.OldOwnerID == nil || *ev.OldOwnerID != userID {
			// Only the previous owner clears a handover from their list.
			return invalid("event", CodeNotAllowed).id(eventID)
		}
		return tx.Exec(`INSERT INTO calendar_removals(user_id, event_id, at) VALUES (?, ?, ?)
			ON CONFLICT(user_id, event_id) DO NOTHING`, userID, eventID, At(s.now())).Error
	})
}

// PreviousOwner is the salesperson who owned a promise before its newest
// handover: whose calendar the cancellation of a handed-over promise is for.
func (s *Store) PreviousOwner(commitmentID uint) (User, error) {
	var ids []uint
	err := s.db.Raw(`SELECT old_owner_id FROM commitment_events
		WHERE commitment_id = ? AND type = 'reassigned' AND old_owner_id IS NOT NULL
		ORDER BY id DESC LIMIT 1`, commitmentID).Scan(&ids).Error
	if err != nil {
		return User{}, mapErr(err)
	}
	if len(ids) == 0 {
		if _, err := s.Commitment(commitmentID); err != nil {
			return User{}, err
		}
		return User{}, invalid("commitment", CodeNotHandedOver).id(commitmentID)
	}
	return s.User(ids[0])
}
