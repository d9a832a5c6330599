from dienhinh.cli import main

main()
