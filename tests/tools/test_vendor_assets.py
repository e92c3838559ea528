import base64
import hashlib
import io
import json
import tarfile

import pytest

from tools import vendor_assets
from tools.vendor_assets import Package, VendorError


def _tarball(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, content in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


TARBALL = _tarball(
    {
        "package/dist/lib.mjs": b"export const x = 1;\n",
        "package/dist/chunks/a.mjs": b"export {};\n",
        "package/README.md": b"not wanted\n",
    }
)


def _package(data: bytes = TARBALL, version: str = "1.0.0", **changes) -> Package:
    fields = {
        "name": "lib",
        "version": version,
        "tarball": "https://registry.example/lib-1.0.0.tgz",
        "integrity": _integrity(data),
        "files": ("dist/lib.mjs", "dist/chunks/*.mjs"),
        "strip": "dist/",
    }
    return Package(**{**fields, **changes})


def test_install_extracts_only_the_listed_files(tmp_path):
    installed = vendor_assets.install(_package(), tmp_path, fetch=lambda url: TARBALL)

    assert installed
    directory = tmp_path / "lib" / "1.0.0"
    assert (directory / "lib.mjs").read_bytes() == b"export const x = 1;\n"
    assert (directory / "chunks" / "a.mjs").exists()
    assert not (directory / "README.md").exists()


def test_second_install_fetches_nothing(tmp_path):
    vendor_assets.install(_package(), tmp_path, fetch=lambda url: TARBALL)

    def no_network(url):
        raise AssertionError("fetched again")

    assert vendor_assets.install(_package(), tmp_path, fetch=no_network) is False


def test_tampered_tarball_is_rejected_and_nothing_written(tmp_path):
    tampered = _tarball({"package/dist/lib.mjs": b"alert(1)\n", "package/dist/chunks/a.mjs": b""})

    with pytest.raises(VendorError, match="integrity mismatch"):
        vendor_assets.install(_package(), tmp_path, fetch=lambda url: tampered)

    assert not (tmp_path / "lib" / "1.0.0").exists()


def test_a_listed_file_missing_from_the_tarball_is_an_error(tmp_path):
    package = _package(files=("dist/lib.mjs", "dist/gone.mjs"))

    with pytest.raises(VendorError, match=r"dist/gone\.mjs"):
        vendor_assets.install(package, tmp_path, fetch=lambda url: TARBALL)
    assert not (tmp_path / "lib" / "1.0.0").exists()


def test_new_version_replaces_the_old_one(tmp_path):
    vendor_assets.install(_package(), tmp_path, fetch=lambda url: TARBALL)
    vendor_assets.install(_package(version="2.0.0"), tmp_path, fetch=lambda url: TARBALL)

    assert [path.name for path in (tmp_path / "lib").iterdir()] == ["2.0.0"]


def test_main_reports_a_tampered_lock_entry_and_fails(tmp_path, monkeypatch, capsys):
    lock = tmp_path / "lock.json"
    entry = {**_package().__dict__, "files": ["dist/lib.mjs"], "integrity": _integrity(b"something else")}
    lock.write_text(json.dumps({"packages": [entry]}))
    monkeypatch.setattr(vendor_assets, "download", lambda url: TARBALL)

    assert vendor_assets.main(["--lock", str(lock), "--target", str(tmp_path / "vendor")]) == 1
    assert "integrity mismatch" in capsys.readouterr().err


def test_plain_http_addresses_are_refused():
    with pytest.raises(VendorError, match="non-https"):
        vendor_assets.download("http://registry.example/lib.tgz")


def test_the_lock_file_pins_every_package_by_sha512():
    for package in vendor_assets.read_lock():
        assert package.integrity.startswith("sha512-")
        assert package.tarball.startswith("https://registry.npmjs.org/")


def test_main_installs_from_the_lock_file_and_says_the_size(tmp_path, monkeypatch, capsys):
    lock = tmp_path / "lock.json"
    lock.write_text(json.dumps({"packages": [{**_package().__dict__, "files": ["dist/lib.mjs"]}]}))
    monkeypatch.setattr(vendor_assets, "download", lambda url: TARBALL)

    assert vendor_assets.main(["--lock", str(lock), "--target", str(tmp_path / "vendor")]) == 0
    assert capsys.readouterr().out == "vendored lib 1.0.0: 0.0 MB\n"
    assert (tmp_path / "vendor" / "lib" / "1.0.0" / "lib.mjs").exists()
