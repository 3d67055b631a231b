"""Tracking error: an earlier projection against the months that have since happened.

:func:`track` compares a results Dataset (a run's ``results.nc``, the "January projection")
with monthly actuals (:class:`fundsim.inputs.actuals.Actuals`), per region, actual month and
reported field: the projected figure (the central path; the mean over paths of a Monte Carlo
run), the actual one, the gap (actual − projected) and the same from the start of each calendar
year (year to date). Every gap is then taken apart, each decomposition adding up to it exactly:

- **the balance gap** at a month end = the gap carried from the previous year end (0 in the
  projection's first year: both start from the same opening balance) + each reported flow's
  year-to-date gap with its sign in the identity (income +, spending −) + what the reported
  flows do not explain (flows not reported, or not every month of the year so far);
- **contributions** = insured × contribution wage × effective rate (r = C / (I·W)), taken
  in turn: the insured effect (I_A − I_P)·W_P·r_P, the wage effect I_A·(W_A − W_P)·r_P, the
  rate and collection effect I_A·W_A·(r_A − r_P);
- **benefits** = recipients × benefit per recipient: volume (R_A − R_P)·b_P, amount
  R_A·(b_A − b_P);
- **new claims** = insured × claim rate: insured effect (I_A − I_P)·c_P, take-up I_A·(c_A − c_P).

A driver the actuals do not report (or the projection does not hold) leaves its part, and the
parts after it, ``not_attributed``. For a Monte Carlo projection the actual balance is placed
in the projection's distribution: the quantile band it falls in (the run's kept quantiles, or
its paths'), and with full paths the share of paths below it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

from fundsim.base.errors import InputError, Problem
from fundsim.inputs.actuals import (
    FIELDS,
    IDENTITY_IN,
    IDENTITY_OUT,
    Actuals,
    load_actuals,
    locate_actuals,
)
from fundsim.inputs.regions import Regions
from fundsim.run import metrics
from fundsim.run.columns import parse_unit

#: The entry after the regions holding their total (money and persons summed; the wage
#: weighted by the insured).
TOTAL_CODE = "all-regions"
TOTAL_NAME = "各地区合计"
#: The results variable of an actuals field where its name differs.
VARIABLE = {"wage": "contribution_wage"}
#: The flows of a region's identity, in the actuals' order, with their sign.
FLOWS = IDENTITY_IN + IDENTITY_OUT
#: Fields summed over a year to date: the flows, the return's parts and the new claims (the
#: others are stocks or levels: balance, recipients, insured, wage).
CUMULATIVE = FLOWS + ("returns_general", "returns_difficult", "new_claims")
#: The parts of each driver decomposition, in the order they are taken.
DRIVERS: dict[str, tuple[str, ...]] = {
    "contributions": ("insured", "wage", "rate", "not_attributed"),
    "benefits": ("volume", "amount", "not_attributed"),
    "new_claims": ("insured", "take_up", "not_attributed"),
}
#: The quantile levels that bound a Monte Carlo projection's bands.
LEVELS = metrics.FAN_QUANTILES


def variable(key: str) -> str:
    """The results variable holding actuals field ``key``."""
    return VARIABLE.get(key, key)


def track(results: xr.Dataset | str | Path, actuals: Actuals | str | Path,
          source: str | None = None) -> xr.Dataset:
    """The tracking Dataset of a projection (``results``: a run's Dataset or its results.nc)
    against ``actuals`` (:class:`Actuals`, or a file read for the results' regions and months
    by :func:`fundsim.inputs.actuals.load_actuals`); ``source`` names the results in errors.
    InputError (every problem at once) when the results are a re-forecast, do not cover the
    actual months, hold other regions, or share no field with the actuals.

    Dimensions ``region`` (the regions, then :data:`TOTAL_CODE`), ``month`` (the actual
    months), ``field`` (the fields both report), the parts of each decomposition, and
    ``horizon`` (every month of the projection, for its balance line and band)."""
    if not isinstance(results, xr.Dataset):
        from fundsim.run.files import read_netcdf

        source = source or str(results)
        results = read_netcdf(Path(results), "results")
    source = source or "results"
    if not isinstance(actuals, Actuals):
        actuals = read_actuals(results, actuals)
    codes, order, months, fields = _checked(results, actuals, source)
    at = np.searchsorted(results["month"].values.astype("datetime64[M]"), months)
    projected = {k: _projected(results, variable(k), at) for k in fields}
    actual = {k: actuals.get(k)[:, order].T.astype(float) for k in fields}
    years = months.astype("datetime64[Y]")
    starts_run = months[0] == results["month"].values[0].astype("datetime64[M]")
    drivers = _drivers(results, actuals, order, at, projected, actual)
    # the total over regions, appended as the last entry
    projected = {k: np.vstack([projected[k], _total(k, projected)]) for k in fields}
    actual = {k: np.vstack([actual[k], _total(k, actual)]) for k in fields}
    drivers = {flow: np.concatenate([parts, parts.sum(axis=0, keepdims=True)], axis=0)
               for flow, parts in drivers.items()}  # NaN in a region: NaN in the total

    def stack(values: dict[str, np.ndarray]) -> np.ndarray:
        return np.stack([values[k] for k in fields], axis=-1)  # (R+1, K, F)

    p, a = stack(projected), stack(actual)
    cumulative = np.array([k in CUMULATIVE for k in fields])
    ytd_p = np.where(cumulative, year_to_date(p, years), np.nan)
    ytd_a = np.where(cumulative, year_to_date(a, years), np.nan)
    region = np.array([*codes, TOTAL_CODE])
    names = np.array([*results["region_name"].values.astype(str), TOTAL_NAME])
    ds = xr.Dataset(coords={
        "region": ("region", region), "region_name": ("region", names),
        "month": ("month", months.astype("datetime64[ns]")), "field": ("field", fields),
        "field_unit": ("field", [FIELDS[k].unit for k in fields]),
        "field_sign": ("field", np.array([FIELDS[k].sign for k in fields], dtype=np.int64))})
    dims = ("region", "month", "field")
    for name, values, what in (
            ("projected", p, "the projection (central path, or mean over paths)"),
            ("actual", a, "the actuals; NaN where not reported"),
            ("gap", a - p, "actual − projected"),
            ("ytd_projected", ytd_p, "projected, summed from January (or the first month)"),
            ("ytd_actual", ytd_a, "actual, summed from January; NaN after a month not "
                                  "reported"),
            ("ytd_gap", ytd_a - ytd_p, "year-to-date actual − projected")):
        ds[name] = (dims, values, {"long_name": what, "units": "as field_unit"})
    balance = _balance_parts(ds, fields, years, starts_run)
    if balance is not None:
        ds["balance_parts"] = balance
    for flow, parts in drivers.items():
        dim = f"{flow}_part"
        ds = ds.assign_coords({dim: (dim, list(DRIVERS[flow]))})
        unit = "persons" if flow == "new_claims" else "yuan"
        ds[f"{flow}_drivers"] = (("region", "month", dim), parts, {
            "long_name": f"the month's {flow} gap by driver (parts sum to the gap)",
            "units": unit})
        ds[f"{flow}_drivers_ytd"] = (("region", "month", dim), year_to_date(parts, years), {
            "long_name": f"the year-to-date {flow} gap by driver", "units": unit})
    _add_distribution(ds, results, at)
    ds.attrs.update({
        "title": f"fundsim track: {results.attrs.get('scenario', '')}",
        "scenario": str(results.attrs.get("scenario", "")),
        "results_source": source, "actuals_source": actuals.source,
        "actuals_notes": "\n".join(actuals.notes),
        "first_actual_month": str(months[0]), "last_actual_month": str(months[-1]),
        "paths": int(results.attrs.get("paths", 1)),
        "paths_kept": str(results.attrs.get("paths_kept", "all")),
        "fundsim_version": _version(), "money_units": "yuan", "total_region": TOTAL_CODE,
        "projection": ("mean over paths" if metrics.stochastic(results) else "central path"),
    })
    return ds


def results_regions(results: xr.Dataset) -> Regions:
    """The regions of a results Dataset (codes and names), as the actuals reader needs them."""
    codes = results["region"].values.astype(str)
    return Regions(codes, results["region_name"].values.astype(str), {},
                   np.full(len(codes), np.nan))


def read_actuals(results: xr.Dataset, path: str | Path) -> Actuals:
    """An actuals file (or a shipped example's name) read for the regions and months of
    ``results``, its first balance checked against the results' opening balance."""
    opening = results["opening_balance"].values if "opening_balance" in results else None
    return load_actuals(locate_actuals(path), results_regions(results),
                        results["month"].values[0], results.sizes["month"], opening)


def _version() -> str:
    from fundsim.base.version import __version__

    return __version__


def _checked(results: xr.Dataset, actuals: Actuals, source: str
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """The regions (results' order), the actuals' column of each, the actual months and the
    fields tracked; every problem at once."""
    problems = []
    if "actual" in results.variables:
        problems.append(Problem(source, "", "actual", (
            "is a re-forecast (its first months are actuals): track a projection made "
            "without actuals, such as the January run's results.nc")))
    for name in ("balance", "region", "month", "region_name"):
        if name not in results.variables:
            problems.append(Problem(source, "", name, "not in the file: not a fundsim "
                                    "results file"))
    if problems:
        raise InputError(problems)
    codes = results["region"].values.astype(str)
    given = np.asarray(actuals.region).astype(str)
    missing = [c for c in codes if c not in set(given)]
    extra = [c for c in given if c not in set(codes)]
    if missing or extra:
        detail = "; ".join(part for part in (
            f"regions in the projection but not the actuals: {', '.join(missing[:10])}"
            if missing else "",
            f"regions in the actuals but not the projection: {', '.join(extra[:10])}"
            if extra else "") if part)
        problems.append(Problem(actuals.source, "", "region",
                                f"the actuals and {source} hold different regions ({detail})"))
    months = np.asarray(actuals.months).astype("datetime64[M]")
    run = results["month"].values.astype("datetime64[M]")
    outside = [m for m in months if m not in set(run)]
    if len(months) == 0:
        problems.append(Problem(actuals.source, "", "month", "no actual month"))
    elif outside:
        problems.append(Problem(actuals.source, "", "month", (
            f"{source} projects {run[0]} to {run[-1]}; the actual months "
            f"{outside[0]}–{outside[-1]} are outside it")))
    fields = [k for k in FIELDS if variable(k) in results.data_vars
              and np.isfinite(actuals.get(k)).any()]
    if not fields and not problems:
        problems.append(Problem(actuals.source, "", "", (
            f"reports no figure {source} also holds (balance, contributions, benefits, …)")))
    if problems:
        raise InputError(problems)
    position = {c: i for i, c in enumerate(given)}
    return codes, np.array([position[c] for c in codes]), months, fields


def _projected(results: xr.Dataset, name: str, at: np.ndarray) -> np.ndarray:
    """(R, K): ``name`` at the months ``at``; its mean over paths (a summarised run keeps the
    mean under the name itself)."""
    da = results[name].isel(month=at)
    return metrics.mean_over_paths(da).transpose("region", "month").values.astype(float)


def year_to_date(values: np.ndarray, years: np.ndarray) -> np.ndarray:
    """``values`` (axis 1 months) summed from the first month of each calendar year; a NaN
    stays NaN for the rest of its year."""
    out = np.empty_like(values, dtype=float)
    for year in np.unique(years):
        inside = years == year
        out[:, inside] = np.cumsum(values[:, inside], axis=1)
    return out


def _total(key: str, values: dict[str, np.ndarray]) -> np.ndarray:
    """(1, K): the regions' total of ``key`` (of ``values``, by field): a sum (NaN when any
    region is), the wage weighted by the insured (NaN without them)."""
    if key != "wage":
        return values[key].sum(axis=0, keepdims=True)
    if "insured" not in values:
        return np.full((1, values[key].shape[1]), np.nan)
    weights = values["insured"]
    with np.errstate(invalid="ignore", divide="ignore"):
        return ((values[key] * weights).sum(axis=0, keepdims=True)
                / weights.sum(axis=0, keepdims=True))


def _balance_parts(ds: xr.Dataset, fields: list[str], years: np.ndarray, starts_run: bool
                   ) -> xr.DataArray | None:
    """The month-end balance gap by part: carried from the previous year end, each reported
    flow's year-to-date gap with its sign, not explained (the rest). A flow whose year to
    date is not fully reported is NaN and the rest takes it."""
    if "balance" not in fields:
        return None
    gap = ds["gap"].sel(field="balance").values  # (R+1, K)
    carried = np.full_like(gap, np.nan)
    months = ds.sizes["month"]
    for k in range(months):
        first = int(np.flatnonzero(years == years[k])[0])
        if first == 0:
            carried[:, k] = 0.0 if starts_run else np.nan
        else:
            carried[:, k] = gap[:, first - 1]
    flows = [k for k in FLOWS if k in fields]
    parts = [carried] + [FIELDS[k].sign * ds["ytd_gap"].sel(field=k).values for k in flows]
    explained = np.nansum(np.stack(parts), axis=0)
    rest = gap - explained
    values = np.stack(parts + [rest], axis=-1)
    values[np.isnan(gap)] = np.nan
    names = ["carried", *flows, "not_explained"]
    return xr.DataArray(values, dims=("region", "month", "balance_part"),
                        coords={"balance_part": names}, attrs={
                            "long_name": "the month-end balance gap by part: carried from the "
                                         "previous year end, each flow's year-to-date gap "
                                         "(income +, spending −), not explained; NaN parts "
                                         "not reported (the rest takes them)",
                            "units": "yuan"})


def _drivers(results: xr.Dataset, actuals: Actuals, order: np.ndarray, at: np.ndarray,
             projected: dict[str, np.ndarray], actual: dict[str, np.ndarray]
             ) -> dict[str, np.ndarray]:
    """Each driver decomposition, (R, K, parts), where the flow is reported."""

    def proj(key: str) -> np.ndarray | None:
        if key in projected:
            return projected[key]
        return _projected(results, variable(key), at) if variable(key) in results else None

    def act(key: str) -> np.ndarray:
        return actual[key] if key in actual else actuals.get(key)[:, order].T.astype(float)

    out = {}
    insured_p, insured_a = proj("insured"), act("insured")
    if "contributions" in projected:
        out["contributions"] = contribution_drivers(
            projected["contributions"], actual["contributions"], insured_p, insured_a,
            proj("wage"), act("wage"))
    if "benefits" in projected:
        out["benefits"] = benefit_drivers(projected["benefits"], actual["benefits"],
                                          proj("recipients"), act("recipients"))
    if "new_claims" in projected:
        out["new_claims"] = claim_drivers(projected["new_claims"], actual["new_claims"],
                                          insured_p, insured_a)
    return out


def _ratio(top: np.ndarray, bottom: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(bottom != 0, top / np.where(bottom != 0, bottom, 1.0), 0.0)


def _parts(gap: np.ndarray, known: list[np.ndarray]) -> np.ndarray:
    """(…, parts + 1): the ``known`` parts (NaN where not known: 0 here, and the last part, not
    attributed, takes them). Where every part is known the last known one is taken as what
    the others leave of the gap, so that they add up to it to the last bit of rounding."""
    parts = np.stack(known, axis=-1)
    complete = ~np.isnan(parts).any(axis=-1)
    head = np.nan_to_num(parts[..., :-1])
    last = np.where(complete, gap - head.sum(axis=-1), np.nan_to_num(parts[..., -1]))
    rest = np.where(complete, 0.0, gap - head.sum(axis=-1) - last)
    out = np.concatenate([head, last[..., None], rest[..., None]], axis=-1)
    out[np.isnan(gap)] = np.nan
    return out


def contribution_drivers(c_p: np.ndarray, c_a: np.ndarray, i_p: np.ndarray | None,
                         i_a: np.ndarray, w_p: np.ndarray | None, w_a: np.ndarray
                         ) -> np.ndarray:
    """(…, 4): the contributions gap c_a − c_p as insured, wage, rate (and collection) effects
    and not attributed (:data:`DRIVERS`); arrays NaN where not reported, ``i_p``/``w_p``
    None where the projection has no insured or wage."""
    gap = c_a - c_p
    nan = np.full(gap.shape, np.nan)
    if i_p is None or w_p is None:
        return _parts(gap, [nan, nan, nan])
    rate_p = _ratio(c_p, i_p * w_p)
    insured = (i_a - i_p) * w_p * rate_p
    # the wage effect with the actual insured where known, else (insured not reported) the
    # projected: the insured effect is then not attributed
    wage = np.where(np.isnan(i_a), i_p, i_a) * (w_a - w_p) * rate_p
    rate = c_a - np.where(np.isnan(i_a), i_p, i_a) * w_a * rate_p
    rate = np.where(np.isnan(i_a) | np.isnan(w_a), np.nan, rate)
    return _parts(gap, [insured, wage, rate])


def _per_unit(x_p: np.ndarray, x_a: np.ndarray, n_p: np.ndarray | None,
              n_a: np.ndarray) -> np.ndarray:
    """(…, 3): the gap in an amount x = n × (x per n) as the count's effect
    (n_A − n_P)·(x/n)_P, the per-unit effect x_A − n_A·(x/n)_P, and not attributed (all of it
    without the projection's count)."""
    gap = x_a - x_p
    if n_p is None:
        nan = np.full(gap.shape, np.nan)
        return _parts(gap, [nan, nan])
    per_p = _ratio(x_p, n_p)
    return _parts(gap, [(n_a - n_p) * per_p, x_a - n_a * per_p])


def benefit_drivers(b_p: np.ndarray, b_a: np.ndarray, r_p: np.ndarray | None,
                    r_a: np.ndarray) -> np.ndarray:
    """(…, 3): the benefits gap as volume (recipients) and amount (benefit per recipient)
    effects and not attributed."""
    return _per_unit(b_p, b_a, r_p, r_a)


def claim_drivers(n_p: np.ndarray, n_a: np.ndarray, i_p: np.ndarray | None,
                  i_a: np.ndarray) -> np.ndarray:
    """(…, 3): the new-claims gap as insured and take-up (claims per insured) effects and not
    attributed."""
    return _per_unit(n_p, n_a, i_p, i_a)


def band(actual: np.ndarray, quantiles: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The quantile levels bounding ``actual`` among ``quantiles`` (Q first, at
    :data:`LEVELS`): (0, 0.05) below the 5% quantile … (0.95, 1) above the 95%; NaN where
    ``actual`` is."""
    edges = np.r_[0.0, LEVELS, 1.0]
    index = (actual[None] > quantiles).sum(axis=0)
    low, high = edges[index], edges[index + 1]
    missing = np.isnan(actual) | np.isnan(quantiles).any(axis=0)
    return np.where(missing, np.nan, low), np.where(missing, np.nan, high)


def _add_distribution(ds: xr.Dataset, results: xr.Dataset, at: np.ndarray) -> None:
    """The projected balance over the horizon (and its band), and for a Monte Carlo run where
    each actual balance falls in the projection's distribution."""
    balance = metrics.mean_over_paths(results["balance"]).transpose("region", "month").values
    horizon = results["month"].values
    total = np.vstack([balance, balance.sum(axis=0, keepdims=True)])
    ds.coords["horizon"] = ("horizon", horizon)
    ds["projected_balance"] = (("region", "horizon"), total, {
        "long_name": "projected balance at month end over the projection (mean over paths)",
        "units": "yuan"})
    if not metrics.stochastic(results):
        return
    ds.coords["quantile"] = ("quantile", np.array(LEVELS))
    if metrics.summarised(results):
        q = results["balance_quantile"].sel(quantile=list(LEVELS)).transpose(
            "quantile", "region", "month").values
        total_q = np.full((len(LEVELS), 1, len(horizon)), np.nan)  # the paths are not kept
        share = None
    else:
        paths = results["balance"].transpose("region", "month", "path").values
        summed = paths.sum(axis=0, keepdims=True)
        q = np.quantile(paths, LEVELS, axis=-1)
        total_q = np.quantile(summed, LEVELS, axis=-1)
        actual = ds["actual"].sel(field="balance").values if "balance" in ds["field"] else None
        share = None
        if actual is not None:
            everything = np.concatenate([paths, summed])[:, at]
            with np.errstate(invalid="ignore"):
                share = np.where(np.isnan(actual), np.nan,
                                 (everything < actual[..., None]).mean(axis=-1))
    allq = np.concatenate([q, total_q], axis=1)  # (Q, R+1, horizon)
    ds["projected_balance_quantile"] = (("quantile", "region", "horizon"), allq, {
        "long_name": "quantiles over paths of the projected balance (the regions' total only "
                     "when every path is kept)", "units": "yuan"})
    if "balance" not in ds["field"]:
        return
    actual = ds["actual"].sel(field="balance").values
    low, high = band(actual, allq[:, :, at])
    ds["balance_band_low"] = (("region", "month"), low, {
        "long_name": "the projection's quantile level just below the actual balance (0: under "
                     "the lowest kept quantile)", "units": "1"})
    ds["balance_band_high"] = (("region", "month"), high, {
        "long_name": "the projection's quantile level just above the actual balance (1: over "
                     "the highest kept quantile)", "units": "1"})
    if share is not None:
        ds["balance_percentile"] = (("region", "month"), share, {
            "long_name": "share of the projection's paths whose balance is below the actual",
            "units": "1"})


# ------------------------------------------------------------------------------ the tables

#: The unit column of the tables, by a field's unit (money: the file's unit instead).
UNIT_TEXT = {"persons": "人", "yuan/person": "元/人·月"}
TRACK_COLUMNS = ("region", "region_name", "month", "field", "unit", "projected", "actual",
                 "gap", "ytd_projected", "ytd_actual", "ytd_gap")
DRIVER_COLUMNS = ("region", "region_name", "month", "gap_of", "part", "unit", "value",
                  "ytd_value")


def _month_text(ds: xr.Dataset) -> np.ndarray:
    return ds["month"].values.astype("datetime64[M]").astype(str)


def track_table(ds: xr.Dataset, unit: object = None) -> pd.DataFrame:
    """track.csv: one row per region (the total last), actual month and field; money in
    ``unit`` (default 万元; :func:`fundsim.run.columns.parse_unit`), persons as persons, the
    wage in yuan per person and month; empty where not reported."""
    money = parse_unit(unit)
    fields = [str(f) for f in ds["field"].values]
    scale = np.array([1.0 / money.yuan if u == "yuan" else 1.0
                      for u in ds["field_unit"].values.astype(str)])
    units = [money.zh if u == "yuan" else UNIT_TEXT[u] for u in ds["field_unit"].values.astype(str)]
    R, K, F = ds.sizes["region"], ds.sizes["month"], len(fields)
    frame = pd.DataFrame({
        "region": np.repeat(ds["region"].values.astype(str), K * F),
        "region_name": np.repeat(ds["region_name"].values.astype(str), K * F),
        "month": np.tile(np.repeat(_month_text(ds), F), R),
        "field": np.tile(fields, R * K),
        "unit": np.tile(units, R * K)})
    for name in TRACK_COLUMNS[5:]:
        frame[name] = (ds[name].transpose("region", "month", "field").values * scale).ravel()
    return frame


def drivers_table(ds: xr.Dataset, unit: object = None) -> pd.DataFrame:
    """drivers.csv: each gap taken apart, one row per region (the total last), actual month,
    gap (``balance``, ``contributions``, ``benefits``, ``new_claims``) and part: ``value`` the
    part of the month's gap (of the balance: of its gap at the month end), ``ytd_value`` of
    the year-to-date gap (of the balance: the same). Money in ``unit``, claims in persons."""
    money = parse_unit(unit)
    pieces = []
    decompositions = ([("balance", "balance_parts", None)] if "balance_parts" in ds else []) + [
        (flow, f"{flow}_drivers", f"{flow}_drivers_ytd") for flow in DRIVERS
        if f"{flow}_drivers" in ds]
    R, K = ds.sizes["region"], ds.sizes["month"]
    for flow, name, ytd in decompositions:
        da = ds[name]
        dim = da.dims[-1]
        parts = [str(p) for p in da[dim].values]
        P = len(parts)
        scale = 1.0 if flow == "new_claims" else 1.0 / money.yuan
        value = da.transpose("region", "month", dim).values.ravel() * scale
        ytd_value = (value if ytd is None else
                     ds[ytd].transpose("region", "month", dim).values.ravel() * scale)
        pieces.append(pd.DataFrame({
            "region": np.repeat(ds["region"].values.astype(str), K * P),
            "region_name": np.repeat(ds["region_name"].values.astype(str), K * P),
            "month": np.tile(np.repeat(_month_text(ds), P), R),
            "gap_of": flow, "part": np.tile(parts, R * K),
            "unit": "人" if flow == "new_claims" else money.zh,
            "value": value, "ytd_value": ytd_value}))
    if not pieces:
        return pd.DataFrame(columns=list(DRIVER_COLUMNS))
    return pd.concat(pieces, ignore_index=True)


def write_track_files(ds: xr.Dataset, folder: Path, unit: object = None) -> None:
    """track.nc, track.csv and drivers.csv (money in ``unit``) into ``folder``."""
    from fundsim.run.files import save_netcdf, write_csv

    save_netcdf(ds, Path(folder) / "track.nc")
    write_csv(track_table(ds, unit), Path(folder) / "track.csv")
    write_csv(drivers_table(ds, unit), Path(folder) / "drivers.csv")
