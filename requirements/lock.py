"""The lock files: exact versions and hashes of every dependency, compiled from pyproject.toml.

    python3 requirements/lock.py compile   # `make lock`: rewrite requirements/*.lock with uv
    python3 requirements/lock.py check     # exit 1 if a lock is older than pyproject.toml
    python3 requirements/lock.py warn      # the same as a warning only (make install)

Each lock starts with the digest of what it was compiled from (`requires-python`, the
dependencies and the extras of pyproject.toml), so `check` needs neither the network nor uv.
The image build (Dockerfile) and CI (.ci/run) insist on fresh locks; a developer's
`make install` only warns, because other branches add dependencies in parallel.
Standard library only: the Dockerfile runs it before anything is installed.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
# lock file -> extras of pyproject.toml it includes
LOCKS = {
    "base.lock": [],  # what the image installs: the portal's own dependencies
    "dev.lock": ["dev", "test"],  # what CI and developers install
}
DIGEST_PREFIX = "# pyproject-sha256: "


def digest() -> str:
    project = tomllib.loads(PYPROJECT.read_text())["project"]
    relevant = {
        "requires-python": project.get("requires-python"),
        "dependencies": sorted(project.get("dependencies", [])),
        "optional-dependencies": {
            extra: sorted(deps) for extra, deps in project.get("optional-dependencies", {}).items()
        },
    }
    return hashlib.sha256(json.dumps(relevant, sort_keys=True).encode()).hexdigest()


def recorded(lock: Path) -> str:
    if not lock.exists():
        return ""
    first = lock.read_text().split("\n", 1)[0]
    return first.removeprefix(DIGEST_PREFIX) if first.startswith(DIGEST_PREFIX) else ""


def stale() -> list[str]:
    current = digest()
    return [name for name in LOCKS if recorded(ROOT / "requirements" / name) != current]


def compile_locks(uv: str) -> None:
    current = digest()
    for name, extras in LOCKS.items():
        target = ROOT / "requirements" / name
        command = [
            uv, "pip", "compile", "pyproject.toml", "--quiet", "--universal",
            "--python-version", "3.11", "--generate-hashes", "--no-header",
            "--output-file", str(target),
        ]  # fmt: skip
        for extra in extras:
            command += ["--extra", extra]
        subprocess.run(command, cwd=ROOT, check=True)
        body = target.read_text()
        included = ", ".join(extras) or "none"
        header = (
            f"{DIGEST_PREFIX}{current}\n"
            f"# Compiled by `make lock` from pyproject.toml (extras: {included}).\n"
            "# Do not edit: change pyproject.toml, then run `make lock`.\n"
        )
        target.write_text(header + body)
        print(f"wrote requirements/{name}")


def main(argv: list[str]) -> int:
    action = argv[1] if len(argv) > 1 else "check"
    if action == "compile":
        compile_locks(argv[2] if len(argv) > 2 else "uv")
        return 0
    old = stale()
    if not old:
        return 0
    message = (
        f"requirements/{', requirements/'.join(old)} do(es) not match the dependencies in "
        "pyproject.toml: run `make lock` and commit the lock files."
    )
    if action == "warn":
        print(f"Warning: {message} (installing from pyproject.toml's ranges meanwhile)")
        return 0
    print(f"Error: {message}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
