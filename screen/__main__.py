from screen.cli.main import main

main()
