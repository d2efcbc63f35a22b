"""All tables.  Importing this package registers every table on ``SQLModel.metadata``.

A new area adds its module here (one line) so migrations and sync see its tables.
"""

from ydp_tui.db.models.base import Synced, synced_tables
from ydp_tui.db.models.core import (
    AuditEntry, AuditHead, LocalState, NumberSeq, Operator, PolicyValue, SiteInfo, SyncOp,
)
from ydp_tui.db.models.seekers import CounselNote, Seeker
from ydp_tui.db.models.subsidy import SubsidyApplication, SubsidyBatch, SubsidyReview, SubsidyYear
from ydp_tui.db.models.budget import BudgetExpenditure, BudgetUnit
from ydp_tui.db.models.admin import Erasure, SignInState
from ydp_tui.db.models.programs import *  # noqa: F401,F403 - programs, enterprises, spaces, targets
from ydp_tui.db.models.public_work import PwApplication, PwAssignment, PwAttendance, PwPayroll, PwPayrollLine, PwPeriod, PwSelectionLog, PwWorksite  # noqa: E501
from ydp_tui.db.models.jobs import Course, Employer, EmployerVisit, Enrolment, EventVacancy, JobEvent, Referral, ReferralStep, Vacancy  # noqa: E501
from ydp_tui.db.models.sync import PersonReview, SyncBundle, SyncConflict, SyncPeer, SyncResolution

__all__ = [
    "AuditEntry", "AuditHead", "CounselNote", "LocalState", "NumberSeq", "Operator", "PolicyValue", "Seeker",
    "SiteInfo", "Synced", "SyncOp", "synced_tables",
]
