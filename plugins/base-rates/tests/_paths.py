"""Puts the plugin folder and the shared Python helper (../sdk/python) on sys.path."""

import os
import sys

# No __pycache__ beside the shared helper (../sdk/python has no .gitignore of its own).
sys.dont_write_bytecode = True

HERE = os.path.dirname(os.path.abspath(__file__))
PLUGIN = os.path.dirname(HERE)
SDK = os.path.normpath(os.path.join(PLUGIN, "..", "sdk", "python"))
REPO = os.path.normpath(os.path.join(PLUGIN, "..", ".."))

for path in (SDK, PLUGIN):
    if path not in sys.path:
        sys.path.insert(0, path)
