"""The fund model in pure numpy: the deterministic inputs of the recursion (``inputs``), the
monthly steps on the fund state in the order the notices describe (``steps``), the engine that
runs them over regions × variants × paths (``engine``), the pool's allocation (``pool``), the
skills account (``training``) and the random draws (``shocks``). No xarray, no files."""
