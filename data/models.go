package data

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// Stamp is a moment stored as Unix seconds, so that SQLite indexes and
// compares it as a number. The zero Stamp is stored as NULL.
type Stamp struct{ time.Time }

// At wraps t as a Stamp truncated to whole seconds in UTC.
func At(t time.Time) Stamp {
	if t.IsZero() {
		return Stamp{}
	}
	return Stamp{time.Unix(t.Unix(), 0).UTC()}
}

// Value implements driver.Valuer.
func (s Stamp) Value() (driver.Value, error) {
	if s.IsZero() {
		return nil, nil
	}
	return s.Unix(), nil
}

// Scan implements sql.Scanner.
func (s *Stamp) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		s.Time = time.Time{}
	case int64:
		s.Time = time.Unix(x, 0).UTC()
	case float64:
		s.Time = time.Unix(int64(x), 0).UTC()
	default:
		return fmt.Errorf("stamp: cannot scan %T", v)
	}
	return nil
}

// unix returns the stored number for s, or nil for the zero Stamp; handy as a
// query argument.
func (s Stamp) unix() any {
	if s.IsZero() {
		return nil
	}
	return s.Unix()
}

// User is a salesperson.
type User struct {
	ID        uint   `gorm:"primaryKey" json:"id"`
	Name      string `gorm:"not null" json:"name"`
	Email     string `gorm:"not null;uniqueIndex" json:"email"`
	Phone     string `json:"phone"`
	Archived  bool   `gorm:"not null;default:false" json:"archived"`
	Version   int    `gorm:"not null;default:1" json:"version"`
	CreatedAt Stamp  `gorm:"type:integer;autoCreateTime:false" json:"created_at"`
	UpdatedAt Stamp  `gorm:"type:integer;autoUpdateTime:false" json:"updated_at"`
}

// Customer is an account; it always has exactly one owner (lesson 1).
type Customer struct {
	ID            uint   `gorm:"primaryKey" json:"id"`
	Name          string `gorm:"not null" json:"name"`
	Company       string `json:"company"`
	Email         string `gorm:"index" json:"email"`
	Phone         string `json:"phone"`
	Address       string `json:"address"`
	Notes         string `json:"notes"`
	OwnerID       uint   `gorm:"not null;index" json:"owner_id"`
	Archived      bool   `gorm:"not null;default:false" json:"archived"`
	Version       int    `gorm:"not null;default:1" json:"version"`
	CreatedAt     Stamp  `gorm:"type:integer;autoCreateTime:false" json:"created_at"`
	UpdatedAt     Stamp  `gorm:"type:integer;autoUpdateTime:false" json:"updated_at"`
	LastContactAt Stamp  `gorm:"type:integer" json:"last_contact_at"`
	// Language is what messages to the customer are written in: LangDE or
	// LangEN, or "" for the team's default (TeamSettings.CustomerLanguage).
	Language string `gorm:"not null;default:''" json:"language"`
	// ImportID is the import that created the customer, nil when added by hand.
	ImportID *uint `json:"import_id"`
}

// Contact is one entry of the contact journal.
type Contact struct {
	ID           uint   `gorm:"primaryKey" json:"id"`
	CustomerID   uint   `gorm:"not null;index:idx_contacts_customer_at,priority:1" json:"customer_id"`
	UserID       uint   `gorm:"not null;index" json:"user_id"`
	At           Stamp  `gorm:"type:integer;not null;index:idx_contacts_customer_at,priority:2" json:"at"`
	Channel      string `gorm:"not null" json:"channel"`
	Direction    string `gorm:"not null" json:"direction"`
	Summary      string `gorm:"not null" json:"summary"`
	Notes        string `json:"notes"`
	CommitmentID *uint  `gorm:"index" json:"commitment_id"`
	DelayNotice  bool   `gorm:"not null;default:false" json:"delay_notice"`
	ProductID    *uint  `gorm:"index" json:"product_id"`
	Concern      string `json:"concern"`
	Version      int    `gorm:"not null;default:1" json:"version"`
	CreatedAt    Stamp  `gorm:"type:integer;autoCreateTime:false" json:"created_at"`
	UpdatedAt    Stamp  `gorm:"type:integer;autoUpdateTime:false" json:"updated_at"`
}

// ContactRevision keeps the earlier text of an edited contact.
type ContactRevision struct {
	ID        uint   `gorm:"primaryKey"`
	ContactID uint   `gorm:"not null;index"`
	Summary   string `gorm:"not null"`
	Notes     string
	EditedBy  uint  `gorm:"not null"`
	EditedAt  Stamp `gorm:"type:integer;not null"`
}

// Commitment kinds.
const (
	KindCallback = "callback"
	KindAnswer   = "answer"
	KindOffer    = "offer"
	KindDelivery = "delivery"
	KindDocument = "document"
	KindVisit    = "visit"
	KindInform   = "inform"
	KindStanding = "standing"
	KindOther    = "other"
)

// Kinds lists every commitment kind in the order the UI offers them.
var Kinds = []string{KindCallback, KindAnswer, KindOffer, KindDelivery, KindDocument, KindVisit, KindInform, KindStanding, KindOther}

// Commitment statuses.
const (
	StatusOpen      = "open"
	StatusDone      = "done"
	StatusCancelled = "cancelled"
)

// Channels lists every contact channel.
var Channels = []string{"phone", "email", "meeting", "video", "letter", "webform", "chat", "other"}

// Contact directions.
const (
	DirIn  = "in"
	DirOut = "out"
)

// Commitment is a promise made to a customer.
type Commitment struct {
	ID         uint   `gorm:"primaryKey" json:"id"`
	CustomerID uint   `gorm:"not null;index:idx_commitments_customer_status,priority:1" json:"customer_id"`
	OwnerID    uint   `gorm:"not null;index:idx_commitments_owner_status_due,priority:1" json:"owner_id"`
	Kind       string `gorm:"not null" json:"kind"`
	Title      string `gorm:"not null" json:"title"`
	Details    string `json:"details"`
	PromisedAt Stamp  `gorm:"type:integer;not null" json:"promised_at"`
	// DueAt is the deadline moment; for an all-day promise the end of DueDate
	// in the team's time zone. Zero for standing promises.
	DueAt Stamp `gorm:"type:integer;index:idx_commitments_status_due,priority:2;index:idx_commitments_owner_status_due,priority:3" json:"due_at"`
	// DueDate is YYYY-MM-DD for an all-day promise, empty otherwise.
	DueDate    string `json:"due_date"`
	EstimateAt Stamp  `gorm:"type:integer" json:"estimate_at"`
	Status     string `gorm:"not null;index:idx_commitments_status_due,priority:1;index:idx_commitments_owner_status_due,priority:2;index:idx_commitments_customer_status,priority:2" json:"status"`
	DoneAt     Stamp  `gorm:"type:integer" json:"done_at"`
	UID        string `gorm:"not null;uniqueIndex" json:"uid"`
	Sequence   int    `gorm:"not null;default:0" json:"sequence"`
	Version    int    `gorm:"not null;default:1" json:"version"`
	// ToldDueAt and ToldDueDate are the deadline the customer last heard
	// (lesson 4): the same as DueAt/DueDate until a reschedule the customer
	// has not been told about; a delay notice makes them one again.
	ToldDueAt   Stamp  `gorm:"type:integer" json:"told_due_at"`
	ToldDueDate string `json:"told_due_date"`
	// ScheduledAt is when the current deadline was set (promise or last
	// reschedule); ToldAt when the customer last got a delay notice. They are
	// shown to people; which came first is decided by ScheduledVer and
	// ToldVer, the promise's own version counter at those moments, because
	// desktops' clocks differ (docs/design.md, "Order, not clocks").
	ScheduledAt  Stamp `gorm:"type:integer" json:"scheduled_at"`
	ToldAt       Stamp `gorm:"type:integer" json:"told_at"`
	ScheduledVer int   `gorm:"not null;default:0" json:"scheduled_ver"`
	ToldVer      int   `gorm:"not null;default:0" json:"told_ver"`
	// AboutAt is the moment of the latest contact about this promise.
	AboutAt   Stamp `gorm:"type:integer" json:"about_at"`
	NoticeID  *uint `gorm:"index" json:"notice_id"`
	CreatedAt Stamp `gorm:"type:integer;autoCreateTime:false" json:"created_at"`
	UpdatedAt Stamp `gorm:"type:integer;autoUpdateTime:false" json:"updated_at"`
}

// AllDay reports whether the deadline is a date without a time.
func (c Commitment) AllDay() bool { return c.DueDate != "" }

// Untold reports whether the deadline differs from the one the customer
// last heard.
func (c Commitment) Untold() bool {
	return c.Status == StatusOpen && !c.DueAt.IsZero() && !c.ToldDueAt.Equal(c.DueAt.Time)
}

// Informed reports whether the customer got a delay notice for the current
// deadline (after it was last set, in the order of the file).
func (c Commitment) Informed() bool { return c.ToldVer > 0 && c.ToldVer >= c.ScheduledVer }

// Commitment event types.
const (
	EventCreated     = "created"
	EventRescheduled = "rescheduled"
	EventReassigned  = "reassigned"
	EventInformed    = "informed"
	EventDone        = "done"
	EventCancelled   = "cancelled"
	EventEstimated   = "estimated"
)

// CommitmentEvent is one step in the history of a commitment.
type CommitmentEvent struct {
	ID           uint   `gorm:"primaryKey" json:"id"`
	CommitmentID uint   `gorm:"not null;index" json:"commitment_id"`
	CustomerID   uint   `gorm:"not null;index:idx_events_customer_at,priority:1" json:"customer_id"`
	Type         string `gorm:"not null" json:"type"`
	At           Stamp  `gorm:"type:integer;not null;index:idx_events_customer_at,priority:2" json:"at"`
	ByID         uint   `gorm:"not null" json:"by_id"`
	OldDue       Stamp  `gorm:"type:integer" json:"old_due"`
	NewDue       Stamp  `gorm:"type:integer" json:"new_due"`
	// OldDueDate and NewDueDate are set when that deadline was all-day.
	OldDueDate string `json:"old_due_date"`
	NewDueDate string `json:"new_due_date"`
	OldOwnerID *uint  `json:"old_owner_id"`
	NewOwnerID *uint  `json:"new_owner_id"`
	Reason     string `json:"reason"`
	// Told says, for a reschedule, what the customer knows of the new date.
	Told Told `json:"told"`
}

// Import kinds.
const (
	ImportKindCustomers = "customers"
	ImportKindPurchases = "purchases"
)

// Import is one run of an import: who, when, from which file, how many
// rows it wrote and rejected, and whether it was taken back. Every record
// an import creates carries its id.
type Import struct {
	ID     uint   `gorm:"primaryKey" json:"id"`
	Kind   string `gorm:"not null" json:"kind"`
	Source string `json:"source"`
	// ByID is who ran the import; nil for a purchase list imported by a
	// script that named nobody (zusage import --purchases without --by,
	// as before imports were recorded) — the record says so.
	ByID       *uint `json:"by_id"`
	StartedAt  Stamp `gorm:"type:integer;not null" json:"started_at"`
	FinishedAt Stamp `gorm:"type:integer" json:"finished_at"`
	Imported   int   `gorm:"not null" json:"imported"`
	Rejected   int   `gorm:"not null" json:"rejected"`
	UndoneAt   Stamp `gorm:"type:integer" json:"undone_at"`
	UndoneBy   *uint `json:"undone_by"`
}

// Customer event types.
const (
	// CustomerCreated: the customer was added (by hand or by an import).
	CustomerCreated = "created"
	// CustomerChanged: one field changed from OldValue to NewValue.
	CustomerChanged = "changed"
	// CustomerHandedOver: the account moved from OldOwnerID to NewOwnerID.
	CustomerHandedOver = "handed_over"
	// CustomerArchived and CustomerUnarchived hide and show the customer.
	CustomerArchived   = "archived"
	CustomerUnarchived = "unarchived"
)

// CustomerEvent is one entry of a customer's own journal: what changed
// about the customer, who did it and when.
type CustomerEvent struct {
	ID         uint   `gorm:"primaryKey" json:"id"`
	CustomerID uint   `gorm:"not null" json:"customer_id"`
	Type       string `gorm:"not null" json:"type"`
	// Field is the customer field of a CustomerChanged event ("phone").
	Field      string `json:"field"`
	OldValue   string `json:"old_value"`
	NewValue   string `json:"new_value"`
	OldOwnerID *uint  `json:"old_owner_id"`
	NewOwnerID *uint  `json:"new_owner_id"`
	At         Stamp  `gorm:"type:integer;not null" json:"at"`
	ByID       uint   `gorm:"not null" json:"by_id"`
	// ImportID is set for the events an import or its undo wrote.
	ImportID *uint  `json:"import_id"`
	Reason   string `json:"reason"`
}

// Product is something customers buy.
type Product struct {
	ID        uint   `gorm:"primaryKey" json:"id"`
	Name      string `gorm:"not null;uniqueIndex" json:"name"`
	CreatedAt Stamp  `gorm:"type:integer;autoCreateTime:false" json:"created_at"`
}

// Purchase records that a customer bought a product (date, lot).
type Purchase struct {
	ID         uint   `gorm:"primaryKey" json:"id"`
	CustomerID uint   `gorm:"not null;index" json:"customer_id"`
	ProductID  uint   `gorm:"not null;index" json:"product_id"`
	Date       string `json:"date"`
	Lot        string `json:"lot"`
	CreatedAt  Stamp  `gorm:"type:integer;autoCreateTime:false" json:"created_at"`
	// ImportID is the import that recorded the purchase; Archived is set
	// when that import was taken back.
	ImportID *uint `json:"import_id"`
	Archived bool  `gorm:"not null;default:false" json:"archived"`
}

// Notice is a proactive outreach campaign about a product (lesson 6).
type Notice struct {
	ID          uint   `gorm:"primaryKey" json:"id"`
	Title       string `gorm:"not null" json:"title"`
	ProductID   uint   `gorm:"not null;index" json:"product_id"`
	Description string `json:"description"`
	Risk        string `json:"risk"`
	Lot         string `json:"lot"`
	ByID        uint   `gorm:"not null" json:"by_id"`
	DueDays     int    `json:"due_days"`
	CreatedAt   Stamp  `gorm:"type:integer;autoCreateTime:false" json:"created_at"`
}

// Setting is one team setting, stored as a key and a text value.
type Setting struct {
	Key   string `gorm:"primaryKey"`
	Value string `gorm:"not null"`
}
