from fzdata.cli import main

raise SystemExit(main())
