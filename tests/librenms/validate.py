#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# validate.py SCHEMA LINUX_YAML OURS_YAML - merge OURS into LibreNMS's
# linux.yaml as config/librenms/README.md says (each modules.sensors.CLASS
# .data list appended to linux.yaml's list of the same class) and validate
# the result against LibreNMS's discovery JSON schema (python3-jsonschema,
# draft 4 like LibreNMS's PHP validator). Sensor classes the schema does not
# name (count) it lets through unchecked, so their entries are also checked
# against the schema's own generic sensor definition. Prints one line per
# finding and a last line "schema: valid" or "schema: N errors"; exit 0
# only when valid.
#
# YAML is read the way LibreNMS's Symfony YAML parser reads it: only
# true/false are booleans (PyYAML's YAML 1.1 would turn a state named
# "off" or "no" into a boolean).
import copy
import json
import re
import sys

import jsonschema
import yaml


class Yaml12Loader(yaml.SafeLoader):
    pass


Yaml12Loader.yaml_implicit_resolvers = {
    k: [r for r in v if r[0] != 'tag:yaml.org,2002:bool']
    for k, v in copy.deepcopy(yaml.SafeLoader.yaml_implicit_resolvers).items()
}
Yaml12Loader.add_implicit_resolver(
    'tag:yaml.org,2002:bool', re.compile(r'^(?:true|True|TRUE|false|False|FALSE)$'),
    list('tTfF'))


def load(path):
    with open(path) as f:
        return yaml.load(f, Loader=Yaml12Loader)


def merge(linux, ours):
    merged = copy.deepcopy(linux)
    sensors = merged.setdefault('modules', {}).setdefault('sensors', {})
    for cls, body in ours['modules']['sensors'].items():
        sensors.setdefault(cls, {}).setdefault('data', []).extend(body['data'])
    return merged


def errors(schema, doc):
    v = jsonschema.Draft4Validator(schema)
    found = ['%s: %s' % ('/'.join(map(str, e.absolute_path)), e.message)
             for e in v.iter_errors(doc)]
    named = schema['properties']['modules']['properties']['sensors']['properties']
    sensor_def = dict(schema['definitions']['sensor'], definitions=schema['definitions'])
    for cls, body in doc.get('modules', {}).get('sensors', {}).items():
        if cls in named:
            continue
        for e in jsonschema.Draft4Validator(sensor_def).iter_errors(body):
            found.append('modules/sensors/%s/%s: %s (as a generic sensor)' % (
                cls, '/'.join(map(str, e.absolute_path)), e.message))
    return found


def main():
    schema = json.load(open(sys.argv[1]))
    merged = merge(load(sys.argv[2]), load(sys.argv[3]))
    found = errors(schema, merged)
    for line in found:
        print(line)
    n = sum(len(b['data']) for b in merged['modules']['sensors'].values())
    print('schema: valid (%d sensors in the merged linux.yaml)' % n if not found
          else 'schema: %d errors' % len(found))
    return 0 if not found else 1


if __name__ == '__main__':
    sys.exit(main())
