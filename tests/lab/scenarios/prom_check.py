#!/usr/bin/env python3
"""prom_check.py - a strict reader of the Prometheus text exposition format 0.0.4 and of the
naming conventions mip6d promises (mip6d_ prefix, counters ..._total, HELP and TYPE once per
family and before its samples, histograms complete and cumulative), for hosts without
promtool.  Usage: prom_check.py FILE...; prints each problem, exit 1 when there was one."""
import math
import re
import sys

NAME = r'[a-zA-Z_:][a-zA-Z0-9_:]*'
LABEL = r'[a-zA-Z_][a-zA-Z0-9_]*'
VALUE = r'(?:[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|[+-]Inf|NaN)'
SAMPLE = re.compile(r'^(' + NAME + r')(\{(.*)\})? (' + VALUE + r')( -?\d+)?$')
PAIR = re.compile(r'(' + LABEL + r')="((?:[^"\\\n]|\\[\\"n])*)"(,|$)')
TYPES = ('counter', 'gauge', 'histogram', 'summary', 'untyped')


def labels_of(text, where, problems):
    out, pos = {}, 0
    while pos < len(text):
        m = PAIR.match(text, pos)
        if m is None:
            problems.append('%s: bad labels {%s}' % (where, text))
            return out
        if m.group(1) in out:
            problems.append('%s: label %s twice' % (where, m.group(1)))
        if m.group(1).startswith('__'):
            problems.append('%s: reserved label name %s' % (where, m.group(1)))
        out[m.group(1)] = m.group(2)
        pos = m.end()
        if m.group(3) == '' and pos != len(text):
            problems.append('%s: trailing text in labels' % where)
            return out
    return out


def family_of(name, types):
    if name in types:
        return name
    for suffix in ('_bucket', '_sum', '_count'):
        if name.endswith(suffix) and types.get(name[:-len(suffix)]) == 'histogram':
            return name[:-len(suffix)]
    return None


def check(path):
    problems, helps, types, done = [], {}, {}, set()
    current, hist = None, {}
    with open(path, encoding='utf-8') as f:
        text = f.read()
    if not text:
        return ['%s: empty' % path]
    if not text.endswith('\n'):
        problems.append('%s: last line without newline' % path)
    for n, line in enumerate(text.split('\n')[:-1], 1):
        where = '%s:%d' % (path, n)
        if line.startswith('#'):
            parts = line.split(' ', 3)
            if len(parts) >= 3 and parts[1] in ('HELP', 'TYPE'):
                fam = parts[2]
                if not re.fullmatch(NAME, fam):
                    problems.append('%s: bad metric name %s' % (where, fam))
                if fam in done:
                    problems.append('%s: %s comes back after other families' % (where, fam))
                if parts[1] == 'HELP':
                    if fam in helps:
                        problems.append('%s: second HELP for %s' % (where, fam))
                    helps[fam] = parts[3] if len(parts) > 3 else ''
                    if re.search(r'\\[^\\n]', helps[fam]):
                        problems.append('%s: bad escape in HELP' % where)
                else:
                    if fam in types:
                        problems.append('%s: second TYPE for %s' % (where, fam))
                    if len(parts) != 4 or parts[3] not in TYPES:
                        problems.append('%s: bad TYPE line' % where)
                    types[fam] = parts[3] if len(parts) == 4 else '?'
                if current is not None and current != fam:
                    done.add(current)
                current = fam
            continue
        if line == '':
            problems.append('%s: empty line' % where)
            continue
        m = SAMPLE.match(line)
        if m is None:
            problems.append('%s: not a sample: %r' % (where, line))
            continue
        name, labels = m.group(1), labels_of(m.group(3) or '', where, problems)
        fam = family_of(name, types)
        if fam is None:
            problems.append('%s: %s has no TYPE before it' % (where, name))
            continue
        if fam != current:
            problems.append('%s: %s outside its family block' % (where, name))
        if fam not in helps:
            problems.append('%s: %s has no HELP' % (where, fam))
        value = float(m.group(4).replace('Inf', 'inf'))
        if types[fam] == 'counter' and (value < 0 or math.isnan(value)):
            problems.append('%s: counter %s is %s' % (where, name, m.group(4)))
        if types[fam] == 'histogram':
            key = tuple(sorted((k, v) for k, v in labels.items() if k != 'le'))
            h = hist.setdefault((fam, key), {'buckets': [], 'count': None, 'sum': None})
            if name.endswith('_bucket'):
                if 'le' not in labels:
                    problems.append('%s: bucket without le' % where)
                else:
                    h['buckets'].append((float(labels['le'].replace('Inf', 'inf')), value))
            elif name.endswith('_count'):
                h['count'] = value
            else:
                h['sum'] = value
    for fam, t in types.items():
        if not fam.startswith('mip6d_'):
            problems.append('%s: %s lacks the mip6d_ prefix' % (path, fam))
        if t == 'counter' and not fam.endswith('_total'):
            problems.append('%s: counter %s does not end in _total' % (path, fam))
        if t != 'counter' and fam.endswith('_total'):
            problems.append('%s: %s ends in _total but is a %s' % (path, fam, t))
        if re.search(r'_(milliseconds|ms|microseconds|us|kilobytes|minutes|hours)(_|$)', fam):
            problems.append('%s: %s is not in base units' % (path, fam))
    for (fam, key), h in hist.items():
        b = h['buckets']
        if not b or b[-1][0] != math.inf:
            problems.append('%s: histogram %s has no +Inf bucket' % (path, fam))
            continue
        if any(b[i][0] >= b[i + 1][0] or b[i][1] > b[i + 1][1] for i in range(len(b) - 1)):
            problems.append('%s: histogram %s buckets not ascending and cumulative' %
                            (path, fam))
        if h['count'] != b[-1][1] or h['sum'] is None:
            problems.append('%s: histogram %s: _count is not the +Inf bucket, or no _sum' %
                            (path, fam))
    return problems


def main():
    problems = []
    for path in sys.argv[1:]:
        problems += check(path)
    for p in problems:
        print(p)
    return 1 if problems or len(sys.argv) < 2 else 0


if __name__ == '__main__':
    sys.exit(main())
