// Command winconsole copies a Windows GUI executable into one that runs in
// the console subsystem: the same program, icon and version resource, but
// cmd.exe and PowerShell wait for it, show what it prints and get its exit
// status. `make release` uses it to make zusage-cli.exe from Zusage.exe.
//
//	go run ./cmd/winconsole Zusage.exe zusage-cli.exe
package main

import (
	"bytes"
	"debug/pe"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: winconsole GUI.exe CONSOLE.exe")
		os.Exit(2)
	}
	if err := convert(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "winconsole:", err)
		os.Exit(1)
	}
}

func convert(in, out string) error {
	b, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	c, err := toConsole(b)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	return os.WriteFile(out, c, 0o755)
}

// subsystemOffset is where Subsystem sits in the optional header; the same
// for PE32 and PE32+ (Microsoft PE format, "Optional Header Windows-Specific
// Fields").
const subsystemOffset = 68

// toConsole returns a copy of the GUI executable b marked for the console
// subsystem. The header checksum is left as the linker wrote it: Windows
// checks it only when it loads drivers and system DLLs.
func toConsole(b []byte) ([]byte, error) {
	f, err := pe.NewFile(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("not a Windows executable: %w", err)
	}
	var sub uint16
	switch h := f.OptionalHeader.(type) {
	case *pe.OptionalHeader64:
		sub = h.Subsystem
	case *pe.OptionalHeader32:
		sub = h.Subsystem
	default:
		return nil, errors.New("no optional header")
	}
	if sub != pe.IMAGE_SUBSYSTEM_WINDOWS_GUI {
		return nil, fmt.Errorf("subsystem is %d, not the GUI subsystem (%d)", sub, pe.IMAGE_SUBSYSTEM_WINDOWS_GUI)
	}
	// debug/pe has read the headers, so these offsets are inside b.
	peAt := int(binary.LittleEndian.Uint32(b[0x3c:]))
	at := peAt + 4 + binary.Size(pe.FileHeader{}) + subsystemOffset
	out := bytes.Clone(b)
	binary.LittleEndian.PutUint16(out[at:], pe.IMAGE_SUBSYSTEM_WINDOWS_CUI)
	return out, nil
}
