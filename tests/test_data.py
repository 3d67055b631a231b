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
