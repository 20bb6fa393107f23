package main

import (
	"bytes"
	"debug/pe"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeExe is the smallest PE32+ image debug/pe reads: DOS stub, headers,
// no sections, and some bytes after them that must survive the copy.
func fakeExe(t *testing.T, subsystem uint16) []byte {
	t.Helper()
	var b bytes.Buffer
	dos := make([]byte, 64)
	copy(dos, "MZ")
	binary.LittleEndian.PutUint32(dos[0x3c:], 64)
	b.Write(dos)
	b.WriteString("PE\x00\x00")
	require.NoError(t, binary.Write(&b, binary.LittleEndian, pe.FileHeader{
		Machine:              pe.IMAGE_FILE_MACHINE_AMD64,
		SizeOfOptionalHeader: uint16(binary.Size(pe.OptionalHeader64{})),
		Characteristics:      pe.IMAGE_FILE_EXECUTABLE_IMAGE | pe.IMAGE_FILE_LARGE_ADDRESS_AWARE,
	}))
	require.NoError(t, binary.Write(&b, binary.LittleEndian, pe.OptionalHeader64{
		Magic: 0x20b, Subsystem: subsystem, NumberOfRvaAndSizes: 16, ImageBase: 0x140000000,
	}))
	b.WriteString("program bytes")
	return b.Bytes()
}

func subsystemOf(t *testing.T, b []byte) uint16 {
	t.Helper()
	f, err := pe.NewFile(bytes.NewReader(b))
	require.NoError(t, err)
	return f.OptionalHeader.(*pe.OptionalHeader64).Subsystem
}

func TestToConsoleFlipsOnlyTheSubsystem(t *testing.T) {
	gui := fakeExe(t, pe.IMAGE_SUBSYSTEM_WINDOWS_GUI)
	require.Equal(t, uint16(pe.IMAGE_SUBSYSTEM_WINDOWS_GUI), subsystemOf(t, gui))
	cli, err := toConsole(gui)
	require.NoError(t, err)
	assert.Equal(t, uint16(pe.IMAGE_SUBSYSTEM_WINDOWS_CUI), subsystemOf(t, cli))
	assert.Equal(t, uint16(pe.IMAGE_SUBSYSTEM_WINDOWS_GUI), subsystemOf(t, gui), "the input is not changed")
	require.Len(t, cli, len(gui))
	diff := 0
	for i := range gui {
		if gui[i] != cli[i] {
			diff++
		}
	}
	assert.Equal(t, 1, diff, "GUI (2) and console (3) differ in one byte")
}

func TestToConsoleRefusesWhatIsNotAGUIExe(t *testing.T) {
	_, err := toConsole(fakeExe(t, pe.IMAGE_SUBSYSTEM_WINDOWS_CUI))
	assert.ErrorContains(t, err, "not the GUI subsystem")
	_, err = toConsole([]byte("#!/bin/sh\necho hello\n"))
	assert.ErrorContains(t, err, "not a Windows executable")
}

func TestConvertWritesAnExecutableFile(t *testing.T) {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "Zusage.exe"), filepath.Join(dir, "zusage-cli.exe")
	require.NoError(t, os.WriteFile(in, fakeExe(t, pe.IMAGE_SUBSYSTEM_WINDOWS_GUI), 0o644))
	require.NoError(t, convert(in, out))
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, uint16(pe.IMAGE_SUBSYSTEM_WINDOWS_CUI), subsystemOf(t, b))
	st, err := os.Stat(out)
	require.NoError(t, err)
	assert.NotZero(t, st.Mode()&0o100)
	assert.Error(t, convert(filepath.Join(dir, "missing.exe"), out))
}
