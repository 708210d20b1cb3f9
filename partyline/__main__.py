from partyline.cli import main

raise SystemExit(main())
