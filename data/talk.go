package data

import (
	"errors"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"
)

// TalkingPoints are a short script the team keeps for a hard conversation
// (seed 002: "write them a script, make sure they know the answers to the
// hard questions"): what to say first, and the answers to the hardest
// questions. They belong to a promise kind (Kind, NoticeID 0) or to one
// product notice (NoticeID, Kind ""), in one language. The text is
// Markdown-light: paragraphs, and bullet lists with "- ".
type TalkingPoints struct {
	Kind      string `gorm:"primaryKey" json:"kind"`
	NoticeID  uint   `gorm:"primaryKey;autoIncrement:false" json:"notice_id"`
	Lang      string `gorm:"primaryKey" json:"lang"`
	Text      string `gorm:"not null" json:"text"`
	Version   int    `gorm:"not null;default:1" json:"version"`
	UpdatedBy uint   `gorm:"not null" json:"updated_by"`
	UpdatedAt Stamp  `gorm:"type:integer;autoUpdateTime:false" json:"updated_at"`
}

// TableName keeps GORM off its plural guess.
func (TalkingPoints) TableName() string { return "talking_points" }

// TalkScope names whose talking points: a promise kind or a notice.
type TalkScope struct {
	Kind     string
	NoticeID uint
}

func (sc TalkScope) check() error {
	switch {
	case sc.NoticeID != 0 && sc.Kind != "":
		return invalid("scope", CodeNotAllowed)
	case sc.NoticeID == 0 && !validKind(sc.Kind):
		return invalid("kind", CodeInvalid).val(sc.Kind)
	}
	return nil
}

// TalkingPointsOf returns the talking points stored for exactly scope and
// lang; Version 0 when there are none yet.
func (s *Store) TalkingPointsOf(sc TalkScope, lang string) (TalkingPoints, error) {
	if err := sc.check(); err != nil {
		return TalkingPoints{}, err
	}
	l, err := cleanLanguage("lang", lang, false)
	if err != nil {
		return TalkingPoints{}, err
	}
	var tp TalkingPoints
	err = s.db.Where("kind = ? AND notice_id = ? AND lang = ?", sc.Kind, sc.NoticeID, l).Take(&tp).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return TalkingPoints{Kind: sc.Kind, NoticeID: sc.NoticeID, Lang: l}, nil
	}
	return tp, mapErr(err)
}

// TalkingPointsFor finds what to show beside a conversation about a promise
// of kind (of notice noticeID, if not 0) with a customer who speaks lang:
// the notice's own points before the kind's, the customer's language
// before the other one. Text is "" when the team wrote none.
func (s *Store) TalkingPointsFor(kind string, noticeID uint, lang string) (TalkingPoints, error) {
	var rows []TalkingPoints
	q := s.db.Where("(kind = ? AND notice_id = 0)", kind)
	if noticeID != 0 {
		q = s.db.Where("(kind = ? AND notice_id = 0) OR (kind = '' AND notice_id = ?)", kind, noticeID)
	}
	if err := q.Find(&rows).Error; err != nil {
		return TalkingPoints{}, mapErr(err)
	}
	best, score := TalkingPoints{Kind: kind, Lang: lang}, -1
	for _, r := range rows {
		if strings.TrimSpace(r.Text) == "" {
			continue
		}
		sc := 0
		if r.NoticeID != 0 {
			sc += 2
		}
		if r.Lang == lang {
			sc++
		}
		if sc > score {
			best, score = r, sc
		}
	}
	return best, nil
}

// AllTalkingPoints lists every stored script, kinds first, then notices.
func (s *Store) AllTalkingPoints() ([]TalkingPoints, error) {
	var out []TalkingPoints
	err := s.db.Order("notice_id, kind, lang").Find(&out).Error
	return out, mapErr(err)
}

// SaveTalkingPoints stores the script for tp's scope and language; Version
// is the one read (0: none yet), else ErrConflict. An empty text removes
// the script's words (the row stays, with who emptied it).
func (s *Store) SaveTalkingPoints(tp TalkingPoints, by uint) (TalkingPoints, error) {
	sc := TalkScope{Kind: tp.Kind, NoticeID: tp.NoticeID}
	if err := sc.check(); err != nil {
		return tp, err
	}
	l, err := cleanLanguage("lang", tp.Lang, false)
	if err != nil {
		return tp, err
	}
	tp.Lang = l
	tp.Text = strings.TrimRight(strings.ReplaceAll(tp.Text, "\r\n", "\n"), " \t\n")
	if utf8.ValidString(tp.Text) {
		// Control characters go, as from every text the Store keeps.
		tp.Text, _ = sanitize(tp.Text, textRule{multi: true})
	}
	switch {
	case !utf8.ValidString(tp.Text) || strings.ContainsRune(tp.Text, 0):
		return tp, invalid("text", CodeInvalid)
	case utf8.RuneCountInString(tp.Text) > MaxTalkRunes:
		return tp, invalid("text", CodeTooLong).rng(0, MaxTalkRunes)
	}
	var out TalkingPoints
	err = s.write(func(tx *gorm.DB) error {
		if err := s.checkUser(tx, "by", by); err != nil {
			return err
		}
		if tp.NoticeID != 0 {
			if err := tx.First(&Notice{}, tp.NoticeID).Error; err != nil {
				return invalid("notice", CodeUnknown).id(tp.NoticeID)
			}
		}
		now := At(s.now())
		var cur TalkingPoints
		err := tx.Where("kind = ? AND notice_id = ? AND lang = ?", tp.Kind, tp.NoticeID, tp.Lang).Take(&cur).Error
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
			if tp.Version != 0 {
				return ErrConflict
			}
			out = TalkingPoints{Kind: tp.Kind, NoticeID: tp.NoticeID, Lang: tp.Lang, Text: tp.Text, Version: 1, UpdatedBy: by, UpdatedAt: now}
			return tx.Create(&out).Error
		case err != nil:
			return err
		case cur.Version != tp.Version:
			return ErrConflict
		}
		res := tx.Model(&TalkingPoints{}).Where("kind = ? AND notice_id = ? AND lang = ? AND version = ?", tp.Kind, tp.NoticeID, tp.Lang, tp.Version).
			Updates(map[string]any{"text": tp.Text, "version": tp.Version + 1, "updated_by": by, "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return ErrConflict
		}
		return tx.Where("kind = ? AND notice_id = ? AND lang = ?", tp.Kind, tp.NoticeID, tp.Lang).Take(&out).Error
	})
	return out, err
}

// TalkBlock is one block of Markdown-light talking points: a paragraph, or
// one item of a bullet list.
type TalkBlock struct {
	Bullet bool
	Text   string
}

// ParseTalk splits Markdown-light text into blocks: every line is a
// paragraph, a line starting with "- ", "* " or "• " a bullet item, blank
// lines only separate. "**bold**" stays in Text for the renderer.
func ParseTalk(text string) []TalkBlock {
	var out []TalkBlock
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		l := strings.TrimSpace(line)
		if l == "" {
			continue
		}
		b := TalkBlock{Text: l}
		for _, m := range []string{"- ", "* ", "• "} {
			if strings.HasPrefix(l, m) {
				b = TalkBlock{Bullet: true, Text: strings.TrimSpace(l[len(m):])}
				break
			}
		}
		out = append(out, b)
	}
	return out
}

// TalkingPointsAbout finds the talking points for a conversation about
// promise id with its customer, in the customer's language.
func (s *Store) TalkingPointsAbout(id uint) (TalkingPoints, error) {
	var c Commitment
	if err := s.db.Select("id", "customer_id", "kind", "notice_id").First(&c, id).Error; err != nil {
		return TalkingPoints{}, mapErr(err)
	}
	lang, err := s.CustomerLanguage(c.CustomerID)
	if err != nil {
		return TalkingPoints{}, err
	}
	var notice uint
	if c.NoticeID != nil {
		notice = *c.NoticeID
	}
	return s.TalkingPointsFor(c.Kind, notice, lang)
}
