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
# the same file (the floor), the ratio and the budget.
BENCH_OUT := build/bench
bench: deps
	$(call apt_install,$(BENCH_PKGS))
	@mkdir -p $(BENCH_OUT)
	$(GO) run ./cmd/benchtable gen
	$(GO) run ./cmd/benchtable gen --fresh | tee $(BENCH_OUT)/gen.txt
	$(GO) test -tags ci -run '^$$' -bench . -benchtime 20x ./data/ ./data/icsbench/ | tee $(BENCH_OUT)/data.txt
	$(GO) test -tags ci -run '^$$' -bench 'CustomerView' -benchtime 10x ./app/ | tee $(BENCH_OUT)/app.txt
	@echo; echo "$$(nproc) cores, $$(lscpu | sed -n 's/^Model name: *//p'), $$(free -g | awk '/^Mem:/{print $$2}') GB RAM, load $$(cut -d' ' -f1-3 /proc/loadavg)"; echo
	$(GO) run ./cmd/benchtable table --gen $$(cut -d' ' -f1 $(BENCH_OUT)/gen.txt) $(BENCH_OUT)/data.txt $(BENCH_OUT)/app.txt

screenshots: build
	$(call apt_install,$(SHOT_PKGS))
	@echo "screenshots: see app/ (UI issue)"

clean:
	rm -rf build
