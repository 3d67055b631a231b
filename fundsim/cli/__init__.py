"""The command line: thin commands that parse, call the library and print (``app`` and one
module per command group). Imported by nothing."""
