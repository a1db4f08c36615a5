"""`python -m factcheck`: the same as the `factcheck` command."""

import sys

from .cli.main import main

sys.exit(main())
