package app

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"

	"github.com/zusage/zusage/data"
)

// uiLang is the language the translations resolved to: "de" or "en". It is
// read from the translation files themselves, so the date format always
// matches the words around it.
func uiLang() string {
	if lang.L("language.code") == "de" {
		return "de"
	}
	return "en"
}

var (
	weekdaysDE = []string{"So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"}
	weekdaysEN = []string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
	monthsEN   = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
)

// fmtDay formats a calendar day in the user's language: "Di 24.11." or
// "Tue 24 Nov"; the year is added when it is not the year of now.
func fmtDay(t, now time.Time) string {
	t = t.Local()
	year := ""
	if t.Year() != now.Local().Year() {
		year = strconv.Itoa(t.Year())
	}
	if uiLang() == "de" {
		return fmt.Sprintf("%s %02d.%02d.%s", weekdaysDE[t.Weekday()], t.Day(), int(t.Month()), year)
	}
	s := fmt.Sprintf("%s %d %s", weekdaysEN[t.Weekday()], t.Day(), monthsEN[t.Month()-1])
	if year != "" {
		s += " " + year
	}
	return s
}

// fmtMoment formats a date and time: "Di 24.11. 10:00" or "Tue 24 Nov 10:00".
func fmtMoment(t, now time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return fmtDay(t, now) + " " + t.Local().Format("15:04")
}

// fmtDue formats a deadline; an all-day deadline shows only its day.
func fmtDue(d data.Due, now time.Time) string {
	if d.IsZero() {
		return lang.L("no due date")
	}
	if d.AllDay {
		return fmtDay(d.At, now)
	}
	return fmtMoment(d.At, now)
}

// fmtSpan says how long d is in words that fit "for …", "in …" and
// "since …" in both languages ("2 days", "seit 2 Tagen").
func fmtSpan(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	switch {
	case d >= 48*time.Hour:
		return lang.L("{{.N}} days", map[string]any{"N": int(d / (24 * time.Hour))})
	case d >= 24*time.Hour:
		return lang.L("1 day")
	case d >= 2*time.Hour:
		return lang.L("{{.N}} hours", map[string]any{"N": int(d / time.Hour)})
	case d >= time.Hour:
		return lang.L("1 hour")
	case d >= 2*time.Minute:
		return lang.L("{{.N}} minutes", map[string]any{"N": int(d / time.Minute)})
	}
	return lang.L("a moment")
}

// kindLabel is the translated name of a commitment kind.
func kindLabel(k string) string {
	switch k {
	case data.KindCallback:
		return lang.L("Callback")
	case data.KindAnswer:
		return lang.L("Answer")
	case data.KindOffer:
		return lang.L("Offer")
	case data.KindDelivery:
		return lang.L("Delivery")
	case data.KindDocument:
		return lang.L("Document")
	case data.KindVisit:
		return lang.L("Visit")
	case data.KindInform:
		return lang.L("Inform")
	case data.KindStanding:
		return lang.L("Standing promise")
	}
	return lang.L("Other kind")
}

// channelLabel is the translated name of a contact channel.
func channelLabel(c string) string {
	switch c {
	case "phone":
		return lang.L("Phone")
	case "email":
		return lang.L("E-mail")
	case "meeting":
		return lang.L("Meeting")
	case "video":
		return lang.L("Video call")
	case "letter":
		return lang.L("Letter")
	case "webform":
		return lang.L("Web form")
	case "chat":
		return lang.L("Chat")
	}
	return lang.L("Other channel")
}

// dateStyle is how the user writes a date: the German way (03.12.2026),
// the US way (12/03/2026), the British way (03/12/2026), or ISO.
type dateStyle int

const (
	dateISO dateStyle = iota
	dateDE
	dateUS
	dateGB
)

// userDateStyle follows the language of the words on screen, and for
// English the region of the locale (LC_ALL, LC_TIME, LANG, then the
// system's): US month first, Germany, Austria and Switzerland with dots,
// other regions day first, none (LANG=C) ISO.
func userDateStyle() dateStyle {
	if uiLang() == "de" {
		return dateDE
	}
	region := ""
	for _, k := range []string{"LC_ALL", "LC_TIME", "LANG"} {
		if v := os.Getenv(k); v != "" {
			region = localeRegion(v)
			break
		}
	}
	if region == "" {
		if l := lang.SystemLocale().LanguageString(); strings.Contains(l, "-") {
			region = strings.ToUpper(l[strings.Index(l, "-")+1:])
		}
	}
	switch region {
	case "":
		return dateISO
	case "US", "PH", "PR", "FM", "MH", "PW":
		return dateUS
	case "DE", "AT", "CH", "LI":
		return dateDE
	}
	return dateGB
}

// localeRegion is the region of a POSIX locale name ("en_US.UTF-8" → "US").
func localeRegion(v string) string {
	if i := strings.IndexAny(v, ".@"); i >= 0 {
		v = v[:i]
	}
	if i := strings.IndexAny(v, "_-"); i >= 0 {
		return strings.ToUpper(v[i+1:])
	}
	return ""
}

// layout is the Go layout a style shows dates in.
func (st dateStyle) layout() string {
	switch st {
	case dateDE:
		return "02.01.2006"
	case dateUS:
		return "01/02/2006"
	case dateGB:
		return "02/01/2006"
	}
	return "2006-01-02"
}

// placeholder shows the user how to type a date in a style.
func (st dateStyle) placeholder() string {
	switch st {
	case dateDE:
		return "TT.MM.JJJJ"
	case dateUS:
		return "MM/DD/YYYY"
	case dateGB:
		return "DD/MM/YYYY"
	}
	return "YYYY-MM-DD"
}

// dateLayout is the layout the date fields show.
func dateLayout() string { return userDateStyle().layout() }

// datePlaceholder shows the user how to type a date.
func datePlaceholder() string { return userDateStyle().placeholder() }

// fmtDateInput formats t for a date field.
func fmtDateInput(t time.Time) string { return t.Local().Format(dateLayout()) }

// parseDateInput reads a date as the user writes it (userDateStyle).
func parseDateInput(s string) (y int, m time.Month, d int, err error) {
	return parseDateIn(s, userDateStyle())
}

// parseDateIn reads a date typed in style st, or as ISO YYYY-MM-DD, or
// with dots as DD.MM.YYYY (D.M.YY too) in any style; with slashes the
// style says whether the month or the day comes first. Impossible dates
// such as 30.02.2027 are reported, never normalised.
func parseDateIn(s string, st dateStyle) (y int, m time.Month, d int, err error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, 0, 0, fmt.Errorf("%s", lang.L("Enter a date"))
	}
	bad := fmt.Errorf("%s", lang.L("Not a date: write {{.Format}}", map[string]any{"Format": st.placeholder()}))
	var parts []string
	order := "dmy"
	switch {
	case strings.Contains(s, "-"):
		parts, order = strings.Split(s, "-"), "ymd"
	case strings.Contains(s, "/"):
		parts = strings.Split(s, "/")
		if st == dateUS {
			order = "mdy"
		}
	default:
		parts = strings.Split(strings.TrimSuffix(s, "."), ".")
	}
	if len(parts) != 3 {
		return 0, 0, 0, bad
	}
	nums := map[byte]int{}
	for i, p := range parts {
		p = strings.TrimSpace(p)
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return 0, 0, 0, bad
		}
		if order[i] == 'y' && len(p) == 2 {
			n += 2000
		} else if order[i] == 'y' && len(p) != 4 {
			return 0, 0, 0, bad
		}
		nums[order[i]] = n
	}
	y, m, d = nums['y'], time.Month(nums['m']), nums['d']
	if y < 1000 || y > 9999 {
		return 0, 0, 0, bad
	}
	if m < 1 || m > 12 {
		return 0, 0, 0, fmt.Errorf("%s", lang.L("There is no month {{.M}}", map[string]any{"M": int(m)}))
	}
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if d < 1 || t.Month() != m {
		return 0, 0, 0, fmt.Errorf("%s", lang.L("This day does not exist: {{.M}} has no day {{.D}}", map[string]any{"M": monthName(m, y), "D": d}))
	}
	return y, m, d, nil
}

func monthName(m time.Month, y int) string {
	if uiLang() == "de" {
		names := []string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"}
		return fmt.Sprintf("%s %d", names[m-1], y)
	}
	return fmt.Sprintf("%s %d", m.String(), y)
}

// parseClock reads "10:00" or "9.30".
func parseClock(s string) (h, min int, err error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, ".", ":"))
	bad := fmt.Errorf("%s", lang.L("Not a time: write HH:MM, e.g. 10:00"))
	p := strings.Split(s, ":")
	if len(p) != 2 {
		return 0, 0, bad
	}
	h, e1 := strconv.Atoi(p[0])
	min, e2 := strconv.Atoi(p[1])
	if e1 != nil || e2 != nil || h < 0 || h > 23 || min < 0 || min > 59 {
		return 0, 0, bad
	}
	return h, min, nil
}

// dueFromInput builds a deadline from a date field, a time field and the
// all-day switch, in loc.
func dueFromInput(date, clock string, allDay bool, loc *time.Location) (data.Due, error, error) {
	y, m, d, derr := parseDateInput(date)
	if derr != nil {
		return data.Due{}, derr, nil
	}
	if allDay {
		return data.DayDue(y, m, d, loc), nil, nil
	}
	if strings.TrimSpace(clock) == "" {
		return data.Due{}, nil, errors.New(lang.L("Enter a time, or tick All day"))
	}
	h, mi, terr := parseClock(clock)
	if terr != nil {
		return data.Due{}, nil, terr
	}
	return data.Due{At: time.Date(y, m, d, h, mi, 0, 0, loc)}, nil, nil
}

// startOfDay is midnight at the start of t's day in local time.
func startOfDay(t time.Time) time.Time {
	t = t.Local()
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.Local)
}

// fmtEstimate formats an internal estimate; one that ends exactly at
// midnight is an all-day estimate and shows as its day.
func fmtEstimate(t, now time.Time) string {
	l := t.Local()
	if l.Hour() == 0 && l.Minute() == 0 {
		return fmtDay(l.Add(-time.Minute), now)
	}
	return fmtMoment(t, now)
}

// kindAndTitle is "Kind: title", or the title alone when it already starts
// with the kind's name ("Rückruf zur Preisfrage", not "Rückruf: Rückruf zur
// Preisfrage") — in a crowded row every word counts.
func kindAndTitle(kind, title string) string {
	k := kindLabel(kind)
	if len(title) >= len(k) && strings.EqualFold(title[:len(k)], k) {
		return title
	}
	return k + ": " + title
}

// clip shortens s to at most n characters, marking the cut with "…", so
// that no label is handed unbounded text: Fyne measures and wraps a
// label's whole text on the UI thread, and 20,000 characters of notes
// froze the window for seconds.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := 0
	for j := range s {
		if i == n {
			return s[:j] + "…"
		}
		i++
	}
	return s
}

// clipLine is clip on one line: line breaks become spaces.
func clipLine(s string, n int) string {
	s = clip(s, n)
	if strings.ContainsAny(s, "\r\n") {
		s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
	}
	return s
}
