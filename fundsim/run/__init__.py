"""Runs and what is derived from them: the results Dataset of the contract (``dataset``),
every derived figure defined once (``metrics``), the accounting identities (``accounts``),
tables and data files, the run record read back with its sources (``record``), ``simulate``,
sweeps, comparisons, the frontier and Dask scale-out.
No plotting."""
