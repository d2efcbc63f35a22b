"""Child process for bench/tui.py: run an app headless and print READY at its first frame."""

import os
import sys

kind = sys.argv[1]
if kind == "bare":
    from textual.app import App
    from textual.widgets import Footer, Header, Static

    class Bare(App):
        def compose(self):
            yield Header()
            yield Static("hello")
            yield Footer()

        def on_ready(self) -> None:
            print("READY", flush=True)
            os._exit(0)

    Bare().run(headless=True)
else:
    import ydp_tui.cli  # noqa: F401  (the real entry point's imports)
    from ydp_tui.app import YdpApp
    from ydp_tui.config import Config

    class Timed(YdpApp):
        def on_ready(self) -> None:
            print("READY", flush=True)
            os._exit(0)

    Timed(Config(db=sys.argv[2], operator="bench")).run(headless=True)
