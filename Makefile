# bondwatch - see README.md.  `make` builds, `make check` tests (host + VM),
# `make deps` installs what both need, `make demo` shows the story.

CC       ?= cc
BUILD    ?= build
# ---- package and cross builds (issue 15) ----------------------------------
# The version has one home, debian/changelog's first line; bondmgr and
# bondagentx --version and the man pages' headers print it.
VERSION  := $(shell head -n1 debian/changelog | cut -d' ' -f2 | tr -d '()')
# ARCH=arm64|armhf: the Debian cross toolchain (crossbuild-essential-ARCH)
# and the ARCH half of a multiarch system, as in tools/cross-chroot's chroot.
TRIPLET_arm64 := aarch64-linux-gnu
TRIPLET_armhf := arm-linux-gnueabihf
ifneq ($(ARCH),)
CROSS      := $(or $(TRIPLET_$(ARCH)),$(error ARCH=$(ARCH): arm64 or armhf))
CC         := $(CROSS)-gcc
AR         := $(CROSS)-ar
PKG_CONFIG := $(CROSS)-pkg-config
BUILD      := build-$(ARCH)
endif
PKG_CONFIG ?= pkg-config
# ---- end of package and cross builds -----------------------------------
SAN      ?=
CFLAGS   ?= -O2 -g
WARN      = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
BASEFLAGS = -std=c11 -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 -DBW_VERSION='"$(VERSION)"' -Iinclude $(WARN) $(SAN) -MMD -MP
NL_CFLAGS   := $(shell $(PKG_CONFIG) --cflags libnl-route-3.0 2>/dev/null || echo -I/usr/include/libnl3)
# libnl-genl-3: ethtool netlink (slave speed and duplex, lib/netlink/nl_ethtool.c)
NL_LIBS     := $(shell $(PKG_CONFIG) --libs libnl-genl-3.0 libnl-route-3.0 2>/dev/null || echo -lnl-genl-3 -lnl-route-3 -lnl-3)
YAML_LIBS   := $(shell $(PKG_CONFIG) --libs yaml-0.1 2>/dev/null || echo -lyaml)
SNMP_LIBS   := $(shell net-snmp-config --agent-libs 2>/dev/null)
CAP_LIBS    := $(shell $(PKG_CONFIG) --libs libcap 2>/dev/null || echo -lcap)
ALL_CFLAGS   = $(BASEFLAGS) $(NL_CFLAGS) $(CPPFLAGS) $(CFLAGS)
LDFLAGS  ?=
ALL_LDFLAGS  = $(SAN) $(LDFLAGS)

# libbondwatch: one folder a layer (ARCHITECTURE.md); bondmgr: manager/
# (main.c and what only it uses); bondagentx: subagent/, whose model/ (MIB
# rows and values, no net-snmp) is a library of its own that unit tests link.
LIB_SRC    := $(wildcard lib/*/*.c)
BONDMGR_SRC:= $(wildcard manager/*.c manager/*/*.c)
MODEL_SRC  := $(wildcard subagent/model/*.c)
AGENT_SRC  := $(wildcard subagent/*.c)
UNIT_SRC   := $(wildcard tests/unit/*.c)
TOOL_SRC   := $(wildcard tests/tools/*.c)
obj = $(patsubst %.c,$(BUILD)/%.o,$(1))

LIB        := $(BUILD)/libbondwatch.a
MODEL      := $(BUILD)/libbwamodel.a
MGRLIB     := $(BUILD)/libbondmgr.a
BONDMGR    := $(BUILD)/bondmgr
AGENT      := $(BUILD)/bondagentx
UNIT       := $(BUILD)/unit-tests
TOOLS      := $(patsubst tests/tools/%.c,$(BUILD)/tools/%,$(TOOL_SRC))
PROGS      := $(if $(BONDMGR_SRC),$(BONDMGR)) $(if $(AGENT_SRC),$(AGENT)) $(TOOLS)

.PHONY: all check unit integration deps kernel demo bench lint-mib clean
all: $(PROGS) $(UNIT)

$(BUILD)/%.o: %.c debian/changelog
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIB): $(call obj,$(LIB_SRC))
	@rm -f $@
	$(AR) rcs $@ $^

# bondmgr's own code but main.c, as an archive the unit tests link too
# (watch, the dhcpcd reader).
$(MGRLIB): $(call obj,$(filter-out manager/main.c,$(BONDMGR_SRC)))
	@rm -f $@
	$(AR) rcs $@ $^

$(BONDMGR): $(BUILD)/manager/main.o $(MGRLIB) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(NL_LIBS) $(YAML_LIBS)

# The agent's model: kernel state -> MIB rows and values; no net-snmp.
$(MODEL): $(call obj,$(MODEL_SRC))
	@rm -f $@
	$(AR) rcs $@ $^

# The subagent needs only net-snmp's agent and base libraries, not the
# whole MIB-module library that --agent-libs lists (sensors, pci, ...).
AGENT_SNMP_LIBS := $(if $(SNMP_LIBS),-lnetsnmpagent -lnetsnmp)
$(AGENT): $(call obj,$(AGENT_SRC)) $(MODEL) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(NL_LIBS) $(YAML_LIBS) $(AGENT_SNMP_LIBS) $(CAP_LIBS)

# BONDWATCH-MIB: smilint -l 6 silent, every object resolved by snmptranslate.
lint-mib:
	tests/mib/lint.sh

# Small test-only programs (one .c each) that drive the library in the VM.
$(BUILD)/tools/%: $(BUILD)/tests/tools/%.o $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(NL_LIBS) $(YAML_LIBS)

$(UNIT): $(call obj,$(UNIT_SRC)) $(MGRLIB) $(MODEL) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(NL_LIBS) $(YAML_LIBS)

# The whole suite: deps; the build with gcc, with clang, and with ASan+UBSan
# (unit tests run under both gcc builds; the ASan bondmgr runs a subset of
# the VM tests again); the fuzz targets (skipped with BW_SKIP_FUZZ=1); then
# tests/check: unit tests, fuzzing, static analysis, every
# tests/integration/*.sh in its own VM (real bonding driver), the totals.
ASAN = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
check:
	tools/deps
	$(MAKE) all
	$(MAKE) BUILD=$(BUILD)-clang CC=clang all
	$(MAKE) BUILD=$(BUILD)-asan SAN="$(ASAN)" $(BUILD)-asan/unit-tests $(BUILD)-asan/bondmgr $(BUILD)-asan/bondagentx
	$(if $(filter 1,$(BW_SKIP_FUZZ)),,$(MAKE) fuzz-bins)
	BUILD=$(BUILD) BW_UNIT_BINS="$(UNIT) $(BUILD)-asan/unit-tests" \
		BW_ASAN_BUILD=$(BUILD)-asan tests/check

unit: $(UNIT)
	$(UNIT)

integration: all kernel
	BUILD=$(BUILD) tests/check --integration-only

deps:
	tools/deps

kernel:
	tests/vm/fetch-kernel

demo:
	tools/deps
	$(MAKE) all
	BUILD=$(BUILD) tests/vm/run --timeout 300 -- tests/demo.sh

# Not part of `check`: about 15 min, and its figures are findings, not
# pass/fail (bench/README.md). Writes bench/results/latest.md.
bench:
	tools/deps
	$(MAKE) all $(BUILD)/bench/floor_agent
	BUILD=$(BUILD) bench/run

# The floor of the AgentX path (bench/walk_rate.sh): a minimal subagent on
# net-snmp's agent library, a static table of our shape, nothing else.
$(BUILD)/bench/floor_agent: $(BUILD)/bench/floor_agent.o
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(AGENT_SNMP_LIBS)

# ---- install / uninstall -------------------------------------
# FHS layout under PREFIX (default /usr, as a distribution package would);
# DESTDIR for staging. The admin's files under /etc are installed only when
# absent and never removed: `make install` does not overwrite an edited
# bond.yaml, and `make uninstall` leaves it (and says so).
PREFIX      ?= /usr
SBINDIR     ?= $(PREFIX)/sbin
DATADIR     ?= $(PREFIX)/share
MANDIR      ?= $(DATADIR)/man
MIBDIR      ?= $(DATADIR)/snmp/mibs
LIBEXECDIR  ?= $(PREFIX)/lib/bondwatch
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
UNITDIR     ?= /lib/systemd/system
SYSCONFDIR  ?= /etc
EXAMPLEDIR   = $(DATADIR)/bondwatch
INSTALL     ?= install
MANPAGES    := man/bondmgr.8 man/bondagentx.8 man/bondwatch.yaml.5
UNITS       := bondwatch-apply.service bondwatch-watch.service bondagentx.service
# Installed as they are: they name dhcpcd's and wpa_supplicant's paths, not one of ours.
DHCP_UNITS  := bondwatch-dhcp@.service bondwatch-wpa@.service
# Monitoring artefacts: copied as examples, for the admin to put in place.
EXAMPLES    := config/bond.yaml config/bond-arp.yaml config/bond-lacp.yaml config/snmpd.conf.d/bondwatch.conf \
	       $(wildcard config/snmptrapd/*.conf config/nagios/*.cfg config/zabbix/*.yaml config/zabbix/*.conf \
	                  config/librenms/*.yaml config/librenms/*.md \
	                  config/prometheus/*.yml config/prometheus/*.md)

.PHONY: install uninstall
install: $(BONDMGR) $(AGENT)
	$(INSTALL) -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MIBDIR) $(DESTDIR)$(UNITDIR) \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(SYSUSERSDIR) \
		$(DESTDIR)$(EXAMPLEDIR) $(DESTDIR)$(SYSCONFDIR)/bondwatch
	$(INSTALL) -m 0755 $(BONDMGR) $(AGENT) $(DESTDIR)$(SBINDIR)/
	$(INSTALL) -m 0644 mibs/BONDWATCH-MIB.txt $(DESTDIR)$(MIBDIR)/
	for u in $(UNITS); do \
		sed 's|/usr/sbin/|$(SBINDIR)/|g; s|/etc/bondwatch/|$(SYSCONFDIR)/bondwatch/|g' \
			config/systemd/$$u > $(DESTDIR)$(UNITDIR)/$$u && \
		chmod 0644 $(DESTDIR)$(UNITDIR)/$$u || exit 1; done
	for u in $(DHCP_UNITS); do \
		$(INSTALL) -m 0644 config/systemd/$$u $(DESTDIR)$(UNITDIR)/$$u || exit 1; done
	$(INSTALL) -m 0644 config/systemd/bondwatch.sysusers $(DESTDIR)$(SYSUSERSDIR)/bondwatch.conf
	for m in $(MANPAGES); do \
		sed 's/@VERSION@/$(VERSION)/' $$m > $(DESTDIR)$(MANDIR)/man$${m##*.}/$${m#man/} && \
		chmod 0644 $(DESTDIR)$(MANDIR)/man$${m##*.}/$${m#man/} || exit 1; done
	for f in $(EXAMPLES); do \
		$(INSTALL) -D -m 0644 $$f $(DESTDIR)$(EXAMPLEDIR)/$${f#config/} || exit 1; done
	$(INSTALL) -D -m 0644 config/snmptrapd/bondwatch-trap.pl $(DESTDIR)$(LIBEXECDIR)/bondwatch-trap.pl
	$(INSTALL) -D -m 0755 config/nagios/check_bondwatch_snmp $(DESTDIR)$(LIBEXECDIR)/check_bondwatch_snmp
	$(INSTALL) -D -m 0755 config/dhcpcd-hook $(DESTDIR)$(LIBEXECDIR)/dhcpcd-hook
	@if [ -e $(DESTDIR)$(SYSCONFDIR)/bondwatch/bond.yaml ]; then \
		echo "install: kept the existing $(DESTDIR)$(SYSCONFDIR)/bondwatch/bond.yaml"; \
	else \
		$(INSTALL) -m 0644 config/bond.yaml $(DESTDIR)$(SYSCONFDIR)/bondwatch/bond.yaml && \
		echo "install: wrote $(DESTDIR)$(SYSCONFDIR)/bondwatch/bond.yaml (an example: edit it)"; \
	fi
	@echo "install: next: systemd-sysusers; systemctl daemon-reload;" \
		"systemctl enable bondwatch-apply bondagentx (see bondmgr(8), bondagentx(8))"

uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/bondmgr $(DESTDIR)$(SBINDIR)/bondagentx \
		$(DESTDIR)$(MIBDIR)/BONDWATCH-MIB.txt \
		$(addprefix $(DESTDIR)$(UNITDIR)/,$(UNITS) $(DHCP_UNITS)) \
		$(DESTDIR)$(SYSUSERSDIR)/bondwatch.conf \
		$(patsubst man/%.8,$(DESTDIR)$(MANDIR)/man8/%.8,$(filter %.8,$(MANPAGES))) \
		$(patsubst man/%.5,$(DESTDIR)$(MANDIR)/man5/%.5,$(filter %.5,$(MANPAGES))) \
		$(DESTDIR)$(LIBEXECDIR)/bondwatch-trap.pl $(DESTDIR)$(LIBEXECDIR)/check_bondwatch_snmp \
		$(DESTDIR)$(LIBEXECDIR)/dhcpcd-hook
	for f in $(EXAMPLES); do rm -f $(DESTDIR)$(EXAMPLEDIR)/$${f#config/}; done
	for d in snmpd.conf.d snmptrapd nagios zabbix librenms prometheus; do \
		rmdir $(DESTDIR)$(EXAMPLEDIR)/$$d 2>/dev/null; done; \
	rmdir $(DESTDIR)$(EXAMPLEDIR) $(DESTDIR)$(LIBEXECDIR) 2>/dev/null; true
	@echo "uninstall: left $(DESTDIR)$(SYSCONFDIR)/bondwatch/ in place (your configuration)"
# ---- end of install / uninstall -----------------------------------------

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# ---- fuzzing and static analysis --------------------------------
# libFuzzer targets, one per tests/fuzz/*.c, built by clang into build-fuzz/:
# our code (libbondwatch + the target) gets the fuzzer's coverage and
# ASan+UBSan; libnl and libyaml are linked as Debian ships them. `make fuzz`
# builds them and runs each for FUZZ_SECONDS (tests/fuzz/run: executions,
# crashes; fails on any crash). `make static`: cppcheck and clang-tidy.
# `make check` builds the fuzz targets and tests/check runs both scripts.
FUZZ_SECONDS ?= 60
FUZZ_BUILD   := build-fuzz
FUZZ_SAN      = -fsanitize=fuzzer-no-link,address,undefined \
                -fno-omit-frame-pointer -fno-sanitize-recover=all
FUZZ_SRC     := $(wildcard tests/fuzz/*.c)
.PHONY: fuzz fuzz-bins fuzz-targets static
fuzz: fuzz-bins
	BW_FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run
fuzz-bins:
	$(MAKE) BUILD=$(FUZZ_BUILD) CC=clang CFLAGS="-O1 -g" SAN="$(FUZZ_SAN)" fuzz-targets
fuzz-targets: $(patsubst tests/fuzz/%.c,$(BUILD)/%,$(FUZZ_SRC))
$(BUILD)/fuzz_%: $(BUILD)/tests/fuzz/fuzz_%.o $(LIB)
	$(CC) $(ALL_LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(NL_LIBS) $(YAML_LIBS)
.PRECIOUS: $(BUILD)/tests/fuzz/%.o        # kept: no rebuild on every run
static:
	tests/static/run
# ---- end of fuzzing and static analysis -----------------------------------

# ---- Debian packages (issue 15) --------------------------------------------
# `make deb`: the packages for this machine (tools/build-deb: dpkg-buildpackage
# on a clean copy of the tree, then lintian, which must report no error and
# no warning); `make deb ARCH=arm64|armhf`: cross-built in a Debian 12 chroot
# (tools/cross-chroot). `make deb-check` (a stage of `make check`): all
# three, the arm64 and armhf unit tests and `bondmgr check` under qemu-user
# (tests/deb/run, tests/cross/run). Into build-deb/.
.PHONY: deb deb-check
deb:
	tools/build-deb $(ARCH)
deb-check: $(BONDMGR)
	tests/deb/run
# ---- end of Debian packages ------------------------------------------------
