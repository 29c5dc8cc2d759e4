"""`python -m wi3` runs the command line."""

from wi3.cli import main

main()
