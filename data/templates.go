package data

import (
	"errors"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"
)

// MessageTemplate is the team's text for one kind of message in one
// language. Version 0 is the built-in default (nobody changed it yet).
type MessageTemplate struct {
	Kind      DraftKind `gorm:"primaryKey" json:"kind"`
	Lang      string    `gorm:"primaryKey" json:"lang"`
	Subject   string    `gorm:"not null" json:"subject"`
	Body      string    `gorm:"not null" json:"body"`
	Version   int       `gorm:"not null;default:1" json:"version"`
	UpdatedBy uint      `gorm:"not null" json:"updated_by"`
	UpdatedAt Stamp     `gorm:"type:integer;autoUpdateTime:false" json:"updated_at"`
}

// Default reports whether this is the built-in text.
func (t MessageTemplate) Default() bool { return t.Version == 0 }

// defaultTemplates are the texts a new team starts with: short, in the
// first person, saying what was promised, where it stands and whom to call.
// Written to be sent as they are, and to be changed in Settings.
var defaultTemplates = map[DraftKind]map[string][2]string{
	DraftDelay: {
		LangDE: {"Zwischenstand: {zusage}", `Guten Tag {kunde},

ich hatte Ihnen für {termin} zugesagt: {zusage}. Diesen Termin kann ich leider nicht halten, und das möchte ich Ihnen sagen, bevor Sie vergeblich warten.

Neuer Termin: {neuer_termin}. Falls Ihnen das nicht passt, sagen Sie es mir bitte – dann finden wir eine Lösung.
{ohne_neuen_termin}Einen neuen Termin kann ich Ihnen heute noch nicht sicher nennen. Ich melde mich, sobald ich ihn verlässlich weiß, und halte Sie bis dahin auf dem Laufenden.

Bei Fragen rufen Sie mich gern direkt an.

Viele Grüße
{betreuer}
Durchwahl: {durchwahl}
E-Mail: {betreuer_email}`},
		LangEN: {"Update: {promise}", `Hello {customer},

I promised you this for {due}: {promise}. I won't be able to keep that date, and I'd rather tell you now than leave you waiting.

The new date is {new_due}. If that doesn't work for you, please tell me and we'll find a way.
{if_no_new_due}I can't give you a reliable new date yet. I'll get back to you as soon as I have one, and keep you posted until then.

If you have any questions, just call me directly.

Best regards
{owner}
Direct line: {owner_phone}
E-mail: {owner_email}`},
	},
	DraftIntro: {
		LangDE: {"Ihr Ansprechpartner bei uns: {betreuer}", `Guten Tag {kunde},

ich bin ab sofort Ihr persönlicher Ansprechpartner. Wenn Sie eine Frage haben, etwas brauchen oder etwas nicht so läuft wie besprochen, wenden Sie sich bitte direkt an mich – ohne Umweg über die Zentrale.

So erreichen Sie mich:
{betreuer}
Durchwahl: {durchwahl}
E-Mail: {betreuer_email}

Ich freue mich auf die Zusammenarbeit.

Viele Grüße
{betreuer}`},
		LangEN: {"Your contact with us: {owner}", `Hello {customer},

I'm your personal contact from now on. Whenever you have a question, need something, or something isn't going as agreed, please come straight to me – no need to go through the switchboard.

This is how to reach me:
{owner}
Direct line: {owner_phone}
E-mail: {owner_email}

I look forward to working with you.

Best regards
{owner}`},
	},
	DraftCallback: {
		LangDE: {"Unser Telefonat am {termin}", `Guten Tag {kunde},

wie besprochen rufe ich Sie am {termin} an. Es geht um: {zusage}.

Passt Ihnen die Zeit doch nicht, antworten Sie einfach auf diese E-Mail oder rufen Sie mich an. Dann verlege ich den Termin, und niemand ruft Sie zur alten Zeit an.

Viele Grüße
{betreuer}
Durchwahl: {durchwahl}
E-Mail: {betreuer_email}`},
		LangEN: {"Our call on {due}", `Hello {customer},

As agreed, I'll call you on {due}. It's about: {promise}.

If the time no longer suits you, just reply to this e-mail or give me a call. I'll move it, and nobody will call you at the old time.

Best regards
{owner}
Direct line: {owner_phone}
E-mail: {owner_email}`},
	},
	DraftNotice: {
		LangDE: {"Wichtige Information zu {produkt}", `Guten Tag {kunde},

es geht um ein Produkt, das Sie bei uns gekauft haben: {produkt}.
Ihre Chargen: {chargen}

{hinweis}

{hinweis_text}

Mir ist wichtig, dass Sie das direkt von uns erfahren und nicht erst, wenn etwas passiert. Wenn Sie Fragen haben oder Hilfe bei der Prüfung brauchen, rufen Sie mich bitte an.

Viele Grüße
{betreuer}
Durchwahl: {durchwahl}
E-Mail: {betreuer_email}`},
		LangEN: {"Important information about {product}", `Hello {customer},

This is about a product you bought from us: {product}.
Your lots: {lots}

{notice}

{notice_text}

I want you to hear this from us first, not when something goes wrong. If you have questions or need help checking, please call me.

Best regards
{owner}
Direct line: {owner_phone}
E-mail: {owner_email}`},
	},
}

// DefaultTemplate is the built-in text of a kind of message in lang.
func DefaultTemplate(kind DraftKind, lang string) MessageTemplate {
	t := defaultTemplates[kind][lang]
	return MessageTemplate{Kind: kind, Lang: lang, Subject: t[0], Body: t[1]}
}

// Template is the team's text for kind in lang, or the built-in default.
func (s *Store) Template(kind DraftKind, lang string) (MessageTemplate, error) {
	return s.template(s.db, kind, lang)
}

func (s *Store) template(tx *gorm.DB, kind DraftKind, lang string) (MessageTemplate, error) {
	if _, err := ParseDraftKind(string(kind)); err != nil {
		return MessageTemplate{}, err
	}
	if _, err := cleanLanguage("lang", lang, false); err != nil {
		return MessageTemplate{}, err
	}
	var t MessageTemplate
	err := tx.Where("kind = ? AND lang = ?", kind, lang).Take(&t).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return DefaultTemplate(kind, lang), nil
	}
	return t, mapErr(err)
}

// Templates lists the texts of every kind in both languages.
func (s *Store) Templates() ([]MessageTemplate, error) {
	var rows []MessageTemplate
	if err := s.db.Find(&rows).Error; err != nil {
		return nil, mapErr(err)
	}
	have := map[[2]string]MessageTemplate{}
	for _, r := range rows {
		have[[2]string{string(r.Kind), r.Lang}] = r
	}
	var out []MessageTemplate
	for _, k := range DraftKinds {
		for _, l := range Languages {
			if t, ok := have[[2]string{string(k), l}]; ok {
				out = append(out, t)
			} else {
				out = append(out, DefaultTemplate(k, l))
			}
		}
	}
	return out, nil
}

// SaveTemplate stores the team's text for t.Kind in t.Lang. t.Version is
// the version that was read (0: the default), else ErrConflict. The
// template must pass CheckTemplate.
func (s *Store) SaveTemplate(t MessageTemplate, by uint) (MessageTemplate, error) {
	if _, err := ParseDraftKind(string(t.Kind)); err != nil {
		return t, err
	}
	lang, err := cleanLanguage("lang", t.Lang, false)
	if err != nil {
		return t, err
	}
	t.Lang = lang
	t.Subject = strings.TrimSpace(t.Subject)
	t.Body = strings.TrimRight(strings.ReplaceAll(t.Body, "\r\n", "\n"), " \t\n")
	// Control characters go, as from every text the Store keeps; bytes that
	// are not UTF-8 are left for CheckTemplate to refuse.
	if utf8.ValidString(t.Subject) {
		t.Subject, _ = sanitize(t.Subject, textRule{bidi: true})
	}
	if utf8.ValidString(t.Body) {
		t.Body, _ = sanitize(t.Body, textRule{multi: true})
	}
	if probs := CheckTemplate(t.Kind, t.Subject, t.Body); len(probs) > 0 {
		return t, templateError(probs[0])
	}
	var out MessageTemplate
	err = s.write(func(tx *gorm.DB) error {
		if err := s.checkUser(tx, "by", by); err != nil {
			return err
		}
		now := At(s.now())
		var cur MessageTemplate
		err := tx.Where("kind = ? AND lang = ?", t.Kind, t.Lang).Take(&cur).Error
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
			if t.Version != 0 {
				return ErrConflict
			}
			out = MessageTemplate{Kind: t.Kind, Lang: t.Lang, Subject: t.Subject, Body: t.Body, Version: 1, UpdatedBy: by, UpdatedAt: now}
			return tx.Create(&out).Error
		case err != nil:
			return err
		case cur.Version != t.Version:
			return ErrConflict
		}
		res := tx.Model(&MessageTemplate{}).Where("kind = ? AND lang = ? AND version = ?", t.Kind, t.Lang, t.Version).
			Updates(map[string]any{"subject": t.Subject, "body": t.Body, "version": t.Version + 1, "updated_by": by, "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return ErrConflict
		}
		return tx.Where("kind = ? AND lang = ?", t.Kind, t.Lang).Take(&out).Error
	})
	return out, err
}

// templateError is the first problem of a template as the Store refuses
// it; Value is the placeholder concerned, Max the length limit.
func templateError(p TemplateProblem) error {
	switch p.Code {
	case TemplateUnknown:
		return invalid(p.Field, CodeUnknown).val(p.Name)
	case TemplateNotAvailable:
		return invalid(p.Field, CodeNotAllowed).val(p.Name)
	case TemplateMissing:
		return invalid(p.Field, CodeRequired).val(p.Name)
	case TemplateEmpty:
		return invalid(p.Field, CodeRequired)
	case TemplateTooLong:
		return invalid(p.Field, CodeTooLong).rng(0, int64(p.Max))
	}
	// Unclosed braces, a line break in the subject, text that is not text.
	return invalid(p.Field, CodeInvalid).val(string(p.Code))
}
