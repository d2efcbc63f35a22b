from ydp_tui.cli import main

raise SystemExit(main())
