import sys

from sandbox.cli.main import main

sys.exit(main())
