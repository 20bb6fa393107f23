package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/zusage/zusage/app"
)

// runGUI starts the desktop app; --db and --as skip the first-start questions.
func runGUI(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("zusage", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", "", "database file (default: the local database in the user data folder)")
	as := fs.String("as", "", "work as the salesperson with this e-mail")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			printHelp(stderr)
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "zusage: unknown command %q (zusage help lists them)\n", fs.Arg(0))
		return 2
	}
	if err := app.Run(app.Config{DBPath: *db, As: *as}); err != nil {
		fmt.Fprintf(stderr, "zusage: %s\n", oneLine(err.Error()))
		return 1
	}
	return 0
}
