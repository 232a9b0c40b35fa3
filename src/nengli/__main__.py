from nengli.cli import main

main()
