package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/zusage/zusage/data"
	"github.com/zusage/zusage/data/ics"
)

// ics writes an iCalendar file: the invite (or cancellation) of one promise,
// or the feed of promises of one salesperson or the whole team.
func init() {
	register(&command{
		name:  "ics",
		usage: "--db PATH --out FILE (--commitment ID [--for-customer | --previous-owner] | [--owner EMAIL] [--from DATE] [--to DATE]) [--lang de|en]",
		run: func(c *cmdCtx) error {
			out := c.fs.String("out", "", "the .ics file to write")
			commitment := c.fs.String("commitment", "", "write the salesperson's own invite (or cancellation) of this promise")
			forCustomer := c.fs.Bool("for-customer", false, "with --commitment: the invite for the customer, with customer-safe text only")
			previous := c.fs.Bool("previous-owner", false, "with --commitment: the cancellation that removes a handed-over promise from its previous owner's calendar")
			owner := c.fs.String("owner", "", "feed: only this salesperson's promises (default: everybody's)")
			from := c.fs.String("from", "", "feed: first day, YYYY-MM-DD (default today)")
			to := c.fs.String("to", "", "feed: last day, YYYY-MM-DD (default one year after --from)")
			lang := c.fs.String("lang", "de", "language of the event texts: de or en")
			if err := c.parse(c.args(), "db", "out"); err != nil {
				return err
			}
			set := map[string]bool{}
			c.fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
			if strings.TrimSpace(*out) == "" {
				return usagef("--out must name a file")
			}
			if !icsLang(*lang) {
				return usagef("--lang must be one of %s, not %q", strings.Join(ics.Languages, ", "), *lang)
			}
			exp := ics.Exporter{Lang: *lang}
			if *forCustomer && *previous {
				return usagef("--for-customer and --previous-owner are two different files; give one")
			}
			if (*forCustomer || *previous) && !set["commitment"] {
				return usagef("--for-customer and --previous-owner go with --commitment")
			}
			if set["commitment"] {
				for _, f := range []string{"owner", "from", "to"} {
					if set[f] {
						return usagef("--commitment writes one invite; --%s is for a feed", f)
					}
				}
				id, err := parseID("commitment", *commitment)
				if err != nil {
					return err
				}
				if err := c.open(false); err != nil {
					return err
				}
				method, what := "", "invite"
				err = ics.WriteFileAtomic(*out, func(w io.Writer) error {
					var err error
					switch {
					case *forCustomer:
						method, err = exp.CustomerInvite(w, c.store, id, c.now())
						what = "customer invite"
					case *previous:
						method, what = ics.MethodCancel, "cancellation for the previous owner"
						err = exp.PreviousOwnerCancel(w, c.store, id, c.now())
					default:
						method, err = exp.Invite(w, c.store, id, c.now())
					}
					return err
				})
				if err != nil {
					return err
				}
				if method == ics.MethodCancel && !*previous {
					what = map[bool]string{true: "customer cancellation", false: "cancellation"}[*forCustomer]
				}
				fmt.Fprintf(c.stdout, "1 event written to %s (%s, METHOD:%s)\n", *out, what, method)
				return nil
			}
			if err := c.open(false); err != nil {
				return err
			}
			var f ics.FeedFilter
			if *owner != "" {
				u, err := c.user("owner", *owner)
				if err != nil {
					return err
				}
				f.OwnerID = u.ID
			}
			if *from != "" {
				d, err := c.icsDay("from", *from)
				if err != nil {
					return err
				}
				f.From = d
			}
			if *to != "" {
				d, err := c.icsDay("to", *to)
				if err != nil {
					return err
				}
				if f.From.IsZero() {
					y, m, day := c.now().In(c.store.Loc).Date()
					f.From = time.Date(y, m, day, 0, 0, 0, 0, c.store.Loc)
				}
				if d.Before(f.From) {
					return &data.ValidationError{Field: "to", Code: data.CodeBackwards}
				}
				// --to names the last day; the filter's end is exclusive.
				f.To = d.AddDate(0, 0, 1)
			}
			n := 0
			err := ics.WriteFileAtomic(*out, func(w io.Writer) error {
				var err error
				n, err = exp.Feed(w, c.store, f, c.now())
				return err
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(c.stdout, "%d %s written to %s (feed, METHOD:PUBLISH)\n", n, icsPlural(n, "event", "events"), *out)
			return nil
		},
	})
}

// icsDay reads a YYYY-MM-DD flag as the start of that day in the team's
// time zone.
func (c *cmdCtx) icsDay(flagName, v string) (time.Time, error) {
	d, err := c.parseDue(flagName, v)
	if err != nil {
		return time.Time{}, err
	}
	if !d.AllDay {
		return time.Time{}, &data.ValidationError{Field: flagName, Code: data.CodeInvalid, Value: v}
	}
	return d.At, nil
}

func icsLang(l string) bool {
	for _, x := range ics.Languages {
		if x == l {
			return true
		}
	}
	return false
}

func icsPlural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
