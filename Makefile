# Zusage — build, run and test. `make run` and `make test` work on a fresh
# Debian/Ubuntu machine; see README.md for Windows and macOS.

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

.PHONY: all deps build run test vet bench screenshots clean

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
	$(GO) build -o $(BIN) ./cmd/zusage

run: build
	./$(BIN)

vet: deps
	$(GO) vet -tags ci $(PKGS)

test: deps vet
	LANG=en_US.UTF-8 $(GO) test -race -tags ci -count=1 $(PKGS)
	$(GO) build -o $(BIN) ./cmd/zusage

# Speed at 2 million contacts (issue 6). The first run makes the full-scale
# demo file in the temp folder (about a minute) and keeps it for the next;
# ZUSAGE_BENCH_DB=FILE measures another file. Times a fresh full-scale
# generation, runs the benchmarks, and prints the table of README.md's
# "Performance" section: Zusage, the same SQL through the sqlite3 shell on
# the same file (the floor), the ratio and the budget; then the round trips
# (issue 15): the reads of the database file per operation from a cold
# cache, counted from /proc/self/io, and what they cost on a share.
BENCH_OUT := build/bench
bench: deps
	$(call apt_install,$(BENCH_PKGS))
	@mkdir -p $(BENCH_OUT)
	$(GO) run ./cmd/benchtable gen
	$(GO) run ./cmd/benchtable gen --fresh | tee $(BENCH_OUT)/gen.txt
	$(GO) test -tags ci -run '^$$' -bench . -benchtime 20x ./data/ ./data/icsbench/ | tee $(BENCH_OUT)/data.txt
	$(GO) test -tags ci -run '^$$' -bench 'CustomerView|ReadsApp' -benchtime 20x ./app/ | tee $(BENCH_OUT)/app.txt
	$(GO) test -tags ci -run '^$$' -bench 'AppStart' -benchtime 1x ./app/ | tee -a $(BENCH_OUT)/app.txt
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
	$(GO) run ./cmd/benchtable table --gen $$(cut -d' ' -f1 $(BENCH_OUT)/gen.txt) $(BENCH_OUT)/data.txt $(BENCH_OUT)/app.txt $(BENCH_OUT)/window.txt

# Screenshots of the real binary on a fresh demo database: every main screen
# and a dialog in light and dark (English), and the same in German. Starts
# Xvfb on :99 when there is no display and stops it again (by its pid).
SHOT_DIR     := build/screenshots
SHOT_SCREENS := today untold customer promises notices reports settings calendar dialog promise reschedule draft messages
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

clean:
	rm -rf build
