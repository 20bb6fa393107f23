package data

import (
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"
)

// AddProduct adds a product; names are unique regardless of case, so that a
// notice about "Pumpe X200" reaches the buyers of "pumpe x200" too.
func (s *Store) AddProduct(name string) (Product, error) {
	name, err := CleanText("name", name)
	if err != nil {
		return Product{}, err
	}
	p := Product{Name: strings.Join(strings.Fields(name), " ")}
	if p.Name == "" {
		return Product{}, invalid("name", CodeRequired)
	}
	p.CreatedAt = At(s.now())
	err = s.write(func(tx *gorm.DB) error {
		var existing Product
		err := tx.Where("name = ?", p.Name).First(&existing).Error
		if err == nil {
			return invalid("name", CodeDuplicate).val(existing.Name).id(existing.ID)
		}
		if !errors.Is(err, gorm.ErrRecordNotFound) {
			return err
		}
		return tx.Create(&p).Error
	})
	return p, err
}

// Products lists every product by name.
func (s *Store) Products() ([]Product, error) {
	var out []Product
	err := s.db.Order("name COLLATE NOCASE").Find(&out).Error
	return out, mapErr(err)
}

// ProductByName finds a product by its name (case-insensitive).
func (s *Store) ProductByName(name string) (Product, error) {
	return productByName(s.db, name, "product")
}

func productByName(tx *gorm.DB, name, field string) (Product, error) {
	var p Product
	name = strings.Join(strings.Fields(name), " ")
	if name == "" {
		return p, invalid(field, CodeRequired)
	}
	err := tx.Where("name = ?", name).First(&p).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return p, invalid(field, CodeUnknown).val(name)
	}
	return p, mapErr(err)
}

// NewPurchase records that a customer bought a product.
type NewPurchase struct {
	CustomerID uint
	ProductID  uint
	// Date is YYYY-MM-DD; empty when unknown.
	Date string
	// Lot is the production lot or batch, as printed on the product.
	Lot string
}

// ParseDate checks a calendar date YYYY-MM-DD; impossible dates such as
// 2026-02-30 are rejected, never normalised.
func ParseDate(field, v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	t, err := time.Parse("2006-01-02", v)
	if err != nil {
		return "", invalid(field, CodeInvalid).val(v)
	}
	return t.Format("2006-01-02"), nil
}

// AddPurchase records a purchase of an existing product by an active
// customer.
func (s *Store) AddPurchase(n NewPurchase) (Purchase, error) {
	date, err := ParseDate("date", n.Date)
	if err != nil {
		return Purchase{}, err
	}
	if n.Lot, err = CleanText("lot", n.Lot); err != nil {
		return Purchase{}, err
	}
	p := Purchase{CustomerID: n.CustomerID, ProductID: n.ProductID, Date: date,
		Lot: strings.TrimSpace(n.Lot), CreatedAt: At(s.now())}
	err = s.write(func(tx *gorm.DB) error {
		return addPurchaseTx(tx, s, &p)
	})
	return p, err
}

func addPurchaseTx(tx *gorm.DB, s *Store, p *Purchase) error {
	if _, err := s.activeCustomer(tx, p.CustomerID); err != nil {
		return err
	}
	var n int64
	if err := tx.Model(&Product{}).Where("id = ?", p.ProductID).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return invalid("product", CodeUnknown).id(p.ProductID)
	}
	return tx.Create(p).Error
}

// Purchases lists what a customer bought, newest first.
func (s *Store) Purchases(customerID uint) ([]PurchaseRow, error) {
	var out []PurchaseRow
	err := s.db.Table("purchases p").Select("p.id, pr.name AS product, p.date, p.lot").
		Joins("JOIN products pr ON pr.id = p.product_id").Where("p.customer_id = ? AND p.archived = 0", customerID).
		Order("p.date DESC, p.id DESC").Scan(&out).Error
	return out, mapErr(err)
}
