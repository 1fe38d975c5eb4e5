import sys

from advisor_app.cli import main

sys.exit(main())
