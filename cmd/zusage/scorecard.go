package main

import (
	"fmt"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/zusage/zusage/data"
)

// scoreJSON is the --json shape of design.md's command contract. The last
// element is the team row, with owner "team".
type scoreJSON struct {
	Owner             string   `json:"owner"`
	Made              int      `json:"made"`
	KeptOnTime        int      `json:"kept_on_time"`
	KeptLate          int      `json:"kept_late"`
	Open              int      `json:"open"`
	Overdue           int      `json:"overdue"`
	AvgSlipDays       float64  `json:"avg_slip_days"`
	ToldBeforeSlipPct *float64 `json:"told_before_slip_pct"`
}

// parseDay reads a YYYY-MM-DD flag as the start of that day in loc.
func parseDay(flagName, v string, loc *time.Location) (time.Time, error) {
	t, err := time.ParseInLocation("2006-01-02", v, loc)
	if err != nil {
		return t, &data.ValidationError{Field: flagName, Code: data.CodeInvalid, Value: v}
	}
	return t, nil
}

func init() {
	register(&command{
		name: "scorecard",
		usage: "--db PATH [--from DATE] [--to DATE] [--at TIME] [--json]\n" +
			"  Promises made from --from to --to (both days included; default: all), one row per\n" +
			"  salesperson and a last row \"team\". kept_on_time: done by the original deadline;\n" +
			"  kept_late: done after it; open/overdue: still open, before/after the current\n" +
			"  deadline; avg_slip_days: mean delay past the original deadline; told_before_slip_pct:\n" +
			"  share of missed or moved deadlines the customer was told about before they passed\n" +
			"  (null when nothing slipped). Standing promises are not counted.",
		run: func(c *cmdCtx) error {
			from := c.fs.String("from", "", "first day of the period (YYYY-MM-DD)")
			to := c.fs.String("to", "", "last day of the period (YYYY-MM-DD), included")
			at := c.fs.String("at", "", "compute as of this moment (RFC 3339), default now")
			asJSON := c.fs.Bool("json", false, "print one JSON array")
			if err := c.parse(c.args(), "db"); err != nil {
				return err
			}
			now := c.now()
			if *at != "" {
				t, err := parseTime("at", *at)
				if err != nil {
					return err
				}
				now = t
			}
			if err := c.open(false); err != nil {
				return err
			}
			var f, t time.Time
			var err error
			if *from != "" {
				if f, err = parseDay("from", *from, c.store.Loc); err != nil {
					return err
				}
			}
			if *to != "" {
				if t, err = parseDay("to", *to, c.store.Loc); err != nil {
					return err
				}
				t = t.AddDate(0, 0, 1)
			}
			if !f.IsZero() && !t.IsZero() && !t.After(f) {
				return &data.ValidationError{Field: "to", Code: data.CodeBackwards}
			}
			rows, err := c.store.Scorecard(f, t, now)
			if err != nil {
				return err
			}
			if *asJSON {
				out := make([]scoreJSON, 0, len(rows))
				for _, r := range rows {
					out = append(out, scoreJSON{Owner: r.Owner, Made: r.Made, KeptOnTime: r.KeptOnTime, KeptLate: r.KeptLate,
						Open: r.Open, Overdue: r.Overdue, AvgSlipDays: r.AvgSlipDays, ToldBeforeSlipPct: r.ToldBeforeSlipPct})
				}
				return writeJSON(c, out)
			}
			// Numbers align right; the owner column is padded by hand so that
			// it stays left-aligned.
			w := len("OWNER")
			for _, r := range rows {
				w = max(w, utf8.RuneCountInString(r.Owner))
			}
			pad := func(s string) string { return s + strings.Repeat(" ", w-utf8.RuneCountInString(s)) }
			tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
			fmt.Fprintln(tw, pad("OWNER")+"\tMADE\tON TIME\tLATE\tOPEN\tOVERDUE\tCANCELLED\tAVG SLIP\tTOLD BEFORE SLIP\t")
			for _, r := range rows {
				told := "–"
				if r.ToldBeforeSlipPct != nil {
					told = fmt.Sprintf("%.0f%% (%d/%d)", *r.ToldBeforeSlipPct, r.ToldBeforeSlip, r.Slips)
				}
				fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%.1f d\t%s\t\n", pad(r.Owner), r.Made, r.KeptOnTime, r.KeptLate,
					r.Open, r.Overdue, r.Cancelled, r.AvgSlipDays, told)
			}
			return tw.Flush()
		},
	})
}
