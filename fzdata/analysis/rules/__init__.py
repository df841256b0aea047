"""Shortcoming rules, one module each; importing this package registers them.

The order of the imports below is the order the rules run in (and so the order of rows of
equal severity in the shortcomings table).
"""

# isort: off
from fzdata.analysis.rules import target_missed  # noqa: F401
from fzdata.analysis.rules import decline  # noqa: F401
from fzdata.analysis.rules import coverage_gap  # noqa: F401
from fzdata.analysis.rules import below_norm  # noqa: F401
from fzdata.analysis.rules import unresolved_cases  # noqa: F401
from fzdata.analysis.rules import below_requirement  # noqa: F401
from fzdata.analysis.rules import imbalance  # noqa: F401
from fzdata.analysis.rules import ledger_mismatch  # noqa: F401
from fzdata.analysis.rules import village_decline  # noqa: F401
from fzdata.analysis.rules import head_absent  # noqa: F401
from fzdata.analysis.rules import lawsuit_lost  # noqa: F401
from fzdata.analysis.rules import reconsideration_corrected  # noqa: F401
from fzdata.analysis.rules import doc_filed_late  # noqa: F401
from fzdata.analysis.rules import doc_not_filed  # noqa: F401
from fzdata.analysis.rules import doc_not_reviewed  # noqa: F401
from fzdata.analysis.rules import decision_missing_step  # noqa: F401
from fzdata.analysis.rules import enforcement_not_reviewed  # noqa: F401
from fzdata.analysis.rules import certificate_invalid  # noqa: F401

# isort: on
from fzdata.analysis.rules.base import RULES, Rule, RuleContext, register

__all__ = ["RULES", "Rule", "RuleContext", "register"]
