package data

import (
	"errors"
	"strings"

	"gorm.io/gorm"
)

// NewUser is what it takes to add a salesperson.
type NewUser struct {
	Name  string
	Email string
	Phone string
}

// AddUser adds a salesperson; the e-mail must be unique.
func (s *Store) AddUser(n NewUser) (User, error) {
	u := User{Name: n.Name, Phone: n.Phone, Version: 1}
	if err := cleanTexts(textField{"name", &u.Name}, textField{"phone", &u.Phone}); err != nil {
		return User{}, err
	}
	if u.Name == "" {
		return User{}, invalid("name", CodeRequired)
	}
	email, err := NormalizeEmail("email", n.Email, true)
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
			return invalid("email", CodeDuplicate).val(u.Email)
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
	if err := cleanTexts(textField{"name", &u.Name}, textField{"phone", &u.Phone}); err != nil {
		return User{}, err
	}
	if u.Name == "" {
		return User{}, invalid("name", CodeRequired)
	}
	email, err := NormalizeEmail("email", u.Email, true)
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
			return invalid("email", CodeDuplicate).val(email)
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

// OpenWork counts what a salesperson still owns: active customers and open
// promises, which must go to someone else before they leave the team.
func (s *Store) OpenWork(userID uint) (customers, promises int, err error) {
	var nc, np int64
	if err := s.db.Model(&Customer{}).Where("owner_id = ? AND archived = 0", userID).Count(&nc).Error; err != nil {
		return 0, 0, mapErr(err)
	}
	if err := s.db.Model(&Commitment{}).Where("owner_id = ? AND status = ?", userID, StatusOpen).Count(&np).Error; err != nil {
		return 0, 0, mapErr(err)
	}
	return int(nc), int(np), nil
}

// ArchiveUser records that a salesperson left the team: they can no longer
// act or own anything. Their active customers and open promises go to
// handTo in the same transaction, each promise with a handover in its
// history done by by (every customer needs an owner, lesson 1). With open
// work and no handTo the archive is refused (has_open_work).
func (s *Store) ArchiveUser(id uint, version int, by, handTo uint) error {
	return s.write(func(tx *gorm.DB) error {
		if err := s.checkUser(tx, "by", by); err != nil {
			return err
		}
		var nc int64
		if err := tx.Model(&Customer{}).Where("owner_id = ? AND archived = 0", id).Count(&nc).Error; err != nil {
			return err
		}
		var open []Commitment
		if err := tx.Where("owner_id = ? AND status = ?", id, StatusOpen).Order("id").Find(&open).Error; err != nil {
			return err
		}
		if nc+int64(len(open)) > 0 {
			switch {
			case handTo == 0:
				return &ValidationError{Field: "hand_to", Code: CodeHasOpenWork, Count: int(nc) + len(open)}
			case handTo == id:
				return invalid("hand_to", CodeUnchanged)
			}
			if err := s.checkOwner(tx, handTo); err != nil {
				err.(*ValidationError).Field = "hand_to"
				return err
			}
			st := s.step(by)
			for i := range open {
				c := &open[i]
				old := c.Version
				ev, err := c.ApplyReassign(st, handTo, "")
				if err != nil {
					return err
				}
				if err := save(tx, c, old, ev); err != nil {
					return err
				}
			}
			// Each customer's journal says who took the account over.
			if err := tx.Exec(`INSERT INTO customer_events (customer_id, type, old_owner_id, new_owner_id, at, by_id)
				SELECT id, ?, owner_id, ?, ?, ? FROM customers WHERE owner_id = ? AND archived = 0`,
				CustomerHandedOver, handTo, At(st.At), by, id).Error; err != nil {
				return err
			}
			if err := tx.Exec("UPDATE customers SET owner_id = ?, version = version + 1, updated_at = ? WHERE owner_id = ? AND archived = 0",
				handTo, At(st.At), id).Error; err != nil {
				return err
			}
		}
		res := tx.Model(&User{}).Where("id = ? AND version = ?", id, version).Updates(map[string]any{
			"archived": true, "version": version + 1, "updated_at": At(s.now()),
		})
		return stale(tx, res, &User{}, id)
	})
}

// UnarchiveUser brings a salesperson back onto the team.
func (s *Store) UnarchiveUser(id uint, version int) error {
	return s.write(func(tx *gorm.DB) error {
		res := tx.Model(&User{}).Where("id = ? AND version = ?", id, version).Updates(map[string]any{
			"archived": false, "version": version + 1, "updated_at": At(s.now()),
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

// AllUsers lists every salesperson by name, those who left included.
func (s *Store) AllUsers() ([]User, error) {
	var out []User
	err := s.db.Order("archived, name COLLATE NOCASE").Find(&out).Error
	return out, mapErr(err)
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

// UserByEmail finds a salesperson by e-mail, in any letter case and with the
// domain in either form (müller.de or xn--mller-kva.de).
func (s *Store) UserByEmail(email string) (User, error) {
	key, err := NormalizeEmail("email", email, true)
	if err != nil {
		key = strings.TrimSpace(email) // an address stored before the rules
	}
	var u User
	err = s.db.Where("email = ?", key).First(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return u, invalid("email", CodeUnknown).val(email)
	}
	return u, mapErr(err)
}
