// Package app is the Fyne desktop UI of Zusage. It calls data.Store
// operations and never touches SQL.
package app

import (
	"embed"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/zusage/zusage/data"
	"github.com/zusage/zusage/icons"
)

//go:embed translations
var translations embed.FS

// Preference keys of this desktop (team settings live in the database).
const (
	prefDB       = "db.path"
	prefMe       = "me.email"
	prefLang     = "language"
	prefWidth    = "window.width"
	prefHeight   = "window.height"
	prefFeedDir  = "calendar.feeddir"
	prefNotify   = "notifications"
	prefTeamView = "today.team"
)

// Config is what the command line hands to the desktop app.
type Config struct {
	// DBPath is the database file; empty means the desktop's preference or
	// the local default.
	DBPath string
	// As is the e-mail of the salesperson to work as.
	As string
}

// Run builds the main window and blocks until it is closed.
func Run(cfg Config) error {
	a := fyneapp.NewWithID("org.zusage.app")
	setupLanguage(a.Preferences().String(prefLang))
	a.SetIcon(icons.AppIcon)
	applyThemeEnv(a)
	w := a.NewWindow("Zusage")
	w.SetIcon(icons.AppIcon)
	u := newUI(a, w)
	u.screenshot = screenshotFromEnv()
	w.Resize(fyne.NewSize(
		float32(a.Preferences().FloatWithFallback(prefWidth, 1200)),
		float32(a.Preferences().FloatWithFallback(prefHeight, 760))))
	if u.screenshot.path != "" {
		w.Resize(fyne.NewSize(1200, 760))
	}
	u.start(cfg)
	w.ShowAndRun()
	u.shutdown()
	return nil
}

// setupLanguage registers the translations; choice "" follows the system,
// "en" or "de" overrides it. Must run before the first window.
func setupLanguage(choice string) {
	if choice == "en" || choice == "de" {
		// Fyne reads the language from the environment (LANGUAGE wins
		// when one of LC_ALL, LC_MESSAGES or LANG names a real locale).
		os.Setenv("LANGUAGE", choice)
		if os.Getenv("LC_ALL") == "" && os.Getenv("LC_MESSAGES") == "" && os.Getenv("LANG") == "" {
			os.Setenv("LC_MESSAGES", map[string]string{"en": "en_GB.UTF-8", "de": "de_DE.UTF-8"}[choice])
		}
	}
	if err := lang.AddTranslationsFS(translations, "translations"); err != nil {
		fyne.LogError("loading translations", err)
	}
}

// screen is one entry of the navigation.
type screen interface {
	// view is the screen's content; built once.
	view() fyne.CanvasObject
	// refresh reloads what the screen shows (off the UI thread) and updates it.
	refresh()
}

// navEntry is one item of the left navigation.
type navEntry struct {
	key   string
	title func() string
	icon  fyne.Resource
	build func(u *ui) screen
}

// navEntries lists the screens of the navigation, top to bottom.
//
// To add a screen (e.g. Notices or Reports), add one line here with a
// constructor that returns a screen, for example
//
//	{key: "notices", title: func() string { return lang.L("Notices") }, icon: theme.MailSendIcon(), build: func(u *ui) screen { return newNoticesScreen(u) }},
//
// and write that constructor in its own file (app/notices.go).
func navEntries() []navEntry {
	return []navEntry{
		{key: "today", title: func() string { return lang.L("Today") }, icon: theme.HomeIcon(), build: func(u *ui) screen { return newTodayScreen(u) }},
		{key: "customers", title: func() string { return lang.L("Customers") }, icon: theme.AccountIcon(), build: func(u *ui) screen { return newCustomersScreen(u) }},
		{key: "promises", title: func() string { return lang.L("Promises") }, icon: theme.ListIcon(), build: func(u *ui) screen { return newPromisesScreen(u) }},
		{key: "notices", title: func() string { return lang.L("Notices") }, icon: theme.MailSendIcon(), build: func(u *ui) screen { return newNoticesScreen(u) }},
		{key: "reports", title: func() string { return lang.L("Reports") }, icon: theme.GridIcon(), build: func(u *ui) screen { return newReportsScreen(u) }},
		{key: "settings", title: func() string { return lang.L("Settings") }, icon: theme.SettingsIcon(), build: func(u *ui) screen { return newSettingsScreen(u) }},
	}
}

// ui is the desktop app: one window working on one Store as one salesperson.
type ui struct {
	app   fyne.App
	win   fyne.Window
	prefs fyne.Preferences
	store *data.Store
	me    data.User
	// now is the clock of the UI (the Store's shared clock); tests pin it.
	now func() time.Time
	// inline runs background work synchronously (tests).
	inline bool
	// openURL hands a mailto: address to the mail program; nil uses the
	// app's OpenURL (tests record it instead).
	openURL func(string) error

	entries []navEntry
	screens map[string]screen
	tabs    *container.AppTabs
	banner  *fyne.Container
	body    *fyne.Container

	today     *todayScreen
	customers *customersScreen
	promises  *promisesScreen
	settings  *settingsScreen

	notify  *notifier
	dialogs []*formDialog
	// The newest dialogs of each kind, for tests and the screenshot mode.
	lastConflict    *conflictDialog
	lastChange      *changeDialog
	lastPromise     *promiseDialog
	lastContact     *contactDialog
	lastCustomer    *customerDialog
	lastEditContact *editContactDialog
	lastDraft       *draftDialog
	lastLeave       *leaveDialog
	lastWho         *widget.Select
	lastOpenError   *formDialog
	// dbPassword is the team server's password when this desktop asked for
	// it; in memory only, never in the preferences.
	dbPassword   string
	lastUser     [3]*entry
	lastUserForm *form
	// gone is the banner's "open again" button while the file is gone.
	gone       *widget.Button
	stopWatch  func()
	stopTicker chan struct{}
	// feed is this desktop's calendar feed server (app/feedsettings.go).
	feed       feedServer
	tickerOnce sync.Once
	screenshot screenshotSpec
}

// newUI builds the window's frame; the screens appear once a database and
// an identity are chosen (start).
func newUI(a fyne.App, w fyne.Window) *ui {
	u := &ui{app: a, win: w, prefs: a.Preferences(), screens: map[string]screen{}}
	// The UI judges deadlines by the shared clock of the file, like the
	// Store (data.Store.SharedNow); tests pin it.
	u.now = func() time.Time {
		if u.store != nil {
			return u.store.SharedNow()
		}
		return time.Now()
	}
	u.notify = newNotifier(u)
	u.banner = container.NewVBox()
	logo := canvas.NewImageFromResource(icons.AppIcon)
	logo.FillMode = canvas.ImageFillContain
	logo.SetMinSize(fyne.NewSize(128, 128))
	u.body = container.NewStack(container.NewCenter(logo))
	w.SetContent(container.NewBorder(u.banner, u.notify.label, nil, nil, u.body))
	u.installShortcuts()
	w.SetCloseIntercept(u.onCloseWindow)
	w.Canvas().SetOnTypedKey(u.onTypedKey)
	return u
}

// onCloseWindow remembers the window size for the next start.
func (u *ui) onCloseWindow() {
	u.saveWindowSize()
	u.win.Close()
}

func (u *ui) saveWindowSize() {
	size := u.win.Canvas().Size()
	u.prefs.SetFloat(prefWidth, float64(size.Width))
	u.prefs.SetFloat(prefHeight, float64(size.Height))
}

// do runs work off the UI thread and applies the function it returns on
// the UI thread (through fyne.Do). Tests set inline to run both at once.
func (u *ui) do(work func() func()) {
	if u.inline {
		if f := work(); f != nil {
			f()
		}
		return
	}
	go func() {
		if f := work(); f != nil {
			fyne.Do(f)
		}
	}()
}

// start opens the database and settles who is working here, asking the
// first-start questions where the command line and preferences say nothing.
func (u *ui) start(cfg Config) {
	path := cfg.DBPath
	if path == "" {
		path = u.prefs.String(prefDB)
	}
	if path == "" {
		u.askDatabase(func(p string) { u.openDB(p, cfg.As, cfg.DBPath == "") })
		return
	}
	u.openDB(path, cfg.As, cfg.DBPath == "")
}

// defaultDBPath is the local database in the user data folder.
func (u *ui) defaultDBPath() string {
	if root := u.app.Storage().RootURI(); root != nil && root.Scheme() == "file" {
		return filepath.Join(root.Path(), "zusage.db")
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		dir = "."
	}
	return filepath.Join(dir, "zusage", "zusage.db")
}

// openDB opens path (off the UI thread) and continues with the identity.
// remember stores the path as this desktop's database.
func (u *ui) openDB(path, as string, remember bool) {
	u.do(func() func() {
		s, err := data.OpenWith(path, data.Options{MustExist: path != u.defaultDBPath() && !u.creatingNew(path), Password: u.dbPassword})
		return func() {
			var re *data.RefusedError
			if data.IsServer(path) && errors.As(err, &re) && re.Code == data.RefusedLogin {
				u.askPassword(data.ServerAddress(path), func() { u.openDB(path, as, remember) }, func() {
					u.showOpenError(path, err, func(p string) { u.openDB(p, as, true) })
				})
				return
			}
			if err != nil {
				u.showOpenError(path, err, func(p string) { u.openDB(p, as, true) })
				return
			}
			if remember && u.screenshot.path == "" {
				u.prefs.SetString(prefDB, s.Path())
			}
			u.useStore(s, as)
		}
	})
}

// newFiles are paths the user asked to create in this session.
var newFiles sync.Map

func (u *ui) creatingNew(path string) bool {
	_, ok := newFiles.Load(path)
	return ok
}

// useStore switches to an opened Store and settles the identity.
func (u *ui) useStore(s *data.Store, as string) {
	if u.store != nil && u.store != s {
		u.stopBackground()
		u.store.Close()
	}
	u.store = s
	u.do(func() func() {
		users, err := s.Users()
		return func() {
			if err != nil {
				u.showError(err)
				return
			}
			if len(users) == 0 {
				u.askFirstUser(func(me data.User) { u.setMe(me, true) })
				return
			}
			email := as
			if email == "" {
				email = u.prefs.String(prefMe)
			}
			if email != "" {
				for _, x := range users {
					if strings.EqualFold(x.Email, email) {
						u.setMe(x, as == "")
						return
					}
				}
				if as != "" {
					u.showMessage(lang.L("Unknown salesperson"), lang.L("There is no salesperson with the e-mail {{.Email}} in this database. Choose who you are.", map[string]any{"Email": as}))
				}
			}
			u.askWhoAmI(users, func(me data.User) { u.setMe(me, true) })
		}
	})
}

// setMe builds the main screens for me and starts the background work.
func (u *ui) setMe(me data.User, remember bool) {
	u.me = me
	if remember && u.screenshot.path == "" {
		u.prefs.SetString(prefMe, me.Email)
	}
	u.win.SetTitle(fmt.Sprintf("Zusage — %s", me.Name))
	rest := lang.L("Working as {{.Name}} on {{.Path}}", map[string]any{"Name": me.Name, "Path": u.store.Path()})
	if u.store.Backend() == data.BackendPostgres {
		rest = lang.L("Working as {{.Name}} on the team server {{.Path}}", map[string]any{"Name": me.Name, "Path": u.store.Path()})
	}
	u.notify.setRest(rest)
	u.buildMain()
	// Today and the screen on top only: the others load when they are
	// shown. On the share every page read is a round trip, and the
	// scorecard alone reads years of promises (issue 15).
	u.refreshVisible()
	// The watch poll and every write tell whether the file is still the
	// one at its path.
	st := u.store
	st.OnFileGone(func(g data.FileGone) {
		fyne.Do(func() { u.onFileGone(st, g) })
	})
	// Choosing another identity in Settings comes here again.
	u.stopBackground()
	u.startBackground()
	if !u.inline {
		u.startFeedServer()
	}
	if u.screenshot.path != "" {
		u.takeScreenshot()
	}
	if spec := benchOpenFromEnv(); spec.times > 0 {
		u.runBenchOpen(spec)
	}
}

// buildMain lays out the navigation and the read-only banner.
func (u *ui) buildMain() {
	u.entries = navEntries()
	u.screens = map[string]screen{}
	var items []*container.TabItem
	for _, e := range u.entries {
		sc := e.build(u)
		u.screens[e.key] = sc
		items = append(items, container.NewTabItemWithIcon(e.title(), e.icon, sc.view()))
	}
	u.tabs = container.NewAppTabs(items...)
	u.tabs.SetTabLocation(container.TabLocationLeading)
	u.tabs.OnSelected = func(*container.TabItem) { u.refreshVisible() }
	u.body.Objects = []fyne.CanvasObject{u.tabs}
	u.body.Refresh()
	u.updateBanner()
}

// updateBanner shows what this desktop must know before anything else: the
// file was replaced, renamed or deleted under it (with the button to open
// the path again), a read-only file, a clock that is off the shared clock.
// UI thread.
func (u *ui) updateBanner() {
	var lines []fyne.CanvasObject
	add := func(text string, action fyne.CanvasObject) {
		msg := widget.NewLabel(text)
		msg.Wrapping = fyne.TextWrapWord
		msg.Importance = widget.WarningImportance
		lines = append(lines, container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), action, msg))
	}
	u.gone = nil
	switch g := u.store.Gone(); g {
	case data.FileReplaced, data.FileDeleted, data.FileUnreachable:
		path := u.store.Path()
		u.gone = widget.NewButtonWithIcon(lang.L("Open the file at this path again"), theme.ViewRefreshIcon(), func() {
			u.openDB(path, u.me.Email, false)
		})
		u.gone.Importance = widget.HighImportance
		add(goneText(g, path), container.NewCenter(u.gone))
	default:
		if u.store.ReadOnly() {
			add(lang.L("This database is read-only: you can look, but nothing can be changed. Ask whoever manages the office share for write access, or choose another file in Settings."), nil)
		}
	}
	if c := u.store.Clock(); c.Off() {
		off := c.Offset
		text := lang.L("This computer's clock is {{.Span}} behind the office file server's.", map[string]any{"Span": fmtSpan(off)})
		if off < 0 {
			text = lang.L("This computer's clock is {{.Span}} ahead of the office file server's.", map[string]any{"Span": fmtSpan(off)})
		}
		add(text+" "+lang.L("Zusage corrects its own times, so deadlines and the order of events stay right; other programs on this computer still use the wrong time. Ask whoever looks after the computers to switch on automatic time."), nil)
	}
	u.banner.Objects = lines
	u.banner.Refresh()
}

// goneText says what became of the file and what this desktop does now.
func goneText(g data.FileGone, path string) string {
	m := map[string]any{"Path": path}
	switch g {
	case data.FileReplaced:
		return lang.L("The database file {{.Path}} was replaced by another file (a backup restored, a copy put in its place). This desktop still shows the old file and has stopped editing, so that nothing goes into a file nobody else sees. Open the file at this path again to work on the new one.", m)
	case data.FileDeleted:
		return lang.L("The database file {{.Path}} is no longer there: it was renamed, moved or deleted. This desktop still shows what it had and has stopped editing. When the file is back, open it again.", m)
	}
	return lang.L("The folder of the database file {{.Path}} cannot be reached: is the office share still connected? When it is back, open the file again.", m)
}

// onFileGone reacts to the Store's report that its file was replaced,
// renamed or deleted (or is back). UI thread.
func (u *ui) onFileGone(st *data.Store, g data.FileGone) {
	if st != u.store || u.tabs == nil {
		return
	}
	u.updateBanner()
	// The screens disable their editing buttons on the next load.
	u.refreshVisible()
	if u.customers != nil && u.customers.detail != nil {
		u.customers.detail.reload()
	}
}

// readOnly reports whether editing actions must be disabled: the file is
// read-only, or it is no longer the file at its path.
func (u *ui) readOnly() bool {
	if u.store == nil || u.store.ReadOnly() {
		return true
	}
	g := u.store.Gone()
	return g == data.FileReplaced || g == data.FileDeleted
}

// refreshAll reloads every screen. Must run on the UI thread.
func (u *ui) refreshAll() {
	for _, e := range u.entries {
		if sc := u.screens[e.key]; sc != nil {
			sc.refresh()
		}
	}
}

// refreshVisible reloads the selected screen and the Today badge.
func (u *ui) refreshVisible() {
	if u.tabs == nil {
		return
	}
	if u.today != nil {
		u.today.refresh()
	}
	i := u.tabs.SelectedIndex()
	if i >= 0 && i < len(u.entries) && u.entries[i].key != "today" {
		u.screens[u.entries[i].key].refresh()
	}
	// "2 hours left" on the pinned promises is computed when drawn.
	if u.customers != nil && u.customers.detail != nil {
		u.customers.detail.list.Refresh()
	}
}

// changed is called after every change this desktop makes.
func (u *ui) changed() {
	// Only what is on screen: every screen reloads when it is selected, so
	// reloading hidden ones (the scorecard reads years of promises) is waste.
	u.refreshVisible()
	if u.customers != nil && u.customers.detail != nil {
		u.customers.detail.reload()
	}
	if u.stopWatch == nil {
		u.writeFeeds()
	}
}

// setBadge shows the count of slipped and silent promises on Today.
func (u *ui) setBadge(n int) {
	if u.tabs == nil {
		return
	}
	for i, e := range u.entries {
		if e.key == "today" {
			title := e.title()
			if n > 0 {
				title = fmt.Sprintf("%s (%d)", title, n)
			}
			if u.tabs.Items[i].Text != title {
				u.tabs.Items[i].Text = title
				u.tabs.Refresh()
			}
		}
	}
}

// show selects the screen with key.
func (u *ui) show(key string) {
	for i, e := range u.entries {
		if e.key == key {
			u.tabs.SelectIndex(i)
			return
		}
	}
}

// openCustomer shows a customer in the Customers screen.
func (u *ui) openCustomer(id uint) {
	u.show("customers")
	u.customers.open(id)
}

// installShortcuts binds Ctrl/Cmd+F, +L and +P. They go into the main menu
// too, because Fyne gives menu shortcuts priority over a focused entry.
func (u *ui) installShortcuts() {
	mod := fyne.KeyModifierShortcutDefault
	search := &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: mod}
	logc := &desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: mod}
	prom := &desktop.CustomShortcut{KeyName: fyne.KeyP, Modifier: mod}
	u.win.Canvas().AddShortcut(search, func(fyne.Shortcut) { u.onSearchShortcut() })
	u.win.Canvas().AddShortcut(logc, func(fyne.Shortcut) { u.onLogShortcut() })
	u.win.Canvas().AddShortcut(prom, func(fyne.Shortcut) { u.onPromiseShortcut() })
	findItem := fyne.NewMenuItem(lang.L("Find customer"), u.onSearchShortcut)
	findItem.Shortcut = search
	logItem := fyne.NewMenuItem(lang.L("Log contact"), u.onLogShortcut)
	logItem.Shortcut = logc
	promItem := fyne.NewMenuItem(lang.L("New promise"), u.onPromiseShortcut)
	promItem.Shortcut = prom
	newCust := fyne.NewMenuItem(lang.L("New customer"), func() {
		if u.store != nil && !u.readOnly() {
			u.showCustomerDialog(nil)
		}
	})
	u.win.SetMainMenu(fyne.NewMainMenu(fyne.NewMenu(lang.L("Customer"), findItem, newCust, fyne.NewMenuItemSeparator(), logItem, promItem)))
}

func (u *ui) onSearchShortcut() {
	if u.customers == nil {
		return
	}
	u.show("customers")
	u.win.Canvas().Focus(u.customers.search)
}

func (u *ui) onLogShortcut() {
	if d := u.currentCustomer(); d != 0 && !u.readOnly() {
		u.showContactDialog(d, nil, false)
	}
}

func (u *ui) onPromiseShortcut() {
	if d := u.currentCustomer(); d != 0 && !u.readOnly() {
		u.showPromiseDialog(d)
	}
}

// currentCustomer is the customer open in the Customers screen, or 0.
func (u *ui) currentCustomer() uint {
	if u.customers == nil || u.customers.detail == nil {
		return 0
	}
	return u.customers.detail.id
}

// closeTopDialog closes the newest open form dialog (Esc); it reports
// whether there was one.
func (u *ui) closeTopDialog() bool {
	if n := len(u.dialogs); n > 0 {
		u.dialogs[n-1].close()
		return true
	}
	return false
}

// onTypedKey gets the keys no widget has the focus for: Esc closes the top
// dialog, or returns from an open customer to the search results.
func (u *ui) onTypedKey(k *fyne.KeyEvent) {
	if k.Name != fyne.KeyEscape || u.closeTopDialog() {
		return
	}
	if u.tabs != nil && u.customers != nil && u.entries[u.tabs.SelectedIndex()].key == "customers" {
		u.customers.returnToList()
	}
}

// startBackground starts the minute check, the watch for other desktops,
// and the automatic backup.
func (u *ui) startBackground() {
	if u.inline {
		return
	}
	u.stopTicker = make(chan struct{})
	stop := u.stopTicker
	st := u.store
	go func() {
		t := time.NewTicker(time.Minute)
		defer t.Stop()
		for n := 1; ; n++ {
			select {
			case <-stop:
				return
			case <-t.C:
				if n%10 == 0 && !st.ReadOnly() {
					// Clocks drift and get set; the banner follows.
					st.MeasureClock()
				}
				fyne.Do(func() {
					u.refreshVisible()
					u.updateBanner()
				})
			}
		}
	}()
	u.startWatch()
	if !u.store.ReadOnly() {
		s := u.store
		go func() {
			if _, err := s.AutoBackup(time.Now()); err != nil {
				fyne.Do(func() {
					u.notify.status(lang.L("The automatic backup failed: {{.Err}}", map[string]any{"Err": err.Error()}))
				})
			}
		}()
	}
}

// stopBackground ends what startBackground started, and the feed server.
func (u *ui) stopBackground() {
	u.stopFeedServer()
	if u.stopTicker != nil {
		close(u.stopTicker)
		u.stopTicker = nil
	}
	if u.stopWatch != nil {
		u.stopWatch()
		u.stopWatch = nil
	}
}

// startWatch refreshes the views when another desktop changes the file.
// The watch also reports this desktop's own writes; the views then load
// once more, which is cheap, and the calendar feeds are written here.
func (u *ui) startWatch() {
	st := u.store
	feed := &changeFeed{st: st}
	go feed.start()
	u.stopWatch = st.Watch(2*time.Second, func() {
		cs := feed.next()
		fyne.Do(func() { u.applyChanges(cs) })
		u.writeFeedsFor(st)
	})
}

// changeFeed follows the file's change log for the watch: which customers
// changed since it last looked. Used from the watch's goroutine.
type changeFeed struct {
	st    *data.Store
	mu    sync.Mutex
	pos   int64
	known bool
}

// start learns where the log stands, so that the first change is not a
// reload of everything.
func (f *changeFeed) start() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if cs, err := f.st.ChangesSince(0); err == nil && !f.known {
		f.pos, f.known = cs.To, true
	}
}

// next is what changed since the last call; when the log cannot tell (not
// read yet, unreadable), everything may have.
func (f *changeFeed) next() data.ChangeSet {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.known {
		if cs, err := f.st.ChangesSince(0); err == nil {
			f.pos, f.known = cs.To, true
		}
		return data.ChangeSet{Reload: true}
	}
	cs, err := f.st.ChangesSince(f.pos)
	if err != nil {
		return data.ChangeSet{Reload: true}
	}
	f.pos = cs.To
	return cs
}

// applyChanges brings what is on screen up to date after a change in the
// file: Today (its views re-read only the customers that changed) and the
// visible screen, when the change concerns it. UI thread.
func (u *ui) applyChanges(cs data.ChangeSet) {
	if cs.Empty() || u.tabs == nil {
		return
	}
	if u.today != nil {
		u.today.refresh()
	}
	key := ""
	if i := u.tabs.SelectedIndex(); i >= 0 && i < len(u.entries) {
		key = u.entries[i].key
	}
	switch key {
	case "today":
	case "customers":
		// The list shows names, companies, e-mails, phones and owners.
		if cs.Reload || cs.Has(data.ChangeCustomer, 0) {
			u.customers.refresh()
		}
		if d := u.customers.detail; d != nil && (cs.Reload || cs.Touches(d.id)) {
			d.reload()
		}
	default:
		u.screens[key].refresh()
	}
	if u.customers != nil && u.customers.detail != nil {
		u.customers.detail.list.Refresh()
	}
}

// watcher and backupper are the Store's change watch (data/watch.go) and
// automatic backup (data/backup.go).
type (
	watcher interface {
		Watch(time.Duration, func()) func()
	}
	backupper interface {
		AutoBackup(time.Time) (string, error)
	}
)

// shutdown releases the database after the window closed.
func (u *ui) shutdown() {
	u.stopBackground()
	if u.store != nil {
		u.store.Close()
	}
}

// showMessage is a plain information dialog.
func (u *ui) showMessage(title, msg string) {
	l := widget.NewLabel(msg)
	l.Wrapping = fyne.TextWrapWord
	d := newInfoDialog(u, title, l)
	d.show()
}
