package data

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestQuickPicksKeepTheTimeOfDay(t *testing.T) {
	// Tuesday 24 November 2026, 09:00 in Berlin; the callback was at 10:30.
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, berlin)
	cb := Due{At: time.Date(2026, 11, 22, 10, 30, 0, 0, berlin)}
	want := map[QuickPick]string{
		PickTomorrow:   "2026-11-25T10:30:00+01:00",
		PickIn2Days:    "2026-11-26T10:30:00+01:00",
		PickNextMonday: "2026-11-30T10:30:00+01:00",
		PickInAWeek:    "2026-12-01T10:30:00+01:00",
	}
	for _, p := range QuickPicks {
		assert.Equal(t, want[p], QuickDue(cb, p, now, berlin).String(), p)
	}
	day := DayDue(2026, 11, 20, berlin)
	got := QuickDue(day, PickTomorrow, now, berlin)
	assert.True(t, got.AllDay, "an all-day deadline stays all-day")
	assert.Equal(t, "2026-11-25", got.Date())
	// On a Monday, next Monday is a week ahead; across the clock change
	// the time of day stays 10:30.
	monday := time.Date(2026, 3, 23, 8, 0, 0, 0, berlin)
	assert.Equal(t, "2026-03-30T10:30:00+02:00", QuickDue(cb, PickNextMonday, monday, berlin).String())
	// Late on Sunday evening UTC is already Monday in Berlin.
	sunday := time.Date(2026, 11, 29, 23, 30, 0, 0, time.UTC)
	assert.Equal(t, "2026-12-07", QuickDue(day, PickNextMonday, sunday, berlin).Date())
}
