"""``python -m scenes``: an alias of the ``nnviz`` command (:mod:`nnviz_delivery.cli`).

The one module of this package that points up a layer: an entry point, never imported.
"""

import sys

from nnviz_delivery.cli import main

sys.exit(main())
