// Command zusage is the Zusage desktop app and, with a sub-command, its
// headless tools for scripts, backups, imports and calendar feeds.
package main

import (
	"os"

	_ "github.com/zusage/zusage/app/localeenv"
)

func main() {
	if name, ok := lookup(os.Args[1:]); ok {
		os.Exit(runCommand(name, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(runGUI(os.Args[1:], os.Stderr))
}
