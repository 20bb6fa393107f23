package data

import (
	"strings"
	"time"

	"gorm.io/gorm"
)

// DraftRequest asks for a ready message.
type DraftRequest struct {
	Kind DraftKind
	// CommitmentID is the promise the message is about (delay, callback,
	// notice); for an intro it names the customer too.
	CommitmentID uint
	// CustomerID is the customer of an intro.
	CustomerID uint
	// Lang overrides the customer's language ("" keeps it).
	Lang string
	// NewDue is the new date a delay notice announces (zero: none yet).
	NewDue Due
}

// Draft is a ready message to a customer, composed from the team's
// template in the customer's language.
type Draft struct {
	Kind         DraftKind
	Lang         string
	CustomerID   uint
	CommitmentID uint
	NoticeID     uint
	// To is the customer's e-mail ("" when none is on file).
	To      string
	Subject string
	Body    string
	// Mailto is the mailto: address within MailtoLimit; MailtoComplete is
	// false when the body did not fit and was left out of it.
	Mailto         string
	MailtoComplete bool
	// Owner is the salesperson the message names (lesson 1).
	Owner User
	// Due is the date the customer heard; NewDue the one announced;
	// Deadline the promise's current deadline.
	Due, NewDue, Deadline Due
	// Customer is the customer's name; Promise and PromiseKind the title
	// and kind of the promise the message is about ("" for an intro).
	Customer    string
	Promise     string
	PromiseKind string
}

// Draft composes a ready message: for a delay notice, a first contact, a
// callback confirmation or a product notice. It reads only; nothing is
// logged until SendDraft.
func (s *Store) Draft(r DraftRequest) (Draft, error) {
	var d Draft
	if _, err := ParseDraftKind(string(r.Kind)); err != nil {
		return d, err
	}
	if r.Lang != "" {
		l, err := cleanLanguage("lang", r.Lang, false)
		if err != nil {
			return d, err
		}
		r.Lang = l
	}
	f, d, err := s.draftFacts(s.db, r)
	if err != nil {
		return d, err
	}
	t, err := s.template(s.db, r.Kind, f.Lang)
	if err != nil {
		return d, err
	}
	d.Subject, d.Body = Compose(t.Subject, t.Body, f)
	d.Mailto, d.MailtoComplete = MailtoFit(d.To, d.Subject, d.Body)
	return d, nil
}

// draftFacts gathers what the message may say, and the Draft's frame.
func (s *Store) draftFacts(tx *gorm.DB, r DraftRequest) (DraftFacts, Draft, error) {
	d := Draft{Kind: r.Kind}
	var c Commitment
	custID := r.CustomerID
	switch {
	case r.CommitmentID != 0:
		if err := tx.First(&c, r.CommitmentID).Error; err != nil {
			return DraftFacts{}, d, mapErr(err)
		}
		if custID != 0 && custID != c.CustomerID {
			return DraftFacts{}, d, invalid("commitment", CodeMismatch).id(c.ID)
		}
		custID = c.CustomerID
	case r.Kind != DraftIntro:
		return DraftFacts{}, d, invalid("commitment", CodeRequired)
	case custID == 0:
		return DraftFacts{}, d, invalid("customer", CodeRequired)
	}
	switch r.Kind {
	case DraftDelay:
		if c.Status != StatusOpen {
			return DraftFacts{}, d, invalid("commitment", CodeNotOpen).id(c.ID).val(c.Status)
		}
		if c.Kind == KindStanding {
			return DraftFacts{}, d, invalid("commitment", CodeNotAllowed).id(c.ID)
		}
	case DraftCallback:
		if c.Kind != KindCallback && c.Kind != KindVisit {
			return DraftFacts{}, d, invalid("kind", CodeWrongKind).id(c.ID).val(c.Kind)
		}
		if c.Status != StatusOpen {
			return DraftFacts{}, d, invalid("commitment", CodeNotOpen).id(c.ID).val(c.Status)
		}
	case DraftNotice:
		if c.NoticeID == nil {
			return DraftFacts{}, d, invalid("kind", CodeWrongKind).id(c.ID).val(c.Kind)
		}
	}
	var cu Customer
	if err := tx.First(&cu, custID).Error; err != nil {
		return DraftFacts{}, d, mapErr(err)
	}
	var set TeamSettings
	var err error
	if set, err = s.settingsTx(tx); err != nil {
		return DraftFacts{}, d, err
	}
	lang := r.Lang
	if lang == "" {
		lang = cu.Language
	}
	if lang == "" {
		lang = set.CustomerLanguage
	}
	ownerID := cu.OwnerID
	if c.ID != 0 && r.Kind != DraftIntro {
		ownerID = c.OwnerID
	}
	var owner User
	if err := tx.First(&owner, ownerID).Error; err != nil {
		return DraftFacts{}, d, mapErr(err)
	}
	f := DraftFacts{Kind: r.Kind, Lang: lang, Customer: cu.Name, Company: cu.Company,
		Owner: owner.Name, OwnerPhone: owner.Phone, OwnerEmail: owner.Email, Loc: s.Loc}
	d.Lang, d.CustomerID, d.To, d.Owner, d.Customer = lang, cu.ID, cu.Email, owner, cu.Name
	if r.Kind != DraftIntro {
		d.CommitmentID = c.ID
		d.PromiseKind, d.Promise = c.Kind, c.Title
		f.Promise, f.PromiseKind = c.Title, c.Kind
		d.Deadline = DueOf(c, s.Loc)
		// What was promised is the date the customer heard, which after a
		// reschedule they were not told of is not the deadline.
		f.Due = d.Deadline
		if !c.ToldDueAt.IsZero() {
			f.Due = DueOf(Commitment{DueAt: c.ToldDueAt, DueDate: c.ToldDueDate}, s.Loc)
		}
		d.Due = f.Due
	}
	if r.Kind == DraftDelay {
		// A deadline moved without telling the customer is the new date
		// the notice announces, unless another one is given.
		f.NewDue = r.NewDue
		if f.NewDue.IsZero() && c.Untold() {
			f.NewDue = d.Deadline
		}
		d.NewDue = f.NewDue
	}
	if r.Kind == DraftNotice {
		var n Notice
		if err := tx.First(&n, *c.NoticeID).Error; err != nil {
			return DraftFacts{}, d, mapErr(err)
		}
		d.NoticeID = n.ID
		f.Notice, f.NoticeText = n.Title, n.Description
		var p Product
		if err := tx.First(&p, n.ProductID).Error; err != nil {
			return DraftFacts{}, d, mapErr(err)
		}
		f.Product = p.Name
		if f.Lots, err = s.customerLots(tx, cu.ID, n); err != nil {
			return DraftFacts{}, d, err
		}
		// The notice's deadline is the team's, not a date the customer heard.
		f.Due, d.Due = Due{}, Due{}
	}
	return f, d, nil
}

// customerLots are the lots of the notice's product this customer bought
// that the notice names.
func (s *Store) customerLots(tx *gorm.DB, customerID uint, n Notice) ([]string, error) {
	spec, err := ParseLots(n.Lot)
	if err != nil {
		return nil, err
	}
	var lots []string
	if err := tx.Model(&Purchase{}).Where("customer_id = ? AND product_id = ? AND lot <> ''", customerID, n.ProductID).
		Order("lot").Distinct().Pluck("lot", &lots).Error; err != nil {
		return nil, mapErr(err)
	}
	var out []string
	for _, l := range lots {
		if spec.Match(l) {
			out = append(out, l)
		}
	}
	return out, nil
}

// SentDraft is a ready message the salesperson sent (handed to the mail
// program or copied), as it was finally worded.
type SentDraft struct {
	Draft  Draft
	UserID uint
	// Subject and Body as sent (edited or not).
	Subject, Body string
	// NewDue moves the promise with a delay notice, in the same step.
	NewDue Due
	// At defaults to now.
	At time.Time
}

// SendDraft logs a sent message as an outgoing e-mail in the journal: the
// subject as the summary, the text as the notes. A delay notice is logged as
// the delay notice of its promise (with the new date, if any), a product
// notice marks the customer as told, a callback confirmation is a contact
// about the callback. One operation, one transaction: exactly one contact.
func (s *Store) SendDraft(sd SentDraft) (Contact, error) {
	n := NewContact{CustomerID: sd.Draft.CustomerID, UserID: sd.UserID, At: sd.At, Channel: "email",
		Direction: DirOut, Summary: strings.TrimSpace(sd.Subject), Notes: strings.TrimSpace(sd.Body)}
	if sd.Draft.Kind != DraftIntro && sd.Draft.CommitmentID != 0 {
		id := sd.Draft.CommitmentID
		n.CommitmentID = &id
	}
	if sd.Draft.Kind == DraftDelay {
		n.DelayNotice = true
		// Announcing the deadline the promise already has moves nothing:
		// the notice itself makes it the date the customer heard.
		if !sd.NewDue.IsZero() && !sameDue(sd.NewDue, sd.Draft.Deadline, s.Loc) {
			n.NewDue = sd.NewDue
		}
	} else if !sd.NewDue.IsZero() {
		return Contact{}, invalid("new_due", CodeNotAllowed)
	}
	if n.Summary == "" {
		return Contact{}, invalid("subject", CodeRequired)
	}
	return s.LogContact(n)
}

// sameDue reports whether two deadlines pass at the same moment and are
// both all-day or both timed.
func sameDue(a, b Due, loc *time.Location) bool {
	return a.AllDay == b.AllDay && a.End(loc).Equal(b.End(loc))
}
