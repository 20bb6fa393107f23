package app

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/zusage/zusage/data"
	"github.com/zusage/zusage/data/feeds"
)

// Preference keys of the desktop's own feed server.
const (
	// prefFeedServe: serve my feed on this computer (default on).
	prefFeedServe = "calendar.serve"
	// prefFeedPort: the port on 127.0.0.1; it must stay the same from one
	// start to the next, or subscribed calendars lose the address.
	prefFeedPort = "calendar.port"
)

// feedServer is the desktop's own calendar feed server: the user's feed
// on the loopback interface, so that Outlook, Apple Calendar or Thunderbird
// on this computer can subscribe to it by address.
type feedServer struct {
	mu   sync.Mutex
	srv  *http.Server
	addr string // "127.0.0.1:8642" while serving
	err  error  // why it is not serving
	me   atomic.Uint64
}

// startFeedServer serves the user's feed while the app runs, unless it is
// switched off in Settings. Called when the identity or the database
// changes (after stopFeedServer). UI thread.
func (u *ui) startFeedServer() {
	fs := &u.feed
	fs.me.Store(uint64(u.me.ID))
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if fs.srv != nil || u.store == nil {
		return
	}
	fs.err, fs.addr = nil, ""
	if !u.prefs.BoolWithFallback(prefFeedServe, true) {
		return
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(u.prefs.IntWithFallback(prefFeedPort, feeds.DefaultPort)))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fs.err = err
		return
	}
	h := &feeds.Handler{
		Store:    u.store,
		Exporter: exporter(),
		// Only this desktop's user: another salesperson's token on this
		// computer's loopback gets a 404, like any unknown address.
		Only: func(id uint) bool { return uint64(id) == fs.me.Load() },
		Now:  u.now,
	}
	fs.srv = feeds.NewHTTPServer(h, func(format string, args ...any) {
		fyne.LogError("calendar feed: "+fmt.Sprintf(format, args...), nil)
	})
	fs.addr = ln.Addr().String()
	srv := fs.srv
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fs.mu.Lock()
			fs.err = err
			fs.mu.Unlock()
		}
	}()
}

// stopFeedServer ends the server started by startFeedServer.
func (u *ui) stopFeedServer() {
	fs := &u.feed
	fs.mu.Lock()
	srv := fs.srv
	fs.srv, fs.addr = nil, ""
	fs.mu.Unlock()
	if srv != nil {
		srv.Close()
	}
}

// state is where the server listens, or why it does not.
func (fs *feedServer) state() (string, error) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.addr, fs.err
}

// feedSettings is the part of Settings with the address of the user's
// calendar feed: the address with Copy and a webcal:// link, what each
// calendar does with it, and a way to switch serving off or change the
// port.
type feedSettings struct {
	u       *ui
	serve   *widget.Check
	address *widget.Label
	copyBtn *widget.Button
	webcal  *widget.Hyperlink
	rotate  *widget.Button
	status  *widget.Label
	port    *entry
	apply   *widget.Button
	box     *fyne.Container
	token   string
	gen     int
}

func newFeedSettings(u *ui) *feedSettings {
	s := &feedSettings{u: u}
	s.serve = widget.NewCheck(lang.L("Serve my calendar on this computer while Zusage runs"), func(on bool) {
		u.prefs.SetBool(prefFeedServe, on)
		u.stopFeedServer()
		u.startFeedServer()
		s.show()
	})
	s.serve.Checked = u.prefs.BoolWithFallback(prefFeedServe, true)
	// Selectable: the address can be copied by hand too. In the normal text
	// colour (a disabled entry's grey could hardly be read).
	s.address = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	s.address.Selectable = true
	s.address.Wrapping = fyne.TextWrapBreak
	s.copyBtn = widget.NewButtonWithIcon(lang.L("Copy"), theme.ContentCopyIcon(), func() {
		if a := s.url(); a != "" {
			u.app.Clipboard().SetContent(a)
			u.notify.status(lang.L("The address of your calendar was copied."))
		}
	})
	s.webcal = widget.NewHyperlink(lang.L("Subscribe in the calendar of this computer"), nil)
	s.rotate = widget.NewButton(lang.L("New address…"), s.confirmRotate)
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord
	s.port = newEntry(strconv.Itoa(feeds.DefaultPort))
	s.port.SetText(strconv.Itoa(u.prefs.IntWithFallback(prefFeedPort, feeds.DefaultPort)))
	s.apply = widget.NewButton(lang.L("Use this port"), s.applyPort)
	howTo := widget.NewRichTextFromMarkdown(feedHowTo())
	howTo.Wrapping = fyne.TextWrapWord
	heading := widget.NewLabelWithStyle(lang.L("Calendar subscription"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameSubHeadingText
	intro := widget.NewLabel(lang.L("Subscribe to this address once, and your calendar follows every new, moved, handed-over, cancelled or kept promise by itself. Treat it like a password: whoever has it can read your promises."))
	intro.Wrapping = fyne.TextWrapWord
	s.box = container.NewVBox(
		heading,
		intro,
		s.serve,
		widget.NewForm(
			widget.NewFormItem(lang.L("Address"), container.NewBorder(nil, nil, nil, container.NewHBox(s.copyBtn, s.rotate), s.address)),
			widget.NewFormItem("", s.webcal),
			widget.NewFormItem(lang.L("Port"), container.NewHBox(narrow(s.port), s.apply)),
		),
		s.status,
		howTo,
	)
	return s
}

// feedHowTo says what each calendar does with the address.
func feedHowTo() string {
	return strings.Join([]string{
		lang.L("**Outlook** (classic, Windows): *File › Account Settings › Account Settings › Internet Calendars › New…*, paste the address, *Add*, keep “Update this subscription with the publisher's recommendation”. Outlook fetches it on Send/Receive, at most once an hour as the feed asks. The new Outlook and Outlook on the web fetch subscriptions from Microsoft's servers, which cannot reach this computer."),
		lang.L("**Apple Calendar** (Mac): *File › New Calendar Subscription…*, paste the address, *Subscribe*, choose Location *On My Mac* (iCloud cannot reach this computer) and Auto-refresh *Every hour* or more often."),
		lang.L("**Thunderbird**: *New Calendar… › On the Network*, paste the address as Location, *Find Calendars*, *Subscribe*. It refreshes every 30 minutes; the calendar's Properties change that."),
		lang.L("**Google Calendar** cannot subscribe: Google fetches addresses from its own servers on the internet, which cannot reach an address on this computer or the office network. Use *Export my promises* under Promises and import the file (it does not follow changes)."),
		lang.L("The calendar is up to date whenever it fetches while Zusage runs here; in between it keeps what it had. An office that wants the feeds without a desktop running uses `zusage serve` on an always-on computer (README: Calendar)."),
	}, "\n\n")
}

// host is where the feed is served: the address the server listens on,
// or the one it is set to use (while off, or while the port is taken —
// perhaps by another Zusage serving the same file).
func (s *feedSettings) host() string {
	if addr, _ := s.u.feed.state(); addr != "" {
		return addr
	}
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.u.prefs.IntWithFallback(prefFeedPort, feeds.DefaultPort)))
}

// url is the http:// address of the feed, or "" while there is no token.
func (s *feedSettings) url() string {
	if s.token == "" {
		return ""
	}
	return feeds.URL(s.host(), s.token)
}

// refresh loads the token (making it the first time) off the UI thread.
func (s *feedSettings) refresh() {
	st := s.u.store
	me := s.u.me
	if st == nil || me.ID == 0 {
		return
	}
	s.gen++
	gen := s.gen
	s.u.do(func() func() {
		tok, err := st.FeedToken(me.ID)
		return func() {
			if gen != s.gen {
				return
			}
			s.token = ""
			if err == nil {
				s.token = tok
			}
			s.show()
			if err != nil {
				s.status.SetText(feedTokenError(err))
			}
		}
	})
}

func feedTokenError(err error) string {
	if errors.Is(err, data.ErrReadOnly) {
		return lang.L("This database is read-only, and your calendar has no address yet: it is made the first time Zusage opens the file from a desktop that may write to it.")
	}
	what, _ := describeError(err)
	return what
}

// show fills the widgets from the server's state. UI thread.
func (s *feedSettings) show() {
	addr, err := s.u.feed.state()
	s.serve.SetChecked(s.u.prefs.BoolWithFallback(prefFeedServe, true))
	link := s.url()
	s.address.SetText(link)
	if link != "" {
		s.copyBtn.Enable()
		w, _ := url.Parse(feeds.Webcal(s.host(), s.token))
		s.webcal.SetURL(w)
		s.webcal.Show()
	} else {
		s.copyBtn.Disable()
		s.webcal.Hide()
	}
	if s.token != "" && !s.u.readOnly() {
		s.rotate.Enable()
	} else {
		s.rotate.Disable()
	}
	switch {
	case !s.u.prefs.BoolWithFallback(prefFeedServe, true):
		s.status.SetText(lang.L("Off: calendars subscribed to the address keep what they have until Zusage serves it again."))
	case err != nil:
		s.status.SetText(feedListenError(s.u.prefs.IntWithFallback(prefFeedPort, feeds.DefaultPort), err))
	case addr != "":
		s.status.SetText(lang.L("Serving on {{.Addr}} (this computer only). Calendars that subscribed get every change the next time they fetch.", map[string]any{"Addr": addr}))
	default:
		s.status.SetText("")
	}
}

func feedListenError(port int, err error) string {
	if errors.Is(err, syscall.EADDRINUSE) {
		return lang.L("Port {{.Port}} is in use by another program. If that is another Zusage or `zusage serve` on this computer with the same database, your address works with it; otherwise choose another port and subscribe again.", map[string]any{"Port": port})
	}
	return lang.L("Your calendar cannot be served on port {{.Port}}: {{.Err}}", map[string]any{"Port": port, "Err": err.Error()})
}

// applyPort moves the server to the port typed in.
func (s *feedSettings) applyPort() {
	p, err := strconv.Atoi(strings.TrimSpace(s.port.Text))
	if err != nil || p < 1024 || p > 65535 {
		s.status.SetText(lang.L("Enter a port from 1024 to 65535."))
		return
	}
	s.u.prefs.SetInt(prefFeedPort, p)
	s.u.stopFeedServer()
	s.u.startFeedServer()
	s.show()
}

// confirmRotate makes a new address after asking: every calendar
// subscribed to the old one must be given the new one.
func (s *feedSettings) confirmRotate() {
	msg := widget.NewLabel(lang.L("The current address stops working at once. Every calendar subscribed to it must be given the new address. Use this when the address reached someone who should not have it."))
	msg.Wrapping = fyne.TextWrapWord
	var d *formDialog
	d = newFormDialog(s.u, lang.L("New calendar address"), lang.L("Make a new address"), container.NewGridWrap(fyne.NewSize(440, 110), msg), func() {
		st, me := s.u.store, s.u.me
		var tok string
		d.run(func() error {
			var err error
			tok, err = st.RotateFeedToken(me.ID)
			return err
		}, func(err error) {
			if err != nil {
				s.u.showError(err)
				return
			}
			s.token = tok
			d.close()
			s.show()
		})
	})
	d.show()
}

// scrollTo scrolls Settings so that o is at the top. UI thread.
func (s *settingsScreen) scrollTo(o fyne.CanvasObject) {
	c := fyne.CurrentApp().Driver().CanvasForObject(o)
	if c == nil || s.scroll == nil {
		return
	}
	d := fyne.CurrentApp().Driver()
	y := d.AbsolutePositionForObject(o).Y - d.AbsolutePositionForObject(s.scroll.Content).Y
	s.scroll.Offset = fyne.NewPos(0, y)
	s.scroll.Refresh()
}
