"""Current law: the tree of dated policy parameters (``parameters/``, one YAML file per
parameter, OpenFisca style), the :class:`~fundsim.law.parameter.Parameter` that holds one, and
the values in force on any date with the notice and clause behind each."""
