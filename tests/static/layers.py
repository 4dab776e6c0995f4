#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/static/layers.py [BUILD] - the architecture, checked (ARCHITECTURE.md).

1. No #include cycle among the project's C files (every "..." include
   resolved to its file, the graph searched for a cycle).
2. Each part of the tree uses only the parts below it, by #include and by
   the symbols its objects link against (nm on BUILD's objects: an
   undefined symbol is resolved to the part whose object defines it).
   The order is LAYERS below; a part may use itself and what it lists.
3. No cycle between files by the functions they call (a file may call
   its own functions in any order).
4. No symbol is defined twice.
5. libbondwatch and the agent's model use no net-snmp (the model is what
   unit tests link without it).

Prints "ok/not ok - ..." lines and ends "layers: N passed, M failed".
"""
import os
import re
import subprocess
import sys

# part: the parts it may use. A part is a folder (lib/<layer>, include/bondwatch
# counts as the layer its header belongs to, see HEADER_LAYER).
LAYERS = {
    'lib/core': set(),
    'lib/bond': {'lib/core'},
    'lib/config': {'lib/core', 'lib/bond'},
    'lib/netlink': {'lib/core', 'lib/bond'},
    'lib/plan': {'lib/core', 'lib/bond', 'lib/config'},
    'lib/overrides': {'lib/core', 'lib/bond', 'lib/config', 'lib/plan'},
    'lib/supervise': {'lib/core'},
    'lib/apply': {'lib/core', 'lib/bond', 'lib/config', 'lib/netlink', 'lib/plan',
                  'lib/supervise'},
    'subagent/model': {'lib/core', 'lib/bond'},
    'subagent': {'subagent/model', 'lib/core', 'lib/bond', 'lib/netlink', 'lib/overrides'},
}
LIB = {p for p in LAYERS if p.startswith('lib/')}
LAYERS['manager'] = LIB | {'manager/status', 'manager/watch'}
LAYERS['manager/status'] = LIB
LAYERS['manager/watch'] = LIB
# The public headers, by the layer that implements them.
HEADER_LAYER = {
    'types.h': 'lib/core', 'log.h': 'lib/core', 'file.h': 'lib/core',
    'bond_opts.h': 'lib/bond', 'kstate.h': 'lib/bond', 'health.h': 'lib/bond',
    'bond_ad.h': 'lib/bond', 'wifi.h': 'lib/netlink',
    'config.h': 'lib/config', 'nl.h': 'lib/netlink', 'plan.h': 'lib/plan',
    'overrides.h': 'lib/overrides', 'apply.h': 'lib/apply',
    'supervise.h': 'lib/supervise', 'keepoff.h': 'lib/plan', 'keepoff_sys.h': 'lib/apply',
}
ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), '..', '..'))
os.chdir(ROOT)
BUILD = sys.argv[1] if len(sys.argv) > 1 else os.environ.get('BUILD', 'build')
passed = failed = 0


def report(good, what, details=()):
    global passed, failed
    if good:
        passed += 1
        print('ok - ' + what)
    else:
        failed += 1
        print('not ok - ' + what)
        for d in list(details)[:40]:
            print('    # ' + d)


def part_of(path):
    if path.startswith('include/bondwatch/'):
        return HEADER_LAYER.get(os.path.basename(path))
    d = os.path.dirname(path)
    while d and d not in LAYERS:
        d = os.path.dirname(d)
    return d or None


def sources():
    out = subprocess.check_output(['git', 'ls-files', '*.c', '*.h'], text=True).split()
    return [p for p in out if os.path.exists(p)]


def includes(path):
    """The project files path includes ("..." includes that resolve)."""
    found = []
    for m in re.finditer(r'^\s*#\s*include\s+"([^"]+)"', open(path, errors='replace').read(), re.M):
        for base in (os.path.dirname(path), 'include'):
            cand = os.path.normpath(os.path.join(base, m.group(1)))
            if os.path.exists(cand):
                found.append(cand)
                break
    return found


def find_cycle(graph):
    """A cycle in graph (node -> [nodes]) as a list, or None."""
    state, stack = {}, []

    def visit(n):
        state[n] = 1
        stack.append(n)
        for m in graph.get(n, ()):
            if state.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if not state.get(m):
                c = visit(m)
                if c:
                    return c
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(graph):
        if not state.get(n):
            c = visit(n)
            if c:
                return c
    return None


files = sources()
graph = {f: includes(f) for f in files}
cycle = find_cycle(graph)
report(cycle is None, 'no #include cycle among %d files' % len(files),
       [' -> '.join(cycle)] if cycle else [])

bad = []
for f, incs in graph.items():
    src = part_of(f)
    if src not in LAYERS:
        continue
    for i in incs:
        dst = part_of(i)
        if dst and dst != src and dst in LAYERS and dst not in LAYERS[src]:
            bad.append('%s (%s) includes %s (%s)' % (f, src, i, dst))
report(not bad, 'includes go down the layers only', bad)
snmp = [f for f in files if part_of(f) in LIB | {'subagent/model'} and
        re.search(r'#\s*include\s*<net-snmp/', open(f, errors='replace').read())]
report(not snmp, 'libbondwatch and subagent/model include no net-snmp header', snmp)

# ---- symbols: who defines what, who uses what
objs = {}
for f in files:
    if f.endswith('.c') and part_of(f) in LAYERS:
        o = os.path.join(BUILD, f[:-2] + '.o')
        if os.path.exists(o):
            objs[o] = f
if not objs:
    report(False, 'no objects under %s/: build first (make)' % BUILD)
else:
    defined, undefined = {}, {f: [] for f in objs.values()}
    twice = []
    # One nm for all: "OBJECT:[VALUE] TYPE SYMBOL" lines.
    names = sorted(objs)
    for line in subprocess.check_output(['nm', '-A', '--defined-only', '-g'] + names,
                                        text=True).splitlines():
        o, rest = line.split(':', 1)
        f, sym = objs[o], rest.split()[-1]
        if sym in defined and sym != 'main':   # two programs, one main each
            twice.append('%s: in %s and %s' % (sym, defined[sym], f))
        defined[sym] = f
    for line in subprocess.check_output(['nm', '-A', '-u'] + names, text=True).splitlines():
        o, rest = line.split(':', 1)
        undefined[objs[o]].append(rest.split()[-1])
    report(not twice, 'no symbol defined twice (%d symbols, %d objects)' % (len(defined), len(objs)),
           twice)
    bad, edges, calls = [], {}, {}
    for f, syms in undefined.items():
        src = part_of(f)
        for s in syms:
            g = defined.get(s)
            if not g:
                continue          # libc, libnl, libyaml, net-snmp
            calls.setdefault(f, set()).add(g)
            dst = part_of(g)
            if dst != src:
                edges.setdefault(src, set()).add(dst)
            if dst != src and dst not in LAYERS[src]:
                bad.append('%s (%s) calls %s of %s (%s)' % (f, src, s, g, dst))
    report(not bad, 'calls go down the layers only', bad)
    cycle = find_cycle({k: sorted(v) for k, v in edges.items()})
    report(cycle is None, 'no cycle between parts by calls (%d edges)' %
           sum(len(v) for v in edges.values()), [' -> '.join(cycle)] if cycle else [])

    cycle = find_cycle({k: sorted(v) for k, v in calls.items()})
    report(cycle is None, 'no cycle between files by calls (%d files)' % len(objs),
           [' -> '.join(cycle)] if cycle else [])

print('layers: %d passed, %d failed' % (passed, failed))
sys.exit(1 if failed else 0)
