package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/zusage/zusage/data"
)

func init() {
	register(&command{
		name:  "move",
		usage: "--from PATH|postgres://… --to PATH|postgres://…",
		run: func(c *cmdCtx) error {
			from := c.fs.String("from", "", "the database to copy (never changed)")
			to := c.fs.String("to", "", "a new file, or an empty PostgreSQL database")
			if err := c.parse(c.args(), "from", "to"); err != nil {
				return err
			}
			rep, err := data.Move(*from, *to, func(table string, rows int64) {
				fmt.Fprintf(c.stderr, "  %s: %d rows\n", table, rows)
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(c.stdout, "moved %s to %s\n", rep.From, rep.To)
			tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
			fmt.Fprintln(tw, "table\trows\tsha256\t")
			for _, t := range rep.Tables {
				fmt.Fprintf(tw, "%s\t%d\t%s\t\n", t.Table, t.Rows, t.Sum[:16])
			}
			tw.Flush()
			fmt.Fprintf(c.stdout, "%d tables, %d rows in %.1f s; counts and checksums match the source, which was not changed\n",
				len(rep.Tables), rep.Rows(), rep.Took.Seconds())
			return nil
		},
	})
}
