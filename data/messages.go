package data

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Languages a message to a customer can be written in.
const (
	LangDE = "de"
	LangEN = "en"
)

// Languages lists the customer languages in the order the UI offers them.
var Languages = []string{LangDE, LangEN}

// cleanLanguage accepts "de" or "en" (any case, trimmed); "" only when
// allowEmpty (a customer following the team's default).
func cleanLanguage(field, l string, allowEmpty bool) (string, error) {
	l = strings.ToLower(strings.TrimSpace(l))
	switch {
	case l == LangDE || l == LangEN:
		return l, nil
	case l == "" && allowEmpty:
		return "", nil
	}
	return "", invalid(field, CodeInvalid).val(l)
}

// DraftKind is what a ready message is for.
type DraftKind string

// The ready messages (issue 14).
const (
	// DraftDelay tells the customer that a promise will slip (lesson 4).
	DraftDelay DraftKind = "delay"
	// DraftIntro is the first e-mail: who is responsible and how to reach
	// them directly (lesson 1).
	DraftIntro DraftKind = "intro"
	// DraftCallback confirms the agreed time of a callback (lesson 3).
	DraftCallback DraftKind = "callback"
	// DraftNotice tells a buyer about a product notice (lesson 6).
	DraftNotice DraftKind = "notice"
)

// DraftKinds lists the message kinds in the order Settings shows them.
var DraftKinds = []DraftKind{DraftDelay, DraftIntro, DraftCallback, DraftNotice}

// ParseDraftKind reads a kind as the commands take it.
func ParseDraftKind(s string) (DraftKind, error) {
	k := DraftKind(strings.ToLower(strings.TrimSpace(s)))
	for _, x := range DraftKinds {
		if x == k {
			return k, nil
		}
	}
	return "", invalid("kind", CodeInvalid).val(s)
}

// Placeholder is a name a template may use in braces, "{customer}" or its
// German name "{kunde}"; both work in templates of either language.
type Placeholder struct {
	// Name is the English name, German the German one.
	Name, German string
	// Kinds are the message kinds that have a value for it; nil means all.
	Kinds []DraftKind
	// Marker placeholders stand for nothing; a line with one is kept only
	// when its condition holds ("if_no_new_due": no new date was given).
	Marker bool
}

// Placeholders every template may use, by kind.
var Placeholders = []Placeholder{
	{Name: "customer", German: "kunde"},
	{Name: "company", German: "firma"},
	{Name: "promise", German: "zusage", Kinds: []DraftKind{DraftDelay, DraftCallback}},
	{Name: "kind", German: "art", Kinds: []DraftKind{DraftDelay, DraftCallback}},
	{Name: "due", German: "termin", Kinds: []DraftKind{DraftDelay, DraftCallback}},
	{Name: "new_due", German: "neuer_termin", Kinds: []DraftKind{DraftDelay}},
	{Name: "if_no_new_due", German: "ohne_neuen_termin", Kinds: []DraftKind{DraftDelay}, Marker: true},
	{Name: "notice", German: "hinweis", Kinds: []DraftKind{DraftNotice}},
	{Name: "notice_text", German: "hinweis_text", Kinds: []DraftKind{DraftNotice}},
	{Name: "product", German: "produkt", Kinds: []DraftKind{DraftNotice}},
	{Name: "lots", German: "chargen", Kinds: []DraftKind{DraftNotice}},
	{Name: "owner", German: "betreuer"},
	{Name: "owner_phone", German: "durchwahl"},
	{Name: "owner_email", German: "betreuer_email"},
}

// requiredPlaceholders must appear in every body: the customer always gets
// the full name, the direct line and the e-mail of the person responsible
// (lesson 1), never an anonymous info@ address.
var requiredPlaceholders = []string{"owner", "owner_phone", "owner_email"}

// PlaceholdersFor lists the placeholders a kind of message has values for.
func PlaceholdersFor(k DraftKind) []Placeholder {
	var out []Placeholder
	for _, p := range Placeholders {
		if p.availableIn(k) {
			out = append(out, p)
		}
	}
	return out
}

func (p Placeholder) availableIn(k DraftKind) bool {
	if p.Kinds == nil {
		return true
	}
	for _, x := range p.Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// placeholderByName finds a placeholder by its English or German name.
func placeholderByName(name string) (Placeholder, bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	for _, p := range Placeholders {
		if p.Name == name || p.German == name {
			return p, true
		}
	}
	return Placeholder{}, false
}

// Limits of a template's text.
const (
	MaxSubjectRunes = 200
	MaxBodyRunes    = 4000
	MaxTalkRunes    = 4000
)

// TemplateCode says what is wrong with a template.
type TemplateCode string

// What CheckTemplate finds.
const (
	// TemplateEmpty: the subject or the body is empty.
	TemplateEmpty TemplateCode = "empty"
	// TemplateTooLong: longer than Max runes.
	TemplateTooLong TemplateCode = "too_long"
	// TemplateNewline: the subject has a line break.
	TemplateNewline TemplateCode = "newline"
	// TemplateUnclosed: a "{" without its "}" (at Pos).
	TemplateUnclosed TemplateCode = "unclosed"
	// TemplateUnknown: Name is no placeholder.
	TemplateUnknown TemplateCode = "unknown"
	// TemplateNotAvailable: Name has no value in this kind of message.
	TemplateNotAvailable TemplateCode = "not_available"
	// TemplateMissing: the body lacks Name, which every message must carry.
	TemplateMissing TemplateCode = "missing"
	// TemplateNotText: not clean UTF-8 text.
	TemplateNotText TemplateCode = "not_text"
)

// TemplateProblem is one thing wrong with a template: in Field ("subject"
// or "body"), Code, about placeholder Name, at rune Pos, with limit Max.
type TemplateProblem struct {
	Field string
	Code  TemplateCode
	Name  string
	Pos   int
	Max   int
}

// templatePart is a piece of a parsed template: literal text, or a
// placeholder.
type templatePart struct {
	text string
	ph   *Placeholder
	// raw is the name as written, for problems.
	raw string
	pos int
}

// parseTemplate splits text into literal text and placeholders. "{{" and
// "}}" stand for literal braces.
func parseTemplate(text string) ([]templatePart, []TemplateProblem) {
	var parts []templatePart
	var probs []TemplateProblem
	var lit strings.Builder
	runes := []rune(text)
	flush := func() {
		if lit.Len() > 0 {
			parts = append(parts, templatePart{text: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(runes); i++ {
		r := runes[i]
		switch {
		case r == '{' && i+1 < len(runes) && runes[i+1] == '{':
			lit.WriteRune('{')
			i++
		case r == '}' && i+1 < len(runes) && runes[i+1] == '}':
			lit.WriteRune('}')
			i++
		case r == '{':
			end := -1
			for j := i + 1; j < len(runes); j++ {
				if runes[j] == '}' {
					end = j
					break
				}
				if runes[j] == '{' || runes[j] == '\n' {
					break
				}
			}
			if end < 0 {
				probs = append(probs, TemplateProblem{Code: TemplateUnclosed, Pos: i})
				lit.WriteRune(r)
				continue
			}
			flush()
			raw := strings.TrimSpace(string(runes[i+1 : end]))
			p := templatePart{raw: raw, pos: i}
			if ph, ok := placeholderByName(raw); ok {
				p.ph = &ph
			} else {
				probs = append(probs, TemplateProblem{Code: TemplateUnknown, Name: raw, Pos: i})
			}
			parts = append(parts, p)
			i = end
		default:
			lit.WriteRune(r)
		}
	}
	flush()
	return parts, probs
}

// CheckTemplate lists what is wrong with a template for kind: unknown or
// unavailable placeholders, unclosed braces, a body without the owner's
// name, direct line and e-mail, empty or too long texts. No problems means
// the template can be saved.
func CheckTemplate(kind DraftKind, subject, body string) []TemplateProblem {
	var out []TemplateProblem
	check := func(field, text string, max int) []templatePart {
		if !utf8.ValidString(text) || strings.ContainsRune(text, 0) {
			out = append(out, TemplateProblem{Field: field, Code: TemplateNotText})
			return nil
		}
		if strings.TrimSpace(text) == "" {
			out = append(out, TemplateProblem{Field: field, Code: TemplateEmpty})
		}
		if utf8.RuneCountInString(text) > max {
			out = append(out, TemplateProblem{Field: field, Code: TemplateTooLong, Max: max})
		}
		parts, probs := parseTemplate(text)
		for _, p := range probs {
			p.Field = field
			out = append(out, p)
		}
		for _, p := range parts {
			if p.ph != nil && !p.ph.availableIn(kind) {
				out = append(out, TemplateProblem{Field: field, Code: TemplateNotAvailable, Name: p.raw, Pos: p.pos})
			}
		}
		return parts
	}
	if strings.ContainsAny(subject, "\r\n") {
		out = append(out, TemplateProblem{Field: "subject", Code: TemplateNewline})
	}
	check("subject", subject, MaxSubjectRunes)
	parts := check("body", body, MaxBodyRunes)
	if parts != nil {
		have := map[string]bool{}
		for _, p := range parts {
			if p.ph != nil {
				have[p.ph.Name] = true
			}
		}
		for _, name := range requiredPlaceholders {
			if !have[name] {
				ph, _ := placeholderByName(name)
				n := ph.Name
				if templateLooksGerman(body) {
					n = ph.German
				}
				out = append(out, TemplateProblem{Field: "body", Code: TemplateMissing, Name: n})
			}
		}
	}
	return out
}

// templateLooksGerman reports whether the body already uses German
// placeholder names, so a missing one is named the same way.
func templateLooksGerman(body string) bool {
	parts, _ := parseTemplate(body)
	de, en := 0, 0
	for _, p := range parts {
		if p.ph == nil {
			continue
		}
		if strings.EqualFold(p.raw, p.ph.German) && p.ph.German != p.ph.Name {
			de++
		} else {
			en++
		}
	}
	return de > en
}

// DraftFacts are what a message is composed from: only what the customer
// may read — never the customer's notes, a promise's internal details or
// estimate, or why it moved inside the team.
type DraftFacts struct {
	Kind     DraftKind
	Lang     string
	Customer string
	Company  string
	// Promise and PromiseKind are the promise the message is about.
	Promise     string
	PromiseKind string
	// Due is the date the customer heard; NewDue the new one (delay).
	Due, NewDue Due
	// Notice, NoticeText, Product and Lots describe a product notice.
	Notice, NoticeText, Product string
	Lots                        []string
	// Owner is the salesperson responsible.
	Owner, OwnerPhone, OwnerEmail string
	// Loc is the time zone dates are written in.
	Loc *time.Location
}

// values is what each placeholder stands for; a placeholder without a value
// is absent, and a line that uses it is left out of the message.
func (f DraftFacts) values() map[string]string {
	v := map[string]string{}
	set := func(name, val string) {
		if strings.TrimSpace(val) != "" {
			v[name] = strings.TrimSpace(val)
		}
	}
	loc := f.Loc
	if loc == nil {
		loc = time.Local
	}
	set("customer", f.Customer)
	if f.Company != f.Customer {
		set("company", f.Company)
	}
	set("promise", f.Promise)
	set("kind", KindWord(f.PromiseKind, f.Lang))
	if !f.Due.IsZero() {
		set("due", LongDue(f.Due, f.Lang, loc))
	}
	if !f.NewDue.IsZero() {
		set("new_due", LongDue(f.NewDue, f.Lang, loc))
	} else {
		v["if_no_new_due"] = ""
	}
	set("notice", f.Notice)
	set("notice_text", f.NoticeText)
	set("product", f.Product)
	set("lots", strings.Join(f.Lots, ", "))
	set("owner", f.Owner)
	set("owner_phone", f.OwnerPhone)
	set("owner_email", f.OwnerEmail)
	return v
}

// Compose fills a template with facts. A line (a paragraph, as templates
// are written) that uses a placeholder without a value is left out — "Durchwahl:
// {durchwahl}" disappears for a salesperson without a direct line, and the
// line with {if_no_new_due} appears only when there is no new date. The
// subject keeps its words and only loses the missing value.
func Compose(subject, body string, f DraftFacts) (string, string) {
	v := f.values()
	sub := expandLine(subject, v)
	sub = strings.Join(strings.Fields(sub), " ")
	var lines []string
	for _, line := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n") {
		out, ok := expandLineKeep(line, v)
		if !ok {
			continue
		}
		lines = append(lines, strings.TrimRightFunc(out, unicode.IsSpace))
	}
	// Left-out lines must not leave gaps of several blank lines.
	var b strings.Builder
	blank := 0
	for _, l := range lines {
		if l == "" {
			blank++
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n")
			if blank > 0 {
				b.WriteString("\n")
			}
		}
		blank = 0
		b.WriteString(l)
	}
	return sub, b.String()
}

// expandLineKeep expands one body line; ok is false when it uses a
// placeholder without a value.
func expandLineKeep(line string, v map[string]string) (string, bool) {
	parts, _ := parseTemplate(line)
	var b strings.Builder
	afterValue := false
	for _, p := range parts {
		if p.ph == nil && p.raw == "" {
			text := p.text
			// "zugesagt: Rabatt?." — a value that ends its sentence
			// itself takes the place of the template's full stop.
			if afterValue && strings.HasPrefix(text, ".") && strings.ContainsAny(lastRune(b.String()), ".?!…") {
				text = text[1:]
			}
			b.WriteString(text)
			afterValue = false
			continue
		}
		afterValue = true
		if p.ph == nil {
			// An unknown name is kept as written: the check reports it.
			b.WriteString("{" + p.raw + "}")
			continue
		}
		val, ok := v[p.ph.Name]
		if !ok {
			return "", false
		}
		b.WriteString(val)
	}
	return b.String(), true
}

// lastRune is the last character of s ("" for none).
func lastRune(s string) string {
	r, n := utf8.DecodeLastRuneInString(s)
	if n == 0 {
		return ""
	}
	return string(r)
}

// expandLine expands a subject: a missing value is left out, the words stay.
func expandLine(line string, v map[string]string) string {
	parts, _ := parseTemplate(line)
	var b strings.Builder
	for _, p := range parts {
		switch {
		case p.ph == nil && p.raw == "":
			b.WriteString(p.text)
		case p.ph == nil:
			b.WriteString("{" + p.raw + "}")
		default:
			b.WriteString(v[p.ph.Name])
		}
	}
	return b.String()
}

var (
	weekdaysLongDE = []string{"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"}
	monthsLongDE   = []string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"}
)

// LongDue writes a deadline as a letter does, in lang: "Freitag,
// 4. Dezember 2026" or "Friday, 4 December 2026", with ", 10:00 Uhr" /
// ", 10:00" when it has a time of day; in loc.
func LongDue(d Due, lang string, loc *time.Location) string {
	if d.IsZero() {
		return ""
	}
	t := d.At
	if !d.AllDay {
		t = t.In(loc)
	}
	var s string
	if lang == LangDE {
		s = fmt.Sprintf("%s, %d. %s %d", weekdaysLongDE[t.Weekday()], t.Day(), monthsLongDE[t.Month()-1], t.Year())
		if !d.AllDay {
			s += t.Format(", 15:04") + " Uhr"
		}
		return s
	}
	s = fmt.Sprintf("%s, %d %s %d", t.Weekday(), t.Day(), t.Month(), t.Year())
	if !d.AllDay {
		s += t.Format(", 15:04")
	}
	return s
}

// KindWord names a promise kind in a customer's language.
func KindWord(kind, lang string) string {
	de := map[string]string{KindCallback: "Rückruf", KindAnswer: "Antwort", KindOffer: "Angebot", KindDelivery: "Lieferung",
		KindDocument: "Unterlagen", KindVisit: "Besuch", KindInform: "Information", KindStanding: "Vereinbarung", KindOther: "Zusage"}
	en := map[string]string{KindCallback: "callback", KindAnswer: "answer", KindOffer: "offer", KindDelivery: "delivery",
		KindDocument: "documents", KindVisit: "visit", KindInform: "information", KindStanding: "agreement", KindOther: "promise"}
	if lang == LangDE {
		return de[kind]
	}
	return en[kind]
}

// EffectiveLanguage is the language messages to c are written in: the
// customer's own, else the team's default.
func EffectiveLanguage(c Customer, set TeamSettings) string {
	if c.Language != "" {
		return c.Language
	}
	if set.CustomerLanguage != "" {
		return set.CustomerLanguage
	}
	return LangDE
}

// CustomerLanguage is the language messages to customer id are written in.
func (s *Store) CustomerLanguage(id uint) (string, error) {
	var c Customer
	if err := s.db.Select("id", "language").First(&c, id).Error; err != nil {
		return "", mapErr(err)
	}
	set, err := s.Settings()
	if err != nil {
		return "", err
	}
	return EffectiveLanguage(c, set), nil
}

// SampleFacts are made-up facts to preview a template with: a customer, a
// promise due in three days that moves by a week, a notice, and owner as
// the salesperson.
func SampleFacts(kind DraftKind, lang string, owner User, now time.Time, loc *time.Location) DraftFacts {
	if loc == nil {
		loc = time.Local
	}
	day := now.In(loc).AddDate(0, 0, 3)
	f := DraftFacts{Kind: kind, Lang: lang, Owner: owner.Name, OwnerPhone: owner.Phone, OwnerEmail: owner.Email, Loc: loc}
	if lang == LangDE {
		f.Customer, f.Company = "Sabine Beispiel", "Beispiel Haustechnik GmbH"
		f.Promise, f.PromiseKind = "Antwort zur Preisfrage X200", KindAnswer
		f.Notice, f.NoticeText = "Dichtung kann undicht werden", "Bitte einmal die Dichtung ansehen; Austauschdichtungen sind kostenlos."
	} else {
		f.Customer, f.Company = "Jane Example", "Example Heating Ltd"
		f.Promise, f.PromiseKind = "Answer on the X200 price", KindAnswer
		f.Notice, f.NoticeText = "The seal may leak", "Please take a look at the seal; replacement seals are free of charge."
	}
	f.Product, f.Lots = "Pumpe X200", []string{"L2611-014"}
	if kind == DraftCallback {
		f.PromiseKind = KindCallback
		f.Due = Due{At: time.Date(day.Year(), day.Month(), day.Day(), 10, 0, 0, 0, loc)}
	} else {
		f.Due = DayDue(day.Year(), day.Month(), day.Day(), loc)
		f.NewDue = DayDue(day.Year(), day.Month(), day.Day()+7, loc)
	}
	if kind != DraftDelay {
		f.NewDue = Due{}
	}
	if kind == DraftIntro || kind == DraftNotice {
		f.Due, f.Promise, f.PromiseKind = Due{}, "", ""
	}
	return f
}
