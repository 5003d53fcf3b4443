#!/usr/bin/env python3
"""Writes test/kickstart/rhel7-allowlist.json: the kickstart commands and options that pykickstart's
RHEL 7 handler accepts, with its deprecation markers. Data only; run it against a checkout of
https://github.com/pykickstart/pykickstart:

    python3 test/kickstart/extract-rhel7-allowlist.py /path/to/pykickstart COMMIT > test/kickstart/rhel7-allowlist.json

It imports the checkout, builds each command's option parser for the RHEL7 version (so options added in
later releases are absent and removed ones are gone), and records each option's `deprecated` marker and
the kind of value its parser accepts (`type=int`, `type=ksboolean`, `choices=`), so that the test refuses
what pykickstart's argparse would refuse.
"""
import inspect
import json
import os
import sys

root, commit = sys.argv[1], sys.argv[2]
sys.path.insert(0, root)

from pykickstart.base import DeprecatedCommand, RemovedCommand  # noqa: E402
from pykickstart.options import ksboolean  # noqa: E402
from pykickstart.handlers.rhel7 import RHEL7Handler  # noqa: E402
from pykickstart.sections import PackageSection, PostScriptSection, PreScriptSection  # noqa: E402


def rel(obj):
    return os.path.relpath(inspect.getsourcefile(obj), root)


def options(parser):
    found = {}
    for action in parser._actions:
        for name in action.option_strings:
            if name in ('-h', '--help'):
                continue
            found[name] = {
                'deprecated': bool(getattr(action, 'deprecated', False)),
                'takesValue': action.nargs != 0,
                **value_kind(action),
            }
    return dict(sorted(found.items()))


def value_kind(action):
    if action.nargs == 0:
        return {}
    if action.choices is not None:
        return {'choices': sorted(action.choices)}
    if action.type is int:
        return {'valueKind': 'integer'}
    if action.type is ksboolean:
        return {'valueKind': 'boolean'}
    return {}


handler = RHEL7Handler()
commands = {}
for name in sorted(handler.commandMap):
    cls = handler.commandMap[name]
    command = handler.commands[name]
    deprecated = isinstance(command, DeprecatedCommand)
    removed = isinstance(command, RemovedCommand)
    entry = {'class': cls.__name__, 'source': rel(cls), 'deprecated': deprecated, 'removed': removed}
    if not (deprecated or removed):
        entry['options'] = options(command._getParser())
    commands[name] = entry

sections = {}
for header, cls in (('%packages', PackageSection), ('%post', PostScriptSection), ('%pre', PreScriptSection)):
    section = cls(handler)
    sections[header] = {'class': cls.__name__, 'source': rel(cls), 'options': options(section._getParser())}

json.dump(
    {
        'about': 'Kickstart commands and options of the RHEL 7 syntax, extracted from pykickstart by '
        'test/kickstart/extract-rhel7-allowlist.py; test/kickstart/kickstart.test.ts checks every '
        'generated kickstart against it.',
        'source': {
            'repository': 'https://github.com/pykickstart/pykickstart',
            'commit': commit,
            'handler': 'pykickstart/handlers/rhel7.py',
            'handlerClass': 'RHEL7Handler',
            'sections': 'pykickstart/sections.py',
            'optionMarkers': 'pykickstart/options.py (KSOptionParser.add_argument: deprecated)',
        },
        'commands': commands,
        'sections': sections,
    },
    sys.stdout,
    indent=2,
)
sys.stdout.write('\n')
