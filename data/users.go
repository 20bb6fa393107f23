package data

import (
	"errors"
	"net/mail"
	"strings"

	"gorm.io/gorm"
)

// NewUser is what it takes to add a salesperson.
type NewUser struct {
	Name  string
	Email string
	Phone string
}

func cleanEmail(field, e string, required bool) (string, error) {
	e = strings.TrimSpace(e)
	if e == "" {
		if required {
			return "", invalid(field, "an e-mail address is required")
		}
		return "", nil
	}
	a, err := mail.ParseAddress(e)
	if err != nil || a.Address != e || !strings.Contains(e, "@") {
		return "", invalid(field, "%q is not a valid e-mail address", e)
	}
	return e, nil
}

// AddUser adds a salesperson; the e-mail must be unique.
func (s *Store) AddUser(n NewUser) (User, error) {
	u := User{Name: strings.TrimSpace(n.Name), Phone: strings.TrimSpace(n.Phone), Version: 1}
	if u.Name == "" {
		return User{}, invalid("name", "a full name is required")
	}
	email, err := cleanEmail("email", n.Email, true)
	if err != nil {
		return User{}, err
	}
	u.Email = email
	now := At(s.now())
	u.CreatedAt, u.UpdatedAt = now, now
	err = s.write(func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&User{}).Where("email = ?", u.Email).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return invalid("email", "a salesperson with %s already exists", u.Email)
		}
		// write() may run this again after a lock conflict: never reuse the id
		// of a rolled-back attempt.
		u.ID = 0
		return tx.Create(&u).Error
	})
	return u, err
}

// UpdateUser saves changed name, e-mail or phone; u.Version must be the
// version that was read, else ErrConflict.
func (s *Store) UpdateUser(u User) (User, error) {
	u.Name = strings.TrimSpace(u.Name)
	u.Phone = strings.TrimSpace(u.Phone)
	if u.Name == "" {
		return User{}, invalid("name", "a full name is required")
	}
	email, err := cleanEmail("email", u.Email, true)
	if err != nil {
		return User{}, err
	}
	var out User
	err = s.write(func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&User{}).Where("email = ? AND id <> ?", email, u.ID).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return invalid("email", "a salesperson with %s already exists", email)
		}
		res := tx.Model(&User{}).Where("id = ? AND version = ?", u.ID, u.Version).Updates(map[string]any{
			"name": u.Name, "email": email, "phone": u.Phone, "version": u.Version + 1, "updated_at": At(s.now()),
		})
		if err := stale(tx, res, &User{}, u.ID); err != nil {
			return err
		}
		return tx.First(&out, u.ID).Error
	})
	return out, err
}

// ArchiveUser hides a salesperson who left; their accounts must be handed
// over first, because every customer needs an owner.
func (s *Store) ArchiveUser(id uint, version int) error {
	return s.write(func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&Customer{}).Where("owner_id = ? AND archived = 0", id).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return invalid("owner", "this salesperson still owns %d customers; hand them over first", n)
		}
		res := tx.Model(&User{}).Where("id = ? AND version = ?", id, version).Updates(map[string]any{
			"archived": true, "version": version + 1, "updated_at": At(s.now()),
		})
		return stale(tx, res, &User{}, id)
	})
}

// stale maps an update that touched no row to ErrNotFound or ErrConflict.
// GORM reports a stale optimistic update as RowsAffected 0 and no error.
func stale(tx *gorm.DB, res *gorm.DB, model any, id uint) error {
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 1 {
		return nil
	}
	var n int64
	if err := tx.Model(model).Where("id = ?", id).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return ErrConflict
}

// Users lists the active salespeople by name.
func (s *Store) Users() ([]User, error) {
	var out []User
	err := s.db.Where("archived = 0").Order("name COLLATE NOCASE").Find(&out).Error
	return out, mapErr(err)
}

// User returns one salesperson.
func (s *Store) User(id uint) (User, error) {
	var u User
	err := s.db.First(&u, id).Error
	return u, mapErr(err)
}

// UserByEmail finds a salesperson by e-mail (case-insensitive).
func (s *Store) UserByEmail(email string) (User, error) {
	var u User
	err := s.db.Where("email = ?", strings.TrimSpace(email)).First(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return u, &ValidationError{Field: "email", Msg: "no salesperson with e-mail " + email}
	}
	return u, mapErr(err)
}
