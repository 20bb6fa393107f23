package app

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/zusage/zusage/data"
)

// settingsScreen holds this desktop's settings (database, identity,
// language, calendar folder) and the team settings stored in the database.
type settingsScreen struct {
	u        *ui
	dbPath   *widget.Label
	me       *widget.Select
	users    []data.User
	language *selectOf
	notify   *widget.Check
	feedDir  *widget.Label
	feed     *feedSettings
	lead     map[string]*entry
	pct      *entry
	minDays  *entry
	quiet    *entry
	teamLang *selectOf
	team     *form
	saveTeam *widget.Button
	addUser  *widget.Button
	people   *teamList
	saved    *widget.Label
	root     fyne.CanvasObject
	scroll   *container.Scroll
	gen      int
	// templates and talk edit the team's ready messages and talking points.
	templates *templateEditor
	talk      *talkEditor
}

func newSettingsScreen(u *ui) *settingsScreen {
	s := &settingsScreen{u: u, lead: map[string]*entry{}}
	u.settings = s
	s.dbPath = widget.NewLabel("")
	s.dbPath.Wrapping = fyne.TextWrapBreak
	choose := widget.NewButtonWithIcon(lang.L("Choose a file on the office share…"), theme.FolderOpenIcon(), func() {
		u.chooseDBFile(func(p string) { u.switchDB(p) }, nil)
	})
	local := widget.NewButton(lang.L("Use the local database"), func() {
		newFiles.Store(u.defaultDBPath(), true)
		u.switchDB(u.defaultDBPath())
	})
	server := widget.NewButtonWithIcon(lang.L("Team server (PostgreSQL)…"), theme.StorageIcon(), u.showServerDialog)
	s.me = widget.NewSelect(nil, nil)
	s.people = newTeamList(u)
	s.addUser = widget.NewButtonWithIcon(lang.L("Add salesperson…"), theme.ContentAddIcon(), func() {
		u.showUserDialog(func(x data.User) { s.refresh() })
	})
	s.language = newSelectOf([]string{"", "en", "de"}, func(v string) string {
		switch v {
		case "en":
			return "English"
		case "de":
			return "Deutsch"
		}
		return lang.L("System language")
	}, nil)
	s.language.setValue(u.prefs.String(prefLang))
	s.language.OnChanged = func(string) {
		u.prefs.SetString(prefLang, s.language.value())
		s.saved.SetText(lang.L("The language changes when Zusage starts the next time."))
	}
	s.notify = widget.NewCheck(lang.L("Desktop notification when a promise slips"), func(on bool) { u.prefs.SetBool(prefNotify, on) })
	s.notify.Checked = u.prefs.BoolWithFallback(prefNotify, true)
	s.feedDir = widget.NewLabel("")
	s.feedDir.Wrapping = fyne.TextWrapBreak
	chooseFeed := widget.NewButtonWithIcon(lang.L("Choose folder…"), theme.FolderOpenIcon(), func() {
		fd := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
			if err != nil || l == nil {
				return
			}
			u.prefs.SetString(prefFeedDir, l.Path())
			s.showDesktop()
			u.writeFeeds()
		}, u.win)
		fd.Resize(fyne.NewSize(800, 560))
		fd.Show()
	})
	clearFeed := widget.NewButton(lang.L("No calendar feeds"), func() {
		u.prefs.SetString(prefFeedDir, "")
		s.showDesktop()
	})

	// Team settings.
	var fields []*field
	for _, k := range data.Kinds {
		if k == data.KindStanding {
			continue
		}
		e := newEntry("")
		s.lead[k] = e
		fields = append(fields, newField(lang.L("Warn before: {{.Kind}} (hours)", map[string]any{"Kind": kindLabel(k)}), narrow(e), "lead."+k))
	}
	s.pct = newEntry("25")
	s.minDays = newEntry("1")
	s.quiet = newEntry("30")
	fields = append(fields,
		newField(lang.L("Promise buffer (% of the time until the estimate)"), narrow(s.pct), "buffer_percent"),
		newField(lang.L("Buffer at least (working days)"), narrow(s.minDays), "buffer_min_workdays"),
		newField(lang.L("No next step after (days without contact)"), narrow(s.quiet), "no_next_step_days"),
	)
	for _, f := range fields {
		f := f
		f.input.(*fyne.Container).Objects[0].(*entry).OnChanged = func(string) { f.touched = true; s.validate() }
	}
	s.teamLang = newSelectOf(data.Languages, languageName, nil)
	s.teamLang.setValue(data.LangDE)
	s.team = newForm(append(fields, newField(lang.L("Customers write in (unless set per customer)"), s.teamLang.Select, "customer_language"))...)
	s.teamLang.OnChanged = func(string) { s.validate() }
	s.saveTeam = widget.NewButtonWithIcon(lang.L("Save team settings"), theme.DocumentSaveIcon(), s.submitTeam)
	s.saveTeam.Importance = widget.HighImportance
	s.saved = widget.NewLabel("")
	s.saved.Importance = widget.SuccessImportance

	section := func(t string) *widget.Label {
		l := widget.NewLabelWithStyle(t, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.SizeName = theme.SizeNameSubHeadingText
		return l
	}
	desktop := container.NewVBox(
		section(lang.L("This desktop")),
		widget.NewForm(
			widget.NewFormItem(lang.L("Database"), container.NewVBox(s.dbPath, container.NewHBox(choose, local, server))),
			widget.NewFormItem(lang.L("I am"), container.NewBorder(nil, nil, nil, s.addUser, s.me)),
			widget.NewFormItem(lang.L("Language"), container.NewVBox(s.language.Select)),
			widget.NewFormItem(lang.L("Notifications"), s.notify),
			widget.NewFormItem(lang.L("Calendar feeds"), container.NewVBox(s.feedDir, container.NewHBox(chooseFeed, clearFeed))),
		),
	)
	s.feed = newFeedSettings(u)
	teamHint := widget.NewLabel(lang.L("These settings are stored in the database and apply to everyone on the team."))
	teamHint.Wrapping = fyne.TextWrapWord
	peopleHint := widget.NewLabel(lang.L("Everyone who works on this database. Someone who leaves hands their customers and open promises to a colleague; their history stays."))
	peopleHint.Wrapping = fyne.TextWrapWord
	team := container.NewVBox(section(lang.L("Team settings")), teamHint, s.team.box, container.NewHBox(s.saveTeam, s.saved),
		widget.NewSeparator(), section(lang.L("The team")), peopleHint, s.people.box)
	s.templates = newTemplateEditor(u)
	s.talk = newTalkEditor(u)
	s.scroll = container.NewVScroll(container.NewPadded(container.NewVBox(desktop, widget.NewSeparator(), s.feed.box, widget.NewSeparator(), team,
		widget.NewSeparator(), s.templates.box, widget.NewSeparator(), s.talk.box, widget.NewSeparator(), aboutView())))
	s.root = s.scroll
	return s
}

func (s *settingsScreen) view() fyne.CanvasObject { return s.root }

// showDesktop fills the desktop part from the preferences. UI thread.
func (s *settingsScreen) showDesktop() {
	if s.u.store != nil {
		txt := s.u.store.Path()
		if s.u.store.ReadOnly() {
			txt += "\n" + lang.L("(read-only)")
		}
		s.dbPath.SetText(txt)
	}
	dir := s.u.prefs.String(prefFeedDir)
	switch {
	case dir == "":
		s.feedDir.SetText(lang.L("Off — choose a folder (e.g. on the office share) to keep one .ics feed per salesperson there."))
	default:
		s.feedDir.SetText(dir)
	}
}

func (s *settingsScreen) refresh() {
	st := s.u.store
	if st == nil {
		return
	}
	s.showDesktop()
	s.feed.refresh()
	s.gen++
	gen := s.gen
	s.u.do(func() func() {
		users, err := st.Users()
		var all []data.User
		if err == nil {
			all, err = st.AllUsers()
		}
		var set data.TeamSettings
		var tpls []data.MessageTemplate
		var talk []data.TalkingPoints
		var notices []data.NoticeRow
		if err == nil {
			set, err = st.Settings()
		}
		if err == nil {
			tpls, err = st.Templates()
		}
		if err == nil {
			talk, err = st.AllTalkingPoints()
		}
		if err == nil {
			notices, err = st.Notices()
		}
		return func() {
			if gen != s.gen {
				return
			}
			if err != nil {
				s.saved.SetText(err.Error())
				return
			}
			s.setUsers(users)
			s.people.set(all)
			s.setTeam(set)
			s.templates.set(tpls)
			s.talk.set(talk, notices)
		}
	})
}

func (s *settingsScreen) setUsers(users []data.User) {
	s.users = users
	var opts []string
	sel := -1
	for i, x := range users {
		opts = append(opts, x.Name+" <"+x.Email+">")
		if x.ID == s.u.me.ID {
			sel = i
		}
	}
	s.me.OnChanged = nil
	s.me.Options = opts
	s.me.SetSelectedIndex(sel)
	s.me.OnChanged = func(string) {
		i := s.me.SelectedIndex()
		if i >= 0 && i < len(s.users) && s.users[i].ID != s.u.me.ID {
			s.u.setMe(s.users[i], true)
		}
	}
}

func (s *settingsScreen) setTeam(set data.TeamSettings) {
	for k, e := range s.lead {
		e.SetText(strconv.FormatFloat(set.LeadTime(k).Hours(), 'f', -1, 64))
	}
	s.pct.SetText(strconv.Itoa(set.BufferPercent))
	s.minDays.SetText(strconv.Itoa(set.BufferMinWorkdays))
	s.quiet.SetText(strconv.Itoa(set.NoNextStepDays))
	s.teamLang.setValue(set.CustomerLanguage)
	for _, f := range s.team.fields {
		f.touched = false
		f.set("")
	}
	s.validate()
}

// teamValue reads the team form; ok is false when a field is wrong.
func (s *settingsScreen) teamValue() (data.TeamSettings, bool) {
	set := data.DefaultSettings()
	ok := true
	show := func(key, msg string) {
		f := s.team.byKey(key)
		if msg != "" {
			ok = false
		}
		if f.touched || msg == "" {
			f.set(msg)
		}
	}
	// The form reads numbers; whether they are allowed is the Store's rule
	// (TeamSettings.Validate), asked as the user types.
	num := func(key string, e *entry) float64 {
		v, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(e.Text), ",", "."), 64)
		if err != nil {
			show(key, lang.L("Enter a number"))
			return -1
		}
		show(key, "")
		return v
	}
	for k, e := range s.lead {
		set.LeadTimes[k] = time.Duration(num("lead."+k, e) * float64(time.Hour))
	}
	set.BufferPercent = int(num("buffer_percent", s.pct))
	set.BufferMinWorkdays = int(num("buffer_min_workdays", s.minDays))
	set.NoNextStepDays = int(num("no_next_step_days", s.quiet))
	set.CustomerLanguage = s.teamLang.value()
	var ve *data.ValidationError
	if err := set.Validate(); ok && errors.As(err, &ve) {
		show(ve.Field, translateValidation(ve))
	}
	return set, ok
}

func (s *settingsScreen) validate() bool {
	if s.u.readOnly() {
		s.addUser.Disable()
	} else {
		s.addUser.Enable()
	}
	_, ok := s.teamValue()
	if ok && !s.u.readOnly() {
		s.saveTeam.Enable()
	} else {
		s.saveTeam.Disable()
	}
	return ok
}

func (s *settingsScreen) submitTeam() {
	for _, f := range s.team.fields {
		f.touched = true
	}
	set, ok := s.teamValue()
	if !ok {
		return
	}
	st := s.u.store
	s.saveTeam.Disable()
	s.u.do(func() func() {
		err := st.SaveSettings(set)
		return func() {
			s.saveTeam.Enable()
			if err != nil {
				if !s.team.apply(err) {
					s.u.showError(err)
				}
				return
			}
			s.saved.SetText(lang.L("Saved for the whole team."))
			s.u.changed()
		}
	})
}

// narrow gives a number entry a fitting width instead of the whole row.
func narrow(e *entry) *fyne.Container {
	return container.NewGridWrap(fyne.NewSize(140, e.MinSize().Height), e)
}

// switchDB reopens the app on another database file.
func (u *ui) switchDB(path string) {
	u.openDB(path, u.me.Email, true)
}
