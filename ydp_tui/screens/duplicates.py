"""중복 의심 인물: the same 성명 + 생년월일 registered as seekers on two machines.  Nothing is
merged by itself: a supervisor merges (``A`` keeps the first record, ``B`` the second; the other
one's notes move over and it is marked deleted) or marks them different people (``X``)."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.widgets import DataTable

from ydp_tui import strings
from ydp_tui.screens.base import ReloadingScreen
from ydp_tui.screens.pending import PendingList, labelled
from ydp_tui.widgets.dialogs import ConfirmDialog
from ydp_tui.widgets.text import pad_cells


class DuplicatesScreen(PendingList, ReloadingScreen):
    TITLE_TEXT = "중복 의심 인물"
    BINDINGS = [
        Binding("a", "merge_into('a')", "앞 기록으로 병합", id="duplicates.keep_first",
                tooltip="앞 기록을 남기고, 뒤 기록의 상담 이력 등을 옮긴 뒤 삭제 표시합니다"),
        Binding("b", "merge_into('b')", "뒤 기록으로 병합", id="duplicates.keep_second",
                tooltip="뒤 기록을 남기고, 앞 기록의 상담 이력 등을 옮긴 뒤 삭제 표시합니다"),
        Binding("x", "different", "다른 사람", id="duplicates.different",
                tooltip="같은 사람이 아닙니다: 둘 다 두고 목록에서 뺍니다 (모든 기기에서)"),
        Binding("enter", "open", strings.OPEN, id="duplicates.open", tooltip="앞 기록의 구직자 화면을 엽니다"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def on_mount(self) -> None:
        table = self.table
        table.add_column("성명", key="name")
        table.add_column("생년월일", key="birth")
        table.add_column("앞 기록", key="a")
        table.add_column("뒤 기록", key="b")
        if self.app.size.width >= 100:
            table.add_column("앞 휴대전화", key="pa")
            table.add_column("뒤 휴대전화", key="pb")
        self.wide = self.app.size.width >= 100
        table.focus()
        if self.db is not None:
            self.reload()

    def reload(self) -> None:
        from ydp_tui.sync import people

        db = self.db
        if db is None:
            return
        self.run_service(lambda: people.list_pairs(db), self._show, group="duplicates-load")

    @property
    def can_merge(self) -> bool:
        from ydp_tui.db import roles

        return self.db is not None and not self.ydp.config.read_only and roles.allowed(self.db, "merge_people")

    def _show(self, pairs: list[Any]) -> None:
        def cells(p: Any) -> list[Text]:
            out = [Text(p.a.name), Text(str(p.a.birth_date or "")), Text(p.a.seeker_no), Text(p.b.seeker_no)]
            return out + [Text(p.a.phone), Text(p.b.phone)] if self.wide else out

        hint = Text()
        if pairs:
            hint.append(f"중복 의심 {len(pairs):,}쌍", style="bold")
            hint.append(": 같은 성명ㆍ생년월일이 두 기기에서 등록되었습니다. 같은 사람인지 확인한 뒤 병합하거나 "
                        "다른 사람으로 표시하세요.")
            if not self.can_merge:
                hint.append("\n병합ㆍ표시는 감독자ㆍ관리자만 할 수 있습니다.", style="yellow")
        else:
            hint.append("중복 의심 인물이 없습니다.")
        self.fill(pairs, cells, lambda p: f"{p.a.id}:{p.b.id}", hint)

    def detail(self, p: Any) -> Text:
        rows = [("구직번호", p.a.seeker_no, p.b.seeker_no), ("휴대전화", p.a.phone, p.b.phone),
                ("행정동ㆍ상태", f"{p.a.dong or '-'} {p.a.status}", f"{p.b.dong or '-'} {p.b.status}"),
                ("등록일ㆍ담당", f"{p.a.registered_on} {p.a.created_by}", f"{p.b.registered_on} {p.b.created_by}"),
                ("상담 이력", f"{p.a.notes}건", f"{p.b.notes}건")]
        width = max(cell_len(a) for _, a, _ in rows) + 2
        return labelled([("", Text.assemble((pad_cells("앞 기록", width), "bold"), ("뒤 기록", "bold"))),
                         *[(label, Text(pad_cells(a, width) + b)) for label, a, b in rows]], 14)

    def action_merge_into(self, which: str) -> None:
        from ydp_tui.sync import people

        p = self.current()
        db = self.db
        if p is None or db is None:
            return
        keep, other = (p.a, p.b) if which == "a" else (p.b, p.a)

        def yes(answer: bool | None) -> None:
            if not answer:
                return
            self.run_service(lambda: people.merge(db, keep.id, other.id, keep_version=keep.version,
                                                  other_version=other.version),
                             lambda moved: self._merged(keep, other, moved), group="duplicates-merge")

        self.app.push_screen(ConfirmDialog(
            f"{other.seeker_no}을(를) {keep.seeker_no}에 병합합니까?",
            f"{keep.name}: {other.seeker_no}의 상담 이력 {other.notes}건 등을 {keep.seeker_no}(으)로 옮기고 "
            f"{other.seeker_no}은(는) 삭제 표시합니다. 모든 기기에 전해집니다."), yes)

    def _merged(self, keep: Any, other: Any, moved: dict[str, int]) -> None:
        detail = ", ".join(f"{k} {v}건" for k, v in moved.items()) or "옮긴 기록 없음"
        self.notify(f"{other.seeker_no} -> {keep.seeker_no} 병합 ({detail})", title="병합", timeout=8)
        self.reload()

    def action_different(self) -> None:
        from ydp_tui.sync import people

        p = self.current()
        db = self.db
        if p is None or db is None:
            return

        def yes(answer: bool | None) -> None:
            if answer:
                self.run_service(lambda: people.dismiss(db, p.a.id, p.b.id),
                                 lambda _: (self.notify(f"{p.a.seeker_no}, {p.b.seeker_no}: 다른 사람으로 표시했습니다",
                                                        timeout=6), self.reload()), group="duplicates-dismiss")

        self.app.push_screen(ConfirmDialog(f"{p.a.seeker_no}와(과) {p.b.seeker_no}은(는) 다른 사람입니까?",
                                           "둘 다 그대로 두고 중복 의심 목록에서 뺍니다."), yes)

    @on(DataTable.RowSelected, "#list")
    def _selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        p = self.current()
        if p is not None:
            self.ydp.open_seeker(p.a.id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("merge_into", "different") and self.db is not None and not self.can_merge:
            return None
        return True
