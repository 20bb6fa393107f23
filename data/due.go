package data

import (
	"strings"
	"time"
)

// Due is a deadline: a moment, or a whole day (AllDay) that ends at midnight
// in the team's time zone.
type Due struct {
	At     time.Time
	AllDay bool
}

// IsZero reports whether no deadline is set.
func (d Due) IsZero() bool { return d.At.IsZero() }

// Date is the day of an all-day deadline as YYYY-MM-DD.
func (d Due) Date() string {
	if !d.AllDay || d.At.IsZero() {
		return ""
	}
	return d.At.Format("2006-01-02")
}

// String formats the deadline as the commands print it: RFC 3339, or
// YYYY-MM-DD for an all-day deadline.
func (d Due) String() string {
	if d.At.IsZero() {
		return ""
	}
	if d.AllDay {
		return d.Date()
	}
	return d.At.Format(time.RFC3339)
}

// DayDue is an all-day deadline on the given calendar day in loc.
func DayDue(y int, m time.Month, day int, loc *time.Location) Due {
	return Due{At: time.Date(y, m, day, 0, 0, 0, 0, loc), AllDay: true}
}

// ParseDue reads "YYYY-MM-DD" (all day) or an RFC 3339 time. Impossible
// dates such as 2030-02-30 are rejected, never normalised.
func ParseDue(s string, loc *time.Location) (Due, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Due{}, invalid("due", CodeRequired)
	}
	if len(s) == 10 {
		t, err := time.ParseInLocation("2006-01-02", s, loc)
		if err != nil {
			return Due{}, invalid("due", CodeInvalid).val(s)
		}
		return Due{At: t, AllDay: true}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return Due{}, invalid("due", CodeInvalid).val(s)
	}
	return Due{At: t}, nil
}

// End is the instant a deadline passes: the moment itself, or for an
// all-day deadline the midnight that ends its day in loc.
func (d Due) End(loc *time.Location) time.Time {
	if d.AllDay {
		y, m, day := d.At.Date()
		return time.Date(y, m, day+1, 0, 0, 0, 0, loc)
	}
	return d.At
}

// DueOf returns the deadline of c as a Due in loc.
func DueOf(c Commitment, loc *time.Location) Due {
	if c.DueAt.IsZero() {
		return Due{}
	}
	if c.DueDate != "" {
		t, err := time.ParseInLocation("2006-01-02", c.DueDate, loc)
		if err == nil {
			return Due{At: t, AllDay: true}
		}
	}
	return Due{At: c.DueAt.Time.In(loc)}
}

// SuggestPromise is the date to promise for an internal estimate under the
// buffer policy (lesson 5): the estimate plus pct of the time until then,
// at least minWorkdays working days later, never on a weekend.
func SuggestPromise(now, estimate time.Time, pct int, minWorkdays int) time.Time {
	if !estimate.After(now) {
		estimate = now
	}
	buffer := time.Duration(float64(estimate.Sub(now)) * float64(pct) / 100)
	byPct := estimate.Add(buffer)
	byDays := addWorkdays(estimate, minWorkdays)
	out := byPct
	if byDays.After(out) {
		out = byDays
	}
	for out.Weekday() == time.Saturday || out.Weekday() == time.Sunday {
		out = out.AddDate(0, 0, 1)
	}
	return out
}

func addWorkdays(t time.Time, n int) time.Time {
	for n > 0 {
		t = t.AddDate(0, 0, 1)
		if t.Weekday() != time.Saturday && t.Weekday() != time.Sunday {
			n--
		}
	}
	return t
}
