"""What this database knows about other machines (``sync_peer``) and its bundle history
(``sync_bundle``)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ydp_tui import clock
from ydp_tui.db.errors import Refused
from ydp_tui.db.models import SiteInfo, SyncBundle, SyncOp, SyncPeer


@dataclass(frozen=True)
class Peer:
    site_id: str
    site_code: str
    last_import_at: dt.datetime | None
    last_export_at: dt.datetime | None
    acked: dict[str, int]
    to_send: int          # changes held here that it has not said it holds


def site_codes(session: Session) -> dict[str, str]:
    """Every machine's short code by site id (ours included)."""
    conn = session.connection()
    codes = {s: c for s, c in conn.execute(select(SyncPeer.site_id, SyncPeer.site_code))}
    own = conn.execute(select(SiteInfo.site_id, SiteInfo.site_code).where(SiteInfo.id == 1)).one()
    codes[own[0]] = own[1]
    return codes


def acked(session: Session, site_id: str) -> dict[str, int]:
    row = session.connection().execute(select(SyncPeer.acked).where(SyncPeer.site_id == site_id)).scalar()
    return json.loads(row) if row else {}


def find(session: Session, text: str) -> SyncPeer:
    """A machine by its code (``N1``, any case) or the start of its site id."""
    want = text.strip()
    rows = list(session.execute(select(SyncPeer).order_by(SyncPeer.site_code)).scalars())
    found = [p for p in rows if p.site_code.upper() == want.upper()] or \
        ([p for p in rows if p.site_id.startswith(want.lower())] if len(want) >= 6 else [])
    if len(found) == 1:
        return found[0]
    known = ", ".join(p.site_code for p in rows) or "없음 (아직 꾸러미를 주고받은 기기가 없습니다)"
    if not found:
        raise Refused(f"'{want}' 기기를 모릅니다 (아는 기기: {known}). 그 기기의 꾸러미를 한 번 가져오거나, "
                      "--for 없이 전체를 내보내세요.")
    raise Refused(f"'{want}' 코드의 기기가 {len(found)}대입니다: 기기 번호 앞부분으로 고르세요 "
                  f"({', '.join(p.site_id[:8] for p in found)})")


def remember(session: Session, *, exporter: str, exporter_code: str, codes: dict[str, str],
             up_to: dict[str, int], made_at: dt.datetime, own: str) -> None:
    """After merging a bundle: what its machine holds, and what we now hold of every machine."""
    now = clock.now()
    known = {p.site_id: p for p in session.execute(select(SyncPeer)).scalars()}
    for site, h in {**{s: 0 for s in codes}, **up_to}.items():
        if site == own:
            continue
        peer = known.get(site)
        if peer is None:
            peer = SyncPeer(site_id=site, site_code=codes.get(site, "")[:8], held_hlc=0, acked="{}",
                            first_seen_at=now)
            session.add(peer)
            known[site] = peer
        if up_to.get(site, 0) > peer.held_hlc:
            peer.held_hlc = up_to[site]
        if codes.get(site) and peer.site_code != codes[site][:8]:
            peer.site_code = codes[site][:8]
    peer = known[exporter]
    peer.site_code = exporter_code[:8]
    peer.last_import_at = now
    if peer.acked_at is None or made_at >= peer.acked_at:
        peer.acked = json.dumps(up_to, sort_keys=True)
        peer.acked_at = made_at
    session.flush()


def exported_to(session: Session, site_id: str) -> None:
    peer = session.get(SyncPeer, site_id)
    if peer is not None:
        peer.last_export_at = clock.now()


def already_imported(session: Session, bundle_id: str) -> bool:
    return session.connection().execute(select(SyncBundle.seq).where(
        SyncBundle.bundle_id == bundle_id, SyncBundle.direction == "import").limit(1)).first() is not None


def unsent(session: Session, since: dict[str, int], *, skip: str | None = None) -> int:
    """How many changes held here lie above ``since`` (what a machine said it holds)."""
    from ydp_tui.sync.clock import local_vector

    conn = session.connection()
    total = 0
    for site, newest in local_vector(session).items():
        if site == skip or newest <= since.get(site, -1):
            continue
        total += conn.execute(select(func.count()).select_from(SyncOp).where(
            SyncOp.site_id == site, SyncOp.hlc > since.get(site, -1))).scalar_one()
    return total


def list_peers(session: Session) -> list[Peer]:
    out = []
    for p in session.execute(select(SyncPeer).order_by(SyncPeer.site_code, SyncPeer.site_id)).scalars():
        ack = json.loads(p.acked or "{}")
        out.append(Peer(p.site_id, p.site_code, p.last_import_at, p.last_export_at, ack,
                        unsent(session, ack, skip=p.site_id)))
    return out


def history(session: Session, limit: int = 200) -> list[SyncBundle]:
    return list(session.execute(select(SyncBundle).order_by(SyncBundle.seq.desc()).limit(limit)).scalars())


def last_export(session: Session) -> SyncBundle | None:
    return session.execute(select(SyncBundle).where(SyncBundle.direction == "export")
                           .order_by(SyncBundle.seq.desc()).limit(1)).scalars().first()


def record(session: Session, **values: Any) -> None:
    session.connection().execute(SyncBundle.__table__.insert(), values)


def fork_identity(db: Any) -> str:
    """After a restore from a backup: this database becomes a new machine (a new site id and a new
    기기 code) and holds its former self as a peer, up to the backup's clock.  Returns the new code.

    Without it the restored file would go on as the machine that already sent newer changes: other
    machines would refuse its bundles ("예전 상태로 돌아갔습니다"), the changes made after the
    backup could never come back to it, and its next numbers (N1-2024-00002) would be ones it had
    already given out.  As a new machine it receives those changes from whoever holds them, like
    any peer's, and what it makes from now on is new to everyone.
    """
    import secrets

    from ydp_tui.db.engine import _CODE_ALPHABET

    with db.write(system=True) as session:
        info = session.get(SiteInfo, 1)
        old, old_code, held = info.site_id, info.site_code, int(info.hlc)
        taken = {old_code, *session.execute(select(SyncPeer.site_code)).scalars()}
        code = old_code
        while code in taken:
            code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(3))
        info.site_id, info.site_code = secrets.token_hex(16), code
        peer = session.get(SyncPeer, old)
        if peer is None:
            peer = SyncPeer(site_id=old, site_code=old_code, held_hlc=0, acked="{}", first_seen_at=clock.now())
            session.add(peer)
        peer.held_hlc = max(int(peer.held_hlc), held)
        new_id = info.site_id
    db.site_id, db.site_code = new_id, code
    return code
