package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/zusage/zusage/data"
	"github.com/zusage/zusage/data/feeds"
	"github.com/zusage/zusage/data/ics"
)

// serveContext is how long serve runs: until Ctrl+C or a stop from the
// service manager. Tests replace it.
var serveContext = func() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// serveListening, when set, is told the address serve listens on (tests).
var serveListening func(net.Addr)

// serve runs the feed server for every salesperson on an always-on office
// machine. It only reads the database. Without --listen it answers this
// computer only; the office network needs an explicit address.
func init() {
	register(&command{
		name:  "serve",
		usage: "--db PATH [--listen 127.0.0.1:8642] [--lang de|en]",
		run: func(c *cmdCtx) error {
			listen := c.fs.String("listen", feeds.DefaultAddr, "address to listen on: this computer (127.0.0.1:PORT) or its address on the office network")
			lang := c.fs.String("lang", "de", "language of the event texts: de or en")
			if err := c.parse(c.args(), "db"); err != nil {
				return err
			}
			if !icsLang(*lang) {
				return usagef("--lang must be one of %s, not %q", strings.Join(ics.Languages, ", "), *lang)
			}
			reach, err := feeds.CheckAddr(*listen)
			if err != nil {
				return usagef("--listen: %s", err)
			}
			s, err := data.OpenWith(*c.dbPath, data.Options{ReadOnly: true, MustExist: true})
			if err != nil {
				return err
			}
			s.Now = c.now
			c.store = s
			users, err := s.CalendarOwners()
			if err != nil {
				return err
			}
			ln, err := net.Listen("tcp", *listen)
			if err != nil {
				var oe *net.OpError
				if errors.As(err, &oe) && oe.Err != nil {
					err = oe.Err
				}
				return fmt.Errorf("cannot listen on %s: %w", *listen, err)
			}
			logw := &lockedWriter{w: c.stderr}
			logf := func(format string, args ...any) {
				fmt.Fprintf(logw, "%s %s\n", time.Now().Format("2006-01-02 15:04:05"), fmt.Sprintf(format, args...))
			}
			// The file server's clock decides what "today" is, as for every rule.
			h := &feeds.Handler{Store: s, Exporter: ics.Exporter{Lang: *lang}, Now: s.SharedNow, Logf: logf}
			srv := feeds.NewHTTPServer(h, logf)
			where := map[feeds.Reach]string{
				feeds.ThisComputer:  "this computer only",
				feeds.LocalNetwork:  "every computer on the office network that can reach this address",
				feeds.AllInterfaces: "every network this computer is on",
			}[reach]
			fmt.Fprintf(c.stdout, "serving the calendar feeds of %d %s from %s on http://%s (%s)\n",
				len(users), icsPlural(len(users), "salesperson", "salespeople"), s.Path(), ln.Addr(), where)
			fmt.Fprintf(c.stdout, "each address is http://%s/feed/<token>.ics; `zusage feed-url --db %s --owner EMAIL` prints it; Ctrl+C stops\n", ln.Addr(), s.Path())
			if reach == feeds.AllInterfaces {
				fmt.Fprintf(c.stderr, "zusage serve: %s listens on every network this computer is on; give its office-network address instead when it is also on another network\n", *listen)
			}
			if serveListening != nil {
				serveListening(ln.Addr())
			}
			ctx, stop := serveContext()
			defer stop()
			done := make(chan error, 1)
			go func() { done <- srv.Serve(ln) }()
			select {
			case err := <-done:
				return err
			case <-ctx.Done():
			}
			shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := srv.Shutdown(shut); err != nil {
				return err
			}
			if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
				return err
			}
			fmt.Fprintln(c.stdout, "stopped")
			return nil
		},
	})
}

// lockedWriter lets the request goroutines share one log stream.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
