package data

import "time"

// QuickPick is a one-tap new date for a reschedule.
type QuickPick string

// The quick choices of the reschedule dialog (issue 14).
const (
	PickTomorrow   QuickPick = "tomorrow"
	PickIn2Days    QuickPick = "in_2_days"
	PickNextMonday QuickPick = "next_monday"
	PickInAWeek    QuickPick = "in_a_week"
)

// QuickPicks lists them in the order the dialog shows them.
var QuickPicks = []QuickPick{PickTomorrow, PickIn2Days, PickNextMonday, PickInAWeek}

// QuickDue is the deadline d moved to the day pick names, counted from the
// day of now in loc, at d's time of day: a callback at 10:00 moved to
// "tomorrow" is tomorrow at 10:00, an all-day deadline stays all-day.
// "Next Monday" is the Monday after today (a week ahead on a Monday).
func QuickDue(d Due, pick QuickPick, now time.Time, loc *time.Location) Due {
	today := now.In(loc)
	var days int
	switch pick {
	case PickTomorrow:
		days = 1
	case PickIn2Days:
		days = 2
	case PickNextMonday:
		days = (8 - int(today.Weekday())) % 7
		if days == 0 {
			days = 7
		}
	case PickInAWeek:
		days = 7
	}
	day := time.Date(today.Year(), today.Month(), today.Day()+days, 0, 0, 0, 0, loc)
	if d.IsZero() || d.AllDay {
		return Due{At: day, AllDay: true}
	}
	at := d.At.In(loc)
	return Due{At: time.Date(day.Year(), day.Month(), day.Day(), at.Hour(), at.Minute(), 0, 0, loc)}
}
