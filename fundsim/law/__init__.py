"""Current law: the tree of dated policy parameters (``parameters/``, one YAML file per
parameter, OpenFisca style), the :class:`~fundsim.law.parameter.Parameter` that holds one, and
the values in force on any date with the notice and clause behind each (``in_force``: the
values in force over a horizon, from when, until when, from which source; ``record``: the
parameters as a run record keeps them, with their sources, and back)."""
