package data

import (
	"strings"

	"gorm.io/gorm"
)

// NewCustomer is what it takes to add a customer; OwnerID is required.
type NewCustomer struct {
	Name    string
	Company string
	Email   string
	Phone   string
	Address string
	Notes   string
	OwnerID uint
	// Language of the messages to the customer: LangDE, LangEN, or "" for
	// the team's default.
	Language string
	// ByID is the salesperson who adds the customer; 0 means the owner.
	ByID uint
}

// customerField is one text field of a customer. Every change of one is
// journaled with its old and new value, under its name, which is also the
// column, the ValidationError field and the command's flag. Adding a field
// to customers is one line here (and its rule in textRules).
type customerField struct {
	name string
	get  func(*Customer) *string
}

var customerFields = []customerField{
	{"name", func(c *Customer) *string { return &c.Name }},
	{"company", func(c *Customer) *string { return &c.Company }},
	{"email", func(c *Customer) *string { return &c.Email }},
	{"phone", func(c *Customer) *string { return &c.Phone }},
	{"address", func(c *Customer) *string { return &c.Address }},
	{"notes", func(c *Customer) *string { return &c.Notes }},
	{"language", func(c *Customer) *string { return &c.Language }},
}

// CustomerFields names the text fields of a customer, in the order forms
// and the commands show them ("name", "company", …).
func CustomerFields() []string {
	out := make([]string, len(customerFields))
	for i, f := range customerFields {
		out[i] = f.name
	}
	return out
}

// CustomerField returns the field called name of c, and whether there is one.
func CustomerField(c *Customer, name string) (*string, bool) {
	for _, f := range customerFields {
		if f.name == name {
			return f.get(c), true
		}
	}
	return nil, false
}

// cleanCustomer applies the text rules to every field of c: clean text
// within its length, a name, a normalised e-mail address.
func cleanCustomer(c *Customer) error {
	for _, f := range customerFields {
		p := f.get(c)
		v, err := CleanText(f.name, *p)
		if err != nil {
			return err
		}
		*p = v
	}
	if c.Name == "" {
		return invalid("name", CodeRequired)
	}
	email, err := NormalizeEmail("email", c.Email, false)
	if err != nil {
		return err
	}
	c.Email = email
	c.Language, err = cleanLanguage("language", c.Language, true)
	return err
}

func (s *Store) checkOwner(tx *gorm.DB, id uint) error {
	if id == 0 {
		return invalid("owner", CodeRequired)
	}
	var u User
	if err := tx.Select("id", "archived").First(&u, id).Error; err != nil {
		return invalid("owner", CodeUnknown).id(id)
	}
	if u.Archived {
		return invalid("owner", CodeLeftTeam).id(id)
	}
	return nil
}

// AddCustomer adds a customer owned by n.OwnerID, with a "created" event
// naming who added it.
func (s *Store) AddCustomer(n NewCustomer) (Customer, error) {
	c := Customer{Name: n.Name, Company: n.Company, Email: n.Email, Phone: n.Phone,
		Address: n.Address, Notes: n.Notes, Language: n.Language, OwnerID: n.OwnerID, Version: 1}
	if err := cleanCustomer(&c); err != nil {
		return Customer{}, err
	}
	by := n.ByID
	if by == 0 {
		by = n.OwnerID
	}
	err := s.write(func(tx *gorm.DB) error {
		if err := s.checkOwner(tx, c.OwnerID); err != nil {
			return err
		}
		if by != c.OwnerID {
			if err := s.checkUser(tx, "by", by); err != nil {
				return err
			}
		}
		now := At(s.now())
		c.CreatedAt, c.UpdatedAt = now, now
		c.ID = 0 // a retried attempt must not reuse the rolled-back id
		if err := tx.Create(&c).Error; err != nil {
			return err
		}
		if err := tx.Create(&CustomerEvent{CustomerID: c.ID, Type: CustomerCreated, At: now, ByID: by}).Error; err != nil {
			return err
		}
		return afterCustomerWrite(tx, c.ID)
	})
	return c, err
}

// afterCustomerWrite is where indexes that mirror a customer row (search)
// are kept in step inside the same transaction.
var afterCustomerWrite = func(tx *gorm.DB, id uint) error { return nil }

// UpdateCustomer saves the editable fields of c, done by the salesperson
// by; c.Version must be the version that was read, else ErrConflict. Each
// field that changed is journaled with its old and new value, and a new
// owner as a handover, all in the same transaction; a change that changes
// nothing writes nothing.
func (s *Store) UpdateCustomer(c Customer, by uint) (Customer, error) {
	if err := cleanCustomer(&c); err != nil {
		return Customer{}, err
	}
	var out Customer
	err := s.write(func(tx *gorm.DB) error {
		if err := s.checkUser(tx, "by", by); err != nil {
			return err
		}
		var old Customer
		if err := tx.First(&old, c.ID).Error; err != nil {
			return err
		}
		if old.Version != c.Version {
			return ErrConflict
		}
		now := At(s.now())
		updates := map[string]any{}
		var evs []CustomerEvent
		for _, f := range customerFields {
			was, is := *f.get(&old), *f.get(&c)
			if was != is {
				updates[f.name] = is
				evs = append(evs, CustomerEvent{Type: CustomerChanged, Field: f.name, OldValue: was, NewValue: is})
			}
		}
		if old.OwnerID != c.OwnerID {
			if err := s.checkOwner(tx, c.OwnerID); err != nil {
				return err
			}
			updates["owner_id"] = c.OwnerID
			from, to := old.OwnerID, c.OwnerID
			evs = append(evs, CustomerEvent{Type: CustomerHandedOver, OldOwnerID: &from, NewOwnerID: &to})
		}
		if len(evs) == 0 {
			out = old
			return nil
		}
		updates["version"], updates["updated_at"] = old.Version+1, now
		res := tx.Model(&Customer{}).Where("id = ? AND version = ?", c.ID, c.Version).Updates(updates)
		if err := stale(tx, res, &Customer{}, c.ID); err != nil {
			return err
		}
		for i := range evs {
			evs[i].CustomerID, evs[i].At, evs[i].ByID = c.ID, now, by
		}
		if err := tx.Create(&evs).Error; err != nil {
			return err
		}
		if err := afterCustomerWrite(tx, c.ID); err != nil {
			return err
		}
		return tx.First(&out, c.ID).Error
	})
	return out, err
}

// ArchiveCustomer hides a customer, with an event naming by; nothing is
// deleted.
func (s *Store) ArchiveCustomer(id uint, version int, by uint) error {
	return s.write(func(tx *gorm.DB) error {
		if err := s.checkUser(tx, "by", by); err != nil {
			return err
		}
		now := At(s.now())
		res := tx.Model(&Customer{}).Where("id = ? AND version = ? AND archived = 0", id, version).Updates(map[string]any{
			"archived": true, "version": version + 1, "updated_at": now,
		})
		if err := stale(tx, res, &Customer{}, id); err != nil {
			return err
		}
		if err := tx.Create(&CustomerEvent{CustomerID: id, Type: CustomerArchived, At: now, ByID: by}).Error; err != nil {
			return err
		}
		return afterCustomerWrite(tx, id)
	})
}

// CustomerEvents returns the journal of one customer, oldest first.
func (s *Store) CustomerEvents(customerID uint) ([]CustomerEvent, error) {
	var out []CustomerEvent
	err := s.db.Where("customer_id = ?", customerID).Order("id").Find(&out).Error
	return out, mapErr(err)
}

// Customer returns one customer.
func (s *Store) Customer(id uint) (Customer, error) {
	var c Customer
	err := s.db.First(&c, id).Error
	return c, mapErr(err)
}

// CustomerCard is everything the header of a customer view shows.
type CustomerCard struct {
	Customer Customer
	Owner    User
	// Standing are the open standing promises (lesson 7).
	Standing []Commitment
	// Purchases with product names, newest first.
	Purchases []PurchaseRow
	// Language is what messages to the customer are written in (theirs,
	// or the team's default).
	Language string
}

// PurchaseRow is a purchase with its product name.
type PurchaseRow struct {
	ID      uint   `json:"id"`
	Product string `json:"product"`
	Date    string `json:"date"`
	Lot     string `json:"lot"`
}

// Card loads the header card of a customer.
func (s *Store) Card(id uint) (CustomerCard, error) {
	var card CustomerCard
	if err := s.db.First(&card.Customer, id).Error; err != nil {
		return card, mapErr(err)
	}
	if err := s.db.First(&card.Owner, card.Customer.OwnerID).Error; err != nil {
		return card, mapErr(err)
	}
	if err := s.db.Where("customer_id = ? AND status = ? AND kind = ?", id, StatusOpen, KindStanding).
		Order("id").Find(&card.Standing).Error; err != nil {
		return card, mapErr(err)
	}
	err := s.db.Table("purchases p").Select("p.id, pr.name AS product, p.date, p.lot").
		Joins("JOIN products pr ON pr.id = p.product_id").Where("p.customer_id = ? AND p.archived = 0", id).
		Order("p.date DESC, p.id DESC").Scan(&card.Purchases).Error
	if err != nil {
		return card, mapErr(err)
	}
	set, err := s.Settings()
	card.Language = EffectiveLanguage(card.Customer, set)
	return card, err
}

// IntroCard is the short text a salesperson pastes into the first e-mail:
// the full name, direct phone and e-mail of the account owner (lesson 1).
func IntroCard(owner User, lang string) string {
	var b strings.Builder
	if lang == "de" {
		b.WriteString("Ihr persönlicher Ansprechpartner:\n")
	} else {
		b.WriteString("Your personal contact:\n")
	}
	b.WriteString(owner.Name + "\n")
	if owner.Phone != "" {
		if lang == "de" {
			b.WriteString("Durchwahl: " + owner.Phone + "\n")
		} else {
			b.WriteString("Direct line: " + owner.Phone + "\n")
		}
	}
	b.WriteString("E-Mail: " + owner.Email + "\n")
	return b.String()
}

// CustomerRow is one line of the customer list.
type CustomerRow struct {
	ID      uint   `json:"id"`
	Name    string `json:"name"`
	Company string `json:"company"`
	Email   string `json:"email"`
	Phone   string `json:"phone"`
	Owner   string `json:"owner"`
}

// SearchCustomers lists active customers whose name, company, e-mail or
// phone contains q (case-insensitive), by name, paged by limit and offset.
func (s *Store) SearchCustomers(q string, limit, offset int) ([]CustomerRow, error) {
	return searchCustomers(s, strings.TrimSpace(q), limit, offset)
}

// searchCustomers finds customers through the trigram index (migration 2)
// when q has at least three characters, so that typing into the search box
// costs the same on a file with two million contacts as on a new one;
// shorter queries, which the trigram index cannot answer, scan with LIKE.
// Rows are scanned by hand: the list is hot and GORM's reflection would
// cost more than the query.
var searchCustomers = func(s *Store, q string, limit, offset int) ([]CustomerRow, error) {
	if limit <= 0 {
		limit = 100
	}
	if offset < 0 {
		offset = 0
	}
	query, args := searchCols+searchOrder, []any{limit, offset}
	if q != "" {
		var err error
		if query, args, err = s.d.search(s, q, limit, offset); err != nil {
			return nil, err
		}
	}
	rows, err := s.db.Raw(query, args...).Rows()
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	out := make([]CustomerRow, 0, limit)
	for rows.Next() {
		var r CustomerRow
		if err := rows.Scan(&r.ID, &r.Name, &r.Company, &r.Email, &r.Phone, &r.Owner); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, mapErr(rows.Err())
}

// searchCols and searchOrder frame every customer search: active customers
// with their owner, by name regardless of case, paged.
const (
	searchCols = `SELECT c.id, c.name, c.company, c.email, c.phone, u.email
		FROM customers c JOIN users u ON u.id = c.owner_id WHERE c.archived = 0`
	searchOrder = ` ORDER BY c.name COLLATE NOCASE, c.id LIMIT ? OFFSET ?`
)

// searchFTSQuery is the index-backed search. A rare infix ("mül") is
// answered from the trigram index and its few matches sorted by name; a
// common one ("gmb", in thousands of names) walks the name index and keeps
// the matches until the page is full, instead of sorting thousands of
// rows for the first hundred. Either way the cost follows the page, not the
// number of customers.
func searchFTSQuery(many bool) string {
	from := `customers c`
	if many {
		from = `customers c INDEXED BY idx_customers_list`
	}
	return `SELECT c.id, c.name, c.company, c.email, c.phone, u.email
		FROM ` + from + ` JOIN users u ON u.id = c.owner_id WHERE c.archived = 0
		AND c.id IN (SELECT rowid FROM customers_fts WHERE customers_fts MATCH ?)
		ORDER BY c.name COLLATE NOCASE, c.id LIMIT ? OFFSET ?`
}

// SearchManyMatchesQuery counts the matches of a search phrase up to a cap;
// reaching the cap means the name-ordered walk is the cheaper plan.
const SearchManyMatchesQuery = `SELECT count(*) FROM (SELECT rowid FROM customers_fts WHERE customers_fts MATCH ? LIMIT ?)`

// SearchManyCap is the number of matches from which the search walks the
// name index for a page of limit rows after offset.
func SearchManyCap(limit, offset int) int { return searchManyCap(limit, offset) }

// searchManyCap is a variable so that tests can send small files down the
// name-ordered path too.
var searchManyCap = func(limit, offset int) int { return 4*(limit+offset) + 400 }

// manyMatches reports whether phrase matches so many customers that walking
// them in name order is cheaper than sorting the matches.
func (s *Store) manyMatches(phrase string, limit, offset int) (bool, error) {
	cap := searchManyCap(limit, offset)
	var n int
	if err := s.db.Raw(SearchManyMatchesQuery, phrase, cap).Row().Scan(&n); err != nil {
		return false, mapErr(err)
	}
	return n >= cap, nil
}

// SearchCustomersQuery is the SQL SearchCustomers runs for a query of three
// or more characters, for tools that measure it (cmd/benchtable).
func SearchCustomersQuery(many bool) string { return searchFTSQuery(many) }

func escapeLike(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}
