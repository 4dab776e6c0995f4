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
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(NL_LIBS) $(AGENT_SNMP_LIBS)

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
# (unit tests run under both gcc builds); then every tests/integration/*.sh
# in its own VM (real bonding driver). tests/check prints the totals.
ASAN = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
check:
	tools/deps
	$(MAKE) all
	$(MAKE) BUILD=$(BUILD)-clang CC=clang all
	$(MAKE) BUILD=$(BUILD)-asan SAN="$(ASAN)" $(BUILD)-asan/unit-tests
	BUILD=$(BUILD) BW_UNIT_BINS="$(UNIT) $(BUILD)-asan/unit-tests" tests/check

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

bench:
	@echo "bench: no benchmark is written yet (issue 7); see bench/README.md" >&2; exit 1

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
