// Package zusage is what every part of the program knows about itself: its
// name, app ID and version, read from FyneApp.toml (embedded at build time,
// so a plain `go build` and a `make release` say the same), and the commit it
// was built from.
package zusage

import (
	_ "embed"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/BurntSushi/toml"
)

// FyneApp.toml is the one source of the version: `fyne package` is given
// the same values by the Makefile, which reads them from this file too.
//
//go:embed FyneApp.toml
var fyneAppTOML []byte

// commit is set by the Makefile: -ldflags "-X github.com/zusage/zusage.commit=…".
var commit string

// Info describes this build of Zusage.
type Info struct {
	// Name is the product name ("Zusage").
	Name string
	// ID is the app ID, also the key of the desktop's preferences.
	ID string
	// Version is the release version, e.g. "0.1.0".
	Version string
	// Build is FyneApp.toml's build number, the fourth part of the Windows file version.
	Build int
	// Commit is the git commit the binary was built from, "unknown" when
	// the build did not say.
	Commit string
}

// About returns what this build is.
func About() Info {
	info, err := parse(fyneAppTOML)
	if err != nil {
		// The embedded file is checked by a test; a broken one must not stop
		// the program.
		info = Info{Name: "Zusage", ID: "org.zusage.app", Version: "unknown"}
	}
	info.Commit = buildCommit()
	return info
}

// String is the one line `zusage version` prints.
func (i Info) String() string {
	return fmt.Sprintf("%s %s (build %d, commit %s, %s %s/%s)",
		i.Name, i.Version, i.Build, i.Commit, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// parse reads the [Details] of a FyneApp.toml.
func parse(b []byte) (Info, error) {
	var f struct {
		Details struct {
			Name    string
			ID      string
			Version string
			Build   int
		}
	}
	if err := toml.Unmarshal(b, &f); err != nil {
		return Info{}, err
	}
	d := f.Details
	if d.Name == "" || d.ID == "" || d.Version == "" {
		return Info{}, fmt.Errorf("FyneApp.toml: [Details] needs Name, ID and Version")
	}
	return Info{Name: d.Name, ID: d.ID, Version: d.Version, Build: d.Build}, nil
}

// buildCommit is the commit the Makefile stamped in, else the one Go
// recorded (a `go build` in a git checkout without -buildvcs=false).
func buildCommit() string {
	if commit != "" {
		return commit
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		rev, dirty := "", false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if rev != "" && dirty {
			rev += "-dirty"
		}
		if rev != "" {
			return rev
		}
	}
	return "unknown"
}
