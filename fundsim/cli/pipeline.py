"""``fundsim pipeline``: parse, call :func:`fundsim.pipeline.simulate_pipeline`, write, print.

The lead registers it with ``app.command("pipeline")(pipeline_command)`` in fundsim/cli.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from fundsim.cli.console import handled as _handled
from fundsim.cli.console import out
from fundsim.cli.console import warn as _warn


@_handled
def pipeline_command(
    scenario: Annotated[str, typer.Argument(
        help="a pipeline scenario (shipped: application, automatic, more-reviewers, "
        "higher-threshold) or a fund scenario, as a YAML file or shipped name")] = "application",
    firms: Annotated[int | None, typer.Option(
        help="draw N firms over the scenario's regions (default: the engine's count)")] = None,
    roster: Annotated[Path | None, typer.Option(
        help="firms from a CSV/Parquet file with columns region, amount")] = None,
    seed: Annotated[int, typer.Option(help="random seed")] = 0,
    out_dir: Annotated[Path | None, typer.Option("--out", help="output folder")] = None,
    config: Annotated[Path | None, typer.Option(
        help="pipeline settings (YAML) over the defaults and the scenario's")] = None,
    force: Annotated[bool, typer.Option(help="replace an existing --out folder")] = False,
    plots: Annotated[bool, typer.Option(help="write the PNG plots")] = True,
) -> None:
    """Model the administration of returns (SimPy): days to payment, queues, staff, payments."""
    from fundsim.base.delivery import deliver, explicit_target
    from fundsim.base.seeds import check_seed
    from fundsim.cli.progress import Bar
    from fundsim.pipeline import simulate_pipeline
    from fundsim.pipeline.results import payment_assumptions, write_run_files
    from fundsim.present.charts.pipeline import write_all

    check_seed(seed)
    if out_dir is not None:
        explicit_target(out_dir, force)
    with Bar("preparing") as bar:  # then working days simulated, then writing
        ds = simulate_pipeline(scenario, firms=firms, roster=roster, seed=seed, config=config,
                               progress=bar.callback("simulating days"))
        warnings = [w for w in ds.attrs.get("warnings", "").split("\n") if w]
        _warn(warnings)
        plot = write_all if plots else None
        bar.stage("writing")
        target = deliver(f"pipeline-{ds.attrs['scenario']}", out_dir, lambda folder:
                         write_run_files(ds, folder, ds.attrs["fund_scenario"], plot))
    view = Table(title=f"{escape(str(ds.attrs['scenario']))}: {ds.attrs['firms']:,} firms, "
                 f"{ds.attrs['year']} (calendar days from application to payment)",
                 title_justify="left")
    for column in ("route", "median", "p90", "max", "mean"):
        view.add_column(column, justify="left" if column == "route" else "right")
    stats = ds["days_to_payment"]
    for route in stats["route"].values:
        row = stats.sel(route=route).values
        view.add_row(escape(str(route)), *("—" if v != v else f"{v:,.1f}" for v in row))
    out.print(view)
    stage = ds["stage_days"].sel(statistic="mean").to_series().dropna()
    out.print(f"slowest stage: {stage.idxmax()} ({stage.max():.1f} working days on average)",
              highlight=False, markup=False)
    timing = payment_assumptions(ds)
    out.print("payment_profile: " + escape(str([round(x, 3) for x in timing["payment_profile"]])),
              highlight=False)
    out.print("payment_lag: " + escape(str([round(x, 3) for x in timing["payment_lag"]])),
              highlight=False)
    out.print(f"results written to {target}/ (pipeline.nc, payment.yaml, scenario.yaml)",
              highlight=False, markup=False, soft_wrap=True)
