"""Label mappings: what the user said an unrecognised label means.

A mapping is JSON-ready and kept in the workspace, so next quarter's spreadsheet is
understood at once::

    {"7. Children seen alone": {"indicator": "cpp_reviews_on_time_pct"},
     "Visits on time (%)":     {"local": {"name": "Visits on time", "polarity": "higher", "unit": "percent"}}}

A label matches a mapping as written, or failing that after the usual folding of
numbering, footnote marks and case (:func:`cpdesk.catalogue.normalise_label`), so
"7. Children seen alone*" next time is still understood. Local indicator ids come from
the label (:func:`cpdesk.catalogue.local_indicator`), the same rule the workspace uses.
"""
from __future__ import annotations

import pandas as pd

from cpdesk.catalogue import POLARITIES, UNITS, Catalogue, Indicator, local_indicator, normalise_label
from cpdesk.errors import CpdeskError
from cpdesk.observations import source_texts

#: Units a user can choose for a local indicator, with the words the dialog shows.
LOCAL_UNITS = {"percent": "Percentage (%)", "rate": "Rate per 10,000", "count": "Count (number of children or events)",
               "number": "Other number"}
POLARITY_WORDS = {"higher": "Higher is better", "lower": "Lower is better", "none": "Neither (no judgement)"}


def unrecognised_labels(obs: pd.DataFrame) -> list[dict]:
    """Labels that matched no indicator: ``{"label", "where", "count"}``, in order of first appearance.

    ``where`` is the first place the label was seen (file › sheet › cell) and ``count``
    how many values carry it.
    """
    un = obs[obs["indicator"].isna() & (obs["label"].astype(str).str.strip() != "")]
    if un.empty:
        return []
    first = un.drop_duplicates("label")
    where = dict(zip(first["label"], source_texts(first)))
    count = un.groupby("label", sort=False).size()
    return [{"label": str(lab), "where": str(where[lab]), "count": int(n)} for lab, n in count.items()]


def check_mapping(mapping: dict, catalogue: Catalogue) -> None:
    """Raise :class:`CpdeskError` with a plain sentence if a mapping is not usable."""
    if not isinstance(mapping, dict):
        raise CpdeskError("the label mappings are damaged (expected a table of labels).")
    for label, m in mapping.items():
        if not isinstance(m, dict) or not (("indicator" in m) ^ ("local" in m)):
            raise CpdeskError(f"the mapping for '{label}' must name either a catalogue indicator or a local one.")
        if "indicator" in m:
            if m["indicator"] not in catalogue:
                raise CpdeskError(f"'{label}' is mapped to '{m['indicator']}', which is not in the catalogue.")
            continue
        spec = m["local"]
        if not isinstance(spec, dict) or not str(spec.get("name", "")).strip():
            raise CpdeskError(f"the local indicator for '{label}' needs a name.")
        if spec.get("polarity", "none") not in POLARITIES:
            raise CpdeskError(f"the local indicator for '{label}': polarity must be one of {', '.join(POLARITIES)}.")
        if spec.get("unit", "number") not in UNITS:
            raise CpdeskError(f"the local indicator for '{label}': unit must be one of {', '.join(UNITS)}.")


def local_indicators(mapping: dict) -> list[Indicator]:
    """The user's own indicators a mapping defines (add them with :meth:`Catalogue.with_local`)."""
    out: dict[str, Indicator] = {}
    for label, m in mapping.items():
        spec = m.get("local") if isinstance(m, dict) else None
        if spec:
            ind = local_indicator(label, polarity=spec.get("polarity", "none"), unit=spec.get("unit", "number"),
                                  name=str(spec.get("name") or label).strip())
            out.setdefault(ind.id, ind)
    return list(out.values())


def mapped_ids(mapping: dict) -> dict[str, str]:
    """Label -> indicator id, for catalogue and local mappings alike."""
    ids = {}
    for label, m in mapping.items():
        if m.get("indicator"):
            ids[label] = m["indicator"]
        elif m.get("local"):
            ids[label] = local_indicator(label).id
    return ids


def apply_mapping(obs: pd.DataFrame, mapping: dict, catalogue: Catalogue | None = None
                  ) -> tuple[pd.DataFrame, list[Indicator]]:
    """Give unrecognised rows the indicator their label is mapped to.

    Returns the new frame (the input is not changed) and the local indicators to add to
    the catalogue. Rows that already have an indicator are left alone. With a
    ``catalogue`` the mapping is checked first.
    """
    if catalogue is not None:
        check_mapping(mapping, catalogue)
    extra = local_indicators(mapping)
    ids = mapped_ids(mapping)
    if not ids or obs.empty:
        return obs.copy(), extra
    by_norm: dict[str, str] = {}
    for label, ind_id in ids.items():
        by_norm.setdefault(normalise_label(label), ind_id)
    todo = obs["indicator"].isna()
    labels = obs.loc[todo, "label"].astype(str)
    exact = labels.map(ids)
    missing = exact.isna()
    if missing.any():
        folded = {lab: by_norm.get(normalise_label(lab)) for lab in labels[missing].unique()}
        exact[missing] = labels[missing].map(folded)
    out = obs.copy()
    hit = exact.notna()
    out.loc[hit[hit].index, "indicator"] = exact[hit]
    return out, extra


def describe(m: dict, catalogue: Catalogue) -> str:
    """One line saying what a mapping does, for lists and logs."""
    if m.get("indicator"):
        ind = catalogue.get(m["indicator"])
        return f"→ {ind.name if ind else m['indicator']}"
    spec = m.get("local") or {}
    return (f"→ local indicator '{spec.get('name', '')}' ({POLARITY_WORDS.get(spec.get('polarity', 'none'), '').lower()}, "
            f"{LOCAL_UNITS.get(spec.get('unit', 'number'), spec.get('unit', '')).lower()})")


__all__ = ["LOCAL_UNITS", "POLARITY_WORDS", "unrecognised_labels", "check_mapping", "local_indicators", "mapped_ids",
           "apply_mapping", "describe"]
