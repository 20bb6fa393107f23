package main

import (
	"fmt"
	"text/tabwriter"
)

func init() {
	register(&command{
		name:  "product add",
		usage: "--db PATH --name NAME",
		run: func(c *cmdCtx) error {
			name := c.fs.String("name", "", "product name, unique")
			if err := c.parse(c.args(), "db", "name"); err != nil {
				return err
			}
			if err := c.open(false); err != nil {
				return err
			}
			p, err := c.store.AddProduct(*name)
			if err != nil {
				return err
			}
			fmt.Fprintln(c.stdout, p.ID)
			return nil
		},
	})
	register(&command{
		name:  "product list",
		usage: "--db PATH",
		run: func(c *cmdCtx) error {
			if err := c.parse(c.args(), "db"); err != nil {
				return err
			}
			if err := c.open(false); err != nil {
				return err
			}
			ps, err := c.store.Products()
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tPRODUCT")
			for _, p := range ps {
				fmt.Fprintf(tw, "%d\t%s\n", p.ID, p.Name)
			}
			return tw.Flush()
		},
	})
}
