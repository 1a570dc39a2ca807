from tendik.cli import main

main()
