"""Double-click entry point: opens the cpdesk window (``python main.py [FILE...]``)."""
import sys

from cpdesk.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or []))
