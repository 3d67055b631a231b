"""Reading an Excel roster: fundsim's streaming reader (calamine, row by row into Arrow chunks)
against the baseline ``pandas.read_excel`` with openpyxl, on the same workbook, in one run.

    python benchmarks/bench_roster_excel.py [--rows 50000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
from pathlib import Path

import pandas as pd

from fundsim.roster.io import _read_excel

sys.path.insert(0, str(Path(__file__).parent))
from bench_engine import best_of  # noqa: E402

HEADER = ("企业社会统一信用代码,失业保险参保地,企业所属行业,涉及职工人数,裁员人数,"
          "上年实缴金额,上年应缴金额")
ROW = "91350100M000100Y43,990100,C13,50,1,100000,100000"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "roster.xlsx"
        frame = pd.read_csv(io.StringIO(f"{HEADER}\n{ROW}\n"), dtype=str)
        pd.concat([frame] * args.rows, ignore_index=True).to_excel(path, index=False)
        baseline = best_of(args.repeat, lambda: pd.read_excel(path, header=None, dtype=str,
                                                           na_filter=False, engine="openpyxl"))
        streamed = best_of(args.repeat, lambda: _read_excel(path))
    print(f"Excel roster of {args.rows:,} rows, best of {args.repeat}:")
    print(f"  baseline: pandas.read_excel (openpyxl)  {baseline:7.2f} s  "
          f"{args.rows / baseline:10,.0f} rows/s")
    print(f"  fundsim streaming reader (calamine)   {streamed:7.2f} s  "
          f"{args.rows / streamed:10,.0f} rows/s  ({baseline / streamed:.1f}× the baseline)")


if __name__ == "__main__":
    main()
