package main

import (
	"fmt"

	"github.com/zusage/zusage/data"
)

func init() {
	register(&command{
		name:  "backup",
		usage: "--db PATH --out FILE",
		run: func(c *cmdCtx) error {
			out := c.fs.String("out", "", "the new backup file (never overwritten)")
			if err := c.parse(c.args(), "db", "out"); err != nil {
				return err
			}
			// The source is opened read-only: a backup taken before an
			// upgrade must not upgrade the file.
			path, err := data.BackupFile(*c.dbPath, *out)
			if err != nil {
				return err
			}
			fmt.Fprintln(c.stdout, path)
			return nil
		},
	})
}
