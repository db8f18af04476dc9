"""`python -m bot.cli`: the same as the `rampcoach` console script."""

from bot.cli import main

main()
