"""Indicators computed from child-level records (Ofsted Annex A Lists 5 and 7, flat extracts).

The pieces, in the order a caller uses them::

    from cpdesk import records
    rs = records.load_records(["annex_a.xlsx"])          # read, recognise, check
    rs.issues                                              # data-quality report (row references)
    result = records.compute(rs, by="quarter", population=52_300)
    result.observations                                    # canonical observations frame
    records.explain(result, "cpp_repeat_ever_pct", "Q4 2020-21")   # the rows behind a figure

The app can call :func:`recognise` on a sheet it has read, show the mapping for the user to
correct, and pass its own mappings to :func:`build_recordset`.
"""
from cpdesk.records.compute import (
    BY,
    COMPUTED,
    RecordsResult,
    compute,
    explain,
    explain_summary,
    make_periods,
)
from cpdesk.records.dates import parse_dates
from cpdesk.records.loading import RecordSet, SourceList, build_recordset, load_records, read_grids
from cpdesk.records.mapping import (
    ListMapping,
    field_specs,
    list_specs,
    load_mapping_file,
    recall,
    recognise,
    remember,
    save_mapping_file,
)
from cpdesk.records.quality import CHECK_NAMES, quality_report
from cpdesk.records.rules import Rules
from cpdesk.records.workdays import bank_holidays, working_days_after

__all__ = [
    "BY", "COMPUTED", "RecordsResult", "compute", "explain", "explain_summary", "make_periods", "parse_dates",
    "RecordSet", "SourceList", "build_recordset", "load_records", "read_grids", "ListMapping", "field_specs",
    "list_specs", "load_mapping_file", "recall", "recognise", "remember", "save_mapping_file", "CHECK_NAMES",
    "quality_report", "Rules", "bank_holidays", "working_days_after",
]
