from stele.cli.main import main

main()
