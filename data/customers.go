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
}

func (s *Store) checkOwner(tx *gorm.DB, id uint) error {
	if id == 0 {
		return invalid("owner", "every customer needs an owner")
	}
	var u User
	if err := tx.Select("id", "archived").First(&u, id).Error; err != nil {
		return invalid("owner", "the owner (salesperson #%d) does not exist", id)
	}
	if u.Archived {
		return invalid("owner", "the owner has left the team (archived)")
	}
	return nil
}

// AddCustomer adds a customer owned by n.OwnerID.
func (s *Store) AddCustomer(n NewCustomer) (Customer, error) {
	c := Customer{
		Name: strings.TrimSpace(n.Name), Company: strings.TrimSpace(n.Company),
		Phone: strings.TrimSpace(n.Phone), Address: strings.TrimSpace(n.Address),
		Notes: n.Notes, OwnerID: n.OwnerID, Version: 1,
	}
	if c.Name == "" {
		return Customer{}, invalid("name", "a name is required")
	}
	email, err := cleanEmail("email", n.Email, false)
	if err != nil {
		return Customer{}, err
	}
	c.Email = email
	now := At(s.now())
	c.CreatedAt, c.UpdatedAt = now, now
	err = s.write(func(tx *gorm.DB) error {
		if err := s.checkOwner(tx, c.OwnerID); err != nil {
			return err
		}
		if err := tx.Create(&c).Error; err != nil {
			return err
		}
		return afterCustomerWrite(tx, c.ID)
	})
	return c, err
}

// afterCustomerWrite is where indexes that mirror a customer row (search)
// are kept in step inside the same transaction.
var afterCustomerWrite = func(tx *gorm.DB, id uint) error { return nil }

// UpdateCustomer saves the editable fields of c; c.Version must be the
// version that was read, else ErrConflict.
func (s *Store) UpdateCustomer(c Customer) (Customer, error) {
	c.Name = strings.TrimSpace(c.Name)
	if c.Name == "" {
		return Customer{}, invalid("name", "a name is required")
	}
	email, err := cleanEmail("email", c.Email, false)
	if err != nil {
		return Customer{}, err
	}
	var out Customer
	err = s.write(func(tx *gorm.DB) error {
		if err := s.checkOwner(tx, c.OwnerID); err != nil {
			return err
		}
		res := tx.Model(&Customer{}).Where("id = ? AND version = ?", c.ID, c.Version).Updates(map[string]any{
			"name": c.Name, "company": strings.TrimSpace(c.Company), "email": email,
			"phone": strings.TrimSpace(c.Phone), "address": strings.TrimSpace(c.Address),
			"notes": c.Notes, "owner_id": c.OwnerID, "version": c.Version + 1, "updated_at": At(s.now()),
		})
		if err := stale(tx, res, &Customer{}, c.ID); err != nil {
			return err
		}
		if err := afterCustomerWrite(tx, c.ID); err != nil {
			return err
		}
		return tx.First(&out, c.ID).Error
	})
	return out, err
}

// ArchiveCustomer hides a customer; nothing is deleted.
func (s *Store) ArchiveCustomer(id uint, version int) error {
	return s.write(func(tx *gorm.DB) error {
		res := tx.Model(&Customer{}).Where("id = ? AND version = ?", id, version).Updates(map[string]any{
			"archived": true, "version": version + 1, "updated_at": At(s.now()),
		})
		if err := stale(tx, res, &Customer{}, id); err != nil {
			return err
		}
		return afterCustomerWrite(tx, id)
	})
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
		Joins("JOIN products pr ON pr.id = p.product_id").Where("p.customer_id = ?", id).
		Order("p.date DESC, p.id DESC").Scan(&card.Purchases).Error
	return card, mapErr(err)
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

// searchCustomers is replaceable by a faster index-backed search.
var searchCustomers = func(s *Store, q string, limit, offset int) ([]CustomerRow, error) {
	if limit <= 0 {
		limit = 100
	}
	tx := s.db.Table("customers c").
		Select("c.id, c.name, c.company, c.email, c.phone, u.email AS owner").
		Joins("JOIN users u ON u.id = c.owner_id").Where("c.archived = 0")
	if q != "" {
		like := "%" + escapeLike(q) + "%"
		tx = tx.Where("c.name LIKE ? ESCAPE '\\' OR c.company LIKE ? ESCAPE '\\' OR c.email LIKE ? ESCAPE '\\' OR c.phone LIKE ? ESCAPE '\\'", like, like, like, like)
	}
	var out []CustomerRow
	err := tx.Order("c.name COLLATE NOCASE, c.id").Limit(limit).Offset(offset).Scan(&out).Error
	return out, mapErr(err)
}

func escapeLike(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}
