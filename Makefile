# Zusage — build, run, test and release. `make run`, `make test`,
# `make test-windows` and `make release` work on a fresh Debian/Ubuntu
# machine; on a Mac `make release` builds Zusage.app (README.md, "Install").

GO        ?= go
BIN       := build/zusage
PKGS      := ./...
# System libraries the real (cgo, OpenGL) binary needs on Debian/Ubuntu.
DEB_PKGS  := gcc pkg-config libgl1-mesa-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev
# Extra tools for screenshots and benchmarks.
SHOT_PKGS := xvfb imagemagick
BENCH_PKGS := sqlite3
SUDO      := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export DEBIAN_FRONTEND := noninteractive

# Name, app ID, version, build number and icon are written once, in
# FyneApp.toml; the binaries embed that file (version.go), and packaging is
# given the same values from here. `fyne package` only reads FyneApp.toml
# from the folder of the main package (cmd/zusage), and would bump Build in
# it on every run, so the file stays at the root and its values are passed.
toml       = $(shell sed -n 's/^ *$(1) *= *"*\([^"]*\)"*.*/\1/p' FyneApp.toml)
APP_NAME    := $(call toml,Name)
APP_ID      := $(call toml,ID)
APP_VERSION := $(call toml,Version)
APP_BUILD   := $(call toml,Build)
APP_ICON    := $(call toml,Icon)
COMMIT      := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)$(shell git diff --quiet HEAD -- 2>/dev/null || echo -dirty)
LDFLAGS     := -X github.com/zusage/zusage.commit=$(COMMIT)

.PHONY: all deps build run test vet vet-darwin bench screenshots clean \
	release release-windows release-linux release-darwin install uninstall \
	deps-windows deps-wine test-windows

all: build

# Installs only the missing Debian/Ubuntu packages; elsewhere says what to do.
define apt_install
	@if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then \
		missing=""; \
		for p in $(1); do \
			dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
		done; \
		if [ -n "$$missing" ]; then \
			echo "Installing:$$missing"; \
			$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing; \
		fi; \
	else \
		echo "Not a Debian/Ubuntu system: install a C compiler and the OpenGL/X11 development"; \
		echo "headers yourself (see README.md, 'Building on Windows and macOS')."; \
	fi
endef

deps:
	$(call apt_install,$(DEB_PKGS))

build: deps
	@mkdir -p build
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/zusage

run: build
	./$(BIN)

vet: deps
	$(GO) vet -tags ci $(PKGS)

# The whole suite on SQLite files, then the data/ and command tests again on
# a throw-away PostgreSQL cluster (.ci/with-postgres installs Debian's
# postgresql when it is missing, and stops and removes the cluster after).
PG_PKGS := ./data/... ./cmd/zusage/
test: deps vet vet-darwin
	LANG=en_US.UTF-8 $(GO) test -race -tags ci -count=1 $(PKGS)
	.ci/with-postgres env LANG=en_US.UTF-8 $(GO) test -race -tags ci -count=1 $(PG_PKGS)
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/zusage

# macOS cannot be built here (the window needs Apple's toolchain and cgo),
# but everything outside the window must stay free of cgo so that it builds
# there: vet for darwin without cgo every package that does not pull in
# Fyne's widgets (which need cgo on macOS even with the ci tag): the data
# layer, the calendar export, the icons, the version and the tools.
DARWIN_PKGS = $(shell GOOS=darwin CGO_ENABLED=0 $(GO) list -tags ci -f '{{.ImportPath}} {{join .Deps " "}}' $(PKGS) | grep -v 'fyne.io/fyne/v2/internal/widget' | cut -d' ' -f1)
vet-darwin:
	GOOS=darwin GOARCH=arm64 CGO_ENABLED=0 $(GO) vet -tags ci $(DARWIN_PKGS)

# Speed at 2 million contacts (issue 6). The first run makes the full-scale
# demo file in the temp folder (about a minute) and keeps it for the next;
# ZUSAGE_BENCH_DB=FILE measures another file. Times a fresh full-scale
# generation, runs the benchmarks, and prints the table of README.md's
# "Performance" section: Zusage, the same SQL through the sqlite3 shell on
# the same file (the floor), the ratio and the budget; then the round trips
# (issue 15): the reads of the database file per operation from a cold
# cache, counted from /proc/self/io, and what they cost on a share. Then it
# moves the file to a throw-away PostgreSQL cluster with zusage move, runs
# the same benchmarks there and prints both side by side.
BENCH_OUT := build/bench
# The timing benchmarks that also run on the server (the others count the
# reads of the SQLite file).
SERVER_BENCH := ^Benchmark(Open|Warnings|TimelineFirstPage|CustomerSearch|LogContact|Reschedule|ICSFeed|ServedFeed)$$
bench: deps
	$(call apt_install,$(BENCH_PKGS))
	@mkdir -p $(BENCH_OUT)
	$(GO) run ./cmd/benchtable gen | tee $(BENCH_OUT)/ready.txt
	$(GO) run ./cmd/benchtable gen --fresh | tee $(BENCH_OUT)/gen.txt
	$(GO) test -tags ci -run '^$$' -bench . -benchtime 20x ./data/ ./data/icsbench/ | tee $(BENCH_OUT)/data.txt
	$(GO) test -tags ci -run '^$$' -bench 'CustomerView|ReadsApp' -benchtime 20x ./app/ | tee $(BENCH_OUT)/app.txt
	$(GO) test -tags ci -run '^$$' -bench 'AppStart' -benchtime 1x ./app/ | tee -a $(BENCH_OUT)/app.txt
	$(GO) test -tags ci -run '^$$' -bench 'Import200k' -benchtime 1x ./cmd/zusage/ | tee $(BENCH_OUT)/import.txt
	$(call apt_install,$(SHOT_PKGS))
	@mkdir -p build && $(GO) build -o $(BIN) ./cmd/zusage
	@# The real window's memory: under Xvfb on :98 when there is no display.
	@set -e; xpid=""; trap 'if [ -n "$$xpid" ]; then kill $$xpid 2>/dev/null || true; fi' EXIT; \
	if [ -z "$$DISPLAY" ]; then \
		Xvfb :98 -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 & xpid=$$!; \
		export DISPLAY=:98; sleep 1; \
	fi; \
	$(GO) run ./cmd/benchtable window --bin $(BIN) | tee $(BENCH_OUT)/window.txt
	@echo; echo "$$(nproc) cores, $$(lscpu | sed -n 's/^Model name: *//p'), $$(free -g | awk '/^Mem:/{print $$2}') GB RAM, load $$(cut -d' ' -f1-3 /proc/loadavg)"; echo
	$(GO) run ./cmd/benchtable table --gen $$(cut -d' ' -f1 $(BENCH_OUT)/gen.txt) $(BENCH_OUT)/data.txt $(BENCH_OUT)/app.txt $(BENCH_OUT)/import.txt $(BENCH_OUT)/window.txt
	@echo; echo "The same file moved to PostgreSQL (zusage move) on a new cluster on this machine:"; echo
	$(GO) build -o $(BIN) ./cmd/zusage
	ZUSAGE_PG_BENCH=1 .ci/with-postgres bash -c 'set -o pipefail; ./$(BIN) move --from "$$(cut -d" " -f1 $(BENCH_OUT)/ready.txt)" --to "$$ZUSAGE_TEST_PG" \
		| tee $(BENCH_OUT)/move.txt && ZUSAGE_BENCH_DB="$$ZUSAGE_TEST_PG" $(GO) test -tags ci -run "^TestServerPlansAtFullScale$$" -bench "$(SERVER_BENCH)" -benchtime 20x ./data/ ./data/icsbench/ \
		| tee $(BENCH_OUT)/data-pg.txt'
	@echo
	$(GO) run ./cmd/benchtable server --file $(BENCH_OUT)/data.txt --server $(BENCH_OUT)/data-pg.txt \
		--move $$(sed -n 's/.* rows in \([0-9.]*\) s.*/\1/p' $(BENCH_OUT)/move.txt)

# Screenshots of the real binary on a fresh demo database: every main screen
# and a dialog in light and dark (English), and the same in German. Starts
# Xvfb on :99 when there is no display and stops it again (by its pid).
SHOT_DIR     := build/screenshots
SHOT_SCREENS := today untold customer promises notices reports settings calendar dialog promise reschedule draft messages server
screenshots: build
	$(call apt_install,$(SHOT_PKGS))
	@mkdir -p $(SHOT_DIR)
	@set -e; tmp=$$(mktemp -d); xpid=""; \
	trap 'if [ -n "$$xpid" ]; then kill $$xpid 2>/dev/null || true; fi; rm -rf "$$tmp"' EXIT; \
	if [ -z "$$DISPLAY" ]; then \
		Xvfb :99 -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 & xpid=$$!; \
		export DISPLAY=:99; sleep 1; \
	fi; \
	./$(BIN) demo --db "$$tmp/demo.db" > "$$tmp/demo.txt"; \
	as=$$(grep -o -m1 '[^ ]*@[^ ]*' "$$tmp/demo.txt"); \
	shot() { \
		echo "  $(SHOT_DIR)/$$1-$$2-$$3.png"; \
		HOME="$$tmp/home-$$1-$$2-$$3" LANG="$$4" LANGUAGE= LC_ALL= ZUSAGE_THEME="$$2" ZUSAGE_SCREEN="$$1" \
			ZUSAGE_SCREENSHOT="$(SHOT_DIR)/$$1-$$2-$$3.png" timeout -s KILL 60 ./$(BIN) --db "$$tmp/demo.db" --as "$$as"; \
	}; \
	for theme in light dark; do \
		for s in $(SHOT_SCREENS); do shot $$s $$theme en C; done; \
	done; \
	for s in $(SHOT_SCREENS); do shot $$s light de de_DE.UTF-8; done

# ---------------------------------------------------------------------------
# Releases (issue 16). `make release` writes into build/release/:
#   on Linux:  Zusage-VERSION-windows-amd64.zip (Zusage.exe, zusage-cli.exe,
#              README-FIRST.txt), Zusage-VERSION-linux-amd64.tar.xz (binary,
#              .desktop file, icon, Makefile) and SHA256SUMS;
#   on a Mac:  Zusage-VERSION-macos-ARCH.zip (Zusage.app) and SHA256SUMS.
RELEASE    := build/release
FYNE       := build/tools/fyne
FYNE_TOOLS := fyne.io/tools/cmd/fyne@v1.7.4
WIN_DIR    := build/windows
WIN_EXE    := $(WIN_DIR)/Zusage.exe
WIN_CLI    := $(WIN_DIR)/zusage-cli.exe
WIN_ZIP    := $(RELEASE)/$(APP_NAME)-$(APP_VERSION)-windows-amd64.zip
LINUX_TAR  := $(RELEASE)/$(APP_NAME)-$(APP_VERSION)-linux-amd64.tar.xz
WIN_CC     := x86_64-w64-mingw32-gcc
WIN_PKGS   := gcc-mingw-w64-x86-64 zip
# What `fyne package` is told on every system; the rest comes from -os.
FYNE_PACKAGE = $(CURDIR)/$(FYNE) package --release --tags migrated_fynedo \
	--name "$(APP_NAME)" --app-id "$(APP_ID)" --app-version "$(APP_VERSION)" \
	--app-build "$(APP_BUILD)" --icon "$(CURDIR)/$(APP_ICON)" -v
# fyne passes -ldflags from GOFLAGS on to go build; keep the user's GOFLAGS.
FYNE_ENV   = GOFLAGS="$$($(GO) env GOFLAGS) -ldflags=-X=github.com/zusage/zusage.commit=$(COMMIT)"
# What fyne package leaves in cmd/zusage while it works (and after a Ctrl-C).
FYNE_LEFTOVERS := cmd/zusage/fyne.syso cmd/zusage/fyne_metadata_init.go cmd/zusage/*.exe cmd/zusage/zusage

ifeq ($(shell uname -s),Darwin)
release: release-darwin
else
release: release-windows release-linux
	@echo "==> $(RELEASE):"; ls -l $(RELEASE); cat $(RELEASE)/SHA256SUMS
endif

# SHA256SUMS always lists what build/release holds, whichever part was
# rebuilt last (make test-windows rebuilds the zip).
define write_sums
	cd $(RELEASE) && sha256sum $$(ls | grep -v '^SHA256SUMS$$') > SHA256SUMS
endef

$(FYNE):
	@echo "==> Installing the fyne packaging tool ($(FYNE_TOOLS)) into build/tools"
	GOBIN=$(CURDIR)/build/tools $(GO) install $(FYNE_TOOLS)

deps-windows: deps
	$(call apt_install,$(WIN_PKGS))

# Zusage.exe: GUI subsystem (no console window), icon, version resource and
# manifest from fyne package, cross-compiled with mingw-w64. zusage-cli.exe is
# the same file marked for the console subsystem, so that cmd.exe and
# PowerShell wait for a command, show its output and get its exit status.
$(WIN_EXE): FORCE deps-windows $(FYNE)
	@echo "==> Building $(APP_NAME).exe $(APP_VERSION) for Windows with mingw-w64 (the first build"
	@echo "    compiles the window toolkit's C code: about ten minutes on 2 cores; later ones reuse the Go build cache)"
	@rm -f $(FYNE_LEFTOVERS)
	@mkdir -p $(WIN_DIR)
	@# fyne package builds for Windows twice (plain, then with the icon and
	@# version resource) and hands GOFLAGS' -ldflags (the commit) only to
	@# the first; an existing --executable skips that first build.
	@touch cmd/zusage/zusage.exe
	$(FYNE_ENV) CC=$(WIN_CC) CGO_ENABLED=1 GOOS=windows GOARCH=amd64 $(FYNE_PACKAGE) -os windows --src cmd/zusage \
		--executable $(CURDIR)/cmd/zusage/zusage.exe
	mv cmd/zusage/$(APP_NAME).exe $(WIN_EXE)
	$(GO) run ./cmd/winconsole $(WIN_EXE) $(WIN_CLI)

release-windows: $(WIN_EXE)
	@echo "==> Packing $(WIN_ZIP)"
	@mkdir -p $(RELEASE)
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	mkdir "$$tmp/$(APP_NAME)"; \
	cp $(WIN_EXE) $(WIN_CLI) "$$tmp/$(APP_NAME)/"; \
	sed 's/@VERSION@/$(APP_VERSION)/' docs/windows/README-FIRST.txt > "$$tmp/$(APP_NAME)/README-FIRST.txt"; \
	rm -f $(CURDIR)/$(WIN_ZIP); \
	cd "$$tmp" && zip -q -9 -r -X $(CURDIR)/$(WIN_ZIP) $(APP_NAME) && zip -q -l $(CURDIR)/$(WIN_ZIP) $(APP_NAME)/README-FIRST.txt
	$(write_sums)
	@ls -l $(WIN_ZIP)

# The tarball from fyne package: bin/zusage, the .desktop file, the icon and
# a Makefile (`make user-install`, or `sudo make install`).
release-linux: deps $(FYNE)
	@echo "==> Building the Linux tarball (fyne package -os linux; the first release build compiles"
	@echo "    the window toolkit's C code with release flags: several minutes on 2 cores)"
	@rm -f $(FYNE_LEFTOVERS) $(APP_NAME).tar.xz
	@mkdir -p $(RELEASE)
	$(FYNE_ENV) $(FYNE_PACKAGE) -os linux --src cmd/zusage
	mv $(APP_NAME).tar.xz $(LINUX_TAR)
	@# The packed binary must say the version of FyneApp.toml.
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	tar -xJf $(LINUX_TAR) -C "$$tmp"; v=$$($$(find "$$tmp" -path '*/bin/zusage') version); \
	echo "    $$v"; case "$$v" in "$(APP_NAME) $(APP_VERSION) "*) ;; *) echo "the tarball's zusage is not $(APP_VERSION)"; exit 1;; esac
	$(write_sums)
	@ls -l $(LINUX_TAR)

# On a Mac (Go and the Xcode command line tools): Zusage.app, zipped.
release-darwin: $(FYNE)
	@echo "==> Building $(APP_NAME).app (fyne package -os darwin)"
	@rm -f $(FYNE_LEFTOVERS); rm -rf $(APP_NAME).app
	@mkdir -p $(RELEASE)
	$(FYNE_ENV) $(FYNE_PACKAGE) -os darwin --src cmd/zusage
	rm -f $(RELEASE)/$(APP_NAME)-$(APP_VERSION)-macos-$$(uname -m).zip
	ditto -c -k --keepParent $(APP_NAME).app $(RELEASE)/$(APP_NAME)-$(APP_VERSION)-macos-$$(uname -m).zip
	rm -rf $(APP_NAME).app
	cd $(RELEASE) && shasum -a 256 $$(ls | grep -v '^SHA256SUMS$$') > SHA256SUMS
	@ls -l $(RELEASE)

# For the current user, from the release tarball: ~/.local/bin/zusage, the
# menu entry in ~/.local/share/applications and the icon. No root needed.
install: release-linux
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	tar -xJf $(LINUX_TAR) -C "$$tmp"; \
	$(MAKE) --no-print-directory -C "$$tmp"/* user-install
	@echo "==> Installed $(APP_NAME) $(APP_VERSION) for $$(id -un): ~/.local/bin/zusage and the menu entry"
	@case ":$$PATH:" in *":$$HOME/.local/bin:"*) ;; *) echo "    (add ~/.local/bin to PATH to run zusage from a terminal)";; esac

uninstall:
	rm -f $(HOME)/.local/bin/zusage $(HOME)/.local/share/applications/$(APP_ID).desktop $(HOME)/.local/share/icons/$(APP_ID).png

# ---------------------------------------------------------------------------
# The Windows build under Wine (issue 16), run by .ci/run: the release zip's
# Zusage.exe and zusage-cli.exe go through the headless scenario, four
# writers at once, a database on a path with spaces and umlauts, files
# passed between the Windows and the Linux build, and a start of the window
# under Xvfb. See cmd/zusage/winetest/wine_test.go.
#
# TEST HARNESS ONLY: Wine 8.0 lacks bcryptprimitives.dll (ProcessPrng), which
# Go programs need and every Windows 10/11 has. A stand-in built from
# cmd/zusage/winetest/processprng/ goes into this Wine prefix only, never into a release.
WINE        := /usr/lib/wine/wine64
WINE_PKGS   := wine64 xvfb x11-utils imagemagick
WINE_DIR    := build/wine
WINE_PREFIX := $(CURDIR)/$(WINE_DIR)/prefix
WINE_ENV    := WINEPREFIX=$(WINE_PREFIX) WINEARCH=win64 WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
STANDIN_DLL := $(WINE_DIR)/bcryptprimitives.dll

deps-wine: deps-windows
	$(call apt_install,$(WINE_PKGS))

$(STANDIN_DLL): cmd/zusage/winetest/processprng/processprng.c cmd/zusage/winetest/processprng/processprng.def | deps-windows
	@mkdir -p $(WINE_DIR)
	$(WIN_CC) -shared -O2 -s -o $@ $^ -ladvapi32

test-windows: deps-wine release-windows build $(STANDIN_DLL)
	@if [ ! -f $(WINE_PREFIX)/system.reg ]; then \
		echo "==> Making the test Wine prefix in $(WINE_DIR)/prefix"; \
		$(WINE_ENV) $(WINE) wineboot --init && $(WINE_ENV) /usr/lib/wine/wineserver -w; \
	fi
	cp $(STANDIN_DLL) $(WINE_PREFIX)/drive_c/windows/system32/bcryptprimitives.dll
	@echo "==> The Windows build under Wine: headless scenario, four writers, Linux <-> Windows files, window start"
	$(WINE_ENV) ZUSAGE_WINE=$(WINE) ZUSAGE_WINDOWS_ZIP=$(CURDIR)/$(WIN_ZIP) ZUSAGE_LINUX=$(CURDIR)/$(BIN) \
		ZUSAGE_WINE_SHOT=$(CURDIR)/$(WINE_DIR)/window.png LANG=C.UTF-8 $(GO) test -count=1 -v -timeout 10m ./cmd/zusage/winetest/

FORCE:

clean:
	rm -rf build
