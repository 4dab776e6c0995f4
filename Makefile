# bondwatch - see README.md.  `make` builds, `make check` tests (host + VM),
# `make deps` installs what both need, `make demo` shows the story.

CC       ?= cc
BUILD    ?= build
SAN      ?=
CFLAGS   ?= -O2 -g
WARN      = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
BASEFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(SAN) -MMD -MP
NL_CFLAGS   := $(shell pkg-config --cflags libnl-route-3.0 2>/dev/null || echo -I/usr/include/libnl3)
NL_LIBS     := $(shell pkg-config --libs libnl-route-3.0 2>/dev/null || echo -lnl-route-3 -lnl-3)
YAML_LIBS   := $(shell pkg-config --libs yaml-0.1 2>/dev/null || echo -lyaml)
SNMP_LIBS   := $(shell net-snmp-config --agent-libs 2>/dev/null)
CAP_LIBS    := $(shell pkg-config --libs libcap 2>/dev/null || echo -lcap)
ALL_CFLAGS   = $(BASEFLAGS) $(NL_CFLAGS) $(CFLAGS)
LDFLAGS  ?=
ALL_LDFLAGS  = $(SAN) $(LDFLAGS)

LIB_SRC    := $(wildcard manager/lib/*.c)
BONDMGR_SRC:= $(wildcard manager/bondmgr/*.c)
AGENT_SRC  := $(wildcard subagent/*.c)
UNIT_SRC   := $(wildcard tests/unit/*.c)
TOOL_SRC   := $(wildcard tests/tools/*.c)
obj = $(patsubst %.c,$(BUILD)/%.o,$(1))

LIB        := $(BUILD)/libbondwatch.a
BONDMGR    := $(BUILD)/bondmgr
AGENT      := $(BUILD)/bondagentx
UNIT       := $(BUILD)/unit-tests
TOOLS      := $(patsubst tests/tools/%.c,$(BUILD)/tools/%,$(TOOL_SRC))
PROGS      := $(if $(BONDMGR_SRC),$(BONDMGR)) $(if $(AGENT_SRC),$(AGENT)) $(TOOLS)

.PHONY: all check unit integration deps kernel demo bench lint-mib clean
all: $(PROGS) $(UNIT)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIB): $(call obj,$(LIB_SRC))
	@rm -f $@
	$(AR) rcs $@ $^

$(BONDMGR): $(call obj,$(BONDMGR_SRC)) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(NL_LIBS) $(YAML_LIBS)

# The subagent needs only net-snmp's agent and base libraries, not the
# whole MIB-module library that --agent-libs lists (sensors, pci, ...).
AGENT_SNMP_LIBS := $(if $(SNMP_LIBS),-lnetsnmpagent -lnetsnmp)
$(AGENT): $(call obj,$(AGENT_SRC)) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(NL_LIBS) $(YAML_LIBS) $(AGENT_SNMP_LIBS) $(CAP_LIBS)

# BONDWATCH-MIB: smilint -l 6 silent, every object resolved by snmptranslate.
lint-mib:
	tests/mib/lint.sh

# Small test-only programs (one .c each) that drive the library in the VM.
$(BUILD)/tools/%: $(BUILD)/tests/tools/%.o $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(NL_LIBS) $(YAML_LIBS)

$(UNIT): $(call obj,$(UNIT_SRC)) $(LIB)
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
	$(MAKE) all
	BUILD=$(BUILD) bench/run

# ---- install / uninstall (issue 6) -------------------------------------
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
UNITS       := bondwatch-apply.service bondagentx.service
# Monitoring artefacts: copied as examples, for the admin to put in place.
EXAMPLES    := config/bond.yaml config/bond-arp.yaml config/snmpd.conf.d/bondwatch.conf \
	       $(wildcard config/snmptrapd/*.conf config/nagios/*.cfg config/zabbix/*.yaml config/zabbix/*.conf \
	                  config/librenms/*.yaml config/librenms/*.md)

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
	$(INSTALL) -m 0644 config/systemd/bondwatch.sysusers $(DESTDIR)$(SYSUSERSDIR)/bondwatch.conf
	$(INSTALL) -m 0644 $(filter %.8,$(MANPAGES)) $(DESTDIR)$(MANDIR)/man8/
	$(INSTALL) -m 0644 $(filter %.5,$(MANPAGES)) $(DESTDIR)$(MANDIR)/man5/
	for f in $(EXAMPLES); do \
		$(INSTALL) -D -m 0644 $$f $(DESTDIR)$(EXAMPLEDIR)/$${f#config/} || exit 1; done
	$(if $(wildcard config/snmptrapd/bondwatch-traphandle), \
		$(INSTALL) -D -m 0755 config/snmptrapd/bondwatch-traphandle \
			$(DESTDIR)$(LIBEXECDIR)/bondwatch-traphandle)
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
		$(addprefix $(DESTDIR)$(UNITDIR)/,$(UNITS)) \
		$(DESTDIR)$(SYSUSERSDIR)/bondwatch.conf \
		$(patsubst man/%.8,$(DESTDIR)$(MANDIR)/man8/%.8,$(filter %.8,$(MANPAGES))) \
		$(patsubst man/%.5,$(DESTDIR)$(MANDIR)/man5/%.5,$(filter %.5,$(MANPAGES))) \
		$(DESTDIR)$(LIBEXECDIR)/bondwatch-traphandle
	for f in $(EXAMPLES); do rm -f $(DESTDIR)$(EXAMPLEDIR)/$${f#config/}; done
	for d in snmpd.conf.d snmptrapd nagios zabbix librenms; do \
		rmdir $(DESTDIR)$(EXAMPLEDIR)/$$d 2>/dev/null; done; \
	rmdir $(DESTDIR)$(EXAMPLEDIR) $(DESTDIR)$(LIBEXECDIR) 2>/dev/null; true
	@echo "uninstall: left $(DESTDIR)$(SYSCONFDIR)/bondwatch/ in place (your configuration)"
# ---- end of install / uninstall -----------------------------------------

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# ---- fuzzing and static analysis (issue 5) --------------------------------
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
