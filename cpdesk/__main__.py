import sys

from cpdesk.cli import main

sys.exit(main())
