package main

import (
	"fmt"

	"github.com/zusage/zusage"
)

func init() {
	register(&command{
		name:  "version",
		usage: "",
		run: func(c *cmdCtx) error {
			if err := c.parse(c.args()); err != nil {
				return err
			}
			fmt.Fprintln(c.stdout, zusage.About())
			return nil
		},
	})
}

// versionFlag lets `zusage --version` (and -version) mean `zusage version`,
// as most programs answer it.
func versionFlag(args []string) []string {
	if len(args) == 1 && (args[0] == "--version" || args[0] == "-version") {
		return []string{"version"}
	}
	return args
}
