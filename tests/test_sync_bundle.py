"""The .ydpb file: encrypted, the manifest bound as associated data, read with size caps; a wrong
passphrase, a damaged, truncated or changed file, a newer format or schema: refused, nothing
changed."""

from __future__ import annotations

import io
import json
import unicodedata
import zipfile

import pytest

from tests.conftest import seeker_values
from tests.sync_helpers import PASS, fingerprint, machine
from ydp_tui.db import seekers
from ydp_tui.sync import bundle, service
from ydp_tui.sync.bundle import BundleFileError, BundleRefused, PassphraseError


@pytest.fixture
def made(tmp_path):
    a = machine(tmp_path, "N1")
    b = machine(tmp_path, "C1")
    seekers.register(a, seeker_values())
    path = tmp_path / "a.ydpb"
    service.export_bundle(a, path, PASS)
    yield a, b, path
    a.dispose()
    b.dispose()


def _members(path):
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _rewrite(path, target, **members):
    """The bundle's own container around (changed) members; other member sets through zipfile."""
    if sorted(members) == ["manifest.json", "payload.bin"]:
        manifest = members["manifest.json"]
        target.write_bytes(bundle.container(manifest if isinstance(manifest, bytes) else manifest.encode(),
                                            members["payload.bin"]))
        return target
    with zipfile.ZipFile(target, "w") as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return target


def test_every_byte_of_the_container_counts(made, tmp_path):
    """The same members re-zipped by another tool (other times, attributes) are refused: the file is
    rebuilt from its members and compared, so no byte of it escapes the check."""
    _, b, path = made
    members = _members(path)
    with zipfile.ZipFile(tmp_path / "rezipped.ydpb", "w") as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    with pytest.raises(BundleRefused, match="파일 구조"):
        service.import_bundle(b, tmp_path / "rezipped.ydpb", PASS)
    raw = bytearray(path.read_bytes())
    raw[10] ^= 0x01                      # the first member's time in its local header
    (tmp_path / "time.ydpb").write_bytes(bytes(raw))
    with pytest.raises(BundleRefused):
        service.import_bundle(b, tmp_path / "time.ydpb", PASS)


def test_the_file_is_a_zip_with_a_clear_manifest_and_an_encrypted_payload(made):
    a, _, path = made
    members = _members(path)
    assert sorted(members) == ["manifest.json", "payload.bin"]
    m = json.loads(members["manifest.json"])
    assert (m["format"], m["format_version"], m["schema"], m["site_id"], m["site_code"]) == \
        ("ydp-bundle", 1, service.schema_revision(), a.site_id, "N1")
    assert m["encryption"]["cipher"] == "AES-256-GCM" and m["encryption"]["kdf"] == "scrypt"
    assert set(m["members"]) == {"ops.jsonl"} and len(m["members"]["ops.jsonl"]["sha256"]) == 64
    assert m["counts"]["tables"] == {"seeker": m["counts"]["ops"]} and m["counts"]["rows"] == 1
    assert m["up_to"][a.site_id] > 0 and m["since"] == {} and m["sites"] == {a.site_id: "N1"}
    assert "김민수".encode() not in members["payload.bin"] and b"010-1234-5678" not in path.read_bytes()
    assert service.inspect_bundle(path) == m
    assert service.inspect_bundle(path, PASS)["verified"] is True


def test_wrong_passphrase(made):
    _, b, path = made
    before = fingerprint(b)
    with pytest.raises(PassphraseError, match="암호가 맞지 않습니다") as info:
        service.import_bundle(b, path, "다른 암호입니다")
    assert info.value.exit_code == 2
    assert fingerprint(b) == before


@pytest.mark.parametrize("where", ["manifest", "payload-start", "payload-middle", "payload-end"])
def test_a_changed_byte_anywhere_is_refused(made, tmp_path, where):
    _, b, path = made
    members = _members(path)
    if where == "manifest":
        m = members["manifest.json"].replace(b'"site_code": "N1"', b'"site_code": "N9"')
        assert m != members["manifest.json"]
        members["manifest.json"] = m
    else:
        payload = bytearray(members["payload.bin"])
        i = {"payload-start": 0, "payload-middle": len(payload) // 2, "payload-end": len(payload) - 1}[where]
        payload[i] ^= 0x01
        members["payload.bin"] = bytes(payload)
    bad = _rewrite(path, tmp_path / "bad.ydpb", **members)
    before = fingerprint(b)
    with pytest.raises(BundleRefused, match="손상되었거나") as info:
        service.import_bundle(b, bad, PASS)
    assert info.value.exit_code == 1
    assert fingerprint(b) == before


@pytest.mark.parametrize("keep", [0, 10, 100, 0.5, 0.9, -1])
def test_a_truncated_file_is_refused(made, tmp_path, keep):
    _, b, path = made
    raw = path.read_bytes()
    n = int(len(raw) * keep) if isinstance(keep, float) else (len(raw) + keep if keep < 0 else keep)
    cut = tmp_path / "cut.ydpb"
    cut.write_bytes(raw[:n])
    before = fingerprint(b)
    with pytest.raises(BundleRefused):
        service.import_bundle(b, cut, PASS)
    assert fingerprint(b) == before


def test_newer_format_and_newer_schema_are_refused(made, tmp_path):
    _, b, path = made
    members = _members(path)
    m = json.loads(members["manifest.json"])
    for change, message in (({"format_version": 2}, "형식 2"), ({"schema": "9999"}, "스키마 9999")):
        bad = _rewrite(path, tmp_path / "new.ydpb", **{**members, "manifest.json": json.dumps({**m, **change})})
        with pytest.raises(BundleRefused, match=f"더 새로운 버전.*{message}"):
            service.import_bundle(b, bad, PASS)


def test_size_caps_and_foreign_files(made, tmp_path, monkeypatch):
    _, b, path = made
    monkeypatch.setattr(bundle, "MAX_FILE", 100)
    with pytest.raises(BundleRefused, match="너무 큽니다"):
        service.import_bundle(b, path, PASS)
    monkeypatch.undo()
    members = _members(path)
    with pytest.raises(BundleRefused, match="꾸러미의 것이 아닙니다"):
        service.import_bundle(b, _rewrite(path, tmp_path / "x.ydpb", **members, extra=b"x"), PASS)
    (tmp_path / "notes.txt").write_text("안녕하세요", encoding="utf-8")
    with pytest.raises(BundleRefused, match="꾸러미\\(.ydpb\\) 파일이 아닙니다"):
        service.import_bundle(b, tmp_path / "notes.txt", PASS)
    with pytest.raises(BundleFileError, match="파일이 없습니다") as info:
        service.import_bundle(b, tmp_path / "nothing.ydpb", PASS)
    assert info.value.exit_code == 2


def test_a_bomb_inside_is_stopped_by_the_member_cap(made, tmp_path, monkeypatch):
    _, b, path = made
    monkeypatch.setattr(bundle, "MAX_MEMBER", 1000)
    with pytest.raises(BundleRefused, match="너무 큽니다"):
        service.import_bundle(b, path, PASS)


def test_changes_the_schema_does_not_know_are_refused(made, tmp_path):
    a, b, _ = made
    from ydp_tui.db.capture import encode_value
    from ydp_tui.sync import merge

    line = merge.op_line("0190a000-0000-7000-8000-000000000001", 1 << 40, a.site_id, "seeker",
                         "0190a000-0000-7000-8000-000000000002", "shoe_size", encode_value(270), None, None)
    m = {"schema": service.schema_revision(), "bundle_id": "0190a000-0000-7000-8000-000000000003",
         "created_at": "2024-05-31T01:00:00+00:00", "site_id": a.site_id, "site_code": "N1", "since": {},
         "up_to": {a.site_id: 1 << 41}, "sites": {a.site_id: "N1"}, "ops_columns": list(merge.KEYS),
         "counts": {"ops": 1, "rows": 1, "tables": {"seeker": 1}}}
    bundle.write(tmp_path / "odd.ydpb", m, {bundle.OPS: (line + "\n").encode()}, PASS)
    with pytest.raises(BundleRefused, match="모르는 항목 'seeker.shoe_size'"):
        service.import_bundle(b, tmp_path / "odd.ydpb", PASS)


def test_passphrase_is_compared_in_nfc(made):
    _, b, path = made
    nfd = unicodedata.normalize("NFD", PASS)
    assert nfd != PASS
    assert service.import_bundle(b, path, nfd).new == 1


def test_the_database_remembers_whether_a_passphrase_is_new(made, tmp_path):
    a, _, _ = made
    assert not service.is_new_passphrase(a, PASS)           # used for the export above
    assert service.is_new_passphrase(a, "이번에 바꾼 암호")
    with pytest.raises(PassphraseError, match="8자 이상"):
        service.check_new_passphrase(a, "짧은암호")
    with pytest.raises(PassphraseError, match="암호가 없습니다"):
        service.export_bundle(a, tmp_path / "x.ydpb", "")
    assert not (tmp_path / "x.ydpb").exists()


def test_export_writes_atomically_and_adds_the_suffix(made, tmp_path):
    a, _, _ = made
    result = service.export_bundle(a, tmp_path / "저녁", PASS)
    assert result.path == tmp_path / "저녁.ydpb" and result.path.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".ydpb-")] == []
    with pytest.raises(BundleFileError, match="폴더가 없습니다"):
        service.export_bundle(a, tmp_path / "없는폴더" / "x.ydpb", PASS)


def test_inner_zip_members_are_checked_against_the_manifest(made, tmp_path):
    """A bundle encrypted with the right passphrase but whose inner member differs from its
    manifest's SHA-256 (a bug or a forgery by someone holding the passphrase) is refused."""
    a, b, path = made
    sealed = bundle.read(path)
    members = bundle.decrypt(sealed, PASS)
    m = dict(sealed.manifest)
    for key in ("format", "format_version", "members", "encryption"):
        m.pop(key)
    written = bundle.write(tmp_path / "re.ydpb", m, members, PASS)
    assert service.inspect_bundle(tmp_path / "re.ydpb", PASS)["verified"]
    # now seal a payload whose content differs from the listed hash
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("ops.jsonl", members["ops.jsonl"] + b"\n")
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    manifest_bytes = json.dumps(written, ensure_ascii=False, indent=1, sort_keys=True).encode()
    enc = written["encryption"]
    key, _ = bundle.derive(PASS, bundle._unb64(enc["salt"], "salt"), enc["n"], enc["r"], enc["p"])
    sealed_payload = AESGCM(key).encrypt(bundle._unb64(enc["nonce"], "nonce"), buf.getvalue(), manifest_bytes)
    forged = _rewrite(path, tmp_path / "forged.ydpb", **{"manifest.json": manifest_bytes,
                                                        "payload.bin": sealed_payload})
    with pytest.raises(BundleRefused, match="SHA-256"):
        service.import_bundle(b, forged, PASS)
