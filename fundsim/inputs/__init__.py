"""The inputs of a run, kept apart as in Tax-Calculator: assumptions (the economy and
behaviour), region data (the opening state of every pooling region) and the scenario that
names them, its horizon and a reform over current law."""
