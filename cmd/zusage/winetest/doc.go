// Package winetest checks the Windows release of Zusage under Wine: the
// Zusage.exe and zusage-cli.exe from the release zip run the headless
// scenario, write one file four at a time, hand files to the Linux build and
// back, and start the window under Xvfb.
//
// `make test-windows` builds the zip and a Wine prefix and runs these tests
// with ZUSAGE_WINE, ZUSAGE_WINDOWS_ZIP and ZUSAGE_LINUX set; without them
// (as in `make test`) every test here is skipped.
//
// processprng/ is test harness only: a stand-in for the bcryptprimitives.dll
// that Wine 8.0 lacks and every Windows 10/11 has. It goes into the test Wine
// prefix, never into a release.
package winetest
