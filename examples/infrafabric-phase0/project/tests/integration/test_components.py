"""Integration (spec 4.1 gate 2): every module of the package imports alongside the others."""

import importlib
import os
import unittest


def modules():
    found = []
    for folder, dirs, files in os.walk("infrafabric"):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py") and name != "__init__.py":
                path = os.path.join(folder, name[:-3])
                found.append(path.replace(os.sep, "."))
    return found


class ComponentsTest(unittest.TestCase):
    def test_every_module_imports(self):
        for name in ["infrafabric"] + modules():
            with self.subTest(module=name):
                self.assertIsNotNone(importlib.import_module(name))
