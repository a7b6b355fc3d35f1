"""python -m evalrules: the command line, as the evalrules command."""

import sys

from .cli import main

sys.exit(main())
