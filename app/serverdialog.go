package app

import (
	"net"
	"net/url"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/zusage/zusage/data"
)

// A team that outgrew one office works on a PostgreSQL server (README,
// "Outgrowing one office"). This desktop keeps the server's address in its
// preferences — host, database, user and TLS mode — and never the
// password: that comes from PGPASSWORD or the .pgpass file, or is asked
// when Zusage starts and kept in memory only.

// TLS modes offered, safest first: verify-full checks the server's
// certificate and name against the CA file (or the system's CAs).
var tlsModes = []string{"verify-full", "verify-ca", "require", "disable"}

// serverForm is the "Team server (PostgreSQL)" dialog's content.
type serverForm struct {
	host, port, database, user, caFile *entry
	password                           *widget.Entry
	tls                                *selectOf
	form                               *form
}

func newServerForm(current string) *serverForm {
	f := &serverForm{
		host: newEntry("db.office.example"), port: newEntry(""), database: newEntry(""),
		user: newEntry(""), caFile: newEntry(""),
		password: widget.NewPasswordEntry(),
	}
	f.port.SetText("5432")
	f.database.SetText("zusage")
	f.tls = newSelectOf(tlsModes, func(m string) string {
		switch m {
		case "verify-full":
			return lang.L("Encrypted, server certificate checked (recommended)")
		case "verify-ca":
			return lang.L("Encrypted, certificate checked without the name")
		case "require":
			return lang.L("Encrypted, certificate not checked")
		}
		return lang.L("Not encrypted (only on this computer)")
	}, nil)
	f.tls.setValue("verify-full")
	f.caFile.SetPlaceHolder(lang.L("e.g. C:\\Zusage\\office-ca.crt (empty: the system's certificates)"))
	f.password.SetPlaceHolder(lang.L("Not stored; empty: from PGPASSWORD or .pgpass"))
	if u, err := url.Parse(current); err == nil && data.IsServer(current) {
		f.host.SetText(u.Hostname())
		if p := u.Port(); p != "" {
			f.port.SetText(p)
		}
		f.database.SetText(strings.TrimPrefix(u.Path, "/"))
		if u.User != nil {
			f.user.SetText(u.User.Username())
		}
		q := u.Query()
		if m := q.Get("sslmode"); m != "" {
			f.tls.setValue(m)
		}
		f.caFile.SetText(q.Get("sslrootcert"))
	}
	f.form = newForm(
		newField(lang.L("Server"), f.host, "host"),
		newField(lang.L("Port"), narrow(f.port), "port"),
		newField(lang.L("Database"), f.database, "database"),
		newField(lang.L("User"), f.user, "user"),
		newField(lang.L("Password"), f.password, "password"),
		newField(lang.L("Connection"), f.tls.Select, "sslmode"),
		newField(lang.L("CA certificate file"), f.caFile, "sslrootcert"),
	)
	return f
}

// location is the server's address as the desktop stores it: no password.
func (f *serverForm) location() (string, bool) {
	host := strings.TrimSpace(f.host.Text)
	db := strings.TrimSpace(f.database.Text)
	user := strings.TrimSpace(f.user.Text)
	port, err := strconv.Atoi(strings.TrimSpace(f.port.Text))
	ok := true
	for _, c := range []struct {
		key string
		bad bool
	}{{"host", host == ""}, {"database", db == ""}, {"user", user == ""}, {"port", err != nil || port <= 0 || port > 65535}} {
		if x := f.form.byKey(c.key); x != nil {
			if c.bad {
				x.touched = true
				x.set(lang.L("Required"))
				ok = false
			} else {
				x.set("")
			}
		}
	}
	if !ok {
		return "", false
	}
	q := url.Values{}
	q.Set("sslmode", f.tls.value())
	if ca := strings.TrimSpace(f.caFile.Text); ca != "" {
		q.Set("sslrootcert", ca)
	}
	u := url.URL{Scheme: "postgres", User: url.User(user), Host: net.JoinHostPort(host, strconv.Itoa(port)), Path: "/" + db, RawQuery: q.Encode()}
	return u.String(), true
}

// showServerDialog asks for a team server and opens it.
func (u *ui) showServerDialog() {
	current := ""
	if u.store != nil {
		current = u.store.Path()
	}
	f := newServerForm(current)
	hint := widget.NewLabel(lang.L("Your administrator gives you the server, the database and your user (README: Outgrowing one office). The password is never stored on this desktop."))
	hint.Wrapping = fyne.TextWrapWord
	var d *formDialog
	d = newFormDialog(u, lang.L("Team server (PostgreSQL)"), lang.L("Connect"), container.NewVBox(hint, f.form.box), func() {
		loc, ok := f.location()
		if !ok {
			return
		}
		d.close()
		u.dbPassword = f.password.Text
		u.switchDB(loc)
	})
	d.wire(f.host, f.port, f.database, f.user, f.caFile)
	d.fit(620)
	d.show()
	u.win.Canvas().Focus(f.host)
}

// askPassword asks for the server's password when the server refused the
// login without one (or with a wrong one); then retries with it. Cancel
// runs cancelled (the open error with its other ways out).
func (u *ui) askPassword(loc string, retry, cancelled func()) {
	pw := widget.NewPasswordEntry()
	msg := widget.NewLabel(lang.L("The database server asks for the password of {{.Server}}. It is kept only while Zusage runs.", map[string]any{"Server": loc}))
	msg.Wrapping = fyne.TextWrapWord
	content := container.NewVBox(msg, pw)
	if u.dbPassword != "" {
		wrong := widget.NewLabel(lang.L("The server did not accept that password. Try again, or ask your administrator."))
		wrong.Importance = widget.DangerImportance
		wrong.Wrapping = fyne.TextWrapWord
		content = container.NewVBox(msg, wrong, pw)
	}
	var d *formDialog
	d = newFormDialog(u, lang.L("Password for the team server"), lang.L("Connect"), content, func() {
		d.close()
		u.dbPassword = pw.Text
		retry()
	})
	pw.OnSubmitted = func(string) { d.submit() }
	d.cancel.OnTapped = func() {
		d.close()
		cancelled()
	}
	d.fit(520)
	d.show()
	u.win.Canvas().Focus(pw)
}
