package main

import (
	"fmt"

	"github.com/zusage/zusage/data/feeds"
)

// feed-url prints the path of a salesperson's calendar feed address, making
// the secret token the first time; --rotate replaces it, and the old address
// stops working.
func init() {
	register(&command{
		name:  "feed-url",
		usage: "--db PATH --owner EMAIL [--rotate]",
		run: func(c *cmdCtx) error {
			owner := c.fs.String("owner", "", "the salesperson whose feed address to print")
			rotate := c.fs.Bool("rotate", false, "make a new address; the old one stops working at once")
			if err := c.parse(c.args(), "db", "owner"); err != nil {
				return err
			}
			if err := c.open(false); err != nil {
				return err
			}
			u, err := c.user("owner", *owner)
			if err != nil {
				return err
			}
			var tok string
			if *rotate {
				tok, err = c.store.RotateFeedToken(u.ID)
			} else {
				tok, err = c.store.FeedToken(u.ID)
			}
			if err != nil {
				return err
			}
			fmt.Fprintln(c.stdout, feeds.Path(tok))
			return nil
		},
	})
}
