// Command zusage is the Zusage desktop app and, with a sub-command, its
// headless tools for scripts, backups, imports and calendar feeds.
package main

import (
	"os"

	_ "github.com/zusage/zusage/app/localeenv"
)

func main() {
	args := versionFlag(os.Args[1:])
	if name, ok := lookup(args); ok {
		os.Exit(runCommand(name, args, os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(runGUI(args, os.Stderr))
}
