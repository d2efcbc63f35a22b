"""Demo data for sync (a ``demo.STEPS`` step): an evening at the counter after a job fair.

A job-fair laptop (machine ``N1``, a temporary database) registers people at the fair - two of
them already registered at the counter - with counselling notes, and its bundle is merged here.
Then both sides change the same person's phone number before the next bundle: the merge keeps the
later value everywhere and leaves one conflict for a supervisor, and the duplicates wait to be
merged (F10 동기화).  Everything is drawn from the given ``rng``.
"""

from __future__ import annotations

import random
import shutil
import tempfile
from pathlib import Path
from typing import Any

DEMO_PASSPHRASE = "ydp-demo-2024"   # the demo's bundles only; README says so
TWINS = 2                           # fair registrations of people the counter already has


def fair_people(scale: Any) -> int:
    """How many people the fair's laptop registers (new ones and the twins): the counter registers
    that many fewer, so the seed's period still counts the seed's 978 seekers."""
    return (12 if scale.name == "small" else 30) + TWINS


def _people(rng: random.Random, n: int) -> list[dict[str, Any]]:
    from ydp_tui import data
    from ydp_tui.demo import Names

    names = Names(rng)
    dongs = data.dongs()
    out = []
    for i in range(n):
        gender = rng.choice(["남", "여"])
        year = rng.randint(1960, 2004)
        out.append({"name": names.person(gender, year), "birth_date": f"{year}-{rng.randint(1, 12):02d}-"
                    f"{rng.randint(1, 28):02d}", "gender": gender, "phone": f"010-7{rng.randrange(1000):03d}-"
                    f"{rng.randrange(10000):04d}", "dong": rng.choice(dongs), "desired_jobs": "53"})
    return out


def sync_step(db: Any, scale: Any, rng: random.Random, progress: Any) -> int:
    from sqlalchemy import select

    from ydp_tui.db import seekers
    from ydp_tui.db.engine import Database
    from ydp_tui.db.models import Seeker
    from ydp_tui.sync import service

    day = scale.end.isoformat()
    folder = Path(tempfile.mkdtemp(prefix="ydp-demo-sync-"))
    laptop = Database.open(str(folder / "laptop.sqlite3"), operator="박람회", site_code="N1")
    try:
        people = _people(rng, fair_people(scale) - TWINS)
        with db.session() as session:
            known = list(session.execute(select(Seeker).where(Seeker.deleted.is_(False))
                                         .order_by(Seeker.seeker_no).limit(50)).scalars())
        for twin in rng.sample(known, min(TWINS, len(known))):   # already registered at the counter
            people.append({"name": twin.name, "birth_date": twin.birth_date.isoformat(), "gender": twin.gender,
                           "phone": f"010-8{rng.randrange(1000):03d}-{rng.randrange(10000):04d}",
                           "dong": twin.dong or "문래동", "desired_jobs": "53"})
        made = []
        for p in people:
            s = seekers.register(laptop, {**p, "registered_on": day, "consent_date": day}, force=True)
            seekers.add_note(laptop, s.id, on=day, kind="초기상담", text="희망 취업박람회 현장 상담")
            made.append(s)
        service.export_bundle(laptop, folder / "fair-1.ydpb", DEMO_PASSPHRASE)
        summary = service.import_bundle(db, folder / "fair-1.ydpb", DEMO_PASSPHRASE)
        if progress:
            progress("동기화", 1, 2)
        # both sides fix the same person's phone before the next bundle: one conflict
        target = made[0]
        for side, phone in ((db, "010-9000-1111"), (laptop, "010-9000-2222")):
            current = seekers.get(side, target.id, log_view=False)
            fields = seekers.to_fields(current)
            fields["phone"] = phone
            seekers.update(side, target.id, fields, expected_version=current.version)
        service.export_bundle(laptop, folder / "fair-2.ydpb", DEMO_PASSPHRASE)
        service.import_bundle(db, folder / "fair-2.ydpb", DEMO_PASSPHRASE)
        if progress:
            progress("동기화", 2, 2)
        return summary.new
    finally:
        laptop.dispose()
        shutil.rmtree(folder, ignore_errors=True)
