package main

import (
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/zusage/zusage/data"
)

func init() {
	register(&command{
		name:  "notice",
		usage: "--db PATH --product NAME --title TEXT --by EMAIL --due-days N [--lot LOT] [--description TEXT] [--dry-run]",
		run: func(c *cmdCtx) error {
			product := c.fs.String("product", "", "the product concerned")
			title := c.fs.String("title", "", "what every buyer must learn")
			by := c.fs.String("by", "", "e-mail of who issues the notice")
			dueDays := c.fs.String("due-days", "", "every buyer must be told within N days (0: today)")
			lot := c.fs.String("lot", "", `only these lots: "14,15" or "14-17"`)
			desc := c.fs.String("description", "", "details for whoever calls the customer")
			dry := c.fs.Bool("dry-run", false, "only list who would be informed; change nothing")
			if err := c.parse(c.args(), "db", "product", "title", "by", "due-days"); err != nil {
				return err
			}
			days, err := strconv.Atoi(strings.TrimSpace(*dueDays))
			if err != nil {
				return usagef("--due-days must be a whole number of days, not %q", *dueDays)
			}
			if err := c.open(false); err != nil {
				return err
			}
			p, err := c.store.ProductByName(*product)
			if err != nil {
				return err
			}
			u, err := c.user("by", *by)
			if err != nil {
				return err
			}
			if *dry {
				ts, err := c.store.NoticeTargets(p.ID, *lot)
				if err != nil {
					return err
				}
				fmt.Fprintf(c.stdout, "would inform %d %s\n", len(ts), plural(len(ts), "customer", "customers"))
				tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
				for _, t := range ts {
					fmt.Fprintf(tw, "  #%d\t%s\t%s\tlots %s\n", t.CustomerID, t.Customer, t.Owner, strings.Join(t.Lots, ","))
				}
				return tw.Flush()
			}
			n, made, err := c.store.CreateNotice(data.NewNotice{ProductID: p.ID, Title: *title, Description: *desc,
				Lot: *lot, ByID: u.ID, DueDays: days})
			if err != nil {
				return err
			}
			fmt.Fprintf(c.stdout, "will inform %d %s\n", len(made), plural(len(made), "customer", "customers"))
			fmt.Fprintln(c.stdout, n.ID)
			return nil
		},
	})
	register(&command{
		name:  "notices",
		usage: "--db PATH",
		run: func(c *cmdCtx) error {
			if err := c.parse(c.args(), "db"); err != nil {
				return err
			}
			if err := c.open(false); err != nil {
				return err
			}
			rows, err := c.store.Notices()
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tPRODUCT\tLOTS\tINFORMED\tOVERDUE\tTITLE")
			for _, r := range rows {
				lots := r.Lot
				if lots == "" {
					lots = "all"
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%d/%d\t%d\t%s\n", r.ID, r.Product, lots, r.Informed, r.Total, r.Overdue, r.Title)
			}
			return tw.Flush()
		},
	})
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
