package data

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base32"
	"errors"
	"strings"

	"gorm.io/gorm"
)

// FeedTokenBytes is how many random bytes make a feed token: 160 bits, far
// beyond guessing over a network.
const FeedTokenBytes = 20

// feedTokenLen is the length of a token as text (base32, no padding).
var feedTokenLen = tokenEncoding.EncodedLen(FeedTokenBytes)

var tokenEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// newFeedToken makes a fresh random token from the operating system's
// cryptographic random source.
func newFeedToken() (string, error) {
	b := make([]byte, FeedTokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return tokenEncoding.EncodeToString(b), nil
}

// WellFormedFeedToken reports whether s has the shape of a feed token (32
// letters a–z and digits 2–7), so that anything else is turned away before
// the database is asked.
func WellFormedFeedToken(s string) bool {
	if len(s) != feedTokenLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 'a' || c > 'z') && (c < '2' || c > '7') {
			return false
		}
	}
	return true
}

// FeedToken returns the secret token of a salesperson's calendar feed
// address, making one the first time it is asked for. The token is the only
// thing that protects the feed: whoever has it can read the salesperson's
// promises, so it is shown to that salesperson and never logged.
func (s *Store) FeedToken(userID uint) (string, error) {
	tok, err := s.feedToken(s.db, userID)
	if err == nil || !errors.Is(err, ErrNotFound) {
		return tok, err
	}
	if _, err := s.User(userID); err != nil {
		return "", err
	}
	err = s.write(func(tx *gorm.DB) error {
		fresh, err := newFeedToken()
		if err != nil {
			return err
		}
		// Another desktop may have made one a moment ago: keep that one.
		if err := tx.Exec(`INSERT INTO feed_tokens(user_id, token, created_at) VALUES (?, ?, ?)
			ON CONFLICT(user_id) DO NOTHING`, userID, fresh, At(s.now())).Error; err != nil {
			return err
		}
		tok, err = s.feedToken(tx, userID)
		return err
	})
	return tok, err
}

// RotateFeedToken gives a salesperson a new feed token; the old address
// stops working at once (every server looks the token up on each request).
func (s *Store) RotateFeedToken(userID uint) (string, error) {
	if _, err := s.User(userID); err != nil {
		return "", err
	}
	var tok string
	err := s.write(func(tx *gorm.DB) error {
		fresh, err := newFeedToken()
		if err != nil {
			return err
		}
		tok = fresh
		return tx.Exec(`INSERT INTO feed_tokens(user_id, token, created_at) VALUES (?, ?, ?)
			ON CONFLICT(user_id) DO UPDATE SET token = excluded.token, created_at = excluded.created_at`,
			userID, fresh, At(s.now())).Error
	})
	return tok, err
}

func (s *Store) feedToken(tx *gorm.DB, userID uint) (string, error) {
	var toks []string
	if err := tx.Raw("SELECT token FROM feed_tokens WHERE user_id = ?", userID).Scan(&toks).Error; err != nil {
		return "", mapErr(err)
	}
	if len(toks) == 0 {
		return "", ErrNotFound
	}
	return toks[0], nil
}

// FeedOwner finds the salesperson whose feed token is tok, or ErrNotFound.
// The token is compared with every stored one in constant time, so the time
// an answer takes says nothing about how much of a guess was right; the
// database is never searched by the secret itself.
func (s *Store) FeedOwner(tok string) (User, error) {
	tok = strings.TrimSpace(tok)
	if !WellFormedFeedToken(tok) {
		return User{}, ErrNotFound
	}
	rows, err := s.db.Raw("SELECT user_id, token FROM feed_tokens").Rows()
	if err != nil {
		return User{}, mapErr(err)
	}
	defer rows.Close()
	var found uint
	for rows.Next() {
		var id uint
		var stored string
		if err := rows.Scan(&id, &stored); err != nil {
			return User{}, mapErr(err)
		}
		if subtle.ConstantTimeCompare([]byte(stored), []byte(tok)) == 1 {
			found = id
		}
	}
	if err := rows.Err(); err != nil {
		return User{}, mapErr(err)
	}
	if found == 0 {
		return User{}, ErrNotFound
	}
	return s.User(found)
}
