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

// MaxLeadHours is the longest warning lead time: 60 days.
const MaxLeadHours = 60 * 24

// Validate checks the team settings; the error names the field (the lead
// time of a kind is "lead.<kind>", in hours). SaveSettings applies it, and
// the settings form asks it as the user types.
func (t TeamSettings) Validate() error {
	for _, k := range Kinds {
		d, ok := t.LeadTimes[k]
		if !ok {
			continue
		}
		if d < 0 || d > MaxLeadHours*time.Hour {
			return invalid("lead."+k, CodeOutOfRange).rng(0, MaxLeadHours)
		}
	}
	for k := range t.LeadTimes {
		if !validKind(k) || k == KindStanding {
			return invalid("lead_time", CodeInvalid).val(k)
		}
	}
	switch {
	case t.BufferPercent < 0 || t.BufferPercent > 500:
		return invalid("buffer_percent", CodeOutOfRange).rng(0, 500)
	case t.BufferMinWorkdays < 0 || t.BufferMinWorkdays > 60:
		return invalid("buffer_min_workdays", CodeOutOfRange).rng(0, 60)
	case t.NoNextStepDays < 1 || t.NoNextStepDays > 3650:
		return invalid("no_next_step_days", CodeOutOfRange).rng(1, 3650)
	}
	return nil
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
	if err := t.Validate(); err != nil {
		return err
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
	for _, k := range Kinds {
		if d, ok := t.LeadTimes[k]; ok {
			rows = append(rows, Setting{"lead." + k, strconv.Itoa(int(d / time.Minute))})
		}
	}
	return s.write(func(tx *gorm.DB) error {
		return tx.Clauses(clause.OnConflict{UpdateAll: true}).Create(&rows).Error
	})
}
