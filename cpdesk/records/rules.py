"""The counting rules for indicators computed from records, with their settings.

The defaults live in ``resources/records/rules.json``; :meth:`Rules.describe` states each
rule in a sentence, for the app, the command line and docs/records.md.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from functools import lru_cache

from cpdesk.errors import CpdeskError
from cpdesk.resources import resource

REPEAT_FROM = ("end", "start")


@dataclass(frozen=True)
class Rules:
    #: "within 2 years" is measured from the previous plan's ``end`` (default) or ``start``
    repeat_within_from: str = "end"
    repeat_within_years: int = 2
    #: a plan has lasted 2 years or more when it has lasted more than this many days,
    #: counting both its first day and the day of cessation (or the snapshot day)
    long_plan_days_more_than: int = 729
    icpc_working_days: int = 15
    first_review_months: int = 3
    review_interval_months: int = 6
    review_min_plan_months: int = 3

    def __post_init__(self):
        if self.repeat_within_from not in REPEAT_FROM:
            raise CpdeskError(f"The repeat-plan rule must count from the previous plan's end or start, "
                              f"not '{self.repeat_within_from}'.")

    @classmethod
    def defaults(cls) -> "Rules":
        return _default_rules()

    def with_changes(self, **changes) -> "Rules":
        return replace(self, **changes)

    def as_dict(self) -> dict:
        return asdict(self)

    def describe(self) -> dict[str, str]:
        """One plain sentence per rule, keyed by the indicator it governs."""
        y = self.repeat_within_years
        frm = "ended" if self.repeat_within_from == "end" else "started"
        return {
            "cpp_repeat_ever_pct": "A plan starting in the period counts as a second or subsequent plan when the "
                                   "same child has an earlier plan in the records, or its 'number of previous plans' "
                                   "is more than 0. Denominator: all plans starting in the period.",
            "cpp_repeat_2yrs_pct": f"A plan starting in the period counts when the child's previous plan in the records "
                                   f"{frm} on or after the same date {y} years before this start "
                                   f"(setting: measure from the previous plan's end or start). Denominator: all plans "
                                   f"starting in the period.",
            "months_between_plans_avg": "For plans starting in the period that have a previous plan in the records: "
                                        "the mean of (this start - previous start) in days / 30.4375.",
            "cpp_ceased_2yrs_pct": f"A plan ending in the period counts when it lasted more than "
                                   f"{self.long_plan_days_more_than} days, counting its start day and the day of "
                                   f"cessation (end - start + 1 > {self.long_plan_days_more_than}).",
            "cpp_open_2yrs_pct": f"A plan open at the end of the period (started on or before it, no end or an end after "
                                 f"it) counts when it has lasted more than {self.long_plan_days_more_than} days, counting "
                                 f"its start day and the snapshot day.",
            "icpc_15wd_pct": f"An initial conference held in the period counts when it is at most "
                             f"{self.icpc_working_days} working days after the strategy discussion: the day of the "
                             f"discussion is not counted, the day of the conference is; weekends and England and Wales "
                             f"bank holidays are not working days.",
            "cpp_reviews_on_time_pct": f"Plans open at the end of the period that had lasted at least "
                                       f"{self.review_min_plan_months} months: a plan counts when its first review "
                                       f"was held within {self.first_review_months} months of the start and each later "
                                       f"one within {self.review_interval_months} months of the one before, and no review "
                                       f"was overdue at the end of the period.",
            "cpp_open_count": "Children subject to a plan at the end of the period: plans started on or before that day "
                              "with no end date or an end date after it.",
        }


@lru_cache(maxsize=1)
def _default_rules() -> Rules:
    data = json.loads(resource("records", "rules.json").read_text(encoding="utf-8"))
    names = {f.name for f in fields(Rules)}
    return Rules(**{k: v for k, v in data.items() if k in names})
