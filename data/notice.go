package data

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// LotSpec selects lots of a product: a list of single lots and ranges such
// as "14,15" or "14-17" or "L14–L17". The zero LotSpec selects every lot.
type LotSpec struct {
	items []lotItem
}

type lotItem struct {
	literal string // lower-case, trimmed
	// A range: same prefix, numeric suffix from..to.
	isRange  bool
	prefix   string
	from, to uint64
}

// ParseLots reads a lot selection. A range needs both ends to end in a number
// with the same text before it ("14-17", "L14-L17", "L2601-100 – L2601-300");
// anything else is taken as one lot name, so "2024-A" still names a single lot.
func ParseLots(spec string) (LotSpec, error) {
	var out LotSpec
	spec = strings.TrimSpace(spec)
	if spec == "" {
		return out, nil
	}
	for _, part := range strings.FieldsFunc(spec, func(r rune) bool { return r == ',' || r == ';' }) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		it := lotItem{literal: strings.ToLower(part)}
		// Lot names may contain hyphens themselves ("L2601-301"): a range of
		// those is written with a dash or a spaced hyphen ("L2601-100 – L2601-300").
		var ends []string
		switch {
		case strings.ContainsAny(part, "–—"):
			ends = strings.FieldsFunc(part, func(r rune) bool { return r == '–' || r == '—' })
		case strings.Contains(part, " - "):
			ends = strings.Split(part, " - ")
		default:
			ends = strings.Split(part, "-")
		}
		if len(ends) == 2 {
			p1, n1, ok1 := splitLot(strings.TrimSpace(ends[0]))
			p2, n2, ok2 := splitLot(strings.TrimSpace(ends[1]))
			if ok1 && ok2 && strings.EqualFold(p1, p2) {
				if n1 > n2 {
					return out, invalid("lot", CodeBackwards).val(part)
				}
				it.isRange, it.prefix, it.from, it.to = true, strings.ToLower(p1), n1, n2
			}
		}
		out.items = append(out.items, it)
	}
	if len(out.items) == 0 {
		return out, invalid("lot", CodeInvalid).val(spec)
	}
	return out, nil
}

// splitLot splits "L14" into "L" and 14.
func splitLot(s string) (string, uint64, bool) {
	i := len(s)
	for i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
		i--
	}
	if i == len(s) {
		return "", 0, false
	}
	n, err := strconv.ParseUint(s[i:], 10, 64)
	if err != nil {
		return "", 0, false
	}
	return s[:i], n, true
}

// All reports whether the spec selects every lot.
func (l LotSpec) All() bool { return len(l.items) == 0 }

// Match reports whether a purchase's lot is selected.
func (l LotSpec) Match(lot string) bool {
	if l.All() {
		return true
	}
	lot = strings.ToLower(strings.TrimSpace(lot))
	if lot == "" {
		return false
	}
	p, n, num := splitLot(lot)
	for _, it := range l.items {
		if it.literal == lot {
			return true
		}
		if it.isRange && num && p == it.prefix && n >= it.from && n <= it.to {
			return true
		}
	}
	return false
}

// NoticeTarget is a customer a notice will reach: an active customer who
// bought the product (in one of the selected lots).
type NoticeTarget struct {
	CustomerID uint
	Customer   string
	Company    string
	Email      string
	Phone      string
	OwnerID    uint
	Owner      string // e-mail
	OwnerName  string
	// Lots the customer bought of the selected ones, and the last purchase date.
	Lots         []string
	LastPurchase string
}

// NoticeTargets lists the customers who bought the product (optionally only
// the given lots), by name. Archived customers are left out: they cannot be
// given promises.
func (s *Store) NoticeTargets(productID uint, lot string) ([]NoticeTarget, error) {
	spec, err := ParseLots(lot)
	if err != nil {
		return nil, err
	}
	return s.noticeTargets(s.db, productID, spec)
}

func (s *Store) noticeTargets(tx *gorm.DB, productID uint, spec LotSpec) ([]NoticeTarget, error) {
	var p Product
	if err := tx.First(&p, productID).Error; err != nil {
		if err == gorm.ErrRecordNotFound {
			return nil, invalid("product", CodeUnknown).id(productID)
		}
		return nil, mapErr(err)
	}
	rows, err := tx.Raw(`SELECT c.id, c.name, c.company, c.email, c.phone, c.owner_id, u.email, u.name, pu.lot, pu.date
		FROM purchases pu
		JOIN customers c ON c.id = pu.customer_id
		JOIN users u ON u.id = c.owner_id
		WHERE pu.product_id = ? AND pu.archived = 0 AND c.archived = 0
		ORDER BY c.name COLLATE NOCASE, c.id, pu.lot`, productID).Rows()
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []NoticeTarget
	index := map[uint]int{}
	for rows.Next() {
		var t NoticeTarget
		var lotV, date string
		if err := rows.Scan(&t.CustomerID, &t.Customer, &t.Company, &t.Email, &t.Phone, &t.OwnerID, &t.Owner, &t.OwnerName, &lotV, &date); err != nil {
			return nil, err
		}
		if !spec.Match(lotV) {
			continue
		}
		i, ok := index[t.CustomerID]
		if !ok {
			i = len(out)
			index[t.CustomerID] = i
			out = append(out, t)
		}
		tg := &out[i]
		if lotV != "" && (len(tg.Lots) == 0 || tg.Lots[len(tg.Lots)-1] != lotV) {
			tg.Lots = append(tg.Lots, lotV)
		}
		if date > tg.LastPurchase {
			tg.LastPurchase = date
		}
	}
	return out, mapErr(rows.Err())
}

// NewNotice is a proactive outreach about a product (lesson 6).
type NewNotice struct {
	ProductID   uint
	Title       string
	Description string
	Risk        string
	// Lot selects lots ("14,15", "14-17"); empty means every buyer.
	Lot string
	// ByID is who issues the notice.
	ByID uint
	// DueDays: each customer must be told within this many days (0: today).
	DueDays int
}

// CreateNotice records the notice and makes one "inform" promise per
// customer who bought the product, owned by the account owner and due at
// the end of the day DueDays from today, all in one transaction: either
// every buyer is on the list or none is. It returns the notice and the
// promises made.
func (s *Store) CreateNotice(n NewNotice) (Notice, []Commitment, error) {
	if err := cleanTexts(textField{"title", &n.Title}, textField{"description", &n.Description},
		textField{"risk", &n.Risk}, textField{"lot", &n.Lot}); err != nil {
		return Notice{}, nil, err
	}
	if n.Title == "" {
		return Notice{}, nil, invalid("title", CodeRequired)
	}
	if n.DueDays < 0 || n.DueDays > 365 {
		return Notice{}, nil, invalid("due-days", CodeOutOfRange).rng(0, 365)
	}
	spec, err := ParseLots(n.Lot)
	if err != nil {
		return Notice{}, nil, err
	}
	now := s.now()
	today := now.In(s.Loc)
	due := DayDue(today.Year(), today.Month(), today.Day()+n.DueDays, s.Loc)
	notice := Notice{Title: n.Title, ProductID: n.ProductID, Description: strings.TrimSpace(n.Description),
		Risk: strings.TrimSpace(n.Risk), Lot: strings.TrimSpace(n.Lot), ByID: n.ByID, DueDays: n.DueDays, CreatedAt: At(now)}
	var made []Commitment
	err = s.write(func(tx *gorm.DB) error {
		if err := s.checkUser(tx, "by", n.ByID); err != nil {
			return err
		}
		// The list is read again inside the write lock: a purchase recorded
		// since the preview must not be missed.
		targets, err := s.noticeTargets(tx, n.ProductID, spec)
		if err != nil {
			return err
		}
		if len(targets) == 0 {
			if spec.All() {
				return invalid("product", CodeNobody)
			}
			return invalid("lot", CodeNobody).val(notice.Lot)
		}
		if err := tx.Create(&notice).Error; err != nil {
			return err
		}
		made = make([]Commitment, 0, len(targets))
		for _, t := range targets {
			c, err := s.promiseTx(tx, NewCommitment{CustomerID: t.CustomerID, ByID: n.ByID, Kind: KindInform,
				Title: notice.Title, Details: notice.Description, Due: due, NoticeID: &notice.ID})
			if err != nil {
				return err
			}
			made = append(made, c)
		}
		return nil
	})
	if err != nil {
		return Notice{}, nil, err
	}
	return notice, made, nil
}

// NoticeEntry is one customer's inform promise of a notice.
type NoticeEntry struct {
	CommitmentID uint
	CustomerID   uint
	Customer     string
	Company      string
	Phone        string
	Email        string
	Owner        string // e-mail
	OwnerName    string
	Status       string
	Due          Due
	DueAt        time.Time
	DoneAt       time.Time
	// Overdue: still open and past its deadline.
	Overdue bool
}

// NoticeProgress is how far a notice has got: who has been told, who is
// left and who is overdue.
type NoticeProgress struct {
	Notice  Notice
	Product string
	By      string // e-mail of who issued it
	// Total counts the customers to tell (cancelled promises excluded).
	Total    int
	Informed int
	// Cancelled promises (e.g. the customer no longer has the product).
	Cancelled int
	// Left are the open promises, overdue ones first, then by deadline;
	// Overdue repeats the overdue ones.
	Left    []NoticeEntry
	Overdue []NoticeEntry
	// Done are the customers already told, most recent first.
	Done []NoticeEntry
}

// NoticeProgress computes the progress of a notice at now.
func (s *Store) NoticeProgress(id uint, now time.Time) (NoticeProgress, error) {
	var p NoticeProgress
	if err := s.db.First(&p.Notice, id).Error; err != nil {
		return p, mapErr(err)
	}
	var pr Product
	if err := s.db.First(&pr, p.Notice.ProductID).Error; err != nil {
		return p, mapErr(err)
	}
	p.Product = pr.Name
	var by User
	if err := s.db.First(&by, p.Notice.ByID).Error; err != nil {
		return p, mapErr(err)
	}
	p.By = by.Email
	rows, err := s.db.Raw(`SELECT c.id, c.customer_id, cu.name, cu.company, cu.phone, cu.email, u.email, u.name,
			c.status, c.due_at, c.due_date, c.done_at
		FROM commitments c
		JOIN customers cu ON cu.id = c.customer_id
		JOIN users u ON u.id = c.owner_id
		WHERE c.notice_id = ?
		ORDER BY c.due_at, cu.name COLLATE NOCASE, c.id`, id).Rows()
	if err != nil {
		return p, mapErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var e NoticeEntry
		var due, done Stamp
		var dueDate string
		if err := rows.Scan(&e.CommitmentID, &e.CustomerID, &e.Customer, &e.Company, &e.Phone, &e.Email, &e.Owner, &e.OwnerName,
			&e.Status, &due, &dueDate, &done); err != nil {
			return p, err
		}
		e.DueAt, e.DoneAt = due.Time, done.Time
		e.Due = DueOf(Commitment{DueAt: due, DueDate: dueDate}, s.Loc)
		switch e.Status {
		case StatusCancelled:
			p.Cancelled++
			continue
		case StatusDone:
			p.Informed++
			p.Done = append(p.Done, e)
		default:
			e.Overdue = !e.DueAt.IsZero() && now.After(e.DueAt)
			p.Left = append(p.Left, e)
			if e.Overdue {
				p.Overdue = append(p.Overdue, e)
			}
		}
		p.Total++
	}
	if err := rows.Err(); err != nil {
		return p, mapErr(err)
	}
	sort.SliceStable(p.Left, func(i, j int) bool { return p.Left[i].Overdue && !p.Left[j].Overdue })
	sort.SliceStable(p.Done, func(i, j int) bool { return p.Done[i].DoneAt.After(p.Done[j].DoneAt) })
	return p, nil
}

// NoticeRow is one line of the list of notices.
type NoticeRow struct {
	ID        uint
	Title     string
	Product   string
	Lot       string
	By        string // e-mail
	CreatedAt time.Time
	DueDays   int
	Total     int
	Informed  int
	// Overdue counts open promises past their deadline at the Store's clock.
	Overdue int
}

// Notices lists every notice with its progress, newest first.
func (s *Store) Notices() ([]NoticeRow, error) {
	now := s.now().Unix()
	rows, err := s.db.Raw(`SELECT n.id, n.title, p.name, n.lot, u.email, n.created_at, n.due_days,
			(SELECT count(*) FROM commitments c WHERE c.notice_id = n.id AND c.status <> ?),
			(SELECT count(*) FROM commitments c WHERE c.notice_id = n.id AND c.status = ?),
			(SELECT count(*) FROM commitments c WHERE c.notice_id = n.id AND c.status = ? AND c.due_at < ?)
		FROM notices n
		JOIN products p ON p.id = n.product_id
		JOIN users u ON u.id = n.by_id
		ORDER BY n.created_at DESC, n.id DESC`, StatusCancelled, StatusDone, StatusOpen, now).Rows()
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []NoticeRow
	for rows.Next() {
		var r NoticeRow
		var created Stamp
		if err := rows.Scan(&r.ID, &r.Title, &r.Product, &r.Lot, &r.By, &created, &r.DueDays, &r.Total, &r.Informed, &r.Overdue); err != nil {
			return nil, err
		}
		r.CreatedAt = created.Time
		out = append(out, r)
	}
	return out, mapErr(rows.Err())
}
