package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/zusage/zusage/data/demo"
)

func init() {
	register(&command{
		name:  "demo",
		usage: "--db PATH [--customers N] [--users N] [--years N] [--seed N]",
		run: func(c *cmdCtx) error {
			customers := c.fs.Int("customers", 200, "how many customers")
			users := c.fs.Int("users", 5, "how many salespeople")
			years := c.fs.Int("years", 2, "how many years of history")
			seed := c.fs.Int64("seed", 1, "random seed; the same seed makes the same data")
			if err := c.parse(c.args(), "db"); err != nil {
				return err
			}
			switch {
			case *customers < 1:
				return usagef("--customers must be at least 1")
			case *users < 1:
				return usagef("--users must be at least 1")
			case *years < 1:
				return usagef("--years must be at least 1")
			}
			if err := c.open(true); err != nil {
				return err
			}
			var progress func(done, total int)
			if isTerminal(c.stderr) {
				progress = progressBar(raw(c.stderr), "generating")
			}
			start := time.Now()
			res, err := demo.Generate(c.store, demo.Options{Customers: *customers, Users: *users, Years: *years, Seed: *seed, Now: c.now()}, progress)
			if err != nil {
				return err
			}
			fmt.Fprintf(c.stdout, "made %d salespeople, %d customers, %d contacts, %d promises, %d products, %d purchases in %s\n",
				res.Users, res.Customers, res.Contacts, res.Commitments, res.Products, res.Purchases, time.Since(start).Round(100*time.Millisecond))
			us, err := c.store.Users()
			if err != nil {
				return err
			}
			fmt.Fprintln(c.stdout, "work as one of these salespeople (zusage --db FILE --as EMAIL):")
			for _, u := range us {
				note := ""
				if u.Email == demo.UserEmail {
					note = "  (the demo identity)"
				}
				fmt.Fprintf(c.stdout, "  %-36s %s%s\n", u.Email, u.Name, note)
			}
			return nil
		},
	})
}

// progressBar returns a progress callback that redraws one line on w.
func progressBar(w io.Writer, label string) func(done, total int) {
	const width = 30
	last := -1
	return func(done, total int) {
		if total <= 0 {
			return
		}
		pct := done * 100 / total
		if pct == last {
			return
		}
		last = pct
		n := done * width / total
		fmt.Fprintf(w, "\r%s [%s%s] %3d%%", label, strings.Repeat("#", n), strings.Repeat(" ", width-n), pct)
		if done >= total {
			fmt.Fprintln(w)
		}
	}
}
