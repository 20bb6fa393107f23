package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/zusage/zusage/data"
)

// command is one headless sub-command; its name may be two words ("user add").
type command struct {
	name  string
	usage string
	run   func(c *cmdCtx) error
}

var commands = map[string]*command{}

// register adds a sub-command; each lives in its own file and registers in init.
func register(c *command) { commands[c.name] = c }

// lookup finds the sub-command that args start with.
func lookup(args []string) (string, bool) {
	if len(args) >= 2 {
		if _, ok := commands[args[0]+" "+args[1]]; ok {
			return args[0] + " " + args[1], true
		}
	}
	if len(args) >= 1 {
		if _, ok := commands[args[0]]; ok {
			return args[0], true
		}
		if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
			return "help", true
		}
	}
	return "", false
}

// usageError is a mistake in how the command was called: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// cmdCtx carries what a sub-command needs: its flags, the streams, the
// opened Store.
type cmdCtx struct {
	fs     *flag.FlagSet
	argv   []string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	dbPath *string
	store  *data.Store
	// now is the clock of the commands; tests pin it.
	now func() time.Time
	// progress shows progress on stderr also when it is not a terminal
	// (tests).
	progress bool
}

// nowFunc is the clock the commands use; tests replace it.
var nowFunc = time.Now

// runCommand runs a sub-command and returns the exit status: 0 success,
// 1 the operation failed (one line on stderr), 2 usage error.
func runCommand(name string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runCommandWith(&cmdCtx{}, name, args, stdin, stdout, stderr)
}

// runCommandWith is runCommand with a prepared context (tests set its
// switches).
func runCommandWith(c *cmdCtx, name string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if name == "help" {
		printHelp(stdout)
		return 0
	}
	cmd := commands[name]
	args = args[len(strings.Fields(name)):]
	fs := flag.NewFlagSet("zusage "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	// No command prints a control character, whatever the file holds.
	tout, terr := newTermWriter(stdout), newTermWriter(stderr)
	defer tout.Flush()
	defer terr.Flush()
	stdout, stderr = tout, terr
	c.fs, c.argv, c.stdin, c.stdout, c.stderr, c.now = fs, args, stdin, stdout, stderr, nowFunc
	c.dbPath = fs.String("db", "", "database file")
	err := cmd.run(c)
	if c.store != nil {
		c.store.Close()
	}
	if err == nil {
		return 0
	}
	var ue usageError
	if errors.As(err, &ue) || errors.Is(err, flag.ErrHelp) {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stderr, "zusage %s: %s\n", name, err)
		}
		fmt.Fprintf(stderr, "usage: zusage %s %s\n", name, cmd.usage)
		return 2
	}
	fmt.Fprintf(stderr, "zusage %s: %s\n", name, oneLine(describe(err)))
	return 1
}

// args are the command-line words after the sub-command's name.
func (c *cmdCtx) args() []string { return c.argv }

// parse parses the flags and checks that the named ones were given.
func (c *cmdCtx) parse(args []string, required ...string) error {
	if err := c.fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	if c.fs.NArg() > 0 {
		return usagef("unexpected argument %q", c.fs.Arg(0))
	}
	set := map[string]bool{}
	c.fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	for _, r := range required {
		if !set[r] {
			return usagef("--%s is required", r)
		}
	}
	return nil
}

// open opens the database named by --db; it must exist unless create.
func (c *cmdCtx) open(create bool) error {
	if *c.dbPath == "" {
		return usagef("--db is required")
	}
	s, err := data.OpenWith(*c.dbPath, data.Options{MustExist: !create})
	if err != nil {
		return err
	}
	s.Now = c.now
	c.store = s
	return nil
}

// user resolves --by / --owner e-mail to a salesperson.
func (c *cmdCtx) user(flagName, email string) (data.User, error) {
	u, err := c.store.UserByEmail(email)
	if err != nil {
		var ve *data.ValidationError
		if errors.As(err, &ve) {
			ve.Field = flagName
			return u, ve
		}
	}
	return u, err
}

// id parses a numeric id flag value.
func parseID(flagName, v string) (uint, error) {
	n, err := strconv.ParseUint(strings.TrimSpace(v), 10, 64)
	if err != nil || n == 0 {
		return 0, usagef("--%s must be a positive number, not %q", flagName, v)
	}
	return uint(n), nil
}

// parseTime reads an RFC 3339 time flag.
func parseTime(flagName, v string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return t, &data.ValidationError{Field: flagName, Code: data.CodeInvalid, Value: v}
	}
	return t, nil
}

// parseDue reads a TIME|DATE flag.
func (c *cmdCtx) parseDue(flagName, v string) (data.Due, error) {
	loc := time.Local
	if c.store != nil {
		loc = c.store.Loc
	}
	d, err := data.ParseDue(v, loc)
	var ve *data.ValidationError
	if errors.As(err, &ve) {
		ve.Field = flagName
	}
	return d, err
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "Zusage — every promise to a customer, kept or told.")
	fmt.Fprintln(w, "\nusage: zusage [--db PATH] [--as EMAIL]      start the desktop app")
	fmt.Fprintln(w, "       zusage COMMAND --db PATH [flags]     run a headless command")
	fmt.Fprintln(w, "\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  zusage %s %s\n", n, commands[n].usage)
	}
	fmt.Fprintln(w, "\nExit status: 0 success, 1 the operation failed, 2 usage error.")
}

// isTerminal reports whether progress bars make sense.
func isTerminal(w io.Writer) bool {
	f, ok := raw(w).(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// raw is the writer under a termWriter: for progress bars, which need the
// carriage return and print nothing but numbers.
func raw(w io.Writer) io.Writer {
	if t, ok := w.(*termWriter); ok {
		t.Flush()
		return t.w
	}
	return w
}
