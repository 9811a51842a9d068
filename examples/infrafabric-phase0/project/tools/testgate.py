"""Runs unittest/pytest-style test files and writes JUnit XML and Cobertura XML reports.

The example's gates use it so that the demo needs nothing but python3: it does what
``pytest --junitxml=... --cov=. --cov-report=xml:...`` does for these tests, with the
standard library only (unittest for the tests, sys.settrace for line coverage).

    python3 tools/testgate.py [--cov DIR] [--cobertura FILE] [--junit FILE]
                              [--exclude PATH]... PATH...

PATH is a test file or a directory searched for test_*.py. Exit status: 0 when every test
passed, 1 when one failed, 2 on bad arguments.
"""

import argparse
import importlib.util
import os
import sys
import threading
import time
import traceback
import unittest
import xml.etree.ElementTree as ET


def test_files(paths, excluded):
    """The test files under the given paths, in a stable order."""
    found = []
    for path in paths:
        if os.path.isfile(path):
            found.append(path)
            continue
        if not os.path.isdir(path):
            raise SystemExit("testgate: no test file or directory " + path)
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs
                             if os.path.normpath(os.path.join(root, d)) not in excluded
                             and d != "__pycache__")
            found.extend(os.path.join(root, f) for f in sorted(files)
                         if f.startswith("test_") and f.endswith(".py")
                         and os.path.normpath(os.path.join(root, f)) not in excluded)
    return found


def load(path, index):
    """Loads a test file as a module of its own and returns its tests."""
    name = "testgate_%d_%s" % (index, os.path.splitext(os.path.basename(path))[0])
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return unittest.defaultTestLoader.loadTestsFromModule(module)


class Recorder(unittest.TestResult):
    """Keeps each test's outcome and time for the JUnit report."""

    def __init__(self):
        super().__init__()
        self.cases = []
        self._started = 0.0

    def startTest(self, test):
        super().startTest(test)
        self._started = time.monotonic()

    def _record(self, test, outcome, detail=""):
        self.cases.append((test, outcome, detail, time.monotonic() - self._started))

    def addSuccess(self, test):
        super().addSuccess(test)
        self._record(test, "passed")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._record(test, "failure", self._exc_info_to_string(err, test))

    def addError(self, test, err):
        super().addError(test, err)
        self._record(test, "error", self._exc_info_to_string(err, test))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._record(test, "skipped", reason)


class Tracer:
    """Line coverage of the files under one directory."""

    def __init__(self, root):
        self.root = os.path.abspath(root) + os.sep
        self.hits = {}

    def trace(self, frame, event, arg):
        filename = frame.f_code.co_filename
        if not filename.startswith(self.root):
            return None
        lines = self.hits.setdefault(filename, set())
        lines.add(frame.f_lineno)

        def local(frame, event, arg):
            if event == "line":
                lines.add(frame.f_lineno)
            return local
        return local

    def start(self):
        sys.settrace(self.trace)
        threading.settrace(self.trace)

    def stop(self):
        sys.settrace(None)
        threading.settrace(None)


def executable_lines(path):
    """The line numbers Python can execute in a source file."""
    with open(path, encoding="utf-8") as f:
        code = compile(f.read(), path, "exec")
    lines = set()
    todo = [code]
    while todo:
        c = todo.pop()
        lines.update(line for _, _, line in c.co_lines() if line is not None and line > 0)
        todo.extend(k for k in c.co_consts if hasattr(k, "co_lines"))
    return lines


def write_junit(path, recorder, seconds):
    failures = sum(1 for c in recorder.cases if c[1] == "failure")
    errors = sum(1 for c in recorder.cases if c[1] == "error")
    skipped = sum(1 for c in recorder.cases if c[1] == "skipped")
    suites = ET.Element("testsuites")
    suite = ET.SubElement(suites, "testsuite", name="testgate", tests=str(len(recorder.cases)),
                          failures=str(failures), errors=str(errors), skipped=str(skipped),
                          time="%.3f" % seconds)
    for test, outcome, detail, took in recorder.cases:
        cls, _, method = test.id().rpartition(".")
        case = ET.SubElement(suite, "testcase", classname=cls.split(".", 1)[-1], name=method,
                             time="%.3f" % took)
        if outcome in ("failure", "error"):
            lines = detail.strip().splitlines()
            ET.SubElement(case, outcome, message=lines[-1] if lines else outcome).text = detail
        elif outcome == "skipped":
            ET.SubElement(case, "skipped", message=detail)
    write(path, suites)


def write_cobertura(path, tracer, root):
    """Cobertura XML with repository paths as filenames (source '.')."""
    measured = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        measured.extend(os.path.join(folder, f) for f in sorted(files) if f.endswith(".py"))
    total = covered = 0
    coverage = ET.Element("coverage", version="testgate-1")
    ET.SubElement(ET.SubElement(coverage, "sources"), "source").text = "."
    classes = ET.SubElement(ET.SubElement(ET.SubElement(coverage, "packages"), "package", name="."),
                            "classes")
    for source in measured:
        lines = sorted(executable_lines(source))
        hits = tracer.hits.get(os.path.abspath(source), set())
        relative = os.path.relpath(source).replace(os.sep, "/")
        cls = ET.SubElement(classes, "class", name=relative, filename=relative)
        xml_lines = ET.SubElement(cls, "lines")
        for line in lines:
            hit = 1 if line in hits else 0
            ET.SubElement(xml_lines, "line", number=str(line), hits=str(hit))
            total += 1
            covered += hit
        cls.set("line-rate", "%.4f" % (covered / total if total else 1.0))
    coverage.set("line-rate", "%.4f" % (covered / total if total else 1.0))
    coverage.set("lines-valid", str(total))
    coverage.set("lines-covered", str(covered))
    write(path, coverage)


def write(path, element):
    folder = os.path.dirname(path)
    if folder:
        os.makedirs(folder, exist_ok=True)
    ET.ElementTree(element).write(path, encoding="utf-8", xml_declaration=True)


def main(argv):
    parser = argparse.ArgumentParser(prog="testgate", description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("--junit", help="where to write the JUnit XML report")
    parser.add_argument("--cov", help="measure line coverage of the files under this directory")
    parser.add_argument("--cobertura", help="where to write the Cobertura XML report (with --cov)")
    parser.add_argument("--exclude", action="append", default=[], help="a directory or file to leave out")
    args = parser.parse_args(argv)
    if args.cobertura and not args.cov:
        parser.error("--cobertura needs --cov")
    sys.path.insert(0, os.getcwd())
    excluded = {os.path.normpath(e) for e in args.exclude}
    tracer = Tracer(args.cov) if args.cov else None
    recorder = Recorder()
    started = time.monotonic()
    if tracer:
        tracer.start()
    try:
        suite = unittest.TestSuite()
        for index, path in enumerate(test_files(args.paths, excluded)):
            try:
                suite.addTests(load(path, index))
            except Exception:  # an unimportable test file is a failed test, as in pytest
                suite.addTest(unittest.FunctionTestCase(
                    _raiser(traceback.format_exc()), description=path))
        suite.run(recorder)
    finally:
        if tracer:
            tracer.stop()
    seconds = time.monotonic() - started
    if args.junit:
        write_junit(args.junit, recorder, seconds)
    if tracer and args.cobertura:
        write_cobertura(args.cobertura, tracer, args.cov)
    bad = [c for c in recorder.cases if c[1] in ("failure", "error")]
    for test, outcome, detail, _ in bad:
        sys.stderr.write("%s %s\n%s\n" % (outcome.upper(), test.id(), detail))
    sys.stderr.write("testgate: %d tests, %d failed, %d skipped in %.2f s\n" % (
        len(recorder.cases), len(bad), sum(1 for c in recorder.cases if c[1] == "skipped"), seconds))
    return 1 if bad else 0


def _raiser(text):
    def fail():
        raise ImportError(text)
    return fail


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
