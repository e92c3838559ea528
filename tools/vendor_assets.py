"""Fetch the browser libraries the site serves itself (Mermaid, Pyodide) from
the npm registry, without Node: `python -m tools.vendor_assets` (run by `make
install`).

`static-vendor.lock.json` names each package's version, its registry tarball,
npm's `integrity` (sha512 of the tarball, as the registry's metadata gives it)
and the files to keep. Each tarball is downloaded with urllib, checked against
its integrity before anything is unpacked, and only the listed files are
written, to `static/vendor/<name>/<version>/` (git-ignored; whitenoise serves
it, and the version in the path lets browsers keep the files for good).

Idempotent: a package whose directory holds a `.complete` marker with the
locked integrity is skipped, so a second run costs no network. A new version
replaces the package's older directories. A tampered or truncated tarball
stops the run with an error and writes nothing.
"""

import argparse
import base64
import fnmatch
import hashlib
import json
import shutil
import sys
import tarfile
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

BASE_DIR = Path(__file__).resolve().parent.parent
LOCK_FILE = BASE_DIR / "static-vendor.lock.json"
VENDOR_DIR = BASE_DIR / "static" / "vendor"
MARKER = ".complete"
# Bounds: the largest tarball (mermaid) is ~28 MB.
MAX_TARBALL_BYTES = 64 * 1024 * 1024
TIMEOUT_SECONDS = 60


class VendorError(Exception):
    pass


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    tarball: str
    integrity: str
    files: tuple[str, ...]
    strip: str = ""

    @classmethod
    def from_lock(cls, entry: dict) -> "Package":
        return cls(
            name=entry["name"],
            version=entry["version"],
            tarball=entry["tarball"],
            integrity=entry["integrity"],
            files=tuple(entry["files"]),
            strip=entry.get("strip", ""),
        )

    def directory(self, vendor_dir: Path) -> Path:
        return vendor_dir / self.name / self.version


def read_lock(lock_file: Path = LOCK_FILE) -> list[Package]:
    return [Package.from_lock(entry) for entry in json.loads(lock_file.read_text())["packages"]]


def check_integrity(data: bytes, integrity: str) -> None:
    """npm's Subresource-Integrity string (`sha512-<base64>`) against the bytes."""
    algorithm, _, expected = integrity.partition("-")
    if algorithm != "sha512" or not expected:
        raise VendorError(f"unsupported integrity {integrity!r} (expected sha512-…)")
    actual = base64.b64encode(hashlib.sha512(data).digest()).decode()
    if actual != expected:
        raise VendorError(f"integrity mismatch: expected sha512-{expected}, got sha512-{actual}")


def download(url: str) -> bytes:
    if not url.startswith("https://"):
        raise VendorError(f"refusing a non-https tarball address: {url}")
    with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:
        data = response.read(MAX_TARBALL_BYTES + 1)
    if len(data) > MAX_TARBALL_BYTES:
        raise VendorError(f"{url} is larger than {MAX_TARBALL_BYTES} bytes")
    return data


def _wanted(package: Package, member_name: str) -> bool:
    name = member_name.removeprefix("package/")
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in package.files)


def extract(package: Package, tarball: Path, target: Path) -> list[str]:
    """Write the listed files of the (already checked) tarball under `target`;
    return their paths relative to it."""
    written: list[str] = []
    matched: set[str] = set()
    with tarfile.open(tarball, "r:gz") as archive:
        for member in archive:
            if (
                not member.isfile()
                or not member.name.startswith("package/")
                or not _wanted(package, member.name)
            ):
                continue
            name = PurePosixPath(member.name.removeprefix("package/"))
            if name.is_absolute() or ".." in name.parts:
                raise VendorError(f"{package.name}: unsafe path in tarball: {member.name}")
            matched.update(p for p in package.files if fnmatch.fnmatchcase(str(name), p))
            relative = str(name).removeprefix(package.strip)
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            source = archive.extractfile(member)
            assert source is not None  # a regular file
            with source, destination.open("wb") as out:
                shutil.copyfileobj(source, out)
            written.append(relative)
    missing = [pattern for pattern in package.files if pattern not in matched]
    if missing:
        raise VendorError(f"{package.name} {package.version}: not in the tarball: {', '.join(missing)}")
    return written


def is_installed(package: Package, vendor_dir: Path) -> bool:
    marker = package.directory(vendor_dir) / MARKER
    return marker.is_file() and marker.read_text().strip() == package.integrity


def install(package: Package, vendor_dir: Path, fetch=None) -> bool:
    """Install one package; False when it was already there."""
    if is_installed(package, vendor_dir):
        return False
    data = (fetch or download)(package.tarball)
    check_integrity(data, package.integrity)  # before a single byte is unpacked
    package_dir = vendor_dir / package.name
    package_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=package_dir, prefix=".incoming-") as scratch:
        tarball = Path(scratch) / "package.tgz"
        tarball.write_bytes(data)
        staged = Path(scratch) / "files"
        extract(package, tarball, staged)
        (staged / MARKER).write_text(package.integrity + "\n")
        # Older versions (and a half-written copy of this one) go.
        for old in package_dir.iterdir():
            if old.is_dir() and not old.name.startswith(".incoming-"):
                shutil.rmtree(old)
        staged.rename(package.directory(vendor_dir))
    return True


def directory_size(path: Path) -> int:
    return sum(file.stat().st_size for file in path.rglob("*") if file.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lock", type=Path, default=LOCK_FILE)
    parser.add_argument("--target", type=Path, default=VENDOR_DIR)
    args = parser.parse_args(argv)
    try:
        for package in read_lock(args.lock):
            if install(package, args.target):
                size = directory_size(package.directory(args.target))
                print(f"vendored {package.name} {package.version}: {size / 1e6:.1f} MB")
    except (VendorError, OSError, tarfile.TarError) as error:
        print(f"vendor_assets: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
