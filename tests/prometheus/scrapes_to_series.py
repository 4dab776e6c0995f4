#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# scrapes_to_series.py INSTANCE JOB SCRAPE:MINUTES... - promtool's
# input_series (YAML, on stdout) from real snmp_exporter scrapes: each
# SCRAPE file (the exporter's text exposition) holds for MINUTES one-minute
# samples, one after the other. Only bw* series are kept; a series that a
# scrape lacks (a DisplayString metric's label changed) is missing ("_")
# there. Used by tests/integration/nms_prometheus.sh to feed the alerting
# rules a real cable pull.
import re
import sys

SAMPLE = re.compile(r'^(bw[A-Za-z0-9_]*)(\{(.*)\})? (\S+)$')
LABEL = re.compile(r'([A-Za-z_][A-Za-z0-9_]*)="((?:[^"\\]|\\.)*)"')


def parse(path, instance, job):
    series = {}
    with open(path) as f:
        for line in f:
            m = SAMPLE.match(line.rstrip('\n'))
            if not m:
                continue
            labels = dict(LABEL.findall(m.group(3) or ''))
            labels.update(instance=instance, job=job)
            key = m.group(1) + '{' + ','.join(
                '%s="%s"' % (k, labels[k]) for k in sorted(labels)) + '}'
            series[key] = m.group(4)
    return series


def main():
    instance, job, phases = sys.argv[1], sys.argv[2], sys.argv[3:]
    parsed = []
    for p in phases:
        path, minutes = p.rsplit(':', 1)
        parsed.append((parse(path, instance, job), int(minutes)))
    keys = sorted(set().union(*(s for s, _ in parsed)))
    print('    input_series:')
    for k in keys:
        values = []
        for s, minutes in parsed:
            values += [s.get(k, '_')] * minutes
        print("      - series: '%s'" % k)
        print("        values: '%s'" % ' '.join(values))


if __name__ == '__main__':
    main()
