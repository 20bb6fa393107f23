package app

import (
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zusage/zusage/data/feeds"
)

func getFeed(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res.StatusCode, string(b)
}

func TestSettingsShowsTheAddressOfMyServedFeed(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	// A free port: tests must not take the real one.
	u.prefs.SetInt(prefFeedPort, 0)
	u.startFeedServer()
	t.Cleanup(u.stopFeedServer)
	s := u.settings
	s.refresh()

	addr, err := u.feed.state()
	require.NoError(t, err)
	require.NotEmpty(t, addr)
	host, _, _ := net.SplitHostPort(addr)
	assert.Equal(t, "127.0.0.1", host, "loopback only")
	tok, err := tm.store.FeedToken(tm.anna.ID)
	require.NoError(t, err)
	want := "http://" + addr + "/feed/" + tok + ".ics"
	assert.Equal(t, want, s.feed.address.Text)
	require.NotNil(t, s.feed.webcal.URL)
	assert.Equal(t, "webcal://"+addr+"/feed/"+tok+".ics", s.feed.webcal.URL.String())
	assert.True(t, s.feed.webcal.Visible())
	assert.Contains(t, s.feed.status.Text, "Serving on "+addr)

	test.Tap(s.feed.copyBtn)
	assert.Equal(t, want, u.app.Clipboard().Content())

	code, body := getFeed(t, want)
	assert.Equal(t, http.StatusOK, code)
	assert.Contains(t, body, "BEGIN:VCALENDAR")
	assert.Contains(t, body, "X-WR-CALNAME:Promises – Anna Berg\r\n", "my feed")

	// Only my feed: Bernd's address is unknown here.
	bernds, err := tm.store.FeedToken(tm.bernd.ID)
	require.NoError(t, err)
	code, _ = getFeed(t, "http://"+addr+feeds.Path(bernds))
	assert.Equal(t, http.StatusNotFound, code)

	// A new address: the old one stops working.
	test.Tap(s.feed.rotate)
	d := u.dialogs[len(u.dialogs)-1]
	test.Tap(d.save)
	require.NotEqual(t, want, s.feed.address.Text)
	code, _ = getFeed(t, want)
	assert.Equal(t, http.StatusNotFound, code)
	code, _ = getFeed(t, s.feed.address.Text)
	assert.Equal(t, http.StatusOK, code)

	// Switched off: nothing listens.
	s.feed.serve.SetChecked(false)
	addr2, _ := u.feed.state()
	assert.Empty(t, addr2)
	assert.Contains(t, s.feed.address.Text, "/feed/", "the address is still shown")
	assert.Contains(t, s.feed.status.Text, "Off")
	_, err = http.Get(want)
	assert.Error(t, err, "no server any more")
	s.feed.serve.SetChecked(true)
	addr3, _ := u.feed.state()
	assert.NotEmpty(t, addr3)
}

func TestSettingsSaysWhenThePortIsTaken(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	u.show("settings")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	u.settings.feed.port.SetText(port)
	test.Tap(u.settings.feed.apply)
	t.Cleanup(u.stopFeedServer)
	assert.Contains(t, u.settings.feed.status.Text, "Port "+port+" is in use by another program")
	addr, _ := u.feed.state()
	assert.Empty(t, addr)
	assert.Contains(t, u.settings.feed.address.Text, "http://127.0.0.1:"+port+"/feed/", "the address another Zusage on this port would answer")

	u.settings.feed.port.SetText("80")
	test.Tap(u.settings.feed.apply)
	assert.Equal(t, "Enter a port from 1024 to 65535.", u.settings.feed.status.Text)
}

func TestHowToNamesEachCalendar(t *testing.T) {
	newTeam(t)
	h := feedHowTo()
	for _, w := range []string{"Outlook", "Apple Calendar", "Thunderbird", "Google Calendar", "On My Mac", "30 minutes", "once an hour", "zusage serve"} {
		assert.True(t, strings.Contains(h, w), "%q", w)
	}
}
