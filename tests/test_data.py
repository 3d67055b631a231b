"""Region data: CSV and Excel give the same regions."""

from __future__ import annotations

import numpy as np
import pandas as pd

from fundsim.inputs.regions import load_regions
from fundsim.inputs.scenario import load_scenario


def test_an_excel_sheet_reads_like_the_csv(tmp_path):
    csv_path = load_scenario("default").data_path
    xlsx = tmp_path / "regions.xlsx"
    pd.read_csv(csv_path, dtype=str, keep_default_na=False).to_excel(xlsx, index=False)
    a, b = load_regions(csv_path), load_regions(xlsx)
    assert list(a.name) == list(b.name) and "二连浩特市" in list(b.name)
    for column in a.values:
        np.testing.assert_array_equal(a[column], b[column], err_msg=column)


SHARES = ("remittance_rate", "sme_share", "large_share", "eligible_share_sme",
          "eligible_share_large", "zero_layoff_share", "layoff_rate", "small30_share",
          "sme_firm_share", "difficult_share")


def test_the_default_provinces_regions_differ_as_real_regions_do():
    regions = load_regions(load_scenario("default").data_path)
    rows = {tuple(regions[c][i] for c in SHARES) for i in range(len(regions))}
    assert len(rows) == len(regions)  # no two regions share every share column
    assert set(regions["wage_class"]) == {1.0, 2.0}


def test_no_default_region_sits_at_zero_for_a_whole_year_and_annual_shows_every_line():
    import fundsim
    from fundsim.run.metrics import SPENDING
    from fundsim.run.tables import annual_table

    ds = fundsim.simulate("default")
    by_year = ds["balance"].groupby(ds["month"].dt.year).max()
    assert float(by_year.min()) > 0
    annual = annual_table(ds)
    assert all(f"{line}_wan" in annual for line in SPENDING)
    province = annual[annual["code"] == "province-fund"]
    # the 2020 accounts pay every line the default assumptions price (training and other
    # spending are 0 there)
    for line in set(SPENDING) - {"training_subsidies", "other_spending"}:
        assert float(province[f"{line}_wan"].iloc[0]) > 0, line
