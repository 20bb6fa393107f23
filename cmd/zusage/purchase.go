package main

import (
	"fmt"

	"github.com/zusage/zusage/data"
)

func init() {
	register(&command{
		name:  "purchase add",
		usage: "--db PATH --customer ID --product NAME [--date DATE] [--lot LOT]",
		run: func(c *cmdCtx) error {
			customer := c.fs.String("customer", "", "customer id")
			product := c.fs.String("product", "", "product name")
			date := c.fs.String("date", "", "purchase date YYYY-MM-DD, default today")
			lot := c.fs.String("lot", "", "production lot or batch")
			if err := c.parse(c.args(), "db", "customer", "product"); err != nil {
				return err
			}
			custID, err := parseID("customer", *customer)
			if err != nil {
				return err
			}
			if err := c.open(false); err != nil {
				return err
			}
			p, err := c.store.ProductByName(*product)
			if err != nil {
				return err
			}
			d := *date
			if d == "" {
				d = c.now().In(c.store.Loc).Format("2006-01-02")
			}
			pu, err := c.store.AddPurchase(data.NewPurchase{CustomerID: custID, ProductID: p.ID, Date: d, Lot: *lot})
			if err != nil {
				return err
			}
			fmt.Fprintln(c.stdout, pu.ID)
			return nil
		},
	})
}
