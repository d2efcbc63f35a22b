"""Subcommands.  Each module has ``register(subparsers)`` and sets ``func(ctx) -> int``.

A new area adds its module to ``COMMAND_MODULES`` (one line).  Commands call the same services
as the screens and open the database through ``CommandContext.open_db`` (``commands.base``).
"""

from ydp_tui.commands import demo_cmd, io_cmd, policy_cmd, seekers_cmd
from ydp_tui.commands import subsidy_cmd
from ydp_tui.commands import budget_cmd, report_cmd
from ydp_tui.commands import admin_cmd, audit_cmd, operators_cmd, retention_cmd
from ydp_tui.commands import programs_cmd
from ydp_tui.commands import public_work_cmd
from ydp_tui.commands import match_cmd
from ydp_tui.commands.base import CommandContext, add_format, fail, precheck_target

COMMAND_MODULES = [demo_cmd, io_cmd, seekers_cmd, policy_cmd]
COMMAND_MODULES.append(subsidy_cmd)
COMMAND_MODULES.append(report_cmd)
COMMAND_MODULES.append(budget_cmd)
COMMAND_MODULES.append(admin_cmd)
COMMAND_MODULES.append(audit_cmd)
COMMAND_MODULES.append(retention_cmd)
COMMAND_MODULES.append(operators_cmd)
COMMAND_MODULES.append(programs_cmd)
COMMAND_MODULES.append(public_work_cmd)
COMMAND_MODULES.append(match_cmd)
from ydp_tui.commands import bundle_cmd  # noqa: E402
COMMAND_MODULES.append(bundle_cmd)

__all__ = ["COMMAND_MODULES", "CommandContext", "add_format", "fail", "precheck_target"]
