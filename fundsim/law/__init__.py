"""The law in layers, by who made it: national law (``parameters/national/``, one YAML file per
parameter, OpenFisca style) and each province's own rules as a sparse layer over it
(``parameters/provinces/<province>/``; ``layers``), the :class:`~fundsim.law.parameter.Parameter`
that holds one, and the values in force on any date with the layer, notice and clause behind
each (``in_force``: the values in force over a horizon, from when, until when, from which
source; ``record``: the parameters as a run record keeps them, with their sources and layers,
and back)."""
