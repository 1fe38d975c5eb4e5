"""Start AIPI Advisor: `python main.py [PLAN.json|PLAN.pdf]`."""

import sys

from advisor_app.app import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
