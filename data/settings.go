package data

import (
	"strconv"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// TeamSettings are shared by every desktop on the file.
type TeamSettings struct {
	// LeadTimes per kind: a promise is "due soon" this long before its deadline.
	LeadTimes map[string]time.Duration
	// NoNextStepDays: a customer with no open promise and no contact for this
	// many days gets a "no next step" warning.
	NoNextStepDays int
	// BufferPercent and BufferMinWorkdays are the promise buffer policy.
	BufferPercent     int
	BufferMinWorkdays int
	// CustomerLanguage is the language of messages to customers who have
	// none of their own (LangDE or LangEN).
	CustomerLanguage string
}

// DefaultSettings are the team settings of a new database.
func DefaultSettings() TeamSettings {
	return TeamSettings{
		LeadTimes: map[string]time.Duration{
			KindCallback: 2 * time.Hour,
			KindVisit:    2 * time.Hour,
			KindAnswer:   24 * time.Hour,
			KindOffer:    24 * time.Hour,
			KindDocument: 24 * time.Hour,
			KindInform:   24 * time.Hour,
			KindOther:    24 * time.Hour,
			KindDelivery: 48 * time.Hour,
		},
		NoNextStepDays:    30,
		BufferPercent:     25,
		BufferMinWorkdays: 1,
		CustomerLanguage:  LangDE,
	}
}

// LeadTime is the warning lead time for a kind.
func (t TeamSettings) LeadTime(kind string) time.Duration {
	if d, ok := t.LeadTimes[kind]; ok {
		return d
	}
	return 24 * time.Hour
}

// Settings loads the team settings, defaults filled in.
func (s *Store) Settings() (TeamSettings, error) { return s.settingsTx(s.db) }

func (s *Store) settingsTx(tx *gorm.DB) (TeamSettings, error) {
	out := DefaultSettings()
	var rows []Setting
	if err := tx.Find(&rows).Error; err != nil {
		return out, mapErr(err)
	}
	for _, r := range rows {
		if r.Key == "customer_language" {
			if l, err := cleanLanguage("customer_language", r.Value, false); err == nil {
				out.CustomerLanguage = l
			}
			continue
		}
		n, err := strconv.Atoi(r.Value)
		if err != nil {
			continue
		}
		switch {
		case r.Key == "no_next_step_days":
			out.NoNextStepDays = n
		case r.Key == "buffer_percent":
			out.BufferPercent = n
		case r.Key == "buffer_min_workdays":
			out.BufferMinWorkdays = n
		case len(r.Key) > 5 && r.Key[:5] == "lead.":
			out.LeadTimes[r.Key[5:]] = time.Duration(n) * time.Minute
		}
	}
	return out, nil
}

// SaveSettings stores the team settings for every desktop.
func (s *Store) SaveSettings(t TeamSettings) error {
	if t.NoNextStepDays < 1 {
		return invalid("no_next_step_days", "must be at least 1 day")
	}
	if t.BufferPercent < 0 || t.BufferPercent > 500 {
		return invalid("buffer_percent", "must be between 0 and 500")
	}
	if t.BufferMinWorkdays < 0 || t.BufferMinWorkdays > 60 {
		return invalid("buffer_min_workdays", "must be between 0 and 60")
	}
	lang, err := cleanLanguage("customer_language", t.CustomerLanguage, false)
	if err != nil {
		return err
	}
	rows := []Setting{
		{"customer_language", lang},
		{"no_next_step_days", strconv.Itoa(t.NoNextStepDays)},
		{"buffer_percent", strconv.Itoa(t.BufferPercent)},
		{"buffer_min_workdays", strconv.Itoa(t.BufferMinWorkdays)},
	}
	for k, d := range t.LeadTimes {
		if !validKind(k) || k == KindStanding {
			return invalid("lead_time", "unknown kind %q", k)
		}
		if d < 0 {
			return invalid("lead_time", "lead time for %s cannot be negative", k)
		}
		rows = append(rows, Setting{"lead." + k, strconv.Itoa(int(d / time.Minute))})
	}
	return s.write(func(tx *gorm.DB) error {
		return tx.Clauses(clause.OnConflict{UpdateAll: true}).Create(&rows).Error
	})
}
