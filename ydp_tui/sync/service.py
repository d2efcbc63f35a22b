"""Export, import and inspect bundles; the sync screen's status.  The CLI (``ydp-tui bundle``)
and the screens call these.

Import verifies everything before the database is touched - the file, its manifest, the
passphrase, every member's SHA-256, every change against this schema, the clocks - then
applies the bundle in one transaction: a failure anywhere leaves the database exactly as it
was.  A bundle already imported is a no-op.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

from ydp_tui import __version__, clock
from ydp_tui.db import audit, policy
from ydp_tui.db.engine import Database
from ydp_tui.db.errors import ReadOnlyError
from ydp_tui.db.cache import collector_paused
from ydp_tui.db.ids import uuid7
from ydp_tui.db.models import LocalState, SyncOp
from ydp_tui.db.seeker_index import SYNC_GENERATION
from ydp_tui.sync import bundle, merge, peers
from ydp_tui.sync import conflicts as _conflicts  # noqa: F401 - registers its AFTER_APPLY hook
from ydp_tui.sync.bundle import BundleRefused, PassphraseError
from ydp_tui.sync.clock import local_vector, lock_site, now_ms, parse_vector, physical_ms, receive

Progress = Callable[[str, int, int], None]
PASSPHRASE_KEY = "bundle_passphrase"


@cache
def schema_revision() -> str:
    from ydp_tui.db import migrate

    return migrate.head_revision()


def known_revisions() -> frozenset[str]:
    from ydp_tui.db import migrate

    return migrate.known_revisions()


def _sync_policy(db: Database) -> dict[str, Any]:
    with db.session() as session:
        return policy.values(session, "sync", 0)


# --- passphrase ----------------------------------------------------------------------------------


def is_new_passphrase(db: Database, passphrase: str) -> bool:
    """True when this database has not used ``passphrase`` for a bundle before (ask it twice)."""
    with db.session() as session:
        verifier = session.get(LocalState, PASSPHRASE_KEY)
    return verifier is None or not bundle.verifier_matches(verifier.value, passphrase)


def check_new_passphrase(db: Database, passphrase: str) -> None:
    minimum = int(_sync_policy(db).get("min_passphrase_length", 8))
    if len(passphrase) < minimum:
        raise PassphraseError(f"새 꾸러미 암호는 {minimum}자 이상이어야 합니다")


def _remember_passphrase(db: Database, session: Any, passphrase: str) -> None:
    if db.read_only:
        return
    row = session.get(LocalState, PASSPHRASE_KEY)
    if row is not None and bundle.verifier_matches(row.value, passphrase):
        return
    verifier = bundle.passphrase_verifier(passphrase)
    if row is None:
        session.add(LocalState(key=PASSPHRASE_KEY, value=verifier))
    else:
        row.value = verifier


# --- export --------------------------------------------------------------------------------------


@dataclass
class ExportResult:
    path: Path
    bundle_id: str
    ops: int
    rows: int
    tables: dict[str, int]          # table label -> changes
    for_code: str | None
    manifest: dict[str, Any]

    def summary(self) -> str:
        who = f"{self.for_code} 기기에 보낼 " if self.for_code else ""
        parts = ", ".join(f"{k} {v:,}" for k, v in self.tables.items())
        return (f"{who}변경 {self.ops:,}건 ({self.rows:,}개 기록{': ' + parts if parts else ''})을 "
                f"꾸러미로 저장했습니다: {self.path}")


def export_bundle(db: Database, path: str | Path, passphrase: str, *, for_peer: str | None = None,
                  progress: Progress | None = None) -> ExportResult:
    """Write every change this database holds (or only what ``for_peer`` has not said it holds)."""
    with collector_paused():
        return _export(db, path, passphrase, for_peer, progress)


def _export(db: Database, path: str | Path, passphrase: str, for_peer: str | None,
            progress: Progress | None) -> ExportResult:
    from ydp_tui.sync.labels import table_label

    if not passphrase:
        raise PassphraseError("꾸러미 암호가 없습니다 (YDP_BUNDLE_PASSPHRASE, --passphrase-file, 또는 입력)")
    target = Path(path).expanduser()
    if target.suffix.lower() != bundle.SUFFIX:
        target = target.with_name(target.name + bundle.SUFFIX)
    if target.exists() and target.is_dir():
        raise bundle.BundleFileError(f"꾸러미 파일 이름이 폴더입니다: {target}")
    if not target.parent.exists():
        raise bundle.BundleFileError(f"저장할 폴더가 없습니다: {target.parent}")
    encrypted = merge.encrypted_fields()
    with db.session() as session:
        conn = session.connection()
        if not db.is_sqlite:
            conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
        vector = local_vector(session)
        codes = peers.site_codes(session)
        peer = peers.find(session, for_peer) if for_peer else None
        since = peers.acked(session, peer.site_id) if peer else {}
        cols = (SyncOp.op_id, SyncOp.hlc, SyncOp.site_id, SyncOp.tbl, SyncOp.row_id, SyncOp.field, SyncOp.value,
                SyncOp.base_hlc, SyncOp.base_site)
        if peer is None:
            queries = [select(*cols).order_by(SyncOp.seq)]
        else:
            queries = [select(*cols).where(SyncOp.site_id == site, SyncOp.hlc > since.get(site, -1))
                       .order_by(SyncOp.hlc, SyncOp.seq)
                       for site in sorted(vector) if site != peer.site_id and vector[site] > since.get(site, -1)]
        lines: list[str] = []
        rows: set[tuple[str, str]] = set()
        per_table: dict[str, int] = {}
        line = merge.op_line
        for query in queries:
            for op_id, hlc, site, tbl, row_id, fname, value, base_hlc, base_site in conn.execute(query):
                if value is not None and fname in encrypted.get(tbl, ()):
                    value = _decrypted(value)
                lines.append(line(op_id, hlc, site, tbl, row_id, fname, value, base_hlc, base_site))
                rows.add((tbl, row_id))
                per_table[tbl] = per_table.get(tbl, 0) + 1
                if progress is not None and len(lines) % 20_000 == 0:
                    progress("변경 읽기", len(lines), 0)
    if progress is not None:
        progress("암호화", len(lines), len(lines))
    bundle_id = uuid7()
    made = clock.now()
    manifest = {
        "schema": schema_revision(), "app_version": __version__, "bundle_id": bundle_id,
        "created_at": made.isoformat(), "site_id": db.site_id, "site_code": db.site_code,
        "operator": db.operator, "for_site": peer.site_id if peer else None,
        "for_code": peer.site_code if peer else None,
        "since": since, "up_to": vector, "sites": {s: codes.get(s, "") for s in vector},
        "counts": {"ops": len(lines), "rows": len(rows), "tables": dict(sorted(per_table.items()))},
        "ops_columns": list(merge.KEYS),
    }
    payload = ("\n".join(lines) + ("\n" if lines else "")).encode("utf-8")
    written = bundle.write(target, manifest, {bundle.OPS: payload}, passphrase)
    labelled = {table_label(t): n for t, n in sorted(per_table.items(), key=lambda kv: -kv[1])}
    with db.write(audit_only=db.read_only) as session:
        if not db.read_only:
            peers.record(session, bundle_id=bundle_id, direction="export", peer_site=peer.site_id if peer else "",
                         peer_code=peer.site_code if peer else "", at=clock.now(), operator=db.operator,
                         file_name=str(target)[-200:], created_at=made, up_to=json.dumps(vector, sort_keys=True),
                         ops=len(lines), applied=0, rows_new=0, rows_updated=0, conflicts=0, duplicates=0)
            if peer is not None:
                peers.exported_to(session, peer.site_id)
            _remember_passphrase(db, session, passphrase)
        audit.record(session, "export", "bundle", row_id=bundle_id, subject=target.name[:60],
                     detail=f"동기화 꾸러미 내보내기{' (' + peer.site_code + ' 기기에게)' if peer else ''}: "
                            f"변경 {len(lines):,}건, 기록 {len(rows):,}개"
                            + (f" ({', '.join(f'{k} {v:,}' for k, v in labelled.items())})" if labelled else ""))
    return ExportResult(target, bundle_id, len(lines), len(rows), labelled, peer.site_code if peer else None, written)


def _decrypted(stored: str) -> str:
    from ydp_tui import crypto
    from ydp_tui.db.capture import encode_value

    token = json.loads(stored)
    return encode_value(crypto.decrypt_field(token) if token is not None else None) or "null"


# --- import --------------------------------------------------------------------------------------


@dataclass
class ImportSummary:
    path: Path
    bundle_id: str
    site_code: str
    created_at: dt.datetime | None
    already: bool = False
    ops: int = 0
    applied: int = 0
    new: int = 0
    updated: int = 0
    conflicts: int = 0
    duplicates: int = 0
    tables: dict[str, dict[str, int]] = field(default_factory=dict)   # table label -> new/updated

    def lines(self) -> list[str]:
        if self.already:
            return [f"이미 가져온 꾸러미입니다 ({self.site_code} 기기, {clock.format_local(self.created_at)}): "
                    "바뀐 것이 없습니다."]
        out = [f"{self.site_code} 기기의 꾸러미를 가져왔습니다: 새 기록 {self.new:,}건, 수정 {self.updated:,}건, "
               f"충돌 {self.conflicts:,}건"]
        if self.ops and not self.applied:
            out.append(f"꾸러미의 변경 {self.ops:,}건은 모두 이 기기에 이미 있습니다: 바뀐 것이 없습니다.")
        elif self.applied < self.ops:
            out.append(f"꾸러미의 변경 {self.ops:,}건 중 {self.ops - self.applied:,}건은 이미 있던 것입니다.")
        if self.tables:
            out.append(", ".join(f"{k} 새 {v['new']:,}ㆍ수정 {v['updated']:,}" for k, v in self.tables.items()))
        if self.conflicts:
            out.append(f"충돌 {self.conflicts:,}건: 같은 항목을 두 기기에서 고쳤습니다. 나중 값을 적용하고 다른 값은 "
                       "보관했습니다. 감독자가 동기화 화면(F10)의 충돌 목록에서 확인하세요.")
        if self.duplicates:
            out.append(f"중복 의심 {self.duplicates:,}쌍: 같은 성명ㆍ생년월일이 두 기기에서 등록되었습니다. "
                       "감독자가 동기화 화면(F10)의 중복 의심에서 병합하거나 다른 사람으로 표시하세요.")
        return out

    def as_json(self) -> dict[str, Any]:
        return {"bundle_id": self.bundle_id, "site_code": self.site_code, "already_imported": self.already,
                "ops": self.ops, "applied_ops": self.applied, "new": self.new, "updated": self.updated,
                "conflicts": self.conflicts, "possible_duplicates": self.duplicates, "tables": self.tables}


@dataclass
class _Checked:
    manifest: dict[str, Any]
    bundle_id: str
    site_id: str
    site_code: str
    created_at: dt.datetime
    since: dict[str, int]
    up_to: dict[str, int]
    sites: dict[str, str]
    ops_count: int


def _check_manifest(sealed: bundle.Sealed) -> _Checked:
    m = sealed.manifest
    for key, kind in (("bundle_id", str), ("site_id", str), ("site_code", str), ("created_at", str),
                      ("schema", str), ("counts", dict)):
        if not isinstance(m.get(key), kind):
            raise bundle.damaged(f"manifest의 {key}")
    schema = m["schema"]
    if schema not in known_revisions():
        raise BundleRefused(f"더 새로운 버전의 ydp-tui가 만든 꾸러미입니다 (스키마 {schema}). 이 기기의 앱을 "
                            "업데이트한 뒤 가져오세요. 데이터베이스는 그대로입니다.")
    since, up_to = parse_vector(m.get("since")), parse_vector(m.get("up_to"))
    sites = m.get("sites")
    if since is None or up_to is None or not isinstance(sites, dict) or \
            not all(isinstance(k, str) and isinstance(v, str) for k, v in sites.items()):
        raise bundle.damaged("manifest의 since/up_to/sites")
    try:
        made = dt.datetime.fromisoformat(m["created_at"])
    except ValueError:
        raise bundle.damaged("manifest의 created_at") from None
    if made.tzinfo is None:
        raise bundle.damaged("manifest의 created_at")
    if m.get("ops_columns") != list(merge.KEYS):
        raise bundle.damaged("manifest의 ops_columns")
    ops = m["counts"].get("ops")
    if not isinstance(ops, int) or ops < 0:
        raise bundle.damaged("manifest의 counts")
    if not 0 < len(m["bundle_id"]) <= 36 or not 0 < len(m["site_id"]) <= 32:
        raise bundle.damaged("manifest의 bundle_id/site_id")
    return _Checked(m, m["bundle_id"], m["site_id"], m["site_code"][:8] or m["site_id"][:6], made, since, up_to,
                    {**sites, m["site_id"]: m["site_code"]}, ops)


def read_checked(path: str | Path) -> tuple[bundle.Sealed, _Checked]:
    sealed = bundle.read(Path(path).expanduser())
    return sealed, _check_manifest(sealed)


def _cloned(code: str) -> BundleRefused:
    return BundleRefused(
        f"이 기기와 같은 기기 번호로 만든 꾸러미입니다 ({code}): 데이터베이스 파일을 복사해 만든 기기로 "
        "보입니다. 복사한 기기에서는 새 데이터베이스로 시작하세요. 데이터베이스는 그대로입니다.")


def import_bundle(db: Database, path: str | Path, passphrase: str, *,
                  progress: Progress | None = None) -> ImportSummary:
    """Merge one bundle (verify all, then one transaction)."""
    with collector_paused():
        return _import(db, path, passphrase, progress)


def _import(db: Database, path: str | Path, passphrase: str, progress: Progress | None) -> ImportSummary:
    from ydp_tui.sync import people
    from ydp_tui.sync.labels import table_label

    if db.read_only:
        raise ReadOnlyError()
    target = Path(path).expanduser()
    if progress is not None:
        progress("파일 확인", 0, 0)
    sealed, m = read_checked(target)
    if m.site_id == db.site_id:
        raise _cloned(m.site_code)
    members = bundle.decrypt(sealed, passphrase)
    summary = ImportSummary(target, m.bundle_id, m.site_code, m.created_at, ops=m.ops_count)
    with db.session() as session:
        if peers.already_imported(session, m.bundle_id):
            summary.already = True
            return summary
        held = local_vector(session)
        ahead = int(policy.values(session, "sync", 0).get("max_clock_ahead_minutes", 1440))
    own_held: list[tuple[int, str]] = []    # the exporter's own changes held here already
    ops = merge.parse_ops(members[bundle.OPS], progress, held, (m.site_id, own_held))
    if members[bundle.OPS].count(b"\n") != m.ops_count:
        raise bundle.damaged("변경 수가 manifest와 다릅니다")
    newest = 0
    for o in ops:
        if o.hlc > m.up_to.get(o.site, -1):
            raise bundle.damaged("변경의 시계가 manifest의 up_to보다 큽니다")
        if o.hlc > newest:
            newest = o.hlc
    if newest and physical_ms(newest) > now_ms() + ahead * 60_000:
        at = clock.format_local(dt.datetime.fromtimestamp(physical_ms(newest) / 1000, tz=dt.UTC))
        raise BundleRefused(
            f"꾸러미에 이 기기 시계보다 {ahead:,}분 넘게 앞선 변경이 있습니다 ({at}, {m.site_code} 기기). "
            f"{m.site_code} 기기나 이 기기의 날짜ㆍ시계를 확인하세요. 데이터베이스는 그대로입니다.")

    with db.write(capture=False) as session:
        lock_site(session)
        if peers.already_imported(session, m.bundle_id):
            summary.already = True
            return summary
        vector = local_vector(session)
        own = db.site_id
        if m.up_to.get(own, 0) > vector[own] or any(o.site == own and o.hlc > vector[own] for o in ops):
            raise _cloned(m.site_code)
        gaps = [m.sites.get(s) or s[:6] for s, h in m.since.items() if s != own and vector.get(s, 0) < h]
        if gaps:
            raise BundleRefused(
                f"이 꾸러미는 {m.manifest.get('for_code') or '다른'} 기기에게 보낸 것이라, 이 기기에 없는 "
                f"{', '.join(sorted(gaps))} 기기의 이전 변경이 빠져 있습니다. {m.site_code} 기기에서 전체를 "
                "내보내(--for 없이) 가져오세요. 데이터베이스는 그대로입니다.")
        if _forgot_own_changes(session, m, vector, ops, own_held):
            raise BundleRefused(
                f"{m.site_code} 기기가 예전 상태로 돌아갔습니다: 전에 보낸 자기 변경을 더는 갖고 있지 않습니다 "
                "(데이터베이스를 백업에서 되돌렸거나 예전 파일을 복사한 것으로 보입니다). 그 기기에서 새 변경이 "
                "빠지지 않도록 새 데이터베이스로 시작하고 이 기기의 꾸러미를 가져가세요. 데이터베이스는 그대로입니다.")
        codes = {**peers.site_codes(session), **{k: v for k, v in m.sites.items() if v}}
        result = merge.apply(session, ops, vector, site_codes=codes, bundle_id=m.bundle_id, progress=progress)
        receive(session, result.newest)
        peers.remember(session, exporter=m.site_id, exporter_code=m.site_code, codes=m.sites, up_to=m.up_to,
                       made_at=m.created_at, own=own)
        merge.run_after_apply(session, result.touched)
        summary.applied = result.applied
        summary.new = sum(result.new_rows.values())
        summary.updated = sum(result.updated_rows.values())
        summary.conflicts = result.conflicts
        summary.duplicates = people.count_new(session, result.touched.get("seeker", []))
        for t in sorted(set(result.new_rows) | set(result.updated_rows)):
            summary.tables[table_label(t)] = {"new": result.new_rows.get(t, 0),
                                              "updated": result.updated_rows.get(t, 0)}
        peers.record(session, bundle_id=m.bundle_id, direction="import", peer_site=m.site_id,
                     peer_code=m.site_code, at=clock.now(), operator=db.operator, file_name=str(target)[-200:],
                     created_at=m.created_at, up_to=json.dumps(m.up_to, sort_keys=True), ops=len(ops),
                     applied=result.applied, rows_new=summary.new, rows_updated=summary.updated,
                     conflicts=summary.conflicts, duplicates=summary.duplicates)
        if "seeker" in result.touched:
            _bump_generation(session)
        _remember_passphrase(db, session, passphrase)
        per_table = "; ".join(f"{k} 새 {v['new']:,} 수정 {v['updated']:,}" for k, v in summary.tables.items())
        audit.record(session, "import", "bundle", row_id=m.bundle_id, subject=target.name[:60],
                     detail=f"동기화 꾸러미 가져오기 ({m.site_code} 기기): 변경 {result.applied:,}건 적용, "
                            f"새 기록 {summary.new:,}, 수정 {summary.updated:,}, 충돌 {summary.conflicts:,}"
                            + (f" ({per_table})" if per_table else ""))
    return summary


def _forgot_own_changes(session: Any, m: _Checked, vector: dict[str, int], ops: list[merge.Op],
                        own_held: list[tuple[int, str]]) -> bool:
    """True when the exporter sends changes of its own at clocks where we hold *other* changes of
    it: its file was restored from a backup or copied from an old one (reusing its site id) and its
    clock went back, so its new changes reuse clocks of lost ones and would be taken for changes
    already held.  (A stale bundle, or a restored machine that lost changes we hold, is harmless.)"""
    low, high = m.since.get(m.site_id, -1), min(vector.get(m.site_id, 0), m.up_to.get(m.site_id, 0))
    if high <= low:
        return False
    sent = {op for h, op in own_held if low < h <= high}
    sent.update(o.op_id for o in ops if o.site == m.site_id and low < o.hlc <= high)
    if not sent:
        return False
    held = set(session.connection().execute(select(SyncOp.op_id).where(
        SyncOp.site_id == m.site_id, SyncOp.hlc > low, SyncOp.hlc <= high)).scalars())
    return not sent <= held


def _bump_generation(session: Any) -> None:
    """Tell every desk's in-process name index that seekers changed with clocks of other machines."""
    row = session.get(LocalState, SYNC_GENERATION)
    if row is None:
        session.add(LocalState(key=SYNC_GENERATION, value="1"))
    else:
        row.value = str(int(row.value or "0") + 1)


# --- inspect -------------------------------------------------------------------------------------


def inspect_bundle(path: str | Path, passphrase: str | None = None) -> dict[str, Any]:
    """The manifest as stored (no passphrase needed); with a passphrase every member is verified too
    (``"verified": true``)."""
    sealed, _ = read_checked(path)
    manifest = dict(sealed.manifest)
    if passphrase:
        bundle.decrypt(sealed, passphrase)
        manifest["verified"] = True
    return manifest


# --- status for the sync screen ------------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    site_id: str
    site_code: str
    unsent: int                   # own changes made after the last export
    last_export: dt.datetime | None
    last_import: dt.datetime | None
    peers: list[peers.Peer]
    history: list[Any]
    conflicts: int
    duplicates: int


def status(db: Database, *, history_limit: int = 50) -> Status:
    from ydp_tui.sync import conflicts, people

    with db.session() as session:
        last = peers.last_export(session)
        since = json.loads(last.up_to) if last else {}
        own_since = {db.site_id: since.get(db.site_id, -1)}
        unsent = session.connection().execute(
            select(func.count()).select_from(SyncOp).where(SyncOp.site_id == db.site_id,
                                                          SyncOp.hlc > own_since[db.site_id])).scalar_one()
        history = peers.history(session, history_limit)
        last_import = next((h.at for h in history if h.direction == "import"), None)
        peer_rows = peers.list_peers(session)
    return Status(db.site_id, db.site_code, int(unsent), last.at if last else None, last_import, peer_rows,
                  history, conflicts.count_open(db), people.count_pairs(db))


def require_file(path: str) -> Path:
    p = Path(path).expanduser()
    if not p.exists():
        raise bundle.BundleFileError(f"꾸러미 파일이 없습니다: {p}")
    return p


__all__ = ["BundleRefused", "ExportResult", "ImportSummary", "PassphraseError", "Status", "check_new_passphrase",
           "export_bundle", "import_bundle", "inspect_bundle", "is_new_passphrase", "status"]
