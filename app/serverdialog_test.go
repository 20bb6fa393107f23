package app

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"github.com/stretchr/testify/assert"
)

// The team server's address as the desktop keeps it: host, port, database,
// user, TLS mode and CA file — never the password typed beside them.
func TestServerFormBuildsTheAddressWithoutThePassword(t *testing.T) {
	test.NewTempApp(t)
	f := newServerForm("")
	assert.Equal(t, "verify-full", f.tls.value(), "the safe mode by default")
	_, ok := f.location()
	assert.False(t, ok, "server, database and user are needed")
	f.host.SetText("db.office.example")
	f.user.SetText("anna")
	f.caFile.SetText("/etc/zusage/office-ca.crt")
	f.password.SetText("geheim")
	loc, ok := f.location()
	assert.True(t, ok)
	assert.Equal(t, "postgres://anna@db.office.example:5432/zusage?sslmode=verify-full&sslrootcert=%2Fetc%2Fzusage%2Foffice-ca.crt", loc)
	assert.NotContains(t, loc, "geheim")

	// Opened again, the dialog shows what the address says.
	g := newServerForm("postgres://ben@10.20.0.5:6543/team?sslmode=require")
	assert.Equal(t, "10.20.0.5", g.host.Text)
	assert.Equal(t, "6543", g.port.Text)
	assert.Equal(t, "team", g.database.Text)
	assert.Equal(t, "ben", g.user.Text)
	assert.Equal(t, "require", g.tls.value())
	g.port.SetText("99999")
	_, ok = g.location()
	assert.False(t, ok, "a port must be a port")
}
