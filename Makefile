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

bench: deps
	$(call apt_install,$(BENCH_PKGS))
	$(GO) test -tags ci -run '^$$' -bench . -benchtime 20x ./data/

screenshots: build
	$(call apt_install,$(SHOT_PKGS))
	@echo "screenshots: see app/ (UI issue)"

clean:
	rm -rf build
