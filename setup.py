"""Build step the declarative pyproject.toml cannot express: ship the starter kit.

The kit (commands/, themes/, world/starter.json) lives at the top of the repository,
where the repository is itself a game directory. A wheel must carry it inside the
package, so `sandbox init` works with no checkout anywhere: build_py copies the kit's
files (the ones git tracks, in a checkout) to sandbox/_starter/ in the build.
"""
import importlib.util
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def _starter():  # sandbox/starter.py uses the standard library only, so it loads here
    spec = importlib.util.spec_from_file_location("_sandbox_starter", ROOT / "sandbox" / "starter.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BuildWithStarterKit(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib) / "sandbox" / "_starter"
        for rel in _starter().kit_files(ROOT):
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, target / rel)


setup(cmdclass={"build_py": BuildWithStarterKit})
