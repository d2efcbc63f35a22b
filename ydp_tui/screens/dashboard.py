"""현황판 (the 보고서 section's first screen): today's and this month's intakes, referrals and
hires; budget execution per unit as bars; the monthly trend of the last twelve months (plotext,
imported when the chart is first composed, never before the app's first frame).

Everything reads well at 80x24: the figures take three lines, the bars one line per unit, the
chart what is left.  Bars are coloured spaces and the chart's legend is plain text outside the
plot, so no ambiguous-width character and no Hangul goes through plotext's own layout.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Static

from ydp_tui import strings
from ydp_tui.rules.validation import format_date_official, format_rate
from ydp_tui.screens.base import ReloadingScreen
from ydp_tui.widgets.text import fit_cells, pad_cells, rjust_cells

# Plot colours (plotext names) and the legend's Rich styles, per measure, in MEASURES order.
SERIES_COLORS = {"seekers": ("cyan", "cyan"), "referrals": ("orange", "dark_orange"), "hired": ("green", "green")}


def prewarm() -> None:
    """Import the chart library after the app's first frame (the app's prewarm worker calls
    this), so the first F9 does not wait for it."""
    import textual_plotext  # noqa: F401


def figures_text(d: Any) -> Text:
    """Three lines: the header, today, this month; '-' where a figure is not kept yet."""
    width = 12
    text = Text()
    text.append(pad_cells("", 18))
    for _, label in d.labels:
        text.append(rjust_cells(label, width), style="bold")
    text.append("\n")
    for title, values in ((f"오늘 ({d.today.month}. {d.today.day}.)", d.today_values),
                          (f"이번 달 ({d.today.month}월)", d.month_values)):
        text.append(pad_cells(title, 18))
        for key, _ in d.labels:
            v = values.get(key)
            text.append(("-" if v is None else f"{v:,}").rjust(width))
        text.append("\n")
    text.rstrip()
    return text


def y_ticks(top: int) -> list[int]:
    """Whole-number ticks from 0 past ``top`` in steps of 1, 2 or 5 x 10^k (at most 6 ticks):
    a count never reads 213.0."""
    if top <= 0:
        return [0, 1]
    scale = 1
    while True:
        for m in (1, 2, 5):
            step = scale * m
            if top / step <= 5:
                return list(range(0, top + step, step)) if top % step else list(range(0, top + 1, step))
        scale *= 10


class BudgetBars(Widget):
    """One line per unit: name, a bar of the 집행률, the rate (and the amounts when wide)."""

    DEFAULT_CSS = """
    BudgetBars { height: auto; padding: 0 1; }
    """

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.execution: Any = None

    def show(self, execution: Any) -> None:
        self.execution = execution
        self.refresh(layout=True)

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        if self.execution is None:
            return 1
        return max(len(self.execution.lines), 1) + 1

    def render(self) -> Text:
        ex = self.execution
        if ex is None:
            return Text("불러오는 중...", style="dim")
        width = max(self.size.width, 40)
        wide = width >= 100
        name_w = 34 if wide else 32
        amount_w = 22 if wide else 0
        bar_w = max(width - name_w - 7 - amount_w - 1, 8)
        text = Text(no_wrap=True, overflow="crop")
        if not ex.lines:
            text.append(f"{ex.date_from.year}년 예산 단위사업이 없습니다 (ydp-tui budget unit set)", style="dim")
            return text
        rows = [(u.name, u.rate, u.spent_k, u.budget_k, False) for u in ex.lines]
        rows.append(("계", ex.total.rate, ex.total.spent_k, ex.total.budget_k, True))
        for i, (name, rate, spent, budget, is_total) in enumerate(rows):
            if i:
                text.append("\n")
            text.append(pad_cells(fit_cells(name, name_w - 1), name_w), style="bold" if is_total else "")
            filled = 0 if rate is None else min(bar_w, round(bar_w * rate / 100))
            # braille cells (narrow in every terminal, unlike the block elements, which CJK terminals
            # may draw double width), so the bar reads without colours too (SSH, NO_COLOR)
            color = "green" if rate is None or rate <= 100 else "red"
            text.append("⣿" * filled, style=color)
            text.append("⣀" * (bar_w - filled), style="grey35")
            text.append(f"{format_rate(rate):>6}%", style="bold" if is_total else "")
            if wide:
                text.append(f"{spent:,}/{budget:,}".rjust(amount_w), style="dim")
        return text


class DashboardScreen(ReloadingScreen):
    TITLE_TEXT = "현황판"
    DEFAULT_CSS = """
    DashboardScreen #figures { height: 3; padding: 0 1; }
    DashboardScreen .dash-title { height: 1; padding: 0 1; text-style: bold; color: $accent; }
    DashboardScreen #trend-title { text-style: none; }
    DashboardScreen #trend { height: 1fr; min-height: 6; }
    """
    BINDINGS = [
        Binding("r", "reports", "보고서", id="dashboard.reports", tooltip="기간을 골라 보고서를 보고 파일로 냅니다"),
        Binding("e", "expenditures", "예산 집행", id="dashboard.expenditures",
                tooltip="집행 목록과 집행 입력 (감독자)"),
        Binding("f5", "refresh", "새로 고침", id="dashboard.refresh", tooltip="현황을 다시 셉니다"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def compose_body(self) -> ComposeResult:
        from textual_plotext import PlotextPlot

        with Vertical():
            yield Static(Text("불러오는 중...", style="dim"), id="figures")
            yield Static("예산 집행", classes="dash-title", id="budget-title")
            yield BudgetBars(id="bars")
            yield Static("월별 추이", classes="dash-title", id="trend-title")
            plot = PlotextPlot(id="trend")
            plot.plt.frame(False)
            yield plot

    def on_mount(self) -> None:
        if self.db is not None:
            self.reload()

    def action_refresh(self) -> None:
        self.reload()

    def reload(self) -> None:
        from ydp_tui.reports import dashboard

        db = self.db
        if db is None:
            return
        self.run_service(lambda: dashboard.load(db), self._loaded, group="dashboard")

    def _loaded(self, d: Any) -> None:
        self.data = d
        self.query_one("#figures", Static).update(figures_text(d))
        title = Text.assemble(("예산 집행", "bold"),
                              (f" ({d.today.year}년, {format_date_official(d.today)} 기준, 단위: 천원)", ""))
        self.query_one("#budget-title", Static).update(title)
        self.query_one("#bars", BudgetBars).show(d.budget)
        legend = Text.assemble(("월별 추이", "bold"), " (최근 12개월) ")
        for key, label in d.labels:
            if any(v is not None for v in d.trend[key]):
                legend.append(f" {label}", style=f"bold {SERIES_COLORS.get(key, ('', 'white'))[1]}")
        self.query_one("#trend-title", Static).update(legend)
        self._plot(d)

    def _plot(self, d: Any) -> None:
        from textual_plotext import PlotextPlot

        plot = self.query_one("#trend", PlotextPlot)
        plt = plot.plt
        plt.clear_figure()
        x = list(range(1, len(d.months) + 1))
        for key, _ in d.labels:
            values = d.trend[key]
            if any(v is None for v in values):
                continue
            plt.plot(x, values, marker="braille", color=SERIES_COLORS.get(key, ("white", ""))[0])
        step = 1 if plot.size.width >= 100 else 2
        labels = [f"{m.year % 100:02d}-{m.month:02d}" for m in d.months]
        plt.xticks(x[::-1][::step][::-1], labels[::-1][::step][::-1])
        top = max([v for vs in d.trend.values() for v in vs if v is not None] or [0])
        ticks = y_ticks(top)
        plt.yticks(ticks)
        plt.ylim(0, ticks[-1])
        plt.frame(False)
        plot.refresh()

    def on_resize(self) -> None:
        if getattr(self, "data", None) is not None:
            self._plot(self.data)

    def action_reports(self) -> None:
        from ydp_tui.screens.reports import ReportsScreen

        self.app.push_screen(ReportsScreen())

    def action_expenditures(self) -> None:
        from ydp_tui.screens.budget import ExpendituresScreen

        self.app.push_screen(ExpendituresScreen())
