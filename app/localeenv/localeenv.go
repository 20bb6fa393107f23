// Package localeenv clears the POSIX "C" locale from the environment before
// Fyne reads it. Fyne's lang package looks up the user's locale in its init
// and logs "Error parsing user locale C" for LANG=C or C.UTF-8; Zusage then
// simply starts in English.
//
// It must import nothing but os: Go initialises packages in import-path
// order among those whose imports are ready, so this package (path
// github.com/zusage/...) runs before golang.org/x/text and hence before
// fyne.io/fyne/v2/lang, which needs it.
package localeenv

import "os"

func init() { Clean() }

// Clean removes locale variables that name the C/POSIX locale.
func Clean() {
	for _, k := range []string{"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"} {
		v, ok := os.LookupEnv(k)
		if !ok {
			continue
		}
		if v == "" || v == "C" || v == "POSIX" || (len(v) > 2 && v[:2] == "C.") {
			os.Unsetenv(k)
		}
	}
}
