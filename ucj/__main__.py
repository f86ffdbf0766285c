import sys

from ucj.cli import main

sys.exit(main())
