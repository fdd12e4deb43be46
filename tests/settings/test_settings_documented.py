#!/usr/bin/env python3
"""Every setting the code reads is documented: a line in .env.example (set or commented out) and a
mention in README.md. Settings are found where they are read: the SettingsReader calls
(`env.text("NAME", ...)`, `.integer(`, `.duration(`, ...) and getenv("NAME") in src/ (tests aside)."""
import pathlib
import re
import sys
import unittest

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[2])
# Variables of the system, not of jobstream.
SYSTEM = {"HOME", "XDG_STATE_HOME", "TMPDIR", "PATH"}
READER_CALL = re.compile(
    r"\.\s*(?:text|nonblank_text|required_text|secret|integer|number|boolean|duration|list)\(\s*\"([A-Z][A-Z0-9_]+)\"")
GETENV_CALL = re.compile(r"getenv\(\s*\"([A-Z][A-Z0-9_]+)\"")


def settings_read_by_the_code():
    found = {}
    for path in sorted((ROOT / "src").rglob("*.cpp")):
        if "test" in path.relative_to(ROOT / "src").parts:
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in (READER_CALL, GETENV_CALL):
            for name in pattern.findall(text):
                if name not in SYSTEM:
                    found.setdefault(name, str(path.relative_to(ROOT)))
    return found


class SettingsAreDocumented(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        self.settings = settings_read_by_the_code()
        self.assertGreater(len(self.settings), 40, "the scan found too few settings: is the pattern stale?")

    def test_every_setting_is_in_env_example(self):
        example = (ROOT / ".env.example").read_text(encoding="utf-8")
        missing = [f"{name} (read in {where})" for name, where in sorted(self.settings.items())
                   if not re.search(rf"^#?\s*{name}=", example, re.M)]
        self.assertEqual(missing, [], "settings read by the code but absent from .env.example")

    def test_every_setting_is_in_the_readme(self):
        readme = (ROOT / "README.md").read_text(encoding="utf-8")
        missing = [f"{name} (read in {where})" for name, where in sorted(self.settings.items())
                   if not re.search(rf"`{name}`", readme)]
        self.assertEqual(missing, [], "settings read by the code but never named in README.md")


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]])
